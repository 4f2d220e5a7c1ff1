"""Full-text search over article titles and texts with SQLite FTS5.

The ``article_search`` table (a store migration) mirrors ``articles`` by rowid.
Articles are only ever added (a new version is a new row), so ``sync`` copies the
rows past the highest indexed rowid; it runs before each search and after each
upload, and costs one query when nothing is new.

User input never reaches FTS5's query syntax: the words are taken out of it and
each is quoted, so ``"``, ``*``, ``NEAR`` or ``:`` are plain text, not operators.
"""

from __future__ import annotations

import logging
import re
import sqlite3

log = logging.getLogger(__name__)

#: Results shown for one search.
MAX_RESULTS = 50
#: Words taken from a query; the rest are ignored.
MAX_QUERY_WORDS = 12
#: Tokens of context in a result's snippet.
SNIPPET_TOKENS = 16

_WORD = re.compile(r"\w+", re.UNICODE)
_OPEN, _CLOSE = "\x02", "\x03"


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


def fts_query(text: str) -> str | None:
    """The words of ``text`` as an FTS5 query (all must match; the last may be a prefix)."""
    words = _WORD.findall(text)[:MAX_QUERY_WORDS]
    if not words:
        return None
    quoted = ['"' + w.replace('"', "") + '"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def _segments(marked: str) -> list[dict]:
    """``a \x02b\x03 c`` to ``[{"text": "a ", "mark": False}, {"text": "b", "mark": True}, ...]``."""
    out = []
    for i, part in enumerate(re.split(f"[{_OPEN}{_CLOSE}]", marked)):
        if part:
            out.append({"text": part, "mark": i % 2 == 1})
    return out


def search(db: sqlite3.Connection, text: str, *, limit: int = MAX_RESULTS) -> list[dict]:
    """Current (not superseded) articles matching ``text``, best first, with highlighted snippets."""
    query = fts_query(text)
    if query is None:
        return []
    sync(db)
    # Rank first, then make snippets for the rows shown only (snippets cost more than ranking).
    rows = db.execute(
        "WITH best AS ("
        "  SELECT s.rowid AS rowid, s.rank AS rank FROM article_search s"
        "  JOIN articles a ON a.rowid = s.rowid"
        "  WHERE article_search MATCH ?1 AND a.superseded_by IS NULL ORDER BY s.rank LIMIT ?2"
        ") "
        "SELECT s.article_id, a.outlet, a.published, "
        "(SELECT story_id FROM story_articles sa WHERE sa.article_id = a.id LIMIT 1) AS story_id, "
        f"highlight(article_search, 1, '{_OPEN}', '{_CLOSE}') AS title, "
        f"snippet(article_search, 2, '{_OPEN}', '{_CLOSE}', ' … ', {SNIPPET_TOKENS}) AS snippet "
        "FROM best JOIN article_search s ON s.rowid = best.rowid "
        "JOIN articles a ON a.rowid = s.rowid "
        "WHERE article_search MATCH ?1 ORDER BY best.rank",
        (query, limit),
    )
    return [
        {
            "article_id": r["article_id"],
            "outlet": r["outlet"],
            "published": r["published"],
            "story_id": r["story_id"],
            "title": _segments(r["title"]) if r["title"] else [],
            "snippet": _segments(r["snippet"]),
        }
        for r in rows
    ]
