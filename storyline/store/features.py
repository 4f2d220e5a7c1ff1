"""The build's per-article tables: ``features`` (each article's stored analysis and
MinHash signature), ``lsh`` (its band keys) and ``copy_pairs`` (checked candidate pairs).

Feature rows are stored as the builder hands them (JSON text, signature bytes):
``storyline.features`` owns their form. The candidate pairs of a build are those of
the articles in ``temp.fresh`` (``mark_fresh``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence

from ..model import TimeMention
from .connection import Connection

#: A feature row as written: (article id, ``features.to_json`` text, signature, band keys).
FeatureRow = tuple[str, str, bytes, Sequence[int]]
#: A checked copy pair: (a, b, kind, score) with ``a < b``.
CopyPair = tuple[str, str, str, float]

#: The stop buckets among the new articles' band keys (``dedup.popular``), counted over
#: the active articles.
POPULAR_BANDS = (
    "INSERT INTO popular SELECT b.band FROM "
    "(SELECT DISTINCT x.band FROM fresh n CROSS JOIN lsh x ON x.article_id = n.article_id) b "
    "WHERE (b.band & 1) = 1 AND (SELECT COUNT(*) FROM lsh l JOIN articles a "
    "ON a.id = l.article_id AND a.superseded_by IS NULL WHERE l.band = b.band) > ?"
)
#: Candidate pairs of the new articles: those sharing a band key, each pair once, sorted.
#: CROSS JOIN keeps SQLite's join order: from the new articles out (it would otherwise
#: start from every active article and make a ten-article build read the whole table).
CANDIDATE_PAIRS = (
    "SELECT DISTINCT MIN(x.article_id, y.article_id) AS i, MAX(x.article_id, y.article_id) AS j "
    "FROM fresh n CROSS JOIN lsh x ON x.article_id = n.article_id "
    "AND x.band NOT IN (SELECT band FROM popular) "
    "CROSS JOIN lsh y ON y.band = x.band AND y.article_id != x.article_id "
    "CROSS JOIN articles b ON b.id = y.article_id AND b.superseded_by IS NULL "
    "ORDER BY i, j"
)


class FeatureTables(Connection):
    """``features``, ``lsh`` and ``copy_pairs``."""

    def put_features(self, rows: Sequence[FeatureRow]) -> None:
        """Write feature rows and their band keys in one transaction (not yet copy-checked)."""
        with self.transaction() as db:
            db.executemany(
                "INSERT OR REPLACE INTO features (article_id, data, signature, checked) "
                "VALUES (?, ?, ?, 0)",
                [(a, data, sig) for a, data, sig, _ in rows],
            )
            db.executemany(
                "INSERT OR IGNORE INTO lsh (band, article_id) VALUES (?, ?)",
                [(band, a) for a, _, _, bands in rows for band in bands],
            )

    def forget_copy_checks(self) -> None:
        """Drop every band key and checked pair: the next features are checked anew."""
        with self.transaction() as db:
            db.execute("DELETE FROM lsh")
            db.execute("DELETE FROM copy_pairs")

    def feature_rows(self, ids: Sequence[str]) -> dict[str, tuple[str, bytes]]:
        """The stored (data, signature) of each of ``ids`` that has features."""
        sql = "SELECT article_id, data, signature FROM features WHERE article_id IN ({marks})"
        return {r[0]: (r[1], r[2]) for r in self.rows_in(sql, ids)}

    def set_feature_data(self, article_id: str, data: str) -> None:
        """Replace an article's feature data (its signature and band keys stay)."""
        self.db.execute("UPDATE features SET data = ? WHERE article_id = ?", (data, article_id))

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

    def signature(self, article_id: str) -> bytes:
        row = self.db.execute(
            "SELECT signature FROM features WHERE article_id = ?", (article_id,)
        ).fetchone()
        return bytes(row[0])

    def signatures(self, ids: Sequence[str]) -> dict[str, bytes]:
        sql = "SELECT article_id, signature FROM features WHERE article_id IN ({marks})"
        return {r[0]: r[1] for r in self.rows_in(sql, ids)}

    # -- the copy checks of one build ------------------------------------------------------

    def mark_fresh(self, max_bucket: int) -> None:
        """The active articles not yet copy-checked become ``temp.fresh``, and their band keys
        held by more than ``max_bucket`` active articles ``temp.popular`` (they name no pairs)."""
        db = self.db
        db.execute("CREATE TEMP TABLE IF NOT EXISTS fresh (article_id TEXT PRIMARY KEY)")
        db.execute("DELETE FROM fresh")
        db.execute(
            "INSERT INTO fresh SELECT f.article_id FROM features f JOIN articles a ON a.id = f.article_id "
            "WHERE f.checked = 0 AND a.superseded_by IS NULL"
        )
        db.execute("CREATE TEMP TABLE IF NOT EXISTS popular (band INTEGER PRIMARY KEY)")
        db.execute("DELETE FROM popular")
        db.execute(POPULAR_BANDS, (max_bucket,))

    def fresh_ids(self) -> Iterator[str]:
        """The articles of ``temp.fresh``."""
        for row in self.db.execute("SELECT article_id FROM temp.fresh"):
            yield row[0]

    def candidate_pairs(self) -> Iterator[tuple[str, str]]:
        """Pairs ``(i, j)``, ``i < j``, of a fresh article and an active one sharing a band key
        outside ``temp.popular``, each once, sorted."""
        for row in self.db.execute(CANDIDATE_PAIRS):
            yield row[0], row[1]

    def active_bands(self) -> Iterator[tuple[int, str]]:
        """(band, article id) of every active article's band keys."""
        for row in self.db.execute(
            "SELECT l.band, l.article_id FROM lsh l JOIN articles a "
            "ON a.id = l.article_id AND a.superseded_by IS NULL"
        ):
            yield row[0], row[1]

    def finish_copy_checks(self, found: Iterable[CopyPair]) -> None:
        """Store the copies found and mark the fresh articles checked, in one transaction."""
        with self.transaction() as tx:
            tx.executemany(
                "INSERT OR REPLACE INTO copy_pairs (a, b, kind, score) VALUES (?, ?, ?, ?)", found
            )
            tx.execute(
                "UPDATE features SET checked = 1 WHERE article_id IN (SELECT article_id FROM fresh)"
            )

    def active_copy_pairs(self) -> list[CopyPair]:
        """Every stored copy pair of two active articles, sorted."""
        rows = self.db.execute(
            "SELECT p.a, p.b, p.kind, p.score FROM copy_pairs p "
            "JOIN articles x ON x.id = p.a AND x.superseded_by IS NULL "
            "JOIN articles y ON y.id = p.b AND y.superseded_by IS NULL ORDER BY p.a, p.b"
        )
        return [(r[0], r[1], r[2], r[3]) for r in rows]

    def copy_checks(self, article_id: str) -> list[tuple[str, float]]:
        """(kind, score) of every stored copy pair the article is in."""
        rows = self.db.execute(
            "SELECT kind, score FROM copy_pairs WHERE a = ? OR b = ?", (article_id, article_id)
        )
        return [(r[0], r[1]) for r in rows]
