"""Cleaning scraped article text: header parsing and boilerplate removal.

Rules, not lists of strings seen in one corpus: a line is dropped for its
*shape* (a short "Most Read from X" / "See also ..." link line, a copyright
line, a headline repeated, a short Title-Case site-name line above the title,
a Title-Case link headline inside the body, a credit line). Every dropped line
is reported with its reason, and the raw text is kept, so cleaning can be
re-run with other rules.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .dates.parse import find_stamp, parse_dateline

#: A line with at most this many words can be navigation or site chrome.
CHROME_MAX_WORDS = 12
#: A "See also ..." link line may carry a teaser of the linked story up to this long.
LINK_TEASER_MAX_WORDS = 60
#: Header lines (above the first body paragraph) this short are site names or titles.
SITE_NAME_MAX_WORDS = 4

_MARKER = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\b[ \t]*")
_LINK_LINE = re.compile(
    r"^(?:most (?:read|popular|viewed|shared)(?: from| on| in)?|see also|read (?:also|more|next)|"
    r"also read|related(?: stories| articles| coverage)?:?|recommended(?: for you)?|more from|"
    r"trending(?: now)?|watch(?: now)?:|listen(?: now)?:|click here|sign up|subscribe|"
    r"follow us|share (?:this|on)|advertisement|sponsored|loading|continue reading|"
    r"(?:photo|image|video) (?:credit|source)|getty images)\b",
    re.IGNORECASE,
)
# Markdown a scraper or an export left around a line: "## Title", "**Title**", "__Title__".
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+(?=\S)")
_MARKDOWN_STRONG = re.compile(r"(?<![\w*_])(\*\*|__)(?=\S)(.+?)(?<=\S)\1(?![\w*_])")
_ONLY_LOADING = re.compile(r"^(?:\s*(?:loading|please wait)\s*(?:\.\.\.|…)?\s*)+$", re.IGNORECASE)
_COPYRIGHT = re.compile(
    r"^\s*(?:©|\(c\)|copyright\b)\s*(?:©\s*)?(?:\d{4}\s*)?(?P<owner>[^.]*?(?:\.[A-Z]\.)*)\.?\s*(?:all rights reserved\.?)?\s*$",
    re.IGNORECASE,
)
_CREDIT = re.compile(
    r"\b(?:contributed (?:reporting|to this (?:report|article|story))|reporting by|editing by|"
    r"writing by|compiled by)\b",
    re.IGNORECASE,
)
_OPENER = re.compile(
    r"^(?P<lead>(?:[A-Z][A-Z .'-]{1,40},?\s*(?:[A-Z][a-z]{2,8}\.? \d{1,2}\s*)?)?)"
    r"(?:\((?P<a1>[A-Z][\w .&'-]{1,40})\)|-LRB-\s*(?P<a2>[A-Z][\w .&'-]{1,40}?)\s*-RRB-)"
    r"\s*(?:--|—|–|-)\s*"
)
#: "Brussels (NVI): ...": a place written in Title Case, an agency's capitals in brackets and
#: a colon or dash (the capitals keep "John Smith (Labour) - ..." out).
#: Only in an article's first this many body lines (after a standfirst, say).
OPENER_LINES = 3
_OPENER_TITLED = re.compile(
    r"^(?P<lead>[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2},?\s*)\((?P<a1>[A-Z]{2,6})\)\s*(?::|--|—|–|-)\s+"
)
_BYLINE = re.compile(
    r"^(?:(?:By|BY)\s+[A-Z][\w.'-]+(?:\s+(?:and\s+)?[A-Z][\w.'-]+)*"
    r"|(?:[A-Z][\w.'-]+\s+)+(?i:staff(?:\s+(?:writer|reporter)s?)?)"
    r"|[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+)*,?\s+(?i:staff writer|correspondent|reporter))\.?$"
)
#: Page-furniture titles: generic labels a page puts where a headline goes ("Press release",
#: "Breaking news"), never an article's title. Generic phrases only, no outlet's own words.
GENERIC_TITLE_MAX_WORDS = 4
_GENERIC_TITLE = re.compile(
    r"(?:(?:press|news|media) releases?|(?:official )?statements?|breaking(?: news)?|"
    r"(?:latest |top )?(?:news|stories|headlines)|home(?: ?page)?|untitled(?: document)?|"
    r"(?:page|article) not found|error|advertisements?|sponsored(?: content)?|"
    r"live(?: updates| blog)?|video|photos?|gallery|menu|search|sign in|log ?in)"
    r"\s*[:|\-–—]?",
    re.IGNORECASE,
)


_LABELS = _GENERIC_TITLE.pattern.rsplit(r"\s*", 1)[0]
_LABEL_AROUND = re.compile(
    rf"^\s*{_LABELS}\s*[:|–—-]\s+(?=\S)|\s+[|–—-]\s*{_LABELS}\s*$", re.IGNORECASE
)


def strip_label(title: str) -> str:
    """``Press release: Union accepts offer`` → ``Union accepts offer``: a page label before
    or after a real title cut (the label alone is no title: :func:`generic_title`)."""
    return _LABEL_AROUND.sub("", title).strip() or title


def generic_title(line: str) -> bool:
    """Whether a line is a page-furniture label ("Press release"), not an article's title."""
    stripped = line.strip(" \t*#|:-–—")
    return len(stripped.split()) <= GENERIC_TITLE_MAX_WORDS and bool(
        _GENERIC_TITLE.fullmatch(stripped)
    )


