"""The dates part of an article in ``storyline.json``: each sentence's event date and time mentions.

Kept beside the tagger so the JSON form and the dataclasses change together;
``report.article_to_json`` calls it. The form is documented in docs/output.md.
"""

from __future__ import annotations

from collections import defaultdict

from ..model import Article, TimeMention
from .tagger import event_date, tag_article


def mention_json(mention: TimeMention) -> dict:
    return {
        "text": mention.text,
        "start": mention.start,
        "end": mention.end,
        "value": mention.value,
        "precision": mention.precision,
        "relation": mention.relation,
        "role": mention.role,
        "kind": mention.kind,
    }


def sentence_dates_json(article: Article, *, tagged: bool = False) -> list[dict]:
    """One entry per sentence that has a date: its event date, how it was found, its mentions.

    ``from_published`` is true when no date expression of the sentence gave the
    date and it falls back to the article's publication date. An article read
    back from the store (mentions are not stored) is tagged here, so every
    caller (export, the web API) gives the same JSON; ``tagged`` says its mentions are
    already complete (read back from the build's features), even when there are none.
    """
    if not tagged and not article.mentions:
        article = tag_article(article)
    by_sentence: dict[int, list[TimeMention]] = defaultdict(list)
    for mention in article.mentions:
        by_sentence[mention.sentence].append(mention)
    out = []
    for sentence in article.sentences:
        own = by_sentence.get(sentence.index, [])
        past = [m for m in own if m.relation != "future"]
        found = event_date(sentence, past, article)
        if found is None and not own:
            continue
        value, precision, how = found if found else (None, None, None)
        out.append(
            {
                "sentence": sentence.index,
                "date": value,
                "precision": precision,
                "from_published": how == "published",
                "mentions": [mention_json(m) for m in own],
            }
        )
    return out
