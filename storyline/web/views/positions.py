"""The story page's positions: the issues × actors matrix and the quotes by speaker.

Sections the positions stage adds (``positions``, ``position_matrix``, ``gaps``,
``shifts``, ``quotes``) are read defensively: a missing or empty one shows as "not
available yet", gaps and shifts of any shape mark the cells of the actors they name.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from typing import Any

from .common import actor_names, display_name, issue_of

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


def stance_family(stance: str | None) -> str:
    """The colour family of a stance word ("other" when unknown)."""
    word = (stance or "").strip().lower().replace("-", "_")
    for family, words in STANCE_FAMILIES.items():
        if word in words or word.replace("_", " ") in words or word.startswith(family):
            return family
    return "other"


def _actors_named_in(obj: Any, names: Mapping[str, str]) -> set[str]:
    """Every value under a key that mentions "actor" or "side" (gaps and shifts vary in shape)."""
    found: set[str] = set()
    if isinstance(obj, Mapping):
        for key, value in obj.items():
            if any(word in str(key).lower() for word in ("actor", "side", "party")):
                named = isinstance(value, Mapping) and ("name" in value or "id" in value)
                if isinstance(value, str | int) or named:
                    found.add(display_name(value, names))
                else:
                    found |= _actors_named_in(value, names)
                    if isinstance(value, list):
                        found |= {display_name(v, names) for v in value if isinstance(v, str | int)}
            elif isinstance(value, list | Mapping):
                found |= _actors_named_in(value, names)
    elif isinstance(obj, list):
        for item in obj:
            found |= _actors_named_in(item, names)
    return found


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
            history[(str(issue), display_name(side, names))] = items
    issues, phrases = [], {}
    for item in matrix.get("issues") or []:
        label = issue_of(item) if isinstance(item, Mapping) else str(item)
        if label:
            issues.append(label)
            if isinstance(item, Mapping):
                phrases[label] = [str(x) for x in item.get("phrases") or [] if str(x) != label]
    actors = [display_name(a, names) for a in matrix.get("actors") or []]
    return history, issues, actors, phrases


def position_matrix(story: Mapping[str, Any]) -> dict:
    """Issues × actors (or sides): each cell the latest stance and its history.

    Uses the story's ``position_matrix`` when the positions stage wrote one, else
    groups ``positions`` itself (by ``side`` when given, else ``actor``). Gaps
    (opposing stances on an issue) and shifts (a stance changing) mark their rows
    and cells. Returns ``{"issues", "actors", "cells", "gap_issues", "phrases", "stances"}``
    where ``cells[issue][actor]`` is ``{"stance", "family", "history", "gap", "shift"}``.
    """
    names = actor_names(story.get("actors") or [])
    history, issues, actors, phrases = _stored_matrix(story, names)
    if not history:
        grouped: dict[tuple[str, str], list[dict]] = defaultdict(list)
        for p in story.get("positions") or []:
            if isinstance(p, Mapping):
                issue = issue_of(p) or "(unspecified issue)"
                actor = display_name(p.get("side") or p.get("actor"), names) or "(unknown actor)"
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
        gap_issue = issue_of(gap)
        if gap_issue:
            gap_marks[gap_issue] |= _actors_named_in(gap, names) or set(actors)
    shift_marks = set()
    for shift in story.get("shifts") or []:
        for actor in _actors_named_in(shift, names):
            shift_marks.add((issue_of(shift), actor))
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
    names = actor_names(story.get("actors") or [])
    groups: dict[str, list[dict]] = defaultdict(list)
    for quote in story.get("quotes") or []:
        if isinstance(quote, Mapping):
            speaker = display_name(quote.get("speaker"), names) or "(unknown speaker)"
            groups[speaker].append(dict(quote))
    out: list[dict[str, Any]] = []
    for speaker, quotes in groups.items():
        quotes.sort(key=lambda q: str(q.get("date") or ""))
        roles = sorted({str(q["role"]) for q in quotes if q.get("role")})
        out.append({"speaker": speaker, "roles": roles, "quotes": quotes})
    out.sort(key=lambda g: (-len(g["quotes"]), g["speaker"].casefold()))
    return out
