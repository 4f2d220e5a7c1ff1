"""The standard timeline-summarisation protocol (Tran et al. 2013; news-tls 2020).

For each gold timeline of each topic: ``l`` dates and ``k`` sentences per date
(the gold timeline's own mean, rounded), input clipped to the gold span, one
predicted timeline, scored by :mod:`storyline.evaluate.metrics`; scores
averaged the news-tls way. Methods come by name from :data:`METHODS`: the
storyline timeline and two baselines (publication count, random dates) that
share its sentence selection, so the table shows what date choice is worth.
"""

from __future__ import annotations

import json
import logging
import os
import random
import resource
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from ..model import Article
from ..timeline import DateRanker, build_timeline, candidates, summarise
from .data import GoldTimeline, cached_articles, gold_timelines, in_window, topics
from .metrics import Scorer, TimelineScores, average

log = logging.getLogger(__name__)

#: Processes preparing a topic's articles (the target machine has two cores).
WORKERS = min(2, os.cpu_count() or 1)
#: Seed of the random-dates baseline.
RANDOM_SEED = 13

Predicted = list[tuple[str, list[str]]]
Method = Callable[[Sequence[Article], GoldTimeline], Predicted]


def _as_pairs(entries) -> Predicted:
    return [(e.date, list(e.summary)) for e in entries]


def storyline_method(
    articles: Sequence[Article], gold: GoldTimeline, ranker: str | DateRanker = "learned"
) -> Predicted:
    """storyline's own timeline, days only (the shipped date ranker unless one is given)."""
    entries = build_timeline(
        articles,
        max_dates=len(gold.dates),
        per_date=gold.sentences_per_date,
        start=gold.start,
        end=gold.end,
        months=False,
        ranker=ranker,
    )
    return _as_pairs(entries)


def pubcount_method(articles: Sequence[Article], gold: GoldTimeline) -> Predicted:
    """Baseline: the days with most articles published, same sentence selection."""
    found = candidates(articles, start=gold.start, end=gold.end)
    counts: dict[tuple[str, str], float] = {}
    for article in articles:
        day = article.published if article.published_precision == "day" else None
        if day and gold.start <= day <= gold.end:
            counts[(day, "day")] = counts.get((day, "day"), 0.0) + 1.0
    entries = summarise(found, counts, max_dates=len(gold.dates), per_date=gold.sentences_per_date)
    return _as_pairs(entries)


def random_method(articles: Sequence[Article], gold: GoldTimeline) -> Predicted:
    """Baseline: random days among those with candidate sentences (seeded), same sentence selection."""
    found = candidates(articles, start=gold.start, end=gold.end)
    days = sorted({(c.date, c.precision) for c in found})
    rng = random.Random(f"{RANDOM_SEED}:{gold.name}")
    order = rng.sample(days, len(days))
    salience = {key: float(len(order) - i) for i, key in enumerate(order)}
    entries = summarise(
        found, salience, max_dates=len(gold.dates), per_date=gold.sentences_per_date
    )
    return _as_pairs(entries)


def counts_method(articles: Sequence[Article], gold: GoldTimeline) -> Predicted:
    """storyline with the hand-weighted date counts instead of the learned ranker."""
    return storyline_method(articles, gold, ranker="counts")


#: Methods by name.
METHODS: dict[str, Method] = {
    "storyline": storyline_method,
    "counts": counts_method,
    "pubcount": pubcount_method,
    "random": random_method,
}


def method_named(name: str) -> Method:
    if name not in METHODS:
        raise ValueError(f"unknown method {name!r}; choose from {', '.join(METHODS)}")
    return METHODS[name]


@dataclass(frozen=True, slots=True)
class TimelineResult:
    topic: str
    name: str
    dates: int
    per_date: int
    scores: TimelineScores
    seconds: float  # the method alone on this timeline's window


@dataclass
class TopicRun:
    topic: str
    articles: int
    load_seconds: float
    results: list[TimelineResult] = field(default_factory=list)
    #: CPU seconds of preparing and tagging (this process and its workers): comparable
    #: between runs on a shared machine, where wall-clock seconds are not.
    load_cpu_seconds: float = 0.0

    @property
    def seconds(self) -> float:
        """End to end from raw text: loading, tagging and every timeline of the topic."""
        return self.load_seconds + sum(r.seconds for r in self.results)


def cpu_seconds() -> float:
    """CPU seconds (user + system) used so far by this process and its finished workers."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def peak_memory_mb() -> float:
    """Peak resident memory so far of this process or its largest worker (Linux reports KiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, workers) / 1024


