"""Who wants what: positions of actors on issues, the position matrix, gaps and shifts.

Written by hand because no maintained library extracts negotiating positions
from news text (event coders such as PETRARCH need a full parse and a CAMEO
dictionary, and give no issue). The stage is rule-based and runs spaCy only
where it must:

1. a sentence is a candidate when a stance cue (``CUES``: demand, insist on,
   call for, offer, propose, accept, reject, refuse, oppose, threaten,
   concede, shift, mediate, with negated forms such as "will not give in to"
   and "won't accept") or a quotation mark appears in it;
2. spaCy's entity recogniser runs on the candidates and the sentence before
   each, and ``storyline.actors`` merges what it finds into canonical actors;
3. for each cue, the actor is the nearest mention before it in the clause
   (or the mentions after "mediated by"), the issue is read after the cue
   with the ``ISSUES`` table of normalised phrases, and "these demands" /
   "the plan" take the issues of the latest opposing positions;
4. who reported it ("..., the officials said", "according to ...") and the
   date (a date mention in the sentence, else the article's date) are kept.

Each stance maps to its nearest CAMEO root code and PLOVER event type
(``STANCES``, documented in docs/positions.md).
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from . import nlp
from .actors import ActorIndex, Mention, Resolver, actors_to_json, build_index
from .figures import find_figures, parse_number, reconcile
from .model import Article, Position
from .quotes import OPEN, find_quotes, quotes_to_json

log = logging.getLogger(__name__)

#: stance -> (CAMEO code, CAMEO name, PLOVER type, polarity towards the issue).
STANCES = {
    "demand": ("10", "Demand", "REQUEST", 1),
    "offer": ("03", "Express intent to cooperate", "AGREE", 1),
    "accept": ("08", "Yield", "AGREE", 1),
    "reject": ("12", "Reject", "REJECT", -1),
    "oppose": ("11", "Disapprove", "ACCUSE", -1),
    "threaten": ("13", "Threaten", "THREATEN", 1),
    "concede": ("08", "Yield", "CONCEDE", 1),
    "shift": ("08", "Yield", "CONCEDE", 1),
    "mediate": ("045", "Mediate", "CONSULT", 0),
}

_NEG = r"(?:will not|won['’]t|would not|wouldn['’]t|does not|doesn['’]t|did not|didn['’]t|cannot|can['’]t|refuses? to|refused to|never)"
#: Stance cues, tried in order; an earlier cue's span is not matched again.
CUES: tuple[tuple[str, str], ...] = (
    ("reject", rf"\b{_NEG}\s+(?:\w+\s+)?(?:give in to|accept|agree to|allow|bow to|support)\b"),
    (
        "reject",
        r"\b(?:rejected|rejects|rejecting|reject|rebuffed|rebuffs|refused|refuses|dismissed|turned down|rejection of)\b",
    ),
    (
        "oppose",
        r"\b(?:opposes|opposed|opposing|oppose|concerned about|expressed alarm over|alarm over|wary of|pressuring \w+ to refrain from|pressing \w+ to refrain from|warned against)\b",
    ),
    (
        "shift",
        r"\b(?:shifted its (?:stance|position)|changed its (?:stance|position)|softened its (?:stance|position))\b",
    ),
    (
        "concede",
        r"\b(?:backed down|conceded|concedes|dropped its demand|drop(?:s|ped)? its opposition(?: to)?)\b",
    ),
    (
        "mediate",
        r"\b(?:mediated by|brokered by|(?:a|the) (?:key |main |chief )?mediator|is mediating|are mediating|"
        r"(?:offered|offers|agreed) to mediate|(?:will|to|would) chair (?:the )?talks)\b",
    ),
    (
        "offer",
        r"\b(?:raised (?:its|their) (?:pay |wage )?offer|offers?|offered|offering|proposed|proposes|propose|put forward)\b",
    ),
    ("accept", r"\b(?:agreed to|agrees to|accepted|accepts)\b"),
    (
        "threaten",
        r"\b(?:call(?:s|ed)? (?:a|an)\b(?=[^.]{0,25}\b(?:strike|walkout|stoppage)\b)|threaten(?:s|ed)?|vowed|pledged|intends? to|intention to|preparing|plans? to|"
        r"(?:send|move) (?:its )?forces into|invade|(?:have|has|had) to go into|"
        r"(?:will|would|must) go into)\b",
    ),
    (
        "demand",
        r"\b(?:demands?|demanded|demanding|insists? on|insisted on|insisting on|insistence on|insists?|"
        r"calls? for|called for|calling for|call for|wants?|wanted|is seeking|seeks?|dug in on|"
        r"is intent on|sticking to|pushing for|pressing for|urged|urging|must agree to)\b",
    ),
)
_CUES = [(stance, re.compile(pattern, re.IGNORECASE)) for stance, pattern in CUES]
_ANY_CUE = re.compile("|".join(f"(?:{pattern})" for _, pattern in CUES), re.IGNORECASE)
#: Words before a cue that need an antecedent from the sentence before ("He said", "the group").
_NEEDS_ANTECEDENT = re.compile(
    r"\b(?:[Hh]e|[Ss]he|[Hh]is|[Hh]er|[Tt]hey|[Tt]heir|[Tt]he (?:\w+ )?(?:group|movement|organi[sz]ation|officials?))\b"
)

#: Normalised issues: (key, pattern). "{place}" keys take the place the
#: pattern names, else the latest place of the article. ``flip`` patterns
#: state the opposite of the issue ("the war must continue" -> reject "end of
#: the war").
ISSUES: tuple[tuple[str, str, bool], ...] = (
    (
        "ceasefire before hostage release",
        r"cease-?fire\s+(?:must\s+|should\s+)?precede\w*\s+(?:any\s+|a\s+)?(?:release of hostages|hostage release)",
        False,
    ),
    (
        "end of the war",
        r"\b(?:end|halt|stop)\s+(?:to|of)\s+the\s+(?:war|fighting)\b|\bpermanent\s+(?:cease-?fire|truce)|"
        r"\b(?:cease-?fire|truce|it)\s+(?:must\s+|should\s+)?be\s+permanent\b",
        False,
    ),
    ("end of the war", r"\bwar\s+(?:must|will|should)\s+continue\b", True),
    (
        "temporary ceasefire",
        r"\btemporary\s+(?:cease-?fire|truce|cessation|pause)|\b(?:cease-?fire|truce)\s+can only be temporary|"
        r"\b\d+-day\s+(?:cease-?fire|truce|pause)",
        False,
    ),
    ("immediate ceasefire", r"\b(?:immediate|unconditional)\s+(?:cease-?fire|truce)", False),
    (
        "withdrawal from {place}",
        r"\bwithdrawal\s+(?:of\s+(?:the\s+)?(?:\w+\s+)?(?:forces|troops|IDF|army|military)\s+)?"
        r"(?:from\s+(?:the\s+)?(?P<place>[A-Z]\w+))?",
        False,
    ),
    (
        "release of prisoners",
        r"\brelease\s+of\s+(?:all\s+)?(?:\w+\s+)?prisoners|\b(?:prisoners|Palestinians)\s+(?:to\s+be\s+|be\s+)?released|"
        r"released\s+from\s+\w+\s+jails",
        False,
    ),
    (
        "release of hostages",
        r"\brelease\s+(?:of\s+)?(?:the\s+|all\s+|remaining\s+)?(?:\w+\s+)?hostages|\bhostages?\s+(?:to\s+be\s+|be\s+|are\s+)?"
        r"(?:released|freed)|\bfree\s+the\s+hostages|\bhostage\s+release",
        False,
    ),
    (
        "return of displaced people to the north",
        r"\breturn(?:ing)?\s+(?:to\s+(?:the\s+)?north|home\b|to\s+their\s+homes)|\breturn\s+of\s+(?:the\s+)?displaced|"
        r"\bto\s+return\b(?!\s+to\s+[A-Z])",
        False,
    ),
    (
        "remaining in power",
        r"\bremain\w*\s+in\s+power\b|\bleaving\s+in\s+place\s+its\s+administration",
        False,
    ),
    (
        "military operation in {place}",
        # an operation with its place ("assault on the town", "ground attack targeting Rafah"), or
        # with a military adjective ("a major military operation"); a bare "the attack" is not one.
        r"\b(?:(?:ground\s+|military\s+|major\s+)*(?:operation|offensive|assault|attack|invasion|incursion))"
        r"\s+(?:in|on|into|against|targeting)\s+(?:(?:the\s+(?:city|town)\b(?:\s+of\s+(?P<place>[A-Z]\w+))?)|"
        r"(?P<place3>[A-Z]\w+))|"
        r"\b(?:ground|military|major)\s+(?:military\s+)?(?:operation|offensive|assault|attack|invasion|incursion)|"
        r"\b(?:invade|(?:to|will|would|must)\s+go\s+into|(?:send|move)\s+(?:its\s+)?forces\s+into)\s+(?:the\s+[\w\s]{0,30}?(?:city|town)\s+of\s+)?"
        r"(?P<place2>[A-Z]\w+)?",
        False,
    ),
    (
        "compromise proposal",
        r"\b(?:compromise|cease-?fire)\s+proposal|\boffers?\s+for\s+a\s+compromise",
        False,
    ),
    ("humanitarian aid", r"\b(?:more\s+)?(?:humanitarian\s+)?aid\s+into\b", False),
    # labour disputes: a pay figure ("a 9% rise", "four per cent", "an offer of 6%") and strikes
    (
        "pay rise of {pct}%",
        r"(?<![\w.])(?P<pct>\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
        r"\s*(?:%|per\s*cent\b|percent\b)(?!\s+(?:in favour|of (?:the )?(?:vote|members|ballot)|turnout))",
        False,
    ),
    (
        "strike",
        r"\b(?:open-ended\s+|all-out\s+|\d+-hour\s+|general\s+)?(?:strike|walkout|stoppage)s?\b(?!\s+ballot)",
        False,
    ),
)
_ISSUES = [(key, re.compile(pattern), flip) for key, pattern, flip in ISSUES]
_OFFER_NOUN = re.compile(
    r"\b(?:a|an|the|its|their|his|her|our|this|that|latest|new|final|improved|pay|wage|%|cent|percent)\s+(?:\w+\s+)?$"
    r"|%\s*(?:pay\s+)?$",
    re.IGNORECASE,
)
_CONDITION = re.compile(r"\b(?:if|unless)\b", re.IGNORECASE)
_PAY = re.compile(r"\b(?:pay|wages?|salar\w+|offer\w*|rise|increase|raise)\b", re.IGNORECASE)
_NAMED_GROUP = re.compile(r"\(\?P<\w+>")
#: A sentence can only yield a position when it names an issue, refers back to one, or mediates.
_MAY_HAVE_ISSUE = re.compile(
    "|".join("(?:" + _NAMED_GROUP.sub("(?:", pattern) + ")" for _, pattern, _ in ISSUES)
    + r"|\b(?:demands|conditions|plan|mediat\w*|reject\w*|refus\w*|oppos\w*|accept\w*|rebuff\w*)\b"
)
_ANAPHORA = re.compile(
    r"\b(?:these|those|such|its|their|the|his|\w+['’]s)\s+(?:\w+\s+)?(?:demands|conditions|plan)\b",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r"[;:—]|,\s+(?:but|while|and|though)\b|\.\s")
_REPORTED = re.compile(
    r"(?:,\s*|\b)(?P<who>(?:the|two|other|senior|israeli|american|qatari|egyptian|\s)*officials?)\s+(?:said|say|says)\b|"
    r"\baccording to (?P<acc>(?:the\s+)?[^,.;]{3,50}?)(?=[,.;]|$)|\breported (?P<rep>(?-i:[A-Z])\w+)",
    re.IGNORECASE,
)
_PLACE_RE = re.compile(
    r"\b(?:in|into|from|of|at)\s+(?:the\s+)?(?:southern\s+|northern\s+)?(?P<place>[A-Z][a-z]{2,})\b"
)
#: Anaphora in the singular take the issues of the latest sentence only.
_SINGULAR = re.compile(r"\b(?:plan|proposal|idea)\b", re.IGNORECASE)
_QUOTE_CHARS = ("“", "”", '"')
#: How many sentences back "these demands" may look for the issues it refers to.
ANAPHORA_WINDOW = 4


@dataclass(frozen=True, slots=True)
class _Sentence:
    index: int
    paragraph: int
    text: str
    date: str | None


_DEICTIC_DAY = re.compile(
    r"(?i)\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(?:today|yesterday|tonight)\b"
)


def _sentence_date(article: Article, index: int) -> str | None:
    """The date of what a sentence says: its own past day mention, else the article's date."""
    for mention in article.mentions:
        # Only relative day mentions ("on Tuesday") date the statement itself; an
        # absolute one ("the massacre of October 7") usually names an earlier event.
        if (
            mention.sentence == index
            and mention.precision == "day"
            and mention.relation != "future"
            and _DEICTIC_DAY.search(mention.text)
        ):
            return mention.value
    return article.published


