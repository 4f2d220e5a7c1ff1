"""The store-backed build: bounded memory, and only new work on each run.

``build`` runs the analysis over what a store holds, as streams over SQLite:

1. **features** of articles that lack them (``storyline.features``), in batches;
2. **dates** inferred for undated articles, from the articles full-text search finds
   most like them (``storyline.dates.infer``);
3. **copies**: candidate pairs are the articles sharing an LSH band key, found by a join
   on the band table, each new pair checked once (``storyline.dedup``), groups formed
   from every checked pair;
4. **stories**: new articles are placed oldest first (``storyline.stories.Placer``);
   only stories near the current date are in memory, the others wait in the
   ``story_state`` table; the vector model is refitted when the store has grown by
   ``REFIT_GROWTH`` since the last fit (placed articles keep their story);
5. **per-story** timelines, coverage and positions, for the stories that changed.

Memory holds one batch of articles, the stories of a few months, and a map of article
ids to stories; never the corpus. Adding ten articles re-analyses only the stories
they join.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import os
import time
import zlib
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from . import features as feats
from .coverage import story_coverage
from .dates.infer import conflict_warning, infer_missing
from .dedup import (
    MAX_BUCKET,
    Sketch,
    _rank,
    _sentence_sets,
    check_pair,
    group_copies,
    sketch,
)
from .model import Article, Copy, Story
from .positions import story_positions
from .store import _ARTICLE_COLUMNS, Store
from .stories import (
    ADOPT_MIN_HOST,
    ADOPT_SIZE,
    ADOPT_THRESHOLD,
    ORDER_SLACK_DAYS,
    WINDOW_DAYS,
    Placer,
    StoryState,
    TermModel,
    adopt_into,
    get_vectors,
    published_day,
    story_title,
)
from .timeline import build_timeline

log = logging.getLogger(__name__)

#: Articles analysed per batch (features, placement writes, story loads).
BATCH = 256
#: The vector model is fitted again when the store holds this share more originals than
#: at the last fit (new words and names get weights; placed articles keep their story).
REFIT_GROWTH = 0.25
#: The vector model (vocabulary, idf) is fitted on at most this many originals, drawn by a
#: hash of their ids (the same store gives the same sample): the term counts of a sample
#: this large give the same weights, and the fit's memory stays bounded.
FIT_SAMPLE = 20_000
#: Dated articles the date inference of one undated article looks at (the best matches of
#: its words in the full-text index).
DATE_POOL = 400
#: Stories are read from the store this many days ahead of the current date.
LOAD_STEP_DAYS = 60
#: ``progress(step, done, total)``: ``done`` items of a build step so far, ``total`` when
#: known; ``done=0`` when the step starts, ``done == total`` when it ends.
ProgressCallback = Callable[[str, int, int | None], None]
_COLUMNS = "a." + _ARTICLE_COLUMNS.replace(" raw,", "").replace(", ", ", a.")


@dataclass
class BuildReport:
    featured: int = 0
    dated: int = 0
    pairs_checked: int = 0
    copies: int = 0
    placed: int = 0
    stories: int = 0
    analysed: int = 0
    refit: bool = False
    touched: set[str] = field(default_factory=set)
    seconds: dict[str, float] = field(default_factory=dict)  # per step


class _Clock:
    """``with clock("step"):`` adds the step's wall time to ``seconds``."""

    def __init__(self, seconds: dict[str, float], progress: ProgressCallback | None = None) -> None:
        self.seconds = seconds
        self.progress = progress

    @contextlib.contextmanager
    def __call__(self, step: str, done: Callable[[], int] = lambda: 0) -> Iterator[None]:
        started = time.perf_counter()
        if self.progress:
            self.progress(step, 0, None)
        try:
            yield
        finally:
            self.seconds[step] = self.seconds.get(step, 0.0) + time.perf_counter() - started
        if self.progress:
            self.progress(step, done(), done())


