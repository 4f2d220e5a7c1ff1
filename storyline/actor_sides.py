"""Each person's side and role, read from the words around one mention of them.

The title right before the name ("Iranian Foreign Minister X" -> Iran, "Kremlin spokesman
X" -> the Kremlin, hence Russia; "Burhan's envoy X" -> Burhan), an apposition after it
("X, a senior Hamas official", "X, the union's president," -> the story's one union),
"X of Sweden", and a US party marker ("Sen. X (D-N.Y.)" -> Senate Democrats). Written by
hand: no maintained library reads affiliations from news appositions. ``build_index``
(``storyline.actor_index``) counts these over all of a person's mentions.
"""

from __future__ import annotations

import re

from . import world
from .actors import MEMBERS, ROLE_WORDS, ActorIndex, slug, state_name

#: Lower-case words of a title before a name ("European Commission president ...").
_TITLE_WORDS = frozenset(
    """president vice prime minister foreign secretary general leader spokesman spokeswoman
    spokesperson chief negotiator envoy ambassador official senior deputy chairman chair
    head director adviser advisor representative of the policy affairs presidential aide
    special national security council defence defense interior justice finance trade state
    top former acting interim assistant majority minority whip political military""".split()
)


def _title_run(before: str) -> str:
    """The words right before a name that can be its title: capitalised words and title
    words ("The UK PM wrote to European Commission president" -> "European Commission
    president"), so that the affiliation is not read from another clause."""
    words = re.sub(
        r"\([^()]*\)", " ", before
    ).split()  # "European Union (EU) foreign affairs chief"
    keep: list[str] = []
    for word in reversed(words):
        if not (word[:1].isupper() or word.lower() in _TITLE_WORDS):
            break
        keep.insert(0, word)
    return " ".join(keep)


#: A capitalised run of words, with the lower-case words of a state's bodies ("Sudanese army").
_CAPITALISED = re.compile(
    r"[A-Z][\w.’']*(?:\s+(?:[A-Z][\w.]*|army|military|armed forces|government|ministry))*"
)


def _affiliation_from(context: str, index: ActorIndex, self_id: str) -> str | None:
    """A state or group named in the words around a person ("Israeli Prime Minister")."""
    for match in re.finditer(_CAPITALISED, context):
        words = match.group(0).split()
        if len(words) > 1 and words[-1].lower().rstrip("s") in MEMBERS | {"mp"}:
            words = words[:-1]  # "Labour MP X": Labour
        # "Sudanese army chief": the army the story names, before the state
        for cut in range(len(words), 1, -1):
            found = index.lookup(" ".join(words[:cut]))
            if found and found != self_id and index.actors[found].type == "group":
                return found
        state = state_name(words[0]) or state_name(" ".join(words))
        if state:
            return slug(state)
        # "White House National Security Adviser": the longest run of words naming an actor
        for cut in range(len(words), 0, -1):
            word = " ".join(words[:cut])
            found = index.lookup(word)
            if not found or found == self_id:
                continue
            kind = index.actors[found].type
            if kind in {"group", "state", "organisation"} or (
                kind == "person" and word.endswith(("'s", "’s"))  # "Burhan's envoy X"
            ):
                return found
    return None


#: A party marker after a US lawmaker's name ("(D-N.Y.)", ", R-MO.,").
_PARTY = re.compile(r"^\s*[(,]\s*(?P<party>[DRI])-[A-Z][\w.]*")
_PARTIES = {"D": "Democrats", "R": "Republicans", "I": "Independents"}
#: Votes a party marker counts for against titles ("House Speaker X (R-CA)": the marker
#: says the side, the title the office; not tuned, any weight over the two titles a
#: story usually prints does).
PARTY_WEIGHT = 3
#: "the union's president": the body a person leads, named by its kind.
_BODY_OF = re.compile(
    r"^\s*(?:the\s+)?(?P<kind>union|guild|association|federation|party|council|alliance)(?:'s|’s)\s"
)