def is_candidate(text: str) -> bool:
    """Whether a sentence may state a position or hold a quote (a cheap test before spaCy)."""
    if any(c in text for c in _QUOTE_CHARS):
        return True
    return _ANY_CUE.search(text) is not None and _MAY_HAVE_ISSUE.search(text) is not None


def _issues_in(
    text: str, start: int, end: int, state: _ArticleState, index: ActorIndex
) -> list[tuple[str, str, bool, int]]:
    """Issues (key, phrase, flip, position) named in text[start:end]."""
    found: list[tuple[str, str, bool, int]] = []
    taken: list[tuple[int, int]] = []
    for key, pattern, flip in _ISSUES:
        for m in pattern.finditer(text, start, end):
            if "{pct}" in key:
                if not _PAY.search(text):
                    continue
                value = parse_number(m.group("pct"))
                if value is None:
                    continue
                found.append(
                    (key.replace("{pct}", f"{value:g}"), m.group(0).strip(), flip, m.start())
                )
                taken.append((m.start(), m.end()))
                continue
            if m.end() - m.start() < 2 or any(
                not (m.end() <= a or m.start() >= b) for a, b in taken
            ):
                continue
            # "X in exchange for the release of hostages": the hostages are offered, not demanded.
            offered = key == "release of hostages" and bool(
                re.search(r"exchange for\s+(?:the\s+)?$", text[max(0, m.start() - 25) : m.start()])
            )
            name = key
            if "{place}" in key:
                groups = m.groupdict()
                group = next((g for g in ("place", "place2", "place3") if groups.get(g)), None)
                where = groups[group] if group else None
                place_actor = index.lookup(where) if where else None
                if (
                    place_actor
                    and group is not None
                    and index.actors[place_actor].type != "state"
                    and re.search(r"\b(?:on|against|targeting)\s+$", text[: m.start(group)])
                ):
                    later = _PLACE_RE.search(text, m.end(), min(len(text), m.end() + 60))
                    where = later.group("place") if later else None
                if not where:
                    here = [
                        p.group("place")
                        for p in _PLACE_RE.finditer(text, 0, m.start())
                        if p.group("place") in index.places
                    ]
                    where = here[-1] if here else None
                if not where:
                    where = (
                        state.op_place
                        if key.startswith("military") and state.op_place
                        else state.place
                    )
                if not where:
                    continue
                name = key.replace("{place}", where.lower())
                if key.startswith("military"):
                    state.op_place = where
            taken.append((m.start(), m.end()))
            found.append((name, m.group(0).strip(), flip or offered, m.start()))
    return sorted(found, key=lambda f: f[3])