def build(
    store: Store,
    *,
    vectors: str = "tfidf",
    rebuild: bool = False,
    engine: Engine | None = None,
    progress: ProgressCallback | None = None,
) -> BuildReport:
    """Bring the store's analysis up to date (see the module docstring).

    ``engine`` runs the per-article and per-story work (``LocalEngine`` by default; the
    Spark engine runs it on a cluster); the store-level steps run here. ``progress`` hears
    when each step starts and ends (and, from ``LocalEngine(progress=...)``, its items).
    """
    engine = engine or LocalEngine()
    report = BuildReport()
    clock = _Clock(report.seconds, progress)
    if rebuild:
        _forget_stories(store, vectors)
    with clock("features", lambda: report.featured):
        report.featured = _features(store, engine)
    with clock("dates", lambda: report.dated):
        report.dated = _dates(store, everything=rebuild or _grown(store, vectors))
    with clock("copies", lambda: report.pairs_checked):
        copy_changed, report.pairs_checked, report.copies = _copies(store, engine)
    with clock("stories", lambda: report.placed):
        touched, report.refit, report.placed = _stories(store, vectors, copy_changed)
    report.touched = touched
    with clock("per-story", lambda: report.analysed):
        report.analysed, report.stories = _per_story(store, engine, vectors, touched, report.refit)
    log.info("build steps (s): %s", ", ".join(f"{k} {v:.1f}" for k, v in report.seconds.items()))
    log.info(
        "built: %d new feature rows, %d pairs checked, %d copies, %d placed, %d of %d stories analysed%s",
        report.featured,
        report.pairs_checked,
        report.copies,
        report.placed,
        report.analysed,
        report.stories,
        " (vector model refitted)" if report.refit else "",
    )
    return report


# -- reading helpers ---------------------------------------------------------------------


def _article(store: Store, row: Any) -> Article:
    return store._article(row)


def _active(store: Store, where: str = "", params: Sequence = ()) -> Iterator[Any]:
    """Active article rows (no raw text), streamed in rowid order."""
    last = 0
    while True:
        rows = store.db.execute(
            f"SELECT a.rowid AS rid, {_COLUMNS} FROM articles a "
            f"WHERE a.superseded_by IS NULL AND a.rowid > ? {where} ORDER BY a.rowid LIMIT {BATCH}",
            (last, *params),
        ).fetchall()
        if not rows:
            return
        yield from rows
        last = rows[-1]["rid"]


def _rows_in(store: Store, sql: str, ids: Sequence[str]) -> Iterator[Any]:
    """The rows of ``sql`` (with ``{marks}`` for the ``IN`` list) for ``ids``, 500 at a time."""
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        yield from store.db.execute(sql.format(marks=",".join("?" * len(chunk))), chunk)


def _load_articles(store: Store, ids: Sequence[str]) -> list[Article]:
    sql = f"SELECT {_COLUMNS} FROM articles a WHERE a.id IN ({{marks}})"
    order = {a: i for i, a in enumerate(ids)}
    return sorted(
        (_article(store, r) for r in _rows_in(store, sql, ids)), key=lambda a: order[a.id]
    )


def _load_features(store: Store, ids: Sequence[str]) -> dict[str, feats.Features]:
    sql = "SELECT article_id, data, signature FROM features WHERE article_id IN ({marks})"
    return {r[0]: feats.from_json(r[1], r[2]) for r in _rows_in(store, sql, ids)}


# -- 1. features -------------------------------------------------------------------------


def _features(store: Store, engine: Engine) -> int:
    """Features of the active articles that lack them, written a batch at a time."""
    missing = "AND NOT EXISTS (SELECT 1 FROM features f WHERE f.article_id = a.id)"
    articles = (_article(store, row) for row in _active(store, missing))
    done = 0
    batch: list[tuple[str, feats.Features]] = []
    for item in engine.features(articles):
        batch.append(item)
        if len(batch) >= BATCH:
            done += _write_features(store, batch)
    return done + _write_features(store, batch)


def _write_features(store: Store, batch: list[tuple[str, feats.Features]]) -> int:
    with store.transaction() as db:
        db.executemany(
            "INSERT OR REPLACE INTO features (article_id, data, signature, checked) "
            "VALUES (?, ?, ?, 0)",
            [(a, feats.to_json(f), f.signature) for a, f in batch],
        )
        db.executemany(
            "INSERT OR IGNORE INTO lsh (band, article_id) VALUES (?, ?)",
            [(band, a) for a, f in batch for band in f.bands],
        )
    done = len(batch)
    batch.clear()
    return done


# -- 2. dates ----------------------------------------------------------------------------


def _dates(store: Store, *, everything: bool) -> int:
    """Infer dates for new articles that state none; with ``everything``, for all of them
    again (the store has grown since: there may be new evidence)."""
    where = "AND (a.published IS NULL OR a.published_source = 'inferred')"
    if not everything:
        where += " AND a.id IN (SELECT article_id FROM features WHERE checked = 0)"
    undated = [_article(store, r) for r in _active(store, where)]
    if not undated:
        return 0
    from .web.search import sync

    sync(store.db)
    changed = 0
    for before in undated:
        # One article at a time, against the articles most like it: memory stays bounded.
        pool = _load_articles(store, [i for i in _similar(store, before) if i != before.id])
        after = infer_missing([*pool, before])[-1]
        stored = _load_features(store, [after.id]).get(after.id)
        if stored is not None:
            f = feats.retag(after, stored)
            tagged = replace(after, mentions=f.mentions)
            warning = conflict_warning(tagged)
            if warning and warning not in after.warnings:
                after = replace(after, warnings=after.warnings + (warning,))
            if f is not stored:
                store.db.execute(
                    "UPDATE features SET data = ? WHERE article_id = ?",
                    (feats.to_json(f), after.id),
                )
        if (after.published, after.warnings) != (before.published, before.warnings):
            store.update_article(after)
            changed += 1
    return changed


