"""Articles written for a test, one or a few sentences each, and what the positions stage
reads from them (shared by the positions, constructions and quotes tests)."""

from __future__ import annotations

from storyline.model import Article
from storyline.sentences import split_sentences


def invented_article(
    text: str,
    published: str = "2025-06-10",
    outlet: str = "Test Wire",
    article_id: str = "a" * 16,
) -> Article:
    return Article(
        id=article_id,
        raw=text,
        text=text,
        sentences=split_sentences(text),
        outlet=outlet,
        published=published,
    )


def story_of(*paragraphs: str, **kwargs) -> dict:
    """The positions stage's answer for one invented article (paragraphs one per line)."""
    from storyline.positions import analyse_story

    return analyse_story([invented_article("\n".join(paragraphs))], **kwargs)


def summary(positions: list[dict]) -> set[tuple[str, str, str]]:
    """(side, stance, issue) of each position: what most assertions compare."""
    return {(p["side"], p["stance"], p["issue"]) for p in positions}
