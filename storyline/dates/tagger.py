"""The temporal tagger: date expressions in a sentence, resolved against the publication date.

Written by hand because the maintained taggers do not fit: HeidelTime is Java
with hours of preprocessing, SUTime is Java too, and dateparser's ``search``
is about a hundred times too slow for every sentence of a corpus and does not
tell the past from the future. The core here is compiled regular expressions
with a cheap trigger test first, so a sentence without a date word costs one
regex search.

Each finder returns ``(start, end, value, precision, kind)``; overlapping finds
keep the longest, so "Thursday , February 10" (a weekday next to a date, as
Penn-Treebank-tokenised text writes it) is one mention. Tense is judged
locally, from the words just before a mention ("will meet on Thursday" is
future, "said on Thursday that ... will" is past).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, timedelta

from ..model import Article, Sentence, TimeMention
from .parse import MONTH_RE, WEEKDAY_RE, WEEKDAYS, month_number, safe_date

Find = tuple[int, int, str, str, str]

#: Characters before a mention searched for a future cue ("will meet on ...").
TENSE_WINDOW = 60
#: A year-less day at most this many days after publication is this year's, even without a
#: future cue: "can return as late as Nov. 12" in a Nov. 5 article is a week ahead, not a
#: year back (it was dated to the previous November, a background entry in the timeline).
NEAR_FUTURE_DAYS = 31

_FUTURE = re.compile(
    r"\b(?:will|wo|won't|shall|is to|are to|is due|are due|due to|plans? to|planned|scheduled|"
    r"expected to|set to|is going to|are going to|upcoming|would|to be held|to meet|to vote|"
    r"until|by|could|might|should|must|(?-i:may)|expects?|hopes? to|aims? to|intends? to|"
    r"likely to|next|as soon as|as early as|no later than|no earlier than|ahead of|before an?)\b",
    re.IGNORECASE,
)
#: A sentence-opening mention ("In January, the union will vote") takes its tense from
#: the clause after it when it is within this many characters of the sentence start.
OPENING_CHARS = 4
_PAST = re.compile(
    r"\b(?:said|says|told|was|were|had|did|announced|reported|added|confirmed|ago)\b",
    re.IGNORECASE,
)
#: A non-restrictive relative clause opened before a cue (", which could ..."): the cue
#: reaches no further than the comma that closes it.
_RELATIVE_OPEN = re.compile(r",\s*(?:which|who)\b[^,;]*$", re.IGNORECASE)
#: A verb told in the past anywhere in the sentence (for the weak cues "ahead of", "before a").
_PAST_VERB = re.compile(
    r"\b(?:said|says|told|was|were|had|did|met|held|ago|[a-z]{3,}ed)\b", re.IGNORECASE
)
_FUTURE_STRONG = re.compile(
    r"\b(?:will|wo|won't|shall|scheduled|due to|is to|are to)\b", re.IGNORECASE
)
#: "by"/"until" put a date ahead only when they govern it ("by December", "until the end of").
_BOUND_CUES = {"by", "until"}
_BOUND_GAP = re.compile(r"^\s*(?:the\s+)?(?:end\s+of\s+|beginning\s+of\s+)?$", re.IGNORECASE)
_MODAL = re.compile(r"\b(?:would|can|could|might|should|must|(?-i:may))\b", re.IGNORECASE)
# "by the end of the year", "later this year", "by year-end": the current year's end, not last
# December; "the end of next year" the following one.
_YEAR_END = re.compile(
    r"\b(?:(?:by|before|at|until|towards?|around)\s+)?(?:the\s+)?"
    r"(?:end\s+of\s+(?P<which>the|this|next)\s+year|year[- ]end)\b",
    re.IGNORECASE,
)

# "since April", "ever since early March": a span's start, background to the sentence's event.
_SINCE = re.compile(
    r"\b(?:ever\s+)?since\s+(?:(?:early|mid|late|the\s+(?:end|beginning|start)\s+of)[- ]+)?$",
    re.IGNORECASE,
)
# "said on Tuesday that ...", "told reporters Tuesday", "in a statement on Monday": the day a
# statement was made; "Officials on Tuesday said ..." the same, the verb after the mention.
_REPORT_BEFORE = re.compile(
    r"\b(?:said|says|told|announced|reported|added|confirmed|stated|declared|warned)"
    r"(?:\s+(?:reporters|journalists|(?:in|to|at|during)\s+(?:an?|the)\s+[\w-]+(?:\s+[\w-]+)?))?"
    r"\s+(?:on\s+|late\s+|early\s+)?$",
    re.IGNORECASE,
)
_REPORT_AFTER = re.compile(
    r"^\s*,?\s*(?:said|announced|told|confirmed|reported|declared|warned)\b", re.IGNORECASE
)

# A sentence without any of these has no date expression: one search instead of twenty.
_TRIGGER = re.compile(
    rf"\d|\b(?:{MONTH_RE}|{WEEKDAY_RE}|today|tonight|yesterday|tomorrow|week|month|year|"
    r"day|decade|earlier|later|ago)\b",
    re.IGNORECASE,
)

# Cheap necessary conditions of each family of patterns, searched once per sentence: a
# sentence triggered by a figure ("3 percent") then skips the month and weekday patterns.
_GATES = {
    "four": re.compile(r"\d{4}"),
    "year": re.compile(r"(?:1[89]|20)\d\d"),
    "month": re.compile(rf"\b{MONTH_RE}", re.IGNORECASE),
    "weekday": re.compile(rf"\b{WEEKDAY_RE}", re.IGNORECASE),
    "unit": re.compile(r"day|week|month|year", re.IGNORECASE),
}


def _families(text: str) -> frozenset[str]:
    return frozenset(name for name, gate in _GATES.items() if gate.search(text))


_WD = rf"(?:(?P<wd>{WEEKDAY_RE})\.?\s*,?\s+)?"
_ISO = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?!\d)")
_SLASH = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/((?:19|20)\d{2})(?![\d/])")
_MDY = re.compile(
    rf"\b{_WD}(?P<m>{MONTH_RE})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?![\d:.]\d)"
    rf"(?:\s*,?\s*(?P<y>(?:1[89]|20)\d{{2}})(?!\d))?",
    re.IGNORECASE,
)
_DMY = re.compile(
    rf"\b{_WD}(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{MONTH_RE})\b\.?"
    rf"(?:\s*,?\s+(?P<y>(?:1[89]|20)\d{{2}})(?!\d))?",
    re.IGNORECASE,
)
_MONTH_YEAR = re.compile(
    rf"\b(?:(?P<part>early|mid|late|end of|beginning of|the end of)[- ]+)?(?P<m>{MONTH_RE})\.?\s*,?\s+"
    r"(?:of\s+)?(?P<y>(?:1[89]|20)\d{2})(?!\d)",
    re.IGNORECASE,
)
_PART_MONTH = re.compile(
    rf"\b(?P<part>early|mid|late|end of|beginning of|the end of)[- ]+(?P<m>{MONTH_RE})\b(?!\.?\s*\d)",
    re.IGNORECASE,
)
_IN_MONTH = re.compile(
    rf"\b(?P<prep>in|since|until|by|during|through|last|this|next|from|of|before|after|early|"
    rf"mid|late)\s+(?P<m>{MONTH_RE})\b(?!\.?\s*\d)",
    re.IGNORECASE,
)
_YEAR = re.compile(
    r"\b(?:in|since|until|by|during|of|through|from|early|late|before|after|the year|"
    r"fiscal|end of|spring|summer|autumn|fall|winter)\s+((?:19|20)\d{2})\b(?![-/]\d)"
    r"(?!\s*(?:people|percent|%|troops|soldiers|barrels|jobs|dollars|deaths|cases))",
    re.IGNORECASE,
)
_MID_YEAR = re.compile(r"\b(early|mid|late)[- ]((?:19|20)\d{2})\b", re.IGNORECASE)
_DECADE = re.compile(
    r"\b(?:the\s+)?(?:early\s+|late\s+|mid-)?((?:19|20)\d)0\s?'?s\b", re.IGNORECASE
)
_WEEKDAY = re.compile(
    rf"\b(?:(?P<mod>last|next|this|on|late|early|since|by|until|from|coming)\s+)?(?P<wd>{WEEKDAY_RE})"
    r"\b(?!\s*,?\s*(?:\d|" + MONTH_RE + r"))(?:\s+(?:morning|afternoon|evening|night))?"
)
_DEICTIC = re.compile(
    r"\b(today|tonight|yesterday|tomorrow|this (?:morning|afternoon|evening))\b", re.IGNORECASE
)
_RELATIVE_PERIOD = re.compile(
    r"\b(last|this|next|past|previous|coming|earlier this|later this)\s+(week|month|year)\b",
    re.IGNORECASE,
)
_AGO = re.compile(
    r"\b(a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})\s+"
    r"(day|week|month|year)s?\s+(ago|earlier|later|before|after)\b",
    re.IGNORECASE,
)
_ANCHORED = re.compile(
    r"\b(?:the\s+)?(following|next|previous|preceding)\s+(day|week|month|year)\b|"
    r"\bthe\s+(day|week|month|year)\s+(before|after)\b|\bthat\s+(day)\b",
    re.IGNORECASE,
)

_NUMBERS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
        ]
    )
}
_NUMBERS.update({"a": 1, "an": 1})
_PART_DAY = {"early": (1, 10), "beginning of": (1, 10), "mid": (11, 20), "late": (21, 31)}
_PART_DAY.update({"end of": (21, 31), "the end of": (21, 31)})


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _nearest_year(month: int, day: int | None, pub: date, future: bool) -> int:
    """The year that puts a year-less date nearest before (or after, if future) publication."""
    if day is None:
        if future:
            return pub.year if month >= pub.month else pub.year + 1
        return pub.year if month <= pub.month else pub.year - 1
    candidate = safe_date(pub.year, month, day) or date(pub.year, month, 1)
    if future:
        return pub.year if candidate >= pub - timedelta(days=1) else pub.year + 1
    if candidate <= pub + timedelta(days=1) or (candidate - pub).days <= NEAR_FUTURE_DAYS:
        return pub.year
    return pub.year - 1


def _weekday_number(name: str) -> int:
    lowered = name.lower().rstrip(".")
    return WEEKDAYS[lowered] if lowered in WEEKDAYS else WEEKDAYS[lowered[:3]]


def _is_future(text: str, start: int) -> bool:
    """Whether the words just before ``start`` put the mention in the future.

    A mention that opens the sentence has no words before it: the verb after
    it decides ("In January, the union will vote").
    """
    window = text[max(0, start - TENSE_WINDOW) : start]
    cues = list(_FUTURE.finditer(window))
    if not cues and start <= OPENING_CHARS:
        after = text[start : start + TENSE_WINDOW]
        cue = _FUTURE_STRONG.search(after) or _MODAL.search(after)
        if cue is None:
            return False
        return not _PAST.search(after[: cue.start()].split(",", 1)[-1])
    if not cues:
        return False
    last = cues[-1]
    after = window[last.end() :]
    if last.group(0).lower() in _BOUND_CUES and not _BOUND_GAP.match(after):
        return False  # "fell by 3 percent in May": "by" bounds a figure, not the date
    if last.group(0).lower().startswith(("ahead", "before")):
        # "two days to study it before a vote on Saturday": ahead only when nothing in the
        # sentence is told in the past ("Before a vote on Monday, MPs argued")
        return not _PAST.search(after) and not _PAST_VERB.search(text)
    if _FUTURE_STRONG.match(last.group(0)):
        return not re.search(r"\b(?:said|says|told|announced)\b", after, re.IGNORECASE)
    if _RELATIVE_OPEN.search(window[: last.start()]) and re.search(r"[,;]", after):
        return False  # "the talks, which could resume, broke down on 15 August": it ended
    return not _PAST.search(after)


def _month_name_ok(match: re.Match[str], group: str = "m") -> bool:
    """``May``/``march`` are also words; trust them only capitalised."""
    name = match.group(group)
    if not name[0].isupper():
        return False
    if name == "May" and match.start(group) > 0:
        before = match.string[max(0, match.start(group) - 12) : match.start(group)].strip().lower()
        if before.endswith(("it", "he", "she", "they", "we", "you", "i", "who", "that", "which")):
            return False
    return True


class _Finds(list):
    def add(self, start: int, end: int, value: str, precision: str, kind: str) -> None:
        self.append((start, end, value, precision, kind))


def _with_year(
    text: str, m: re.Match[str], pub: date | None, month: int, day: int, out: _Finds
) -> None:
    if m.group("y"):
        d = safe_date(int(m.group("y")), month, day)
        kind = "absolute"
    elif pub:
        year = _nearest_year(month, day, pub, _is_future(text, m.start()))
        d = safe_date(year, month, day)
        kind = "relative"
    else:
        return
    if d is None:
        return
    wd = m.group("wd")
    if wd and _weekday_number(wd) != d.weekday() and not m.group("y") and pub:
        # "Thursday, February 10": the weekday settles the year when the nearest one disagrees.
        for year in (d.year - 1, d.year + 1):
            other = safe_date(year, month, day)
            if other and other.weekday() == _weekday_number(wd):
                d = other
                break
    out.add(m.start(), m.end(), d.isoformat(), "day", kind)


def _absolute(text: str, pub: date | None, out: _Finds, has: frozenset[str]) -> None:
    if "four" not in has and "month" not in has:
        return
    for m in _ISO.finditer(text) if "four" in has else ():
        d = safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if d:
            out.add(m.start(), m.end(), d.isoformat(), "day", "absolute")
    for m in _SLASH.finditer(text) if "year" in has else ():
        d = safe_date(int(m.group(3)), int(m.group(1)), int(m.group(2)))
        if d:
            out.add(m.start(), m.end(), d.isoformat(), "day", "absolute")
    for m in _MDY.finditer(text) if "month" in has else ():
        if _month_name_ok(m) and 1 <= int(m.group("d")) <= 31:
            _with_year(text, m, pub, month_number(m.group("m")), int(m.group("d")), out)
    for m in _DMY.finditer(text) if "month" in has else ():
        if _month_name_ok(m):
            _with_year(text, m, pub, month_number(m.group("m")), int(m.group("d")), out)
    for m in _MONTH_YEAR.finditer(text) if {"month", "year"} <= has else ():
        if not _month_name_ok(m):
            continue
        year, month = int(m.group("y")), month_number(m.group("m"))
        out.add(m.start(), m.end(), _part_value(year, month, m.group("part")), "month", "absolute")
    if "year" not in has:
        return
    for m in _MID_YEAR.finditer(text):
        out.add(m.start(), m.end(), m.group(2), "year", "absolute")
    for m in _YEAR.finditer(text):
        out.add(m.start(1), m.end(1), m.group(1), "year", "absolute")
    for m in _DECADE.finditer(text):
        out.add(m.start(), m.end(), f"{m.group(1)}0s", "decade", "absolute")


def _part_value(year: int, month: int, part: str | None) -> str:
    """``2023-12`` for a month; ``early December`` stays the month (its part is in the text)."""
    return f"{year:04d}-{month:02d}"


def _year_less_months(text: str, pub: date, out: _Finds) -> None:
    for pattern in (_PART_MONTH, _IN_MONTH):
        for m in pattern.finditer(text):
            if not _month_name_ok(m):
                continue
            month = month_number(m.group("m"))
            prep = (m.groupdict().get("prep") or "").lower()
            future = prep in {"next", "until", "by"} or _is_future(text, m.start())
            if prep == "last":
                future = False
                year = pub.year if month < pub.month else pub.year - 1
            else:
                year = _nearest_year(month, None, pub, future)
            out.add(m.start(), m.end(), f"{year:04d}-{month:02d}", "month", "relative")


def _iso_week(d: date) -> str:
    iso = d.isocalendar()
    return f"{iso[0]}-W{iso[1]:02d}"


def _relative(text: str, pub: date, out: _Finds, has: frozenset[str]) -> None:
    for m in _DEICTIC.finditer(text):
        word = m.group(1).lower()
        delta = -1 if word == "yesterday" else 1 if word == "tomorrow" else 0
        out.add(m.start(), m.end(), (pub + timedelta(days=delta)).isoformat(), "day", "relative")
    for m in _WEEKDAY.finditer(text) if "weekday" in has else ():
        name = m.group("wd")
        if not name[0].isupper() or (len(name) <= 3 and not m.group("mod")):
            continue  # "sun", "wed", "Sat" alone are too often words
        target = _weekday_number(name)
        modifier = (m.group("mod") or "").lower()
        back = (pub.weekday() - target) % 7
        future = modifier in {"next", "coming", "until", "by"} or (
            modifier != "last" and _is_future(text, m.start())
        )
        if modifier == "next":
            d = pub + timedelta(days=(target - pub.weekday()) % 7 or 7)
        elif future:
            d = pub + timedelta(days=(target - pub.weekday()) % 7)
        elif modifier == "last":
            d = pub - timedelta(days=back or 7)
        else:
            d = pub - timedelta(days=back)
        out.add(m.start(), m.end(), d.isoformat(), "day", "relative")
    if "unit" not in has:
        return
    for m in _YEAR_END.finditer(text):
        which = (m.group("which") or "").lower()
        ahead = m.group(0).lower().startswith(("by", "before", "until")) or _is_future(
            text, m.start()
        )
        year = pub.year + 1 if which == "next" else pub.year
        if which != "next" and not ahead and which != "this" and pub.month < 12:
            year -= 1  # "talks collapsed at the end of the year", written in November
        out.add(m.start(), m.end(), f"{year:04d}-12", "month", "relative")
    for m in _RELATIVE_PERIOD.finditer(text):
        which, unit = m.group(1).lower(), m.group(2).lower()
        if which == "past":
            continue  # "the past week" is a span ending now, not a period to date
        step = -1 if which in {"last", "previous"} else 1 if which in {"next", "coming"} else 0
        _add_period(out, m.start(), m.end(), pub, unit, step)
    for m in _AGO.finditer(text):
        if m.group(3).lower() != "ago":
            continue  # "a month earlier" counts from another event: see _anchored
        count = int(m.group(1)) if m.group(1).isdigit() else _NUMBERS[m.group(1).lower()]
        _add_offset(out, m.start(), m.end(), pub, m.group(2).lower(), -count)


def _add_period(out: _Finds, start: int, end: int, base: date, unit: str, step: int) -> None:
    if unit == "day":
        out.add(start, end, (base + timedelta(days=step)).isoformat(), "day", "relative")
    elif unit == "week":
        out.add(start, end, _iso_week(base + timedelta(weeks=step)), "week", "relative")
    elif unit == "month":
        y, mo = _shift_month(base.year, base.month, step)
        out.add(start, end, f"{y:04d}-{mo:02d}", "month", "relative")
    else:
        out.add(start, end, str(base.year + step), "year", "relative")


def _add_offset(out: _Finds, start: int, end: int, base: date, unit: str, count: int) -> None:
    """``count`` units away from ``base``, at the precision the unit allows."""
    if unit == "day":
        out.add(start, end, (base + timedelta(days=count)).isoformat(), "day", "relative")
    elif unit == "week":
        out.add(start, end, _iso_week(base + timedelta(weeks=count)), "week", "relative")
    else:
        _add_period(out, start, end, base, unit, count)


def _anchored(text: str, anchor: date, out: _Finds) -> None:
    """ "the following day", "a month earlier": counted from the article's last event date."""
    for m in _ANCHORED.finditer(text):
        if m.group(1):
            step = 1 if m.group(1).lower() in {"following", "next"} else -1
            unit = m.group(2).lower()
        elif m.group(3):
            step = 1 if m.group(4).lower() == "after" else -1
            unit = m.group(3).lower()
        else:
            step, unit = 0, "day"
        if (
            m.group(1)
            and m.group(1).lower() == "next"
            and not text[: m.start()].rstrip().lower().endswith("the")
        ):
            continue  # "next week" without "the" counts from publication (see _relative)
        _add_period(out, m.start(), m.end(), anchor, unit, step)
    for m in _AGO.finditer(text):
        direction = m.group(3).lower()
        if direction == "ago":
            continue
        count = int(m.group(1)) if m.group(1).isdigit() else _NUMBERS[m.group(1).lower()]
        sign = -1 if direction in {"earlier", "before"} else 1
        _add_offset(out, m.start(), m.end(), anchor, m.group(2).lower(), sign * count)