def _similar(store: Store, article: Article) -> list[str]:
    """Dated articles whose words best match this one's (FTS5 rank), at most DATE_POOL."""
    from .dates.infer import _content_words

    words = sorted(_content_words(article.text))[:64]
    if not words:
        return []
    query = " OR ".join('"' + w.replace('"', "") + '"' for w in words)
    rows = store.db.execute(
        "SELECT a.id FROM article_search s JOIN articles a ON a.rowid = s.rowid "
        "WHERE article_search MATCH ? AND a.superseded_by IS NULL AND a.published IS NOT NULL "
        "AND a.published_source != 'inferred' ORDER BY s.rank LIMIT ?",
        (query, DATE_POOL),
    )
    return [r[0] for r in rows]


# -- 3. copies ---------------------------------------------------------------------------


class _Sketches:
    """Sketches of recently checked articles (an LRU cache over the store's texts)."""

    def __init__(self, store: Store, size: int = 1024) -> None:
        self.store, self.size = store, size
        self.cache: OrderedDict[str, tuple[Article, Sketch, bytes]] = OrderedDict()

    def get(self, article_id: str) -> tuple[Article, Sketch, bytes]:
        if article_id in self.cache:
            self.cache.move_to_end(article_id)
            return self.cache[article_id]
        article = _load_articles(self.store, [article_id])[0]
        sig = self.store.db.execute(
            "SELECT signature FROM features WHERE article_id = ?", (article_id,)
        ).fetchone()[0]
        self.cache[article_id] = (article, sketch(article), sig)
        if len(self.cache) > self.size:
            self.cache.popitem(last=False)
        return self.cache[article_id]


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


def _copies(store: Store, engine: Engine) -> tuple[set[str], int, int]:
    """Check the new candidate pairs; returns (articles whose original changed, pairs checked,
    copies)."""
    db = store.db
    db.execute("CREATE TEMP TABLE IF NOT EXISTS fresh (article_id TEXT PRIMARY KEY)")
    db.execute("DELETE FROM fresh")
    db.execute(
        "INSERT INTO fresh SELECT f.article_id FROM features f JOIN articles a ON a.id = f.article_id "
        "WHERE f.checked = 0 AND a.superseded_by IS NULL"
    )
    db.execute("CREATE TEMP TABLE IF NOT EXISTS popular (band INTEGER PRIMARY KEY)")
    db.execute("DELETE FROM popular")
    db.execute(POPULAR_BANDS, (MAX_BUCKET,))
    checked, found = engine.copy_pairs(store)
    with store.transaction() as tx:
        tx.executemany(
            "INSERT OR REPLACE INTO copy_pairs (a, b, kind, score) VALUES (?, ?, ?, ?)", found
        )
        tx.execute(
            "UPDATE features SET checked = 1 WHERE article_id IN (SELECT article_id FROM fresh)"
        )
    edges = db.execute(
        "SELECT p.a, p.b, p.kind, p.score FROM copy_pairs p "
        "JOIN articles x ON x.id = p.a AND x.superseded_by IS NULL "
        "JOIN articles y ON y.id = p.b AND y.superseded_by IS NULL ORDER BY p.a, p.b"
    ).fetchall()
    involved = sorted({e[0] for e in edges} | {e[1] for e in edges})
    keys = _canonical_keys(store, involved)
    copies = group_copies([tuple(e) for e in edges], keys)
    now = {c.article_id: c.original_id for c in copies}
    before = {a: v for a, v in store.analysis("duplicate_of").items() if v is not None}
    changed = {a for a in set(now) | set(before) if now.get(a) != before.get(a)}
    store.set_analysis_many("duplicate_of", {a: now.get(a) for a in changed})
    return changed, checked, len(copies)


def _canonical_keys(store: Store, ids: Sequence[str]) -> dict[str, tuple]:
    """``dedup.canonical_key`` of each article, read without loading the texts."""
    sql = "SELECT id, published, length(text) FROM articles WHERE id IN ({marks})"
    return {i: (p is None, p or "", -n, i) for i, p, n in _rows_in(store, sql, ids)}


# -- 4. stories --------------------------------------------------------------------------


