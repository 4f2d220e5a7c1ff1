"""The sentences a timeline can use: candidates per date, their vectors, and the text filters.

A candidate is a (sentence, date) pair: the sentence mentions the date (a past
mention, at day or month precision), or leads an article published that day
without naming another date. :func:`sentence_space` gives every candidate's
TF-IDF vector and the story's query (given, or the words most articles share);
:func:`usable` and :func:`self_contained` say whether a sentence can stand
alone as a summary. Used by :mod:`storyline.timeline_dates` (date features) and
:mod:`storyline.timeline` (the summaries).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .dates.tagger import event_mentions
from .model import Article, TimeMention

#: The first sentences of an article stand for its publication day when they name no date.
LEAD_SENTENCES = 5
#: Without a query, the words most articles share stand in for one (0 turns this off).
AUTO_QUERY_TERMS = 10
#: Sentences shorter or longer than this (in words) make poor summaries.
MIN_WORDS, MAX_WORDS = 6, 70

_TOKEN = re.compile(r"[a-z][a-z0-9]+|\d{2,}")
# Penn Treebank brackets and quotes left in pre-tokenised corpora (T17).
_PTB = re.compile(r"-[LR][RSC]B-|``|''")
# A dateline or credit before the story proper: "NEW ORLEANS AP --", "LONDON | Thu Apr 29 , 2010 11:29 am EDT".
_DATELINE = re.compile(
    r"^[A-Z][A-Z .,'/&-]{1,40}(?:-LRB-[^-]{1,30}-RRB-|\(?[A-Z][A-Za-z]{1,12}\)?)?\s*(?:--|\|)\s*"
)
_WIRE_DATELINE = re.compile(r"^.{0,80}?\b(?:Reuters|AP|AFP|CNN)\s*(?:--|-|:)\s+")
#: Teasers cut off with "...", questions, quotations and photo captions make poor summaries.
_UNUSABLE = re.compile(
    r"(?:\.\.\.|…|\?)\s*$|``|''|^\W|\b(?:AP|Reuters|AFP)\s+\w{3}\.? \d|^(?:Photo|Picture|Pictured)\b"
    r"|\bwrote\s*:|\b\d{1,2}[.:]\d{2}\s*(?:BST|GMT|EDT|EST|CET|ET|am|pm)\b"
    # Photo captions: "CITY, STATE - JULY 11:", "... is shown Wednesday", "... on May 10, 2023 in
    # New York City.", "... in Everett, on Monday, Sept. 16, 2024." (a full date closing the line).
    r"|^[A-Z][A-Z .,'-]+ - [A-Z]+\.? \d{1,2}:|\b(?:is|are) (?:shown|seen|pictured)\b"
    r"|\bon (?:[A-Z][a-z]+day,? )?[A-Z][a-z]{2,8}\.? \d{1,2},? \d{4},? in [A-Z]"
    r"|, (?:on )?(?:[A-Z][a-z]+day,? )?[A-Z][a-z]{2,8}\.? \d{1,2},? \d{4}\s*\.?\s*$"
)
# A sentence that leans on the one before it: a leading connective or an unresolved pronoun
# ("But ...", "It requires ...", "They are among ..."), or a description that only the previous
# sentence explains ("The group said ...", "The move ..."); "The union", "The company" stay, as
# the story names them. Generic English, no story vocabulary.
_DEPENDENT = re.compile(
    r"^(?:and|but|or|nor|yet|so|however|also|still|instead|moreover|furthermore|"
    r"nevertheless|nonetheless|besides|thus|therefore|hence|meanwhile|then|otherwise|"
    r"similarly|likewise|additionally|indeed|even so|in addition|as a result|by contrast|"
    r"in contrast|on the other hand|at the same time|that is why|in the meantime|"
    r"it|its|it's|they|them|their|theirs|he|him|his|she|her|hers|we|our|us|this|that|"
    r"these|those|such|both|neither|either|another|the other|the latter|the former|"
    r"the (?:group|move|measure|latter|former|two|three|pair|man|woman|official|spokesman|"
    r"spokeswoman))\b",
    re.IGNORECASE,
)
# A weekday right before a calendar date ("Thursday , February 10"): one date, not two.
_WEEKDAY_BEFORE_DATE = re.compile(r"^\s*,?\s*$")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A sentence that may summarise ``date``: it mentions the date, or leads an article of that day."""

    article: Article
    index: int
    text: str
    date: str
    precision: str
    how: str  # "mention" | "published"


def _clean_text(text: str) -> str:
    return " ".join(_PTB.sub(" ", text).split())


