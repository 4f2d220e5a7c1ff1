"""The parts of the store-backed build that ``storyline.builder`` runs, step by step.

- ``engine``: where the per-article and per-story work runs (``Engine``, ``LocalEngine``:
  this process or a pool of worker processes);
- ``placement``: step 4, placing new articles in stories oldest first with only the
  stories near the current date in memory;
- ``story``: step 5 for one story, its members read back with their features.

Like the builder, these call the stages (``storyline.dedup``, ``storyline.stories``, ...)
and the store's methods; they hold no SQL.
"""
