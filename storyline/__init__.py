"""storyline: dated, sourced timelines, positions and coverage from piles of news articles."""

import logging

from .api import AnalysedStory, Analysis, analyse
from .errors import IngestError as IngestFailure
from .errors import StoreError, StorylineError
from .model import Article, Document, Sentence, Story, TimelineEntry, TimeMention
from .version import __version__

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
