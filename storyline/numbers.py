"""Numbers in a sentence's words: digits, number words and vague amounts, with their unit.

"1,200", "2.5 million", "$12,000", number words read with the maintained ``text2num``
library ("three hundred"), vague amounts kept without a value ("several dozen",
"hundreds of"), and the unit from the words right after (percent, percentage points, a
currency, a duration, a measure). Dates ("May 20", years), clock times, codes and
numbers inside names ("District 751") are left out. ``storyline.figures`` reads what
each number counts from the parse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NUMBER_WORD = (
    r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|"
    r"seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?"
)

_SCALE_WORD = r"(?:hundred|thousand|million|billion|trillion)"

_SCALES = {
    "hundred": 100.0,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "bn": 1e9,
    "m": 1e6,
}

_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"

#: Vague amounts: kept as words, never given a value.
_VAGUE = (
    r"(?:several|a\s+few|a\s+couple\s+of|many|some)\s+(?:dozen|hundred|thousand|million|billion)"
    r"(?:\s+(?:thousand|million))?"
    r"|(?:tens|hundreds|thousands|millions|billions|dozens|scores)(?:\s+of\s+(?:thousands|millions))?"
    r"(?=\s+of\b)"
    r"|(?:a|one|half\s+a|two|three)\s+dozen|dozens"
)

_CURRENCY_BEFORE = {"$": "dollars", "us$": "dollars", "£": "pounds", "€": "euros"}

_WORDS = (
    rf"(?:a|an)\s+{_SCALE_WORD}(?:\s+{_SCALE_WORD})*"
    rf"|{NUMBER_WORD}(?:\s+(?:and\s+)?(?:{NUMBER_WORD}|{_SCALE_WORD}))*"
)

_NUMBER = re.compile(
    rf"(?<![\w.,$£€-])(?P<cur>US\$|\$|£|€)?(?:(?P<vague>{_VAGUE})"
    rf"|(?P<digits>{_DIGITS})(?:\s?(?P<dscale>{_SCALE_WORD}|bn|m)\b)?"
    rf"|(?P<words>{_WORDS}))(?!\w|,\d|\.\d|-\d|\()",
    re.IGNORECASE,
)

#: Units read from the words right after the number.
_UNIT_AFTER = re.compile(
    r"(?:\s?(?P<percent>%|per\s?cent\b|percent\b)|\s(?P<points>percentage points?\b)"
    r"|\s(?P<money>dollars|pounds|euros|yuan|rupees|yen)\b"
    r"|[\s-](?P<duration>seconds?|minutes?|hours?|days?|weeks?|months?|years?)\b"
    r"|[\s-]?(?P<measure>miles?|km|kilomet(?:er|re)s?|met(?:er|re)s?|tons?|tonnes?|barrels?|acres?"
    r"|hectares?|kilograms?|kg|pounds? of|square (?:miles|kilomet(?:er|re)s)|megawatts?|MW|gallons?|litres?|liters?)\b)",
    re.IGNORECASE,
)

DURATION_DAYS = {
    "second": 1 / 86_400,
    "minute": 1 / 1_440,
    "hour": 1 / 24,
    "day": 1.0,
    "week": 7.0,
    "month": 30.0,
    "year": 365.0,
}

DURATION_UNITS = frozenset(f"{u}s" for u in DURATION_DAYS)

QUALIFIER = re.compile(
    r"\b(?P<q>more than|over|at least|about|around|roughly|approximately|nearly|almost|some|"
    r"up to|fewer than|less than|an estimated|as many as|close to|just over|just under|"
    r"under|below|above|as much as)\s+(?:the\s+)?$",
    re.IGNORECASE,
)

_MONTH_BEFORE = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+$|\bno\.\s*$|#\s*$",
    re.IGNORECASE,
)

_MONTH_AFTER = re.compile(
    r"\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b", re.I
)

_NOT_A_COUNT = re.compile(r"1[89]\d\d|20\d\d|\d{1,2}[.:]\d\d|0\d+")

_TIME_AFTER = re.compile(r"\s*(?:a\.m\.|p\.m\.|am\b|pm\b|GMT|ET\b|:\d)", re.IGNORECASE)

#: A number right after a capitalised word (not the sentence's first) is part of a name:
#: "District 751", "Resolution 2728", "Article 50".
_NAME_BEFORE = re.compile(r"(?<=\S\s)[A-Z][\w.&-]*\s+$")

#: A duration after one of these words dates an event ("in two weeks", "three days later").
_DURATION_NOT_FIGURE = re.compile(
    r"\b(?:in|within|after|before|since|for the (?:past|last|next)|the (?:past|last|next)|"
    r"over the (?:past|last|next)|every)\s+(?:about\s+|around\s+|nearly\s+)?$",
    re.IGNORECASE,
)

_DURATION_AFTER = re.compile(r"\S*\s+(?:ago|later|earlier|before|after|from now)\b", re.I)


def parse_number(text: str) -> float | None:
    """The value of "1,200", "2.5 million", "one million", "three hundred"; ``None`` when the
    words do not state one ("several dozen", "hundreds of")."""
    low = " ".join(text.lower().replace(",", "").split())
    if not low or re.fullmatch(_VAGUE, low) or re.match(r"(?:several|a few|many|some)\b", low):
        return None
    parts = low.split()
    if any(w.endswith("s") and w[:-1] in {*_SCALES, "dozen"} for w in parts):
        return None  # "hundreds", "millions": no number stated
    try:
        value = float(parts[0])
    except ValueError:
        from text_to_num import text2num

        words = " ".join(("one" if parts[0] in {"a", "an"} else parts[0], *parts[1:]))
        try:
            return float(text2num(words, "en"))
        except ValueError:
            return None
    for word in parts[1:]:
        if word not in _SCALES:
            return None
        value *= _SCALES[word]
    return value


@dataclass(frozen=True, slots=True)
class Number:
    """A number found in a sentence: where, its words, value and unit."""

    start: int  # of the number (its currency sign included)
    end: int  # of the number and its unit
    value: float | None
    unit: str | None  # "percent", "dollars", "days", "miles", ... (None: a count)
    vague: bool


def find_numbers(text: str) -> list[Number]:
    out = []
    for m in _NUMBER.finditer(text):
        if m.group(0).strip().lower() in {"a", "an"}:
            continue
        start, end = m.start(), m.end()
        vague = m.group("vague") is not None
        value = None
        if m.group("digits"):
            value = parse_number(text[m.start("digits") : end])
        elif m.group("words"):
            # "two and three": read the longest start of the words that is one number
            words = m.group("words").split()
            while words and (value := parse_number(" ".join(words))) is None:
                words.pop()
            end = m.start("words") + _span_length(m.group("words"), len(words))
        if not vague and value is None:
            continue
        unit = _CURRENCY_BEFORE.get((m.group("cur") or "").lower())
        after = _UNIT_AFTER.match(text, end) if not unit else None
        if after:
            kind = after.lastgroup or ""
            word = after.group(kind).lower()
            unit = {
                "percent": "percent",
                "points": "percentage points",
                "money": word,
                "duration": word.rstrip("s") + "s",
                "measure": word,
            }[kind]
            end = after.end()
        elif (
            not unit
            and m.group("cur") is None
            and (_MONTH_BEFORE.search(text[:start]) or _MONTH_AFTER.match(text, end))
        ):
            continue  # "May 20", "19 October", "No. 10"
        if unit is None and _TIME_AFTER.match(text, end):
            continue
        if unit is None and m.group("digits") and not m.group("cur"):
            before = _NAME_BEFORE.search(text[:start])
            if before and not QUALIFIER.search(text[:start]):
                continue  # "District 751"
        if unit is None and m.group("digits") and _NOT_A_COUNT.fullmatch(m.group("digits")):
            continue  # a year, a clock time ("19.30"), a code ("00718")
        duration = bool(unit and unit.endswith("s") and unit[:-1] in DURATION_DAYS)
        if duration and (
            _DURATION_NOT_FIGURE.search(text[:start]) or _DURATION_AFTER.match(text, m.end())
        ):
            continue
        out.append(Number(start, end, value, unit, vague))
    return out


def _span_length(words: str, count: int) -> int:
    """Characters of ``words`` that hold its first ``count`` words."""
    found = list(re.finditer(r"\S+", words))
    return found[count - 1].end() if count else 0