def _forget_stories(store: Store, vectors: str) -> None:
    with store.transaction() as db:
        db.execute("DELETE FROM story_state WHERE vectors = ?", (vectors,))
        db.execute("DELETE FROM meta WHERE key = ?", (f"model:{vectors}",))
        db.execute("DELETE FROM analysis WHERE key = 'story'")
        db.execute("DELETE FROM stories")


_ORIGINALS = (
    "SELECT {columns} FROM articles a JOIN features f ON f.article_id = a.id "
    "LEFT JOIN analysis d ON d.article_id = a.id AND d.key = 'duplicate_of' "
    "LEFT JOIN analysis s ON s.article_id = a.id AND s.key = 'story' "
    "WHERE a.superseded_by IS NULL AND (d.value IS NULL OR d.value = 'null') "
    "{where} ORDER BY a.published IS NULL, a.published, a.id"
)


def _originals(store: Store, where: str = "", params: Sequence = ()) -> Iterator[Any]:
    """Active articles that copy no other active article, with their features, oldest first."""
    yield from store.db.execute(
        _ORIGINALS.format(columns="a.id, a.published, f.data", where=where), params
    )


def _grown(store: Store, vectors: str, originals: int | None = None) -> bool:
    """Whether the vector model is missing or the store has grown by REFIT_GROWTH since its fit
    (``originals``: the active articles that copy no other; all active ones when not given)."""
    saved = store.meta(f"model:{vectors}")
    if saved is None:
        return True
    if originals is None:
        originals = store.count_articles()
    return originals > (1 + REFIT_GROWTH) * saved["originals"]  # type: ignore[index]


def _sampled(article_id: str, share: float) -> bool:
    return zlib.crc32(article_id.encode()) < share * 2**32


def _state_row(s: StoryState, vectors: str) -> tuple:
    return (
        s.id,
        vectors,
        s.first,
        s.last,
        s.size,
        s.norm2,
        s.indices.astype("<i4").tobytes(),
        s.weights.astype("<f4").tobytes(),
    )


def _state(row: Any) -> StoryState:
    import numpy as np

    return StoryState(
        row["story_id"],
        np.frombuffer(row["indices"], "<i4").copy(),
        np.frombuffer(row["weights"], "<f4").copy(),
        row["norm2"],
        row["first"],
        row["last"],
        row["size"],
        False,
    )


def _save_states(store: Store, states: Sequence[StoryState], vectors: str) -> None:
    if states:
        with store.transaction() as db:
            db.executemany(
                "INSERT OR REPLACE INTO story_state VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [_state_row(s, vectors) for s in states],
            )


class _Rows:
    """Article rows under the current vectors: the term model, or MiniLM batches."""

    def __init__(self, vectors: str, model: TermModel | None) -> None:
        self.vectors, self.model = vectors, model
        self.dim = len(model.vocabulary) if model else 384
        self._encoder = None if model else get_vectors(vectors)

    def rows(self, store: Store, items: Sequence[tuple[str, dict]]) -> list[tuple[Any, Any]]:
        if self.model is not None:
            return [self.model.transform(terms) for _, terms in items]
        import numpy as np

        from .stories import _text

        articles = _load_articles(store, [i for i, _ in items])
        matrix = self._encoder.fit_transform([_text(a) for a in articles])  # type: ignore[union-attr]
        self.dim = matrix.shape[1]
        every = np.arange(self.dim, dtype=np.int32)
        return [(every, matrix[k]) for k in range(len(items))]


