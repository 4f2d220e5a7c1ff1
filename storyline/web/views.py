"""What the pages show, computed from stored story dicts and articles.

Pure functions over plain data (the story objects of ``storyline.json`` and
``Article``s): no store, no FastAPI, no HTML. The templates escape every string
they receive, so nothing here builds markup. Written by hand because the layouts
are ours: a time axis with real gaps, the actors × issues matrix, the outlet ×
event coverage matrix, and the highlight segments of an article page.

Sections other stages add (positions, gaps, shifts, quotes, figures, actors,
coverage) are read defensively: a missing or empty section is "not available
yet", an unknown shape is shown as nested lists rather than dropped.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from ..model import Article

#: Width of the time axis in SVG user units (the SVG scales to the page).
AXIS_WIDTH = 1000
#: Left and right padding of the axis, so the first and last dots are whole.
AXIS_PAD = 30
#: Vertical distance between stacked dots that would overlap.
LANE_HEIGHT = 16
#: Two dots closer than this (in user units) go on separate lanes.
DOT_SPACING = 14
#: A stretch without any entry longer than this many days is labelled as a gap.
GAP_DAYS = 21
#: At most this many tick labels on the axis; more are thinned out.
MAX_TICK_LABELS = 12
#: Sentences shown before and after a source sentence, for context.
CONTEXT_SENTENCES = 1
#: Actor names shorter than this are not highlighted (too many false hits).
MIN_NAME_CHARS = 3

UNKNOWN_OUTLET = "unknown outlet"

#: Stance words (issue 6) grouped into the colour families of the matrix legend.
STANCE_FAMILIES: dict[str, tuple[str, ...]] = {
    "demand": ("demand", "insist", "call_for", "call for", "want", "request", "require"),
    "offer": ("offer", "propose", "proposal", "suggest"),
    "accept": ("accept", "agree", "agree_to", "concede", "approve", "support"),
    "reject": ("reject", "refuse", "deny", "oppose", "refuse_to"),
    "threaten": ("threaten", "warn", "threat"),
    "mediate": ("mediate", "consult", "negotiate", "host"),
    "shift": ("shift", "change", "reverse", "soften", "harden"),
}


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


# -- the time axis -----------------------------------------------------------


def _ticks(lo: date, hi: date) -> list[tuple[date, str]]:
    days = (hi - lo).days
    ticks: list[tuple[date, str]] = []
    if days <= 62:
        d = lo - timedelta(days=lo.weekday())
        while d <= hi:
            if d >= lo:
                ticks.append((d, d.strftime("%b %d").replace(" 0", " ")))
            d += timedelta(days=7)
    elif days <= 3 * 366:
        year, month = lo.year, lo.month
        while date(year, month, 1) <= hi:
            d = date(year, month, 1)
            if d >= lo:
                label = d.strftime("%b %Y") if month == 1 or not ticks else d.strftime("%b")
                ticks.append((d, label))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    else:
        for year in range(lo.year + (lo > date(lo.year, 1, 1)), hi.year + 1):
            ticks.append((date(year, 1, 1), str(year)))
    if len(ticks) > MAX_TICK_LABELS:
        step = -(-len(ticks) // MAX_TICK_LABELS)
        ticks = [(d, label if i % step == 0 else "") for i, (d, label) in enumerate(ticks)]
    return ticks


def time_axis(timeline: Sequence[Mapping[str, Any]], width: int = AXIS_WIDTH) -> dict:
    """SVG coordinates for the timeline entries on a real time axis (gaps stay visible).

    Returns ``{"width", "height", "axis_y", "dots", "ticks", "gaps", "undated"}``; each
    dot carries the entry's index, so the page links a dot to its entry.
    """
    spans = [(i, date_span(e.get("date"))) for i, e in enumerate(timeline)]
    dated = [(i, s) for i, s in spans if s]
    undated = [i for i, s in spans if not s]
    if not dated:
        return {
            "width": width,
            "height": 0,
            "axis_y": 0,
            "dots": [],
            "ticks": [],
            "gaps": [],
            "undated": undated,
        }
    lo = min(s[0] for _, s in dated)
    hi = max(s[1] for _, s in dated)
    if lo == hi:
        lo, hi = lo - timedelta(days=1), hi + timedelta(days=1)
    total = (hi - lo).days + 1
    inner = width - 2 * AXIS_PAD

    def x(d: date) -> float:
        return round(AXIS_PAD + (d - lo).days / total * inner, 1)

    placed: list[dict] = []
    lane_ends: list[float] = []
    for i, (first, last) in sorted(dated, key=lambda item: (item[1][0], item[0])):
        entry = timeline[i]
        x1, x2 = x(first), x(last + timedelta(days=1))
        point = first == last
        cx = x1 if point else round((x1 + x2) / 2, 1)
        left = cx if point else x1
        lane = next(
            (k for k, end in enumerate(lane_ends) if end + DOT_SPACING <= left), len(lane_ends)
        )
        right = cx if point else x2
        if lane == len(lane_ends):
            lane_ends.append(right)
        else:
            lane_ends[lane] = right
        n_sources = len(entry.get("sources") or [])
        placed.append(
            {
                "index": i,
                "date": entry.get("date"),
                "precision": entry.get("date_precision") or ("day" if point else "month"),
                "x": cx,
                "x1": x1,
                "x2": x2,
                "point": point,
                "lane": lane,
                "r": 4 + min(n_sources, 5),
                "label": (entry.get("summary") or [""])[0],
                "n_sources": n_sources,
            }
        )
    lanes = max(1, len(lane_ends))
    axis_y = 20 + lanes * LANE_HEIGHT
    for dot in placed:
        dot["y"] = axis_y - 12 - dot["lane"] * LANE_HEIGHT
    ordered = sorted(dated, key=lambda item: item[1][0])
    gaps = []
    for (_, (_, prev_end)), (_, (next_start, _)) in zip(ordered, ordered[1:], strict=False):
        days = (next_start - prev_end).days
        if days > GAP_DAYS:
            gaps.append(
                {
                    "x1": x(prev_end + timedelta(days=1)),
                    "x2": x(next_start),
                    "x": round((x(prev_end + timedelta(days=1)) + x(next_start)) / 2, 1),
                    "days": days - 1,
                }
            )
    ticks = [{"x": x(d), "label": label, "date": d.isoformat()} for d, label in _ticks(lo, hi)]
    return {
        "width": width,
        "height": axis_y + 34,
        "axis_y": axis_y,
        "dots": sorted(placed, key=lambda d: d["index"]),
        "ticks": ticks,
        "gaps": gaps,
        "undated": undated,
    }


# -- timeline entries --------------------------------------------------------


def source_context(
    article: Article | None, sentence_index: int, window: int = CONTEXT_SENTENCES
) -> list[dict]:
    """The source sentence with its neighbours: ``[{"text", "target"}]`` in article order."""
    if article is None or not (0 <= sentence_index < len(article.sentences)):
        return []
    lo = max(0, sentence_index - window)
    hi = min(len(article.sentences), sentence_index + window + 1)
    return [
        {"text": s.text, "target": s.index == sentence_index, "index": s.index}
        for s in article.sentences[lo:hi]
    ]


def timeline_entries(
    timeline: Sequence[Mapping[str, Any]], articles: Mapping[str, Article]
) -> list[dict]:
    """Timeline entries with, per source, the article title and the sentence in context."""
    out = []
    for i, entry in enumerate(timeline):
        span = date_span(entry.get("date"))
        sources = []
        for source in entry.get("sources") or []:
            article = articles.get(source.get("article_id", ""))
            sources.append(
                {
                    **source,
                    "outlet": outlet_name(source.get("outlet")),
                    "title": (article.title if article else None) or source.get("article_id"),
                    "context": source_context(article, int(source.get("sentence_index", -1))),
                    "duplicate_of": article.duplicate_of if article else None,
                }
            )
        outlets = sorted({s["outlet"] for s in sources})
        out.append(
            {
                "index": i,
                "date": entry.get("date"),
                "precision": entry.get("date_precision") or "day",
                "first": span[0].isoformat() if span else "",
                "last": span[1].isoformat() if span else "",
                "summary": list(entry.get("summary") or []),
                "sources": sources,
                "outlets": outlets,
            }
        )
    return out


def story_outlets(story: Mapping[str, Any], articles: Mapping[str, Article]) -> list[str]:
    """Every outlet of the story's articles and timeline sources, sorted."""
    names = {outlet_name(articles[a].outlet) for a in story.get("article_ids", []) if a in articles}
    for entry in story.get("timeline") or []:
        names.update(outlet_name(s.get("outlet")) for s in entry.get("sources") or [])
    return sorted(names, key=str.casefold)


