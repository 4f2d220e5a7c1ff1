"""Parsing written dates: field values, datelines, URL paths.

Compiled regular expressions only; no dateparser on this path, so parsing a
corpus of millions of articles stays cheap.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

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
#: ``/2025/3/11/``: month and day without their leading zeros (htmldate's pattern too).
_URL_SHORT = re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})(?:/|\b)")
#: ``/2022/Aug/01/``: the month by name.
_URL_NAMED = re.compile(rf"/((?:19|20)\d{{2}})/({MONTH_RE})/(\d{{1,2}})(?:/|\b)", re.IGNORECASE)
#: ``/stories/202305080497.html``, ``-20241101.htm``: a compact date opening a numeric id
#: of at most this many more digits (a longer run of digits is an id, not a date).
_URL_COMPACT = re.compile(
    r"[/_-]((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(\d{0,6})(?![\d])"
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


def _full_dates(text: str, every: bool = False) -> Iterator[tuple[date, re.Match[str]]]:
    """Complete (day, month, year) dates written in ``text``, pattern by pattern: the
    first of each pattern, or with ``every`` all of them."""
    for pattern, order in ((_ISO, "ymd"), (_MDY, "mdy"), (_DMY, "dmy"), (_SLASH_YMD, "ymd")):
        for match in pattern.finditer(text):
            a, b, c = match.groups()[:3]
            if order == "ymd":
                found = safe_date(int(a), int(b), int(c))
            elif order == "mdy":
                found = safe_date(int(c), month_number(a), int(b))
            else:
                found = safe_date(int(c), month_number(b), int(a))
            if found:
                yield found, match
            if not every:
                break


def find_full_date(text: str) -> tuple[date, re.Match[str]] | None:
    """The first complete (day, month, year) date written in ``text``."""
    return min(_full_dates(text), key=lambda found: found[1].start(), default=None)


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
    """A date in a URL path, as (iso, precision): ``/2024/05/05/``, ``/20240505``,
    ``/2025/3/11/``, ``/2022/Aug/01/``, ``/stories/202305080497``, ``-20241101.htm``;
    ``/2024/05/`` gives the month."""
    if not url:
        return None
    path = url.split("?", 1)[0].split("#", 1)[0]
    path = path.split("//", 1)[1] if "//" in path else path
    path = path[path.find("/") :] if "/" in path else ""
    for pattern in (_URL_DATE, _URL_SHORT, _URL_NAMED, _URL_COMPACT):
        for match in pattern.finditer(path):
            year, month, day = match.group(1), match.group(2), match.group(3)
            number = int(month) if month.isdigit() else month_number(month)
            found = safe_date(int(year), number, int(day))
            if found and found.year <= date.today().year + 1:
                return found.isoformat(), "day"
    month = _URL_MONTH.search(path)
    return (f"{month.group(1)}-{month.group(2)}", "month") if month else None


# -- dates printed in the page: bylines, timestamps, wire datelines -----------------------

#: ``04/09/2019`` or ``17.07.2023``: day and month told apart by a value over 12, else by
#: the time zone printed beside it (US zones write the month first).
_NUMERIC = re.compile(r"(?<![\d/.])(\d{1,2})[/.](\d{1,2})[/.]((?:19|20)\d{2})(?![\d/.])")
_MONTH_FIRST_ZONES = frozenset("EDT EST CDT CST MDT MST PDT PST ET PT AKDT HST".split())
_ZONE = re.compile(
    r"\(?\b(?:UTC|GMT)\s*[+−-]\s*\d{1,2}(?::?\d{2})?\)?|\b(?:[ECMP][SD]T|ET|PT|BST|CES?T|EES?T|"
    r"WES?T|IST|GMT|UTC|AE[SD]T|JST|KST|HKT|SGT|EAT|WAT|CAT|SAST|MSK|PKT|AKDT|HST|Z)\b"
)
_STAMP_WORD = re.compile(
    r"\b(?:first\s+published|published|posted|created|updated|last\s+updated|modified|"
    r"last\s+modified)\b(?:\s+on)?",
    re.IGNORECASE,
)
_CLOCK = re.compile(
    r"(?<![\d:])\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?![\d])|\b\d{1,2}\s*[ap]\.?m\.?\b",
    re.IGNORECASE,
)
_READ_TIME = re.compile(r"\b\d+\s+min(?:ute)?s?\s+read\b", re.IGNORECASE)
_BY = re.compile(r"(?:^|\s|\|)by\s+(?:[\w.'’-]+\s*){1,7}", re.IGNORECASE)
#: Lines of a page searched for its printed date, and how many body paragraphs (lines of
#: at least ``BODY_WORDS`` words) may come before it: a byline sits above or just under
#: the lead, never below the third paragraph (listing chrome further down carries dates).
STAMP_LINES = 40
STAMP_BODY_LINES = 3
BODY_WORDS = 15
#: A date above the headline, this many days after the latest date the article itself
#: writes, is the page's "today" (a crawl or archive date), not its publication.
STALE_DAYS = 180


@dataclass(frozen=True, slots=True)
class Stamp:
    """A publication date printed in the page: the day, how it is labelled, the time zone."""

    day: date
    kind: str  # "opener" (PLACE, date (Agency) -) | "published" | "plain" | "updated"
    line: str
    zone: str | None = None
    has_time: bool = False


def _numeric(match: re.Match[str], line: str) -> date | None:
    a, b, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
    if a > 12:
        return safe_date(year, b, a)
    if b > 12:
        return safe_date(year, a, b)
    zone = _ZONE.search(line)
    if zone is None:
        return None  # 04/09/2019 with no hint: either day; claim none
    month_first = zone.group(0).strip("()").upper() in _MONTH_FIRST_ZONES
    return safe_date(year, a, b) if month_first else safe_date(year, b, a)


def _dates_in(line: str) -> list[tuple[int, int, date]]:
    """Every complete date written in ``line``: (start, end, day), in order."""
    found = [(m.start(), m.end(), day) for day, m in _full_dates(line, every=True)]
    for match in _NUMERIC.finditer(line):
        day = _numeric(match, line)
        if day:
            found.append((match.start(), match.end(), day))
    found.sort()
    out: list[tuple[int, int, date]] = []
    for item in found:  # overlapping matches of two patterns: keep the first
        if not out or item[0] >= out[-1][1]:
            out.append(item)
    return out


def _label(line: str, start: int) -> str:
    """How the date at ``start`` is labelled by the nearest stamp word before it."""
    words = [m for m in _STAMP_WORD.finditer(line) if m.end() <= start]
    if not words:
        return "plain"
    word = words[-1].group(0).lower()
    return "updated" if ("updated" in word or "modified" in word) else "published"


def read_stamp(line: str) -> Stamp | None:
    """The printed publication date of one line that is a byline or timestamp.

    ``Published 10:32 AM EDT, Oct 3, 2025``, ``May 19, 2023 by A Writer``, ``by The Desk
    March 18, 2023 6:18 PM 1 min read``, ``18 February 2025 12:31 (UTC+04:00)``,
    ``[October 31, 2025]``, ``04/09/2019 19:49 BST | Updated 04/09/2019 21:02 BST``,
    ``New York, 17 May 2023 (dpa) - ...`` (a wire dateline opening the lead). The
    published date wins over an updated one; a line that only gives an updated date
    gives ``kind`` "updated". A sentence that mentions a date is not a stamp.
    """
    text = line.strip().strip("•*·[](){}").strip()
    dates = _dates_in(text)
    if not dates or len(text) > 300:
        return None
    start, end, day = dates[0]
    zone_match = _ZONE.search(text)
    zone = zone_match.group(0).strip("()") if zone_match else None
    before, after = text[:start], text[end:]
    if re.fullmatch(r"(?:[A-Z][\w.'’ -]{1,40},\s*)?", before) and re.match(
        r"\s*(?:\([^()]{2,40}\))?\s*(?:-{1,2}|—|–)\s+\S", after
    ):
        return Stamp(day, "opener", line, zone)
    rest = text
    for _s, _e, _d in reversed(dates):
        rest = rest[:_s] + " " + rest[_e:]
    has_time = bool(_CLOCK.search(rest))
    for pattern in (_ZONE, _CLOCK, _STAMP_WORD, _READ_TIME):
        rest = pattern.sub(" ", rest)
    rest = re.sub(WEEKDAY_RE + r"\b\.?", " ", rest, flags=re.IGNORECASE)
    if "|" in rest and rest.split("|")[0].strip().isupper():  # "PLACE | date"
        rest = rest.split("|", 1)[1]
    bylined = _BY.search(rest)
    if bylined:
        rest = rest[: bylined.start()] + " " + rest[bylined.end() :]
    leftover = [w for w in re.findall(r"[A-Za-z]{2,}", rest) if not w.isupper()]
    if len(leftover) > (1 if not bylined else 0) and not _labelled_field(text, dates):
        return None
    labelled = [(_label(text, s), d) for s, _e, d in dates]
    for wanted in ("published", "plain", "updated"):
        for kind, found in labelled:
            if kind == wanted:
                return Stamp(found, kind, line, zone, has_time)
    return None  # pragma: no cover - every date has a label


def find_stamp(lines: Sequence[str]) -> Stamp | None:
    """The page's printed publication date among its first lines, or None.

    A wire dateline opening the lead wins, then a date labelled published, then a plain
    byline or timestamp; a date only labelled updated is not a publication date. Two
    shapes of page chrome are passed over: a weekday date alone on the page's first
    line with no time (the site's "today"), and a first-line date ``STALE_DAYS`` after
    every date the article writes below it (a crawl or listing date).
    """
    found: list[tuple[int, Stamp]] = []
    body = 0
    first = True
    content = [line for line in lines if line.strip()]
    for index, line in enumerate(content[:STAMP_LINES]):
        stamp = read_stamp(line) if len(line) <= 300 else None
        if stamp and not (first and _page_chrome(stamp, content[1:])):
            found.append((index, stamp))
        first = False
        if len(line.split()) >= BODY_WORDS:
            body += 1
            if body > STAMP_BODY_LINES:
                break
    for wanted in ("opener", "published", "plain"):
        for _index, stamp in found:
            if stamp.kind == wanted:
                return stamp
    return None


def _labelled_field(text: str, dates: list[tuple[int, int, date]]) -> bool:
    """``PUBLISHED: 17/07/2023; STORY: ...``: a metadata line whose date follows its label."""
    if len(text.split()) > 30:
        return False
    for start, _end, _day in dates:
        label = _STAMP_WORD.search(text[:start][-30:])
        if label and re.fullmatch(r"[\s:;,-]*", text[:start][-30:][label.end() :]):
            return True
    return False


def _page_chrome(stamp: Stamp, below: Sequence[str]) -> bool:
    if stamp.kind != "plain" or stamp.has_time:
        return False
    if re.match(r"\W*" + WEEKDAY_RE + r"\b", stamp.line.strip(), re.IGNORECASE):
        return True
    written = [d for line in below for _s, _e, d in _dates_in(line)]
    return bool(written) and stamp.day > max(written) + timedelta(days=STALE_DAYS)
