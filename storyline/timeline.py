"""A dated, sourced timeline for one story: which dates matter, and what happened on each.

Two steps, in the spirit of DATEWISE (Gholipour Ghalandari & Ifrim, 2020):

1. **Date salience.** A day is important when many articles publish on it, in a
   burst, and when many articles *refer back* to it. A linear ranker over
   features scaled within the story (:func:`date_features`: publication count
   and burst, past-tense mentions, mentions from at least ``LATER_DAYS`` days
   later, relevance of the day's sentences to the query) scores each candidate
   date; its coefficients were learned by logistic regression on the T17 gold
   timelines (:mod:`storyline.evaluate.ranker`) and ship as
   ``date_ranker.json``. The earlier hand-weighted counts remain as
   ``ranker="counts"``.
2. **Summaries.** A day's candidate sentences are those that mention it and
   the lead sentences of articles published on it without another date. They
   are scored by TF-IDF cosine with the centroid of all candidates of the day
   (the sentences most articles agree on), plus a weak bonus for similarity
   with the query (without one, the words most articles share); the best
   ``per_date`` (one by default: one event per entry) are chosen greedily,
   skipping quotes, teasers, captions, sentences that lean on the one before
   ("But ...", "It ...", "The group ...") and any sentence too similar to one
   already in the timeline. Dates outside the story's own span are background,
   listed apart.

Written by hand because no maintained library does timeline summarisation;
the vectors come from scikit-learn. The result is deterministic: ties break
on article id and sentence index. Every summary sentence keeps its article,
sentence index and outlet.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from .errors import StorylineError
from .model import Article, Source, TimelineEntry, TimeMention

log = logging.getLogger(__name__)

# The sentence-selection constants below (LEAD_SENTENCES to REDUNDANT_COSINE) were tuned
# together on the six T17 topics as a whole (issue 4); a leave-one-topic-out check over
# QUERY_WEIGHT x REDUNDANT_COSINE is in the tls section of docs/benchmarks.md. The date
# ranker's coefficients are learned (date_ranker.json) and reported leave one topic out.

#: ``ranker="counts"``: score of a day per distinct article that mentions it in a sentence.
MENTION_WEIGHT = 1.0
#: Extra score per article published at least ``LATER_DAYS`` after the day that mentions it.
LATER_WEIGHT = 1.0
LATER_DAYS = 2
#: Score of a day per article published on it.
PUBLISHED_WEIGHT = 0.5
#: Month-precision dates ("early December") compete at this share of their support
#: (only when ``months=True``; the evaluation protocol asks for days).
MONTH_WEIGHT = 0.5
#: The first sentences of an article stand for its publication day when they name no date.
LEAD_SENTENCES = 5
#: Weight of a mentioning sentence against a lead in a day's centroid (tuning found 1: equal).
MENTION_CENTROID_WEIGHT = 1.0
#: Weight of the query's cosine in a sentence's score.
QUERY_WEIGHT = 0.3
#: Score bonus of a sentence that names its date over a lead that only shares the publication day.
MENTION_BONUS = 0.0
#: Without a query, the words most articles share stand in for one (0 turns this off).
AUTO_QUERY_TERMS = 10
#: Sentences shorter or longer than this (in words) make poor summaries.
MIN_WORDS, MAX_WORDS = 6, 70
#: A sentence this similar (TF-IDF cosine) to one already chosen repeats it. Chosen leave one
#: topic out over QUERY_WEIGHT {0, 0.3, 0.6} x this {0.4, 0.5, 0.6}: every one of the six
#: folds picked (0.3, 0.4) (LOO AR-1 0.124 against 0.123 with the earlier 0.5, tilse's
#: ROUGE approximation), so the product uses what the held-out figures measured.
REDUNDANT_COSINE = 0.4
#: At most this many sources are listed beside an entry's summary.
MAX_SOURCES = 8

#: A story's own span is its articles' first to last publication day, this many days wider
#: either side; dates mentioned outside it are background (an earlier round of the same
#: dispute, a past crisis named for comparison) and are listed apart.
BACKGROUND_MARGIN_DAYS = 30
#: Share of publication days at either end left out of the span (outliers, misdated copies).
SPAN_QUANTILE = 0.05
#: At most this many background dates, one sentence each, chosen by the same ranker.
BACKGROUND_DATES = 3

#: Features of the learned date ranker (see :func:`date_features`), in its coefficients' order.
DATE_FEATURES = (
    "published",
    "burst",
    "mentioned",
    "mentioned_later",
    "query",
    "month",
)
# Tried and left out, as they lowered the leave-one-topic-out Date-F1 on T17 (0.61 with
# all three against 0.64 without): mentions in the future tense, cosine with the whole
# story's centroid, mean distance between a date and the articles that mention it.
#: A day's publication burst is its count over the mean of this many days either side.
BURST_DAYS = 3
#: The learned ranker's coefficients, trained on the six T17 topics by
#: ``python -m storyline.evaluate.ranker train`` (leave-one-topic-out figures in docs/benchmarks.md).
RANKER_PATH = Path(__file__).with_name("date_ranker.json")

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
            own = _day_mentions(by_sentence.get(sentence.index, ()), sentence.text)
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


def _days_between(a: str, b: str) -> int:
    return (date.fromisoformat(b) - date.fromisoformat(a)).days


def date_salience(
    articles: Sequence[Article], found: Sequence[Candidate]
) -> dict[tuple[str, str], float]:
    """Each (date, precision) scored by how many articles publish on it and refer to it.

    The hand-weighted score of earlier versions, kept as a named alternative
    (``ranker="counts"``) and as the tie-break of the learned ranker.
    """
    mentioned: dict[tuple[str, str], set[str]] = defaultdict(set)
    later: dict[tuple[str, str], set[str]] = defaultdict(set)
    published: dict[tuple[str, str], set[str]] = defaultdict(set)
    for c in found:
        key = (c.date, c.precision)
        if c.how == "published":
            continue
        pub = c.article.published
        if pub and c.precision == "day" and len(pub) == 10:
            if pub == c.date:
                continue  # "today": counted as publication below
            if _days_between(c.date, pub) >= LATER_DAYS:
                later[key].add(c.article.id)
        mentioned[key].add(c.article.id)
    days = {(c.date, c.precision) for c in found}
    for article in articles:
        if article.published and article.published_precision == "day":
            key = (article.published, "day")
            if key in days:
                published[key].add(article.id)
    scores = {}
    for key in days:
        score = (
            MENTION_WEIGHT * len(mentioned[key])
            + LATER_WEIGHT * len(later[key])
            + PUBLISHED_WEIGHT * len(published[key])
        )
        scores[key] = score * (MONTH_WEIGHT if key[1] == "month" else 1.0)
    return scores


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


def _scaled(values: dict[tuple[str, str], float]) -> dict[tuple[str, str], float]:
    """``log(1 + x) / log(1 + max)``: counts comparable between a small story and a large one."""
    top = max(values.values(), default=0.0)
    if top <= 0:
        return {k: 0.0 for k in values}
    return {k: math.log1p(v) / math.log1p(top) for k, v in values.items()}


def date_features(
    articles: Sequence[Article], found: Sequence[Candidate], space: SentenceSpace | None
) -> dict[tuple[str, str], tuple[float, ...]]:
    """Each candidate date's features, in the order of :data:`DATE_FEATURES`.

    Every feature is scaled within the story (a share of its largest value, or
    a cosine), so that a ranker learned on some topics can be used on others.
    """
    import numpy as np

    keys = sorted({(c.date, c.precision) for c in found})
    if not keys:
        return {}
    inside = {k[0] for k in keys}
    published: dict[str, float] = defaultdict(float)
    for article in articles:
        if article.published and article.published_precision == "day":
            published[article.published] += 1.0
    past: dict[tuple[str, str], set[str]] = defaultdict(set)
    later: dict[tuple[str, str], set[str]] = defaultdict(set)
    for article in articles:
        pub = article.published if article.published_precision == "day" else None
        for m in article.mentions:
            if m.precision not in {"day", "month"} or m.value not in inside:
                continue
            key = (m.value, m.precision)
            if m.relation == "future":
                continue
            if pub and m.precision == "day" and _days_between(m.value, pub) >= LATER_DAYS:
                later[key].add(article.id)
            if m.value != pub:
                past[key].add(article.id)
    pub_count = {k: published.get(k[0], 0.0) if k[1] == "day" else 0.0 for k in keys}
    burst = {}
    for key in keys:
        if key[1] != "day":
            burst[key] = 0.0
            continue
        day = date.fromisoformat(key[0])
        around = [
            published.get((day + timedelta(days=d)).isoformat(), 0.0)
            for d in range(-BURST_DAYS, BURST_DAYS + 1)
            if d
        ]
        burst[key] = max(0.0, pub_count[key] - sum(around) / len(around))
    query_cos = {k: 0.0 for k in keys}
    if space is not None and space.query is not None:
        from scipy import sparse

        # Each day's centroid as one sparse row (days x sentences @ sentences x terms).
        index = {k: i for i, k in enumerate(keys)}
        rows = [index[(c.date, c.precision)] for c in found]
        member = sparse.csr_matrix(
            (np.ones(len(found)), (rows, np.arange(len(found)))), shape=(len(keys), len(found))
        )
        centres = member @ space.matrix
        norms = np.sqrt(np.asarray(centres.multiply(centres).sum(axis=1)).ravel())
        query = space.query / (float(np.sqrt(space.query.multiply(space.query).sum())) or 1.0)
        dots = np.asarray((centres @ query.T).todense()).ravel()
        for key, i in index.items():
            if norms[i]:
                query_cos[key] = float(dots[i] / norms[i])
    columns = {
        "published": _scaled(pub_count),
        "burst": _scaled(burst),
        "mentioned": _scaled({k: float(len(past[k])) for k in keys}),
        "mentioned_later": _scaled({k: float(len(later[k])) for k in keys}),
        "query": query_cos,
        "month": {k: 1.0 if k[1] == "month" else 0.0 for k in keys},
    }
    return {k: tuple(columns[name][k] for name in DATE_FEATURES) for k in keys}


@dataclass(frozen=True, slots=True)
class DateRanker:
    """A linear date ranker: ``bias + weights · features``, higher is more likely a timeline date."""

    features: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float = 0.0

    def score(
        self, features: dict[tuple[str, str], tuple[float, ...]]
    ) -> dict[tuple[str, str], float]:
        if self.features != DATE_FEATURES:
            raise ValueError(
                f"date ranker features {self.features} do not match {DATE_FEATURES}; retrain it"
            )
        return {
            k: self.bias + sum(w * x for w, x in zip(self.weights, v, strict=True))
            for k, v in features.items()
        }

    def as_json(self) -> dict[str, Any]:
        return {"features": list(self.features), "weights": list(self.weights), "bias": self.bias}


def load_ranker(path: str | Path | None = None) -> DateRanker:
    """The shipped date ranker (``date_ranker.json`` beside this module), or one from ``path``."""
    source = Path(path) if path is not None else RANKER_PATH
    try:
        data = json.loads(source.read_text("utf-8"))
        return DateRanker(
            tuple(data["features"]), tuple(float(w) for w in data["weights"]), float(data["bias"])
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise StorylineError(f"{source}: not a date ranker ({exc})") from None


def learned_salience(
    articles: Sequence[Article],
    found: Sequence[Candidate],
    space: SentenceSpace | None,
    ranker: DateRanker | None = None,
) -> dict[tuple[str, str], float]:
    """Each candidate date scored by the learned ranker (the shipped one unless given)."""
    model = ranker or load_ranker()
    return model.score(date_features(articles, found, space))


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


#: Date rankers by name: the learned one (shipped coefficients) and the hand-weighted counts.
RANKERS = ("learned", "counts")


def rank_dates(
    articles: Sequence[Article],
    found: Sequence[Candidate],
    space: SentenceSpace | None,
    ranker: str | DateRanker = "learned",
) -> dict[tuple[str, str], float]:
    """Every candidate date's salience under ``ranker`` (a name of :data:`RANKERS` or a model)."""
    if isinstance(ranker, DateRanker):
        return learned_salience(articles, found, space, ranker)
    if ranker == "learned":
        return learned_salience(articles, found, space)
    if ranker == "counts":
        return date_salience(articles, found)
    raise ValueError(f"unknown date ranker {ranker!r}; choose from {', '.join(RANKERS)}")


