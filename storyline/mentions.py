"""Actor mentions in one article's sentences, read in order (``Resolver``).

Names and surnames of the story's actor index (``storyline.actors``), "Israeli
officials" (a demonym with a collective noun), "Netanyahu's office", "his office",
group descriptions ("the movement") and pronouns ("he", "they") resolved to the
salient person or the latest group. Written by hand: spaCy's pipelines have no
coreference for these.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from .actors import (
    COLLECTIVE_NOUNS,
    GROUP_DESCRIPTORS,
    LOCATIVE,
    MEMBERS,
    OFFICE,
    STATE_ALIASES,
    ActorIndex,
    slug,
    state_name,
    trie_regex,
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
#: What follows a capital that holds a stance ("Moscow rejected", "Riyadh and Washington
#: said", "Kyiv has denied", "Moscow's demands"); anything else makes it a place.
_HOLDS = re.compile(
    r"^(?:['’]s\s|(?:\s*(?:,|and|&)\s+(?:the\s+)?[A-Z][\w.'’-]*(?:\s+[A-Z][\w.-]*)*)*\s+"
    r"(?:(?:has|have|had|will|would|could|can|may|might|must|should|did|does|do|also|again|"
    r"still|then|now|not|never|already|reportedly|repeatedly|swiftly|quickly|firmly)\s+)*"
    r"(?:(?:is|was|are|were|been)\s+\w+ing|said|says|say|told|tells|\w{3,}ed|insists?|wants?|"
    r"urges?|warns?|rejects?|accepts?|demands?|refuses?|proposes?|offers?|denies|threatens?|"
    r"agrees?|opposes?|backs?|calls?|seeks?|hopes?|believes?|argues?|claims?|accuses?|blames?|"
    r"vows?|pledges?|announces?|condemns?|welcomes?|responds?|sees?|views?|considers?))\b"
)
#: After a capital: it is a place ("Washington, D.C.", "Washington state", "Kyiv-based").
_PLACE_AFTER = re.compile(r"^(?:,?\s*D\.?C\.?|\s+[Ss]tate\b|-based|\s+based\b|\s+(?:Post|Times)\b)")
#: Descriptions resolved to a named actor of the article: "the company" (the latest
#: named group that is no body of members or state), "the country", "the government"
#: (the latest state named), "the military" (the army named), a title ("the Prime
#: Minister": the latest person with that role), "workers" / "members" (the union).
_NOMINAL = re.compile(
    r"\b(?:[Tt]he\s+(?P<kind>company|firm|country|nation|government|military|army|[Uu]nion|"
    r"[Gg]uild|(?P<house>House|Senate|Commons|Parliament|Congress|Assembly)|"
    r"(?P<title>(?:[A-Z][a-z]+\s+)?(?:[Pp]rime [Mm]inister|[Pp]resident|[Ss]ecretary|"
    r"[Cc]hancellor|[Ss]peaker|[Pp]remier|[Mm]inister|[Gg]overnor|[Mm]ayor|Taoiseach|Emir)))"
    r"(?:['’]s)?(?:\s+(?:\d[\d,.]*\s+)?(?:members|leaders|leadership|negotiators|officials|board))?|"
    r"(?P<unionish>[Uu]nion|[Gg]uild)\s+(?:leaders?|leadership|officials|negotiators|members)|"
    r"(?P<plural>(?:[Ww]orkers|[Mm]embers|[Ee]mployees|[Ss]trikers)(?!\s+of\b)))\b"
)
#: A title right before a person's name, whatever its case ("TAOISEACH Leo Varadkar").
_TITLE_BEFORE = re.compile(
    r"(?<![\w-])(?:taoiseach|president|prime minister|premier|chancellor|minister|secretary|"
    r"senator|sen\.|rep\.|speaker|governor|mayor|ambassador|envoy|king|queen|emir)\s+$",
    re.IGNORECASE,
)
#: Between a title and the name it introduces ("the president of the Commission, X").
_TITLE_THEN_NAME = re.compile(
    r"^(?:\s+of\s+(?:the\s+)?[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)*)?,?\s*$"
)
_HIS_PARTY = re.compile(r"\b(?:[Hh]is|[Hh]er)\s+(?:party|caucus|conference|faction|members)\b")
_UNION = re.compile(r"\b(?:union|guild)\b", re.IGNORECASE)
_ARMY = re.compile(r"\b(?:army|military|armed forces)\b", re.IGNORECASE)
#: What may come before a bare "workers" / "members" (nothing, or a determiner).
_BARE_BEFORE = re.compile(
    r"(?:^|[^\w\s]\s*|\b(?:[Tt]he|[Ii]ts|[Tt]heir|[Uu]nion|[Ss]triking|\d[\d,.]*(?:-plus)?|thousands|"
    r"hundreds)\s+)$"
)
#: Words of a group that is a body of members or of a state, not a company.
_NOT_COMPANY = re.compile(
    r"\b(?:union|guild|association|federation|party|council|committee|ministry|government|"
    r"forces?|army|military|nations|court|parliament|house|senate|congress|assembly|"
    r"alliance|league|coalition|movement|front|brigades?|department|agency|commission|"
    r"bank|fund|organi[sz]ation|office|administration|workers|members|union)\b",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=64)  # a bound, not tuned: stories of one build share a few
def _capital_pattern(capitals: frozenset[str]) -> re.Pattern[str] | None:
    """A trie regex of the capitals a story names (only those: a story names a few, and a
    pattern of every capital of the lexicon costs more than the rest of the resolver)."""
    if not capitals:
        return None
    return re.compile(rf"(?<![\w-])(?:{trie_regex(capitals)})(?![\w-])", re.IGNORECASE)


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
    last_seen: dict[str, int] = field(default_factory=dict)  # actor -> latest sentence named
    read: int = 0  # sentences read so far

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
            named = self.index.lookup(m.group(0))  # "the Sudanese Army": the body it names
            if named and self.index.actors[named].type != "state":
                put(m.start(), m.end(), named, "name")
            elif state:
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
            start = m.start()
            if self.index.actors[actor].type == "person" and (
                titled := _TITLE_BEFORE.search(text[max(0, start - 40) : start])
            ):
                start -= len(titled.group(0))  # "TAOISEACH Leo Varadkar": the title is his
                found[:] = [x for x in found if x.end <= start or not self._generic(x.actor)]
            put(start, end, actor, kind)
        self._capitals(text, put)
        for m in _SHORT_STATES.finditer(text):
            state = STATE_ALIASES.get(m.group(0).lower())
            if state:
                locative = LOCATIVE.search(text[max(0, m.start() - 20) : m.start()])
                put(m.start(), m.end(), slug(state), "place" if locative else "name")
        first_person = self._first_person(text, found)
        for m in OFFICE.finditer(text):
            put(m.start(), m.end(), first_person(m.start(), in_quotes=True), "office")
        for m in _HIS_PARTY.finditer(text):  # "McCarthy and his caucus": the body he is of
            person = first_person(m.start())
            side = self.index.side(person)
            if (
                side != person
                and side in self.index.actors
                and self.index.actors[side].type == "group"
            ):
                put(m.start(), m.end(), side, "office")
        for m in GROUP_DESCRIPTORS.finditer(text):
            put(m.start(), m.end(), self._group_before(found, m.start()), "descriptor")
        for m in _NOMINAL.finditer(text):
            if m.group("plural") and not _BARE_BEFORE.search(text[: m.start()]):
                continue  # "Boeing workers", "Labour members": a body of their own
            actor = self._nominal(m, found, text)
            if actor:  # a named actor outranks a generic one read earlier ("Union" -> the guild)
                found[:] = [
                    x
                    for x in found
                    if x.end <= m.start() or x.start >= m.end() or not self._generic(x.actor)
                ]
            put(m.start(), m.end(), actor, "descriptor")
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
        self.read += 1
        for x in found:
            if x.kind != "place":
                self.last_seen[x.actor] = self.read
        return found

    def _capitals(self, text: str, put) -> None:
        """A capital the story names: its state when it holds a stance, else a place."""
        pattern = _capital_pattern(frozenset(self.index.capitals))
        for m in pattern.finditer(text) if pattern else ():
            state = self.index.capitals.get(m.group(0).lower())
            if not state:
                continue
            after, before = text[m.end() :], text[max(0, m.start() - 20) : m.start()]
            dateline = m.group(0).isupper() and len(m.group(0)) > 3
            holds = (
                _HOLDS.match(after)
                and not _PLACE_AFTER.match(after)
                and not LOCATIVE.search(before)
                and not re.search(r"\b[Tt]he\s+$", before)
                and not dateline
            )
            put(m.start(), m.end(), state, "name" if holds else "place")

    def _latest(self, found: list[Mention], pos: int, keep) -> str | None:
        """The actor ``keep`` accepts that was named latest: earlier in this sentence, else
        in the sentences before."""
        here = [m.actor for m in found if m.end <= pos and m.kind != "place" and keep(m.actor)]
        if here:
            return here[-1]
        before = [a for a in self.last_seen if a in self.index.actors and keep(a)]
        return max(before, key=lambda a: self.last_seen[a]) if before else None

    def _generic(self, actor: str) -> bool:
        """A nominal actor, or one whose name is a single common word ("Government")."""
        name = self.index.actors[actor].name
        return actor in self.index.nominal or (" " not in name and name[1:].islower())

    def _nominal(self, m: re.Match[str], found: list[Mention], text: str = "") -> str | None:
        actors = self.index.actors
        kind = (m.group("kind") or "").lower()
        if m.group("house"):  # "the House": the one chamber the story names with that word
            word = m.group("house").lower()
            return self._only(
                lambda a: (
                    actors[a].type == "group"
                    and len(actors[a].name.split()) > 1
                    and word in actors[a].name.lower().split()
                    and actors[a].name.split()[-1].lower().rstrip("s") not in MEMBERS
                )
            )
        if m.group("plural") or m.group("unionish") or kind in {"union", "guild"}:
            return self._only(
                lambda a: (
                    actors[a].type == "group"
                    and any(_UNION.search(n) for n in (actors[a].name, *actors[a].aliases))
                )
            )
        if m.group("title"):
            last = m.group("title").lower().split()[-1]
            for x in found:  # "the president of the Commission, Jean Dupont": the one named
                if (
                    x.start >= m.end()
                    and actors[x.actor].type == "person"
                    and _TITLE_THEN_NAME.match(text[m.end() : x.start])
                ):
                    return x.actor
            return self._latest(
                found,
                m.start(),
                lambda a: actors[a].type == "person" and (actors[a].role or "").endswith(last),
            )
        if kind in {"company", "firm"}:

            def company(a: str) -> bool:
                return actors[a].type == "group" and not _NOT_COMPANY.search(actors[a].name)

            return self._latest(found, m.start(), company) or self._only(company)
        if kind in {"military", "army"}:

            def military(a: str) -> bool:
                return actors[a].type == "group" and _ARMY.search(actors[a].name) is not None

            return self._latest(found, m.start(), military) or self._only(military)
        return self._latest(found, m.start(), lambda a: actors[a].type == "state")

    def _only(self, keep) -> str | None:
        """The one named (not nominal) actor of the story that ``keep`` accepts."""
        ids = [a for a in self.index.actors if not self._generic(a) and keep(a)]
        return ids[0] if len(ids) == 1 else None

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