def _longest(finds: Iterable[Find]) -> list[Find]:
    chosen: list[Find] = []
    for find in sorted(finds, key=lambda f: (-(f[1] - f[0]), f[0])):
        if all(find[1] <= c[0] or find[0] >= c[1] for c in chosen):
            chosen.append(find)
    return sorted(chosen)


def _relation(value: str, precision: str, published: date | None, future: bool) -> str:
    if published is None:
        return "future" if future else "past"
    pub_value = {
        "day": published.isoformat(),
        "month": published.isoformat()[:7],
        "year": str(published.year),
        "week": _iso_week(published),
    }.get(precision)
    if pub_value is None:
        return "future" if future else "past"
    if value == pub_value:
        return "present"
    return "future" if value > pub_value else "past"


def tag_text(
    text: str,
    published: date | None,
    sentence: int = 0,
    anchor: date | None = None,
    coarse: bool = False,
) -> list[TimeMention]:
    """Date expressions in one sentence, resolved against ``published``.

    ``anchor`` is the event date of an earlier sentence, the base for
    "the following day" and "a month earlier"; without it those are left out.
    ``coarse`` means only the month of publication is known (``published`` is
    its last day): expressions that would need the day ("on Tuesday",
    "yesterday", "last week") are left unresolved rather than given an invented day.
    """
    if not _TRIGGER.search(text):
        return []
    finds = _Finds()
    has = _families(text)
    _absolute(text, published, finds, has)
    if published:
        if "month" in has:
            _year_less_months(text, published, finds)
        _relative(text, published, finds, has)
    if anchor and "unit" in has:
        _anchored(text, anchor, finds)
    if coarse:
        finds = _Finds(
            f
            for f in finds
            if not (f[4] == "relative" and f[3] in {"day", "week"} and not _has_digit(text, f))
        )
    mentions = []
    for start, end, value, precision, kind in _longest(finds):
        relation = _relation(value, precision, published, _is_future(text, start))
        mention = TimeMention(
            sentence,
            text[start:end],
            start,
            end,
            value,
            precision,
            relation,
            kind,
            _role(text, start, end, precision),
        )
        mentions.append(mention)
    return mentions