def build_timeline(
    articles: Sequence[Article],
    *,
    max_dates: int = 20,
    per_date: int = 1,
    start: str | None = None,
    end: str | None = None,
    query: str | None = None,
    months: bool = True,
    ranker: str | DateRanker = "learned",
) -> tuple[TimelineEntry, ...]:
    """The story's timeline: up to ``max_dates`` dates, ``per_date`` sentences each, in date order.

    One sentence per date by default, so that an entry tells one event. Without
    ``start``/``end``, dates outside the story's own span (:func:`story_span`)
    compete only among themselves, for at most ``BACKGROUND_DATES`` entries
    flagged ``background``.

    ``start``/``end`` ("YYYY-MM-DD") bound the dates; ``query`` (e.g. the story
    title) nudges sentence choice towards it; ``months`` allows month-precision
    entries when a month is better supported than any of its days; ``ranker``
    picks the date ranker (see :func:`rank_dates`).
    """
    originals = [a for a in articles if not a.duplicate_of]
    found = candidates(originals, start=start, end=end, months=months)
    if not found:
        return ()
    space = sentence_space(found, query)
    salience = rank_dates(originals, found, space, ranker)
    span = None if start or end else story_span(originals)
    if span is None:
        return summarise(found, salience, max_dates=max_dates, per_date=per_date, space=space)
    own = {k: v for k, v in salience.items() if _overlaps(k[0], span)}
    behind = {k: v for k, v in salience.items() if k not in own}
    entries = summarise(found, own, max_dates=max_dates, per_date=per_date, space=space)
    earlier = summarise(found, behind, max_dates=BACKGROUND_DATES, per_date=1, space=space)
    flagged = tuple(replace(e, background=True) for e in earlier)
    return tuple(sorted(entries + flagged, key=lambda e: (e.date, e.date_precision)))