def _stories(store: Store, vectors: str, copy_changed: set[str]) -> tuple[set[str], bool, int]:
    """Place the articles no build has placed under ``vectors``; returns (stories touched,
    refitted, articles placed)."""
    db = store.db
    unplaced = (
        "AND (s.value IS NULL OR json_extract(s.value, '$.vectors') IS NOT ?)",
        (vectors,),
    )
    count = db.execute(
        "SELECT COUNT(*) FROM articles a LEFT JOIN analysis d ON d.article_id = a.id "
        "AND d.key = 'duplicate_of' WHERE a.superseded_by IS NULL AND (d.value IS NULL OR d.value = 'null')"
    ).fetchone()[0]
    refit = vectors == "tfidf" and _grown(store, vectors, count)
    model: TermModel | None = None
    if vectors == "tfidf":
        if refit:
            share = min(1.0, FIT_SAMPLE / max(count, 1))
            model = TermModel.fit(
                json.loads(r["data"])["terms"]
                for r in _originals(store)
                if share == 1.0 or _sampled(r["id"], share)
            )
            with store.transaction():
                store.set_meta(f"model:{vectors}", {**model.to_json(), "originals": count})
        else:
            model = TermModel.from_json(store.meta(f"model:{vectors}"))  # type: ignore[arg-type]
    rows = _Rows(vectors, model)
    touched: set[str] = set()
    if refit:
        touched |= _recompute_states(store, vectors, rows)
    placer = Placer(rows.dim, vectors)
    assignments: dict[str, dict] = {}
    horizon: float = -math.inf
    loaded_once = False
    placed = 0

    def load(day: int | None) -> None:
        nonlocal horizon, loaded_once
        if day is None:
            return
        if not loaded_once:
            for r in db.execute(
                "SELECT * FROM story_state WHERE vectors = ? AND first IS NULL", (vectors,)
            ):
                placer.load(_state(r))
            loaded_once = True
        if day + WINDOW_DAYS + ORDER_SLACK_DAYS <= horizon:
            return
        upto = day + WINDOW_DAYS + ORDER_SLACK_DAYS + LOAD_STEP_DAYS
        low = -math.inf if horizon == -math.inf else horizon
        for r in db.execute(
            "SELECT * FROM story_state WHERE vectors = ? AND first > ? AND first <= ? AND last >= ?",
            (
                vectors,
                low if low != -math.inf else -(10**9),
                upto,
                day - WINDOW_DAYS - ORDER_SLACK_DAYS,
            ),
        ):
            if r["story_id"] not in placer:
                placer.load(_state(r))
        horizon = upto

    def flush_assignments() -> None:
        store.set_analysis_many("story", dict(assignments))
        assignments.clear()

    pending: list[tuple[str, dict, int | None]] = []

    def place_pending() -> None:
        nonlocal placed
        for (aid, _, day), row in zip(
            pending, rows.rows(store, [(a, t) for a, t, _ in pending]), strict=True
        ):
            if day is None:
                story = _place_undated(store, placer, vectors, aid, row)
            else:
                load(day)
                _save_states(store, placer.release(day - WINDOW_DAYS - ORDER_SLACK_DAYS), vectors)
                story = placer.place(aid, row, day)
            touched.add(story)
            assignments[aid] = {"story": story, "vectors": vectors}
            placed += 1
        pending.clear()
        if len(assignments) >= 4 * BATCH:
            flush_assignments()

    db.execute("DROP TABLE IF EXISTS temp.todo")
    db.execute("CREATE TEMP TABLE todo (n INTEGER PRIMARY KEY, id TEXT, published TEXT)")
    db.execute(
        "INSERT INTO todo (id, published) SELECT id, published FROM ("
        + _ORIGINALS.format(columns="a.id, a.published", where=unplaced[0])
        + ")",
        unplaced[1],
    )
    undated_started = False
    last = 0
    while todo := db.execute(
        "SELECT t.n, t.id, t.published, f.data FROM todo t JOIN features f ON f.article_id = t.id "
        "WHERE t.n > ? ORDER BY t.n LIMIT ?",
        (last, BATCH),
    ).fetchall():
        last = todo[-1][0]
        for _, aid, published, data in todo:
            day = published_day(published)
            if day is None and not undated_started:
                place_pending()
                _save_states(store, placer.release(), vectors)
                undated_started = True
            pending.append((aid, json.loads(data)["terms"], day))
        place_pending()
    db.execute("DROP TABLE temp.todo")
    _save_states(store, placer.release(), vectors)
    flush_assignments()
    moved = _adopt(store, vectors, placer.founded)
    touched -= set(moved)
    touched |= set(moved.values())
    touched |= _follow_originals(store, vectors, copy_changed)
    return touched, refit, placed


def _place_undated(store: Store, placer: Placer, vectors: str, aid: str, row: Any) -> str:
    """An undated article is compared with every story (in chunks read from the store)."""
    best: tuple[float, str] | None = None
    for chunk in _state_chunks(store, vectors):
        probe = Placer(placer.dim, vectors)
        for s in chunk:
            probe.load(s)
        found = probe.best(row, None)
        if found and (best is None or found[1] > best[0]):
            best = (found[1], found[0])
    if best is None:
        story = placer.place(aid, row, None)
        _save_states(store, placer.release(), vectors)
        return story
    state = [s for chunk in _state_chunks(store, vectors, best[1]) for s in chunk][0]
    placer.load(state)
    placer.add(state.id, row, None)
    _save_states(store, placer.release(), vectors)
    return state.id


def _state_chunks(
    store: Store, vectors: str, story: str | None = None, size: int = 2000
) -> Iterator[list[StoryState]]:
    where, params = ("AND story_id = ?", (story,)) if story else ("", ())
    cur = store.db.execute(
        f"SELECT * FROM story_state WHERE vectors = ? {where} ORDER BY story_id", (vectors, *params)
    )
    while chunk := cur.fetchmany(size):
        yield [_state(r) for r in chunk]


