"""One story's actor index built from the entities spaCy found, and its aliases merged.

States and groups first, then people (full names before bare surnames, so that
"Netanyahu" joins "Benjamin Netanyahu"; transliterations such as Gaddafi / Gadhafi by a
guarded fuzzy match), each person affiliated from the title right before the name or an
apposition after it. Groups named in several ways become one (``merge_group_aliases``:
acronyms, branches, name continuations, "X Union"). Written by hand on top of spaCy's
entities: no maintained library merges the aliases of a news story's actors.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from . import world
from .actor_sides import PARTY_WEIGHT, described, majorities, party_of
from .actors import (
    INSTITUTIONS,
    LOCATIVE,
    MEMBERS,
    NOT_A_NAME,
    ROLE_WORDS,
    SEATS,
    TITLES,
    Actor,
    ActorIndex,
    capital_of,
    clean_name,
    slug,
    state_name,
)

#: A lower-case title right after a "name" ("Shadow Brexit secretary"): the name is a title.
_TITLE_AFTER = re.compile(r"\s+(?:secretary|minister|spokes\w+|chief|president|leader)\b")
_MEMBER_OF = re.compile(r"^(.+?)\s+(?:MP|MEP|MSP|Senator|Lawmaker|Congressman|Congresswoman)$")
_BYLINE = re.compile(r"(?:^|\n)\s*(?:By|BY)\s+$")
_BYLINE_WORD = re.compile(r"\b(?:Writer|Correspondent|Reporter|Editor|Staff|Contributor)\b")
_OFFICE_AFTER = re.compile(r"\s+(?:Secretary|Minister|Ministry|Department)\b")
#: "Sudan's Forces of Freedom and Change": a state's possessive before a body's name.
_STATE_POSSESSIVE = re.compile(
    r"^(?P<state>[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)['’]s\s+(?P<rest>[A-Z].+)$"
)
#: Quotation marks or a spaced dash inside a "name": text around it, not a name.
_QUOTED = re.compile(r'["“”]|\s[-–—]\s|\s[-–—]$')


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
    capitals: set[str] = set()
    formal: dict[str, set[str]] = defaultdict(set)
    names: dict[str, str] = {}
    people: list[tuple[str, str, int, int]] = []
    titles_in: list[tuple[str, str]] = []  # (title, name) of "Provost Ann Quayle" spans
    for text, found in zip(sentences, ents, strict=True):
        for start, end, surface, label in found:
            if label == "GPE" and LOCATIVE.search(text[max(0, start - 20) : start]):
                continue
            name = clean_name(surface)
            if not name or len(name) < 2 or not name[0].isupper() or name.lower() in excluded:
                continue
            if label == "PERSON" and (title := TITLES.match(re.sub(r"^[Tt]he\s+", "", surface))):
                titles_in.append((title.group(0).strip().rstrip(".").lower(), name))
            if NOT_A_NAME.search(name):  # "Reply We", "I": text around comments, not an actor
                continue
            if re.search(r"[/|]", name):  # "Stephen Brashear / AP / AP": a photo credit
                continue
            if re.search(r"\b[DRI]-$", text[:start]) or name.rstrip(".") in world.US_STATES:
                index.places.add(name)  # "(R-Ariz.)": a party marker; "X, Tenn.": a place
                continue
            member = _MEMBER_OF.match(name) if label == "ORG" else None
            if member:
                name = member.group(1)  # "Labour MP" (before a name): Labour
            if start == 0 and re.match(r"\s*[—–-]\s", text[end:]):
                index.places.add(name)  # "Johannesburg —": a dateline
                continue
            if label == "PERSON" and (
                ROLE_WORDS.fullmatch(name) or name.lower() in _BODY_WORDS or name.isupper()
            ):
                # "Spokesperson", "the Guild": no person; "SAG-AFTRA", "EUCO": a body's acronym
                if not name.isupper():
                    continue
                label = "ORG"
            if (
                not state_name(name)
                and label != "PERSON"
                and locative[name.lower()] >= total[name.lower()]
            ):
                continue
            owned = _STATE_POSSESSIVE.match(name) if label == "ORG" else None
            if owned and state_name(owned.group("state")):
                name = owned.group("rest")  # the body; its state stays in the text
            state = state_name(name)
            if label == "NORP" and not state:
                continue
            if not state and (capital := capital_of(name)):
                # "Moscow", "Kyiv" (even tagged a person): the state when it holds a stance
                index.capitals[name.lower()] = slug(capital)
                capitals.add(capital)
                index.places.add(name)
                continue
            if label == "ORG" and " " not in name and _OFFICE_AFTER.match(text, end):
                continue  # "the Justice Secretary": a title, not a body called "Justice"
            if label == "PERSON" and (_BYLINE.search(text[:start]) or _BYLINE_WORD.search(name)):
                continue  # "By JANE ROE AP Entertainment Writer": a byline, not an actor
            if label == "PERSON" and (
                _TITLE_AFTER.match(text, end) or _QUOTED.search(name) or re.search(r"['’]s\s", name)
            ):
                continue  # "Shadow Brexit secretary", 'TAYLOR " - NO', "Johnson's Brexit"
            if label == "PERSON" and re.search(r"[a-z]", name):
                # "BORIS Johnson", "TAOISEACH Leo Varadkar": a headline's capitals
                name = clean_name(
                    " ".join(w.title() if w.isupper() and len(w) > 3 else w for w in name.split())
                )
            if label == "GPE" and not state and name.lower() not in excluded:
                index.places.add(name)  # a city or region the world lexicon does not know
                continue
            if state:
                if state.lower() != name.lower() and (world.FORMAL.match(name) or len(name) > 4):
                    formal[state].add(name)  # "Kingdom of Saudi Arabia", "Türkiye"
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
        if any(key == words for words, *_ in INSTITUTIONS) or any(
            re.fullmatch(seat, name) for seat, *_ in SEATS
        ):
            continue
        if state_name(name) or label in {"GPE", "NORP"}:
            state = state_name(name) or name
            index.add(state, "state")
            for alias in sorted(formal.get(state, ())):
                index.add(state, "state", alias=alias)
        else:
            index.add(name, "group")
    for capital in sorted(capitals):
        if slug(capital) not in index.actors:
            index.add(capital, "state" if capital in world.NAMES.values() else "group")
    original = "\n".join(sentences)
    joined = original.lower()
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
                index.retire(short.id, long.id)
                index.add(long.name, "group", alias=short.name)
    merge_group_aliases(index)
    merge_chamber_words(index)
    # each seat's forms in the text, read once: whether it is named, and its aliases
    seat_forms = [
        (name, state, type_, re.findall(rf"(?<![\w-])(?:{seat})(?![\w-])", original))
        for seat, name, state, type_ in SEATS
    ]
    found_seats = [
        (name, state, type_)
        for words, name, state, type_ in INSTITUTIONS
        if re.search(rf"\b{re.escape(words)}\b", joined)
    ] + [(name, state, type_) for name, state, type_, forms in seat_forms if forms]
    for name, state, type_ in found_seats:
        if slug(state) not in index.actors:
            index.add(state, "state")
        index.add(name, type_, affiliation=slug(state))
    for name, _state, _type, forms in seat_forms:
        for form in forms:
            if slug(name) in index.actors and form != name:
                index.add(name, index.actors[slug(name)].type, alias=form)
    merge_state_bodies(index)
    # People: full names before bare surnames, so that "Netanyahu" joins "Benjamin Netanyahu".
    placed: list[tuple[str, str, int, int]] = []
    for name, text, start, end in sorted(people, key=lambda p: -len(p[0].split())):
        if name.lower() in index.forms and index.actors[index.forms[name.lower()]].type != "person":
            continue
        existing = index.lookup(name) or spelling_of(name, index) or first_name_of(name, index)
        if existing and index.actors[existing].type == "person":
            actor_id = existing
            index.add(
                index.actors[existing].name,
                "person",
                alias=name if name != index.actors[existing].name else None,
            )
        else:
            actor_id = index.add(name, "person")
        placed.append((actor_id, text, start, end))
    # Then each person's side and role: what most of their mentions say ("Turkish Defence
    # Minister X" twice outweighs one sentence where another minister's title comes first).
    held = majorities(original)
    sides: dict[str, Counter[str]] = defaultdict(Counter)
    roles: dict[str, Counter[str]] = defaultdict(Counter)
    for actor_id, text, start, end in placed:
        affiliation, role = described(text, start, end, index, actor_id)
        if affiliation:
            sides[actor_id][affiliation] += 1
        if party := party_of(text[max(0, start - 45) : start], text[end : end + 20], index, held):
            sides[actor_id][party] += PARTY_WEIGHT
        if role:
            roles[actor_id][role] += 1
    for actor_id in dict.fromkeys(a for a, *_ in placed):
        index.add(
            index.actors[actor_id].name,
            "person",
            affiliation=sides[actor_id].most_common(1)[0][0] if sides[actor_id] else None,
            role=roles[actor_id].most_common(1)[0][0] if roles[actor_id] else None,
        )
    merge_titles(index, placed, titles_in, original)
    merge_short_forms(index)
    merge_surname_groups(index)
    return index


#: Capitalised words right before a person's name ("Harbour Provost Ann Quayle"): a title
#: the story may also use alone ("the Harbour Provost said").
_TITLE_BEFORE = re.compile(r"(?:^|[^\w'’])((?:[A-Z][a-z]+\s){1,3})$")


def merge_titles(
    index: ActorIndex,
    placed: Sequence[tuple[str, str, int, int]],
    titles_in: Sequence[tuple[str, str]] = (),
    story_text: str = "",
) -> None:
    """The titles the story writes before one person's name and before no other's
    ("Harbour Provost Ann Quayle", inside the recogniser's span or before it) go to
    ``index.titles``; a group of that name ("the Harbour Provost" alone) is that person. A
    title the story also writes with "of" ("the Health Minister of Westport") is an office
    several may hold: it names no one alone."""
    titled: dict[str, set[str]] = defaultdict(set)
    for actor_id, text, start, _end in placed:
        match = _TITLE_BEFORE.search(text[max(0, start - 40) : start])
        if match and actor_id in index.actors:
            titled[match.group(1).strip().lower()].add(actor_id)
    for title, name in titles_in:
        if (person := index.lookup(name)) and index.actors[person].type == "person":
            titled[title].add(person)
    lowered = story_text.lower()
    index.titles = {
        t: next(iter(ids))
        for t, ids in titled.items()
        if len(ids) == 1 and f"{t} of " not in lowered
    }
    for group in [a for a in index.actors.values() if a.type == "group"]:
        person = index.titles.get(group.name.lower())
        if person in index.actors and index.actors[person].type == "person":
            _merge(index, index.actors[person], group)
    index.forget_patterns()


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
    if s.isupper() and 2 <= len(s) <= 6:
        for name in (lo, *long.aliases):  # "Hollywood Writers Guild of America" / "WGA"
            initials = _initials(name)
            if len(name.split()) >= len(s) and initials.isupper() and initials == s:
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
    gone = index.actors[gone.id]  # as it is now, with the aliases merged into it
    index.retire(gone.id, keep.id)
    for alias in (gone.name, *gone.aliases):
        index.add(keep.name, keep.type, alias=alias)


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
    index.forget_patterns()


#: How alike two surnames must be (difflib ratio) to be one person spelt two ways
#: ("Gaddafi", "Gadhafi", "Qaddafi"); only surnames of at least ``MIN_FUZZY_LENGTH``
#: letters, and never against a different first name, so "Johnson" / "Jonson" pairs of
#: short names stay apart.
SPELLING_RATIO = 0.85


MIN_FUZZY_LENGTH = 6


def spelling_of(name: str, index: ActorIndex) -> str | None:
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


#: Last words of a body that belongs to a state ("Russian Foreign Ministry", "Sudanese Army").
_STATE_BODY = re.compile(
    r"\b(?:ministry|government|embassy|cabinet|army|military|armed forces|defen[cs]e forces|"
    r"navy|air force|police|parliament|delegation|mission|presidency|foreign office)$",
    re.IGNORECASE,
)
#: Names of a state's armed forces that the news uses for one body.
_MILITARY = re.compile(r"^(?:army|military|armed forces|defen[cs]e forces)$", re.IGNORECASE)


def _state_prefix(name: str) -> tuple[str, str] | None:
    """("Sudan", "Armed Forces") for "Sudanese Armed Forces" or "Sudan Armed Forces"."""
    words = name.split()
    for cut in (2, 1):
        if len(words) > cut and (state := state_name(" ".join(words[:cut]))):
            return state, " ".join(words[cut:])
    return None


def merge_state_bodies(index: ActorIndex) -> None:
    """A state's bodies: "US State Department" is the State Department; "Sudan Armed
    Forces", "Sudanese Armed Forces" and "Sudanese Army" are one body (the one the story
    names most keeps its name); "Russian Foreign Ministry" speaks for Russia."""
    by_body: dict[tuple[str, str], list[Actor]] = defaultdict(list)
    for group in [a for a in index.actors.values() if a.type in {"group", "organisation"}]:
        split = _state_prefix(group.name)
        if not split:
            continue
        state, rest = split
        owner = index.forms.get(rest.lower())
        if (
            owner in index.actors
            and owner != group.id
            and index.actors[owner].type == "organisation"
            and index.actors[owner].affiliation == slug(state)
        ):
            _merge(index, index.actors[owner], group)  # "US State Department"
            continue
        body = "armed forces" if _MILITARY.match(rest) else rest.lower()
        by_body[(state, body)].append(group)
        if _STATE_BODY.search(rest):
            if slug(state) not in index.actors:
                index.add(state, "state")
            index.add(group.name, group.type, affiliation=slug(state))
    for group in [a for a in index.actors.values() if a.type == "group" and not a.affiliation]:
        words = group.name.split()
        for cut in range(len(words) - 1, 0, -1):
            owner = index.forms.get(" ".join(words[:cut]).lower())
            if owner in index.actors and index.actors[owner].type == "organisation":
                index.add(group.name, "group", affiliation=owner)  # "White House ... Council"
                break
    for same in by_body.values():
        same = [g for g in same if g.id in index.actors]
        if len(same) < 2:
            continue
        keep = max(same, key=lambda g: (index.counts.get(g.id, 0), len(g.name), g.name))
        for gone in same:
            if gone.id != keep.id:
                _merge(index, index.actors[keep.id], gone)
    index.forget_patterns()


def merge_chamber_words(index: ActorIndex) -> None:
    """A one-word group that begins the one longer name "<word> of ..." of the story
    ("House" / "House of Commons", "U.S. House of Representatives") is that group."""
    for short in [a for a in index.actors.values() if a.type == "group" and " " not in a.name]:
        longer = [
            a
            for a in index.actors.values()
            if a.type == "group"
            and re.search(rf"(?:^|\s){re.escape(short.name)} of ", a.name)
            and (a.name.startswith(short.name) or _state_prefix(a.name))
        ]
        if len(longer) == 1 and short.id in index.actors:
            _merge(index, longer[0], short)
    index.forget_patterns()


def shortens(short: str, long: str) -> bool:
    """Each word of ``short`` begins the word of ``long`` at its place ("Lib Dems" /
    "Liberal Democrats"), at least three letters each, and one is cut."""
    a, b = short.lower().split(), long.lower().split()
    if len(a) != len(b) or len(a) < 2 or a == b:
        return False
    stems = [w.rstrip("s") for w in a]
    return all(len(w) >= 3 and v.startswith(w) for w, v in zip(stems, b, strict=True))


def merge_short_forms(index: ActorIndex) -> None:
    """A short form of a group's name is that group, even when the recogniser called it
    a person ("Lib Dems" -> Liberal Democrats)."""
    groups = [a for a in index.actors.values() if a.type == "group"]
    for short in list(index.actors.values()):
        if short.type not in {"group", "person"}:
            continue
        longer = [g for g in groups if g.id != short.id and shortens(short.name, g.name)]
        if len(longer) == 1 and short.id in index.actors and longer[0].id in index.actors:
            index.surnames = {k: v for k, v in index.surnames.items() if v != short.id}
            _merge(index, index.actors[longer[0].id], index.actors[short.id])
    index.forget_patterns()


def first_name_of(name: str, index: ActorIndex) -> str | None:
    """The one known person whose first name a lone word is ("Boris" -> Boris Johnson),
    unless it is also a surname or several people share it."""
    if " " in name or name.lower() in index.surnames:
        return None
    owners = {
        a.id
        for a in index.actors.values()
        if a.type == "person" and len(a.name.split()) > 1 and a.name.split()[0] == name
    }
    return owners.pop() if len(owners) == 1 else None


def merge_surname_groups(index: ActorIndex) -> None:
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
            index.retire(actor.id, person)
            index.forms[key] = person
    index.forget_patterns()
