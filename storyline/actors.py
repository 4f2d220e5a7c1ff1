"""Actors: named entities merged into canonical people, organisations, states and groups.

spaCy's entity recogniser (``storyline.nlp``) discovers names, but only on
the sentences the later stages need; everything else here is written by hand
because no maintained library does this merging for news text:

- name variants: "Benjamin Netanyahu", "Netanyahu", "Mr. Netanyahu" share a
  surname and become one person;
- offices and spokespeople: "Netanyahu's office", "his office" -> Netanyahu;
  people get an affiliation from the words around them ("Israeli Prime
  Minister ...", "..., a senior Hamas official") so that Netanyahu -> Israel;
- collective sides: "Israeli officials", "the Israeli delegation" -> Israel
  (a demonym table);
- descriptive references: "the Islamist group", "the movement" -> the most
  recently mentioned group;
- pronouns ("He said") -> the most recently mentioned person.

``ActorIndex`` is built once per story (``build_index``) and then resolves
mentions sentence by sentence (``Resolver``), in reading order.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .model import Actor

#: Demonyms and short forms that name a state ("Israeli officials" -> Israel).
DEMONYMS = {
    "israeli": "Israel",
    "israel's": "Israel",
    "qatari": "Qatar",
    "egyptian": "Egypt",
    "american": "United States",
    "u.s.": "United States",
    "us": "United States",
    "iranian": "Iran",
    "palestinian": "Palestinians",
    "russian": "Russia",
    "ukrainian": "Ukraine",
    "chinese": "China",
    "british": "United Kingdom",
    "french": "France",
    "german": "Germany",
    "turkish": "Turkey",
    "saudi": "Saudi Arabia",
    "jordanian": "Jordan",
    "lebanese": "Lebanon",
    "syrian": "Syria",
    "iraqi": "Iraq",
    "libyan": "Libya",
    "swedish": "Sweden",
    "norwegian": "Norway",
    "danish": "Denmark",
    "finnish": "Finland",
    "dutch": "Netherlands",
    "belgian": "Belgium",
    "spanish": "Spain",
    "italian": "Italy",
    "polish": "Poland",
    "greek": "Greece",
    "indian": "India",
    "pakistani": "Pakistan",
    "afghan": "Afghanistan",
    "japanese": "Japan",
    "korean": "Korea",
    "canadian": "Canada",
    "mexican": "Mexico",
    "brazilian": "Brazil",
    "australian": "Australia",
    "emirati": "United Arab Emirates",
    "yemeni": "Yemen",
    "sudanese": "Sudan",
    "ethiopian": "Ethiopia",
    "nigerian": "Nigeria",
    "venezuelan": "Venezuela",
    "cuban": "Cuba",
    "tunisian": "Tunisia",
    "moroccan": "Morocco",
    "algerian": "Algeria",
    "bahraini": "Bahrain",
    "kuwaiti": "Kuwait",
    "omani": "Oman",
}

#: Other names of a state (lower case) -> canonical name.
STATE_ALIASES = {
    "us": "United States",
    "u.s.": "United States",
    "u.s": "United States",
    "usa": "United States",
    "the united states": "United States",
    "united states": "United States",
    "america": "United States",
    "uk": "United Kingdom",
    "britain": "United Kingdom",
}

#: Institutions that speak for a state: (words, canonical name, state, type).
INSTITUTIONS = (
    ("white house", "White House", "United States", "organisation"),
    ("biden administration", "Biden administration", "United States", "organisation"),
    ("state department", "State Department", "United States", "organisation"),
    ("pentagon", "Pentagon", "United States", "organisation"),
    ("idf", "Israel Defense Forces", "Israel", "organisation"),
    ("israel defense forces", "Israel Defense Forces", "Israel", "organisation"),
    ("mossad", "Mossad", "Israel", "organisation"),
    ("kremlin", "Kremlin", "Russia", "organisation"),
)

#: Nouns that make "<demonym> <noun>" a collective reference to a state's side.
COLLECTIVE_NOUNS = (
    r"officials?|government|delegation|negotiators?|army|military|forces|troops|cabinet|"
    r"authorities|leaders?|leadership|side|prime minister|president|foreign ministry|"
    r"war cabinet|security cabinet|spokesm[ae]n|diplomats?"
)

#: Members of a body: "Tory MPs" and "MPs", "Senate Democrats" and "Democrats" stay apart.
MEMBERS = frozenset(
    "mp democrat republican conservative liberal tory senator lawmaker member worker "
    "official legislator".split()
)

#: Descriptions that refer back to the most recent group ("the Islamist group").
GROUP_DESCRIPTORS = re.compile(
    r"\b(?:[Tt]he|[Tt]his)\s+(?:[A-Z]?[a-z]+-backed\s+|[Ii]slamist\s+|militant\s+|[Pp]alestinian\s+|"
    r"terrorist\s+|armed\s+)*(?:group|movement|organi[sz]ation|militants)\b"
)
OFFICE = re.compile(r"\b(?:[Hh]is|[Hh]er)\s+(?:office|government|spokes(?:man|woman|person))\b")

#: Honorifics and offices stripped from person names ("Mr. Netanyahu").
TITLES = re.compile(
    r"^(?:(?:Mr|Mrs|Ms|Dr|Prof|Gen|Sen|Rep|Gov|Lt|Col|Sheikh|Sheik|King|Queen|Prince|"
    r"President|Prime Minister|Premier|Minister|Foreign Minister|Defense Minister|Secretary|"
    r"Secretary of State|Director|Chief|Ambassador|Envoy|Speaker|Chancellor|CIA Director|"
    r"Vice President|Senator|Representative|Judge|Justice|General|Admiral)\.?\s+)+"
)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")

#: Words before or in apposition to a person that tell their role.
ROLE_WORDS = re.compile(
    r"\b(prime minister|vice president|president|foreign minister|strategic affairs minister|"
    r"(?:\w+ )?minister|national security adviser|political leader|leader|spokes(?:man|woman|person)|"
    r"senior [A-Z]?\w+ official|official|chief negotiator|chief (?:executive|operating) officer|"
    r"(?:deputy )?general secretary|director|chief|head|envoy|ambassador|secretary)\b",
    re.IGNORECASE,
)

_NOT_A_NAME = re.compile(r"\b(?:I|We|You|He|She|They|It|Reply|Posted)\b")

ENTITY_TYPES = {"PERSON": "person", "ORG": "group", "GPE": "state", "NORP": "state"}

#: Prepositions that make a place name a location rather than an actor ("talks in Cairo").
_LOCATIVE = re.compile(
    r"\b(?:in|into|from|to|at|near|across|over|throughout|of|toward|towards)\s+(?:the\s+)?$", re.I
)


def slug(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "actor"


def clean_name(text: str) -> str:
    """A name without honorifics, leading articles, possessives and spare spaces."""
    text = " ".join(text.replace("’", "'").split())
    text = re.sub(r"^(?:the|The)\s+", "", text)
    text = re.sub(r"^U\.?N\.?\s+|^United Nations\s+\(UN\)\s+", "United Nations ", text)
    text = _POSSESSIVE.sub("", text).strip()
    text = re.sub(r"^(.+?)\s+[-–—|]\s+\1\b.*$", r"\1", text)  # "X - X (X)": a repeated page label
    return TITLES.sub("", text).strip()


def state_name(text: str) -> str | None:
    """The canonical state a word names (demonym, alias or name), if any."""
    low = text.lower().replace("’", "'").strip()
    low = re.sub(r"^the\s+", "", low)
    return STATE_ALIASES.get(low) or DEMONYMS.get(low)


@dataclass
class ActorIndex:
    """Canonical actors of one story and the surface forms that name them."""

    actors: dict[str, Actor] = field(default_factory=dict)
    forms: dict[str, str] = field(default_factory=dict)  # lower-cased surface form -> id
    surnames: dict[str, str] = field(default_factory=dict)  # person surname -> id
    places: set[str] = field(default_factory=set)  # place names spaCy found (GPE, LOC, FAC)
    counts: dict[str, int] = field(default_factory=dict)  # how often spaCy found each actor
    _pattern: re.Pattern[str] | None = None

    def add(
        self,
        name: str,
        type_: str,
        *,
        affiliation: str | None = None,
        role: str | None = None,
        alias: str | None = None,
    ) -> str:
        actor_id = slug(name)
        old = self.actors.get(actor_id)
        aliases = set(old.aliases) if old else set()
        if alias and alias != name:
            aliases.add(alias)
        self.actors[actor_id] = Actor(
            id=actor_id,
            name=old.name if old else name,
            aliases=tuple(sorted(aliases)),
            type=old.type if old else type_,
            affiliation=(old.affiliation if old and old.affiliation else affiliation),
            role=(old.role if old and old.role else role),
        )
        for form in (name, alias):
            if form:
                self.forms[form.lower()] = actor_id
        surname = name.split()[-1].lower()
        if (
            type_ == "person"
            and (not old or old.type == "person")
            and surname.rstrip("s") not in MEMBERS  # "Tory MPs" tagged as a person
        ):
            self.surnames.setdefault(surname, actor_id)
        self._pattern = None
        return actor_id

    def side(self, actor_id: str | None) -> str | None:
        """The principal an actor speaks for: follow affiliations to the top."""
        seen = set()
        while actor_id and actor_id not in seen:
            seen.add(actor_id)
            actor = self.actors.get(actor_id)
            if not actor or not actor.affiliation or actor.affiliation not in self.actors:
                return actor_id
            actor_id = actor.affiliation
        return actor_id

    def lookup(self, text: str) -> str | None:
        name = clean_name(text)
        low = name.lower()
        if low in self.forms:
            return self.forms[low]
        state = state_name(name)
        if state and slug(state) in self.actors:
            return slug(state)
        parts = name.split()
        if parts and parts[-1].lower() in self.surnames:
            return self.surnames[parts[-1].lower()]
        return None

    def pattern(self) -> re.Pattern[str]:
        """One regex matching every known surface form, longest first."""
        if self._pattern is None:
            forms = set(self.forms)
            forms |= {k for k, v in STATE_ALIASES.items() if slug(v) in self.actors and len(k) > 2}
            forms |= set(self.surnames)
            body = _trie_regex(f for f in forms if f) or r"(?!x)x"
            self._pattern = re.compile(rf"(?<![\w-])(?:{body})(?:'s|’s)?(?![\w-])", re.IGNORECASE)
        return self._pattern

    def sorted_actors(self) -> list[Actor]:
        return sorted(self.actors.values(), key=lambda a: a.id)


def _trie_regex(forms: Iterable[str]) -> str:
    """One regex matching any of the (lower-cased) forms, as a character trie: the same
    matches as their alternation sorted longest first (a greedy branch backtracks to a
    shorter form), without trying each form at each position (a story knows hundreds)."""
    trie: dict = {}
    for form in forms:
        node = trie
        for ch in form:
            node = node.setdefault(ch, {})
        node[""] = {}

    def walk(node: dict) -> str:
        branches = [re.escape(ch) + walk(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return walk(trie)


def _affiliation_from(context: str, index: ActorIndex, self_id: str) -> str | None:
    """A state or group named in the words around a person ("Israeli Prime Minister")."""
    for match in re.finditer(r"[A-Z][\w.’']*(?:\s+[A-Z][\w.]*)*", context):
        word = match.group(0)
        state = state_name(word.split()[0]) or state_name(word)
        if state:
            return slug(state)
        found = index.lookup(word)
        if found and found != self_id and index.actors[found].type in {"group", "state"}:
            return found
    return None


def build_index(
    sentences: Sequence[str],
    ents: Sequence[Sequence[tuple[int, int, str, str]]],
    *,
    exclude: Iterable[str] = (),
) -> ActorIndex:
    """Canonical actors from the entities spaCy found in ``sentences`` (same order).

    ``exclude``: names that are not actors (the outlets that report the story).
    A name found mostly after "in", "into", "from" ("talks in Cairo") is a place.
    """
    index = ActorIndex()
    excluded = {e.lower() for e in exclude}
    locative: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for text, found in zip(sentences, ents, strict=True):
        for start, _end, surface, label in found:
            name = clean_name(surface).lower()
            total[name] += 1
            if label in {"GPE", "LOC", "FAC", "ORG"} and _LOCATIVE.search(
                text[max(0, start - 20) : start]
            ):
                locative[name] += 1
            if label in {"GPE", "LOC", "FAC"}:
                index.places.add(clean_name(surface))
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    names: dict[str, str] = {}
    people: list[tuple[str, str, int, int]] = []
    for text, found in zip(sentences, ents, strict=True):
        for start, end, surface, label in found:
            if label == "GPE" and _LOCATIVE.search(text[max(0, start - 20) : start]):
                continue
            name = clean_name(surface)
            if not name or len(name) < 2 or not name[0].isupper() or name.lower() in excluded:
                continue
            if _NOT_A_NAME.search(name):  # "Reply We", "I": text around comments, not an actor
                continue
            if (
                not state_name(name)
                and label != "PERSON"
                and locative[name.lower()] >= total[name.lower()]
            ):
                continue
            state = state_name(name)
            if label == "NORP" and not state:
                continue
            if state:
                name, label = state, "GPE"
            key = name.lower()
            labels[key][label] += 1
            names.setdefault(key, name)
            if label == "PERSON":
                people.append((name, text, start, end))
    # States and groups first, so that people can be affiliated with them.
    for key, counts in labels.items():
        label = counts.most_common(1)[0][0]
        name = names[key]
        if label == "PERSON":
            continue
        if any(key == words for words, *_ in INSTITUTIONS):
            continue
        if state_name(name) or label in {"GPE", "NORP"}:
            index.add(state_name(name) or name, "state")
        else:
            index.add(name, "group")
    joined = "\n".join(sentences).lower()
    for key, counter in labels.items():
        found_id = index.lookup(names[key])
        if found_id:
            index.counts[found_id] = index.counts.get(found_id, 0) + sum(counter.values())
    groups = [a for a in index.actors.values() if a.type == "group"]
    for short in groups:
        for long in groups:
            if (
                long.id != short.id
                and long.name.endswith(" " + short.name)
                and short.id in index.actors
                and short.name.lower().rstrip("s") not in MEMBERS
            ):
                del index.actors[short.id]
                index.add(long.name, "group", alias=short.name)
    for words, name, state, type_ in INSTITUTIONS:
        if re.search(rf"\b{re.escape(words)}\b", joined):
            if slug(state) not in index.actors:
                index.add(state, "state")
            index.add(name, type_, affiliation=slug(state))
    # People: full names before bare surnames, so that "Netanyahu" joins "Benjamin Netanyahu".
    for name, text, start, end in sorted(people, key=lambda p: -len(p[0].split())):
        if name.lower() in index.forms and index.actors[index.forms[name.lower()]].type != "person":
            continue
        existing = index.lookup(name) or _spelling_of(name, index)
        if existing and index.actors[existing].type == "person":
            actor_id = existing
            index.add(
                index.actors[existing].name,
                "person",
                alias=name if name != index.actors[existing].name else None,
            )
        else:
            actor_id = index.add(name, "person")
        before = text[max(0, start - 45) : start].rstrip(" ,")
        after = text[end : end + 70].split(".")[0]
        apposition = after[2:] if after.startswith((",", " ,")) else ""
        of_place = re.match(
            r"\s+of\s+(?:the\s+)?([A-Z][\w.]*(?:\s+[A-Z]\w*)*)", after
        )  # "X of Sweden"
        affiliation = (
            _affiliation_from(before.split(",")[-1], index, actor_id)
            or _affiliation_from(apposition.split(",")[0], index, actor_id)
            or (_affiliation_from(of_place.group(1), index, actor_id) if of_place else None)
        )
        role_match = ROLE_WORDS.search(apposition.split(",")[0]) or ROLE_WORDS.search(
            before.split(",")[-1]
        )
        role = role_match.group(0).lower() if role_match else None
        index.add(index.actors[actor_id].name, "person", affiliation=affiliation, role=role)
    _merge_surname_groups(index)
    return index


#: How alike two surnames must be (difflib ratio) to be one person spelt two ways
#: ("Gaddafi", "Gadhafi", "Qaddafi"); only surnames of at least ``MIN_FUZZY_LENGTH``
#: letters, and never against a different first name, so "Johnson" / "Jonson" pairs of
#: short names stay apart.
SPELLING_RATIO = 0.85
MIN_FUZZY_LENGTH = 6


def _spelling_of(name: str, index: ActorIndex) -> str | None:
    """An already known person whose name is a transliteration variant of ``name``."""
    from difflib import SequenceMatcher

    parts = name.split()
    surname = parts[-1].lower()
    if len(surname) < MIN_FUZZY_LENGTH:
        return None
    for known, actor_id in sorted(index.surnames.items()):
        if len(known) < MIN_FUZZY_LENGTH or known == surname:
            continue
        if SequenceMatcher(None, surname, known).ratio() < SPELLING_RATIO:
            continue
        other = index.actors[actor_id].name.split()
        if len(parts) > 1 and len(other) > 1 and parts[0].lower() != other[0].lower():
            continue
        return actor_id
    return None


def _merge_surname_groups(index: ActorIndex) -> None:
    """A one-word "group" that is a person's surname (the recogniser's ORG for "Guterres")
    becomes that person."""
    for actor in list(index.actors.values()):
        key = actor.name.lower()
        person = index.surnames.get(key)
        if (
            actor.type == "group"
            and " " not in key
            and person
            and person != actor.id
            and index.actors[person].type == "person"
        ):
            del index.actors[actor.id]
            index.forms[key] = person
            index.counts[person] = index.counts.get(person, 0) + index.counts.pop(actor.id, 0)
    index._pattern = None


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
        for m in self.index.pattern().finditer(text):
            surface = m.group(0)
            actor = self.index.lookup(surface)
            if not actor:
                continue
            kind, end = "name", m.end()
            if self.index.actors[actor].type == "state" and (
                _LOCATIVE.search(text[max(0, m.start() - 20) : m.start()])
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
                locative = _LOCATIVE.search(text[max(0, m.start() - 20) : m.start()])
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


def actors_to_json(actors: Iterable[Actor]) -> list[dict]:
    return [
        {
            "id": a.id,
            "name": a.name,
            "aliases": list(a.aliases),
            "type": a.type,
            "affiliation": a.affiliation,
            "role": a.role,
        }
        for a in actors
    ]
