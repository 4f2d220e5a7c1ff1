"""storyline: dated, sourced timelines, positions and coverage from piles of news articles."""

import logging

__version__ = "0.1.0"

from .api import AnalysedStory, Analysis, analyse  # noqa: E402
from .errors import IngestError as IngestFailure  # noqa: E402
from .errors import StoreError, StorylineError  # noqa: E402
from .model import Article, Document, Sentence, Story, TimelineEntry, TimeMention  # noqa: E402

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = [
    "__version__",
    "analyse",
    "Analysis",
    "AnalysedStory",
    "Article",
    "Document",
    "IngestFailure",
    "Sentence",
    "StoreError",
    "Story",
    "StorylineError",
    "TimeMention",
    "TimelineEntry",
]