def story_span(articles: Sequence[Article]) -> tuple[str, str] | None:
    """The story's own span: its publication days, ``BACKGROUND_MARGIN_DAYS`` wider either side.

    The span runs between the ``SPAN_QUANTILE`` and ``1 - SPAN_QUANTILE`` publication
    days, so that one misdated article (a crawl date a year off) does not stretch it.
    """
    days = sorted(a.published for a in articles if a.published_precision == "day" and a.published)
    if not days:
        return None
    low = int(SPAN_QUANTILE * (len(days) - 1))
    high = len(days) - 1 - low
    margin = timedelta(days=BACKGROUND_MARGIN_DAYS)
    first = date.fromisoformat(days[low][:10]) - margin
    last = date.fromisoformat(days[high][:10]) + margin
    return first.isoformat(), last.isoformat()


def _overlaps(value: str, span: tuple[str, str]) -> bool:
    """Whether a day or month value falls within (or, for a month, overlaps) ``span``."""
    return span[0][: len(value)] <= value <= span[1][: len(value)]


def summarise(
    found: Sequence[Candidate],
    salience: dict[tuple[str, str], float],
    *,
    max_dates: int,
    per_date: int,
    query: str | None = None,
    space: SentenceSpace | None = None,
) -> tuple[TimelineEntry, ...]:
    """Summaries for the most salient dates, best first, skipping dates with nothing new to say."""
    import numpy as np

    if not found or not salience or max_dates <= 0 or per_date <= 0:
        return ()
    ranked_dates = sorted(salience, key=lambda k: (-salience[k], k))
    if space is None:
        space = sentence_space(found, query)
        if space is None:
            return ()
    texts, matrix, query_vector = space.texts, space.matrix, space.query

    by_date: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, c in enumerate(found):
        by_date[(c.date, c.precision)].append(i)

    entries: list[TimelineEntry] = []
    chosen_rows: list[int] = []
    for key in ranked_dates:
        if len(entries) >= max_dates:
            break
        rows = sorted(by_date[key], key=lambda i: (found[i].article.id, found[i].index))
        if not rows:
            continue
        # One row per distinct sentence text: syndicated copies would vote twice.
        seen: set[str] = set()
        unique = []
        for i in rows:
            if texts[i].lower() not in seen:
                seen.add(texts[i].lower())
                unique.append(i)
        sub = matrix[unique]
        weights = np.array(
            [MENTION_CENTROID_WEIGHT if found[i].how == "mention" else 1.0 for i in unique]
        )
        centroid = np.asarray(sub.multiply(weights[:, None]).sum(axis=0)).ravel()
        norm = np.linalg.norm(centroid)
        if norm == 0:
            continue
        scores = sub @ (centroid / norm)
        if query_vector is not None:
            scores = scores + QUERY_WEIGHT * (sub @ query_vector.T).toarray().ravel()
        if MENTION_BONUS:
            scores = scores + MENTION_BONUS * np.array([found[i].how == "mention" for i in unique])
        order = sorted(range(len(unique)), key=lambda j: (-scores[j], j))
        picked: list[int] = []
        for j in order:
            i = unique[j]
            if not usable(found[i].text):
                continue
            if chosen_rows:
                similar = (matrix[chosen_rows] @ matrix[i].T).toarray().ravel()
                if similar.max() >= REDUNDANT_COSINE:
                    continue
            picked.append(i)
            chosen_rows.append(i)
            if len(picked) >= per_date:
                break
        if not picked:
            continue
        others = [
            unique[j]
            for j in order
            if unique[j] not in picked and found[unique[j]].how == "mention"
        ]
        sources = [
            Source(
                found[i].article.id,
                found[i].index,
                found[i].text,
                found[i].article.outlet,
                found[i].article.published,
            )
            for i in (picked + others)[:MAX_SOURCES]
        ]
        entries.append(
            TimelineEntry(
                key[0],
                key[1],
                tuple(summary_text(found[i].text) for i in picked),
                tuple(sources),
                round(float(salience[key]), 3),
            )
        )
    log.debug("timeline: %d dates from %d candidate sentences", len(entries), len(found))
    return tuple(sorted(entries, key=lambda e: (e.date, e.date_precision)))