@dataclass
class _ArticleState:
    """What the positions of an article carry from sentence to sentence."""

    place: str | None = None  # the latest place named ("the city" -> it)
    op_place: str | None = None  # the place of the latest military operation named
    recent: list[Position] | None = None  # positions "these demands" may refer to
    officials: str | None = None  # who "the officials" are


def _reported_by(
    text: str, index: ActorIndex, mentions: Sequence[Mention], actor: str, state: _ArticleState
) -> str | None:
    m = _REPORTED.search(text)
    if not m:
        return None
    words = (m.group("who") or m.group("acc") or m.group("rep") or "").strip()
    inside = [x for x in mentions if m.start() <= x.start < m.end() and x.actor != actor]
    if inside:
        return inside[0].actor
    found = index.lookup(words)
    if not found and "official" in words.lower() and state.officials:
        found = state.officials
    if found and found != actor:
        return found
    return words.lower() if words and not found else None


_TIGHT_PREPOSITION = re.compile(
    r"\b(?:over|with|to|by|from|of|on|against|about|for|in|into|at|including|between)\s+(?:the\s+)?$",
    re.I,
)
_ADJACENT = re.compile(
    r"\s*(?:(?:is|are|was|were|has|have|had|would|will|also|still|now|again|once|\w+ly)\s+)*", re.I
)
_SAYER = re.compile(r"\s+(?:also\s+|\w+ly\s+)?(?:says|said|say|insists|insisted|argues|argued)\b")
_PRONOUN_BEFORE = re.compile(r"\b(?:it|its|they|their)\s+(?:\w+\s+){0,2}$", re.I)