#: Page furniture by shape: (pattern over the whole stripped line, most words, reason, and
#: what the line must contain for the pattern to match, or None: words, any of which will do,
#: matched in lower case unless written with a capital, then optionally a pattern searched).
#: These are cheap necessary conditions checked first: a lazy ``.{10,400}?`` before an
#: alternation tries every split of every line, which made the caption rule 3.3 s of
#: preparing one T17 topic (egypt, 271 articles).
_CREDIT_TAIL = (
    r"(?:\((?:[A-Z]+\s+)?(?:photo|image|picture|file photo|graphic|credit)s?\b[^()]{0,80}\)\.?"
    r"|\b(?:photo|image|picture)(?:\s+credit)?s?\s*:\s*[^.]{1,80}"
    r"|\bcredit\s*:\s*[^.]{1,80}"
    r"|[\w.'-]+(?:\s[\w.'-]+){0,5}\s*/\s*(?:AFP|AP|Reuters|Getty Images|EPA|Shutterstock|Bloomberg)"
    r"(?:\s+via\s+[\w ]{2,30})?\)?"
    r"|\b(?-i:via|for)\s+(?-i:REUTERS|Getty Images|AFP|AP|EPA)"
    r"|\bgetty images(?:\s+via\s+\w+)?\)?)\s*$"
)
# The part each alternative of _CREDIT_TAIL cannot match without.
_CAPTION_NEEDS = (
    r"\((?:[A-Z]+\s+)?(?:photo|image|picture|file photo|graphic|credit)"
    r"|\b(?:photo|image|picture)(?:\s+credit)?s?\s*:|\bcredit\s*:"
    r"|/\s*(?:AFP|AP|Reuters|Getty Images|EPA|Shutterstock|Bloomberg)"
    r"|\b(?-i:via|for)\s+(?-i:REUTERS|Getty Images|AFP|AP|EPA)|\bgetty images"
)
_CAPTION_WORDS = "( / photo image picture graphic credit getty REUTERS Getty AFP AP EPA"
#: (words to find in the lowered line, words to find as written, a pattern to search).
_Needs = tuple[tuple[str, ...], tuple[str, ...], re.Pattern[str] | None] | None


def _needs(words: str, pattern: str | None) -> _Needs:
    split = words.split()
    return (
        tuple(w for w in split if w == w.lower()),
        tuple(w for w in split if w != w.lower()),
        re.compile(pattern, re.IGNORECASE) if pattern else None,
    )


