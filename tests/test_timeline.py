"""storyline.timeline: date salience, candidate sentences, summaries, on real text."""

from __future__ import annotations

import json
import random

import pytest

from storyline.dates.tagger import tag_article
from storyline.model import Document
from storyline.pipeline import prepare
from storyline.timeline import build_timeline, candidates, date_salience, summary_text, usable


def _article(text: str, published: str, outlet: str = "reuters", source_id: str = "a1"):
    doc = Document(raw=text, fmt="jsonl", source_id=source_id, outlet=outlet, published=published)
    return tag_article(prepare(doc))


def test_weekday_before_a_calendar_date_is_one_date():
    # PTB-tokenised T17 text: the tagger finds "Thursday" and "February 10" separately.
    article = _article(
        "Crowds gathered in the square ahead of the address Thursday , February 10 .", "2011-02-11"
    )
    found = candidates([article])
    assert [(c.date, c.how) for c in found] == [("2011-02-10", "mention")]


def test_future_mentions_do_not_date_a_sentence():
    article = _article(
        "The president is due to visit the coast on Sunday .\nOfficials met in the capital on Friday .",
        "2010-05-01",
    )
    dated = {(c.date, c.how) for c in candidates([article])}
    assert ("2010-04-30", "mention") in dated
    assert not any(d == "2010-05-02" for d, _ in dated)


def test_later_references_outweigh_publication():
    early = _article(
        "Rebels seized the town on Monday after heavy fighting .", "2011-03-01", source_id="a"
    )
    later = [
        _article(
            f"Rebels took the town on March 1 , report {i} said .",
            "2011-03-09",
            source_id=f"b{i}",
        )
        for i in range(3)
    ]
    salience = date_salience([early, *later], candidates([early, *later]))
    assert salience[("2011-02-28", "day")] < salience[("2011-03-01", "day")]


def test_a_span_start_is_no_candidate_for_its_date():
    # "since March 1" tells a state of the report's day, not what happened on March 1.
    article = _article("Rebels have held the town since March 1 , officials said .", "2011-03-09")
    assert [(c.date, c.how) for c in candidates([article])] == [("2011-03-09", "published")]


def test_summary_text_cuts_datelines_and_brackets():
    assert summary_text(
        "CAIRO -LRB- CNN -RRB- -- Thousands of marchers filled the main square on Friday ."
    ) == ("Thousands of marchers filled the main square on Friday .")
    assert (
        summary_text(
            "LONDON | Thu Apr 29 , 2010 11:29 am EDT LONDON Reuters - Shares in the firm slid 3 percent on Thursday ."
        )
        == "Shares in the firm slid 3 percent on Thursday ."
    )
    assert not usable("At 16:14 29th Apr 2009 , a reader wrote : this is not the end of it at all")
    assert not usable("The rig had burned for two days before it sank into the Gulf waters ...")
    assert usable("The damaged platform went under on Thursday after a long fire at sea .")


def _t17_window(benchmarks, topic: str, name: str):
    from storyline.evaluate.data import gold_timelines, prepare_rows, read_rows

    gold = next(g for g in gold_timelines(benchmarks / "t17" / topic) if g.name == name)
    rows = [
        r
        for r in read_rows(benchmarks / "t17" / topic / "articles.jsonl")
        if gold.start <= r["time"] <= gold.end
    ]
    return gold, prepare_rows(rows)


def test_h1n1_bbc_timeline_quality_floor(benchmarks):
    """The method on one small real window (150 articles): a floor on dates and content."""
    pytest.importorskip("tilse", reason="the eval extra (tilse) is not installed")
    from storyline.evaluate.metrics import Scorer
    from storyline.evaluate.protocol import storyline_method

    gold, articles = _t17_window(benchmarks, "h1n1", "bbc-1")
    reference = [(d, list(s)) for d, s in gold.dates]
    predicted = storyline_method(articles, gold)
    assert len(predicted) == len(gold.dates) == 7
    assert all(len(s) <= gold.sentences_per_date for _, s in predicted)
    scorer = Scorer("reimpl")
    ours = scorer.score(predicted, reference)
    # Floors a little under what the method reaches; the shipped ranker saw h1n1 in training, so
    # this guards against breakage, not a held-out figure (those are in docs/benchmarks.md).
    assert ours.dates.f >= 0.70
    assert ours.ar1.f >= 0.10
    # Every summary sentence keeps its article.
    entries = build_timeline(
        articles, max_dates=7, per_date=2, start=gold.start, end=gold.end, months=False
    )
    by_id = {a.id: a for a in articles}
    for entry in entries:
        assert entry.sources and all(s.article_id in by_id for s in entry.sources)
        assert {s.outlet for s in entry.sources} <= {a.outlet for a in articles}


def test_timeline_is_deterministic_and_order_free(benchmarks):
    gold, articles = _t17_window(benchmarks, "h1n1", "bbc-1")
    first = build_timeline(articles, max_dates=7, per_date=2, start=gold.start, end=gold.end)
    shuffled = articles[:]
    random.Random(4).shuffle(shuffled)
    second = build_timeline(shuffled, max_dates=7, per_date=2, start=gold.start, end=gold.end)
    assert json.dumps([e.summary for e in first]) == json.dumps([e.summary for e in second])
    assert [e.date for e in first] == [e.date for e in second]


