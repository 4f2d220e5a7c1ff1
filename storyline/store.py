"""The SQLite store: articles with provenance, their versions, analysis results, errors.

WAL journal, foreign keys on, ``PRAGMA user_version`` as the schema version
with forward migrations, and one transaction per batch: a crash mid-ingest
leaves every earlier batch whole and the interrupted one absent, so a re-run
completes the job without duplicates.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from .errors import StoreError
from .model import Article, IngestError, Sentence, TimeMention

#: Each entry migrates the schema from version i to i + 1.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        source_key TEXT NOT NULL,
        version INTEGER NOT NULL,
        superseded_by TEXT REFERENCES articles(id),
        path TEXT, url TEXT, source_id TEXT, line INTEGER, fmt TEXT NOT NULL,
        title TEXT, outlet TEXT, outlet_source TEXT,
        published TEXT, published_precision TEXT, published_source TEXT,
        published_confidence REAL NOT NULL DEFAULT 0,
        warnings TEXT NOT NULL DEFAULT '[]',
        raw TEXT NOT NULL, text TEXT NOT NULL,
        sentences TEXT NOT NULL DEFAULT '[]',
        ingested_at TEXT NOT NULL,
        UNIQUE (source_key, version)
    );
    CREATE INDEX articles_active ON articles(superseded_by);
    CREATE TABLE analysis (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (article_id, key)
    );
    CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        data TEXT NOT NULL,
        built_at TEXT NOT NULL
    );
    CREATE TABLE story_articles (
        story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        PRIMARY KEY (story_id, article_id)
    );
    CREATE TABLE ingest_runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        started_at TEXT NOT NULL,
        added INTEGER NOT NULL DEFAULT 0,
        unchanged INTEGER NOT NULL DEFAULT 0,
        failed INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE errors (
        run_id INTEGER NOT NULL REFERENCES ingest_runs(id) ON DELETE CASCADE,
        path TEXT NOT NULL, line INTEGER, error TEXT NOT NULL
    );
    """,
    # Full-text search over titles and texts (storyline.web.search keeps it in step;
    # rowid = articles.rowid, and an article's title and text never change).
    """
    CREATE VIRTUAL TABLE article_search USING fts5(
        article_id UNINDEXED, title, text, tokenize = 'porter unicode61'
    );
    """,
    # Incremental, bounded-memory builds (storyline.builder): per-article features, the LSH
    # band table copies are found by joining, checked copy pairs, story centroids, the
    # fitted vector model.
    """
    CREATE TABLE features (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        data TEXT NOT NULL,
        signature BLOB NOT NULL,
        checked INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX features_unchecked ON features(checked);
    CREATE TABLE lsh (
        band INTEGER NOT NULL,
        article_id TEXT NOT NULL,
        PRIMARY KEY (band, article_id)
    ) WITHOUT ROWID;
    CREATE TABLE copy_pairs (
        a TEXT NOT NULL, b TEXT NOT NULL, kind TEXT NOT NULL, score REAL NOT NULL,
        PRIMARY KEY (a, b)
    );
    CREATE INDEX copy_pairs_b ON copy_pairs(b);
    CREATE TABLE story_state (
        story_id TEXT NOT NULL, vectors TEXT NOT NULL,
        first INTEGER, last INTEGER, size INTEGER NOT NULL, norm2 REAL NOT NULL,
        indices BLOB NOT NULL, weights BLOB NOT NULL,
        PRIMARY KEY (vectors, story_id)
    );
    CREATE INDEX story_state_first ON story_state(vectors, first);
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
    # An incremental build looks up the band keys of its few new articles.
    """
    CREATE INDEX lsh_article ON lsh(article_id);
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)

_ARTICLE_COLUMNS = (
    "id, source_key, version, superseded_by, path, url, source_id, line, fmt, title, outlet, "
    "outlet_source, published, published_precision, published_source, published_confidence, "
    "warnings, raw, text, sentences, ingested_at"
)


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def source_key(article: Article, line: int | None = None) -> str:
    """What identifies 'the same input' across versions: the URL, else path (+ record id/line)."""
    base = article.url or article.path or "<stdin>"
    if article.source_id:
        return f"{base}#{article.source_id}"
    if line is not None and article.fmt in {"json", "jsonl", "csv"}:
        return f"{base}#L{line}"
    return base