def run_topic(
    topic_dir: Path,
    methods: dict[str, Method],
    scorer: Scorer,
    out: Path | None = None,
    workers: int = 1,
    loaded: tuple[list[Article], float, float] | None = None,
) -> dict[str, TopicRun]:
    """Every gold timeline of one topic, for each method; predictions written under ``out``.

    ``loaded`` is the topic's articles already prepared, with the wall-clock and CPU
    seconds that took.
    """
    if loaded is None:
        loaded = _timed_load(topic_dir, None, workers)
    articles, load_seconds, load_cpu = loaded
    runs = {
        name: TopicRun(topic_dir.name, len(articles), load_seconds, load_cpu_seconds=load_cpu)
        for name in methods
    }
    for gold in gold_timelines(topic_dir):
        window = in_window(articles, gold)
        for name, method in methods.items():
            began = time.perf_counter()
            predicted = method(window, gold)
            seconds = time.perf_counter() - began
            scores = scorer.score(predicted, [(d, list(s)) for d, s in gold.dates])
            runs[name].results.append(
                TimelineResult(
                    topic_dir.name,
                    gold.name,
                    len(gold.dates),
                    gold.sentences_per_date,
                    scores,
                    seconds,
                )
            )
            if out is not None:
                folder = out / (
                    topic_dir.name if name == "storyline" else f"{name}/{topic_dir.name}"
                )
                folder.mkdir(parents=True, exist_ok=True)
                (folder / f"{gold.name}.json").write_text(
                    json.dumps(predicted, indent=1) + "\n", "utf-8"
                )
            log.info("%s %s %s: AR-1 F %.3f", name, topic_dir.name, gold.name, scores.ar1.f)
    return runs


def _timed_load(
    topic_dir: Path, cache: str | Path | None, workers: int
) -> tuple[list[Article], float, float]:
    started, cpu = time.perf_counter(), cpu_seconds()
    articles = cached_articles(topic_dir, cache, workers=workers)
    return articles, time.perf_counter() - started, cpu_seconds() - cpu


def loo_rankers(
    dataset: str | Path, articles: Mapping[str, Sequence[Article]]
) -> dict[str, DateRanker]:
    """For each topic, the date ranker trained on the gold timelines of every other topic."""
    from .ranker import leave_one_out, topic_samples

    samples = [
        s
        for topic, rows in articles.items()
        for s in topic_samples(topic, rows, gold_timelines(Path(dataset) / topic))
    ]
    return leave_one_out(samples)


def evaluate(
    dataset: str | Path,
    *,
    only: Sequence[str] = (),
    methods: Sequence[str] = ("storyline",),
    rouge: str = "original",
    out: str | Path | None = None,
    workers: int = WORKERS,
    loo: bool = False,
    cache: str | Path | None = None,
    progress: Callable[[str, int, int | None], None] | None = None,
) -> dict:
    """Run the protocol over a dataset; the results as a JSON-ready dict (also ``out/results.json``).

    ``loo`` scores each topic with a date ranker trained on every other topic
    of the dataset (leave one topic out; the figures we report) instead of the
    shipped one. ``cache`` keeps prepared articles between runs (see
    :func:`~storyline.evaluate.data.cached_articles`). ``progress`` hears
    ``("topics", done, total)`` after each topic.
    """
    chosen = {name: method_named(name) for name in methods}
    names = topics(dataset)
    if only:
        unknown = sorted(set(only) - set(names))
        if unknown:
            raise ValueError(
                f"unknown topic(s) {', '.join(unknown)}; choose from {', '.join(names)}"
            )
        names = [n for n in names if n in only]
    scorer = Scorer(rouge)
    out_dir = Path(out) if out is not None else None
    all_runs: dict[str, list[TopicRun]] = {name: [] for name in chosen}
    loaded: dict[str, tuple[list[Article], float, float]] = {}
    rankers: Mapping[str, DateRanker] = {}
    if loo:
        loaded = {t: _timed_load(Path(dataset) / t, cache, workers) for t in topics(dataset)}
        rankers = loo_rankers(dataset, {t: a for t, (a, _, _) in loaded.items()})
    for done, topic in enumerate(names, 1):
        methods_here = dict(chosen)
        if topic in rankers and "storyline" in methods_here:
            methods_here["storyline"] = partial(storyline_method, ranker=rankers[topic])
        got = loaded.get(topic) or (
            _timed_load(Path(dataset) / topic, cache, workers) if cache else None
        )
        for name, run in run_topic(
            Path(dataset) / topic, methods_here, scorer, out_dir, workers, got
        ).items():
            all_runs[name].append(run)
        if progress:
            progress("topics", done, len(names))
    result: dict[str, Any] = {
        "dataset": str(dataset),
        "rouge": rouge,
        "protocol": "leave-one-topic-out" if loo else "shipped ranker",
        "methods": {},
    }
    if rankers:
        result["rankers"] = {t: r.as_json() for t, r in rankers.items()}
    for name, runs in all_runs.items():
        timelines = [r for run in runs for r in run.results]
        result["methods"][name] = {
            "overall": average([r.scores for r in timelines]).as_dict(),
            "timelines": len(timelines),
            "topics": {
                run.topic: {
                    "articles": run.articles,
                    "seconds": round(run.seconds, 2),
                    "load_seconds": round(run.load_seconds, 2),
                    "load_cpu_seconds": round(run.load_cpu_seconds, 2),
                    "average": average([r.scores for r in run.results]).as_dict(),
                    "timelines": {
                        r.name: {
                            "dates": r.dates,
                            "per_date": r.per_date,
                            "seconds": round(r.seconds, 2),
                            **r.scores.as_dict(),
                        }
                        for r in run.results
                    },
                }
                for run in runs
            },
        }
    result["peak_memory_mb"] = round(peak_memory_mb(), 1)
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / "results.json").write_text(json.dumps(result, indent=1) + "\n", "utf-8")
    return result
