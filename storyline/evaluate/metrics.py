"""Timeline metrics: ROUGE under the align+ m:1 date-content alignment, and date F1.

The ROUGE part is the ``tilse`` package (Martschat & Markert), the reference
implementation every published T17 number uses: ``rouge="original"`` runs the
bundled ROUGE-1.5.5 Perl script (Porter stemming, stopwords removed; needs Perl
with XML::Parser), ``rouge="reimpl"`` tilse's faster Python approximation (for
tuning only; never for reported numbers). Averaging follows news-tls
(Gholipour Ghalandari & Ifrim, 2020): precision and recall are averaged over
all timelines, F is computed from the averages.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..errors import StorylineError, require

#: ROUGE computations tilse offers, by name.
ROUGE_CHOICES = ("original", "reimpl")

Timeline = Sequence[tuple[str, Sequence[str]]]


@dataclass(frozen=True, slots=True)
class PRF:
    precision: float
    recall: float

    @property
    def f(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float]:
        return {"precision": self.precision, "recall": self.recall, "f": self.f}


@dataclass(frozen=True, slots=True)
class TimelineScores:
    ar1: PRF
    ar2: PRF
    dates: PRF

    def as_dict(self) -> dict[str, dict[str, float]]:
        return {"ar1": self.ar1.as_dict(), "ar2": self.ar2.as_dict(), "date": self.dates.as_dict()}


def _tilse_timeline(timeline: Timeline):
    timelines = require("tilse.data.timelines", "eval")
    mapping: dict[datetime.date, list[str]] = {}
    for day, sentences in timeline:
        mapping.setdefault(datetime.date.fromisoformat(day[:10]), []).extend(sentences)
    return timelines.Timeline(mapping)


def check_perl() -> None:
    """ROUGE-1.5.5 needs Perl with XML::Parser; say so in one line rather than fail mid-run."""
    import shutil
    import subprocess

    perl = shutil.which("perl")
    if (
        perl is None
        or subprocess.run([perl, "-MXML::Parser", "-e", "1"], capture_output=True).returncode
    ):
        raise StorylineError(
            "ROUGE-1.5.5 needs Perl with XML::Parser (Debian/Ubuntu: apt-get install libxml-parser-perl); "
            "--rouge reimpl approximates it without Perl"
        )


def date_prf(predicted: Iterable[str], reference: Iterable[str]) -> PRF:
    """Exact-day overlap of two date sets (news-tls ``evaluate_dates``)."""
    pred, ref = set(predicted), set(reference)
    shared = len(pred & ref)
    return PRF(shared / len(pred) if pred else 0.0, shared / len(ref) if ref else 0.0)


class Scorer:
    """Scores predicted timelines against one reference timeline at a time."""

    def __init__(self, rouge: str = "original") -> None:
        if rouge not in ROUGE_CHOICES:
            raise ValueError(f"unknown rouge {rouge!r}; choose from {', '.join(ROUGE_CHOICES)}")
        module = require("tilse.evaluation.rouge", "eval")
        if rouge == "original":
            check_perl()
        self._evaluator = module.TimelineRougeEvaluator(
            measures=["rouge_1", "rouge_2"], rouge_computation=rouge
        )

    def score(self, predicted: Timeline, reference: Timeline) -> TimelineScores:
        timelines = require("tilse.data.timelines", "eval")
        pred = _tilse_timeline(predicted)
        ref = _tilse_timeline(reference)
        if not len(pred):
            rouge = {m: {"precision": 0.0, "recall": 0.0} for m in ("rouge_1", "rouge_2")}
        else:
            rouge = self._evaluator.evaluate_align_date_content_costs_many_to_one(
                pred, timelines.GroundTruth([ref])
            )
        return TimelineScores(
            PRF(rouge["rouge_1"]["precision"], rouge["rouge_1"]["recall"]),
            PRF(rouge["rouge_2"]["precision"], rouge["rouge_2"]["recall"]),
            date_prf((d[:10] for d, _ in predicted), (d[:10] for d, _ in reference)),
        )


def average(scores: Sequence[TimelineScores]) -> TimelineScores:
    """The news-tls average: mean precision and mean recall, F from those means."""
    if not scores:
        raise ValueError("nothing to average")
    n = len(scores)

    def mean(get) -> PRF:
        return PRF(
            sum(get(s).precision for s in scores) / n, sum(get(s).recall for s in scores) / n
        )

    return TimelineScores(mean(lambda s: s.ar1), mean(lambda s: s.ar2), mean(lambda s: s.dates))
