"""The store-backed build: bounded memory, and only new work on each run.

``build`` runs the analysis over what a store holds, as streams over SQLite:

1. **features** of articles that lack them (``storyline.features``), in batches;
2. **dates** inferred for undated articles, from the articles full-text search finds
   most like them (``storyline.dates.infer``);
3. **copies**: candidate pairs are the articles sharing an LSH band key, found by a join
   on the band table, each new pair checked once (``storyline.dedup``), groups formed
   from every checked pair;
4. **stories**: new articles are placed oldest first (``storyline.steps.placement``);
   only stories near the current date are in memory, the others wait in the
   ``story_state`` table; the vector model is refitted when the store has grown by
   ``REFIT_GROWTH`` since the last fit (placed articles keep their story);
5. **per-story** timelines, coverage and positions, for the stories that changed
   (``storyline.steps.story``), run by an engine (``storyline.steps.engine``).

Memory holds one batch of articles, the stories of a few months, and a map of article
ids to stories; never the corpus. Adding ten articles re-analyses only the stories
they join. Every statement the steps run is a method of ``storyline.store.Store``.
"""

from __future__ import annotations

import contextlib
import json
import logging
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from . import features as feats
from .dates.infer import conflict_warning, content_words, infer_missing
from .dedup import MAX_BUCKET, group_copies
from .model import Article, Story
from .steps.engine import (
    FEATURE_CHUNK,
    PAIR_CHUNK,
    Engine,
    LocalEngine,
    ProgressCallback,
    default_workers,
)
from .steps.placement import Placement, Rows, adopt, follow_originals, recompute_states
from .steps.story import analyse_story
from .store import Store, StoryRow
from .stories import TermModel
from .version import analysis_fingerprint

log = logging.getLogger(__name__)

#: The store's meta key naming the code its analysis was made by (``analysis_fingerprint``).
ANALYSED_BY = "analysed_by"
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
#: Stories written to the store per transaction in step 5.
STORIES_PER_WRITE = 32


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
    made_by = store.meta(ANALYSED_BY)
    built_before = made_by is not None or store.meta(f"model:{vectors}") is not None
    stale = built_before and made_by != analysis_fingerprint()
    if stale:
        log.warning(
            "the stored analysis was made by another version of storyline: analysing "
            "every article and story again"
        )
    if stale:
        store.forget_copy_checks()
    if rebuild or stale:
        store.forget_stories(vectors)
    with clock("features", lambda: report.featured):
        report.featured = _features(store, engine, everything=stale)
    with clock("dates", lambda: report.dated):
        report.dated = _dates(store, everything=rebuild or stale or _grown(store, vectors))
    with clock("copies", lambda: report.pairs_checked):
        copy_changed, report.pairs_checked, report.copies = _copies(store, engine)
    with clock("stories", lambda: report.placed):
        touched, report.refit, report.placed = _stories(store, vectors, copy_changed)
    report.touched = touched
    with clock("per-story", lambda: report.analysed):
        report.analysed, report.stories = _per_story(store, engine, vectors, touched, report.refit)
    store.set_meta(ANALYSED_BY, analysis_fingerprint())
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


# -- 1. features -------------------------------------------------------------------------


def _features(store: Store, engine: Engine, *, everything: bool = False) -> int:
    """Features of the active articles that lack them (of all of them with ``everything``),
    written a batch at a time."""
    done = 0
    batch: list[tuple[str, feats.Features]] = []
    articles = store.active_articles() if everything else store.articles_without_features()
    for item in engine.features(articles):
        batch.append(item)
        if len(batch) >= BATCH:
            done += _write_features(store, batch)
    return done + _write_features(store, batch)


def _write_features(store: Store, batch: list[tuple[str, feats.Features]]) -> int:
    store.put_features([(a, feats.to_json(f), f.signature, f.bands) for a, f in batch])
    done = len(batch)
    batch.clear()
    return done


# -- 2. dates ----------------------------------------------------------------------------