# -- positions ---------------------------------------------------------------


def stance_family(stance: str | None) -> str:
    """The colour family of a stance word ("other" when unknown)."""
    word = (stance or "").strip().lower().replace("-", "_")
    for family, words in STANCE_FAMILIES.items():
        if word in words or word.replace("_", " ") in words or word.startswith(family):
            return family
    return "other"


def _actor_names(actors: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    names: dict[str, str] = {}
    for actor in actors:
        if isinstance(actor, Mapping) and actor.get("id") is not None:
            names[str(actor["id"])] = str(actor.get("name") or actor["id"])
    return names


def _label(value: Any, names: Mapping[str, str]) -> str:
    if isinstance(value, Mapping):
        value = value.get("name") or value.get("id") or ""
    text = "" if value is None else str(value)
    return names.get(text, text)


def _actors_named_in(obj: Any, names: Mapping[str, str]) -> set[str]:
    """Every value under a key that mentions "actor" or "side" (gaps and shifts vary in shape)."""
    found: set[str] = set()
    if isinstance(obj, Mapping):
        for key, value in obj.items():
            if any(word in str(key).lower() for word in ("actor", "side", "party")):
                named = isinstance(value, Mapping) and ("name" in value or "id" in value)
                if isinstance(value, str | int) or named:
                    found.add(_label(value, names))
                else:
                    found |= _actors_named_in(value, names)
                    if isinstance(value, list):
                        found |= {_label(v, names) for v in value if isinstance(v, str | int)}
            elif isinstance(value, list | Mapping):
                found |= _actors_named_in(value, names)
    elif isinstance(obj, list):
        for item in obj:
            found |= _actors_named_in(item, names)
    return found


def _issue_of(obj: Any) -> str | None:
    if isinstance(obj, Mapping):
        value = obj.get("issue")
        if isinstance(value, Mapping):
            value = value.get("label") or value.get("name") or value.get("id")
        return None if value is None else str(value)
    return None


def _stored_matrix(
    story: Mapping[str, Any], names: Mapping[str, str]
) -> tuple[dict, list, list, dict]:
    """Cell histories from the story's own ``position_matrix`` (issues × sides), with each
    history item completed from the matching position (its sentence, target, codes)."""
    matrix = story.get("position_matrix")
    if not isinstance(matrix, Mapping) or not isinstance(matrix.get("cells"), Mapping):
        return {}, [], [], {}
    full = {
        (p.get("article_id"), p.get("sentence_index"), p.get("stance"), p.get("actor")): p
        for p in story.get("positions") or []
        if isinstance(p, Mapping)
    }
    history: dict[tuple[str, str], list[dict]] = {}
    for issue, row in matrix["cells"].items():
        if not isinstance(row, Mapping):
            continue
        for side, cell in row.items():
            if not isinstance(cell, Mapping):
                continue
            items = []
            for h in cell.get("history") or [cell]:
                if isinstance(h, Mapping):
                    key = (
                        h.get("article_id"),
                        h.get("sentence_index"),
                        h.get("stance"),
                        h.get("actor"),
                    )
                    items.append({**full.get(key, {}), **h})
            history[(str(issue), _label(side, names))] = items
    issues, phrases = [], {}
    for item in matrix.get("issues") or []:
        label = _issue_of(item) if isinstance(item, Mapping) else str(item)
        if label:
            issues.append(label)
            if isinstance(item, Mapping):
                phrases[label] = [str(x) for x in item.get("phrases") or [] if str(x) != label]
    actors = [_label(a, names) for a in matrix.get("actors") or []]
    return history, issues, actors, phrases


def position_matrix(story: Mapping[str, Any]) -> dict:
    """Issues × actors (or sides): each cell the latest stance and its history.

    Uses the story's ``position_matrix`` when the positions stage wrote one, else
    groups ``positions`` itself (by ``side`` when given, else ``actor``). Gaps
    (opposing stances on an issue) and shifts (a stance changing) mark their rows
    and cells. Returns ``{"issues", "actors", "cells", "gap_issues", "phrases", "stances"}``
    where ``cells[issue][actor]`` is ``{"stance", "family", "history", "gap", "shift"}``.
    """
    names = _actor_names(story.get("actors") or [])
    history, issues, actors, phrases = _stored_matrix(story, names)
    if not history:
        grouped: dict[tuple[str, str], list[dict]] = defaultdict(list)
        for p in story.get("positions") or []:
            if isinstance(p, Mapping):
                issue = _issue_of(p) or "(unspecified issue)"
                actor = _label(p.get("side") or p.get("actor"), names) or "(unknown actor)"
                grouped[(issue, actor)].append(dict(p))
        history = dict(grouped)
        issues, actors = [], []
    if not history:
        return {
            "issues": [],
            "actors": [],
            "cells": {},
            "gap_issues": [],
            "phrases": {},
            "stances": [],
        }
    issue_count = Counter(issue for (issue, _), items in history.items() for _ in items)
    actor_count = Counter(actor for (_, actor), items in history.items() for _ in items)
    issues = [i for i in issues if i in issue_count] + sorted(
        (i for i in issue_count if i not in issues), key=lambda k: (-issue_count[k], k.casefold())
    )
    actors = [a for a in actors if a in actor_count] + sorted(
        (a for a in actor_count if a not in actors), key=lambda k: (-actor_count[k], k.casefold())
    )
    gap_marks: dict[str, set[str]] = defaultdict(set)
    for gap in story.get("gaps") or []:
        gap_issue = _issue_of(gap)
        if gap_issue:
            gap_marks[gap_issue] |= _actors_named_in(gap, names) or set(actors)
    shift_marks = set()
    for shift in story.get("shifts") or []:
        for actor in _actors_named_in(shift, names):
            shift_marks.add((_issue_of(shift), actor))
    cells: dict[str, dict[str, dict]] = defaultdict(dict)
    stances = set()
    for (issue, actor), items in history.items():
        items.sort(key=lambda p: (str(p.get("date") or ""), str(p.get("article_id") or "")))
        stance = str(items[-1].get("stance") or "")
        stances.add(stance)
        if "shifts" in story:  # the positions stage said which cells shifted
            shifted = (issue, actor) in shift_marks or (None, actor) in shift_marks
        else:
            shifted = len({stance_family(str(p.get("stance") or "")) for p in items}) > 1
        cells[issue][actor] = {
            "stance": stance,
            "family": stance_family(stance),
            "history": items,
            "gap": actor in gap_marks.get(issue, ()),
            "shift": shifted,
        }
    return {
        "issues": issues,
        "actors": actors,
        "cells": dict(cells),
        "gap_issues": sorted(gap_marks),
        "phrases": phrases,
        "stances": sorted({(s, stance_family(s)) for s in stances}),
    }


def quotes_by_speaker(story: Mapping[str, Any]) -> list[dict]:
    """Quotes grouped by speaker, speakers with most quotes first."""
    names = _actor_names(story.get("actors") or [])
    groups: dict[str, list[dict]] = defaultdict(list)
    for quote in story.get("quotes") or []:
        if isinstance(quote, Mapping):
            speaker = _label(quote.get("speaker"), names) or "(unknown speaker)"
            groups[speaker].append(dict(quote))
    out: list[dict[str, Any]] = []
    for speaker, quotes in groups.items():
        quotes.sort(key=lambda q: str(q.get("date") or ""))
        roles = sorted({str(q["role"]) for q in quotes if q.get("role")})
        out.append({"speaker": speaker, "roles": roles, "quotes": quotes})
    out.sort(key=lambda g: (-len(g["quotes"]), g["speaker"].casefold()))
    return out


# -- coverage ----------------------------------------------------------------


def _stored_coverage(story: Mapping[str, Any]) -> dict | None:
    """The coverage stage's outlet × date matrix, when the story has one of the known shape."""
    coverage = story.get("coverage")
    if not isinstance(coverage, Mapping):
        return None
    matrix = coverage.get("matrix")
    if not isinstance(matrix, Mapping) or not isinstance(matrix.get("cells"), list):
        return None
    outlets = [outlet_name(o) for o in matrix.get("outlets") or []]
    dates = [str(d) for d in matrix.get("dates") or []]
    if len(outlets) != len(matrix["cells"]):
        return None
    index_of = {e.get("date"): i for i, e in reversed(list(enumerate(story.get("timeline") or [])))}
    labels = {e.get("date"): (e.get("summary") or [""])[0] for e in story.get("timeline") or []}
    events = []
    for i, day in enumerate(dates):
        row = (
            (coverage.get("events") or [{}] * len(dates))[i]
            if i < len(coverage.get("events") or [])
            else {}
        )
        first = row.get("first") if isinstance(row, Mapping) else None
        first_outlets = [outlet_name(first.get("outlet"))] if isinstance(first, Mapping) else []
        events.append(
            {
                "index": index_of.get(day, i),
                "date": day,
                "label": labels.get(day, ""),
                "first": first_outlets,
            }
        )
    counts = {
        o: [int(c or 0) for c in row] for o, row in zip(outlets, matrix["cells"], strict=False)
    }
    stats = []
    for row in coverage.get("outlets") or []:
        if isinstance(row, Mapping):
            name = outlet_name(row.get("outlet"))
            stats.append(
                {
                    "outlet": name,
                    "n_articles": row.get("articles", 0),
                    "n_copies": row.get("copies"),
                    "first": row.get("first_published"),
                    "last": row.get("last_published"),
                    "share": float(row.get("share") or 0.0),
                    "n_events": sum(1 for c in counts.get(name, []) if c),
                    "n_first": sum(1 for e in events if name in e["first"]),
                }
            )
    return {
        "outlets": outlets,
        "events": events,
        "counts": counts,
        "stats": stats,
        "max": max((c for row in counts.values() for c in row), default=0),
        "unit": "articles",
    }


def coverage_matrix(story: Mapping[str, Any], articles: Mapping[str, Article]) -> dict:
    """Outlet × timeline event: how many articles (or sentences) of each outlet support each
    event, who reported it first, and each outlet's article count, date span and share.

    Uses the coverage stage's ``coverage.matrix`` when the story has it; otherwise derives
    the table from the timeline's sources (sentence counts) and the articles.
    """
    stored = _stored_coverage(story)
    if stored is not None:
        return stored
    timeline = story.get("timeline") or []
    members = [articles[a] for a in story.get("article_ids", []) if a in articles]
    outlets = story_outlets(story, articles)
    counts: dict[str, list[int]] = {o: [0] * len(timeline) for o in outlets}
    first: list[list[str]] = []
    for i, entry in enumerate(timeline):
        earliest: dict[str, str] = {}
        for source in entry.get("sources") or []:
            outlet = outlet_name(source.get("outlet"))
            counts.setdefault(outlet, [0] * len(timeline))[i] += 1
            when = source.get("published") or "9999"
            earliest[outlet] = min(earliest.get(outlet, "9999"), when)
        best = min(earliest.values(), default="9999")
        first.append(sorted(o for o, w in earliest.items() if w == best and best != "9999"))
    per_outlet: dict[str, list[Article]] = defaultdict(list)
    for article in members:
        per_outlet[outlet_name(article.outlet)].append(article)
    stats = []
    for outlet in outlets:
        own = per_outlet.get(outlet, [])
        dates = sorted(a.published for a in own if a.published)
        stats.append(
            {
                "outlet": outlet,
                "n_articles": len(own),
                "n_copies": sum(1 for a in own if a.duplicate_of),
                "first": dates[0] if dates else None,
                "last": dates[-1] if dates else None,
                "share": round(len(own) / len(members), 3) if members else 0.0,
                "n_events": sum(1 for c in counts.get(outlet, []) if c),
                "n_first": sum(1 for f in first if outlet in f),
            }
        )
    return {
        "outlets": outlets,
        "events": [
            {
                "index": i,
                "date": e.get("date"),
                "label": (e.get("summary") or [""])[0],
                "first": first[i],
            }
            for i, e in enumerate(timeline)
        ],
        "counts": counts,
        "stats": stats,
        "max": max((c for row in counts.values() for c in row), default=0),
        "unit": "sentences",
    }


def copy_groups(story: Mapping[str, Any], articles: Mapping[str, Article]) -> list[dict]:
    """Syndication groups: each original with the copies of it (``coverage.copies`` when the
    coverage stage wrote it, else the articles' ``duplicate_of``)."""
    groups: dict[str, list[dict]] = defaultdict(list)
    coverage = story.get("coverage")
    rows = coverage.get("copies") if isinstance(coverage, Mapping) else None
    if isinstance(rows, list) and rows:
        for row in rows:
            if isinstance(row, Mapping) and row.get("article_id") and row.get("copy_of"):
                groups[str(row["copy_of"])].append(
                    {
                        "id": str(row["article_id"]),
                        "kind": row.get("kind"),
                        "outlet": outlet_name(row.get("outlet")),
                    }
                )
    else:
        for article_id in story.get("article_ids", []):
            article = articles.get(article_id)
            if article is not None and article.duplicate_of:
                groups[article.duplicate_of].append(
                    {"id": article_id, "kind": None, "outlet": outlet_name(article.outlet)}
                )
    return [
        {"canonical": canonical, "copies": sorted(copies, key=lambda c: c["id"])}
        for canonical, copies in sorted(groups.items())
    ]


def coverage_rest(story: Mapping[str, Any]) -> dict:
    """Parts of ``coverage`` the page has no dedicated view for (shown as nested lists)."""
    coverage = story.get("coverage")
    if not isinstance(coverage, Mapping):
        return {}
    shown = (
        {"matrix", "events", "outlets", "copies", "exclusive_claims"}
        if _stored_coverage(story)
        else {
            "copies",
            "exclusive_claims",
        }
    )
    return {k: v for k, v in coverage.items() if k not in shown and present(v)}


# -- sections ----------------------------------------------------------------


def present(value: Any) -> bool:
    """Whether a story section holds anything to show."""
    if isinstance(value, Mapping):
        return any(present(v) for v in value.values())
    if isinstance(value, list | tuple):
        return len(value) > 0
    return value not in (None, "", 0, False)


# -- article highlights --------------------------------------------------------

#: Order in which overlapping highlight kinds list their labels.
HIGHLIGHT_KINDS = ("date", "actor", "figure", "quote", "position")


def _find_all(text: str, needle: str) -> Iterator[tuple[int, int]]:
    needle = needle.strip()
    if len(needle) < MIN_NAME_CHARS:
        return
    start = text.find(needle)
    while start != -1:
        yield start, start + len(needle)
        start = text.find(needle, start + 1)


def _find_loose(text: str, needle: str) -> list[tuple[int, int]]:
    """Spans of ``needle`` in ``text``, tolerant of differing whitespace and quote marks."""
    found = list(_find_all(text, needle))
    if found:
        return found
    words = [re.escape(w) for w in re.findall(r"\w+", needle)]
    if len(words) < 2:
        return []
    pattern = re.compile(r"\W+".join(words))
    return [m.span() for m in pattern.finditer(text)]


def article_spans(
    article: Article, story: Mapping[str, Any] | None
) -> list[tuple[int, int, str, str]]:
    """Highlight spans ``(start, end, kind, label)`` over ``article.text``."""
    text = article.text
    spans: list[tuple[int, int, str, str]] = []
    by_index = {s.index: s for s in article.sentences}
    for m in article.mentions:
        sentence = by_index.get(m.sentence)
        if sentence is not None:
            label = f"date: {m.value} ({m.precision}, {m.relation})"
            spans.append((sentence.start + m.start, sentence.start + m.end, "date", label))
    if not story:
        return spans
    names = _actor_names(story.get("actors") or [])
    variants: dict[str, str] = {}
    for actor in story.get("actors") or []:
        if not isinstance(actor, Mapping):
            continue
        name = str(actor.get("name") or "")
        for variant in [name, *(actor.get("aliases") or [])]:
            if isinstance(variant, str) and len(variant.strip()) >= MIN_NAME_CHARS:
                variants.setdefault(variant.strip(), name)
    if variants:
        pattern = re.compile(
            r"(?<!\w)("
            + "|".join(re.escape(v) for v in sorted(variants, key=len, reverse=True))
            + r")(?!\w)"
        )
        for found in pattern.finditer(text):
            spans.append(
                (found.start(), found.end(), "actor", f"actor: {variants[found.group(1)]}")
            )

    def sentence_span(item: Mapping[str, Any], text_key: str) -> list[tuple[int, int]]:
        index = item.get("sentence_index")
        sentence = by_index.get(index) if isinstance(index, int) else None
        if sentence is not None and text_key == "sentence":
            return [(sentence.start, sentence.end)]
        needle = str(item.get(text_key) or "")
        if sentence is not None and needle:
            inside = _find_loose(sentence.text, needle)
            if inside:
                return [(sentence.start + a, sentence.start + b) for a, b in inside[:1]]
        return _find_loose(text, needle)[:1] if needle else []

    for p in story.get("positions") or []:
        if isinstance(p, Mapping) and p.get("article_id") == article.id:
            who = _label(p.get("actor"), names)
            label = f"position: {who} {p.get('stance') or ''} — {_issue_of(p) or ''}"
            for start, end in sentence_span(p, "sentence"):
                spans.append((start, end, "position", label.strip(" —")))
    for q in story.get("quotes") or []:
        if not isinstance(q, Mapping) or not q.get("text"):
            continue
        label = f"quote: {_label(q.get('speaker'), names) or 'unknown speaker'}"
        places = [q] + [x for x in q.get("also_in") or [] if isinstance(x, Mapping)]
        for place in places:
            if place.get("article_id") == article.id:
                for start, end in sentence_span({**place, "text": q["text"]}, "text"):
                    spans.append((start, end, "quote", label))
    for f in story.get("figures") or []:
        if not isinstance(f, Mapping):
            continue
        for mention in f.get("mentions") or []:
            if isinstance(mention, Mapping) and mention.get("article_id") == article.id:
                value = mention.get("value", f.get("value"))
                value = mention.get("text") if value is None else value
                label = f"figure: {f.get('what') or ''} = {value} ({f.get('verdict') or '-'})"
                for start, end in sentence_span(mention, "text"):
                    spans.append((start, end, "figure", label))
    return spans


def highlight_segments(
    text: str, start: int, end: int, spans: Sequence[tuple[int, int, str, str]]
) -> list[dict]:
    """``text[start:end]`` cut into segments, each with every highlight kind covering it.

    Overlapping highlights do not nest: a segment lists all the kinds and labels
    that cover it, so the page marks it with several classes at once.
    """
    inside = [
        (max(s, start), min(e, end), k, lab) for s, e, k, lab in spans if s < end and e > start
    ]
    cuts = sorted({start, end, *(s for s, _, _, _ in inside), *(e for _, e, _, _ in inside)})
    segments = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        covering = [(k, lab) for s, e, k, lab in inside if s <= a and e >= b]
        kinds = sorted({k for k, _ in covering}, key=HIGHLIGHT_KINDS.index)
        labels = sorted({lab for _, lab in covering})
        segments.append({"text": text[a:b], "kinds": kinds, "labels": labels})
    return segments


def article_body(article: Article, spans: Sequence[tuple[int, int, str, str]]) -> list[list[dict]]:
    """Paragraphs of sentences, each sentence ``{"index", "segments"}``, ready to render."""
    if not article.sentences:
        return [
            [
                {
                    "index": 0,
                    "segments": highlight_segments(article.text, 0, len(article.text), spans),
                }
            ]
        ]
    paragraphs: dict[int, list[dict]] = defaultdict(list)
    for sentence in article.sentences:
        paragraphs[sentence.paragraph].append(
            {
                "index": sentence.index,
                "segments": highlight_segments(article.text, sentence.start, sentence.end, spans),
            }
        )
    return [paragraphs[k] for k in sorted(paragraphs)]


#: Articles longer than this (characters) are shown a page at a time, and read from
#: the store only in part (``Store.article_window``): a 50 MB article took two
#: minutes to render whole. The longest T17 article is under 100 kB.
LONG_ARTICLE_CHARS = 200_000
#: Sentences on one page of a long article (at most 5,000 characters each).
PAGE_SENTENCES = 400
#: Longest raw text shown inside the article page; a longer one is only linked.
RAW_INLINE_CHARS = 200_000
#: Most sentences one API answer lists (``offset``/``limit`` page through them); an
#: article longer than ``LONG_ARTICLE_CHARS`` gets the text of those sentences only.
API_SENTENCES = 2_000


def page_count(n_sentences: int) -> int:
    return max(1, -(-n_sentences // PAGE_SENTENCES))


def _sentences_json(sentences: Iterable[Any], shift: int = 0) -> list[dict]:
    return [
        {"index": x.index, "start": x.start + shift, "end": x.end + shift, "paragraph": x.paragraph}
        for x in sentences
    ]


def _next(article_id: str, offset: int, limit: int, total: int) -> dict[str, Any]:
    if offset + limit >= total:
        return {}
    return {
        "sentences_total": total,
        "next": f"/api/articles/{article_id}?offset={offset + limit}&limit={limit}",
    }


def api_text(article: Article, offset: int, limit: int) -> dict[str, Any]:
    """The API's text and sentences ``offset`` to ``offset + limit`` of an article."""
    window = article.sentences[offset : offset + limit]
    return {
        "text": article.text,
        "sentences": _sentences_json(window),
        **_next(article.id, offset, limit, len(article.sentences)),
    }


def api_window(part: Any, offset: int, limit: int) -> dict[str, Any]:
    """The same for a long article read in part (a ``store.ArticleWindow``): the text
    of the sentences returned, from ``text_offset`` in the whole; offsets stay those
    of the whole text."""
    article = part.article
    return {
        "text": article.text,
        "text_offset": part.offset,
        "text_truncated": True,
        "text_chars": part.chars,
        "raw_url": f"/articles/{article.id}/raw",
        "sentences": _sentences_json(article.sentences, part.offset),
        **_next(article.id, offset, limit, part.n_sentences),
    }


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