def _holders(
    text: str,
    start: int,
    end: int,
    span_end: int,
    stance: str,
    mentions: list[Mention],
    quote_speaker: str | None,
) -> list[Mention]:
    """Who holds the position a cue at text[start:end] states."""
    cue = text[start:end].lower()
    if stance == "mediate" and cue.startswith(("mediated by", "brokered by")):
        return [m for m in mentions if end <= m.start < span_end]
    if stance == "mediate" and "mediator" in cue:
        near = [
            m for m in mentions if m.end <= start and re.fullmatch(r",?\s*", text[m.end : start])
        ]
        return near[-1:]
    actors = [m for m in mentions if m.kind != "place"]
    clause_start = max((b.end() for b in _CLAUSE_BREAK.finditer(text, 0, start)), default=0)
    before = [m for m in actors if m.end <= start]
    in_clause = [m for m in before if m.start >= clause_start]
    if cue.startswith("must"):
        sayers = [m for m in in_clause if _SAYER.match(text, m.end, start)]
        if sayers:
            return sayers[:1]
    pronoun = _PRONOUN_BEFORE.search(text[:start])
    if pronoun and (not in_clause or in_clause[-1].end <= pronoun.start()):
        sides = [m for m in in_clause if m.kind in {"name", "collective", "descriptor"}]
        if sides:
            return sides[:1]
    usable = [
        m
        for m in in_clause
        if (
            not _TIGHT_PREPOSITION.search(text[: m.start])
            or _ADJACENT.fullmatch(text[m.end : start])
        )
        # "Calderhaven's port employers raised ...": a possessive modifies the holder, is not it
        and not (
            m.kind == "name"
            and text[m.start : m.end].endswith(("'s", "’s"))
            and not _ADJACENT.fullmatch(text[m.end : start])
        )
    ]
    # Skip an apposition: "Hamas, designated ... by the US and EU, must ..."
    if usable:
        last = usable[-1]
        comma = text.rfind(",", 0, last.start)
        if comma >= 0 and re.fullmatch(r"[^,]*,\s*(?:\w+\s+){0,2}", text[last.start : start]):
            earlier = [
                m for m in usable if m.end <= comma and re.fullmatch(r"\s*", text[m.end : comma])
            ]
            if earlier:
                return earlier[-1:]
        return usable[-1:]
    if not before and quote_speaker and re.search(r"\b(?:we|I)\b", text[:start], re.IGNORECASE):
        return [Mention(start, start, quote_speaker, "quote")]
    return []


