"""Parsing written dates: field values, datelines, URL paths.

Compiled regular expressions only; no dateparser on this path, so parsing a
corpus of millions of articles stays cheap.
"""

from __future__ import annotations

import re
from datetime import date, datetime

MONTHS: dict[str, int] = {}
for _number, _name in enumerate(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ],
    1,
):
    MONTHS[_name] = _number
    MONTHS[_name[:3]] = _number
MONTHS["sept"] = 9

WEEKDAYS: dict[str, int] = {}
for _number, _name in enumerate(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
):
    WEEKDAYS[_name] = _number
    WEEKDAYS[_name[:3]] = _number
WEEKDAYS.update({"tues": 1, "weds": 2, "thur": 3, "thurs": 3})

MONTH_RE = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
WEEKDAY_RE = (
    r"(?:Mon(?:day)?|Tue(?:s(?:day)?)?|Wed(?:nesday)?|Thu(?:r(?:s(?:day)?)?)?|Fri(?:day)?|"
    r"Sat(?:urday)?|Sun(?:day)?)"
)

_ISO = re.compile(
    r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?(?!\d)"
)
_SLASH_YMD = re.compile(r"(?<!\d)(\d{4})/(\d{1,2})/(\d{1,2})(?!\d)")
_MDY = re.compile(
    rf"\b({MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\s*,?\s*(\d{{4}})\b", re.IGNORECASE
)
_DMY = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({MONTH_RE})\.?,?\s+(\d{{4}})\b", re.IGNORECASE
)
_MY = re.compile(rf"\b({MONTH_RE})\.?,?\s+(\d{{4}})\b", re.IGNORECASE)
_YM = re.compile(r"^\s*(\d{4})-(\d{2})\s*$")
_URL_DATE = re.compile(
    r"/((?:19|20)\d{2})[/_-]?(0[1-9]|1[0-2])[/_-]?(0[1-9]|[12]\d|3[01])(?:/|[_-]|\b)"
)
_URL_MONTH = re.compile(r"/((?:19|20)\d{2})/(0[1-9]|1[0-2])/")
_TIME = re.compile(
    r"\b\d{1,2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?\b(?:\s*[A-Z]{2,4}T?\b)?", re.IGNORECASE
)
_DATELINE_WORDS = re.compile(
    r"\b(?:updated|published|posted|last|modified|on|at|edt|est|pdt|pst|cdt|cst|gmt|utc|bst|cet|cest|et|pt)\b",
    re.IGNORECASE,
)


def month_number(name: str) -> int:
    return MONTHS[
        name.lower().rstrip(".")[:4]
        if name.lower().startswith("sept")
        else name.lower().rstrip(".")[:3]
    ]


def safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_full_date(text: str) -> tuple[date, re.Match[str]] | None:
    """The first complete (day, month, year) date written in ``text``."""
    best: tuple[date, re.Match[str]] | None = None
    for pattern, order in ((_ISO, "ymd"), (_MDY, "mdy"), (_DMY, "dmy"), (_SLASH_YMD, "ymd")):
        match = pattern.search(text)
        if not match:
            continue
        a, b, c = match.groups()[:3]
        if order == "ymd":
            found = safe_date(int(a), int(b), int(c))
        elif order == "mdy":
            found = safe_date(int(c), month_number(a), int(b))
        else:
            found = safe_date(int(c), month_number(b), int(a))
        if found and (best is None or match.start() < best[1].start()):
            best = (found, match)
    return best


def parse_date_string(value: str) -> tuple[str, str] | None:
    """A field value ("2024-05-23", "Thu, 23 May 2024 10:00:00 GMT", "2024-05") as (iso, precision)."""
    value = value.strip()
    full = find_full_date(value)
    if full:
        return full[0].isoformat(), "day"
    match = _YM.match(value)
    if match and 1 <= int(match.group(2)) <= 12:
        return f"{match.group(1)}-{match.group(2)}", "month"
    match = _MY.search(value)
    if match:
        return f"{int(match.group(2)):04d}-{month_number(match.group(1)):02d}", "month"
    try:  # RFC 2822 and other forms the stdlib knows
        from email.utils import parsedate_to_datetime

        return parsedate_to_datetime(value).date().isoformat(), "day"
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return datetime.fromisoformat(value).date().isoformat(), "day"
    except ValueError:
        return None


def parse_dateline(line: str) -> date | None:
    """The date of a line that is only a dateline.

    ``May 23, 2024``, ``23 May 2024``, ``WASHINGTON | Mon Mar 2, 2009 4:23pm EST``,
    ``Updated 3:15 PM EDT, Thu March 3, 2011``, ``HONG KONG | Tue May 12 , 2009 8:56 am EDT``.
    A sentence that merely contains a date is not a dateline.
    """
    found = find_full_date(line)
    if not found:
        return None
    rest = line[: found[1].start()] + " " + line[found[1].end() :]
    rest = re.sub(WEEKDAY_RE + r"\b\.?", " ", rest, flags=re.IGNORECASE)
    rest = _TIME.sub(" ", rest)
    rest = _DATELINE_WORDS.sub(" ", rest)
    if "|" in rest:  # "PLACE | date": the place is in capitals
        rest = rest.split("|")[-1] if rest.split("|")[0].strip().isupper() else rest
    words = re.findall(r"[A-Za-z]{2,}", rest)
    leftover = [w for w in words if not w.isupper()]
    return found[0] if len(leftover) <= 1 else None


def date_from_url(url: str | None) -> tuple[str, str] | None:
    """``/2024/05/05/`` or ``/20240505`` in a URL path, as (iso, precision)."""
    if not url:
        return None
    match = _URL_DATE.search(url)
    if match:
        found = safe_date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        if found:
            return found.isoformat(), "day"
    match = _URL_MONTH.search(url)
    if match:
        return f"{match.group(1)}-{match.group(2)}", "month"
    return None
