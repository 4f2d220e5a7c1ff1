"""The ``articles`` table (every version of every input, with provenance) and the
ingest log (``ingest_runs``, ``errors``): writing batches, reading articles back.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import asdict, replace
from typing import NamedTuple

from ..model import Article, IngestError, Sentence, TimeMention
from .connection import Connection, now

ARTICLE_COLUMNS = (
    "id, source_key, version, superseded_by, path, url, source_id, line, fmt, title, outlet, "
    "outlet_source, published, published_precision, published_source, published_confidence, "
    "warnings, raw, text, sentences, ingested_at"
)
#: The columns an analysis reads (no raw text), prefixed for queries over ``articles a``.
LIGHT_COLUMNS = "a." + ARTICLE_COLUMNS.replace(" raw,", "").replace(", ", ", a.")
#: Active articles read per query when streaming them.
STREAM_BATCH = 256


def source_key(article: Article, line: int | None = None) -> str:
    """What identifies 'the same input' across versions: the URL, else path (+ record id/line)."""
    base = article.url or article.path or "<stdin>"
    if article.source_id:
        return f"{base}#{article.source_id}"
    if line is not None and article.fmt in {"json", "jsonl", "csv"}:
        return f"{base}#L{line}"
    return base


def mention_to_json(m: TimeMention) -> dict:
    return asdict(m)


def article_from_row(row: sqlite3.Row) -> Article:
    """An ``Article`` from an ``articles`` row (``raw`` empty when the row lacks it)."""
    text = row["text"]
    sentences = tuple(
        Sentence(i, text[s:e], s, e, p) for i, (s, e, p) in enumerate(json.loads(row["sentences"]))
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


class ArticleWindow(NamedTuple):
    """Part of a long article (``Store.article_window``): its sentences and text from
    ``offset`` on, and the sizes of the whole."""

    article: Article
    offset: int
    n_sentences: int
    chars: int  # where the last sentence ends: the length of the text, less trailing space


def _span_window(stored: str, first: int, count: int) -> tuple[list[tuple[int, ...]], int, int]:
    """Spans ``first`` to ``first + count`` of a stored sentence list ``[[s, e, p], ...]``,
    the number of spans, and where the last one ends, without parsing the whole list."""
    total = stored.count("[") - 1
    last = stored[stored.rfind("[") + 1 :].split(",")
    chars = int(last[1]) if total > 0 else 0
    if count <= 0 or first >= total:
        return [], max(total, 0), chars
    rest = stored.split("[", first + 2)[-1]  # from span ``first`` on
    pieces = (p.strip(", []") for p in rest.split("]", count)[:count])
    return [tuple(int(x) for x in p.split(",")) for p in pieces if p], total, chars


class ArticleTables(Connection):
    """``articles``, ``ingest_runs`` and ``errors``."""

    # -- writing -----------------------------------------------------------

    def begin_run(self) -> int:
        cur = self.db.execute("INSERT INTO ingest_runs (started_at) VALUES (?)", (now(),))
        return int(cur.lastrowid or 0)

    def add_batch(
        self,
        run_id: int,
        articles: Sequence[tuple[Article, int | None]],
        errors: Sequence[IngestError],
    ) -> tuple[int, int]:
        """Store one batch in one transaction; returns (added, unchanged)."""
        added = unchanged = 0
        with self.transaction() as db:
            for article, line in articles:
                if db.execute("SELECT 1 FROM articles WHERE id = ?", (article.id,)).fetchone():
                    unchanged += 1
                    continue
                key = source_key(article, line)
                previous = db.execute(
                    "SELECT id, version FROM articles WHERE source_key = ? AND superseded_by IS NULL",
                    (key,),
                ).fetchone()
                version = previous["version"] + 1 if previous else 1
                self._insert(article, key, version, line)
                if previous:
                    db.execute(
                        "UPDATE articles SET superseded_by = ? WHERE id = ?",
                        (article.id, previous["id"]),
                    )
                added += 1
            db.executemany(
                "INSERT INTO errors (run_id, path, line, error) VALUES (?, ?, ?, ?)",
                [(run_id, e.path, e.line, e.error) for e in errors],
            )
            db.execute(
                "UPDATE ingest_runs SET added = added + ?, unchanged = unchanged + ?, failed = failed + ? WHERE id = ?",
                (added, unchanged, len(errors), run_id),
            )
        return added, unchanged

    def _insert(self, a: Article, key: str, version: int, line: int | None) -> None:
        self.db.execute(
            f"INSERT INTO articles ({ARTICLE_COLUMNS}) VALUES ({', '.join('?' * 21)})",
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
                now(),
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

    # -- reading -----------------------------------------------------------

    def articles(
        self, *, include_superseded: bool = False, with_raw: bool = True
    ) -> Iterator[Article]:
        """Stored articles in ingest order (the latest version of each input only, by default).

        ``with_raw=False`` leaves ``Article.raw`` empty: analysis never reads it, and the
        raw text is often the larger half of what a build would hold in memory.
        """
        where = "" if include_superseded else "WHERE superseded_by IS NULL"
        columns = "*" if with_raw else ARTICLE_COLUMNS.replace(" raw,", "")
        for row in self.db.execute(f"SELECT {columns} FROM articles {where} ORDER BY rowid"):
            yield article_from_row(row)

    def article(self, article_id: str) -> Article | None:
        row = self.db.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        return article_from_row(row) if row else None

    def article_window(self, article_id: str, first: int, count: int) -> ArticleWindow | None:
        """Sentences ``first`` to ``first + count`` of an article and only the text they
        span, for pages of a very long one: the sentence list is cut as a string (not
        parsed whole) and SQLite cuts the text, so no 50 MB text reaches Python. ``raw``
        is left empty; the window's sentences and text start at ``offset`` in the whole."""
        head = self.db.execute(
            "SELECT sentences FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        if head is None:
            return None
        spans, total, chars = _span_window(head[0], first, count)
        offset = spans[0][0] if spans else 0
        end = spans[-1][1] if spans else 0
        row = self.db.execute(
            "SELECT id, title, source_id, path, url, fmt, outlet, outlet_source, published, "
            "published_precision, published_source, published_confidence, warnings, "
            "'' AS raw, substr(text, ?, ?) AS text, '[]' AS sentences FROM articles WHERE id = ?",
            (offset + 1, end - offset, article_id),
        ).fetchone()
        article = article_from_row(row)
        text = article.text
        sentences = tuple(
            Sentence(first + i, text[s - offset : e - offset], s - offset, e - offset, p)
            for i, (s, e, p) in enumerate(spans)
        )
        return ArticleWindow(replace(article, sentences=sentences), offset, total, chars)

    def load_articles(self, ids: Sequence[str]) -> list[Article]:
        """The articles with these ids (no raw text), in the order of ``ids``."""
        sql = f"SELECT {LIGHT_COLUMNS} FROM articles a WHERE a.id IN ({{marks}})"
        order = {a: i for i, a in enumerate(ids)}
        return sorted(
            (article_from_row(r) for r in self.rows_in(sql, ids)), key=lambda a: order[a.id]
        )

    def _active(self, where: str = "", params: Sequence = ()) -> Iterator[Article]:
        """Active articles (no raw text) matching ``where``, streamed in rowid order."""
        last = 0
        while True:
            rows = self.db.execute(
                f"SELECT a.rowid AS rid, {LIGHT_COLUMNS} FROM articles a "
                f"WHERE a.superseded_by IS NULL AND a.rowid > ? {where} "
                f"ORDER BY a.rowid LIMIT {STREAM_BATCH}",
                (last, *params),
            ).fetchall()
            if not rows:
                return
            yield from (article_from_row(r) for r in rows)
            last = rows[-1]["rid"]

    def active_articles(self) -> Iterator[Article]:
        """Every active article (no raw text), streamed in ingest order."""
        return self._active()

    def articles_without_features(self) -> Iterator[Article]:
        """Active articles no build has computed features for, streamed in ingest order."""
        return self._active("AND NOT EXISTS (SELECT 1 FROM features f WHERE f.article_id = a.id)")

    def undated_articles(self, *, everything: bool) -> Iterator[Article]:
        """Active articles stating no date, or with an inferred one: those whose features are
        not yet copy-checked (new since the last build), or all of them with ``everything``."""
        where = "AND (a.published IS NULL OR a.published_source = 'inferred')"
        if not everything:
            where += " AND a.id IN (SELECT article_id FROM features WHERE checked = 0)"
        return self._active(where)

    def dates_and_lengths(self, ids: Sequence[str]) -> Iterator[tuple[str, str | None, int]]:
        """(id, published, text length) of each article, read without loading the texts."""
        sql = "SELECT id, published, length(text) FROM articles WHERE id IN ({marks})"
        for row in self.rows_in(sql, ids):
            yield row[0], row[1], row[2]

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

    def last_errors(self) -> list[IngestError]:
        row = self.db.execute("SELECT MAX(id) FROM ingest_runs").fetchone()
        if not row or row[0] is None:
            return []
        rows = self.db.execute(
            "SELECT path, line, error FROM errors WHERE run_id = ? ORDER BY rowid", (row[0],)
        )
        return [IngestError(r["path"], r["error"], r["line"]) for r in rows]