def _positions_in(
    article: Article,
    sentence: _Sentence,
    mentions: list[Mention],
    index: ActorIndex,
    state: _ArticleState,
    quote_speaker: str | None,
) -> list[Position]:
    text = sentence.text
    cues: list[tuple[int, int, str]] = []
    for stance, pattern in _CUES:
        for m in pattern.finditer(text):
            if any(not (m.end() <= a or m.start() >= b) for a, b, _ in cues):
                continue
            if stance == "offer" and _OFFER_NOUN.search(text[: m.start()]):
                continue  # "their offer", "a 4% pay offer": a noun, not someone offering
            cues.append((m.start(), m.end(), stance))
    cues.sort()
    # A cue right after another with no actor between is its object ("rejected offers of
    # 4%", "dug in on its demands"): the first cue covers it.
    kept: list[tuple[int, int, str]] = []
    for cue in cues:
        noun = re.fullmatch(r"(?i)demands?|offers?", text[cue[0] : cue[1]])
        if (
            noun
            and kept
            and cue[0] - kept[-1][1] <= 25
            and not any(kept[-1][1] <= m.start < cue[0] for m in mentions if m.kind != "pronoun")
            and not _CLAUSE_BREAK.search(text, kept[-1][1], cue[0])
        ):
            continue
        kept.append(cue)
    cues = kept
    out: list[Position] = []
    for i, (start, end, stance) in enumerate(cues):
        stop = cues[i + 1][0] if i + 1 < len(cues) else len(text)
        brk = _CLAUSE_BREAK.search(text, end, stop)
        if brk and brk.group(0) == ":" and brk.start() - end < 40:
            brk = _CLAUSE_BREAK.search(text, brk.end(), stop)
            brk = brk if brk and brk.group(0) != "," else None
        span_end = brk.start() if brk and stance != "mediate" else stop
        condition = _CONDITION.search(text, end, span_end)
        if condition:
            span_end = condition.start()  # "threatened to move ... if the strike goes ahead"
        holders = [
            h
            for h in _holders(text, start, end, span_end, stance, mentions, quote_speaker)
            if h.actor in index.actors
        ]
        if not holders:
            continue
        issues = _issues_in(text, start, span_end, state, index)
        if issues and issues[0][3] == start:
            issues = issues[:1]  # the cue names the issue itself: "invade Rafah"
        if stance == "mediate" and not issues:
            issues = [("talks", "talks", False, start)]
        if not issues:
            relative = re.search(
                r",\s*(?:which|something|what)\s+(?:\w+\s+){0,4}$", text[: holders[0].start]
            )
            if relative:
                issues = _issues_in(text, 0, relative.start(), state, index)
        # "rejected these demands", "alarm over the plan": the issues of the latest
        # positions of another side. Only rejecting or opposing stances look back.
        clause = _CLAUSE_BREAK.search(text, end)
        anaphoric = stance in {"reject", "oppose", "accept"} and (
            _ANAPHORA.search(text, end, clause.start() if clause else len(text))
            or re.match(r"[\s.]*$", text[end:span_end])
        )
        if not issues and anaphoric:
            side = index.side(holders[0].actor)
            singular = isinstance(anaphoric, re.Match) and _SINGULAR.search(anaphoric.group(0))
            candidates = [
                p
                for p in (state.recent or []) + out
                if index.side(p.actor) != side
                and sentence.index - p.sentence_index <= ANAPHORA_WINDOW
                and (p.stance == "demand") != bool(singular)  # "these demands" vs "the plan"
            ]
            if singular and candidates:
                latest = max(p.sentence_index for p in candidates)
                candidates = [p for p in candidates if p.sentence_index == latest]
            issues = list({p.issue: (p.issue, p.phrase, False, start) for p in candidates}.values())
        negated = stance == "reject" and bool(re.match(_NEG, text[start:end], re.IGNORECASE))
        reported = _reported_by(text, index, mentions, holders[0].actor, state)
        side0 = index.side(holders[0].actor)
        targets = [
            m.actor
            for m in mentions
            if m.kind != "place"
            and start <= m.start < span_end
            and index.side(m.actor) != side0
            and not re.search(r"\b(?:in|into|from|at|near)\s+(?:the\s+)?$", text[: m.start])
        ]
        for holder in holders:
            for key, phrase, flip, _pos in issues:
                final = stance
                if flip and stance in {"demand", "offer", "accept", "threaten"}:
                    final = "offer" if key == "release of hostages" else "reject"
                out.append(
                    Position(
                        actor=holder.actor,
                        side=index.side(holder.actor) or holder.actor,
                        stance=final,
                        issue=key,
                        phrase=phrase,
                        article_id=article.id,
                        sentence_index=sentence.index,
                        sentence=text,
                        outlet=article.outlet,
                        date=sentence.date,
                        target=targets[0] if targets and stance != "mediate" else None,
                        reported_by=reported,
                        negated=negated,
                    )
                )
    return out