_FURNITURE: tuple[tuple[re.Pattern[str], int, str, _Needs], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), most, reason, _needs(*needs) if needs else None)
    for pattern, most, reason, needs in (
        (
            r"(?:skip (?:to|twitter post|\w+ post)\b[\w @.-]*?)+|end of (?:twitter|\w+) post\b.*",
            16,
            "skip link",
            None,
        ),
        (
            r"(?:\d+\s+)?(?:view|open|see)\s+(?:the\s+)?(?:full\s+)?gallery|\d+\s*/\s*\d+"
            r"|\d+\s+(?:photos|images|pictures)",
            6,
            "gallery counter",
            None,
        ),
        (
            r".*\bcookies?\b.*\b(?:accept|consent|policy|privacy|settings|use|agree)\b.*"
            r"|.*\b(?:accept|consent|policy|privacy|settings|agree)\b.*\bcookies?\b.*"
            r"|.*\b(?:by (?:clicking|continuing|signing up|using this)|you agree)\b.*"
            r"\b(?:terms of (?:service|use)|privacy (?:policy|notice))\b.*",
            80,
            "cookie or consent notice",
            ("cookie terms privacy", None),
        ),
        (
            r"-?\d{1,3}\s*°\s*[cf]?(?:\s+[\w,]+){0,4}|\d{1,2}:\d{2}(?::\d{2})?"
            r"|(?:text|font) (?:settings|size)|share(?: this)?(?: article)?\s*:?|short link\s*:?"
            r"|report (?:a typo|an error)|(?:last )?updated\s*:?|published\s*:?|print|email"
            r"|(?:facebook|twitter|x|linkedin|whatsapp|reddit|telegram|pinterest|copy link)",
            6,
            "widget or button",
            None,
        ),
        (
            r"live(?: feed| updates| blog)?|(?:show )?key events(?: only)?"
            r"|this (?:article|story|page) is more than \d+ \w+ old"
            r"|please (?:turn on|enable) javascript.*|listen to (?:this )?(?:article|story).*"
            r"|\d+\s+min(?:ute)?s?\s+read",
            12,
            "live-blog or page header",
            None,
        ),
        (
            r".*\bnewsletters?\b.*\b(?:sign up|subscribe|stay informed|inbox|thanks)\b.*"
            r"|.*\b(?:sign up|subscribe|stay informed)\b.*\bnewsletters?\b.*",
            40,
            "newsletter box",
            ("newsletter", None),
        ),
        (
            r"\(?(?:credit|photo|image|picture)s?\s*:[^.]{0,80}\)?|\([^()]{0,40}\bgraphic\)"
            r"|[A-Z .'-]{2,40}/\s*(?:AFP|AP|REUTERS|GETTY IMAGES|EPA)(?:\s+via\s+[\w ]{2,30})?",
            14,
            "photo credit",
            None,
        ),
        (r".{10,400}?" + _CREDIT_TAIL, 60, "photo caption", (_CAPTION_WORDS, _CAPTION_NEEDS)),
        (
            r".{10,300}\((?:file )?(?:photo|picture|image)\)\.?",
            60,
            "photo caption",
            ("( photo picture image", r"\((?:file )?(?:photo|picture|image)\)"),
        ),
        (
            r"(?:read more|related|more from|also read|see also)\s*:.*",
            40,
            "link or navigation line",
            None,
        ),
        (
            # "Posted in: Movies, TV | Tagged: strike, studios": a blog's category and tag list
            r"(?:posted in|filed under|tagged(?: with)?|categor(?:y|ies)|tags|topics)\s*:.*",
            40,
            "category or tag line",
            ("posted filed tagged categor tags topics", None),
        ),
        (
            r"</?[a-z!][\w:-]*\b.*|.*</?[a-z][a-z0-9-]*(?:\s[^<>]*)?>\s*|[\w-]+=\"[^\"]*\"\s*/?>?"
            r"|(?:window|document)\.\w+.*|//\s.*",
            80,
            "markup",
            None,
        ),
        (r"•\s*[^.!?]{0,40}", 3, "navigation list item", None),
    )
)
#: Navigation and section words a scraper glues to the first word of the lead
#: ("NewsThe United States has agreed..."): a generic lexicon of site sections.
_NAV_WORDS = (
    "News|World|Politics|Business|Sports?|Home|Opinion|Tech(?:nology)?|Health|Entertainment|"
    "Live|Latest|Breaking|Videos?|Europe|Asia|Africa|Americas|Markets|Economy|Science|"
    "Culture|Lifestyle|Local|National|International|Nation|Money|Finance|Trending|Top Stories"
)
_GLUED_NAV = re.compile(rf"^(?P<nav>(?:(?:{_NAV_WORDS})\s?){{1,3}})(?=[A-Z][a-z]+\s)")


