"""The position matrix (issues x sides), gaps and shifts, and the JSON form of a position."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from ..actors import ActorIndex
from ..model import Position

#: stance -> (CAMEO code, CAMEO name, PLOVER type, polarity towards the issue).
STANCES = {
    "demand": ("10", "Demand", "REQUEST", 1),
    "offer": ("03", "Express intent to cooperate", "AGREE", 1),
    "accept": ("08", "Yield", "AGREE", 1),
    "reject": ("12", "Reject", "REJECT", -1),
    "oppose": ("11", "Disapprove", "ACCUSE", -1),
    "threaten": ("13", "Threaten", "THREATEN", 1),
    "concede": ("08", "Yield", "CONCEDE", 1),
    "shift": ("08", "Yield", "CONCEDE", 1),
    "mediate": ("045", "Mediate", "CONSULT", 0),
}


def position_to_json(p: Position, index: ActorIndex) -> dict:
    cameo, cameo_name, plover, _ = STANCES[p.stance]
    actor = index.actors.get(p.actor)
    side = index.actors.get(p.side)
    reporter = index.actors.get(p.reported_by or "")
    return {
        "actor": actor.name if actor else p.actor,
        "actor_id": p.actor,
        "side": side.name if side else p.side,
        "stance": p.stance,
        "issue": p.issue,
        "phrase": p.phrase,
        "target": index.actors[p.target].name if p.target in index.actors else None,
        "reported_by": reporter.name if reporter else p.reported_by,
        "negated": p.negated,
        "date": p.date,
        "sentence": p.sentence,
        "sentence_index": p.sentence_index,
        "article_id": p.article_id,
        "outlet": p.outlet,
        "cameo": cameo,
        "cameo_name": cameo_name,
        "plover": plover,
    }


def _order(p: dict) -> tuple:
    return (p["date"] or "", p["article_id"], p["sentence_index"])


def position_matrix(positions: Sequence[dict]) -> dict:
    """Issues x sides: each cell the latest stance and its history."""
    cells: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    phrases: dict[str, set[str]] = defaultdict(set)
    for p in sorted(positions, key=_order):
        cells[p["issue"]][p["side"]].append(
            {
                "stance": p["stance"],
                "actor": p["actor"],
                "date": p["date"],
                "article_id": p["article_id"],
                "sentence_index": p["sentence_index"],
                "outlet": p["outlet"],
            }
        )
        phrases[p["issue"]].add(p["phrase"])
    issues = sorted(cells, key=lambda k: (-sum(len(v) for v in cells[k].values()), k))
    sides = sorted({s for k in cells for s in cells[k]})
    return {
        "issues": [{"issue": k, "phrases": sorted(phrases[k])} for k in issues],
        "actors": sides,
        "cells": {
            k: {
                s: {"stance": h[-1]["stance"], "date": h[-1]["date"], "history": h}
                for s, h in cells[k].items()
            }
            for k in issues
        },
    }


def gaps(matrix: dict) -> list[dict]:
    """Issues where one side's latest stance is for it and another's against it."""
    out = []
    for issue, row in matrix["cells"].items():
        pro = sorted(s for s, c in row.items() if STANCES[c["stance"]][3] > 0)
        con = sorted(s for s, c in row.items() if STANCES[c["stance"]][3] < 0)
        if pro and con:
            out.append(
                {
                    "issue": issue,
                    "for": [{"actor": s, "stance": row[s]["stance"]} for s in pro],
                    "against": [{"actor": s, "stance": row[s]["stance"]} for s in con],
                }
            )
    return out


def shifts(matrix: dict) -> list[dict]:
    """A side's stance on an issue changing direction over time (for <-> against)."""
    out = []
    for issue, row in matrix["cells"].items():
        for side, cell in row.items():
            history = cell["history"]
            for a, b in zip(history, history[1:], strict=False):
                pa, pb = STANCES[a["stance"]][3], STANCES[b["stance"]][3]
                if pa and pb and pa != pb:
                    out.append(
                        {
                            "actor": side,
                            "issue": issue,
                            "from": a["stance"],
                            "to": b["stance"],
                            "from_date": a["date"],
                            "to_date": b["date"],
                            "evidence": [
                                {
                                    "article_id": x["article_id"],
                                    "sentence_index": x["sentence_index"],
                                    "outlet": x["outlet"],
                                    "date": x["date"],
                                }
                                for x in (a, b)
                            ],
                        }
                    )
    return out