def _adopt(store: Store, vectors: str, founded: set[str]) -> dict[str, str]:
    """Fold small stories founded in this build into large ones (``stories.adopt_into``)."""
    if not founded:
        return {}
    db = store.db
    hosts = [
        _state(r)
        for r in db.execute(
            "SELECT * FROM story_state WHERE vectors = ? AND size >= ?", (vectors, ADOPT_MIN_HOST)
        )
    ]
    if not hosts:
        return {}
    moved: dict[str, str] = {}
    for chunk in _state_chunks(store, vectors):
        small = [s for s in chunk if s.id in founded and s.size < ADOPT_SIZE]
        moved.update(adopt_into(hosts, small, WINDOW_DAYS, ADOPT_THRESHOLD[vectors]))
    if moved:
        updates: dict[str, object] = {}
        for article_id, value in db.execute(
            "SELECT article_id, value FROM analysis WHERE key = 'story'"
        ):
            placed = json.loads(value)
            if placed.get("story") in moved:
                updates[article_id] = {**placed, "story": moved[placed["story"]]}
        store.set_analysis_many("story", updates)
        with store.transaction() as tx:
            tx.executemany(
                "DELETE FROM story_state WHERE vectors = ? AND story_id = ?",
                [(vectors, s) for s in moved],
            )
    return moved


def _recompute_states(store: Store, vectors: str, rows: _Rows) -> set[str]:
    """Centroids of the placed stories under a newly fitted model, one story at a time."""
    db = store.db
    db.execute("DELETE FROM story_state WHERE vectors = ?", (vectors,))
    cur = db.execute(
        "SELECT a.id, a.published, f.data, json_extract(s.value, '$.story') AS story "
        "FROM articles a JOIN features f ON f.article_id = a.id "
        "JOIN analysis s ON s.article_id = a.id AND s.key = 'story' "
        "LEFT JOIN analysis d ON d.article_id = a.id AND d.key = 'duplicate_of' "
        "WHERE a.superseded_by IS NULL AND (d.value IS NULL OR d.value = 'null') "
        "AND json_extract(s.value, '$.vectors') = ? ORDER BY story",
        (vectors,),
    )
    stories: set[str] = set()
    placer: Placer | None = None
    current = ""
    for r in cur:
        if r["story"] != current:
            if placer is not None:
                _save_states(store, placer.release(), vectors)
            placer = Placer(rows.dim, vectors)
            placer.new(r["story"])
            current = r["story"]
            stories.add(current)
        assert placer is not None
        row = rows.rows(store, [(r["id"], json.loads(r["data"])["terms"])])[0]
        placer.add(current, row, published_day(r["published"]))
    if placer is not None:
        _save_states(store, placer.release(), vectors)
    return stories


def _follow_originals(store: Store, vectors: str, changed: set[str]) -> set[str]:
    """Copies join their original's story; returns the stories that gained or lost one."""
    db = store.db
    story_of = {
        r[0]: json.loads(r[1]).get("story")
        for r in db.execute("SELECT article_id, value FROM analysis WHERE key = 'story'")
    }
    copies = {
        r[0]: json.loads(r[1])
        for r in db.execute(
            "SELECT article_id, value FROM analysis WHERE key = 'duplicate_of' AND value != 'null'"
        )
    }
    touched: set[str] = set()
    updates: dict[str, object] = {}
    for copy, original in copies.items():
        target = story_of.get(original)
        if target and story_of.get(copy) != target:
            if story_of.get(copy):
                touched.add(story_of[copy])
            touched.add(target)
            updates[copy] = {"story": target, "vectors": vectors}
    for article in changed:
        if story_of.get(article):
            touched.add(story_of[article])
    store.set_analysis_many("story", updates)
    return touched


# -- 5. per-story work -------------------------------------------------------------------


