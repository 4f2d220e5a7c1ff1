"""What every page of the web app shares: dates, outlets, the story list's rows.

Pure functions over plain data (the story objects of ``storyline.json`` and
``Article``s), as in the rest of ``storyline.web.views``: the partial dates, weeks,
decades and ranges a timeline holds turned into days, the outlet name shown for an
article without one, which story sections hold anything, which links are safe to
show, and how the actors a story lists name the actors, sides and speakers its
other sections refer to.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from ...model import Article

UNKNOWN_OUTLET = "unknown outlet"


# -- dates -------------------------------------------------------------------

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_DECADE = re.compile(r"^(\d{3})0s$")


def date_span(value: str | None) -> tuple[date, date] | None:
    """First and last day a partial date, week, decade or ``A/B`` range covers."""
    if not value:
        return None
    if "/" in value:
        first, _, last = value.partition("/")
        a, b = date_span(first), date_span(last)
        return (a[0], b[1]) if a and b else None
    match = _DATE.match(value)
    try:
        if match:
            year, month, day = (int(g) if g else None for g in match.groups())
            assert year is not None
            if day is not None and month is not None:
                d = date(year, month, day)
                return d, d
            if month is not None:
                return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
            return date(year, 1, 1), date(year, 12, 31)
        match = _WEEK.match(value)
        if match:
            monday = date.fromisocalendar(int(match[1]), int(match[2]), 1)
            return monday, monday + timedelta(days=6)
        match = _DECADE.match(value)
        if match:
            start = int(match[1]) * 10
            return date(start, 1, 1), date(start + 9, 12, 31)
    except ValueError:
        return None
    return None


def story_span(story: Mapping[str, Any], articles: Mapping[str, Article]) -> tuple[str, str] | None:
    """The story's first and last day: its timeline, else its articles' publication dates."""
    values = [e.get("date") for e in story.get("timeline") or []]
    if not any(values):
        values = [articles[a].published for a in story.get("article_ids", []) if a in articles]
    spans = [s for s in (date_span(v) for v in values) if s]
    if not spans:
        return None
    return min(s[0] for s in spans).isoformat(), max(s[1] for s in spans).isoformat()


def outlet_name(value: str | None) -> str:
    return value or UNKNOWN_OUTLET


def story_outlets(story: Mapping[str, Any], articles: Mapping[str, Article]) -> list[str]:
    """Every outlet of the story's articles and timeline sources, sorted."""
    names = {outlet_name(articles[a].outlet) for a in story.get("article_ids", []) if a in articles}
    for entry in story.get("timeline") or []:
        names.update(outlet_name(s.get("outlet")) for s in entry.get("sources") or [])
    return sorted(names, key=str.casefold)


# -- the story list ----------------------------------------------------------


def story_row(story: Mapping[str, Any], articles: Mapping[str, Article]) -> dict:
    """One line of the story list."""
    members = [articles[a] for a in story.get("article_ids", []) if a in articles]
    span = story_span(story, articles)
    return {
        "id": story["id"],
        "title": story.get("title") or "Untitled story",
        "first": span[0] if span else None,
        "last": span[1] if span else None,
        "n_articles": len(story.get("article_ids", [])),
        "n_outlets": len({outlet_name(a.outlet) for a in members}),
        "n_dates": len(story.get("timeline") or []),
    }


# -- sections ----------------------------------------------------------------


def present(value: Any) -> bool:
    """Whether a story section holds anything to show."""
    if isinstance(value, Mapping):
        return any(present(v) for v in value.values())
    if isinstance(value, list | tuple):
        return len(value) > 0
    return value not in (None, "", 0, False)


# -- names ---------------------------------------------------------------------


def actor_names(actors: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Each actor's id with the name the pages show for it (the id when it has none)."""
    names: dict[str, str] = {}
    for actor in actors:
        if isinstance(actor, Mapping) and actor.get("id") is not None:
            names[str(actor["id"])] = str(actor.get("name") or actor["id"])
    return names


def display_name(value: Any, names: Mapping[str, str]) -> str:
    """The name shown for an actor, side or speaker given as an id, a name or a dict."""
    if isinstance(value, Mapping):
        value = value.get("name") or value.get("id") or ""
    text = "" if value is None else str(value)
    return names.get(text, text)


def issue_of(obj: Any) -> str | None:
    """The issue a position, gap or shift is about (a label, or a dict with one)."""
    if isinstance(obj, Mapping):
        value = obj.get("issue")
        if isinstance(value, Mapping):
            value = value.get("label") or value.get("name") or value.get("id")
        return None if value is None else str(value)
    return None


def safe_url(url: str | None) -> str | None:
    """The URL when it is a plain http(s) link, else None (no ``javascript:`` or ``data:``)."""
    if not url:
        return None
    cleaned = url.strip()
    if re.match(r"^https?://[^\s<>\"']+$", cleaned, re.IGNORECASE) and not any(
        ord(c) < 32 for c in cleaned
    ):
        return cleaned
    return None
