"""Who holds a reading's position: the actor behind a holder's words.

A mention covering the holder's head word (names, surnames, "Netanyahu's office",
pronouns as ``storyline.mentions`` resolves them), "they" / "it" the actors named
before or the latest holder, "members of the union" the union, "UK and EU negotiating
teams" both sides, "the parties" / "both sides" the pair the story names in "between X
and Y", and otherwise a nominal actor from the words of the subject ("the union",
"Senate Democrats") when its head is a proper noun or an actor noun (``ACTOR_NOUNS``).
Nothing here names the actors of a particular story.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..actor_index import group_of, shortens
from ..actors import ActorIndex, bare_nominal, clean_name, slug, state_name
from ..mentions import Mention, Resolver
from . import issues as issue_keys
from . import stance
from .stance import Reading

#: Head nouns that make an unnamed subject an actor ("the union", "Senate Democrats").
ACTOR_NOUNS = frozenset(
    """union guild government administration company employer studio worker member lawmaker
    legislator official negotiator delegation army military force leader
    leadership minister ministry president republican democrat senator congress parliament
    mp council committee mediator diplomat envoy spokesman spokeswoman spokesperson group
    rebel militia machinist executive management board house senate court cabinet
    opposition caucus coalition alliance bloc country nation state authority agency
    organisation organization team representative conservative liberal tory chancellor
    premier king monarch regime junta commander general staff employee firm corporation
    producer insurgent fighter parliamentarian legislature assembly""".split()
)


_LEADING = re.compile(
    r"^(?:(?:the|a|an|its|their|his|her|our|this|these|those|some|many|more|most|all|"
    r"several|only|just|other|both|than|over|about|around|nearly|almost|roughly|at least|"
    r"up to|\d[\d,.]*|(?:one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|"
    r"forty|fifty|sixty|seventy|eighty|ninety)(?:-\w+)?)\s+)+",
    re.IGNORECASE,
)


_FURNITURE = re.compile(r"https?:|www\.|[@#|<>{}\[\]]|\n")


#: A sentence's own pronoun ("it", "they") goes to the latest holder named this many sentences back.
PRONOUN_WINDOW = 2


#: Words for a kind of body a story usually names once ("the union", "the guild").
_BODIES = frozenset("union guild association federation alliance".split())


#: A body's own organ after its possessive ("the union's executive", "the party's
#: leadership"): the body holds the stance.
_ORGAN = re.compile(
    r"^(?P<owner>.+?)['’]s\s+(?:executive|leadership|board|committee|negotiators|"
    r"negotiating team|leaders|bargaining committee)$",
    re.IGNORECASE,
)


def nominal(words: str, head: str, index: ActorIndex, proper: bool = False) -> str | None:
    """An actor named by a common noun phrase ("the union", "Senate Democrats"), added to the index."""
    name = _LEADING.sub("", " ".join(words.replace("’", "'").split())).strip(" ,.'\"")
    name = re.sub(r"'s$", "", name)
    if not name or len(name.split()) > 5 or _FURNITURE.search(name) or len(name) < 3:
        return None
    low_head = issue_keys.stem(head.lower())
    if low_head in stance.BILL_NOUNS | stance.DEAL_NOUNS | stance.STANCE_NOUNS:
        return None  # "a Bill that demands ...": the text, not its authors
    short_plural = head.lower()[:-1] if head.lower().endswith("s") else ""  # "MPs"
    if not proper and not {low_head, head.lower(), short_plural} & ACTOR_NOUNS:
        return None
    if not any(ch.isalpha() for ch in name):
        return None
    found = index.lookup(name) or group_of(name, index)
    if found:
        return found
    if organ := _ORGAN.match(name):  # "the union's executive": the union speaks
        owner = organ.group("owner")
        found = nominal(owner, owner.split()[-1], index, proper=owner[:1].isupper())
        if found:
            return found
    if (titled := index.titles.get(name.lower())) in index.actors:
        return titled  # "the Harbour Provost": the one person the story gives that title
    # "the union" -> the one named group whose name holds the word ("... Dockworkers' Union")
    parts = {issue_keys.stem(w.strip("'")) for w in name.lower().split()}
    plural = head.lower().endswith("s") and not head.lower().endswith("ss")

    def joins(group: str) -> bool:
        words = [issue_keys.stem(w.strip("'")) for w in group.lower().replace("'s", "").split()]
        if not parts <= set(words) or group.lower() == name.lower():
            return False
        # "the employers" -> "Port Employers' Association", but "MPs" is not "Tory MPs", and
        # "Republicans" (people, named with a capital) are not the "Republican Party"
        if plural and head[:1].isupper():
            return False
        return not plural or issue_keys.stem(head.lower().strip("'")) != words[-1]

    holding = [
        a.id
        for a in index.actors.values()
        if a.type == "group"
        and a.id not in index.nominal
        and any(joins(n) for n in (a.name, *a.aliases))
    ]
    if len(holding) == 1:
        return holding[0]
    # "the workers' union" -> the one named group called a union ("Machinists Union"),
    # whatever words come before the body word
    kind = issue_keys.stem(head.lower().strip("'"))
    if kind in _BODIES and not plural and not holding:
        bodies = [
            a.id
            for a in index.actors.values()
            if a.type == "group"
            and a.id not in index.nominal
            and any(issue_keys.stem(n.split()[-1].lower()) == kind for n in (a.name, *a.aliases))
        ]
        if len(bodies) == 1:
            return bodies[0]
    if bare_nominal(name, index):
        return None  # "Members", "the company": no body of its own (``actors.BARE_NOMINALS``)
    name = name[0].upper() + name[1:]
    if state := state_name(name):
        return index.add(state, "state")
    return _new_group(index, name, nominal=True)


def _new_group(index: ActorIndex, name: str, *, nominal: bool = False) -> str:
    """A group first named by a holder's words, unless it is the long or the short form of
    one actor the story already has ("Harbour Democrats" when "Harb Dems" is known, which the
    recogniser may call a person): then that actor, under the long name, keeps its id (the
    story's mentions already point at it)."""
    same = [
        a
        for a in index.actors.values()
        if a.type in {"group", "person"} and (shortens(a.name, name) or shortens(name, a.name))
    ]
    if len(same) != 1:
        added = index.add(name, "group")
        if nominal:
            index.nominal.add(added)
        return added
    known = same[0]
    long, short = (name, known.name) if shortens(known.name, name) else (known.name, name)
    index.add(known.name, known.type, alias=name)
    index.actors[known.id] = replace(
        index.actors[known.id],
        name=long,
        aliases=tuple(sorted({*index.actors[known.id].aliases, short} - {long})),
        type="group",
    )
    index.surnames = {k: v for k, v in index.surnames.items() if v != known.id}
    index.forget_patterns()
    return known.id


def plural_name(name: str) -> bool:
    """Whether an actor's name is a plural common noun phrase ("the rebels", "MPs"), which
    no "it" stands for (a proper name such as "United States" or "Coastal Defence Forces"
    is a body)."""
    last = name.split()[-1] if name.split() else ""
    if not last.endswith("s") or last.endswith("ss"):
        return False
    return last[:1].islower() or _ACRONYM_PLURAL.match(last) is not None


#: A plural of capitals ("MPs", "CEOs").
_ACRONYM_PLURAL = re.compile(r"^[A-Z]{2,}s$")


def mention_at(span: tuple[int, int], mentions: Sequence[Mention]) -> Mention | None:
    for m in mentions:
        if m.start < span[1] and span[0] < m.end and m.kind != "place":
            return m
    return None


@dataclass
class Context:
    """What holder resolution carries through one article."""

    last_holder: str | None = None
    last_at: int = -99
    last_body: str | None = None  # the latest holder "it" may stand for (not "the rebels")
    last_body_at: int = -99
    speaker: str | None = None  # the speaker of the latest quote
    parties: tuple[str, ...] = ()  # who "the two sides" are in this story (``parties``)
    last_offer: str | None = None  # the holder of the latest offer in the article
    issues: tuple[str, ...] = ()  # the issue keys of the latest sentence with positions
    issues_at: int = -99

    def note_issues(self, s_index: int, keys: Sequence[str]) -> None:
        self.issues, self.issues_at = tuple(dict.fromkeys(k for k in keys if k)), s_index

    def issue_before(self, s_index: int) -> str:
        """The one issue of the latest sentence before with positions, within
        ``PRONOUN_WINDOW`` sentences; "" when there is none or several (ambiguous)."""
        if 0 < s_index - self.issues_at <= PRONOUN_WINDOW and len(self.issues) == 1:
            return self.issues[0]
        return ""


_BETWEEN = re.compile(r"\bbetween\s+(?P<pair>.{3,120})", re.IGNORECASE)


#: "the parties", "both sides", "the two warring parties": the story's two sides.
_THE_SIDES = re.compile(
    r"^(?:(?:the|both|two|all|warring|negotiating|rival)\s+)*(?:parties|sides)$", re.IGNORECASE
)


def _are_the_sides(after: str) -> bool:
    """Whether the words after a holder are "of the parties", "of both Sudanese parties"
    (a demonym may qualify the parties)."""
    found = re.match(r"\s+of\s+(?P<w>(?:[\w-]+\s+){0,3}?(?:parties|sides))\b", after)
    if not found:
        return False
    words = [w for w in found.group("w").split() if not (w[:1].isupper() and state_name(w))]
    return _THE_SIDES.match(" ".join(words)) is not None


def parties(texts: Sequence[str], index: ActorIndex) -> tuple[str, ...]:
    """The two sides of a story: the pair of actors it names most often in "between X
    and Y" ("talks between the army and the rebels"); empty when no pair is named twice."""
    pairs: Counter[tuple[str, str]] = Counter()
    pattern = index.pattern()
    for text in texts:
        for found in _BETWEEN.finditer(text):
            words = found.group("pair")
            named = []
            for m in pattern.finditer(words):
                actor = index.lookup(m.group(0))
                if actor and actor not in named:
                    named.append(actor)
                if len(named) == 2:
                    break
            if len(named) == 2 and re.search(r"\band\b|&", words):
                pairs[tuple(sorted(named))] += 1  # type: ignore[index]
    if not pairs:
        return ()
    pair, count = max(pairs.items(), key=lambda kv: (kv[1], kv[0]))
    return pair if count >= 2 else ()


#: "the two parties", "both sides" before a "they" / "their" of the same sentence.
_SIDES_BEFORE = re.compile(
    r"\b(?:the|both)\s+(?:(?:two|warring|negotiating|rival)\s+)*(?:parties|sides)\b", re.IGNORECASE
)


def _both_of_kind(head: str, sides: Sequence[str], index: ActorIndex) -> bool:
    """Whether a plural head noun names the kind both sides' names end in ("forces" for
    "Coastal Defence Forces" and "Northern Armed Forces", "unions" for two unions)."""
    low = head.lower()
    if not low.endswith("s") or low.endswith("ss"):
        return False
    kind = issue_keys.stem(low)
    return all(
        issue_keys.stem(index.actors[a].name.split()[-1].lower()) == kind
        for a in sides
        if a in index.actors
    ) and all(a in index.actors for a in sides)


#: "the country", "the kingdom": the state of the one who speaks of it.
_THE_COUNTRY = re.compile(r"^the\s+(?:country|nation|kingdom|republic)$", re.IGNORECASE)


_PART_OF = frozenset("member representative delegation leader official negotiator".split())


#: Heads that name a share of a body ("a majority of Democrats", "most of the members").
_SHARE_OF = frozenset("majority minority most many some all dozen number handful few".split())


#: Heads of a phrase that names the sides it is made of ("UK and EU negotiating teams").
_TEAMS = frozenset("team side government force army military diplomat envoy mediator".split())


#: A plural actor noun ("workers", "members") a sentence's own "they" may stand for.
_PLURAL_BODY = re.compile(
    r"\b(?:"
    + "|".join(sorted((w + "s" for w in ACTOR_NOUNS if not w.endswith("s")), key=len)[::-1])
    + r")\b"
)


#: What joins coordinated names ("A and B", "A, B, and C").
_JOINED = re.compile(r"^(?:\s*,)?\s*(?:,|and|&)?\s*(?:the\s+)?$", re.IGNORECASE)


def _named_before(
    text: str,
    holder: tuple[int, int],
    pronoun: str,
    mentions: Sequence[Mention],
    index: ActorIndex,
) -> list[str]:
    """The actors a sentence's own "it" / "they" stands for: the first body named before it
    ("the alliance ... revealing its offer"), or the first names joined by "and" ("Norway
    and Sweden ... they want"); a lone person is neither "it" nor "they"."""
    if pronoun not in {"it", "its", "they", "their"}:
        return []
    before = [m for m in mentions if m.end <= holder[0] and m.kind not in {"place", "pronoun"}]
    for i, first in enumerate(before):
        chain = [first]
        for m in before[i + 1 :]:
            if not _JOINED.match(text[chain[-1].end : m.start]):
                break
            chain.append(m)
        if pronoun in {"they", "their"} and len(chain) > 1:
            return list(dict.fromkeys(m.actor for m in chain))
        if index.actors[first.actor].type != "person":
            return [first.actor]
    return []


def _introduces_quote(
    text: str, holder: tuple[int, int], mentions: Sequence[Mention], index: ActorIndex
) -> str | None:
    """The person a sentence names before the quotation a "we" stands in ("X stressed that
    "we insist ..."": X, not the speaker of an earlier quote), when it names one."""
    opening = max(text.rfind(c, 0, holder[0]) for c in ('"', "“"))
    if opening < 0 or text.count('"', 0, opening) % 2:
        return None
    people = [
        m.actor
        for m in mentions
        if m.end <= opening and index.actors[m.actor].type == "person" and m.kind != "pronoun"
    ]
    return people[0] if len(set(people)) == 1 else None


def resolve(
    text: str,
    holder: tuple[int, int],
    head: tuple[int, int],
    pronoun: str | None,
    proper: bool,
    mentions: Sequence[Mention],
    index: ActorIndex,
    reporter: str | None,
    ctx: Context,
    s_index: int,
) -> list[str]:
    """The actors who hold a reading's position (usually one)."""
    if pronoun in {"we", "i", "our", "us"}:
        who = reporter or _introduces_quote(text, holder, mentions, index) or ctx.speaker
        return [who] if who else []
    # "Ukrainian, Western and UN officials": each side named before the head
    before_head = [
        m.actor for m in mentions if holder[0] <= m.start < head[0] and m.kind != "place"
    ]
    for found in re.finditer(r"[A-Z][\w.]+", text[holder[0] : head[0]]):
        state = state_name(found.group(0))
        at = holder[0] + found.start()
        within = mention_at((at, at + 1), mentions)  # "the Norwegian Armed Forces": a name
        if state and slug(state) in index.actors and not (within and within.kind == "name"):
            before_head.insert(0, slug(state))
    head_word = issue_keys.stem(text[head[0] : head[1]].lower())
    if len(set(before_head)) > 1 and head_word in _PART_OF | _TEAMS:
        return list(dict.fromkeys(before_head))
    covering = mention_at(head, mentions)
    if (
        not pronoun
        and ctx.parties
        and (covering is None or index.actors[covering.actor].type == "state")
        and _both_of_kind(text[head[0] : head[1]], ctx.parties, index)
    ):
        return list(ctx.parties)  # "the Nordic forces" when the two sides are both forces
    if covering:
        name = index.actors[covering.actor].name.split()
        if issue_keys.stem(name[-1].lower()) in stance.BILL_NOUNS | stance.DEAL_NOUNS:
            return []  # "a Bill that demands ...": the text, not its authors ("Brexit Bill")
        return [covering.actor]
    # "Oslo would suspend ...": a capital or state as the parse's subject is its state,
    # even where the mention read it as a place (its verb missing from ``_HOLDS``)
    bare = [m for m in mentions if m.kind == "place" and (m.start, m.end) == holder]
    if proper and bare and index.actors[bare[0].actor].type == "state":
        return [bare[0].actor]
    if pronoun:
        named_before = _named_before(text, holder, pronoun, mentions, index)
        if reporter and reporter in named_before and pronoun in {"they", "their"}:
            return named_before  # "Norway and Sweden announced that they were ..."

        if reporter and not (named_before and index.actors[reporter].type == "person"):
            return [reporter]
        if pronoun in {"they", "their"} and ctx.parties and _SIDES_BEFORE.search(text[: holder[0]]):
            return list(ctx.parties)  # "the two parties affirmed their commitment to ..."
        if named_before:
            return named_before
        if reporter:
            return [reporter]
        if pronoun in {"they", "their"} and (plural := _PLURAL_BODY.search(text[: holder[0]])):
            # "no guarantee workers will approve it after they rejected ...": the workers
            owner = nominal(plural.group(0), plural.group(0), index)
            return [owner] if owner else []
        if pronoun in {"it", "its"} and s_index - ctx.last_body_at <= PRONOUN_WINDOW:
            return [ctx.last_body] if ctx.last_body else []  # not "the rebels"
        if (
            pronoun in {"they", "their"}
            and s_index - ctx.last_at <= PRONOUN_WINDOW
            and ctx.last_holder
        ):
            return [ctx.last_holder]
        return []
    words = text[holder[0] : holder[1]]
    if ctx.parties and _THE_SIDES.match(words.strip()):
        return list(ctx.parties)
    if _THE_COUNTRY.match(words.strip()):
        # "Peskov noted that the country will return to the deal": the speaker's state
        who = reporter or ctx.last_holder
        side = index.side(who) if who else None
        return [side] if side and side in index.actors else []
    head_word = issue_keys.stem(text[head[0] : head[1]].lower())
    # "UK and EU negotiating teams": each side named in the phrase
    named = [
        m.actor for m in mentions if holder[0] <= m.start and m.end <= head[0] and m.kind != "place"
    ]
    if named and head_word in _PART_OF | _TEAMS:
        return list(dict.fromkeys(named))
    # "members of the union", "representatives of both parties": the body they belong to
    of = re.match(r"\s+of\s+(?:the\s+|its\s+|their\s+)?", text[holder[1] :])
    singular = re.sub(r"(?<!s)s$", "", text[head[0] : head[1]].lower())
    if of and {head_word, singular} & (_PART_OF | _SHARE_OF):
        at = holder[1] + of.end()
        if ctx.parties and _are_the_sides(text[holder[1] :]):
            return list(ctx.parties)  # "representatives of both Sudanese parties"
        inside = mention_at((at, at + 1), mentions)
        if inside:
            return [inside.actor]
        # "members of the machinists' union": the body named by the words after "of"
        body = re.match(r"(?:[\w’'-]+\s+){0,3}?(?P<head>[\w-]+)\b(?!['’\w])", text[at:])
        head_of = body.group("head") if body else ""
        if body and (owner := nominal(body.group(0), head_of, index, head_of[:1].isupper())):
            return [owner]
    examples = _examples_after(text, holder[1], mentions)
    if examples:
        return examples  # "Conservatives such as X": the one the sentence names
    head_words = text[head[0] : head[1]]
    if _ONE_OF.search(text[: holder[0]]) and words.endswith(head_words):
        # "one of the port's largest unions": one union, the body a singular noun names
        singular = re.sub(r"(?<=[^s])s$", "", head_words)
        words, head_words = words[: len(words) - len(head_words)] + singular, singular
    named_by = nominal(words, head_words, index, proper)
    if named_by:
        return [named_by]
    inside = mention_at(holder, mentions)
    return [inside.actor] if inside else []


#: Words before a plural holder that make it one of its kind ("one of the unions").
_ONE_OF = re.compile(r"\b(?:one|each|either)\s+of\s+(?:the\s+)?$", re.IGNORECASE)


#: What names examples of an unnamed holder ("Conservatives such as X", "MPs including X").
_EXAMPLES = re.compile(r"\s*,?\s*(?:such\s+as|including|like)\s+")


def _examples_after(text: str, end: int, mentions: Sequence[Mention]) -> list[str]:
    """The actors named as examples right after a holder no actor stands for ("Conservatives
    such as X and Y shared reservations"): X and Y."""
    such = _EXAMPLES.match(text, end)
    if not such:
        return []
    chain = [m for m in mentions if m.start == such.end() and m.kind != "place"]
    for m in mentions:
        if chain and m.start > chain[-1].end and _JOINED.match(text[chain[-1].end : m.start]):
            chain.append(m)
    return list(dict.fromkeys(m.actor for m in chain))


def reporter_of(
    text: str, reading: Reading, mentions: Sequence[Mention], index: ActorIndex
) -> str | None:
    if reading.reporter is None:
        return None
    covering = mention_at(reading.reporter, mentions)
    if covering:
        return covering.actor
    words = text[reading.reporter[0] : reading.reporter[1]]
    return nominal(words, words.split()[-1] if words.split() else "", index)


def claim_actor(
    words: str, text: str, mentions: Sequence[Mention], index: ActorIndex
) -> str | None:
    found = index.lookup(words)
    if found:
        return found
    named = [m for m in Resolver(index).mentions(words) if m.kind != "place"]
    if named:
        return named[0].actor
    at = text.find(words)
    if at >= 0:
        m = mention_at((at, at + len(words)), mentions)
        if m:
            return m.actor
    head = clean_name(words).split()
    return nominal(words, head[-1] if head else "", index) or (
        _new_group(index, clean_name(words)) if clean_name(words)[:1].isupper() else None
    )
