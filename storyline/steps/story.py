"""Step 5 of the build for one story: its members read back from the store with their
features, and the per-story stages (title, timeline, coverage, positions)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from .. import features as feats
from ..coverage import story_coverage
from ..dedup import kind_rank
from ..llm import claims_for
from ..model import Copy, Story
from ..positions import story_positions
from ..store import Store
from ..stories import canonical_order, story_title
from ..timeline import build_timeline


def analyse_story(
    store: Store,
    story_id: str,
    article_ids: Sequence[str],
    copy_of: dict[str, str],
    idf: dict[str, float] | None,
    extractor: str = "rules",
) -> Story:
    """One story's members read back with their features, and its per-story stages."""
    articles = store.load_articles(list(article_ids))
    found = feats.stored(store, list(article_ids))
    members = []
    precomputed = {}
    for a in articles:
        f = found.get(a.id)
        if f is not None:
            f = feats.retag(a, f)
            precomputed[a.id] = (f.candidates, f.wanted, f.entities)
            a = replace(a, mentions=f.mentions)
        members.append(replace(a, duplicate_of=copy_of.get(a.id)))
    members = canonical_order(members)
    copies = [Copy(a.id, a.duplicate_of, "", 0.0) for a in members if a.duplicate_of]
    copies = _copy_rows(store, [c.article_id for c in copies], copy_of)
    title = story_title(members, idf)
    timeline = build_timeline(members, query=title)
    coverage = story_coverage(members, timeline, copies)
    claims = claims_for(extractor, members)
    extra = {**story_positions(members, precomputed, claims=claims), "coverage": coverage}
    return Story(
        id=story_id,
        title=title,
        article_ids=tuple(a.id for a in members),
        timeline=timeline,
        extra=extra,
    )


def _copy_rows(store: Store, ids: Sequence[str], copy_of: dict[str, str]) -> list[Copy]:
    """The ``Copy`` records (kind, score) of the given copies, from their checked pairs."""
    out = []
    for article_id in ids:
        original = copy_of[article_id]
        checked = store.copy_checks(article_id)
        kind, score = max(checked, key=kind_rank, default=("near", 0.0))
        out.append(Copy(article_id, original, kind, score))
    return out
