"""The temporal tagger: date expressions in a sentence, resolved against the publication date.

A rule-based core of compiled regular expressions. Each finder returns
``(start, end, value, precision, kind)``; overlapping finds keep the longest.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, timedelta

from ..model import Article, Sentence, TimeMention
from .parse import MONTH_RE, WEEKDAY_RE, WEEKDAYS, month_number, safe_date

_FUTURE = re.compile(
    r"\b(?:will|won't|shall|is to|are to|is due|are due|plans? to|planned|scheduled|expected to|"
    r"set to|is going to|are going to|next|upcoming|tomorrow|would)\b",
    re.IGNORECASE,
)

_ISO = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d])")
_MDY = re.compile(rf"\b({MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?!\d)(?:\s*,?\s*(\d{{4}}))?\b", re.IGNORECASE)
_DMY = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({MONTH_RE})\b\.?(?:,?\s+(\d{{4}}))?", re.IGNORECASE)
_MONTH_YEAR = re.compile(rf"\b(?:(early|mid|late)[- ])?({MONTH_RE})\.?,?\s+(?:of\s+)?(\d{{4}})\b", re.IGNORECASE)
_PART_MONTH = re.compile(rf"\b(early|mid|late|end of|beginning of|the end of)[- ]({MONTH_RE})\b(?!\.?\s+\d)", re.IGNORECASE)
_IN_MONTH = re.compile(rf"\b(?:in|since|until|by|during|through|last|this|next)\s+({MONTH_RE})\b(?!\.?\s*\d)", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:in|since|until|by|during|of|through|from|early|late|mid-|before|after)\s*(?:the\s+year\s+)?((?:19|20)\d{2})\b(?![-/]\d)(?!\s*(?:people|percent|%))", re.IGNORECASE)
_MID_YEAR = re.compile(r"\b(early|mid|late)-((?:19|20)\d{2})\b", re.IGNORECASE)
_DECADE = re.compile(r"\b(?:the\s+)?((?:19|20)\d)0s\b", re.IGNORECASE)
_WEEKDAY = re.compile(rf"\b(?:(last|next|this|on|late|early)\s+)?({WEEKDAY_RE})\b(?:\s+(morning|afternoon|evening|night))?", re.IGNORECASE)
_DEICTIC = re.compile(r"\b(today|tonight|yesterday|tomorrow|this (?:morning|afternoon|evening))\b", re.IGNORECASE)
_RELATIVE_PERIOD = re.compile(r"\b(last|this|next|past|previous|coming)\s+(week|month|year)\b", re.IGNORECASE)
_AGO = re.compile(r"\b(a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+(day|week|month|year)s?\s+(ago|earlier|later)\b", re.IGNORECASE)

_NUMBERS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten".split())}
_NUMBERS.update({"a": 1, "an": 1})


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _nearest_year(month: int, day: int | None, pub: date, future: bool) -> int:
    """The year that puts a year-less date nearest before (or after, if future) publication."""
    candidate = safe_date(pub.year, month, day or 1) or date(pub.year, month, 1)
    if future:
        return pub.year if candidate >= pub.replace(day=1) else pub.year + 1
    if day is None:
        return pub.year if (month <= pub.month) else pub.year - 1
    return pub.year if candidate <= pub + timedelta(days=1) else pub.year - 1


class _Finds(list):
    def add(self, start: int, end: int, value: str, precision: str, kind: str) -> None:
        self.append((start, end, value, precision, kind))


def _absolute(text: str, pub: date | None, future: bool, out: _Finds) -> None:
    for m in _ISO.finditer(text):
        d = safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if d:
            out.add(m.start(), m.end(), d.isoformat(), "day", "absolute")
    for m in _MDY.finditer(text):
        month, day = month_number(m.group(1)), int(m.group(2))
        if m.group(1).lower() == "may" and not m.group(3) and m.start() > 0 and text[m.start() - 1 : m.start()] == " " and m.group(1) == "may":
            continue  # the verb "may"
        year = int(m.group(3)) if m.group(3) else (pub and _nearest_year(month, day, pub, future))
        d = safe_date(year, month, day) if year else None
        if d:
            out.add(m.start(), m.end(), d.isoformat(), "day", "absolute" if m.group(3) else "relative")
    for m in _DMY.finditer(text):
        if m.group(2) == "may":
            continue
        month, day = month_number(m.group(2)), int(m.group(1))
        year = int(m.group(3)) if m.group(3) else (pub and _nearest_year(month, day, pub, future))
        d = safe_date(year, month, day) if year else None
        if d:
            out.add(m.start(), m.end(), d.isoformat(), "day", "absolute" if m.group(3) else "relative")
    for m in _MONTH_YEAR.finditer(text):
        if m.group(2) == "may":
            continue
        out.add(m.start(), m.end(), f"{int(m.group(3)):04d}-{month_number(m.group(2)):02d}", "month", "absolute")
    for pattern in (_PART_MONTH, _IN_MONTH):
        for m in pattern.finditer(text):
            name = m.group(m.lastindex or 1)
            if name == "may" or not pub:
                continue
            month = month_number(name)
            year = _nearest_year(month, None, pub, future or m.group(0).lower().startswith("next"))
            out.add(m.start(), m.end(), f"{year:04d}-{month:02d}", "month", "relative")
    for m in _MID_YEAR.finditer(text):
        out.add(m.start(), m.end(), m.group(2), "year", "absolute")
    for m in _YEAR.finditer(text):
        out.add(m.start(1), m.end(1), m.group(1), "year", "absolute")
    for m in _DECADE.finditer(text):
        out.add(m.start(), m.end(), f"{m.group(1)}0s", "decade", "absolute")


def _relative(text: str, pub: date, future: bool, out: _Finds) -> None:
    for m in _DEICTIC.finditer(text):
        word = m.group(1).lower()
        delta = -1 if word == "yesterday" else 1 if word == "tomorrow" else 0
        out.add(m.start(), m.end(), (pub + timedelta(days=delta)).isoformat(), "day", "relative")
    for m in _WEEKDAY.finditer(text):
        name = m.group(2)
        if name.lower() in {"sun", "sat", "wed", "mon"} and not name[0].isupper():
            continue
        if not name[0].isupper():
            continue
        target = WEEKDAYS[name.lower().rstrip(".")[:5] if name.lower()[:5] in WEEKDAYS else name.lower()[:3]]
        modifier = (m.group(1) or "").lower()
        back = (pub.weekday() - target) % 7
        if modifier == "next" or (future and modifier != "last"):
            ahead = (target - pub.weekday()) % 7 or (7 if modifier == "next" else 0)
            d = pub + timedelta(days=ahead)
        elif modifier == "last":
            d = pub - timedelta(days=back or 7)
        else:
            d = pub - timedelta(days=back)
        out.add(m.start(), m.end(), d.isoformat(), "day", "relative")
    for m in _RELATIVE_PERIOD.finditer(text):
        which, unit = m.group(1).lower(), m.group(2).lower()
        step = -1 if which in {"last", "past", "previous"} else 1 if which in {"next", "coming"} else 0
        if which == "past":
            continue  # "the past week" is a span ending now, not a period to date
        if unit == "month":
            y, mo = _shift_month(pub.year, pub.month, step)
            out.add(m.start(), m.end(), f"{y:04d}-{mo:02d}", "month", "relative")
        elif unit == "year":
            out.add(m.start(), m.end(), str(pub.year + step), "year", "relative")
        else:
            monday = pub - timedelta(days=pub.weekday()) + timedelta(weeks=step)
            iso = monday.isocalendar()
            out.add(m.start(), m.end(), f"{iso[0]}-W{iso[1]:02d}", "week", "relative")
    for m in _AGO.finditer(text):
        count = _NUMBERS.get(m.group(1).lower()) or int(m.group(1)) if m.group(1).isdigit() else _NUMBERS.get(m.group(1).lower(), 1)
        unit, direction = m.group(2).lower(), m.group(3).lower()
        if direction != "ago":
            continue  # "a month earlier" is relative to another event, not to publication
        if unit == "day":
            out.add(m.start(), m.end(), (pub - timedelta(days=count)).isoformat(), "day", "relative")
        elif unit == "week":
            d = pub - timedelta(weeks=count)
            iso = d.isocalendar()
            out.add(m.start(), m.end(), f"{iso[0]}-W{iso[1]:02d}", "week", "relative")
        elif unit == "month":
            y, mo = _shift_month(pub.year, pub.month, -count)
            out.add(m.start(), m.end(), f"{y:04d}-{mo:02d}", "month", "relative")
        else:
            out.add(m.start(), m.end(), str(pub.year - count), "year", "relative")


def _longest(finds: Iterable[tuple[int, int, str, str, str]]) -> list[tuple[int, int, str, str, str]]:
    chosen: list[tuple[int, int, str, str, str]] = []
    for find in sorted(finds, key=lambda f: (-(f[1] - f[0]), f[0])):
        if all(find[1] <= c[0] or find[0] >= c[1] for c in chosen):
            chosen.append(find)
    return sorted(chosen)


def tag_text(text: str, published: date | None, sentence: int = 0) -> list[TimeMention]:
    """Date expressions in one sentence, resolved against ``published``."""
    future = bool(_FUTURE.search(text))
    finds = _Finds()
    _absolute(text, published, future, finds)
    if published:
        _relative(text, published, future, finds)
    mentions = []
    for start, end, value, precision, kind in _longest(finds):
        relation = "past"
        if published and precision == "day":
            d = date.fromisoformat(value)
            relation = "future" if d > published else "present" if d == published else "past"
        elif future:
            relation = "future"
        mentions.append(TimeMention(sentence, text[start:end], start, end, value, precision, relation, kind))
    return mentions


def published_date(article: Article) -> date | None:
    if article.published and article.published_precision == "day":
        return date.fromisoformat(article.published)
    return None


def tag_article(article: Article) -> Article:
    """The article with every sentence's time mentions."""
    pub = published_date(article)
    mentions: list[TimeMention] = []
    for sentence in article.sentences:
        mentions.extend(tag_text(sentence.text, pub, sentence.index))
    return replace(article, mentions=tuple(mentions))


def event_date(sentence: Sentence, mentions: Iterable[TimeMention], article: Article) -> tuple[str, str, str] | None:
    """A sentence's event date as (value, precision, how): its best mention, else the publication date."""
    own = [m for m in mentions if m.sentence == sentence.index]
    for wanted in ("day", "month"):
        for mention in own:
            if mention.precision == wanted:
                return mention.value, wanted, "mention"
    if article.published:
        return article.published, article.published_precision or "day", "published"
    return None
