"""The full-text index (``article_search``, SQLite FTS5) over article titles and texts.

The index mirrors ``articles`` by rowid. Articles are only ever added (a new version
is a new row), so ``sync`` copies the rows past the highest indexed rowid; it costs
one query when nothing is new. Queries arrive here as FTS5 query text made of quoted
words (``storyline.web.search`` and the builder's date inference build them), never
as user input.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable

from .connection import Connection

log = logging.getLogger(__name__)


def quoted(words: Iterable[str]) -> list[str]:
    """Each word as an FTS5 string (a ``"`` inside is dropped): never an operator."""
    return ['"' + w.replace('"', "") + '"' for w in words]


def sync(db: sqlite3.Connection) -> int:
    """Index articles added since the last sync; returns how many were added."""
    cur = db.execute(
        "INSERT INTO article_search (rowid, article_id, title, text) "
        "SELECT a.rowid, a.id, COALESCE(a.title, ''), a.text FROM articles a "
        "WHERE a.rowid > (SELECT COALESCE(MAX(rowid), 0) FROM article_search) ORDER BY a.rowid"
    )
    if cur.rowcount:
        log.info("indexed %d article(s) for search", cur.rowcount)
    return cur.rowcount


def matches(
    db: sqlite3.Connection, query: str, *, limit: int, marks: tuple[str, str], snippet_tokens: int
) -> list[sqlite3.Row]:
    """Current (not superseded) articles matching the FTS5 ``query``, best first: article_id,
    outlet, published, story_id, and the title and a snippet with the hits between ``marks``."""
    sync(db)
    start, end = marks
    # Rank first, then make snippets for the rows shown only (snippets cost more than ranking).
    return db.execute(
        "WITH best AS ("
        "  SELECT s.rowid AS rowid, s.rank AS rank FROM article_search s"
        "  JOIN articles a ON a.rowid = s.rowid"
        "  WHERE article_search MATCH ?1 AND a.superseded_by IS NULL ORDER BY s.rank LIMIT ?2"
        ") "
        "SELECT s.article_id, a.outlet, a.published, "
        "(SELECT story_id FROM story_articles sa WHERE sa.article_id = a.id LIMIT 1) AS story_id, "
        "highlight(article_search, 1, ?3, ?4) AS title, "
        "snippet(article_search, 2, ?3, ?4, ' … ', ?5) AS snippet "
        "FROM best JOIN article_search s ON s.rowid = best.rowid "
        "JOIN articles a ON a.rowid = s.rowid "
        "WHERE article_search MATCH ?1 ORDER BY best.rank",
        (query, limit, start, end, snippet_tokens),
    ).fetchall()


class SearchIndex(Connection):
    """``article_search``."""

    def sync_search(self) -> int:
        """Index the articles added since the last sync (``sync``)."""
        return sync(self.db)

    def dated_like(self, words: Iterable[str], limit: int) -> list[str]:
        """Active articles with a stated (not inferred) date matching any of ``words``,
        best match (FTS5 rank) first, at most ``limit`` (as indexed at the last ``sync_search``)."""
        query = " OR ".join(quoted(words))
        if not query:
            return []
        rows = self.db.execute(
            "SELECT a.id FROM article_search s JOIN articles a ON a.rowid = s.rowid "
            "WHERE article_search MATCH ? AND a.superseded_by IS NULL AND a.published IS NOT NULL "
            "AND a.published_source != 'inferred' ORDER BY s.rank LIMIT ?",
            (query, limit),
        )
        return [r[0] for r in rows]
