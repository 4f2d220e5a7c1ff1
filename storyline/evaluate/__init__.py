"""Evaluation of storyline against published benchmarks (``storyline eval``)."""

from .metrics import PRF, Scorer, TimelineScores, average, date_prf
from .protocol import METHODS, evaluate

__all__ = ["METHODS", "PRF", "Scorer", "TimelineScores", "average", "date_prf", "evaluate"]
