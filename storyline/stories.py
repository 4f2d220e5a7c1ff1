"""Grouping articles into stories.

The first method puts every article of the input into one story. Its
interface (articles in, ``Story`` objects out, with stable ids) is what the
clustering stage will keep.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence

from .model import Article, Story


def story_id(article_ids: Sequence[str]) -> str:
    """A stable id for a story: a hash of its earliest-sorted member ids."""
    return "s" + hashlib.sha256("\n".join(sorted(article_ids)).encode()).hexdigest()[:11]


def story_title(articles: Sequence[Article]) -> str:
    """The most common title among the members, else the first sentence's opening words."""
    titles = Counter(a.title for a in articles if a.title)
    if titles:
        return titles.most_common(1)[0][0]
    for article in articles:
        if article.sentences:
            words = article.sentences[0].text.split()
            return " ".join(words[:12]) + ("…" if len(words) > 12 else "")
    return "Untitled story"


def group_stories(articles: Sequence[Article]) -> list[Story]:
    """One story holding every article (real clustering replaces this)."""
    if not articles:
        return []
    ids = tuple(a.id for a in articles)
    return [Story(id=story_id(ids), title=story_title(articles), article_ids=ids)]
