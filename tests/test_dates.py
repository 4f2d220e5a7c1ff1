"""storyline.dates: parsing, the temporal tagger, publication-date inference, conflict warnings."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline.dates.infer import (
    DateIndex,
    conflict_warning,
    date_articles,
    find_stamp,
    infer_from_text,
    infer_missing,
)
from storyline.dates.parse import date_from_url, parse_date_string, parse_dateline
from storyline.dates.tagger import event_date, tag_article, tag_text
from storyline.model import Article
from storyline.sentences import split_sentences
from storyline.timeline import candidates

# (sentence, publication date, expected [(mention text, value, precision, relation)])
TAGGER_CASES = [
    # Penn-Treebank tokenised (T17): a weekday next to a date is one mention.
    (
        "Protests went on before the president 's speech Thursday , February 10 .",
        date(2011, 2, 11),
        [("Thursday , February 10", "2011-02-10", "day", "past")],
    ),
    (
        "The attack on Oct. 7 killed hundreds .",
        date(2024, 3, 26),
        [("Oct. 7", "2023-10-07", "day", "past")],
    ),
    (
        "It began on October 7, 2023.",
        date(2024, 3, 26),
        [("October 7, 2023", "2023-10-07", "day", "past")],
    ),
    (
        "Talks resumed on March 25, 2024, in Doha.",
        date(2024, 5, 1),
        [("March 25, 2024", "2024-03-25", "day", "past")],
    ),
    (
        "The pause ended in early December.",
        date(2024, 3, 26),
        [("early December", "2023-12", "month", "past")],
    ),
    ("Prices peaked in mid-2023.", date(2024, 3, 26), [("mid-2023", "2023", "year", "past")]),
    (
        "Rates were lower in the 1990s.",
        date(2024, 3, 26),
        [("the 1990s", "1990s", "decade", "past")],
    ),
    ("The law was passed in 2011.", date(2024, 3, 26), [("2011", "2011", "year", "past")]),
    ("Exports fell in March 2024.", date(2024, 5, 2), [("March 2024", "2024-03", "month", "past")]),
    (
        "The filing is dated 2024-05-23.",
        date(2024, 5, 30),
        [("2024-05-23", "2024-05-23", "day", "past")],
    ),
    (
        "HONG KONG | Tue May 12 , 2009 8:56 am EDT",
        date(2009, 5, 12),
        [("Tue May 12 , 2009", "2009-05-12", "day", "present")],
    ),
    (
        "Wednesday 24 August 2005 00.44 BST",
        date(2005, 8, 24),
        [("Wednesday 24 August 2005", "2005-08-24", "day", "present")],
    ),
    # Relative forms, against a Tuesday.
    ("The vote is today.", date(2024, 3, 26), [("today", "2024-03-26", "day", "present")]),
    ("He spoke yesterday.", date(2024, 3, 26), [("yesterday", "2024-03-25", "day", "past")]),
    (
        "The council voted on Monday.",
        date(2024, 3, 26),
        [("on Monday", "2024-03-25", "day", "past")],
    ),
    (
        "Negotiators returned late Tuesday.",
        date(2024, 4, 3),
        [("late Tuesday", "2024-04-02", "day", "past")],
    ),
    ("The vote was last week.", date(2024, 3, 26), [("last week", "2024-W12", "week", "past")]),
    (
        "A resolution passed last month.",
        date(2024, 4, 3),
        [("last month", "2024-03", "month", "past")],
    ),
    ("Sales fell last year.", date(2024, 4, 3), [("last year", "2023", "year", "past")]),
    (
        "The ship sank two days ago.",
        date(2024, 4, 3),
        [("two days ago", "2024-04-01", "day", "past")],
    ),
    (
        "They meet again next Thursday.",
        date(2024, 3, 26),
        [("next Thursday", "2024-03-28", "day", "future")],
    ),
    (
        "Talks continue this week.",
        date(2024, 3, 26),
        [("this week", "2024-W13", "week", "present")],
    ),
    # Tense: a weekday is in the past unless the words before it say future.
    (
        "The leaders will meet on Thursday in Cairo.",
        date(2024, 3, 26),
        [("on Thursday", "2024-03-28", "day", "future")],
    ),
    (
        "He said on Thursday that talks will resume.",
        date(2024, 3, 26),
        [("on Thursday", "2024-03-21", "day", "past")],
    ),
    (
        "The strike is scheduled for May 5.",
        date(2024, 5, 23),
        [("May 5", "2025-05-05", "day", "future")],
    ),
    # A year-less day shortly after publication is ahead, not a year back; further off, back.
    (
        "Workers can return as soon as possible or as late as Nov. 12 .",
        date(2030, 11, 5),
        [("Nov. 12", "2030-11-12", "day", "future")],
    ),
    (
        "The accord signed on Dec. 20 held .",
        date(2030, 11, 5),
        [("Dec. 20", "2029-12-20", "day", "past")],
    ),
    # "may" the verb is no month.
    ("Officials said the deal may 5 times fail.", date(2024, 5, 23), []),
    # Future references resolve forward: a modal or "expect" before the month, the
    # verb after a sentence-opening date, "by the end of the year" (issue 14).
    (
        "Lawmakers expect a vote in January on the package.",
        date(2023, 11, 15),
        [("in January", "2024-01", "month", "future")],
    ),
    (
        "Talks could resume in January, officials said.",
        date(2023, 11, 15),
        [("in January", "2024-01", "month", "future")],
    ),
    (
        "In January, the union will vote on the offer.",
        date(2023, 11, 15),
        [("In January", "2024-01", "month", "future")],
    ),
    (
        "In January, the union voted on the offer.",
        date(2023, 11, 15),
        [("In January", "2023-01", "month", "past")],
    ),
    (
        "The deal should be signed by the end of the year.",
        date(2023, 11, 15),
        [("by the end of the year", "2023-12", "month", "future")],
    ),
    (
        "Talks collapsed at the end of the year.",
        date(2023, 11, 15),
        [("at the end of the year", "2022-12", "month", "past")],
    ),
    (
        "The plant will reopen by the end of next year.",
        date(2023, 11, 15),
        [("by the end of next year", "2024-12", "month", "future")],
    ),
    # "by" bounding a figure is no future cue.
    (
        "Prices fell by 3 percent in May.",
        date(2023, 11, 15),
        [("in May", "2023-05", "month", "past")],
    ),
    ("Nothing dated here.", date(2024, 5, 23), []),
]


@pytest.mark.parametrize(("text", "published", "expected"), TAGGER_CASES)
def test_tagger_cases(text, published, expected):
    found = [(m.text, m.value, m.precision, m.relation) for m in tag_text(text, published)]
    assert found == expected
    for m in tag_text(text, published):
        assert text[m.start : m.end] == m.text


def test_anchored_expressions_count_from_the_last_event():
    anchor = date(2011, 1, 25)
    found = tag_text(
        "A month earlier , and the following day , protests grew .", date(2011, 2, 11), 0, anchor
    )
    assert [(m.text, m.value) for m in found] == [
        ("A month earlier", "2010-12"),
        ("the following day", "2011-01-26"),
    ]
    assert tag_text("The following day , protests grew .", date(2011, 2, 11)) == []


def _article(
    text: str, published: str | None = None, precision: str | None = "day", **kw
) -> Article:
    return Article(
        id=kw.pop("id", "a" * 16),
        raw=text,
        text=text,
        sentences=split_sentences(text),
        published=published,
        published_precision=precision if published else None,
        published_source=kw.pop("source", "field") if published else None,
        **kw,
    )


def test_event_date_falls_back_to_publication_with_a_flag():
    article = tag_article(
        _article("Talks broke down on Monday.\nThe mediators are tired.", "2024-03-26")
    )
    first, second = article.sentences
    assert event_date(first, article.mentions, article) == ("2024-03-25", "day", "mention")
    assert event_date(second, article.mentions, article) == ("2024-03-26", "day", "published")


def test_a_span_start_is_background_not_the_event_date():
    # "since April" in an October report: the talks are news of the report's own day.
    article = tag_article(
        _article("The two sides have resumed negotiations since April.", "2023-10-12")
    )
    (mention,) = article.mentions
    assert (mention.value, mention.role) == ("2023-04", "since")
    sentence = article.sentences[0]
    assert event_date(sentence, article.mentions, article) == ("2023-10-12", "day", "published")
    found = candidates([article])
    assert [(c.date, c.how) for c in found] == [("2023-10-12", "published")]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # Forward phrases: the coming Wednesday, not the one before (2023-11-08).
        (
            "Lawmakers said a vote is possible as soon as Wednesday.",
            date(2023, 11, 13),
            "2023-11-15",
        ),
        ("The board could meet as early as Friday.", date(2023, 11, 13), "2023-11-17"),
        (
            "The ministry is expected to publish the figures in January.",
            date(2023, 11, 13),
            "2024-01",
        ),
        # "before a" / "ahead of" an event in a sentence told in the present
        (
            "Members now have two days to read the offer before a vote on Saturday.",
            date(2023, 11, 13),
            "2023-11-18",
        ),
        ("Leaders meet ahead of a summit on Friday.", date(2023, 11, 13), "2023-11-17"),
        # a modal governs the date through "on": next month's day, not last year's
        ("He would call an election on 20 December.", date(2023, 11, 13), "2023-12-20"),
        # an apposition's commas do not end the cue's reach
        (
            "The minister will travel to the port to meet its mayor, Ann Quayle, on Thursday.",
            date(2023, 11, 13),
            "2023-11-16",
        ),
    ],
)
def test_future_phrases_resolve_forward(text, published, expected):
    (mention,) = tag_text(text, published)
    assert (mention.value, mention.relation) == (expected, "future")


@pytest.mark.parametrize(
    "text",
    [
        "Before a vote on Saturday, members argued for hours.",
        "Leaders met ahead of a summit on Friday.",
    ],
)
def test_before_an_event_told_in_the_past_stays_in_the_past(text):
    (mention,) = tag_text(text, date(2023, 11, 13))
    assert mention.relation == "past"
    assert mention.value < "2023-11-13"


def test_the_event_date_wins_over_the_reporting_date():
    article = tag_article(
        _article(
            "The minister said on Tuesday that the talks on March 3 had failed.\n"
            "Union leaders on Tuesday said the strike would go on.",
            "2024-03-14",
        )
    )
    first, second = article.sentences
    assert [(m.value, m.role) for m in article.mentions if m.sentence == first.index] == [
        ("2024-03-12", "report"),
        ("2024-03-03", "event"),
    ]
    assert event_date(first, article.mentions, article) == ("2024-03-03", "day", "mention")
    # With no other date named, the statement's own day is the event.
    assert event_date(second, article.mentions, article) == ("2024-03-12", "day", "mention")
    assert {(c.date, c.index) for c in candidates([article])} == {
        ("2024-03-03", first.index),
        ("2024-03-12", second.index),
    }


def test_month_precision_resolves_only_what_needs_no_day():
    article = tag_article(
        _article(
            "A resolution passed last month.\nNegotiators returned on Tuesday.", "2024-04", "month"
        )
    )
    assert [(m.text, m.value) for m in article.mentions] == [("last month", "2024-03")]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("May 23, 2024", date(2024, 5, 23)),
        ("23 May 2024", date(2024, 5, 23)),
        ("HONG KONG | Tue May 12 , 2009 8:56 am EDT", date(2009, 5, 12)),
        ("Updated 3:15 PM EDT, Thu March 3, 2011", date(2011, 3, 3)),
        ("The talks collapsed on May 23, 2024 after weeks of haggling over hostages", None),
    ],
)
def test_parse_dateline(line, expected):
    assert parse_dateline(line) == expected


def test_parse_date_string_and_url():
    assert parse_date_string("2024-05-23T10:00Z") == ("2024-05-23", "day")
    assert parse_date_string("Thu, 23 May 2024 10:00:00 GMT") == ("2024-05-23", "day")
    assert parse_date_string("2024-05") == ("2024-05", "month")
    assert date_from_url("https://example.com/2024/05/05/talks.html") == ("2024-05-05", "day")
    assert date_from_url("https://example.com/news/talks") is None


@pytest.mark.parametrize(
    ("opening", "expected"),
    [
        (
            "TRIPOLI | Fri Apr 15 , 2011 7:32 pm EDT TRIPOLI -LRB- Reuters -RRB- - The president spoke .",
            date(2011, 4, 15),
        ),
        (
            "Thursday 23 June 2005 03.09 BST The war in Iraq is creating a new breed .",
            date(2005, 6, 23),
        ),
        ("February 7 , 2011 : 8:43 AM ET The list comes out once a year .", date(2011, 2, 7)),
        ("In this May 26 , 2010 photo , crews try to plug the well .", None),
    ],
)
def test_find_stamp(opening, expected):
    assert find_stamp(opening) == expected


_FORMATS = [
    lambda d: d.strftime("%B %-d, %Y"),
    lambda d: d.strftime("%b %-d , %Y"),
    lambda d: d.strftime("%-d %B %Y"),
    lambda d: d.strftime("%A , %B %-d , %Y"),
    lambda d: d.isoformat(),
]


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)), st.sampled_from(_FORMATS)
)
def test_format_then_parse_round_trips(day, fmt):
    written = fmt(day)
    assert parse_date_string(written) == (day.isoformat(), "day")
    found = tag_text(f"It happened on {written} in the city .", date(2100, 1, 1))
    assert [(m.text, m.value) for m in found] == [(written, day.isoformat())]


def test_text_alone_never_claims_a_day_without_a_stamp():
    article = _article("Rebels took the town on March 3 , 2011 .\nFighting went on yesterday .")
    found = infer_from_text(article)
    assert (found.value, found.precision, found.source) == ("2011-03", "month", "inferred")
    assert found.confidence < 0.7


def test_inference_from_other_articles_last_month():
    dated = _article(
        "The Security Council passed a resolution demanding an immediate ceasefire in Gaza on Monday .",
        "2024-03-26",
        id="b" * 16,
    )
    undated = _article(
        "Mediators noted the Security Council resolution demanding an immediate ceasefire in Gaza last month .",
        id="c" * 16,
    )
    out = infer_missing([dated, undated])
    assert out[0] is dated
    assert (out[1].published, out[1].published_precision, out[1].published_source) == (
        "2024-04",
        "month",
        "inferred",
    )
    assert any("2024-04" in w for w in out[1].warnings)
    assert DateIndex([dated, undated]).neighbours(undated)[0][1] == 0


def test_inference_from_shared_sentences():
    shared = (
        "Rescue crews pulled twelve miners alive from the flooded colliery shaft overnight .\n"
        "Engineers pumped floodwater from the lower galleries using borrowed diesel pumps .\n"
        "Relatives waited beside the pithead gates wrapped in blankets and drinking tea ."
    )
    dated = _article(shared + "\nThe mine reopens soon .", "2009-11-30", id="d" * 16)
    other = _article(
        "Wheat prices rose sharply at the regional grain auction .", "2009-05-02", id="e" * 16
    )
    undated = _article("Officials praised everyone involved .\n" + shared, id="f" * 16)
    out = infer_missing([dated, other, undated])
    assert (out[2].published, out[2].published_precision) == ("2009-11", "month")
    assert any("3 sentences shared" in w for w in out[2].warnings)


def test_conflict_warning_keeps_the_stated_date():
    article = _article(
        "Troops entered the city on March 3 , 2011 .\nThe council met on March 5 , 2011 .",
        "2011-05-20",
    )
    (dated,) = date_articles([article])
    assert dated.published == "2011-05-20"
    assert any("76 days after" in w for w in dated.warnings)
    assert date_articles([dated])[0].warnings == dated.warnings  # added once
    fresh = _article(
        "Troops entered the city on March 3 , 2011 .\nThe council met on March 5 , 2011 .",
        "2011-03-06",
    )
    assert conflict_warning(tag_article(fresh)) is None


# The seeds: facts from ../shared/benchmarks/seeds-expected.md, text read from the files.


def _seed(seeds, prefix: str) -> Article:
    from storyline.ingest import read_documents
    from storyline.pipeline import prepare

    (doc,) = list(read_documents([str(next(seeds.glob(f"{prefix}_*.txt")))]))
    return prepare(doc)


def _values(article: Article, text: str) -> set[str]:
    return {m.value for m in article.mentions if m.text == text}


def test_seed_weekdays_and_october_7(seeds):
    for prefix in ("000", "004"):
        article = tag_article(_seed(seeds, prefix))
        assert article.published == "2024-03-26"
        assert _values(article, "on Tuesday") == {"2024-03-26"}
        assert _values(article, "October 7") == {"2023-10-07"}
    assert _values(tag_article(_seed(seeds, "000")), "on Monday") == {"2024-03-25"}
    assert _values(tag_article(_seed(seeds, "003")), "on Tuesday") == {"2024-02-13"}


def test_seed_undated_bloomberg_article_is_april_2024(seeds):
    articles = [_seed(seeds, p) for p in ("000", "001", "002", "003", "004")]
    assert articles[1].published is None
    dated = date_articles(articles)
    bloomberg = dated[1]
    assert (bloomberg.published[:7], bloomberg.published_source) == ("2024-04", "inferred")
    assert bloomberg.published_precision in {"day", "month"}
    assert _values(bloomberg, "last month") == {"2024-03"}
    assert [a.published for a in dated[:1] + dated[2:]] == [
        a.published for a in articles[:1] + articles[2:]
    ]


def test_build_writes_the_inferred_date_back(seeds, store):
    from storyline.pipeline import build, export_document, ingest

    ingest(store, [str(seeds)])
    build(store)
    by_file = {a.path.rsplit("/", 1)[-1][:3]: a for a in store.articles()}
    bloomberg = by_file["001"]
    assert (bloomberg.published, bloomberg.published_source) == ("2024-04", "inferred")
    build(store)  # again: the same date, the note not repeated
    again = store.article(bloomberg.id)
    assert again.published == "2024-04" and again.warnings == bloomberg.warnings
    doc = export_document(store)
    article = next(a for a in doc["articles"] if a["id"] == bloomberg.id)
    last_month = [
        (s["date"], s["from_published"])
        for s in article["sentence_dates"]
        if any(m["text"] == "last month" for m in s["mentions"])
    ]
    assert last_month == [("2024-03", False)]


# -- printed bylines and timestamps (issue 13) -------------------------------------------

from storyline.dates.parse import find_stamp as find_printed  # noqa: E402
from storyline.dates.parse import read_stamp  # noqa: E402


@pytest.mark.parametrize(
    "line, day, kind",
    [
        ("Published 9:05 AM EDT, Mar 4, 2026", date(2026, 3, 4), "published"),
        ("Posted: 6 January 2027 08:15 (UTC+03:00)", date(2027, 1, 6), "published"),
        ("[April 30, 2026]", date(2026, 4, 30), "plain"),
        ("12/03/2026 07:40 GMT | Updated 12/03/2026 09:02 GMT", date(2026, 3, 12), "plain"),
        ("03/12/2026 07:40 PM EST", date(2026, 3, 12), "plain"),
        ("June 2, 2026 by Ada Quill", date(2026, 6, 2), "plain"),
        ("by The Harbour Desk July 9, 2026 4:10 PM 2 min read", date(2026, 7, 9), "plain"),
        (
            "Updated Sat 3 Oct 2026 21.10 BST First published on Sat 3 Oct 2026 08.00 BST",
            date(2026, 10, 3),
            "published",
        ),
        ("Updated: 14 May 2026", date(2026, 5, 14), "updated"),
        ("PORTVILLE, 8 May 2026 (Meridian Wire) - The council voted", date(2026, 5, 8), "opener"),
        ("STATUS: draft; PUBLISHED: 19/08/2026; DESK: City", date(2026, 8, 19), "published"),
    ],
)
def test_read_stamp(line, day, kind):
    stamp = read_stamp(line)
    assert stamp is not None and (stamp.day, stamp.kind) == (day, kind)


@pytest.mark.parametrize(
    "line",
    [
        "The council voted on May 3, 2026 after a long night of talks in the old hall.",
        "05/06/2026",  # day or month first: nothing tells, so no day is claimed
        "Updated: 10:57 am",
    ],
)
def test_read_stamp_refuses(line):
    assert read_stamp(line) is None


def test_find_stamp_prefers_the_wire_dateline_and_skips_page_chrome():
    lines = [
        "• Sunday, 14 March 2027",  # the site's "today" above the headline
        "Council backs harbour plan",
        "PORTVILLE, 8 May 2026 (Meridian Wire) - The council backed the harbour plan on "
        "Friday after a long debate about its cost and the ferry timetable.",
    ]
    assert find_printed(lines).day == date(2026, 5, 8)
    assert find_printed(lines[:2]) is None
    stale = ["March 3, 2028", "The council met on Friday, May 8, 2026, to debate the plan."]
    assert find_printed(stale) is None  # a first-line date years after the story's own dates
    assert find_printed(["April 2, 2026", "The council met on Friday, March 27, 2026."]).day == (
        date(2026, 4, 2)
    )


def test_find_stamp_stops_below_the_lead():
    body = "The council backed the harbour plan on Friday after a long debate about its cost."
    lines = [
        "Council backs plan",
        body,
        body + " More.",
        body + " Again.",
        body + " End.",
        "2026-05-02 05:00 718 views",
    ]
    assert find_printed(lines) is None


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://news.example/world/2026/03/11/council-vote", "2026-03-11"),
        ("https://news.example/news/2026/3/1/council-vote", "2026-03-01"),
        ("https://news.example/story/2026/Aug/01/council-vote", "2026-08-01"),
        ("https://wire.example/stories/202605080497.html", "2026-05-08"),
        ("https://radio.example/en/k2/1777245-20261101.htm", "2026-11-01"),
    ],
)
def test_date_from_url_forms(url, expected):
    assert date_from_url(url) == (expected, "day")


def test_date_from_url_ignores_ids_and_queries():
    assert date_from_url("https://news.example/a/1173477623/b") is None
    assert date_from_url("https://news.example/a?d=20260101") is None


def test_prepared_page_takes_its_byline_not_the_page_date():
    from storyline.model import Document
    from storyline.pipeline import prepare

    raw = (
        "• Thursday, 9 December 2027\n\nCouncil backs harbour plan\n\n"
        "By Ada Quill | Published 9:05 AM EDT, Mar 4, 2026 | Updated Mar 5, 2026\n\n"
        "The council backed the harbour plan on Tuesday after a long debate about its cost, "
        "the ferry timetable and the new breakwater."
    )
    article = prepare(Document(raw=raw, url="https://news.example/council-plan", fmt="txt"))
    assert (article.published, article.published_source) == ("2026-03-04", "dateline")
    assert "Ada Quill" not in article.text
    undated = prepare(
        Document(
            raw=raw.replace("Published 9:05 AM EDT, Mar 4, 2026 | ", ""),
            url="https://news.example/council-plan",
            fmt="txt",
        )
    )
    assert undated.published is None  # only an updated date and a page date: no day claimed
