"""Actor mentions in one article's sentences, read in order (``Resolver``).

Names and surnames of the story's actor index (``storyline.actors``), "Israeli
officials" (a demonym with a collective noun), "Netanyahu's office", "his office",
group descriptions ("the movement") and pronouns ("he", "they") resolved to the
salient person or the latest group. Written by hand: spaCy's pipelines have no
coreference for these.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .actors import (
    COLLECTIVE_NOUNS,
    GROUP_DESCRIPTORS,
    LOCATIVE,
    OFFICE,
    STATE_ALIASES,
    ActorIndex,
    slug,
    state_name,
)


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    actor: str
    kind: str  # "name" | "collective" | "office" | "descriptor" | "pronoun" | "place"


_COLLECTIVE = re.compile(
    rf"\b(?:the\s+)?(?P<dem>[A-Z][a-z]+|U\.S\.|US)(?:'s|’s)?\s+(?:{COLLECTIVE_NOUNS})\b"
)
_MEMBERS = re.compile(rf"\s+(?:{COLLECTIVE_NOUNS}|political leadership)\b")
_NAMED_OFFICE = re.compile(
    r"(?:'s|’s)\s+(?:office|government|spokes(?:man|woman|person)|cabinet)\b"
)
_AFTER_PREPOSITION = re.compile(
    r"\b(?:with|to|by|from|of|on|against|about|for)\s+(?:\w+\s+){0,4}$", re.I
)
_PRONOUN = re.compile(r"\b(?:[Hh]e|[Ss]he|[Hh]is|[Hh]er)\b")
_SHORT_STATES = re.compile(r"(?<![\w.])(?:U\.S\.|US|USA|UK)(?![\w])")
_THEY = re.compile(r"^(?:They|They’ve|They've)\b")


@dataclass
class Resolver:
    """Resolves actor mentions in one article's sentences, read in order.

    A pronoun goes to the salient person: the first person named (not inside a
    prepositional phrase) earlier in the same sentence, else the first person
    of the latest sentence that named one. A group description ("the
    movement") goes to the latest group named.
    """

    index: ActorIndex
    salient_person: str | None = None
    last_group: str | None = None
    last_officials: str | None = None  # who "the officials" are (the latest "Israeli officials")
    seen_groups: set[str] = field(default_factory=set)

    def mentions(self, text: str) -> list[Mention]:
        """Actor mentions in one sentence, in order; updates the antecedents afterwards."""
        found: list[Mention] = []

        def free(s: int, e: int) -> bool:
            return all(e <= m.start or s >= m.end for m in found)

        def put(s: int, e: int, actor: str | None, kind: str) -> None:
            if actor and free(s, e) and actor in self.index.actors:
                found.append(Mention(s, e, actor, kind))

        for m in _COLLECTIVE.finditer(text):
            state = state_name(m.group("dem"))
            if state:
                put(m.start(), m.end(), slug(state), "collective")
        for m in self.index.finditer(text):
            surface = m.group(0)
            actor = self.index.lookup(surface)
            if not actor:
                continue
            kind, end = "name", m.end()
            if self.index.actors[actor].type == "state" and (
                LOCATIVE.search(text[max(0, m.start() - 20) : m.start()])
                or re.match(r"\s+(?:Strip|City)\b", text[end:])
            ):
                kind = "place"
            elif surface.endswith(("'s", "’s")) and (office := _NAMED_OFFICE.match(text, end - 2)):
                kind, end = "office", office.end()
            elif members := _MEMBERS.match(text, end):
                kind, end = "collective", members.end()
            put(m.start(), end, actor, kind)
        for m in _SHORT_STATES.finditer(text):
            state = STATE_ALIASES.get(m.group(0).lower())
            if state:
                locative = LOCATIVE.search(text[max(0, m.start() - 20) : m.start()])
                put(m.start(), m.end(), slug(state), "place" if locative else "name")
        first_person = self._first_person(text, found)
        for m in OFFICE.finditer(text):
            put(m.start(), m.end(), first_person(m.start(), in_quotes=True), "office")
        for m in GROUP_DESCRIPTORS.finditer(text):
            put(m.start(), m.end(), self._group_before(found, m.start()), "descriptor")
        for m in _PRONOUN.finditer(text):
            put(m.start(), m.end(), first_person(m.start()), "pronoun")
        if (they := _THEY.match(text)) and self.last_group:
            put(they.start(), they.end(), self.last_group, "pronoun")
        found.sort(key=lambda x: x.start)
        people = [
            x
            for x in found
            if self.index.actors[x.actor].type == "person"
            and x.kind in {"name", "pronoun"}
            and not _AFTER_PREPOSITION.search(text[: x.start])
        ]
        if people:
            self.salient_person = people[0].actor
        groups = [x for x in found if self.index.actors[x.actor].type == "group"]
        if groups:
            self.last_group = groups[-1].actor
            self.seen_groups.update(g.actor for g in groups if g.kind != "descriptor")
        officials = [
            x
            for x in found
            if x.kind == "collective" and "official" in text[x.start : x.end].lower()
        ]
        if officials:
            self.last_officials = officials[-1].actor
        return found

    def _first_person(self, text: str, found: list[Mention]):
        def quoted(pos: int) -> bool:
            return text.count("“", 0, pos) > text.count("”", 0, pos)

        def at(pos: int, in_quotes: bool = False) -> str | None:
            for mention in sorted(found, key=lambda x: x.start):
                if mention.start >= pos:
                    break
                if (
                    self.index.actors[mention.actor].type == "person"
                    and not _AFTER_PREPOSITION.search(text[: mention.start])
                    and (in_quotes or not quoted(mention.start))
                ):
                    return mention.actor
            return self.salient_person

        return at

    def _group_before(self, found: list[Mention], pos: int) -> str | None:
        """The group a description refers to: of the groups named so far in the
        article (and earlier in this sentence), the one the story names most."""
        seen = set(self.seen_groups)
        seen |= {
            m.actor for m in found if m.start < pos and self.index.actors[m.actor].type == "group"
        }
        if not seen:
            return None
        return max(sorted(seen), key=lambda g: self.index.counts.get(g, 0))
