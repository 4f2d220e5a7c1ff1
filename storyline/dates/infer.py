"""Publication dates for articles that state none, and warnings when a stated one looks wrong.

Written by hand: htmldate and the news extractors only read what a page
states; none infers a date from what the text reports, and the timeline
systems (news-tls, tilse) drop undated articles. Evidence, strongest first:

1. a date stamp in the opening of the text (``HONG KONG | Tue May 12 , 2009
   8:56 am EDT``, ``Wednesday 24 August 2005 00.44 BST``): the day;
2. other dated articles of the store that report the same events: a sentence
   that says "last month" about an event another article dates pins the month;
3. dated articles that share whole sentences with it (copies, updates), or a very
   similar dated article (a report of the same events): their month;
4. the text alone: the latest date it reports is a lower bound, and news is
   published soon after it: its month, with a low confidence;
5. a similarity-weighted vote of the most similar dated articles: their month.

A day is returned only when the evidence pins it; otherwise a month (the
schema's ``published_precision``), never an invented day.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from ..model import Article, TimeMention
from .published import Published
from .tagger import event_date, tag_article, tag_text

log = logging.getLogger(__name__)

#: Every note that inference adds to an article's warnings starts with this.
INFERRED_NOTE = "publication date inferred: "
#: How much of the text's opening is searched for a date stamp (T17 stamps sit in the first 120).
OPENING_CHARS = 300
#: Confidence of each kind of inference (reported as published_confidence), set from how often
#: each was right on the undated T17 articles (docs/benchmarks.md): stamps 99% to the day,
#: events put by other articles 81% to the month (35% when some windows disagree), a very
#: similar dated article 88%, three or more sentences shared with articles of
#: one month 85%, a similarity vote 57%, the text's latest date 20-50%.
CONFIDENCE = {
    "stamp": 0.9,
    "events_month": 0.7,
    "shared_sentences": 0.6,
    "neighbours_close": 0.6,
    "neighbours": 0.35,
    "events_loose": 0.3,
    "text_recent": 0.3,
    "text": 0.2,
}
#: Content words two sentences must share to count as reporting the same event, and the share
#: of the smaller sentence's words that must be shared (tuned on the T17 topics).
MATCH_MIN_SHARED = 4
MATCH_MIN_SHARE = 0.3
#: Articles compared sentence by sentence, the most similar first.
NEIGHBOURS = 20
#: Sentences (of at least SHARED_MIN_WORDS content words, SHARED_MIN_SHARE of them in common)
#: that must be shared with dated articles of one month (tuned on egypt, h1n1, libya of T17).
SHARED_MIN_WORDS = 6
SHARED_MIN_SHARE = 0.6
SHARED_MIN_SENTENCES = 3
#: Neighbours whose dates vote (similarity-weighted) when nothing else dates an article.
VOTE_NEIGHBOURS = 3
#: The cosine from which the closest dated article is taken to report the same events
#: (its month was right for 88% of the undated T17 articles that have one; 57% below it).
CLOSE_SIMILARITY = 0.3
#: A window at least this wide counts as a month ("last month"); narrower ones are days or weeks.
MONTH_WINDOW_DAYS = 27
#: A stated day this many days after every event the text dates absolutely gets a warning.
CONFLICT_DAYS = 21
#: ... when at least this many absolute day dates are reported.
CONFLICT_MIN_EVENTS = 2

_CLOCK = re.compile(
    r"^\s*[,;:|-]?\s*(?:\d{1,2}[:.]\d{2}\s*(?:[ap]\.?\s?m\.?)?|\d{1,2}\s*[ap]\.?m\.?)",
    re.IGNORECASE,
)
_RECENT = re.compile(
    r"\b(?:today|yesterday|tonight|(?:on|late|early) (?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)\b"
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")
_STOP = frozenset(
    """
    the a an and or but of to in on at for with by from as is are was were be been being
    has have had will would shall should can could may might must do does did not no
    this that these those it its he she they them his her their we our you your i me my
    who whom which what when where why how said says say told tell also after before
    over under about into than then there here more most other some such only just very
    one two three new last year week month day days today yesterday monday tuesday
    wednesday thursday friday saturday sunday mr mrs ms lrb rrb january february march
    april june july august september october november december
    """.split()
)


def content_words(text: str) -> set[str]:
    """The lower-cased words of ``text`` that tell one event from another (no stop words)."""
    return {w for w in (t.lower() for t in _WORD.findall(text)) if w not in _STOP and len(w) > 2}


def find_stamp(text: str) -> date | None:
    """A date stamp in the opening of the text: a full date followed by a clock time or after ``|``.

    Photo captions ("June 16 , 2010 : BP's chief ...", "..., Thursday , June 10 , 2010 , in
    Bay Barbeau") carry full dates too, but no clock time: on T17 they were the stamps that
    gave wrong days, so a weekday or a place at the start is not enough.
    """
    opening = text[:OPENING_CHARS]
    for mention in tag_text(opening, None):
        if mention.precision != "day" or mention.kind != "absolute":
            continue
        clock = bool(_CLOCK.match(opening[mention.end : mention.end + 20]))
        piped = opening[max(0, mention.start - 3) : mention.start].strip().endswith("|")
        if clock or piped:
            return date.fromisoformat(mention.value)
    return None


def _text_only(article: Article) -> tuple[date | None, bool]:
    """The latest date the text reports as past (a lower bound) and whether it speaks of 'today'."""
    explicit = [
        m
        for s in article.sentences
        for m in tag_text(s.text, None, s.index)
        if m.relation != "future"
    ]
    years = [
        int(m.value[:4]) for m in explicit if m.value[:4].isdigit() and m.precision != "decade"
    ]
    if not years:
        return None, False
    # Year-less dates ("Oct. 7") take the latest year the text states.
    base = date(max(years), 12, 31)
    latest: date | None = None
    recent = False
    for sentence in article.sentences:
        for m in tag_text(sentence.text, base, sentence.index):
            reported = m.kind == "absolute" or any(c.isdigit() for c in m.text)
            if reported and m.precision == "day" and m.relation != "future":
                found = date.fromisoformat(m.value)
                latest = found if latest is None or found > latest else latest
        recent = recent or bool(_RECENT.search(sentence.text))
    if latest is None:
        months = [m.value for m in explicit if m.precision == "month"]
        if months:
            year, month = map(int, max(months).split("-"))
            return date(year, month, 1), False
    return latest, recent


def _month(d: date) -> str:
    return d.isoformat()[:7]


def infer_from_text(article: Article) -> Published:
    """The publication date the text alone supports (``source`` "dateline" or "inferred")."""
    stamp = find_stamp(article.text)
    if stamp:
        return Published(stamp.isoformat(), "day", "dateline", CONFIDENCE["stamp"])
    latest, recent = _text_only(article)
    if latest is None:
        return Published(None, None, None, 0.0)
    guess = latest  # a lower bound: the month it falls in is the likeliest
    confidence = CONFIDENCE["text_recent" if recent else "text"]
    note = f"{INFERRED_NOTE}from the text, on or after {latest.isoformat()}"
    return Published(_month(guess), "month", "inferred", confidence, (note,))


@dataclass(frozen=True, slots=True)
class _Dated:
    words: frozenset[str]
    when: str  # event date, "YYYY-MM-DD" or "YYYY-MM"


class DateIndex:
    """Dated articles of a store, indexed for finding the ones that report the same events."""

    def __init__(self, articles: Sequence[Article]) -> None:
        self.articles = [a for a in articles if a.published and a.published_source != "inferred"]
        self.words = [content_words(a.text) for a in self.articles]
        df: Counter[str] = Counter(w for ws in self.words for w in ws)
        n = max(1, len(self.articles))
        self.idf = {w: math.log((n + 1) / (c + 0.5)) for w, c in df.items()}
        self.postings: dict[str, list[int]] = defaultdict(list)
        for i, ws in enumerate(self.words):
            for w in ws:
                self.postings[w].append(i)
        self.norms = [math.sqrt(sum(self.idf[w] ** 2 for w in ws)) or 1.0 for ws in self.words]
        self._sentences: dict[int, list[_Dated]] = {}
        self._words: dict[int, list[frozenset[str]]] = {}

    def sentence_words(self, i: int) -> list[frozenset[str]]:
        """The content words of each sentence of dated article ``i``."""
        if i not in self._words:
            self._words[i] = [frozenset(content_words(s.text)) for s in self.articles[i].sentences]
        return self._words[i]

    def neighbours(self, article: Article, k: int = NEIGHBOURS) -> list[tuple[float, int]]:
        """The ``k`` most similar dated articles as (cosine, index), the article itself left out."""
        words = content_words(article.text)
        scores: dict[int, float] = defaultdict(float)
        common = max(50, len(self.articles) // 5)  # words in most articles say nothing
        for w in words:
            posting = self.postings.get(w)
            if posting and len(posting) <= common:
                weight = self.idf[w] ** 2
                for i in posting:
                    scores[i] += weight
        norm = math.sqrt(sum(self.idf.get(w, 0.0) ** 2 for w in words)) or 1.0
        ranked = [
            (score / (norm * self.norms[i]), i)
            for i, score in scores.items()
            if self.articles[i].id != article.id
        ]
        return sorted(ranked, reverse=True)[:k]

    def dated_sentences(self, i: int) -> list[_Dated]:
        if i not in self._sentences:
            article = tag_article(self.articles[i])
            out = []
            past = [m for m in article.mentions if m.relation != "future"]
            for sentence in article.sentences:
                found = event_date(sentence, past, article)
                if found and found[2] == "mention":  # dated by its own words, not the article's
                    out.append(_Dated(frozenset(content_words(sentence.text)), found[0]))
            self._sentences[i] = out
        return self._sentences[i]


_MONTHS_BACK = re.compile(
    r"^(?:last month|(a|an|one|two|three|\d{1,2}) months? ago)$", re.IGNORECASE
)
_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3}


def _constraint(mention: TimeMention, event: str) -> tuple[date, date] | None:
    """The publication month (first and last day) that makes ``mention`` ("last month",
    "two months ago"), said of an event dated ``event``, true."""
    match = _MONTHS_BACK.match(mention.text)
    if not match:
        return None
    back = 1 if match.group(1) is None else int(_COUNTS.get(match.group(1).lower(), match.group(1)))
    year, month = int(event[:4]), int(event[5:7])
    index = year * 12 + month - 1 + back
    start = date(index // 12, index % 12 + 1, 1)
    after = date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return start, after - timedelta(days=1)


def infer_from_events(article: Article, index: DateIndex) -> Published:
    """The publication date that relative words put on events the store's articles date."""
    neighbours = index.neighbours(article)
    windows: list[tuple[date, date]] = []
    for sentence in article.sentences:
        relative = [
            m
            for m in tag_text(sentence.text, date(2000, 1, 1), sentence.index)
            if m.kind == "relative" and m.precision == "month" and _MONTHS_BACK.match(m.text)
        ]
        if not relative:
            continue
        words = content_words(sentence.text)
        if len(words) < MATCH_MIN_SHARED:
            continue
        best: tuple[int, str] | None = None
        for _, i in neighbours:
            for dated in index.dated_sentences(i):
                shared = len(words & dated.words)
                if (
                    shared >= MATCH_MIN_SHARED
                    and shared >= MATCH_MIN_SHARE * min(len(words), len(dated.words))
                    and (best is None or shared > best[0])
                ):
                    best = (shared, dated.when)
        if best:
            for mention in relative:
                window = _constraint(mention, best[1])
                if window:
                    windows.append(window)
    return _settle(windows)


def _settle(windows: list[tuple[date, date]]) -> Published:
    """The month that the month-wide windows ("last month") agree on.

    Never a day: on T17, days pinned this way ("yesterday" about a matched
    event) were wrong more often than right (10 of 16 with three unanimous
    matches), because a matched sentence is often a later report of the event.
    """
    months: Counter[str] = Counter()
    for start, end in windows:
        if (end - start).days >= MONTH_WINDOW_DAYS:  # a month-wide window
            months[_month(start)] += 1
    if not months:
        return Published(None, None, None, 0.0)
    month, count = months.most_common(1)[0]
    note = f"{INFERRED_NOTE}{count} events other articles date put it in {month}"
    agreed = count == sum(months.values())  # every month-wide window says the same month
    confidence = CONFIDENCE["events_month" if agreed else "events_loose"]
    return Published(month, "month", "inferred", confidence, (note,))


def infer_from_neighbours(article: Article, index: DateIndex) -> Published:
    """The month the most similar dated articles were published in, weighted by similarity.

    Confident only when the closest article is very similar (a report of the
    same events); otherwise a weak guess, said so by its confidence.
    """
    neighbours = index.neighbours(article, VOTE_NEIGHBOURS)
    votes: dict[str, float] = defaultdict(float)
    for score, i in neighbours:
        votes[(index.articles[i].published or "")[:7]] += score
    votes.pop("", None)
    if not votes:
        return Published(None, None, None, 0.0)
    month = max(votes, key=lambda m: votes[m])  # ties: the first seen, the most similar
    close = (
        neighbours[0][0] >= CLOSE_SIMILARITY
        and month == (index.articles[neighbours[0][1]].published or "")[:7]
    )
    note = f"{INFERRED_NOTE}the month of the most similar dated articles"
    confidence = CONFIDENCE["neighbours_close" if close else "neighbours"]
    return Published(month, "month", "inferred", confidence, (note,))


def infer_from_shared_sentences(article: Article, index: DateIndex) -> Published:
    """The month of the similar dated articles that share whole sentences with this one.

    Copies and updates of one report share sentences nearly word for word; the
    month of the articles sharing the most is the likeliest (85% right on the
    undated T17 articles with three or more shared sentences).
    """
    votes: Counter[str] = Counter()
    sentences = [
        w for w in (content_words(s.text) for s in article.sentences) if len(w) >= SHARED_MIN_WORDS
    ]
    for _, i in index.neighbours(article, VOTE_NEIGHBOURS + 2):
        month = (index.articles[i].published or "")[:7]
        theirs = [w for w in index.sentence_words(i) if len(w) >= SHARED_MIN_WORDS]
        for words in sentences:
            for other in theirs:
                shared = len(words & other)
                if shared >= SHARED_MIN_WORDS and shared >= SHARED_MIN_SHARE * min(
                    len(words), len(other)
                ):
                    votes[month] += 1
                    break
    votes.pop("", None)
    if not votes:
        return Published(None, None, None, 0.0)
    month, count = votes.most_common(1)[0]
    if count < SHARED_MIN_SENTENCES:
        return Published(None, None, None, 0.0)
    note = f"{INFERRED_NOTE}{count} sentences shared with dated articles of {month}"
    return Published(month, "month", "inferred", CONFIDENCE["shared_sentences"], (note,))


def infer_published(article: Article, index: DateIndex | None = None) -> Published:
    """The best inference for one undated article, from its text and (if given) the store.

    Order (measured on the T17 topics, docs/benchmarks.md): a stamp; events
    other articles date; a very similar dated article; the text's latest date;
    a weak vote of similar articles.
    """
    from_text = infer_from_text(article)
    if from_text.precision == "day" or index is None:
        return from_text
    from_events = infer_from_events(article, index)
    if from_events.value and from_events.confidence >= CONFIDENCE["events_month"]:
        return from_events
    from_shared = infer_from_shared_sentences(article, index)
    from_neighbours = infer_from_neighbours(article, index)
    candidates = [from_events, from_shared, from_neighbours, from_text]
    return max(candidates, key=lambda p: (p.value is not None, p.confidence))


def infer_missing(articles: Sequence[Article]) -> list[Article]:
    """Every article, with a publication date inferred for those that state none.

    The stage the pipeline runs before tagging; articles that state a date are
    returned unchanged (the same objects).
    """
    if all(a.published and a.published_source != "inferred" for a in articles):
        return list(articles)
    index = DateIndex(articles)
    out = []
    for article in articles:
        if article.published and article.published_source != "inferred":
            out.append(article)
            continue
        # Inferred again on every build: the store may hold new evidence since.
        kept = tuple(w for w in article.warnings if not w.startswith(INFERRED_NOTE))
        article = replace(
            article,
            published=None,
            published_precision=None,
            published_source=None,
            published_confidence=0.0,
            warnings=kept,
        )
        found = infer_published(article, index)
        if found.value is None:
            log.info("no publication date could be inferred for %s", article.id)
            out.append(article)
            continue
        log.info(
            "inferred publication date %s (%s) for %s", found.value, found.precision, article.id
        )
        out.append(
            replace(
                article,
                published=found.value,
                published_precision=found.precision,
                published_source=found.source,
                published_confidence=found.confidence,
                warnings=article.warnings + found.warnings,
            )
        )
    return out


def conflict_warning(article: Article) -> str | None:
    """A warning when a stated day is weeks after every event the text dates absolutely.

    Call it on a tagged article. The stated date is kept: a late re-publication
    is still a publication, and the reader decides.
    """
    if (
        article.published is None
        or article.published_precision != "day"
        or article.published_source in {None, "inferred"}
    ):
        return None
    published = date.fromisoformat(article.published[:10])
    days = [
        date.fromisoformat(m.value)
        for m in article.mentions
        if m.kind == "absolute" and m.precision == "day"
    ]
    if len(days) < CONFLICT_MIN_EVENTS or any(
        m.relation != "past" for m in article.mentions if m.precision == "day"
    ):
        return None
    latest = max(days)
    if (published - latest).days < CONFLICT_DAYS:
        return None
    return (
        f"stated publication date {published} is {(published - latest).days} days after the "
        f"latest event the text dates ({latest}); kept as stated"
    )


def date_articles(articles: Sequence[Article]) -> list[Article]:
    """The dates stage: infer missing publication dates, tag every sentence, warn on conflicts.

    Warnings are added once: running the stage again on its own output changes nothing.
    """
    out = []
    for article in infer_missing(articles):
        tagged = tag_article(article)
        warning = conflict_warning(tagged)
        if warning and warning not in tagged.warnings:
            tagged = replace(tagged, warnings=tagged.warnings + (warning,))
        out.append(tagged)
    return out
