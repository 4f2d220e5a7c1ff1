from storyline.sentences import split_sentences


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


def test_titles_months_and_acronyms_do_not_end_sentences():
    assert texts(
        "Mr. Vance met the U.S. envoy on Oct. 7 in Washington. He left at 4 p.m. Tuesday."
    ) == [
        "Mr. Vance met the U.S. envoy on Oct. 7 in Washington.",
        "He left at 4 p.m. Tuesday.",
    ]


def test_acronym_before_a_sentence_starter_ends_the_sentence():
    assert texts("Talks moved to the U.S. The envoy flew in.") == [
        "Talks moved to the U.S.",
        "The envoy flew in.",
    ]


def test_initials_and_decimals():
    assert texts("Joe R. Biden spoke. Prices rose 3.5 percent.") == [
        "Joe R. Biden spoke.",
        "Prices rose 3.5 percent.",
    ]


def test_quotes_stay_with_their_sentence():
    assert texts('“We will not sign,” she said. He answered: "Then we wait." Talks ended.') == [
        "“We will not sign,” she said.",
        'He answered: "Then we wait."',
        "Talks ended.",
    ]
    assert texts('"Really?" he asked. Yes.') == ['"Really?" he asked.', "Yes."]


def test_lines_are_paragraphs_and_offsets_point_into_the_text():
    text = "First line without stop\n\nSecond paragraph. Third sentence."
    sentences = split_sentences(text)
    assert [s.paragraph for s in sentences] == [0, 1, 1]
    for s in sentences:
        assert text[s.start : s.end] == s.text
    assert [s.index for s in sentences] == [0, 1, 2]
