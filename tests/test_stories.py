"""Story clustering: seeds form one story, topics stay apart, order does not matter, online."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from storyfixtures import VOLCANO_1, strike_pile, volcano_pile

from storyline.dedup import find_copies, mark_copies
from storyline.stories import group_stories, similarity, story_id
from storyline.vectors import get_vectors

PILE = strike_pile() + volcano_pile()
PILE = mark_copies(PILE, find_copies(PILE))


def _groups(stories):
    return {s.id: frozenset(s.article_ids) for s in stories}


def test_two_invented_stories_stay_apart_and_copies_follow_their_original():
    stories = group_stories(PILE)
    groups = sorted(_groups(stories).values(), key=len)
    by_path = {a.id: a.path for a in PILE}
    assert [sorted(by_path[i] for i in g) for g in groups] == [
        ["volcano1.txt", "volcano2.txt"],
        ["edited.txt", "own.txt", "rewrite.txt", "wire.txt"],
    ]
    # The story id is the hash of its founding (earliest, then smallest id) article.
    volcano = next(s for s in stories if len(s.article_ids) == 2)
    first = min((a for a in PILE if a.path.startswith("volcano")), key=lambda a: a.published)
    assert volcano.id == story_id([first.id])
    assert "Orrun" in volcano.title


@settings(max_examples=15, deadline=None)
@given(st.permutations(PILE))
def test_shuffled_input_gives_the_same_stories(shuffled):
    assert _groups(group_stories(shuffled)) == _groups(group_stories(PILE))


def test_unknown_vectors_name_lists_the_valid_ones():
    with pytest.raises(ValueError, match="tfidf, minilm"):
        get_vectors("word2vec")


def test_similarity_ranks_same_story_above_other_story():
    strike = [a.text for a in strike_pile()]
    same, other = similarity([strike[0], strike[0]], [strike[3], VOLCANO_1])
    assert same > 0.15 > other


def test_seeds_form_one_story(seeds, store):
    from storyline.pipeline import build, ingest

    ingest(store, [str(seeds)])
    stories = build(store)
    assert len(stories) == 1
    assert len(stories[0].article_ids) == 5
    assert "Hamas" in stories[0].title and "Israel" in stories[0].title


def test_incremental_build_adds_new_article_to_existing_story(seeds, store, tmp_path):
    from storyline.pipeline import build, ingest

    first_four = sorted(seeds.glob("00[0-3]_*.txt"))
    ingest(store, [str(p) for p in first_four])
    (before,) = build(store)
    ingest(store, [str(next(seeds.glob("004_*.txt")))])
    strike = tmp_path / "volcano.txt"
    strike.write_text(VOLCANO_1, encoding="utf-8")
    ingest(store, [str(strike)])
    after = build(store)
    assert len(after) == 2
    grown = next(s for s in after if s.id == before.id)
    assert set(before.article_ids) < set(grown.article_ids)
    assert len(grown.article_ids) == 5
    assert {r["story_id"] for r in store.article_rows()} == {s.id for s in after}


def test_stored_assignments_are_kept_even_when_a_full_build_would_differ():
    volcano, strike = volcano_pile(), strike_pile()
    wire = strike[0]
    volcano_story = story_id([volcano[0].id])
    # Pretend an earlier build put the wire report in the volcano story: it stays there.
    assigned = {volcano[0].id: volcano_story, wire.id: volcano_story}
    stories = group_stories(volcano + [wire, strike[3]], assigned=assigned)
    groups = _groups(stories)
    assert wire.id in groups[volcano_story]


def test_article_far_in_time_needs_more_evidence():
    from dataclasses import replace

    wire, own = strike_pile()[0], strike_pile()[3]
    # The second-day report shares the union leader and the port with the wire report...
    assert len(group_stories([wire, own])) == 1
    # ... which is enough a day later, not two years later.
    later = replace(own, published="2033-03-04")
    assert len(group_stories([wire, later])) == 2


def test_cli_build_takes_vectors_and_refuses_unknown_ones(tmp_path):
    from click.testing import CliRunner

    from storyline.cli import cli

    article_file = tmp_path / "volcano.txt"
    article_file.write_text(VOLCANO_1, encoding="utf-8")
    db = str(tmp_path / "s.db")
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", str(article_file), "--db", db]).exit_code == 0
    bad = runner.invoke(cli, ["build", "--db", db, "--vectors", "word2vec"])
    assert bad.exit_code == 2
    assert "tfidf" in bad.output
    good = runner.invoke(cli, ["build", "--db", db, "--vectors", "tfidf"])
    assert good.exit_code == 0, good.output
    assert "built 1 story" in good.output