def unglue_navigation(line: str) -> tuple[str, str | None]:
    """``NewsThe talks resumed`` → (``The talks resumed``, ``News``): a section name glued
    to the lead's first word. A real word (``Newsom said``) is left alone: the glued
    name must be followed directly by a capital."""
    match = _GLUED_NAV.match(line)
    if not match or match.group("nav").endswith(" "):
        return line, None
    return line[match.end() :], match.group("nav")


def furniture_reason(line: str) -> str | None:
    """Why a line is page furniture (captions, credits, counters, skip links, consent
    text, widgets, live-blog headers, newsletter boxes, markup), or None."""
    words = len(line.split())
    lowered = line.lower()
    for pattern, most, reason, needs in _FURNITURE:
        if words > most or (needs is not None and not _contains(line, lowered, needs)):
            continue
        if pattern.fullmatch(line):
            return reason
    return None


def _contains(line: str, lowered: str, needs: _Needs) -> bool:
    if needs is None:
        return True
    lower, cased, search = needs
    if not any(map(lowered.__contains__, lower)) and not any(map(line.__contains__, cased)):
        return False
    return search is None or search.search(line) is not None


_SMALL_WORDS = frozenset(
    """
    a an and as at but by for from in into of on or over the to up vs with
    """.split()
)


@dataclass(frozen=True, slots=True)
class Cleaned:
    text: str
    title: str | None = None
    marker_date: str | None = None
    dateline: str | None = None  # the header line that carried the date, as written
    agency: str | None = None  # "(Bloomberg) --" opener
    site_names: tuple[str, ...] = ()
    copyright_owner: str | None = None
    dropped: tuple[tuple[str, str], ...] = field(default=())  # (line, reason)


def _words(line: str) -> list[str]:
    return re.findall(r"[\w’'&.-]+", line)


def is_title_case(line: str) -> bool:
    words = [w for w in _words(line) if w[0].isalpha()]
    if not words:
        return False
    caps = sum(1 for w in words if w[0].isupper() or w.lower() in _SMALL_WORDS)
    return caps == len(words) and any(w[0].isupper() for w in words)


def _ends_like_sentence(line: str) -> bool:
    return bool(re.search(r"[.!?:;\"”’)]\s*$", line))


def _headline_with_quote(line: str) -> bool:
    """A Title-Case line that ends in a quoted phrase with no stop inside the quote
    (``Studios Will Not Budge Until Writers “Run Out of Money”``): a headline, not a sentence."""
    return bool(re.search(r"[^.!?,;:]\s*[\"”’]\s*$", line)) and is_title_case(line)


