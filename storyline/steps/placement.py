"""Step 4 of the build: placing new articles in stories, oldest first, with bounded memory.

Only the stories near the current date are in memory (``stories.Placer``); the others
wait in the store's ``story_state`` table and are read back as the date moves on. An
undated article is compared with every story, in chunks. After placing, small stories
founded in this build may be folded into large ones, and copies follow their original.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Sequence
from typing import Any

from ..store import StateRecord, Store
from ..stories import (
    ADOPT_MIN_HOST,
    ADOPT_SIZE,
    ADOPT_THRESHOLD,
    ORDER_SLACK_DAYS,
    WINDOW_DAYS,
    Placer,
    StoryState,
    TermModel,
    adopt_into,
    article_text,
    get_vectors,
    published_day,
)

#: Stories are read from the store this many days ahead of the current date.
LOAD_STEP_DAYS = 60


class Rows:
    """Article rows under the current vectors: the term model, or MiniLM batches."""

    def __init__(self, vectors: str, model: TermModel | None) -> None:
        self.vectors, self.model = vectors, model
        self.dim = len(model.vocabulary) if model else 384
        self._encoder = None if model else get_vectors(vectors)

    def rows(self, store: Store, items: Sequence[tuple[str, dict]]) -> list[tuple[Any, Any]]:
        if self.model is not None:
            return [self.model.transform(terms) for _, terms in items]
        import numpy as np

        articles = store.load_articles([i for i, _ in items])
        matrix = self._encoder.fit_transform([article_text(a) for a in articles])  # type: ignore[union-attr]
        self.dim = matrix.shape[1]
        every = np.arange(self.dim, dtype=np.int32)
        return [(every, matrix[k]) for k in range(len(items))]


class Placement:
    """One build's placing of the unplaced originals under ``vectors``: ``run`` places
    them; then ``touched`` holds the stories they joined, ``placed`` how many there were,
    ``founded`` the stories they started."""

    def __init__(self, store: Store, vectors: str, rows: Rows, batch: int) -> None:
        self.store, self.vectors, self.rows, self.batch = store, vectors, rows, batch
        self.placer = Placer(rows.dim, vectors)
        self.touched: set[str] = set()
        self.placed = 0
        self._assignments: dict[str, dict] = {}
        self._pending: list[tuple[str, dict, int | None]] = []
        self._horizon: float = -math.inf
        self._loaded_once = False

    @property
    def founded(self) -> set[str]:
        return self.placer.founded

    def run(self) -> None:
        undated_started = False
        for todo in self.store.unplaced(self.vectors, self.batch):
            for aid, published, data in todo:
                day = published_day(published)
                if day is None and not undated_started:
                    self._place_pending()
                    save_states(self.store, self.placer.release(), self.vectors)
                    undated_started = True
                self._pending.append((aid, json.loads(data)["terms"], day))
            self._place_pending()
        save_states(self.store, self.placer.release(), self.vectors)
        self._flush_assignments()

    def _load(self, day: int | None) -> None:
        """Bring the stories near ``day`` into memory (and, once, those of undated articles)."""
        if day is None:
            return
        if not self._loaded_once:
            for r in self.store.undated_story_states(self.vectors):
                self.placer.load(state(r))
            self._loaded_once = True
        if day + WINDOW_DAYS + ORDER_SLACK_DAYS <= self._horizon:
            return
        upto = day + WINDOW_DAYS + ORDER_SLACK_DAYS + LOAD_STEP_DAYS
        low = -math.inf if self._horizon == -math.inf else self._horizon
        for r in self.store.story_states_between(
            self.vectors,
            low if low != -math.inf else -(10**9),
            upto,
            day - WINDOW_DAYS - ORDER_SLACK_DAYS,
        ):
            if r.story_id not in self.placer:
                self.placer.load(state(r))
        self._horizon = upto

    def _flush_assignments(self) -> None:
        self.store.set_analysis_many("story", dict(self._assignments))
        self._assignments.clear()

    def _place_pending(self) -> None:
        store, placer, vectors, pending = self.store, self.placer, self.vectors, self._pending
        for (aid, _, day), row in zip(
            pending, self.rows.rows(store, [(a, t) for a, t, _ in pending]), strict=True
        ):
            if day is None:
                story = _place_undated(store, placer, vectors, aid, row)
            else:
                self._load(day)
                save_states(store, placer.release(day - WINDOW_DAYS - ORDER_SLACK_DAYS), vectors)
                story = placer.place(aid, row, day)
            self.touched.add(story)
            self._assignments[aid] = {"story": story, "vectors": vectors}
            self.placed += 1
        pending.clear()
        if len(self._assignments) >= 4 * self.batch:
            self._flush_assignments()


def _place_undated(store: Store, placer: Placer, vectors: str, aid: str, row: Any) -> str:
    """An undated article is compared with every story (in chunks read from the store)."""
    best: tuple[float, str] | None = None
    for chunk in _state_chunks(store, vectors):
        probe = Placer(placer.dim, vectors)
        for s in chunk:
            probe.load(s)
        found = probe.best(row, None)
        if found and (best is None or found[1] > best[0]):
            best = (found[1], found[0])
    if best is None:
        story = placer.place(aid, row, None)
        save_states(store, placer.release(), vectors)
        return story
    found_state = [s for chunk in _state_chunks(store, vectors, best[1]) for s in chunk][0]
    placer.load(found_state)
    placer.add(found_state.id, row, None)
    save_states(store, placer.release(), vectors)
    return found_state.id


def adopt(store: Store, vectors: str, founded: set[str]) -> dict[str, str]:
    """Fold small stories founded in this build into large ones (``stories.adopt_into``)."""
    if not founded:
        return {}
    hosts = [state(r) for r in store.story_states_of_size(vectors, ADOPT_MIN_HOST)]
    if not hosts:
        return {}
    moved: dict[str, str] = {}
    for chunk in _state_chunks(store, vectors):
        small = [s for s in chunk if s.id in founded and s.size < ADOPT_SIZE]
        moved.update(adopt_into(hosts, small, WINDOW_DAYS, ADOPT_THRESHOLD[vectors]))
    if moved:
        updates: dict[str, object] = {}
        for article_id, placed in store.placements().items():
            if placed.get("story") in moved:
                updates[article_id] = {**placed, "story": moved[placed["story"]]}
        store.set_analysis_many("story", updates)
        store.delete_story_states(vectors, moved)
    return moved


def recompute_states(store: Store, vectors: str, rows: Rows) -> set[str]:
    """Centroids of the placed stories under a newly fitted model, one story at a time."""
    store.clear_story_states(vectors)
    stories: set[str] = set()
    placer: Placer | None = None
    current = ""
    for aid, published, data, story in store.placed_originals(vectors):
        if story != current:
            if placer is not None:
                save_states(store, placer.release(), vectors)
            placer = Placer(rows.dim, vectors)
            placer.new(story)
            current = story
            stories.add(current)
        assert placer is not None
        row = rows.rows(store, [(aid, json.loads(data)["terms"])])[0]
        placer.add(current, row, published_day(published))
    if placer is not None:
        save_states(store, placer.release(), vectors)
    return stories


def follow_originals(store: Store, vectors: str, changed: set[str]) -> set[str]:
    """Copies join their original's story; returns the stories that gained or lost one."""
    story_of: dict[str, Any] = {a: v.get("story") for a, v in store.placements().items()}
    copies = {a: v for a, v in store.analysis("duplicate_of").items() if isinstance(v, str)}
    touched: set[str] = set()
    updates: dict[str, object] = {}
    for copy, original in copies.items():
        target = story_of.get(original)
        if target and story_of.get(copy) != target:
            if story_of.get(copy):
                touched.add(story_of[copy])
            touched.add(target)
            updates[copy] = {"story": target, "vectors": vectors}
    for article in changed:
        if story_of.get(article):
            touched.add(story_of[article])
    store.set_analysis_many("story", updates)
    return touched


# -- story state: the stage's StoryState and the store's rows -----------------------------


def record(s: StoryState) -> StateRecord:
    return StateRecord(
        s.id,
        s.first,
        s.last,
        s.size,
        s.norm2,
        s.indices.astype("<i4").tobytes(),
        s.weights.astype("<f4").tobytes(),
    )


def state(r: StateRecord) -> StoryState:
    import numpy as np

    return StoryState(
        r.story_id,
        np.frombuffer(r.indices, "<i4").copy(),
        np.frombuffer(r.weights, "<f4").copy(),
        r.norm2,
        r.first,
        r.last,
        r.size,
        False,
    )


def save_states(store: Store, states: Sequence[StoryState], vectors: str) -> None:
    store.save_story_states(vectors, [record(s) for s in states])


def _state_chunks(
    store: Store, vectors: str, story: str | None = None, size: int = 2000
) -> Iterator[list[StoryState]]:
    for chunk in store.story_states(vectors, story, size):
        yield [state(r) for r in chunk]
