"""The story page's timeline: entries on a real time axis, each with its sources.

The axis is laid out by hand (SVG user units, scaled by the page): a dot per dated
entry, stacked on lanes where they would overlap, ticks thinned to a readable
number, and gaps of more than ``GAP_DAYS`` labelled so that quiet stretches stay
visible. Each entry lists its sources with the sentence in context.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from ...model import Article
from .common import date_span, outlet_name

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
