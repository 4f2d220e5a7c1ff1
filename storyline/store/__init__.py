"""The SQLite store: articles with provenance, their versions, analysis results, errors.

The one place that knows the tables: every SQL statement of storyline is in this
package, behind the methods of ``Store``. Each module owns its tables (the
statements that write them; docs/architecture.md has the list):

- ``migrations``: the schema and its forward migrations (``PRAGMA user_version``);
- ``connection``: opening a store (WAL, foreign keys), transactions;
- ``articles``: ``articles``, ``ingest_runs``, ``errors``;
- ``features``: ``features``, ``lsh``, ``copy_pairs`` (the build's per-article work);
- ``stories``: ``analysis``, ``stories``, ``story_articles``, ``story_state``, ``meta``;
- ``search``: the full-text index ``article_search``.

One transaction per batch: a crash mid-ingest leaves every earlier batch whole and the
interrupted one absent, so a re-run completes the job without duplicates.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import StoreError
from .articles import ArticleTables, ArticleWindow, mention_to_json, source_key
from .features import CopyPair, FeatureRow, FeatureTables
from .migrations import MIGRATIONS, SCHEMA_VERSION
from .search import SearchIndex
from .stories import StateRecord, StoryRow, StoryTables


class Store(ArticleTables, FeatureTables, StoryTables, SearchIndex):
    """A storyline database. Use as a context manager, or call ``close``."""


def open_existing(path: str | Path) -> Store:
    """Open a store that must already exist (for build, export and listings)."""
    if str(path) != ":memory:" and not Path(path).is_file():
        raise StoreError(
            f"{path}: no such store; create one with: storyline ingest ARTICLES --db {path}"
        )
    return Store(path)


__all__ = [
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "ArticleWindow",
    "CopyPair",
    "FeatureRow",
    "StateRecord",
    "Store",
    "StoryRow",
    "mention_to_json",
    "open_existing",
    "source_key",
]
