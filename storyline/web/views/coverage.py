"""The story page's coverage: outlet × event counts, who reported first, copies.

The coverage stage's own ``coverage`` section is shown when it has the known shape;
otherwise the table is derived from the timeline's sources and the articles.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from ...model import Article
from .common import outlet_name, present, story_outlets

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