def _per_story(
    store: Store, engine: Engine, vectors: str, touched: set[str], everything: bool
) -> tuple[int, int]:
    """Timelines, coverage and positions of the changed stories; returns (analysed, stories)."""
    db = store.db
    members: dict[str, list[str]] = {}
    for article_id, value in db.execute(
        "SELECT s.article_id, s.value FROM analysis s JOIN articles a ON a.id = s.article_id "
        "WHERE s.key = 'story' AND a.superseded_by IS NULL"
    ):
        members.setdefault(json.loads(value)["story"], []).append(article_id)
    stored = dict(
        db.execute("SELECT story_id, COUNT(*) FROM story_articles GROUP BY story_id").fetchall()
    )
    stored.update((r[0], stored.get(r[0], 0)) for r in db.execute("SELECT id FROM stories"))
    # Stories that changed: touched by this build, or whose members differ from those stored
    # (an article replaced by a new version of its file leaves its story).
    changed = {sid for sid, ids in members.items() if stored.get(sid) != len(ids)}
    wanted = set(members) if everything else (touched & set(members)) | changed
    gone = set(stored) - set(members)
    model = store.meta(f"model:{vectors}")
    idf = TermModel.from_json(model).idf_by_term() if model else None  # type: ignore[arg-type]
    copy_of = {a: v for a, v in store.analysis("duplicate_of").items() if isinstance(v, str)}
    from .report import story_to_json

    out = []
    jobs = [(sid, members[sid]) for sid in sorted(wanted, key=lambda k: (-len(members[k]), k))]
    for story in engine.stories(store, jobs, copy_of, idf):
        if isinstance(story, Story):
            story = (story.id, story.title, story_to_json(story), story.article_ids)
        out.append(story)
        if len(out) >= 32:
            store.put_stories(out)
            out.clear()
    store.put_stories(out, delete=gone)
    return len(wanted), len(members)


def analyse_story(
    store: Store,
    story_id: str,
    article_ids: Sequence[str],
    copy_of: dict[str, str],
    idf: dict[str, float] | None,
) -> Story:
    """One story's members read back with their features, and its per-story stages."""
    from .stories import canonical_order

    articles = _load_articles(store, list(article_ids))
    found = _load_features(store, list(article_ids))
    members = []
    precomputed = {}
    for a in articles:
        f = found.get(a.id)
        if f is not None:
            f = feats.retag(a, f)
            precomputed[a.id] = (f.candidates, f.wanted, f.entities)
            a = replace(a, mentions=f.mentions)
        members.append(replace(a, duplicate_of=copy_of.get(a.id)))
    members = canonical_order(members)
    copies = [Copy(a.id, a.duplicate_of, "", 0.0) for a in members if a.duplicate_of]
    copies = _copy_rows(store, [c.article_id for c in copies], copy_of)
    title = story_title(members, idf)
    timeline = build_timeline(members, query=title)
    coverage = story_coverage(members, timeline, copies)
    extra = {**story_positions(members, precomputed), "coverage": coverage}
    return Story(
        id=story_id,
        title=title,
        article_ids=tuple(a.id for a in members),
        timeline=timeline,
        extra=extra,
    )


def _copy_rows(store: Store, ids: Sequence[str], copy_of: dict[str, str]) -> list[Copy]:
    """The ``Copy`` records (kind, score) of the given copies, from their checked pairs."""
    out = []
    for article_id in ids:
        original = copy_of[article_id]
        checked = store.db.execute(
            "SELECT kind, score FROM copy_pairs WHERE a = ? OR b = ?", (article_id, article_id)
        ).fetchall()
        kind, score = max((tuple(r) for r in checked), key=_rank, default=("near", 0.0))
        out.append(Copy(article_id, original, kind, score))
    return out


# -- engines -----------------------------------------------------------------------------


#: A story as ``Store.put_stories`` takes it: (id, title, ``report.story_to_json``, members).
StoryRow = tuple[str, str, dict, Sequence[str]]


class Engine(Protocol):
    """Where the per-article and per-story work runs."""

    def features(self, articles: Iterable[Article]) -> Iterator[tuple[str, feats.Features]]: ...

    def copy_pairs(self, store: Store) -> tuple[int, list[tuple[str, str, str, float]]]:
        """Candidate pairs with an article of the ``temp.fresh`` table (articles sharing an
        LSH band, ``lsh`` table) checked: (pairs checked, copy pairs ``(a, b, kind, score)``
        with ``a < b``, sorted)."""
        ...

    def stories(
        self,
        store: Store,
        jobs: Sequence[tuple[str, Sequence[str]]],
        copy_of: dict[str, str],
        idf: dict[str, float] | None,
    ) -> Iterator[Story | StoryRow]:
        """The analysed stories of ``jobs`` (story id, member ids): ``Story`` objects, or
        rows ready for ``Store.put_stories`` (an engine that made the JSON elsewhere)."""
        ...


