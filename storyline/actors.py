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
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from . import world
from .model import Actor

#: Demonyms and short forms that name a state ("Israeli officials" -> Israel), from the
#: world lexicon (``storyline.world``).
DEMONYMS = {
    **world.DEMONYMS,
    "israel's": "Israel",
    "u.s.": "United States",
    "us": "United States",
}

#: Other names of a state (lower case) -> canonical name ("türkiye", "the united states").
STATE_ALIASES = dict(world.NAMES)

#: Capitals (lower case) -> the state they stand for when they hold a stance ("Moscow
#: rejected ..."); a capital is a place otherwise ("talks in Moscow").
CAPITALS = world.CAPITALS

#: Institutions that speak for a state: (words, canonical name, state, type); the seats
#: of government ("the Kremlin", "Downing Street") are ``world.SEATS``.
INSTITUTIONS = (
    ("biden administration", "Biden administration", "United States", "organisation"),
    ("idf", "Israel Defense Forces", "Israel", "organisation"),
    ("israel defense forces", "Israel Defense Forces", "Israel", "organisation"),
    ("mossad", "Mossad", "Israel", "organisation"),
)
SEATS = world.SEATS

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
    r"^(?:(?:Mr|Mrs|Ms|Dr|Prof|Gen|Sen|Rep|Gov|Lt|Col|Sheikh|Sheik|Sir|Dame|Taoiseach|Chairman|Chairwoman|King|Queen|Prince|"
    r"President|Prime Minister|Premier|Minister|Foreign Minister|Defense Minister|Secretary|"
    r"Secretary of State|Director|Chief|Ambassador|Envoy|Speaker|Chancellor|CIA Director|"
    r"Vice President|Senator|Representative|Judge|Justice|General|Admiral)\.?\s+)+"
)
#: A title after a body's name, before a person's ("Acme Aircraft President Jo Bloggs").
_TRAILING_TITLE = re.compile(
    r"(?<=\w)\s+(?:President|Chairman|Chairwoman|Chair|Chief Executive|CEO|Spokesman|"
    r"Spokeswoman|Spokesperson|Secretary[- ]General|Director)$"
)
_DOTTED = re.compile(r"(?:[A-Z]\.){1,3}[A-Z]\.?")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")

#: Words before or in apposition to a person that tell their role.
ROLE_WORDS = re.compile(
    r"\b(prime minister|vice president|president|foreign minister|strategic affairs minister|"
    r"(?:(?!the\b|a\b|an\b|his\b|her\b)\w+ )?minister|national security adviser|political leader|leader|spokes(?:man|woman|person)|"
    r"senior [A-Z]?\w+ official|official|chief negotiator|chief (?:executive|operating) officer|"
    r"(?:deputy )?general secretary|director|chief|head|envoy|ambassador|"
    r"(?:(?!the\b|a\b|an\b|his\b|her\b)\w+ )?secretary|taoiseach|chancellor|premier|governor|"
    r"mayor|speaker|emir|king|queen)\b",
    re.IGNORECASE,
)

#: "<state> <title or collective noun>": a state's office, not a name of its own.
_STATE_TITLE = re.compile(
    rf"^((?:the\s+)?[A-Z][\w.']*(?:\s+[A-Z][a-z]+)??)\s+(?:(?:{COLLECTIVE_NOUNS}|ambassador|envoy|"
    r"embassy|foreign minister|defen[cs]e minister|minister|secretary of state|"
    r"representatives?|mission|spokes(?:man|woman|person))\b\s*)+$",
    re.IGNORECASE,
)

NOT_A_NAME = re.compile(r"\b(?:I|We|You|He|She|They|It|Reply|Posted)\b")

ENTITY_TYPES = {"PERSON": "person", "ORG": "group", "GPE": "state", "NORP": "state"}

#: Prepositions that make a place name a location rather than an actor ("talks in Cairo").
LOCATIVE = re.compile(
    r"\b(?:in|into|from|to|at|near|across|over|throughout|of|toward|towards)\s+(?:the\s+)?$", re.I
)