def described(
    text: str, start: int, end: int, index: ActorIndex, actor_id: str
) -> tuple[str | None, str | None]:
    """A person's side and role read from one mention: the title right before the name
    ("Iranian Foreign Minister X", "Kremlin spokesman X", "Burhan's envoy X"), an
    apposition after it ("X, the union's president,", "X, a senior Hamas official"),
    "X of Sweden", or a party marker ("Sen. X (D-N.Y.)" -> Senate Democrats)."""
    before = text[max(0, start - 45) : start].rstrip(" ,")
    after = text[end : end + 70].split(". ")[0]
    apposition = after[2:] if after.startswith((",", " ,")) else ""
    of_place = re.match(r"\s+of\s+(?:the\s+)?([A-Z][\w.]*(?:\s+[A-Z]\w*)*)", after)
    if re.match(r"\s*(?:\w+(?:ing|ed)|who|whose|which|where)\b", apposition):
        apposition = ""  # ", addressing MPs, said", ", who is based in X,": a clause
    affiliation = (
        _affiliation_from(_constituency_dropped(_title_run(before.split(",")[-1])), index, actor_id)
        or _affiliation_from(apposition.split(",")[0], index, actor_id)
        or (_affiliation_from(of_place.group(1), index, actor_id) if of_place else None)
        or _body_named(apposition, index)
    )
    # the role nearest the name: "President Biden and House Speaker X" is a speaker
    nearest = list(ROLE_WORDS.finditer(before.split(",")[-1]))
    role_match = ROLE_WORDS.search(apposition.split(",")[0]) or (nearest[-1] if nearest else None)
    return affiliation, role_match.group(0).lower() if role_match else None


#: A US lawmaker's or governor's title: a state named before it is a constituency.
_US_TITLE = re.compile(r"\b(?:Rep|Sen|Gov)\.|\b(?:Congress(?:man|woman)|Governor)\b")


def _constituency_dropped(title: str) -> str:
    """ "Georgia Rep." -> "Rep.": the state a US lawmaker sits for is no side."""
    if not _US_TITLE.search(title):
        return title
    return " ".join(w for w in title.split() if w not in world.US_STATES | {"Georgia"})


def _body_named(apposition: str, index: ActorIndex) -> str | None:
    """ "the union's president": the one group of the story whose name ends in that kind."""
    found = _BODY_OF.match(apposition.replace("’", "'"))
    if not found:
        return None
    kind = found.group("kind")
    bodies = [
        a.id
        for a in index.actors.values()
        if a.type == "group"
        and a.id not in index.nominal
        and any(n.lower().rstrip("s").endswith(kind) for n in (a.name, *a.aliases))
    ]
    return bodies[0] if len(bodies) == 1 else None


def party_of(
    before: str, after: str, index: ActorIndex, majorities: dict[str, str] | None = None
) -> str | None:
    """ "Sen. X (D-N.Y.)" -> Senate Democrats, "Rep. X, R-MO." -> House Republicans;
    "Senate Majority Leader X" -> the party the story says controls the Senate
    (``majorities``: "the Democratic-controlled Senate")."""
    title = _title_run(before.split(",")[-1])
    chamber = (
        "Senate"
        if re.search(r"\b(?:Sen\.?|Senator|Senate)\s*$|\bSenate\b", title)
        else "House"
        if re.search(r"\b(?:Rep\.?|Representative|Congress\w*|House)\b", title)
        else ""
    )
    marker = _PARTY.match(after)
    if marker:
        party = _PARTIES[marker.group("party")]
    elif chamber and re.search(r"\bMajority\s+Leader\b", title, re.I) and majorities:
        party = majorities.get(chamber, "")
    else:
        party = ""
    if not party:
        return None
    name = f"{chamber} {party}".strip()
    return index.lookup(name) or index.add(name, "group")


#: "the Republican-controlled House", "a Democratic-led Senate": who holds a chamber.
_CONTROLLED = re.compile(
    r"\b(?P<party>Democratic|Democrat|Republican|GOP)[- ](?:controlled|led|majority)\s+"
    r"(?P<chamber>Senate|House)\b"
)


def majorities(text: str) -> dict[str, str]:
    """The party each chamber's majority belongs to, when the story says it (and says
    one party only)."""
    said: dict[str, set[str]] = {}
    for m in _CONTROLLED.finditer(text):
        party = "Republicans" if m.group("party") in {"Republican", "GOP"} else "Democrats"
        said.setdefault(m.group("chamber"), set()).add(party)
    return {chamber: parties.pop() for chamber, parties in said.items() if len(parties) == 1}
