"""The schema: forward migrations, ``PRAGMA user_version`` as the schema version.

Each table has one owner in this package (docs/architecture.md lists them): the
module holding every statement that writes it.
"""

from __future__ import annotations

import sqlite3

from ..errors import StoreError

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
    # Full-text search over titles and texts (storyline.store.search keeps it in step;
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


def migrate(db: sqlite3.Connection, path: str) -> None:
    """Bring the schema of ``db`` (at ``path``) to ``SCHEMA_VERSION``, a migration per transaction."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path}: store schema {version} is newer than this storyline ({SCHEMA_VERSION})"
        )
    for number in range(version, SCHEMA_VERSION):
        db.execute("BEGIN IMMEDIATE")
        try:
            for statement in MIGRATIONS[number].split(";"):
                if statement.strip():
                    db.execute(statement)
            db.execute(f"PRAGMA user_version = {number + 1}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
