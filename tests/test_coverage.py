"""Cross-outlet coverage: outlet table, events and first reporters, copies, exclusive claims."""

from __future__ import annotations

from storyfixtures import strike_pile

from storyline.coverage import story_coverage
from storyline.dates.tagger import tag_article
from storyline.dedup import find_copies, mark_copies
from storyline.timeline import build_timeline


def _coverage():
    pile = [tag_article(a) for a in strike_pile()]
    copies = find_copies(pile)
    pile = mark_copies(pile, copies)
    timeline = build_timeline(pile)
    return {a.path: a for a in pile}, timeline, story_coverage(pile, timeline, copies)


def test_outlet_table_counts_copies_and_shares():
    _, _, cov = _coverage()
    rows = {r["outlet"]: r for r in cov["outlets"]}
    assert set(rows) == {"Northwire", "Coastal Daily", "Buzzpage", "Velmora Herald"}
    assert rows["Buzzpage"]["copies"] == 1
    assert rows["Northwire"]["copies"] == 0
    assert rows["Velmora Herald"]["first_published"] == "2031-03-04"
    assert rows["Northwire"]["share"] == 0.25


def test_copies_say_whose_text_they_copy():
    by, _, cov = _coverage()
    assert {(c["outlet"], c["copy_of_outlet"], c["kind"]) for c in cov["copies"]} == {
        ("Coastal Daily", "Northwire", "near"),
        ("Buzzpage", "Northwire", "rewrite"),
    }
    assert all(c["copy_of"] == by["wire.txt"].id for c in cov["copies"])


def test_events_name_the_first_reporter_and_the_matrix_matches():
    _, timeline, cov = _coverage()
    dates = [e.date for e in timeline]
    assert "2031-03-03" in dates
    strike_day = next(e for e in cov["events"] if e["date"] == "2031-03-03")
    assert strike_day["first"]["outlet"] == "Northwire"
    assert "Buzzpage" in strike_day["outlets"]
    matrix = cov["matrix"]
    assert matrix["dates"] == dates
    row = matrix["outlets"].index("Northwire")
    assert matrix["cells"][row][dates.index("2031-03-03")] == 1


def test_exclusive_claims_come_from_the_own_report_only():
    _, _, cov = _coverage()
    assert cov["exclusive_claims"], (
        "the Velmora Herald's second-day report carries claims no one else has"
    )
    assert {c["outlet"] for c in cov["exclusive_claims"]} == {"Velmora Herald"}


def test_seed_coverage_in_json_and_report(seeds, store):
    from storyline.pipeline import build, export_document, ingest
    from storyline.report import to_html, to_markdown, validate

    ingest(store, [str(seeds)])
    build(store)
    document = export_document(store)
    validate(document)
    coverage = document["stories"][0]["coverage"]
    rows = {r["outlet"]: r["articles"] for r in coverage["outlets"]}
    assert rows.get("Bloomberg") == 2
    assert coverage["copies"] == []
    march_25 = next((e for e in coverage["events"] if e["date"] == "2024-03-25"), None)
    if march_25 is not None:
        assert march_25["first"]["published"] == "2024-03-26"
    assert "## Coverage" in to_markdown(document)
    assert "<h2>Coverage</h2>" in to_html(document)


def test_wire_story_carried_by_several_sites_names_the_agency_first():
    from storyfixtures import WIRE, article

    wire_text = WIRE.replace("(Northwire) --", "(Reuters) --")
    pile = [
        tag_article(article(wire_text, "Coastal Daily", "2031-03-03", "a")),
        tag_article(
            article(
                wire_text.replace("Sunday night", "Sunday"), "Harbour Gazette", "2031-03-03", "b"
            )
        ),
        tag_article(article(wire_text, "Bay Chronicle", "2031-03-04", "c")),
    ]
    copies = find_copies(pile)
    pile = mark_copies(pile, copies)
    timeline = build_timeline(pile)
    cov = story_coverage(pile, timeline, copies)
    [group] = cov["syndication"]
    assert group["source"] == "Reuters" and group["wire"] is True
    assert group["label"] == "Reuters story, carried by 3 sites"
    assert sorted(group["outlets"]) == ["Bay Chronicle", "Coastal Daily", "Harbour Gazette"]
    strike_day = next(e for e in cov["events"] if e["date"] == "2031-03-03")
    assert strike_day["first"]["outlet"] == "Reuters"
    assert strike_day["first"]["carried_by"] in {"Coastal Daily", "Harbour Gazette"}
    assert all(c["wire"] == "Reuters" and c["evidence"] for c in cov["copies"])


def test_copy_evidence_points_at_matching_sentences():
    by, _, cov = _coverage()
    rewrite = next(c for c in cov["copies"] if c["kind"] == "rewrite")
    copy, original = by["rewrite.txt"], by["wire.txt"]
    assert rewrite["evidence"]
    for pair in rewrite["evidence"]:
        assert 0.5 <= pair["similarity"] <= 1.0
        assert pair["sentence"] < len(copy.sentences)
        assert pair["copy_of_sentence"] < len(original.sentences)
