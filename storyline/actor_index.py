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

from .actors import (
    INSTITUTIONS,
    LOCATIVE,
    MEMBERS,
    NOT_A_NAME,
    ROLE_WORDS,
    Actor,
    ActorIndex,
    clean_name,
    slug,
    state_name,
)

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
            if NOT_A_NAME.search(name):  # "Reply We", "I": text around comments, not an actor
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
                index.retire(short.id, long.id)
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
        existing = index.lookup(name) or spelling_of(name, index)
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
    merge_surname_groups(index)
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
    gone = index.actors[gone.id]  # as it is now, with the aliases merged into it
    index.retire(gone.id, keep.id)
    for alias in (gone.name, *gone.aliases):
        index.add(keep.name, "group", alias=alias)


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