class Store:
    """A storyline database. Use as a context manager, or call ``close``."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        try:
            self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA foreign_keys = ON")
            if self.path != ":memory:":
                self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a storyline store ({exc})") from exc

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: store schema {version} is newer than this storyline ({SCHEMA_VERSION})"
            )
        for number in range(version, SCHEMA_VERSION):
            self.db.execute("BEGIN IMMEDIATE")
            try:
                for statement in MIGRATIONS[number].split(";"):
                    if statement.strip():
                        self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {number + 1}")
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise

    # -- writing -----------------------------------------------------------

    def begin_run(self) -> int:
        cur = self.db.execute("INSERT INTO ingest_runs (started_at) VALUES (?)", (_now(),))
        return int(cur.lastrowid or 0)

    def add_batch(
        self,
        run_id: int,
        articles: Sequence[tuple[Article, int | None]],
        errors: Sequence[IngestError],
    ) -> tuple[int, int]:
        """Store one batch in one transaction; returns (added, unchanged)."""
        added = unchanged = 0
        self.db.execute("BEGIN IMMEDIATE")
        try:
            for article, line in articles:
                if self.db.execute("SELECT 1 FROM articles WHERE id = ?", (article.id,)).fetchone():
                    unchanged += 1
                    continue
                key = source_key(article, line)
                previous = self.db.execute(
                    "SELECT id, version FROM articles WHERE source_key = ? AND superseded_by IS NULL",
                    (key,),
                ).fetchone()
                version = previous["version"] + 1 if previous else 1
                self._insert(article, key, version, line)
                if previous:
                    self.db.execute(
                        "UPDATE articles SET superseded_by = ? WHERE id = ?",
                        (article.id, previous["id"]),
                    )
                added += 1
            self.db.executemany(
                "INSERT INTO errors (run_id, path, line, error) VALUES (?, ?, ?, ?)",
                [(run_id, e.path, e.line, e.error) for e in errors],
            )
            self.db.execute(
                "UPDATE ingest_runs SET added = added + ?, unchanged = unchanged + ?, failed = failed + ? WHERE id = ?",
                (added, unchanged, len(errors), run_id),
            )
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        return added, unchanged

    def _insert(self, a: Article, key: str, version: int, line: int | None) -> None:
        self.db.execute(
            f"INSERT INTO articles ({_ARTICLE_COLUMNS}) VALUES ({', '.join('?' * 21)})",
            (
                a.id,
                key,
                version,
                None,
                a.path,
                a.url,
                a.source_id,
                line,
                a.fmt,
                a.title,
                a.outlet,
                a.outlet_source,
                a.published,
                a.published_precision,
                a.published_source,
                a.published_confidence,
                json.dumps(list(a.warnings)),
                a.raw,
                a.text,
                json.dumps([[s.start, s.end, s.paragraph] for s in a.sentences]),
                _now(),
            ),
        )

    def update_article(self, article: Article) -> None:
        """Write back fields a later stage may change (dates inferred, warnings)."""
        self.db.execute(
            "UPDATE articles SET published = ?, published_precision = ?, published_source = ?, "
            "published_confidence = ?, warnings = ? WHERE id = ?",
            (
                article.published,
                article.published_precision,
                article.published_source,
                article.published_confidence,
                json.dumps(list(article.warnings)),
                article.id,
            ),
        )

    def set_analysis(self, article_id: str, key: str, value: object) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO analysis (article_id, key, value) VALUES (?, ?, ?)",
            (article_id, key, json.dumps(value)),
        )

    def set_analysis_many(self, key: str, values: dict[str, object]) -> None:
        """Write one analysis ``key`` for many articles in one transaction."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            self.db.executemany(
                "INSERT OR REPLACE INTO analysis (article_id, key, value) VALUES (?, ?, ?)",
                [(a, key, json.dumps(v)) for a, v in values.items()],
            )
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def replace_stories(self, stories: Iterable[tuple[str, str, dict, Sequence[str]]]) -> None:
        """Replace every stored story in one transaction."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            self.db.execute("DELETE FROM stories")
            for story_id, title, data, article_ids in stories:
                self.db.execute(
                    "INSERT INTO stories (id, title, data, built_at) VALUES (?, ?, ?, ?)",
                    (story_id, title, json.dumps(data, ensure_ascii=False), _now()),
                )
                self.db.executemany(
                    "INSERT INTO story_articles (story_id, article_id) VALUES (?, ?)",
                    [(story_id, a) for a in article_ids],
                )
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

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

    def put_stories(
        self, stories: Iterable[tuple[str, str, dict, Sequence[str]]], delete: Iterable[str] = ()
    ) -> None:
        """Replace the given stories (and drop those in ``delete``) in one transaction."""
        with self.transaction() as db:
            for story_id in delete:
                db.execute("DELETE FROM stories WHERE id = ?", (story_id,))
            for story_id, title, data, article_ids in stories:
                db.execute("DELETE FROM stories WHERE id = ?", (story_id,))
                db.execute(
                    "INSERT INTO stories (id, title, data, built_at) VALUES (?, ?, ?, ?)",
                    (story_id, title, json.dumps(data, ensure_ascii=False), _now()),
                )
                db.executemany(
                    "INSERT INTO story_articles (story_id, article_id) VALUES (?, ?)",
                    [(story_id, a) for a in article_ids],
                )

    def meta(self, key: str) -> object:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def set_meta(self, key: str, value: object) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, json.dumps(value))
        )

    # -- reading -----------------------------------------------------------

    def _article(self, row: sqlite3.Row) -> Article:
        text = row["text"]
        sentences = tuple(
            Sentence(i, text[s:e], s, e, p)
            for i, (s, e, p) in enumerate(json.loads(row["sentences"]))
        )
        return Article(
            id=row["id"],
            raw=row["raw"] if "raw" in row.keys() else "",  # noqa: SIM118 (Row: `in` reads values)
            text=text,
            sentences=sentences,
            title=row["title"],
            source_id=row["source_id"],
            path=row["path"],
            url=row["url"],
            fmt=row["fmt"],
            outlet=row["outlet"],
            outlet_source=row["outlet_source"],
            published=row["published"],
            published_precision=row["published_precision"],
            published_source=row["published_source"],
            published_confidence=row["published_confidence"],
            warnings=tuple(json.loads(row["warnings"])),
        )

    def articles(
        self, *, include_superseded: bool = False, with_raw: bool = True
    ) -> Iterator[Article]:
        """Stored articles in ingest order (the latest version of each input only, by default).

        ``with_raw=False`` leaves ``Article.raw`` empty: analysis never reads it, and the
        raw text is often the larger half of what a build would hold in memory.
        """
        where = "" if include_superseded else "WHERE superseded_by IS NULL"
        columns = "*" if with_raw else _ARTICLE_COLUMNS.replace(" raw,", "")
        for row in self.db.execute(f"SELECT {columns} FROM articles {where} ORDER BY rowid"):
            yield self._article(row)

    def article(self, article_id: str) -> Article | None:
        row = self.db.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        return self._article(row) if row else None

    def article_rows(self) -> list[dict]:
        """Listing rows (no texts) for the CLI and the web app."""
        rows = self.db.execute(
            "SELECT a.id, a.title, a.outlet, a.published, a.path, a.url, a.version, a.superseded_by, "
            "sa.story_id FROM articles a LEFT JOIN story_articles sa ON sa.article_id = a.id ORDER BY a.rowid"
        )
        return [dict(r) for r in rows]

    def count_articles(self, *, include_superseded: bool = False) -> int:
        where = "" if include_superseded else "WHERE superseded_by IS NULL"
        return int(self.db.execute(f"SELECT COUNT(*) FROM articles {where}").fetchone()[0])

    def analysis(self, key: str) -> dict[str, object]:
        rows = self.db.execute("SELECT article_id, value FROM analysis WHERE key = ?", (key,))
        return {r["article_id"]: json.loads(r["value"]) for r in rows}

    def stored_mentions(self) -> Iterator[tuple[str, str | None, list[TimeMention]]]:
        """``(article id, publication date they were resolved against, time mentions)``
        of every article a build has analysed (``storyline.features``), read without the
        rest of the features row."""
        rows = self.db.execute(
            "SELECT article_id, json_extract(data, '$.published'), "
            "json_extract(data, '$.mentions') FROM features"
        )
        for article_id, published, mentions in rows:
            yield article_id, published, [TimeMention(*m) for m in json.loads(mentions)]

    def stories(self) -> list[dict]:
        """Every stored story, largest first (then by id)."""
        rows = self.db.execute("SELECT data FROM stories")
        found = [json.loads(r["data"]) for r in rows]
        return sorted(found, key=lambda s: (-len(s["article_ids"]), s["id"]))

    def story(self, story_id: str) -> dict | None:
        row = self.db.execute("SELECT data FROM stories WHERE id = ?", (story_id,)).fetchone()
        return json.loads(row["data"]) if row else None

    def last_errors(self) -> list[IngestError]:
        row = self.db.execute("SELECT MAX(id) FROM ingest_runs").fetchone()
        if not row or row[0] is None:
            return []
        rows = self.db.execute(
            "SELECT path, line, error FROM errors WHERE run_id = ? ORDER BY rowid", (row[0],)
        )
        return [IngestError(r["path"], r["error"], r["line"]) for r in rows]


def mention_to_json(m: TimeMention) -> dict:
    return asdict(m)


def open_existing(path: str | Path) -> Store:
    """Open a store that must already exist (for build, export and listings)."""
    if str(path) != ":memory:" and not Path(path).is_file():
        raise StoreError(
            f"{path}: no such store; create one with: storyline ingest ARTICLES --db {path}"
        )
    return Store(path)