def chrome_reason(line: str, words: list[str] | None = None) -> str | None:
    """Why a line is site chrome rather than article text, or None (``words``: its
    ``_words``, when the caller has them)."""
    stripped = line.strip()
    if words is None:
        words = _words(stripped)
    if _ONLY_LOADING.match(stripped):
        return "loading placeholder"
    if len(words) <= LINK_TEASER_MAX_WORDS and _LINK_LINE.match(stripped):
        return "link or navigation line"
    if len(words) <= CHROME_MAX_WORDS and _COPYRIGHT.match(stripped):
        return "copyright line"
    if len(words) <= 2 * CHROME_MAX_WORDS and _CREDIT.search(stripped):
        return "credit line"
    if len(words) <= 6 and _BYLINE.match(stripped):
        return "byline"
    if re.fullmatch(r"(?:https?://\S+|www\.\S+|[\W_]+)", stripped):
        return "bare link or rule"
    if len(words) <= GENERIC_TITLE_MAX_WORDS and generic_title(stripped):
        return "generic page title"
    return furniture_reason(stripped)


def strip_markdown(line: str) -> str:
    """``## **Talks resume**`` → ``Talks resume``: heading marks and strong emphasis removed,
    the words kept (titles and summaries are plain text)."""
    if line.startswith("#"):
        line = _MARKDOWN_HEADING.sub("", line)
    if "**" in line or "__" in line:  # the pattern's own test is slow on every line
        line = _MARKDOWN_STRONG.sub(r"\2", line)
    return line


def _split_marker(text: str) -> tuple[str | None, str]:
    match = _MARKER.match(text)
    if not match:
        return None, text
    return match.group(1), text[match.end() :]


def strip_opener(line: str, *, first: bool = False) -> tuple[str, str | None]:
    """Remove a wire opener such as ``CAIRO (Reuters) -`` or ``(Bloomberg) --``; on one of
    an article's ``first`` lines also ``Brussels (NVI):`` (not a name and its acronym:
    ``Harbour Greens (HG): ...``)."""
    match = _OPENER.match(line)
    if not match and first and (titled := _OPENER_TITLED.match(line)):
        initials = "".join(w[0] for w in re.split(r"[ -]", titled.group("lead").strip(" ,")))
        match = titled if initials != titled.group("a1") else None
    if not match:
        return line, None
    agency = (match.group("a1") or match.group("a2") or "").strip()
    return line[match.end() :], agency or None


#: A site's appeal to its readers for money ("Your support helps us to tell the story", "we
#: choose not to lock readers out with paywalls ... quality journalism"): generic words only.
_APPEAL_START = re.compile(r"your (?:support|donations?|contributions?)\b", re.IGNORECASE)
_APPEAL_MONEY = re.compile(
    r"\b(?:paywalls?|donations?|your support|your contributions?|subscri\w*)\b", re.IGNORECASE
)
_APPEAL_PRESS = re.compile(r"\b(?:journalism|journalists|reporters|reporting)\b", re.IGNORECASE)
_APPEAL_WORDS = ("your", "paywall", "donation", "subscri")
_APPEAL_MAX_WORDS = 80
#: Most words of a slogan line that opens with "Your support".
APPEAL_SLOGAN_WORDS = 12
#: "Your support makes all the difference.The harbour board said ...": an appeal glued to
#: the lead; cut at the first stop followed at once by a capital.
_GLUED_STOP = re.compile(r"(?<=[a-z][.!?])(?=[A-Z][a-z])")


def _is_appeal(line: str) -> bool:
    lowered = line.lower()
    if not any(w in lowered for w in _APPEAL_WORDS) or len(line.split()) > _APPEAL_MAX_WORDS:
        return False
    if _APPEAL_START.match(line):  # a slogan, not a quoted "Your support was vital, she said"
        return len(line.split()) <= APPEAL_SLOGAN_WORDS and not re.search(r"[,\"“”]", line)
    return bool(_APPEAL_MONEY.search(line) and _APPEAL_PRESS.search(line))


