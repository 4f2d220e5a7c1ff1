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


# -- page furniture by shape (issue 13): invented lines ----------------------------------

import pytest  # noqa: E402

from storyline.clean import furniture_reason, unglue_navigation  # noqa: E402


@pytest.mark.parametrize(
    "line, reason",
    [
        ("4 View gallery", "gallery counter"),
        ("3 / 12", "gallery counter"),
        ("Skip to main contentSkip to navigationSkip to footer", "skip link"),
        ("Skip Instagram post by @harbourdesk", "skip link"),
        ("We use cookies to give you a better experience. Accept all", "cookie or consent notice"),
        (
            "By clicking Agree you consent to our use of cookies and similar tech.",
            "cookie or consent notice",
        ),
        (
            "By signing up you agree to the Harbour Post Terms of Service and Privacy Policy.",
            "cookie or consent notice",
        ),
        ("-3°C Cloudy", "widget or button"),
        ("14°F", "widget or button"),
        ("Whatsapp", "widget or button"),
        ("Live updates", "live-blog or page header"),
        ("This story is more than 2 years old", "live-blog or page header"),
        ("4 min read", "live-blog or page header"),
        ("Get our Morning Tide newsletter in your inbox, sign up now", "newsletter box"),
        ("ANNA KOVAC/AFP via Getty Images", "photo credit"),
        ("(Image: Harbour Press)", "photo credit"),
        (
            "Dockers rally outside the terminal gate on Monday. (AP Photo/Ilse Varga)",
            "photo caption",
        ),
        (
            "The mayor of Velmora greets crews at the quay. Photo: Tomas Brekke/Getty Images",
            "photo caption",
        ),
        ("Ferries at anchor off the breakwater (file photo).", "photo caption"),
        ('<div class="ad-slot" data-size="300x250">', "markup"),
        ("• Weather", "navigation list item"),
    ],
)
def test_furniture_lines_by_shape(line, reason):
    assert furniture_reason(line) == reason


@pytest.mark.parametrize(
    "line",
    [
        "The union said the ferries would sail again on Friday if the bonus is restored.",
        '"We want the night crews paid," the chairman said, facing photographers at the quay.',
        "The company's photo archive shows the old terminal before the fire of 1998.",
        "• Restore the night-shift bonus for all crews from the first of May.",
        "Temperatures fell to 3°C overnight, but the pickets stayed at the gate until dawn.",
    ],
)
def test_article_lines_are_not_furniture(line):
    assert furniture_reason(line) is None


def test_section_name_glued_to_the_lead_is_cut_but_real_words_stay():
    assert unglue_navigation("WorldThe ferry crews of Orland stopped work.") == (
        "The ferry crews of Orland stopped work.",
        "World",
    )
    assert unglue_navigation("Newsom told reporters on Monday.") == (
        "Newsom told reporters on Monday.",
        None,
    )
    assert unglue_navigation("Business leaders met on Monday.")[1] is None


def test_furniture_is_dropped_with_its_reason_and_the_raw_kept():
    raw = (
        "Skip to main content\n\nFerry crews strike on Orland\n\n2 View gallery\n\n"
        "Ferries at anchor off the breakwater (file photo).\n\n"
        "NewsFerry crews on Orland stopped work on April 2, 2031, after the company refused "
        "to restore a bonus.\n\nThe crews' association said the company could afford it.\n\n"
        "We use cookies to improve this site. Accept or manage settings"
    )
    cleaned = clean(raw)
    assert cleaned.text.startswith("Ferry crews on Orland stopped work")
    assert "gallery" not in cleaned.text and "cookies" not in cleaned.text
    reasons = {reason for _line, reason in cleaned.dropped}
    assert {"skip link", "gallery counter", "photo caption", "glued navigation word"} <= reasons


def test_markdown_marks_are_cut_from_titles_and_text():
    from storyline.clean import strip_markdown

    # Invented: an export that wraps its headline in strong emphasis and a heading mark.
    raw = (
        "**Ferry Operator Withdraws Offer After Night Talks**\n\n"
        "The ferry operator withdrew its offer on Tuesday after talks with the **crew union** "
        "broke down.\n\nCrossings stay suspended, a spokeswoman said."
    )
    cleaned = clean(raw)
    assert cleaned.title == "Ferry Operator Withdraws Offer After Night Talks"
    assert "**" not in cleaned.text and "the crew union broke down" in cleaned.text
    assert strip_markdown("## Talks resume") == "Talks resume"
    # Not emphasis: a lone asterisk, a product code, a footnote mark.
    for text in ("Required fields are marked *", "model A__B__C", "rates rose 2%*"):
        assert strip_markdown(text) == text