def _role(text: str, start: int, end: int, precision: str) -> str:
    """``since`` for a span's start, ``report`` for the day a statement was made, else ``event``."""
    before = text[max(0, start - TENSE_WINDOW) : start]
    if text[start:end].lower().startswith("since ") or _SINCE.search(before):
        return "since"
    if precision == "day" and (_REPORT_BEFORE.search(before) or _REPORT_AFTER.match(text[end:])):
        return "report"
    return "event"


def event_mentions(mentions: Sequence[TimeMention]) -> list[TimeMention]:
    """One sentence's mentions that can date its event: a span's start ("since April") never
    does, and the day a statement was made ("said on Tuesday that the talks on March 3 ...")
    only when no other past day or month is named."""
    kept = [m for m in mentions if m.role != "since"]
    dated = any(
        m.role == "event" and m.relation != "future" and m.precision in EVENT_PRECISIONS
        for m in kept
    )
    return [m for m in kept if not (dated and m.role == "report")]


def _has_digit(text: str, find: Find) -> bool:
    return any(c.isdigit() for c in text[find[0] : find[1]])


def published_date(article: Article) -> date | None:
    """The publication day, or the last day of the publication month when only that is known."""
    if not article.published:
        return None
    if article.published_precision == "day":
        return date.fromisoformat(article.published[:10])
    if article.published_precision == "month" and len(article.published) == 7:
        year, month = _shift_month(int(article.published[:4]), int(article.published[5:7]), 1)
        return date(year, month, 1) - timedelta(days=1)
    return None