def _dedupe(positions: list[Position]) -> list[Position]:
    seen = set()
    out = []
    for p in positions:
        key = (p.article_id, p.sentence_index, p.actor, p.stance, p.issue)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def position_to_json(p: Position, index: ActorIndex) -> dict:
    cameo, cameo_name, plover, _ = STANCES[p.stance]
    actor = index.actors.get(p.actor)
    side = index.actors.get(p.side)
    reporter = index.actors.get(p.reported_by or "")
    return {
        "actor": actor.name if actor else p.actor,
        "actor_id": p.actor,
        "side": side.name if side else p.side,
        "stance": p.stance,
        "issue": p.issue,
        "phrase": p.phrase,
        "target": index.actors[p.target].name if p.target in index.actors else None,
        "reported_by": reporter.name if reporter else p.reported_by,
        "negated": p.negated,
        "date": p.date,
        "sentence": p.sentence,
        "sentence_index": p.sentence_index,
        "article_id": p.article_id,
        "outlet": p.outlet,
        "cameo": cameo,
        "cameo_name": cameo_name,
        "plover": plover,
    }


def _order(p: dict) -> tuple:
    return (p["date"] or "", p["article_id"], p["sentence_index"])


def position_matrix(positions: Sequence[dict]) -> dict:
    """Issues x sides: each cell the latest stance and its history."""
    cells: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    phrases: dict[str, set[str]] = defaultdict(set)
    for p in sorted(positions, key=_order):
        cells[p["issue"]][p["side"]].append(
            {
                "stance": p["stance"],
                "actor": p["actor"],
                "date": p["date"],
                "article_id": p["article_id"],
                "sentence_index": p["sentence_index"],
                "outlet": p["outlet"],
            }
        )
        phrases[p["issue"]].add(p["phrase"])
    issues = sorted(cells, key=lambda k: (-sum(len(v) for v in cells[k].values()), k))
    sides = sorted({s for k in cells for s in cells[k]})
    return {
        "issues": [{"issue": k, "phrases": sorted(phrases[k])} for k in issues],
        "actors": sides,
        "cells": {
            k: {
                s: {"stance": h[-1]["stance"], "date": h[-1]["date"], "history": h}
                for s, h in cells[k].items()
            }
            for k in issues
        },
    }


