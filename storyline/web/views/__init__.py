"""What the pages show, computed from stored story dicts and articles.

Pure functions over plain data (the story objects of ``storyline.json`` and
``Article``s): no store, no FastAPI, no HTML. The templates escape every string
they receive, so nothing here builds markup. Written by hand because the layouts
are ours: a time axis with real gaps, the actors × issues matrix, the outlet ×
event coverage matrix, and the highlight segments of an article page.

Sections other stages add (positions, gaps, shifts, quotes, figures, actors,
coverage) are read defensively: a missing or empty section is "not available
yet", an unknown shape is shown as nested lists rather than dropped.

One module per part of the pages: ``common`` (dates, outlets, the story list,
names), ``timeline`` (the time axis and entries), ``positions`` (the matrix and
quotes), ``coverage`` (outlets × events, copies) and ``article`` (highlights).
Every name is re-exported here. The article paging limits live in this module
itself: the app reads them as ``views.PAGE_SENTENCES`` and so on, so that one
setting (or a test's ``monkeypatch``) changes the page, the page count and the API
alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ...model import Article
from .article import (
    HIGHLIGHT_KINDS,
    MIN_NAME_CHARS,
    article_body,
    article_spans,
    highlight_segments,
)
from .common import (
    UNKNOWN_OUTLET,
    date_span,
    outlet_name,
    present,
    safe_url,
    story_outlets,
    story_row,
    story_span,
)
from .coverage import copy_groups, coverage_matrix, coverage_rest
from .positions import STANCE_FAMILIES, position_matrix, quotes_by_speaker, stance_family
from .timeline import (
    AXIS_PAD,
    AXIS_WIDTH,
    CONTEXT_SENTENCES,
    DOT_SPACING,
    GAP_DAYS,
    LANE_HEIGHT,
    MAX_TICK_LABELS,
    source_context,
    time_axis,
    timeline_entries,
)

__all__ = [
    "API_SENTENCES",
    "AXIS_PAD",
    "AXIS_WIDTH",
    "CONTEXT_SENTENCES",
    "DOT_SPACING",
    "GAP_DAYS",
    "HIGHLIGHT_KINDS",
    "LANE_HEIGHT",
    "LONG_ARTICLE_CHARS",
    "MAX_TICK_LABELS",
    "MIN_NAME_CHARS",
    "PAGE_SENTENCES",
    "RAW_INLINE_CHARS",
    "STANCE_FAMILIES",
    "UNKNOWN_OUTLET",
    "api_text",
    "api_window",
    "article_body",
    "article_spans",
    "copy_groups",
    "coverage_matrix",
    "coverage_rest",
    "date_span",
    "highlight_segments",
    "outlet_name",
    "page_count",
    "position_matrix",
    "present",
    "quotes_by_speaker",
    "safe_url",
    "source_context",
    "stance_family",
    "story_outlets",
    "story_row",
    "story_span",
    "time_axis",
    "timeline_entries",
]

# -- article paging ------------------------------------------------------------

#: Articles longer than this (characters) are shown a page at a time, and read from
#: the store only in part (``Store.article_window``): a 50 MB article took two
#: minutes to render whole. The longest T17 article is under 100 kB.
LONG_ARTICLE_CHARS = 200_000
#: Sentences on one page of a long article (at most 5,000 characters each).
PAGE_SENTENCES = 400
#: Longest raw text shown inside the article page; a longer one is only linked.
RAW_INLINE_CHARS = 200_000
#: Most sentences one API answer lists (``offset``/``limit`` page through them); an
#: article longer than ``LONG_ARTICLE_CHARS`` gets the text of those sentences only.
API_SENTENCES = 2_000


def page_count(n_sentences: int) -> int:
    return max(1, -(-n_sentences // PAGE_SENTENCES))


def _sentences_json(sentences: Iterable[Any], shift: int = 0) -> list[dict]:
    return [
        {"index": x.index, "start": x.start + shift, "end": x.end + shift, "paragraph": x.paragraph}
        for x in sentences
    ]


def _next(article_id: str, offset: int, limit: int, total: int) -> dict[str, Any]:
    if offset + limit >= total:
        return {}
    return {
        "sentences_total": total,
        "next": f"/api/articles/{article_id}?offset={offset + limit}&limit={limit}",
    }


def api_text(article: Article, offset: int, limit: int) -> dict[str, Any]:
    """The API's text and sentences ``offset`` to ``offset + limit`` of an article."""
    window = article.sentences[offset : offset + limit]
    return {
        "text": article.text,
        "sentences": _sentences_json(window),
        **_next(article.id, offset, limit, len(article.sentences)),
    }


def api_window(part: Any, offset: int, limit: int) -> dict[str, Any]:
    """The same for a long article read in part (a ``store.ArticleWindow``): the text
    of the sentences returned, from ``text_offset`` in the whole; offsets stay those
    of the whole text."""
    article = part.article
    return {
        "text": article.text,
        "text_offset": part.offset,
        "text_truncated": True,
        "text_chars": part.chars,
        "raw_url": f"/articles/{article.id}/raw",
        "sentences": _sentences_json(article.sentences, part.offset),
        **_next(article.id, offset, limit, part.n_sentences),
    }