#: Common nouns that alone name no actor of their own ("Members", "the company",
#: "officials", "around 3,000 workers"): the mention resolves to a named actor of the story
#: (``storyline.mentions``) or is left out; real bodies ("the union", "the Senate") stay.
BARE_NOMINALS = frozenset(
    """member worker employee official leader country nation company firm mediator striker
    people person side party lawmaker legislator negotiator representative diplomat envoy
    staff executive spokesman spokeswoman spokesperson source analyst expert observer
    state""".split()
)
_QUANTITY = re.compile(
    r"^(?:(?:around|about|nearly|almost|roughly|some|over|more than|at least|up to|"
    r"the|a|an|its|their|both|all|many|most|several|other|\d[\d,.]*(?:-plus)?|thousands?|"
    r"hundreds?|dozens?|millions?)\s+)+",
    re.IGNORECASE,
)


def bare_nominal(name: str, index: ActorIndex | None = None) -> bool:
    """Whether a nominal holder is only a common noun that names no body of its own, or
    (with the story's ``index``) a place the story names ("Johannesburg" of a dateline)."""
    place = clean_name(name).rstrip(".")
    if place in world.US_STATES:
        return True
    # A place the story names, in any case ("CALDERHAVEN —" of a dateline); a state stays
    # an actor even where it was named as a place ("the commitment of Norway").
    places = {p.casefold() for p in index.places} if index is not None else set()
    if place.casefold() in places and not state_name(place):
        return True
    words = _QUANTITY.sub("", name.strip()).lower().split()
    if len(words) != 1:
        return False
    word = words[0].strip("'’")
    return (
        word in BARE_NOMINALS
        or (word.endswith("s") and word[:-1] in BARE_NOMINALS)
        or (word.endswith("ies") and word[:-3] + "y" in BARE_NOMINALS)
    )