@pytest.mark.parametrize(
    "line", ["Press release", "PRESS RELEASE:", "News Release", "Breaking news"]
)
def test_generic_page_labels_are_no_title(line):
    c = clean(f"{line}\n\nThe ferry union accepted the offer on Monday, its chairman said.")
    assert c.title is None
    assert dict(c.dropped)[line] == "generic page title"
    assert c.text == "The ferry union accepted the offer on Monday, its chairman said."
    # A page whose stated title is a label gets none either; a real title stays.
    assert clean("The union accepted the offer.", title=line).title is None
    assert clean("The union accepted.", title="Union accepts release terms").title == (
        "Union accepts release terms"
    )


def test_a_page_label_around_a_title_is_cut():
    body = "\n\nThe ferry union accepted the offer on Monday, its chairman said."
    assert clean("Press release: Ferry union accepts offer" + body).title == (
        "Ferry union accepts offer"
    )
    assert clean("x.", title="Ferry union accepts offer | News Release").title == (
        "Ferry union accepts offer"
    )
    assert clean("x.", title="Statement of the union on the strike").title == (
        "Statement of the union on the strike"
    )


def test_a_blog_category_and_tag_line_is_furniture_not_the_title():
    tags = "Posted in: Harbour, Labour | Tagged: ferry union, strike"
    c = clean(
        f"Ferry Union Accepts Offer\n\n{tags}\n\n"
        "The ferry union accepted the offer on Monday, its chairman said."
    )
    assert c.title == "Ferry Union Accepts Offer"
    assert dict(c.dropped)[tags] == "category or tag line"
    assert "Tagged" not in c.text
    # A sentence that only begins with such a word is kept.
    assert furniture_reason("Categories of workers were named in the offer.") is None


def test_a_headline_ending_in_a_quote_is_the_title_not_a_tagline_above_it():
    cleaned = clean(
        "sharp words\n\n"
        "Harbour Board Says Dockers Can “Wait Until Winter”\n\n"
        "The harbour board said on Monday that it would not reopen talks."
    )
    assert cleaned.title == "Harbour Board Says Dockers Can “Wait Until Winter”"
    assert cleaned.text == "The harbour board said on Monday that it would not reopen talks."


def test_a_quoted_sentence_is_still_body_text():
    cleaned = clean("Harbour talks\n\nThe board said the dockers can “wait until winter.”")
    assert cleaned.text == "The board said the dockers can “wait until winter.”"


def test_a_short_lower_case_tag_above_the_text_is_no_title():
    cleaned = clean(
        "harbour strike\n"
        "Dockers leave the harbour gates (Picture: Harbour Times)\n\n"
        "The harbour board said on Monday that it would not reopen talks."
    )
    assert cleaned.title is None
    assert ("harbour strike", "lower-case tag line") in cleaned.dropped


def test_a_title_case_place_and_an_agency_in_capitals_open_the_article():
    cleaned = clean(
        "Harbour talks resume\n\n"
        "The board will meet again.\n\n"
        "Porto Alto (HNA): The harbour board agreed on Monday to reopen talks.\n\n"
        "Harbour Greens (HG): the party said it would not take part."
    )
    assert cleaned.agency == "HNA"
    assert cleaned.text.split("\n\n")[1] == "The harbour board agreed on Monday to reopen talks."
    assert cleaned.text.endswith("Harbour Greens (HG): the party said it would not take part.")


def test_a_name_and_its_acronym_before_a_colon_are_no_opener():
    assert strip_opener("Harbour Greens (HG): the party said no.", first=True) == (
        "Harbour Greens (HG): the party said no.",
        None,
    )


def test_a_sites_appeal_for_money_is_furniture_even_glued_to_the_lead():
    cleaned = clean(
        "Harbour board reopens talks\n"
        "Your support keeps us on the quay\n"
        "From tides to tariffs, the Harbour Times is there when the story breaks.\n"
        "We refuse to lock readers out with paywalls: independent journalism is for everyone.\n"
        "Your support makes all the difference.The harbour board agreed on Monday to reopen talks."
    )
    assert cleaned.text == "The harbour board agreed on Monday to reopen talks."
    assert [reason for _, reason in cleaned.dropped].count("reader appeal") == 4


def test_a_sentence_about_donations_or_support_stays():
    text = (
        "The union thanked members for their donations.\n\nYour support was vital, she told them."
    )
    assert clean("Harbour talks\n\n" + text).text == text
