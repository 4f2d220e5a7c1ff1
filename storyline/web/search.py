"""Full-text search for the web app: user input to a safe query, hits to marked snippets.

The index itself (``article_search``, SQLite FTS5) belongs to the store
(``storyline.store.search``); ``sync`` brings it up to date and runs before each
search and after each upload.

User input never reaches FTS5's query syntax: the words are taken out of it and
each is quoted, so ``"``, ``*``, ``NEAR`` or ``:`` are plain text, not operators.
"""

from __future__ import annotations

import re
import sqlite3

from ..store.search import matches, quoted
from ..store.search import sync as sync

#: Results shown for one search.
MAX_RESULTS = 50
#: Words taken from a query; the rest are ignored.
MAX_QUERY_WORDS = 12
#: Tokens of context in a result's snippet.
SNIPPET_TOKENS = 16

_WORD = re.compile(r"\w+", re.UNICODE)
_OPEN, _CLOSE = "\x02", "\x03"


def fts_query(text: str) -> str | None:
    """The words of ``text`` as an FTS5 query (all must match; the last may be a prefix)."""
    words = _WORD.findall(text)[:MAX_QUERY_WORDS]
    if not words:
        return None
    terms = quoted(words)
    terms[-1] += "*"
    return " ".join(terms)


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
    rows = matches(db, query, limit=limit, marks=(_OPEN, _CLOSE), snippet_tokens=SNIPPET_TOKENS)
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
