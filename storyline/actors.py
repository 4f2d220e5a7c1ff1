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
LOCATIVE = re.compile(
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
    nominal: set[str] = field(default_factory=set)  # groups named only by common nouns
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
    body = _trie_regex(forms) or r"(?!x)x"
    return re.compile(rf"(?<![\w-])(?:{body})(?:'s|’s)?(?![\w-])", re.IGNORECASE)


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


#: Lower-case words of a title before a name ("European Commission president ...").
_TITLE_WORDS = frozenset(
    """president vice prime minister foreign secretary general leader spokesman spokeswoman
    spokesperson chief negotiator envoy ambassador official senior deputy chairman chair
    head director adviser advisor representative of the""".split()
)


def _title_run(before: str) -> str:
    """The words right before a name that can be its title: capitalised words and title
    words ("The UK PM wrote to European Commission president" -> "European Commission
    president"), so that the affiliation is not read from another clause."""
    words = before.split()
    keep: list[str] = []
    for word in reversed(words):
        if not (word[:1].isupper() or word.lower() in _TITLE_WORDS):
            break
        keep.insert(0, word)
    return " ".join(keep)


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
            if label in {"GPE", "LOC", "FAC", "ORG"} and LOCATIVE.search(
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
            if label == "GPE" and LOCATIVE.search(text[max(0, start - 20) : start]):
                continue
            name = clean_name(surface)
            if not name or len(name) < 2 or not name[0].isupper() or name.lower() in excluded:
                continue
            if _NOT_A_NAME.search(name):  # "Reply We", "I": text around comments, not an actor
                continue
            if re.search(r"[/|]", name):  # "Stephen Brashear / AP / AP": a photo credit
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
                and not long.name.endswith((" and " + short.name, " & " + short.name))
                and short.id in index.actors
                and short.name.lower().rstrip("s") not in MEMBERS
            ):
                del index.actors[short.id]
                index.add(long.name, "group", alias=short.name)
    merge_group_aliases(index)
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
        if re.match(r"\s*\w+(?:ing|ed)\b", apposition):
            apposition = ""  # ", addressing MPs, said": a clause, not what the person is
        affiliation = (
            _affiliation_from(_title_run(before.split(",")[-1]), index, actor_id)
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


#: Words left out of an acronym ("International Association of Machinists" -> IAM).
_ACRONYM_SKIP = frozenset("of and the for & de du des la le".split())
#: Words after a group's name that name one of its branches ("... District 751", "... Local").
_BRANCH = re.compile(r"^(?:(?:District|Local|Lodge|Chapter|Branch|Section)\b\s*[\w-]*\s*)+$")
#: Words after a name that only say what kind of body it is ("Machinists Union").
_BODY_WORDS = frozenset("union guild party group movement association alliance council".split())


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w.lower() not in _ACRONYM_SKIP and w[0].isalpha())


def _same_group(short: Actor, long: Actor, index: ActorIndex) -> Actor | None:
    """The one of two groups to keep when ``long`` names the group ``short`` does: its
    acronym ("IAM": the full name stays), the name with a branch ("IAM District 751") or
    a continuation ("... Machinists and Aerospace Workers": the shorter stays)."""
    s, lo = short.name, long.name
    if s + "s" == lo:  # "Rapid Support Force" / "Rapid Support Forces": one name, one number
        return long
    if s.isupper() and 2 <= len(s) <= 6 and len(lo.split()) >= len(s):
        initials = _initials(lo)
        if initials.isupper() and initials == s:
            return long
    if not lo.startswith(s + " "):
        return None
    tail = lo[len(s) + 1 :]
    if _BRANCH.match(tail):
        return short
    if tail.startswith(("and ", "& ")) and len(s.split()) >= 3:
        # "... Machinists and Aerospace Workers", not "Sudanese Armed Forces and Rapid Support
        # Forces" (two groups): the words after "and" name no other group
        rest = tail.split(" ", 1)[1].lower()
        if rest not in index.forms and not any(rest.endswith(" " + f) for f in index.forms):
            return short
    return None


def group_of(name: str, index: ActorIndex) -> str | None:
    """The known group a name is a branch or a kind-of-body form of ("IAM District",
    "Machinists Union" when "IAM" / "Machinists" name a group)."""
    words = name.split()
    for cut in range(len(words) - 1, 0, -1):
        owner = index.forms.get(" ".join(words[:cut]).lower())
        if owner is None or index.actors.get(owner) is None:
            continue
        tail = " ".join(words[cut:])
        if index.actors[owner].type == "group" and (
            _BRANCH.match(tail) or tail.lower() in _BODY_WORDS
        ):
            return owner
    return None


def _merge(index: ActorIndex, keep: Actor, gone: Actor) -> None:
    gone = index.actors.pop(gone.id)  # as it is now, with the aliases merged into it
    for form, actor_id in list(index.forms.items()):
        if actor_id == gone.id:
            index.forms[form] = keep.id
    for alias in (gone.name, *gone.aliases):
        index.add(keep.name, "group", alias=alias)
    index.counts[keep.id] = index.counts.get(keep.id, 0) + index.counts.pop(gone.id, 0)


def merge_group_aliases(index: ActorIndex) -> None:
    """Groups the story names in several ways become one; the other names become aliases
    of the one kept, so mentions of them resolve to it. A known name with a word for the
    kind of body ("Machinists Union", when "Machinists" names a group) joins that group."""
    for group in [a for a in index.actors.values() if a.type == "group"]:
        # "Sudanese Armed Forces and Rapid Support Forces": two groups, not a third
        parts = re.split(r"\s+(?:and|&)\s+", group.name)
        if len(parts) == 2 and all(p.lower() in index.forms for p in parts):
            del index.actors[group.id]
            for form in [f for f, a in index.forms.items() if a == group.id]:
                del index.forms[form]
    for _ in range(3):  # "IAM District" -> "IAM" -> "International Association of ..."
        groups = sorted(
            (a for a in index.actors.values() if a.type == "group"),
            key=lambda a: (len(a.name), -index.counts.get(a.id, 0), a.name),
        )
        merged = False
        for short in groups:
            for long in groups:
                if long.id == short.id or {short.id, long.id} - set(index.actors):
                    continue
                keep = _same_group(short, long, index)
                if keep is not None:
                    _merge(index, keep, long if keep is short else short)
                    merged = True
        for group in groups:
            *rest, last = group.name.split()
            owner = index.forms.get(" ".join(rest).lower()) if rest else None
            if (
                last.lower() in _BODY_WORDS
                and owner not in {None, group.id}
                and group.id in index.actors
                and owner in index.actors
                and index.actors[owner].type == "group"
            ):
                _merge(index, index.actors[owner], group)
                merged = True
        if not merged:
            break
    index._pattern, index._main = None, None


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
    index._pattern, index._main = None, None


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