def tag_article(article: Article) -> Article:
    """The article with every sentence's time mentions.

    With a month-precision publication date, only expressions that do not need
    the day are resolved ("last month", "in March", "Oct. 7").
    """
    pub = published_date(article)
    coarse = article.published_precision != "day"
    mentions: list[TimeMention] = []
    anchor: date | None = None
    for sentence in article.sentences:
        found = tag_text(sentence.text, pub, sentence.index, anchor, coarse)
        mentions.extend(found)
        days = [m for m in found if m.precision == "day"]
        if days:
            anchor = date.fromisoformat(days[-1].value)
    return replace(article, mentions=tuple(mentions))


#: Preference among a sentence's mentions for its event date, most precise first.
EVENT_PRECISIONS = ("day", "month")


def event_date(
    sentence: Sentence, mentions: Iterable[TimeMention], article: Article
) -> tuple[str, str, str] | None:
    """A sentence's event date as (value, precision, how).

    ``how`` is ``"mention"`` when a date expression of the sentence gave it and
    ``"published"`` when it falls back to the publication date (a flag for
    readers: the event may be older than the article).
    """
    own = event_mentions([m for m in mentions if m.sentence == sentence.index])
    for wanted in EVENT_PRECISIONS:
        for mention in own:
            if mention.precision == wanted:
                return mention.value, wanted, "mention"
    if article.published:
        return article.published, article.published_precision or "day", "published"
    return None
