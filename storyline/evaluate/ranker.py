"""Training the timeline's date ranker, and the leave-one-topic-out protocol that measures it.

A date is labelled positive when the journalist's timeline lists it. Every
candidate date of every gold timeline's window is one sample, with the
features of :func:`storyline.timeline.date_features`; each timeline weighs the
same in training (a topic with five timelines and thousands of candidate days
would otherwise decide the model). The model is scikit-learn's logistic
regression, as DATEWISE's supervised date ranker (Gholipour Ghalandari &
Ifrim, 2020); only its coefficients ship (``storyline/date_ranker.json``), so
the product never trains at run time.

``python -m storyline.evaluate.ranker DATASET`` retrains the shipped model on
every topic of DATASET; :func:`leave_one_out` gives, for each topic, the model
trained on all the others (the figures we report).
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import require
from ..model import Article
from ..timeline import (
    DATE_FEATURES,
    RANKER_PATH,
    DateRanker,
    candidates,
    date_features,
    sentence_space,
)
from .data import GoldTimeline, in_window

log = logging.getLogger(__name__)

#: Inverse regularisation strength of the logistic regression (scikit-learn's default;
#: not tuned, so that the only fitted numbers are the coefficients themselves).
REGULARISATION_C = 1.0
#: Training windows offer month candidates too (labelled negative, the protocol asks for
#: days), so that the ``month`` coefficient is learned for the product's month entries.
TRAIN_MONTHS = True


@dataclass(frozen=True, slots=True)
class Samples:
    """The candidate dates of one gold timeline's window: features and whether the gold lists them."""

    topic: str
    timeline: str
    keys: tuple[tuple[str, str], ...]
    features: tuple[tuple[float, ...], ...]
    labels: tuple[int, ...]


def timeline_samples(topic: str, window: Sequence[Article], gold: GoldTimeline) -> Samples:
    """Features and labels of every candidate date within ``gold``'s span."""
    originals = [a for a in window if not a.duplicate_of]
    found = candidates(originals, start=gold.start, end=gold.end, months=TRAIN_MONTHS)
    space = sentence_space(found) if found else None
    features = date_features(originals, found, space)
    gold_days = {d for d, _ in gold.dates}
    keys = tuple(sorted(features))
    return Samples(
        topic,
        gold.name,
        keys,
        tuple(features[k] for k in keys),
        tuple(int(k[1] == "day" and k[0] in gold_days) for k in keys),
    )


def train(samples: Iterable[Samples]) -> DateRanker:
    """A logistic regression over ``samples``, each timeline weighing the same."""
    import numpy as np

    linear = require("sklearn.linear_model", "eval")
    rows: list[tuple[float, ...]] = []
    labels: list[int] = []
    weights: list[float] = []
    for group in samples:
        if not group.keys:
            continue
        rows.extend(group.features)
        labels.extend(group.labels)
        weights.extend([1.0 / len(group.keys)] * len(group.keys))
    if len(set(labels)) < 2:
        raise ValueError("training needs both gold and non-gold dates")
    weight = np.array(weights) * len(weights) / sum(weights)
    model = linear.LogisticRegression(C=REGULARISATION_C, max_iter=1000)
    model.fit(np.array(rows), np.array(labels), sample_weight=weight)
    return DateRanker(
        DATE_FEATURES,
        tuple(round(float(w), 4) for w in model.coef_[0]),
        round(float(model.intercept_[0]), 4),
    )


def leave_one_out(samples: Sequence[Samples]) -> dict[str, DateRanker]:
    """For each topic, the ranker trained on every other topic's timelines."""
    topics = sorted({s.topic for s in samples})
    return {t: train(s for s in samples if s.topic != t) for t in topics}


def write_ranker(ranker: DateRanker, path: str | Path = RANKER_PATH) -> Path:
    target = Path(path)
    target.write_text(json.dumps(ranker.as_json(), indent=1) + "\n", "utf-8")
    return target


def topic_samples(
    topic: str, articles: Sequence[Article], golds: Iterable[GoldTimeline]
) -> list[Samples]:
    """Samples of each gold timeline of one topic, over its (prepared, tagged) articles."""
    return [timeline_samples(topic, in_window(articles, gold), gold) for gold in golds]


def dataset_samples(dataset: str | Path, cache: str | Path | None = None) -> list[Samples]:
    """Samples of every gold timeline of every topic of ``dataset``."""
    from .data import cached_articles, gold_timelines, topics

    out = []
    for topic in topics(dataset):
        folder = Path(dataset) / topic
        out.extend(topic_samples(topic, cached_articles(folder, cache), gold_timelines(folder)))
    return out


def main(argv: list[str]) -> int:
    """``python -m storyline.evaluate.ranker DATASET [CACHE]``: retrain the shipped ranker."""
    if not argv:
        log.error("usage: python -m storyline.evaluate.ranker DATASET [CACHE_DIR]")
        return 2
    samples = dataset_samples(argv[0], argv[1] if len(argv) > 1 else None)
    path = write_ranker(train(samples))
    log.info("wrote %s from %d timelines", path, len(samples))
    return 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    sys.exit(main(sys.argv[1:]))
