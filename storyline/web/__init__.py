"""The web app: browse stories, an interactive timeline, positions, figures and coverage.

``storyline serve`` runs it (extra ``web``). The pieces:

- ``views``: pure functions turning stored story dicts and articles into what the
  pages show (time axis layout, position matrix, coverage matrix, highlights);
- ``search``: SQLite FTS5 search over article titles and texts;
- ``uploads``: upload jobs (files or pasted text) that ingest and rebuild in the
  background, with per-file results;
- ``security``: the access token, host check, CSRF check and response headers;
- ``app``: the FastAPI application wiring these to the store and the templates.

Importing this package imports nothing heavy; ``storyline.web.app`` needs FastAPI.
"""
