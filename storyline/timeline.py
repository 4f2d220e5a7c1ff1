"""A dated, sourced timeline for one story.

The first method: every sentence is dated (its own day or month mention, else
its article's publication day); a date scores by how many distinct articles
support it, mentions counting more than publication; the top dates are
summarised by their most central sentences, without repeating one another.
Every summary sentence keeps its article, sentence index and outlet.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from .dates.tagger import event_date
from .model import Article, Source, TimelineEntry

#: Weight of an article that refers to a date in a sentence, against one that
#: only publishes on it (mentions are stronger evidence that something happened).
MENTION_WEIGHT = 1.0
PUBLISHED_WEIGHT = 0.5
#: Month-precision dates ("early December") compete at this share of their support.
MONTH_WEIGHT = 0.5
#: Sentences shorter or longer than this (in words) make poor summaries.
MIN_WORDS, MAX_WORDS = 6, 60
#: Two summary sentences sharing this share of their words repeat each other.
REDUNDANT_JACCARD = 0.5
#: At most this many sources are listed beside an entry's summary.
MAX_SOURCES = 8

_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    """a an the and or but of to in on at for with by from as is are was were be been has have had
    it its this that these those he she they we i his her their our said says say will would
    not no than then there which who whom what when where after before over about into""".split()
)


@dataclass(frozen=True, slots=True)
class _Dated:
    article: Article
    index: int
    text: str
    date: str
    precision: str
    how: str  # "mention" | "published"


def _tokens(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 1]


def dated_sentences(articles: Sequence[Article]) -> list[_Dated]:
    out: list[_Dated] = []
    for article in articles:
        by_sentence: dict[int, list] = defaultdict(list)
        for mention in article.mentions:
            by_sentence[mention.sentence].append(mention)
        for sentence in article.sentences:
            own = [m for m in by_sentence.get(sentence.index, ()) if m.relation != "future"]
            found = event_date(sentence, own, article)
            if found:
                value, precision, how = found
                out.append(_Dated(article, sentence.index, sentence.text, value, precision, how))
    return out


def _centrality(items: Sequence[_Dated]) -> dict[int, float]:
    """Cosine of each sentence's word counts with the date's centroid."""
    vectors = [Counter(_tokens(d.text)) for d in items]
    centroid: Counter[str] = Counter()
    for vector in vectors:
        centroid.update({w: 1 for w in vector})
    norm_c = math.sqrt(sum(v * v for v in centroid.values())) or 1.0
    scores = {}
    for i, vector in enumerate(vectors):
        dot = sum(centroid[w] * c for w, c in vector.items())
        norm = math.sqrt(sum(c * c for c in vector.values())) or 1.0
        scores[i] = dot / (norm * norm_c)
    return scores


def _jaccard(a: str, b: str) -> float:
    x, y = set(_tokens(a)), set(_tokens(b))
    return len(x & y) / len(x | y) if x and y else 0.0


def build_timeline(
    articles: Sequence[Article],
    *,
    max_dates: int = 20,
    per_date: int = 2,
    start: str | None = None,
    end: str | None = None,
) -> tuple[TimelineEntry, ...]:
    """The story's timeline: up to ``max_dates`` dates, ``per_date`` sentences each."""
    originals = [a for a in articles if not a.duplicate_of]
    dated = [
        d
        for d in dated_sentences(originals)
        if d.precision in {"day", "month"} and (not start or d.date >= start[: len(d.date)])
        and (not end or d.date <= end[: len(d.date)])
    ]
    support: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    for d in dated:
        weight = MENTION_WEIGHT if d.how == "mention" else PUBLISHED_WEIGHT
        key = (d.date, d.precision)
        support[key][d.article.id] = max(support[key].get(d.article.id, 0.0), weight)
    scored = []
    for key, by_article in support.items():
        score = sum(by_article.values()) * (MONTH_WEIGHT if key[1] == "month" else 1.0)
        scored.append((score, key))
    scored.sort(key=lambda s: (-s[0], s[1]))
    by_date: dict[tuple[str, str], list[_Dated]] = defaultdict(list)
    for d in dated:
        by_date[(d.date, d.precision)].append(d)
    entries: list[TimelineEntry] = []
    used: list[str] = []
    for score, key in scored:
        if len(entries) >= max_dates:
            break
        items = by_date[key]
        centrality = _centrality(items)
        ranked = sorted(
            range(len(items)),
            key=lambda i: (
                -(centrality[i] + (0.5 if items[i].how == "mention" else 0.0)),
                items[i].article.id,
                items[i].index,
            ),
        )
        chosen: list[_Dated] = []
        for i in ranked:
            item = items[i]
            words = len(item.text.split())
            if not MIN_WORDS <= words <= MAX_WORDS:
                continue
            if any(_jaccard(item.text, u) >= REDUNDANT_JACCARD for u in used):
                continue
            chosen.append(item)
            used.append(item.text)
            if len(chosen) >= per_date:
                break
        if not chosen:
            continue
        others = [items[i] for i in ranked if items[i] not in chosen and items[i].how == "mention"]
        sources = [
            Source(d.article.id, d.index, d.text, d.article.outlet, d.article.published)
            for d in (chosen + others)[:MAX_SOURCES]
        ]
        entries.append(
            TimelineEntry(key[0], key[1], tuple(c.text for c in chosen), tuple(sources), round(score, 3))
        )
    return tuple(sorted(entries, key=lambda e: e.date))
