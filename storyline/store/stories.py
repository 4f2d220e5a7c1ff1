"""What a build decides: ``analysis`` (per-article results by key: ``story``,
``duplicate_of``), ``stories`` with ``story_articles``, ``story_state`` (the centroids
of stories waiting outside memory) and ``meta`` (the fitted vector model).

Story state rows are plain records (``StateRecord``); ``storyline.steps.placement``
turns them into the stories stage's ``StoryState``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple, cast

from .connection import Connection, now

#: A story as ``put_stories`` takes it: (id, title, ``report.story_to_json``, member ids).
StoryRow = tuple[str, str, dict, Sequence[str]]

#: Active articles that copy no other active article, with their features, oldest first.
_ORIGINALS = (
    "SELECT {columns} FROM articles a JOIN features f ON f.article_id = a.id "
    "LEFT JOIN analysis d ON d.article_id = a.id AND d.key = 'duplicate_of' "
    "LEFT JOIN analysis s ON s.article_id = a.id AND s.key = 'story' "
    "WHERE a.superseded_by IS NULL AND (d.value IS NULL OR d.value = 'null') "
    "{where} ORDER BY a.published IS NULL, a.published, a.id"
)


class StateRecord(NamedTuple):
    """A ``story_state`` row: a story's centroid (little-endian int32 indices and float32
    weights), its day span and size, under one vector model."""

    story_id: str
    first: int | None
    last: int | None
    size: int
    norm2: float
    indices: bytes
    weights: bytes


def _record(row: Any) -> StateRecord:
    return StateRecord(
        row["story_id"],
        row["first"],
        row["last"],
        row["size"],
        row["norm2"],
        row["indices"],
        row["weights"],
    )


class StoryTables(Connection):
    """``analysis``, ``stories``, ``story_articles``, ``story_state`` and ``meta``."""

    # -- analysis ------------------------------------------------------------------------

    def set_analysis(self, article_id: str, key: str, value: object) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO analysis (article_id, key, value) VALUES (?, ?, ?)",
            (article_id, key, json.dumps(value)),
        )

    def set_analysis_many(self, key: str, values: dict[str, object]) -> None:
        """Write one analysis ``key`` for many articles in one transaction."""
        with self.transaction() as db:
            db.executemany(
                "INSERT OR REPLACE INTO analysis (article_id, key, value) VALUES (?, ?, ?)",
                [(a, key, json.dumps(v)) for a, v in values.items()],
            )

    def analysis(self, key: str) -> dict[str, object]:
        rows = self.db.execute("SELECT article_id, value FROM analysis WHERE key = ?", (key,))
        return {r["article_id"]: json.loads(r["value"]) for r in rows}

    def analysis_of(self, article_id: str, key: str) -> object:
        """One article's analysis ``key`` (``None`` when no stage wrote it)."""
        row = self.db.execute(
            "SELECT value FROM analysis WHERE article_id = ? AND key = ?", (article_id, key)
        ).fetchone()
        return json.loads(row[0]) if row else None

    def placements(self) -> dict[str, dict[str, Any]]:
        """The ``story`` analysis of every article: ``{"story": id, "vectors": name}``."""
        return cast(dict[str, dict[str, Any]], self.analysis("story"))

    def active_analysis(self, key: str) -> Iterator[tuple[str, Any]]:
        """(article id, value) of ``key`` for the active articles."""
        for article_id, value in self.db.execute(
            "SELECT s.article_id, s.value FROM analysis s JOIN articles a ON a.id = s.article_id "
            "WHERE s.key = ? AND a.superseded_by IS NULL",
            (key,),
        ):
            yield article_id, json.loads(value)

    # -- originals: what stories are made of ------------------------------------------------

    def count_originals(self) -> int:
        """Active articles that copy no other active article."""
        return int(
            self.db.execute(
                "SELECT COUNT(*) FROM articles a LEFT JOIN analysis d ON d.article_id = a.id "
                "AND d.key = 'duplicate_of' WHERE a.superseded_by IS NULL "
                "AND (d.value IS NULL OR d.value = 'null')"
            ).fetchone()[0]
        )

    def originals(self) -> Iterator[tuple[str, str | None, str]]:
        """(id, published, feature data) of the originals, oldest first."""
        sql = _ORIGINALS.format(columns="a.id, a.published, f.data", where="")
        for row in self.db.execute(sql):
            yield row[0], row[1], row[2]

    def unplaced(self, vectors: str, batch: int) -> Iterator[list[tuple[str, str | None, str]]]:
        """(id, published, feature data) of the originals no build placed under ``vectors``,
        oldest first, ``batch`` at a time (listed up front: placing them writes ``analysis``)."""
        db = self.db
        db.execute("DROP TABLE IF EXISTS temp.todo")
        db.execute("CREATE TEMP TABLE todo (n INTEGER PRIMARY KEY, id TEXT, published TEXT)")
        where = "AND (s.value IS NULL OR json_extract(s.value, '$.vectors') IS NOT ?)"
        db.execute(
            "INSERT INTO todo (id, published) SELECT id, published FROM ("
            + _ORIGINALS.format(columns="a.id, a.published", where=where)
            + ")",
            (vectors,),
        )
        last = 0
        while todo := db.execute(
            "SELECT t.n, t.id, t.published, f.data FROM todo t JOIN features f ON f.article_id = t.id "
            "WHERE t.n > ? ORDER BY t.n LIMIT ?",
            (last, batch),
        ).fetchall():
            last = todo[-1][0]
            yield [(r[1], r[2], r[3]) for r in todo]
        db.execute("DROP TABLE temp.todo")

    def placed_originals(self, vectors: str) -> Iterator[tuple[str, str | None, str, str]]:
        """(id, published, feature data, story) of the originals placed under ``vectors``,
        by story."""
        for r in self.db.execute(
            "SELECT a.id, a.published, f.data, json_extract(s.value, '$.story') AS story "
            "FROM articles a JOIN features f ON f.article_id = a.id "
            "JOIN analysis s ON s.article_id = a.id AND s.key = 'story' "
            "LEFT JOIN analysis d ON d.article_id = a.id AND d.key = 'duplicate_of' "
            "WHERE a.superseded_by IS NULL AND (d.value IS NULL OR d.value = 'null') "
            "AND json_extract(s.value, '$.vectors') = ? ORDER BY story",
            (vectors,),
        ):
            yield r[0], r[1], r[2], r[3]

    # -- story state ---------------------------------------------------------------------

    def story_states(
        self, vectors: str, story: str | None = None, size: int = 2000
    ) -> Iterator[list[StateRecord]]:
        """Every story state under ``vectors`` (or ``story``'s), ``size`` at a time, by id."""
        where, params = ("AND story_id = ?", (story,)) if story else ("", ())
        cur = self.db.execute(
            f"SELECT * FROM story_state WHERE vectors = ? {where} ORDER BY story_id",
            (vectors, *params),
        )
        while chunk := cur.fetchmany(size):
            yield [_record(r) for r in chunk]

    def story_states_of_size(self, vectors: str, at_least: int) -> list[StateRecord]:
        rows = self.db.execute(
            "SELECT * FROM story_state WHERE vectors = ? AND size >= ?", (vectors, at_least)
        )
        return [_record(r) for r in rows]

    def undated_story_states(self, vectors: str) -> list[StateRecord]:
        """The states of stories of undated articles only."""
        rows = self.db.execute(
            "SELECT * FROM story_state WHERE vectors = ? AND first IS NULL", (vectors,)
        )
        return [_record(r) for r in rows]

    def story_states_between(
        self, vectors: str, after: float, upto: float, last_from: float
    ) -> list[StateRecord]:
        """States whose first day is in ``(after, upto]`` and last day ``>= last_from``."""
        rows = self.db.execute(
            "SELECT * FROM story_state WHERE vectors = ? AND first > ? AND first <= ? AND last >= ?",
            (vectors, after, upto, last_from),
        )
        return [_record(r) for r in rows]

    def save_story_states(self, vectors: str, states: Sequence[StateRecord]) -> None:
        if states:
            with self.transaction() as db:
                db.executemany(
                    "INSERT OR REPLACE INTO story_state VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [(s.story_id, vectors, *s[1:]) for s in states],
                )

    def delete_story_states(self, vectors: str, story_ids: Iterable[str]) -> None:
        with self.transaction() as tx:
            tx.executemany(
                "DELETE FROM story_state WHERE vectors = ? AND story_id = ?",
                [(vectors, s) for s in story_ids],
            )

    def clear_story_states(self, vectors: str) -> None:
        self.db.execute("DELETE FROM story_state WHERE vectors = ?", (vectors,))

    def forget_stories(self, vectors: str) -> None:
        """Drop every story, placement, state and the vector model of ``vectors``."""
        with self.transaction() as db:
            db.execute("DELETE FROM story_state WHERE vectors = ?", (vectors,))
            db.execute("DELETE FROM meta WHERE key = ?", (f"model:{vectors}",))
            db.execute("DELETE FROM analysis WHERE key = 'story'")
            db.execute("DELETE FROM stories")

    # -- stories -------------------------------------------------------------------------

    def replace_stories(self, stories: Iterable[StoryRow]) -> None:
        """Replace every stored story in one transaction."""
        with self.transaction() as db:
            db.execute("DELETE FROM stories")
            for story_id, title, data, article_ids in stories:
                self._insert_story(story_id, title, data, article_ids)

    def put_stories(self, stories: Iterable[StoryRow], delete: Iterable[str] = ()) -> None:
        """Replace the given stories (and drop those in ``delete``) in one transaction."""
        with self.transaction() as db:
            for story_id in delete:
                db.execute("DELETE FROM stories WHERE id = ?", (story_id,))
            for story_id, title, data, article_ids in stories:
                db.execute("DELETE FROM stories WHERE id = ?", (story_id,))
                self._insert_story(story_id, title, data, article_ids)

    def _insert_story(self, story_id: str, title: str, data: dict, ids: Sequence[str]) -> None:
        self.db.execute(
            "INSERT INTO stories (id, title, data, built_at) VALUES (?, ?, ?, ?)",
            (story_id, title, json.dumps(data, ensure_ascii=False), now()),
        )
        self.db.executemany(
            "INSERT INTO story_articles (story_id, article_id) VALUES (?, ?)",
            [(story_id, a) for a in ids],
        )

    def stored_story_sizes(self) -> dict[str, int]:
        """Members stored per story (0 for a story stored without any)."""
        db = self.db
        sizes = dict(
            db.execute("SELECT story_id, COUNT(*) FROM story_articles GROUP BY story_id").fetchall()
        )
        sizes.update((r[0], sizes.get(r[0], 0)) for r in db.execute("SELECT id FROM stories"))
        return sizes

    def stories(self) -> list[dict]:
        """Every stored story, largest first (then by id)."""
        rows = self.db.execute("SELECT data FROM stories")
        found = [json.loads(r["data"]) for r in rows]
        return sorted(found, key=lambda s: (-len(s["article_ids"]), s["id"]))

    def story(self, story_id: str) -> dict | None:
        row = self.db.execute("SELECT data FROM stories WHERE id = ?", (story_id,)).fetchone()
        return json.loads(row["data"]) if row else None

    def story_of(self, article_id: str) -> str | None:
        """The id of the story the article is placed in, if any."""
        row = self.db.execute(
            "SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,)
        ).fetchone()
        return row[0] if row else None

    # -- meta ----------------------------------------------------------------------------

    def meta(self, key: str) -> object:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def set_meta(self, key: str, value: object) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, json.dumps(value))
        )
