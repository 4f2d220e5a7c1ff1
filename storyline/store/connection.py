"""The connection every table module of the store works through.

WAL journal, foreign keys on, the schema migrated on open (``store.migrations``),
and one write transaction per batch: a crash mid-ingest leaves every earlier batch
whole and the interrupted one absent.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Self

from ..errors import StoreError
from .migrations import migrate

#: Ids per ``IN (...)`` list: well under SQLite's limit on bound parameters.
IN_CHUNK = 500


def now() -> str:
    """The current UTC time as stored (``2026-01-31T12:00:00Z``)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Connection:
    """An open store file. Use as a context manager, or call ``close``."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        try:
            self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA foreign_keys = ON")
            if self.path != ":memory:":
                self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")
            migrate(self.db, self.path)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a storyline store ({exc})") from exc

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (rolled back on any error)."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def rows_in(self, sql: str, ids: Sequence[str]) -> Iterator[sqlite3.Row]:
        """The rows of ``sql`` (with ``{marks}`` for the ``IN`` list) for ``ids``, in chunks."""
        for start in range(0, len(ids), IN_CHUNK):
            chunk = ids[start : start + IN_CHUNK]
            yield from self.db.execute(sql.format(marks=",".join("?" * len(chunk))), chunk)