def gaps(matrix: dict) -> list[dict]:
    """Issues where one side's latest stance is for it and another's against it."""
    out = []
    for issue, row in matrix["cells"].items():
        pro = sorted(s for s, c in row.items() if STANCES[c["stance"]][3] > 0)
        con = sorted(s for s, c in row.items() if STANCES[c["stance"]][3] < 0)
        if pro and con:
            out.append(
                {
                    "issue": issue,
                    "for": [{"actor": s, "stance": row[s]["stance"]} for s in pro],
                    "against": [{"actor": s, "stance": row[s]["stance"]} for s in con],
                }
            )
    return out


def shifts(matrix: dict) -> list[dict]:
    """A side's stance on an issue changing direction over time (for <-> against)."""
    out = []
    for issue, row in matrix["cells"].items():
        for side, cell in row.items():
            history = cell["history"]
            for a, b in zip(history, history[1:], strict=False):
                pa, pb = STANCES[a["stance"]][3], STANCES[b["stance"]][3]
                if pa and pb and pa != pb:
                    out.append(
                        {
                            "actor": side,
                            "issue": issue,
                            "from": a["stance"],
                            "to": b["stance"],
                            "from_date": a["date"],
                            "to_date": b["date"],
                            "evidence": [
                                {
                                    "article_id": x["article_id"],
                                    "sentence_index": x["sentence_index"],
                                    "outlet": x["outlet"],
                                    "date": x["date"],
                                }
                                for x in (a, b)
                            ],
                        }
                    )
    return out