def slug(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "actor"


#: Penn Treebank brackets in tokenised text ("Idi Amin -RRB-"): no part of a name.
_PTB_BRACKET = re.compile(r"-[LR][RSC]B-", re.IGNORECASE)


def clean_name(text: str) -> str:
    """A name without honorifics, leading articles, possessives and spare spaces."""
    text = " ".join(_PTB_BRACKET.sub(" ", text.replace("’", "'")).split())
    text = re.sub(r"^(?:the|The)\s+", "", text)
    text = re.sub(r"^U\.?N\.?\s+|^United Nations\s+\(UN\)\s+", "United Nations ", text)
    text = _POSSESSIVE.sub("", text).strip()
    text = re.sub(r"^(.+?)\s+[-–—|]\s+\1\b.*$", r"\1", text)  # "X - X (X)": a repeated page label
    if _DOTTED.fullmatch(text):  # "U.N." names what "UN" does
        text = text.replace(".", "")
    text = _TRAILING_TITLE.sub("", text)  # "Acme Aircraft President" (before a name)
    return TITLES.sub("", text).strip()


def state_name(text: str) -> str | None:
    """The canonical state a word names (demonym, alias or name), if any."""
    low = text.lower().replace("’", "'").strip()
    low = re.sub(r"^the\s+", "", low)
    return STATE_ALIASES.get(low) or DEMONYMS.get(low) or world.country(low)


def capital_of(text: str) -> str | None:
    """The state (or body) a capital stands for ("Kremlin" no, "Moscow" -> Russia)."""
    return CAPITALS.get(" ".join(text.replace("’", "'").split()).lower())


@dataclass
class ActorIndex:
    """Canonical actors of one story and the surface forms that name them."""

    actors: dict[str, Actor] = field(default_factory=dict)
    forms: dict[str, str] = field(default_factory=dict)  # lower-cased surface form -> id
    surnames: dict[str, str] = field(default_factory=dict)  # person surname -> id
    places: set[str] = field(default_factory=set)  # place names spaCy found (GPE, LOC, FAC)
    counts: dict[str, int] = field(default_factory=dict)  # how often spaCy found each actor
    nominal: set[str] = field(default_factory=set)  # groups named only by common nouns
    titles: dict[str, str] = field(default_factory=dict)  # a title one person holds -> id
    capitals: dict[str, str] = field(default_factory=dict)  # capital seen -> its state's id
    _pattern: re.Pattern[str] | None = None  # every form (None: to be built)
    _main: re.Pattern[str] | None = None  # the forms known when it was built ...
    _main_forms: frozenset[str] = frozenset()
    _extra: re.Pattern[str] | None = None  # ... and those added since (``finditer``)
    _dirty: bool = False

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
        known = len(self.forms), len(self.surnames)
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
        if (len(self.forms), len(self.surnames)) != known:
            self._pattern, self._dirty = None, True  # a new form (patterns match forms, not ids)
        return actor_id

    def retire(self, old_id: str, new_id: str) -> None:
        """``old_id`` is no actor any more: every form and surname that named it names
        ``new_id``, and its count goes there (no form is left pointing at nothing)."""
        self.actors.pop(old_id, None)
        for table in (self.forms, self.surnames):
            for form, actor_id in list(table.items()):
                if actor_id == old_id:
                    table[form] = new_id
        if old_id in self.counts:
            self.counts[new_id] = self.counts.get(new_id, 0) + self.counts.pop(old_id)
        for actor in list(self.actors.values()):  # "X's envoy": X's side, under its new id
            if actor.affiliation == old_id:
                self.actors[actor.id] = replace(
                    actor, affiliation=new_id if new_id != actor.id else None
                )
        self.forget_patterns()

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
        """The actor ``text`` names, only ever one still in the index."""
        name = clean_name(text)
        low = name.lower()
        if self.forms.get(low) in self.actors:
            return self.forms[low]
        state = state_name(name)
        if state and slug(state) in self.actors:
            return slug(state)
        parts = name.split()
        if parts and self.surnames.get(parts[-1].lower()) in self.actors:
            return self.surnames[parts[-1].lower()]
        # "Acme Machinists": a group named by a known form after another actor's name
        if len(parts) > 1 and parts[-1].lower().rstrip("s") not in MEMBERS:
            for cut in range(1, len(parts)):
                tail = self.forms.get(" ".join(parts[cut:]).lower())
                head = self.forms.get(" ".join(parts[:cut]).lower())
                if (
                    tail in self.actors
                    and head in self.actors
                    and self.actors[tail].type == "group"
                    and tail not in self.nominal
                ):
                    return tail
        # "U.S. Ambassador", "Iranian Foreign Ministry officials": the state a title is of
        if (titled := _STATE_TITLE.match(name)) and (state := state_name(titled.group(1))):
            return slug(state) if slug(state) in self.actors else None
        return None

    def forget_patterns(self) -> None:
        """Rebuild the patterns at the next use (after forms were removed or reassigned)."""
        self._pattern, self._main, self._dirty = None, None, True

    def _surfaces(self) -> frozenset[str]:
        forms = set(self.forms)
        forms |= {k for k, v in STATE_ALIASES.items() if slug(v) in self.actors and len(k) > 2}
        forms |= set(self.surnames)
        return frozenset(f for f in forms if f)

    def pattern(self) -> re.Pattern[str]:
        """One regex matching every known surface form, longest first."""
        if self._pattern is None:
            self._pattern = _compile(self._surfaces())
        return self._pattern

    def finditer(self, text: str) -> list[re.Match[str]]:
        """The known forms in ``text``, leftmost and longest first, without overlaps (as
        ``pattern().finditer(text)``, but for rare overlaps of an old and a new form). The
        forms added since the last full build (nominal actors found while reading, one
        article after another) go in a small second pattern, so that each new form does not
        rebuild the whole trie (a tenth of the stage's time on T17); same positions on the
        negotiations dev corpus."""
        if self._dirty or self._main is None:
            surfaces = self._surfaces()
            new = surfaces - self._main_forms
            if self._main is None or len(new) > EXTRA_FORMS:
                self._main, self._main_forms, self._extra = _compile(surfaces), surfaces, None
            else:
                self._extra = _compile(new) if new else None
            self._dirty = False
        found = list(self._main.finditer(text))
        if self._extra is None:
            return found
        found += self._extra.finditer(text)
        found.sort(key=lambda m: (m.start(), -m.end()))
        out: list[re.Match[str]] = []
        for m in found:
            if not out or m.start() >= out[-1].end():
                out.append(m)
        return out

    def sorted_actors(self) -> list[Actor]:
        return sorted(self.actors.values(), key=lambda a: a.id)


#: Forms added since the full pattern was built that ``ActorIndex.finditer`` keeps in its
#: second pattern before it rebuilds the first (a cost trade, not tuned on quality: both
#: give the same matches).
EXTRA_FORMS = 200


def _compile(forms: Iterable[str]) -> re.Pattern[str]:
    body = trie_regex(forms) or r"(?!x)x"
    return re.compile(rf"(?<![\w-])(?:{body})(?:'s|’s)?(?![\w-])", re.IGNORECASE)


def trie_regex(forms: Iterable[str]) -> str:
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
        branches = [
            ("['’]" if ch == "'" else re.escape(ch)) + walk(child)  # "Sudan’s", "Sudan's"
            for ch, child in sorted(node.items())
            if ch
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return walk(trie)


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