def _unglue_appeals(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        cut = _GLUED_STOP.search(line) if line[:4].lower() == "your" else None
        if cut and _is_appeal(line[: cut.start()]):
            out += [line[: cut.start()], line[cut.start() :]]
        else:
            out.append(line)
    return out


def _appeal_lines(lines: Sequence[str]) -> set[int]:
    """Indices of appeal lines, and of a line between two of them (the appeal's own story
    of the site's work, which names no word of the appeal)."""
    filled = [i for i, line in enumerate(lines) if line]
    found = {i for i in filled if _is_appeal(lines[i])}
    for before, at, after in zip(filled, filled[1:], filled[2:], strict=False):
        if before in found and after in found:
            found.add(at)
    return found


def clean(raw: str, *, title: str | None = None) -> Cleaned:
    """Split a scraped article into header facts and clean body text."""
    marker, text = _split_marker(raw.replace("\r\n", "\n").replace("\r", "\n"))
    lines = _unglue_appeals([strip_markdown(line.strip()) for line in text.split("\n")])
    appeals = _appeal_lines(lines)
    dropped: list[tuple[str, str]] = []
    kept: list[str] = []
    site_names: list[str] = []
    header_titles: list[str] = []
    stamp = find_stamp(lines)
    dateline = stamp.line.strip() if stamp else None
    agency = owner = None
    in_header = True
    seen: set[str] = set()
    for at, line in enumerate(lines):
        if not line:
            continue
        if at in appeals:
            dropped.append((line, "reader appeal"))
            continue
        words = _words(line)
        reason = chrome_reason(line, words)
        if reason:
            if reason == "copyright line" and owner is None:
                match = _COPYRIGHT.match(line)
                owner = match.group("owner") if match else None
            dropped.append((line, reason))
            continue
        key = " ".join(line.lower().split())
        if key in seen and len(words) <= 3 * CHROME_MAX_WORDS:
            dropped.append((line, "repeated line"))
            continue
        seen.add(key)
        if line == dateline and stamp and stamp.kind != "opener":
            dropped.append((line, "dateline"))
            continue
        if in_header and len(_words(line)) <= 16 and parse_dateline(line):
            dropped.append((line, "dateline"))  # a page date that is not the article's
            continue
        line, nav = unglue_navigation(line)
        if nav:
            dropped.append((nav, "glued navigation word"))
            words = _words(line)
        body, found = strip_opener(line, first=len(kept) < OPENER_LINES)
        if found:
            agency = agency or found
            in_header = False
            kept.append(body)
            continue
        if (
            in_header
            and (not _ends_like_sentence(line) or _headline_with_quote(line))
            and len(words) <= 3 * CHROME_MAX_WORDS
        ):
            if len(words) <= SITE_NAME_MAX_WORDS and not any(ch.isupper() for ch in line):
                dropped.append((line, "lower-case tag line"))  # "harbour strike": a topic tag
            elif len(words) <= SITE_NAME_MAX_WORDS and is_title_case(line):
                site_names.append(line)
            else:
                header_titles.append(line)
            continue
        if (
            not in_header
            and not _ends_like_sentence(line)
            and len(words) <= 2 * CHROME_MAX_WORDS
            and is_title_case(line)
        ):
            dropped.append((line, "headline-like link line"))
            continue
        in_header = False
        kept.append(line)
    # The title: an explicit one, else the longest header line; a lone short
    # Title-Case header line is a title, not a site name.
    if not header_titles and len(site_names) == 1 and not title:
        header_titles, site_names = site_names, []
    if not kept:  # a short text with no body paragraph: its header lines are the text
        kept, header_titles, site_names = header_titles + site_names, [], []
    title = strip_label(strip_markdown(title)) if title and not generic_title(title) else None
    found_title = title or (strip_label(max(header_titles, key=len)) if header_titles else None)
    for line in header_titles:
        if line != found_title:
            dropped.append((line, "header line"))
    for name in site_names:
        dropped.append((name, "site-name line"))
    if (
        found_title
        and kept
        and " ".join(kept[0].split()).lower() == " ".join(found_title.split()).lower()
    ):
        dropped.append((kept.pop(0), "repeated headline"))
    return Cleaned(
        text="\n\n".join(kept),
        title=found_title,
        marker_date=marker,
        dateline=dateline,
        agency=agency,
        site_names=tuple(site_names),
        copyright_owner=(owner or "").strip() or None,
        dropped=tuple(dropped),
    )
