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


# -- windows, digests, shared quotes (issue 13) -------------------------------------------

#: Ten paragraphs of an invented wire story; the copies below are windows of it.
_LONG_WIRE = [
    "ORLAND (Meridian Wire) -- Ferry crews on the island of Orland stopped work on "
    "April 2, 2031, after the Orland Ferry Company refused to restore a night-shift bonus "
    "it cut last winter.",
    "About 900 deckhands and engineers joined the stoppage, leaving the morning sailings to "
    "the mainland port of Brisk cancelled for the first time in a decade.",
    "The crews' association said the company had made record profits on freight and could "
    "easily afford to pay the bonus that it had promised in the last contract.",
    "Company director Elin Saar said in a written statement that the bonus had been tied to "
    "fuel prices and that the board would not reopen the agreement before autumn.",
    "Shopkeepers in the harbour town said fresh produce had stopped arriving and that bakeries "
    "would run out of flour by the weekend if the boats stayed tied up.",
    "The island council called an emergency meeting and asked the maritime mediator in Brisk "
    "to bring both sides to the table within two days.",
    "Hospital managers arranged a helicopter link for patients who need dialysis on the "
    "mainland, a service that normally travels on the first ferry of the day.",
    "The association's chairman Piet Roos said his members were ready to sail at once if the "
    "company put the bonus back into the pay packets of the night crews.",
    "Freight operators warned that lorries queuing at the Brisk terminal would be turned away "
    "from Thursday and that perishable cargo would be sold off at a loss.",
    "Talks are expected to resume on Friday at the mediator's office near the old customs "
    "house, according to officials of the island council.",
]


def _page(name, outlet, first_line, paragraphs):
    return article("\n\n".join([first_line, *paragraphs]), outlet, "2031-04-02", name)


def test_two_windows_of_one_wire_story_are_an_excerpt_with_evidence():
    from storyline.dedup import evidence

    early = _page("early", "Island Post", "Ferry crews strike on Orland", _LONG_WIRE[:7])
    late = _page("late", "Coast Radio", "Orland ferry strike: the latest", _LONG_WIRE[3:10])
    other = _page("other", "Valley Times", "Orchard harvest starts early", VOLCANO_LIKE)
    found = compare(early, late)
    assert found is not None and found[0] == "excerpt"
    copies = find_copies([early, late, other])
    assert {(c.article_id, c.kind) for c in copies} <= {(early.id, "excerpt"), (late.id, "excerpt")}
    assert len(copies) == 1
    pairs = evidence(early, late)
    # paragraphs 4-7 of the wire story are in both: each pairs with its own copy
    texts = [
        (early.sentences[p["sentence"]].text, late.sentences[p["copy_of_sentence"]].text)
        for p in pairs
    ]
    assert len(texts) == 4 and all(a == b for a, b in texts)
    assert all(p["similarity"] == 1.0 for p in pairs)


#: An unrelated invented report, for a distractor.
VOLCANO_LIKE = [
    "Apple growers in the Lorn valley began picking on August 3, 2031, two weeks earlier "
    "than usual after a warm and dry summer across the region.",
    "The growers' cooperative said the crop was smaller than last year but the fruit was "
    "sweeter, and prices at the Lorn market rose by a tenth on the first day.",
    "Seasonal pickers arrived from the coast on buses chartered by the cooperative, which "
    "said it still needed about 200 more hands for the late varieties.",
]

_STATEMENT = (
    '"We will not sail until the night crews are paid what they were promised in the '
    'contract signed two years ago," the association said in a statement on Sunday.'
)
_STATEMENT_2 = (
    '"The company has had every chance to settle this and has chosen to leave the island '
    'without its boats," the statement added, calling for the mediator to step in.'
)


def test_own_reports_quoting_one_statement_are_not_copies():
    first = article(
        "\n\n".join(
            [
                "Orland ferries idle for a second day",
                "Ferries to Orland stayed in port for a second day on April 3, 2031, as "
                "the crews' strike over a cancelled bonus went on without talks.",
                _STATEMENT,
                _STATEMENT_2,
                "Queues of lorries stretched along the coast road at Brisk, where drivers "
                "said they had been waiting since dawn for news of a sailing.",
                "The island's only hospital said it had enough medicine for a week.",
            ]
        ),
        "Island Post",
        "2031-04-03",
        "first",
    )
    second = article(
        "\n\n".join(
            [
                "Strikers on Orland dig in as company stays silent",
                "Striking ferry crews on Orland vowed on Monday to stay out until their "
                "employer restores a bonus, with no negotiations yet scheduled.",
                _STATEMENT,
                _STATEMENT_2,
                "The Orland Ferry Company did not answer calls from this newspaper on "
                "Monday, and its offices at the harbour were closed.",
                "Islanders formed long lines at the only petrol station still open.",
            ]
        ),
        "Mainland Courier",
        "2031-04-03",
        "second",
    )
    assert compare(first, second) is None


def test_a_short_summary_of_a_longer_report_is_a_digest():
    digest = article(
        "\n\n".join(
            [
                "Orland ferry crews walk out",
                "Ferry crews on Orland stopped work on April 2, 2031, after the Orland Ferry "
                "Company refused to restore the night-shift bonus it cut last winter, "
                "Meridian Wire reports.",
                "About 900 deckhands and engineers joined the stoppage, and the morning "
                "sailings to the mainland port of Brisk were cancelled for the first time.",
                "Company director Elin Saar said the bonus had been tied to fuel prices and "
                "that the board would not reopen the agreement before the autumn.",
            ]
        ),
        "Daily Brief",
        "2031-04-02",
        "digest",
    )
    full = _page("full", "Island Post", "Ferry crews strike on Orland", _LONG_WIRE)
    assert compare(digest, full)[0] == "digest"


def test_quoted_share():
    from storyline.dedup import quoted_share

    assert quoted_share('"We will stay out," he said.') > 0.5
    assert quoted_share("The crews stayed out on Monday.") == 0.0
    assert quoted_share("“We will not move an inch") > 0.9  # a quotation running on