def _dates(store: Store, *, everything: bool) -> int:
    """Infer dates for new articles that state none; with ``everything``, for all of them
    again (the store has grown since: there may be new evidence)."""
    undated = list(store.undated_articles(everything=everything))
    if not undated:
        return 0
    store.sync_search()
    changed = 0
    for before in undated:
        # One article at a time, against the articles most like it: memory stays bounded.
        pool = store.load_articles([i for i in _similar(store, before) if i != before.id])
        after = infer_missing([*pool, before])[-1]
        stored = feats.stored(store, [after.id]).get(after.id)
        if stored is not None:
            f = feats.retag(after, stored)
            tagged = replace(after, mentions=f.mentions)
            warning = conflict_warning(tagged)
            if warning and warning not in after.warnings:
                after = replace(after, warnings=after.warnings + (warning,))
            if f is not stored:
                store.set_feature_data(after.id, feats.to_json(f))
        if (after.published, after.warnings) != (before.published, before.warnings):
            store.update_article(after)
            changed += 1
    return changed


def _similar(store: Store, article: Article) -> list[str]:
    """Dated articles whose words best match this one's (FTS5 rank), at most DATE_POOL."""
    return store.dated_like(sorted(content_words(article.text))[:64], DATE_POOL)


# -- 3. copies ---------------------------------------------------------------------------


def _copies(store: Store, engine: Engine) -> tuple[set[str], int, int]:
    """Check the new candidate pairs; returns (articles whose original changed, pairs checked,
    copies)."""
    store.mark_fresh(MAX_BUCKET)
    checked, found = engine.copy_pairs(store)
    store.finish_copy_checks(found)
    edges = store.active_copy_pairs()
    involved = sorted({e[0] for e in edges} | {e[1] for e in edges})
    keys = _canonical_keys(store, involved)
    copies = group_copies(edges, keys)
    now = {c.article_id: c.original_id for c in copies}
    before = {a: v for a, v in store.analysis("duplicate_of").items() if v is not None}
    changed = {a for a in set(now) | set(before) if now.get(a) != before.get(a)}
    store.set_analysis_many("duplicate_of", {a: now.get(a) for a in changed})
    return changed, checked, len(copies)


def _canonical_keys(store: Store, ids: Sequence[str]) -> dict[str, tuple]:
    """``dedup.canonical_key`` of each article, read without loading the texts."""
    return {i: (p is None, p or "", -n, i) for i, p, n in store.dates_and_lengths(ids)}


# -- 4. stories --------------------------------------------------------------------------


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


def _stories(store: Store, vectors: str, copy_changed: set[str]) -> tuple[set[str], bool, int]:
    """Place the articles no build has placed under ``vectors``; returns (stories touched,
    refitted, articles placed)."""
    count = store.count_originals()
    refit = vectors == "tfidf" and _grown(store, vectors, count)
    rows = Rows(vectors, _vector_model(store, vectors, count, refit))
    touched = recompute_states(store, vectors, rows) if refit else set()
    placement = Placement(store, vectors, rows, BATCH)
    placement.run()
    touched |= placement.touched
    moved = adopt(store, vectors, placement.founded)
    touched -= set(moved)
    touched |= set(moved.values())
    touched |= follow_originals(store, vectors, copy_changed)
    return touched, refit, placement.placed


def _vector_model(store: Store, vectors: str, originals: int, refit: bool) -> TermModel | None:
    """The term model (``tfidf``; None for dense vectors): fitted again on a sample of the
    originals when ``refit``, else the stored one."""
    if vectors != "tfidf":
        return None
    if not refit:
        return TermModel.from_json(store.meta(f"model:{vectors}"))  # type: ignore[arg-type]
    share = min(1.0, FIT_SAMPLE / max(originals, 1))
    model = TermModel.fit(
        json.loads(data)["terms"]
        for aid, _, data in store.originals()
        if share == 1.0 or _sampled(aid, share)
    )
    with store.transaction():
        store.set_meta(f"model:{vectors}", {**model.to_json(), "originals": originals})
    return model


# -- 5. per-story work -------------------------------------------------------------------


def _per_story(
    store: Store, engine: Engine, vectors: str, touched: set[str], everything: bool
) -> tuple[int, int]:
    """Timelines, coverage and positions of the changed stories; returns (analysed, stories)."""
    members: dict[str, list[str]] = {}
    for article_id, placed in store.active_analysis("story"):
        members.setdefault(placed["story"], []).append(article_id)
    stored = store.stored_story_sizes()
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
        if len(out) >= STORIES_PER_WRITE:
            store.put_stories(out)
            out.clear()
    store.put_stories(out, delete=gone)
    return len(wanted), len(members)


__all__ = [
    "BATCH",
    "FEATURE_CHUNK",
    "PAIR_CHUNK",
    "BuildReport",
    "Engine",
    "LocalEngine",
    "ProgressCallback",
    "StoryRow",
    "analyse_story",
    "build",
    "default_workers",
]