def candidate_sentences(article: Article) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Indexes of the sentences that may state a position, and of those spaCy must read
    (the candidates and the sentence before an anaphoric one)."""
    candidates: list[int] = []
    wanted: list[int] = []
    for s_i, s in enumerate(article.sentences):
        if is_candidate(s.text):
            candidates.append(s.index)
            wanted.append(s.index)
            if s_i and _NEEDS_ANTECEDENT.search(s.text):
                wanted.append(article.sentences[s_i - 1].index)
    return tuple(candidates), tuple(sorted(set(wanted)))


#: Per article id: its ``candidate_sentences`` and spaCy's entities of the wanted ones by
#: sentence index (``None`` when not computed), as kept by ``storyline.features``.
Precomputed = Mapping[str, tuple[tuple[int, ...], tuple[int, ...], Mapping[int, list] | None]]


def analyse_story(
    articles: Sequence[Article], precomputed: Precomputed | None = None, *, claims=None
) -> dict:
    """Actors, positions, matrix, gaps, shifts, quotes and figures of one story (JSON-ready).

    ``precomputed`` saves the per-article work (candidate tests, spaCy) done at an earlier build.
    """
    prepared: list[tuple[Article, list[_Sentence]]] = []
    candidates: set[tuple[str, int]] = set()
    keys: list[tuple[str, int]] = []
    known: dict[tuple[str, int], list] = {}
    for article in articles:
        sentences = [
            _Sentence(s.index, s.paragraph, s.text, _sentence_date(article, s.index))
            for s in article.sentences
        ]
        prepared.append((article, sentences))
        done = (precomputed or {}).get(article.id)
        cands, wanted, ents = done if done else (*candidate_sentences(article), None)
        candidates.update((article.id, i) for i in cands)
        keys.extend((article.id, i) for i in wanted)
        if ents is not None:
            known.update(((article.id, i), ents.get(i, [])) for i in wanted)
    analysed = set(keys)
    text_of = {(a.id, s.index): s.text for a, sentences in prepared for s in sentences}
    texts = [text_of[k] for k in keys]
    missing = [k for k in keys if k not in known]
    known.update(zip(missing, nlp.entities(text_of[k] for k in missing), strict=True))
    entities = [[tuple(e) for e in known[k]] for k in keys]
    outlets = {a.outlet for a in articles if a.outlet}
    index = build_index(texts, entities, exclude=outlets)
    positions: list[Position] = []
    quotes = []
    figure_mentions = []
    for article, sentences in prepared:
        resolver = Resolver(index)
        mentions: dict[int, list[Mention]] = {}
        officials: dict[int, str | None] = {}
        for s in sentences:
            # Mentions are read where spaCy ran (candidates and their antecedent sentences).
            mentions[s.index] = (
                resolver.mentions(s.text) if (article.id, s.index) in analysed else []
            )
            officials[s.index] = resolver.last_officials
        article_quotes = find_quotes(
            article.id,
            article.outlet,
            [(s.index, s.paragraph, s.text, s.date) for s in sentences],
            mentions,
            index,
        )
        quotes.extend(article_quotes)
        speaker_at = {q.sentence_index: q.speaker for q in article_quotes}
        state = _ArticleState(recent=[])
        last_speaker = None
        for s in sentences:
            last_speaker = speaker_at.get(
                s.index, last_speaker if OPEN not in s.text[:1] else last_speaker
            )
            state.officials = officials[s.index]
            speaker = speaker_at.get(s.index) or (
                last_speaker if any(c in s.text for c in _QUOTE_CHARS) else None
            )
            if (article.id, s.index) not in candidates:
                found = []
            else:
                found = _positions_in(article, s, mentions[s.index], index, state, speaker)
            for m in _PLACE_RE.finditer(s.text):
                if m.group("place") in index.places:
                    state.place = m.group("place")
            state.recent = [
                p for p in (state.recent or []) if s.index - p.sentence_index <= ANAPHORA_WINDOW
            ] + [p for p in found if p.stance in {"demand", "offer", "threaten"}]
            positions.extend(found)
        figure_mentions.extend(
            find_figures(article.id, article.outlet, [(s.index, s.text, s.date) for s in sentences])
        )
    positions = _dedupe(positions)
    holders = {p.side for p in positions}
    positions = [
        p if index.side(p.target) in holders else replace(p, target=None) for p in positions
    ]
    used = {p.actor for p in positions} | {p.side for p in positions} | {q.speaker for q in quotes}
    used |= {
        index.actors[a].affiliation
        for a in used
        if a in index.actors and index.actors[a].affiliation
    }
    pos_json = [position_to_json(p, index) for p in positions]
    matrix = position_matrix(pos_json)
    log.debug("%d actors, %d positions, %d quotes", len(index.actors), len(positions), len(quotes))
    return {
        "actors": actors_to_json(a for a in index.sorted_actors() if a.id in used),
        "positions": pos_json,
        "position_matrix": matrix,
        "gaps": gaps(matrix),
        "shifts": shifts(matrix),
        "quotes": quotes_to_json(quotes, index),
        "figures": reconcile(figure_mentions),
    }


def story_positions(
    articles: Sequence[Article], precomputed: Precomputed | None = None, *, claims=None
) -> dict:
    """``analyse_story`` for the pipeline: without the ``nlp`` extra, says so and returns nothing."""
    from .errors import MissingExtra

    try:
        return analyse_story(articles, precomputed, claims=claims)  # claims: stub, not read yet
    except MissingExtra as exc:
        log.warning("positions, quotes and figures left out: %s", exc)
        return {}


__all__ = ["STANCES", "analyse_story", "gaps", "position_matrix", "shifts", "story_positions"]
