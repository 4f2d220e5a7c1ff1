"""Cross-outlet coverage of one story: who covered which event, first, alone, or by copying.

A pure function over the story's articles, its timeline and the copies found by
``storyline.dedup``; its result is the ``coverage`` object of a story in
``storyline.json`` (keys documented in docs/output.md):

- ``outlets``: each outlet's article count, copies, date span and share of the story;
- ``events``: for each timeline date, the outlets whose articles date a sentence to it,
  and who reported it first (earliest publication, then article id);
- ``matrix``: the same as an outlet × date table of article counts;
- ``exclusive_claims``: timeline sentences that no other outlet's article carries;
- ``copies``: copies in the story, whose text they copy, their kind and evidence (the
  matched sentence pairs, recomputed here from the two texts);
- ``syndication``: each copy group as one story carried by several sites, named after
  the news agency it comes from when a member says so ("AP story, carried by 5 sites").

A wire story's first reporter is the wire: ``events[].first.outlet`` names the agency
when the first article is a member of a wire group (or carries a wire opener itself),
with the site that carried it in ``first.carried_by``.

Written by hand: it is bookkeeping over storyline's own data.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from .dedup import evidence
from .model import Article, Copy, TimelineEntry
from .outlets import wire_source
from .timeline import candidates

#: A timeline sentence is carried by another article when one of its sentences shares
#: this share of the content words (Jaccard). Chosen by reading the example corpus's
#: matches at 0.4 / 0.3 / 0.25: at 0.4 paraphrases of one fact ("rejected a 4% offer on
#: Monday") still counted as exclusive; at 0.25 loosely related sentences matched.
CLAIM_MATCH = 0.3
UNKNOWN = "unknown outlet"

_WORD = re.compile(r"\w+", re.UNICODE)
_STOP = frozenset(
    """
    a an the and or but of to in on at for with by from as is are was were be been has
    have had it its this that he she they his her their said says will would not
    """.split()
)


def _words(text: str) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 1)


def _outlet(article: Article) -> str:
    return article.outlet or UNKNOWN


def outlet_table(articles: Sequence[Article]) -> list[dict]:
    """Per outlet: articles, copies among them, first and last publication, share."""
    rows: dict[str, dict] = {}
    for article in articles:
        row = rows.setdefault(
            _outlet(article), {"outlet": _outlet(article), "articles": 0, "copies": 0, "dates": []}
        )
        row["articles"] += 1
        row["copies"] += 1 if article.duplicate_of else 0
        if article.published:
            row["dates"].append(article.published)
    total = len(articles) or 1
    out = []
    for row in rows.values():
        dates = row.pop("dates")
        row["first_published"] = min(dates) if dates else None
        row["last_published"] = max(dates) if dates else None
        row["share"] = round(row["articles"] / total, 3)
        out.append(row)
    return sorted(out, key=lambda r: (-r["articles"], r["outlet"]))


def events(
    articles: Sequence[Article],
    timeline: Sequence[TimelineEntry],
    wires: dict[str, str] | None = None,
) -> list[dict]:
    """Which outlets dated a sentence to each timeline date, and who published first
    (the agency, for an article of a wire story: ``wires`` maps article id → agency)."""
    wires = wires or {}
    wanted = {(e.date, e.date_precision) for e in timeline}
    by_event: dict[tuple[str, str], dict[str, Article]] = defaultdict(dict)
    for d in candidates(articles, months=True):
        if (d.date, d.precision) in wanted:
            by_event[(d.date, d.precision)].setdefault(d.article.id, d.article)
    for entry in timeline:
        for source in entry.sources:
            found = next((a for a in articles if a.id == source.article_id), None)
            if found:
                by_event[(entry.date, entry.date_precision)].setdefault(found.id, found)
    out = []
    for entry in timeline:
        covering = list(by_event.get((entry.date, entry.date_precision), {}).values())
        first = min(covering, key=_first_key, default=None)
        counts: dict[str, int] = defaultdict(int)
        for article in covering:
            counts[_outlet(article)] += 1
        out.append(
            {
                "date": entry.date,
                "outlets": sorted(counts),
                "articles": {k: counts[k] for k in sorted(counts)},
                "first": None if first is None else _first(first, wires.get(first.id)),
            }
        )
    return out


def _first(article: Article, wire: str | None) -> dict:
    out = {"outlet": wire or _outlet(article), "article_id": article.id, "published": None}
    out["published"] = article.published
    if wire:
        out["carried_by"] = _outlet(article)
    return out


def _first_key(article: Article) -> tuple:
    """Earliest publication first; on the same day an original before a copy, then by id."""
    return (
        article.published is None,
        article.published or "",
        bool(article.duplicate_of),
        article.id,
    )


def matrix(event_rows: Sequence[dict]) -> dict:
    """The outlet × date table of article counts from ``events``."""
    outlets = sorted({o for e in event_rows for o in e["outlets"]})
    dates = [e["date"] for e in event_rows]
    cells = [[e["articles"].get(o, 0) for e in event_rows] for o in outlets]
    return {"outlets": outlets, "dates": dates, "cells": cells}


def exclusive_claims(articles: Sequence[Article], timeline: Sequence[TimelineEntry]) -> list[dict]:
    """Timeline sentences whose claim no article of another outlet carries.

    A sentence is only tokenised when it contains the claim's longest word (a cheap
    substring test), so a story of thousands of articles stays fast.
    """
    by_id = {a.id: a for a in articles}
    sentences = [(_outlet(a), s.text.lower()) for a in articles for s in a.sentences]
    out = []
    for entry in timeline:
        for sentence in entry.summary:
            source = next((s for s in entry.sources if s.sentence == sentence), None)
            if source is None or source.article_id not in by_id:
                continue
            outlet = _outlet(by_id[source.article_id])
            claim = _words(sentence)
            if not claim:
                continue
            key = max(claim, key=lambda w: (len(w), w))
            carried = False
            for other, text in sentences:
                if other == outlet or key not in text:
                    continue
                words = _words(text)
                if len(claim & words) / len(claim | words) >= CLAIM_MATCH:
                    carried = True
                    break
            if not carried:
                out.append(
                    {
                        "date": entry.date,
                        "outlet": outlet,
                        "article_id": source.article_id,
                        "sentence_index": source.sentence_index,
                        "sentence": sentence,
                    }
                )
    return out


def copies_table(
    articles: Sequence[Article], copies: Sequence[Copy], wires: dict[str, str] | None = None
) -> list[dict]:
    """The story's copies, whose text they copy, and the matched sentences that show it."""
    by_id = {a.id: a for a in articles}
    wires = wires or {}
    out = []
    for c in copies:
        if c.article_id in by_id:
            original = by_id.get(c.original_id)
            row = {
                "article_id": c.article_id,
                "outlet": _outlet(by_id[c.article_id]),
                "copy_of": c.original_id,
                "copy_of_outlet": _outlet(original) if original else None,
                "kind": c.kind,
                "score": c.score,
                "wire": wires.get(c.article_id),
                "evidence": evidence(by_id[c.article_id], original) if original else [],
            }
            out.append(row)
    return sorted(out, key=lambda r: (r["copy_of"], r["article_id"]))


