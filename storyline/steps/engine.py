"""Where the build's per-article and per-story work runs: the ``Engine`` protocol and
``LocalEngine`` (this process, or worker processes forked from it).

The Spark engine (``storyline.engines.spark_build``) implements the same protocol.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Protocol

from .. import features as feats
from ..dedup import Sketch, check_pair, sentence_sets, sketch
from ..llm import check_extractor
from ..model import Article, Story
from ..store import CopyPair, Store, StoryRow
from .story import analyse_story

#: Articles (pairs) per task handed to a worker process.
FEATURE_CHUNK = 64
PAIR_CHUNK = 1000
#: ``progress(step, done, total)``: ``done`` items of a build step so far, ``total`` when
#: known; ``done=0`` when the step starts, ``done == total`` when it ends.
ProgressCallback = Callable[[str, int, int | None], None]


class Engine(Protocol):
    """Where the per-article and per-story work runs."""

    def features(self, articles: Iterable[Article]) -> Iterator[tuple[str, feats.Features]]: ...

    def copy_pairs(self, store: Store) -> tuple[int, list[CopyPair]]:
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
        self,
        workers: int | None = None,
        *,
        extractor: str = "rules",
        progress: ProgressCallback | None = None,
    ) -> None:
        self.workers = max(1, workers if workers is not None else default_workers())
        self.extractor = check_extractor(extractor)  # "rules" | "llm" (storyline.llm)
        self.progress = progress or (lambda step, done, total: None)

    def features(self, articles: Iterable[Article]) -> Iterator[tuple[str, feats.Features]]:
        batches = chunks(articles, FEATURE_CHUNK)
        done: Iterator[tuple[Any, Any]]
        if self.workers == 1:
            done = ((chunk, feats.article_features(chunk)) for chunk in batches)
        else:
            _preload()
            done = _pool_map(self.workers, _features_job, batches)
        count = 0
        for chunk, found in done:
            yield from zip((a.id for a in chunk), found, strict=True)
            count += len(chunk)
            self.progress("features", count, None)

    def copy_pairs(self, store: Store) -> tuple[int, list[CopyPair]]:
        batches = chunks(store.candidate_pairs(), PAIR_CHUNK)
        if self.workers == 1:
            sketches = Sketches(store)
            done = ((chunk, check_pairs(store, chunk, sketches)) for chunk in batches)
        else:
            tasks = ((store.path, chunk) for chunk in batches)
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
        done: Iterator[Story]
        if self.workers == 1 or len(jobs) < 2:
            done = (
                analyse_story(store, story_id, ids, copy_of, idf, self.extractor)
                for story_id, ids in jobs
            )
        else:
            _preload()
            tasks = (
                (store.path, story_id, list(ids), {a: copy_of[a] for a in ids if a in copy_of}, idf)
                + (self.extractor,)
                for story_id, ids in jobs
            )
            done = (story for _, story in _pool_map(self.workers, _story_job, tasks))
        for count, story in enumerate(done, 1):
            yield story
            self.progress("per-story", count, len(jobs))


class Sketches:
    """Sketches of recently checked articles (an LRU cache over the store's texts)."""

    def __init__(self, store: Store, size: int = 1024) -> None:
        self.store, self.size = store, size
        self.cache: OrderedDict[str, tuple[Article, Sketch, bytes]] = OrderedDict()

    def get(self, article_id: str) -> tuple[Article, Sketch, bytes]:
        if article_id in self.cache:
            self.cache.move_to_end(article_id)
            return self.cache[article_id]
        article = self.store.load_articles([article_id])[0]
        sig = self.store.signature(article_id)
        self.cache[article_id] = (article, sketch(article, keys=False), sig)
        if len(self.cache) > self.size:
            self.cache.popitem(last=False)
        return self.cache[article_id]


def check_pairs(
    store: Store, pairs: Sequence[tuple[str, str]], sketches: Sketches | None = None
) -> list:
    """The copy checks of candidate pairs sorted by first id (``dedup.check_pair``)."""
    sketches = sketches or Sketches(store)
    found = []
    for i, j in pairs:
        a, sa, ga = sketches.get(i)
        b, sb, gb = sketches.get(j)
        result = check_pair(sa, sb, ga, gb, lambda a=a, b=b: (sentence_sets(a), sentence_sets(b)))
        if result:
            found.append((i, j, *result))
    return found


def default_workers() -> int:
    """Worker processes by default: the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """``items`` in lists of ``size`` (the last may be shorter), read as they are needed."""
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# -- worker processes --------------------------------------------------------------------


def _pool_map(workers: int, fn: Any, tasks: Iterable[Any]) -> Iterator[tuple[Any, Any]]:
    """``(task, fn(task))`` in task order, with at most two tasks per worker in flight
    (``Executor.map`` would read every task up front)."""
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(
        workers, mp_context=_mp_context(), initializer=_die_with_parent
    ) as pool:
        window: deque = deque()
        for task in tasks:
            window.append((task, pool.submit(fn, task)))
            if len(window) >= 2 * workers:
                task, future = window.popleft()
                yield task, future.result()
        while window:
            task, future = window.popleft()
            yield task, future.result()


def _mp_context() -> Any:
    """How worker processes start: ``fork`` from a process with one thread (workers
    start at once and share what it loaded; a script calling build needs no
    ``__main__`` guard), else ``forkserver``. Fork copies only the calling thread, so in
    a threaded process (the web server) a lock another thread held, SQLite's allocator
    lock say, stays held for good in the child, and the worker never runs."""
    import multiprocessing
    import threading

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__])  # each worker forks with it loaded
        return context
    return multiprocessing.get_context("spawn")


def _die_with_parent() -> None:
    """Worker start-up: on Linux, ask the kernel to kill this worker when its parent
    dies (a ``kill -9`` of ``build``, a stopped server), rather than leave it running."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    pr_set_pdeathsig = 1  # from <sys/prctl.h>
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # no prctl: the worker ends with its queue instead
        return
    if os.getppid() == 1:  # the parent died before the request took effect
        os._exit(1)


def _preload() -> None:
    """Load spaCy here, before the workers fork: they share it, and none imports it
    half-way while another thread holds the import lock."""
    from .. import nlp
    from ..errors import MissingExtra

    with contextlib.suppress(MissingExtra):
        nlp.load()


_WORKER_STORES: dict[str, Store] = {}
_WORKER_SKETCHES: dict[str, Sketches] = {}


def _worker_store(path: str) -> Store:
    if path not in _WORKER_STORES:
        _WORKER_STORES[path] = Store(path)
    return _WORKER_STORES[path]


def _features_job(chunk: list[Article]) -> list[feats.Features]:
    return feats.article_features(chunk)


def _pairs_job(task: tuple) -> list:
    path, pairs = task
    store = _worker_store(path)
    if path not in _WORKER_SKETCHES:  # kept across tasks: an article's text never changes
        _WORKER_SKETCHES[path] = Sketches(store)
    return check_pairs(store, pairs, _WORKER_SKETCHES[path])


def _story_job(task: tuple) -> Story:
    path, story_id, ids, copy_of, idf, extractor = task
    return analyse_story(_worker_store(path), story_id, ids, copy_of, idf, extractor)