def test_seed_timeline_dates_with_sources(seeds):
    from storyline.ingest import read_documents

    articles = [
        tag_article(prepare(d))
        for d in read_documents([str(seeds)])
        if not isinstance(d, Exception)
    ]
    entries = build_timeline(articles)
    dates = {e.date for e in entries}
    assert {"2024-02-13", "2024-03-25", "2024-03-26"} <= dates
    # One sentence per entry: the Cairo impasse is the entry's summary or one of its sources.
    cairo = [
        e
        for e in entries
        if any("impasse" in s.sentence and "Cairo" in s.sentence for s in e.sources)
    ]
    assert cairo and cairo[0].date == "2024-05-19"
    assert all(s.outlet for s in cairo[0].sources)


def test_entries_are_self_contained():
    from storyline.timeline import self_contained

    # Invented sentences: a leading connective or a pronoun needs the sentence before.
    for text in (
        "But the ferry company refused to reopen the route on Monday.",
        "It requires a second vote by the council.",
        "They are among the largest orchards in the valley.",
        "The group said it would boycott the hearing.",
        "However, the mayor signed the order on Friday.",
    ):
        assert not self_contained(text), text
        assert not usable(text), text
    for text in (
        "Butler Ferries refused to reopen the route on Monday .",
        "The harbour council voted on Tuesday to close the pier to lorries.",
        "Theodora Vance signed the order on Friday after a week of protests.",
    ):
        assert self_contained(text), text


def _pile():
    # An invented story: a ferry dispute in March 2031 that recalls a strike in 2027.
    texts = [
        (
            "Ferry crews walked out on Monday after talks with the operator broke down.",
            "2031-03-11",
        ),
        (
            "Ferry crews stayed on strike on Tuesday as the operator refused new talks.\n"
            "The walkout recalls the strike of June 2, 2027, when crews stopped work for a week.",
            "2031-03-12",
        ),
        (
            "The operator offered crews a new contract on Wednesday to end the strike that "
            "began on March 10.",
            "2031-03-13",
        ),
        (
            "Ferry crews accepted the operator's offer on Thursday, ending the strike that began "
            "on March 10.\n"
            "The harbour had last closed during the strike of June 2, 2027.",
            "2031-03-14",
        ),
    ]
    return [
        _article(text, day, outlet=f"outlet{i}", source_id=f"f{i}")
        for i, (text, day) in enumerate(texts)
    ]


def test_background_dates_are_kept_apart_and_one_sentence_per_entry():
    from storyline.model import Story
    from storyline.report import story_to_json

    entries = build_timeline(_pile())
    by_date = {e.date: e for e in entries}
    assert by_date["2027-06-02"].background
    own = [e for e in entries if not e.background]
    assert own and all(e.date.startswith("2031-03") for e in own)
    assert all(len(e.summary) == 1 for e in entries)
    story = story_to_json(Story("s1", "ferry strike", ("f0",), timeline=entries))
    assert [e["date"] for e in story["background"]] == ["2027-06-02"]
    assert all(e["date"].startswith("2031-03") for e in story["timeline"])


def test_learned_ranker_ships_with_the_features_it_was_trained_on():
    from storyline.timeline import (
        DATE_FEATURES,
        date_features,
        load_ranker,
        rank_dates,
        sentence_space,
    )

    ranker = load_ranker()
    assert ranker.features == DATE_FEATURES
    articles = _pile()
    found = candidates(articles)
    space = sentence_space(found)
    features = date_features(articles, found, space)
    assert features and all(len(v) == len(DATE_FEATURES) for v in features.values())
    assert all(0.0 <= x <= 1.0 + 1e-9 for v in features.values() for x in v)
    # The day the strike began, which later articles refer back to, outranks one nobody recalls.
    scores = rank_dates(articles, found, space)
    assert scores[("2031-03-10", "day")] > scores[("2031-03-13", "day")]
    with pytest.raises(ValueError, match="unknown date ranker"):
        rank_dates(articles, found, space, "oracle")


def test_an_article_is_listed_once_among_an_entrys_sources():
    # Invented: one article names the day in three sentences, two others once each.
    first = _article(
        "The ferry crews walked out on March 4 , 2031 , over night shifts .\n"
        "Pickets formed at the ferry terminal on March 4 , 2031 , before dawn .\n"
        "Crossings to the islands stopped on March 4 , 2031 , the operator said .",
        "2031-03-05",
        source_id="f1",
    )
    others = [
        _article(
            f"Ferry crews walked out on March 4 , 2031 , over night shifts , report {i} said .",
            "2031-03-06",
            outlet=f"outlet{i}",
            source_id=f"f{i}",
        )
        for i in (2, 3)
    ]
    entries = [e for e in build_timeline([first, *others]) if e.date == "2031-03-04"]
    assert len(entries) == 1
    # The other articles come before a second sentence of an article already listed.
    ids = [s.article_id for s in entries[0].sources]
    assert len(set(ids[:3])) == 3 and len(ids) > 3
    from storyline.report import also_reported

    listed = also_reported([{"article_id": i} for i in ids], len(entries[0].summary))
    assert sorted(s["article_id"] for s in listed) == sorted(set(ids) - {ids[0]})
