from storyline.clean import chrome_reason, clean, strip_opener


def test_marker_line_and_opener_on_the_same_line():
    c = clean(
        " date 2025-03-04 (Meridian Wire) -- Dockworkers walked out on Tuesday.\n\nMore text here."
    )
    assert c.marker_date == "2025-03-04"
    assert c.agency == "Meridian Wire"
    assert c.text.startswith("Dockworkers walked out on Tuesday.")


def test_boilerplate_lines_are_dropped_with_reasons():
    raw = "\n".join(
        [
            "Port Talks Collapse Again",
            "Most Read from Harbour Ledger",
            "The union walked out of talks on Monday, its leader said.",
            "See also  A ferry operator raises fares. Teaser text goes on for a while here.",
            "Loading... Loading...",
            "Shipping Lines Reroute Cargo To Northern Ports",
            "The minister will meet both sides on Friday.",
            "©2025 Harbour Ledger Media Ltd. All rights reserved.",
            "Jane Roe contributed reporting to this article.",
        ]
    )
    c = clean(raw)
    assert c.title == "Port Talks Collapse Again"
    assert c.text.split("\n\n") == [
        "The union walked out of talks on Monday, its leader said.",
        "The minister will meet both sides on Friday.",
    ]
    reasons = dict(c.dropped)
    assert reasons["Most Read from Harbour Ledger"] == "link or navigation line"
    assert reasons["Loading... Loading..."] == "loading placeholder"
    assert reasons["Shipping Lines Reroute Cargo To Northern Ports"] == "headline-like link line"
    assert c.copyright_owner == "Harbour Ledger Media Ltd"


def test_site_names_dateline_and_repeated_headline():
    raw = "May 23, 2024\n\nCoastline Daily\n\nNews Hub World\n\nUnion rejects the latest offer from employers\n\nUnion rejects the latest offer from employers\n\nThe union said no on Sunday."
    c = clean(raw)
    assert c.dateline == "May 23, 2024"
    assert c.site_names == ("Coastline Daily", "News Hub World")
    assert c.title == "Union rejects the latest offer from employers"
    assert c.text == "The union said no on Sunday."


def test_a_sentence_mentioning_a_date_is_kept():
    c = clean("The strike began on March 3, 2025 and has not ended.")
    assert c.dateline is None and c.text.startswith("The strike began")


def test_opener_forms():
    assert strip_opener("CAIRO (Reuters) - Talks resumed.") == ("Talks resumed.", "Reuters")
    assert strip_opener("-LRB- CNN -RRB- -- The high expectations") == (
        "The high expectations",
        "CNN",
    )
    assert strip_opener("Officials (including two ministers) - met.")[1] is None


def test_chrome_reason_leaves_article_sentences_alone():
    assert chrome_reason("The union's leader said the offer was not enough.") is None
    assert chrome_reason("Read more: Strike enters second week") == "link or navigation line"
    assert chrome_reason("https://example.com/a/b") == "bare link or rule"


def test_bylines():
    assert chrome_reason("Coastal Courier staff") == "byline"
    assert chrome_reason("By Jane Roe and Tom Li") == "byline"
    assert chrome_reason("Jane Roe, Staff Writer") == "byline"
    assert chrome_reason("by the way he left") is None
    assert chrome_reason("The staff walked out.") is None
