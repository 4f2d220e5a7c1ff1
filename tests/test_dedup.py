"""Copies: wire copies and rewrites are found, distinct reports on the same day are not."""

from __future__ import annotations

from dataclasses import replace

from storyfixtures import OWN_REPORT, WIRE, article, strike_pile

from storyline.dedup import compare, find_copies, mark_copies
from storyline.pipeline import prepare


def _by_path(articles):
    return {a.path: a for a in articles}


def test_exact_copy_from_another_outlet_is_a_copy():
    original = article(WIRE, "Northwire", "2031-03-03", "wire")
    copy = article(WIRE, "Harbour Gazette", "2031-03-04", "copy")
    assert original.id != copy.id
    copies = find_copies([copy, original])
    assert [(c.article_id, c.original_id, c.kind) for c in copies] == [
        (copy.id, original.id, "exact")
    ]


def test_light_edit_and_rewrite_point_at_the_earliest_original():
    pile = strike_pile()
    by = _by_path(pile)
    copies = {c.article_id: c for c in find_copies(pile)}
    assert set(copies) == {by["edited.txt"].id, by["rewrite.txt"].id}
    # The wire report and its lightly edited copy are both dated March 3; the complete one wins.
    assert copies[by["edited.txt"].id].original_id == by["wire.txt"].id
    assert copies[by["edited.txt"].id].kind == "near"
    assert copies[by["rewrite.txt"].id].original_id == by["wire.txt"].id
    assert by["own.txt"].id not in copies


def test_rewrite_is_caught_by_sentence_overlap_not_shingles():
    pile = _by_path(strike_pile())
    kind, score = compare(pile["rewrite.txt"], pile["wire.txt"])
    assert kind == "rewrite"
    assert score >= 0.75
    assert compare(pile["own.txt"], pile["wire.txt"]) is None


def test_mark_copies_fills_duplicate_of_only_for_copies():
    pile = strike_pile()
    marked = _by_path(mark_copies(pile, find_copies(pile)))
    assert marked["wire.txt"].duplicate_of is None
    assert marked["own.txt"].duplicate_of is None
    assert marked["edited.txt"].duplicate_of == marked["wire.txt"].id


def test_deterministic_whatever_the_order():
    pile = strike_pile()
    assert find_copies(pile) == find_copies(list(reversed(pile)))


def test_undated_copy_does_not_become_canonical():
    original = article(WIRE, "Northwire", "2031-03-03", "wire")
    undated = replace(article(WIRE, "Aggregator", "2031-03-03", "agg"), published=None)
    (c,) = find_copies([undated, original])
    assert c.original_id == original.id


def test_seeds_000_and_004_are_not_copies(seeds):
    from storyline.ingest import read_documents

    docs = {d.path.rsplit("/", 1)[-1][:3]: d for d in read_documents([str(seeds)])}
    articles = {k: prepare(d) for k, d in docs.items()}
    assert compare(articles["000"], articles["004"]) is None
    # Nothing in the seed pile copies anything else (002 rewrites a report that is not there).
    assert find_copies(list(articles.values())) == []


def test_a_short_own_report_is_not_contained_in_the_wire():
    own = article(OWN_REPORT, "Velmora Herald", "2031-03-04", "own")
    wire = article(WIRE, "Northwire", "2031-03-03", "wire")
    assert find_copies([own, wire]) == []