class LocalEngine:
    """This machine: ``workers`` processes for features and stories (1: this process only);
    ``progress`` hears the articles, pairs and stories done (see ``ProgressCallback``)."""

    def __init__(
        self, workers: int | None = None, progress: ProgressCallback | None = None
    ) -> None:
        self.workers = max(1, workers if workers is not None else default_workers())
        self.progress = progress or (lambda step, done, total: None)

    def features(self, articles: Iterable[Article]) -> Iterator[tuple[str, feats.Features]]:
        chunks = _chunks(articles, FEATURE_CHUNK)
        done: Iterator[tuple[Any, Any]]
        if self.workers == 1:
            done = ((chunk, feats.article_features(chunk)) for chunk in chunks)
        else:
            _preload()
            done = _pool_map(self.workers, _features_job, chunks)
        count = 0
        for chunk, found in done:
            yield from zip((a.id for a in chunk), found, strict=True)
            count += len(chunk)
            self.progress("features", count, None)

    def copy_pairs(self, store: Store) -> tuple[int, list[tuple[str, str, str, float]]]:
        pairs = (tuple(row) for row in store.db.execute(CANDIDATE_PAIRS))
        chunks = _chunks(pairs, PAIR_CHUNK)
        if self.workers == 1:
            sketches = _Sketches(store)
            done = ((chunk, _check_pairs(store, chunk, sketches)) for chunk in chunks)
        else:
            tasks = ((store.path, chunk) for chunk in chunks)
            done = ((t[1], found) for t, found in _pool_map(self.workers, _pairs_job, tasks))
        checked, edges = 0, []
        for chunk, found in done:
            checked += len(chunk)
            edges.extend(found)
            self.progress("copies", checked, None)
        return checked, edges

    def stories(
        self,
        store: Store,
        jobs: Sequence[tuple[str, Sequence[str]]],
        copy_of: dict[str, str],
        idf: dict[str, float] | None,
    ) -> Iterator[Story]:
        if self.workers == 1 or len(jobs) < 2:
            done: Iterator[Story] = (
                analyse_story(store, story_id, ids, copy_of, idf) for story_id, ids in jobs
            )
        else:
            _preload()
            tasks = (
                (store.path, story_id, list(ids), {a: copy_of[a] for a in ids if a in copy_of}, idf)
                for story_id, ids in jobs
            )
            done = (story for _, story in _pool_map(self.workers, _story_job, tasks))
        for count, story in enumerate(done, 1):
            yield story
            self.progress("per-story", count, len(jobs))


#: Articles (pairs) per task handed to a worker process.
FEATURE_CHUNK = 64
PAIR_CHUNK = 1000


def _check_pairs(
    store: Store, pairs: Sequence[tuple[str, str]], sketches: _Sketches | None = None
) -> list:
    """The copy checks of candidate pairs sorted by first id (``dedup.check_pair``)."""
    sketches = sketches or _Sketches(store)
    found = []
    for i, j in pairs:
        a, sa, ga = sketches.get(i)
        b, sb, gb = sketches.get(j)
        result = check_pair(sa, sb, ga, gb, lambda a=a, b=b: (_sentence_sets(a), _sentence_sets(b)))
        if result:
            found.append((i, j, *result))
    return found


def _pairs_job(task: tuple) -> list:
    path, pairs = task
    store = _worker_store(path)
    if path not in _WORKER_SKETCHES:  # kept across tasks: an article's text never changes
        _WORKER_SKETCHES[path] = _Sketches(store)
    return _check_pairs(store, pairs, _WORKER_SKETCHES[path])


def _worker_store(path: str) -> Store:
    if path not in _WORKER_STORES:
        _WORKER_STORES[path] = Store(path)
    return _WORKER_STORES[path]


def default_workers() -> int:
    """Worker processes by default: the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _pool_map(workers: int, fn: Any, tasks: Iterable[Any]) -> Iterator[tuple[Any, Any]]:
    """``(task, fn(task))`` in task order, with at most two tasks per worker in flight
    (``Executor.map`` would read every task up front)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork: workers start at once and share what this process loaded; a script calling
    # build needs no ``if __name__ == "__main__"`` guard (spawn would re-import it).
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        window: deque = deque()
        for task in tasks:
            window.append((task, pool.submit(fn, task)))
            if len(window) >= 2 * workers:
                task, future = window.popleft()
                yield task, future.result()
        while window:
            task, future = window.popleft()
            yield task, future.result()


def _preload() -> None:
    """Load spaCy here, before the workers fork: they share it, and none imports it
    half-way while another thread holds the import lock."""
    from . import nlp
    from .errors import MissingExtra

    with contextlib.suppress(MissingExtra):
        nlp.load()


def _features_job(chunk: list[Article]) -> list[feats.Features]:
    return feats.article_features(chunk)


_WORKER_STORES: dict[str, Store] = {}
_WORKER_SKETCHES: dict[str, _Sketches] = {}


def _story_job(task: tuple) -> Story:
    path, story_id, ids, copy_of, idf = task
    return analyse_story(_worker_store(path), story_id, ids, copy_of, idf)