def wire_groups(articles: Sequence[Article], copies: Sequence[Copy]) -> dict[str, str]:
    """Article id → news agency, for every article whose text says it is an agency's
    story and every member of a copy group one of whose members says so (the agency
    most members name)."""
    by_id = {a.id: a for a in articles}
    own = {a.id: w for a in articles if (w := wire_source(a.text, a.raw))}
    groups: dict[str, list[str]] = defaultdict(list)
    for c in copies:
        if c.article_id in by_id:
            groups[c.original_id].append(c.article_id)
    out = dict(own)
    for original, members in groups.items():
        ids = [original, *members] if original in by_id else members
        named = [own[i] for i in ids if i in own]
        if named:
            agency = max(sorted(set(named)), key=named.count)
            out.update({i: agency for i in ids})
    return out


def syndication(
    articles: Sequence[Article], copies: Sequence[Copy], wires: dict[str, str]
) -> list[dict]:
    """Each copy group as one story carried by several sites."""
    by_id = {a.id: a for a in articles}
    groups: dict[str, list[str]] = defaultdict(list)
    for c in copies:
        if c.article_id in by_id:
            groups[c.original_id].append(c.article_id)
    out = []
    for original, members in groups.items():
        ids = sorted({original, *members} & set(by_id))
        outlets = sorted({_outlet(by_id[i]) for i in ids})
        source = wires.get(original) or next((wires[i] for i in ids if i in wires), None)
        named = source or (_outlet(by_id[original]) if original in by_id else UNKNOWN)
        sites = len(outlets)
        out.append(
            {
                "canonical": original,
                "source": named,
                "wire": source is not None,
                "article_ids": ids,
                "outlets": outlets,
                "label": f"{named} story, carried by {sites} site{'s' if sites != 1 else ''}",
            }
        )
    return sorted(out, key=lambda g: (-len(g["article_ids"]), g["canonical"]))


def story_coverage(
    articles: Sequence[Article], timeline: Sequence[TimelineEntry], copies: Sequence[Copy] = ()
) -> dict:
    """The ``coverage`` object of one story (see the module docstring)."""
    wires = wire_groups(articles, copies)
    event_rows = events(articles, timeline, wires)
    return {
        "outlets": outlet_table(articles),
        "events": event_rows,
        "matrix": matrix(event_rows),
        "exclusive_claims": exclusive_claims(articles, timeline),
        "copies": copies_table(articles, copies, wires),
        "syndication": syndication(articles, copies, wires),
    }