def _day_mentions(mentions: Sequence[TimeMention], text: str) -> list[TimeMention]:
    """A sentence's mentions minus a weekday written just before a calendar date."""
    absolute = [m for m in mentions if m.precision == "day" and m.kind == "absolute"]
    kept = []
    for m in mentions:
        if m.kind == "relative" and any(
            a.start >= m.end and _WEEKDAY_BEFORE_DATE.match(text[m.end : a.start]) for a in absolute
        ):
            continue
        kept.append(m)
    return kept


def candidates(
    articles: Sequence[Article],
    *,
    start: str | None = None,
    end: str | None = None,
    months: bool = False,
) -> list[Candidate]:
    """Every (sentence, date) pair a timeline could use, within ``start``..``end``."""

    def inside(value: str) -> bool:
        return (not start or value >= start[: len(value)]) and (
            not end or value <= end[: len(value)]
        )

    wanted = {"day", "month"} if months else {"day"}
    out: list[Candidate] = []
    for article in articles:
        by_sentence: dict[int, list[TimeMention]] = defaultdict(list)
        for mention in article.mentions:
            by_sentence[mention.sentence].append(mention)
        pub = article.published if article.published_precision == "day" else None
        for position, sentence in enumerate(article.sentences):
            own = event_mentions(_day_mentions(by_sentence.get(sentence.index, ()), sentence.text))
            past = {(m.value, m.precision) for m in own if m.relation != "future"}
            dated = sorted((v, p) for v, p in past if p in wanted and inside(v))
            for value, precision in dated:
                out.append(
                    Candidate(article, sentence.index, sentence.text, value, precision, "mention")
                )
            # A lead that names no past date ("talks will resume on Friday") reports its own day.
            if not past and pub and position < LEAD_SENTENCES and inside(pub):
                out.append(
                    Candidate(article, sentence.index, sentence.text, pub, "day", "published")
                )
    return out


@dataclass(frozen=True, slots=True)
class SentenceSpace:
    """The TF-IDF vectors of every candidate sentence, and of the query (given or the story's own)."""

    texts: tuple[str, ...]
    vectorizer: Any
    matrix: Any
    query: Any  # a 1-row sparse matrix, or None


def sentence_space(found: Sequence[Candidate], query: str | None = None) -> SentenceSpace | None:
    """Vectors for ``found``; ``None`` when nothing but stop words is left."""
    from .errors import require

    text_module = require("sklearn.feature_extraction.text", "stories")
    texts = tuple(_clean_text(c.text) for c in found)
    vectorizer = text_module.TfidfVectorizer(
        lowercase=True, stop_words="english", sublinear_tf=True, token_pattern=_TOKEN.pattern
    )
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError:  # nothing but stop words
        return None
    if not query and AUTO_QUERY_TERMS:
        query = topic_terms(vectorizer, matrix, found, AUTO_QUERY_TERMS)
    return SentenceSpace(
        texts, vectorizer, matrix, vectorizer.transform([query]) if query else None
    )


def _words(text: str) -> int:
    return len(_clean_text(text).split())


def summary_text(text: str) -> str:
    """A sentence as a summary: PTB brackets gone, a leading dateline ("NEW ORLEANS AP --") cut."""
    text = _clean_text(text)
    for pattern in (_WIRE_DATELINE, _DATELINE):
        match = pattern.match(text)
        if match and len(text) - match.end() > 20:
            text = text[match.end() :]
    return text


def self_contained(text: str) -> bool:
    """Whether a sentence makes sense alone: no leading connective or pronoun that needs the one before."""
    return not _DEPENDENT.match(summary_text(text).lstrip(" \"'“‘(-"))


def usable(text: str) -> bool:
    """Whether a sentence can stand alone in a summary: a self-contained statement, not a quote,
    teaser or caption."""
    words = _words(text)
    if not MIN_WORDS <= words <= MAX_WORDS:
        return False
    return not _UNUSABLE.search(text) and self_contained(text)


def topic_terms(vectorizer, matrix, found: Sequence[Candidate], count: int) -> str:
    """The ``count`` words found in most articles' candidate sentences: the story's own query."""
    import numpy as np

    by_article: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(found):
        by_article[c.article.id].append(i)
    spread = np.zeros(matrix.shape[1])
    for rows in by_article.values():
        spread[np.unique(matrix[rows].nonzero()[1])] += 1
    vocabulary = vectorizer.get_feature_names_out()
    best = sorted(range(len(spread)), key=lambda j: (-spread[j], vocabulary[j]))[:count]
    return " ".join(vocabulary[j] for j in best)
