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
from collections.abc import Sequence
from dataclasses import dataclass

from . import nlp
from .actors import ActorIndex, Mention, Resolver, actors_to_json, build_index, state_name
from .figures import find_figures, reconcile
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
    ("reject", r"\b(?:rejected|rejects|rejecting|reject|rebuffed|rebuffs|refused|refuses|dismissed|turned down|rejection of)\b"),
    ("oppose", r"\b(?:opposes|opposed|opposing|oppose|concerned about|expressed alarm over|alarm over|wary of|pressuring \w+ to refrain from|pressing \w+ to refrain from|warned against)\b"),
    ("shift", r"\b(?:shifted its (?:stance|position)|changed its (?:stance|position)|softened its (?:stance|position))\b"),
    ("concede", r"\b(?:backed down|conceded|concedes|dropped its demand)\b"),
    ("mediate", r"\b(?:mediated by|brokered by|a key mediator|mediators?|mediating)\b"),
    ("offer", r"\b(?:offers?|offered|offering|proposed|proposes|propose|put forward)\b"),
    ("accept", r"\b(?:agreed to|agrees to|accepted|accepts)\b"),
    ("threaten", r"\b(?:threaten(?:s|ed)?|vowed|pledged|intends? to|intention to|preparing|plans? to|"
                 r"(?:send|move) (?:its )?forces into|invade|go into)\b"),
    ("demand", r"\b(?:demands?|demanded|demanding|insists? on|insisted on|insisting on|insistence on|insists?|"
               r"calls? for|called for|calling for|call for|wants?|wanted|is seeking|seeks?|sought|dug in on|"
               r"is intent on|sticking to|pushing for|pressing for|urged|urging|must agree to)\b"),
)
_CUES = [(stance, re.compile(pattern, re.IGNORECASE)) for stance, pattern in CUES]

#: Normalised issues: (key, pattern). "{place}" keys take the place the
#: pattern names, else the latest place of the article. ``flip`` patterns
#: state the opposite of the issue ("the war must continue" -> reject "end of
#: the war").
ISSUES: tuple[tuple[str, str, bool], ...] = (
    ("ceasefire before hostage release",
     r"cease-?fire\s+(?:must\s+|should\s+)?precede\w*\s+(?:any\s+|a\s+)?(?:release of hostages|hostage release)", False),
    ("end of the war",
     r"\b(?:end|halt|stop)\s+(?:to|of)\s+the\s+(?:war|fighting)\b|\bpermanent\s+(?:cease-?fire|truce)|"
     r"\b(?:cease-?fire|truce|it)\s+(?:must\s+|should\s+)?be\s+permanent\b", False),
    ("end of the war", r"\bwar\s+(?:must|will|should)\s+continue\b", True),
    ("temporary ceasefire",
     r"\btemporary\s+(?:cease-?fire|truce|cessation|pause)|\b(?:cease-?fire|truce)\s+can only be temporary|"
     r"\b\d+-day\s+(?:cease-?fire|truce|pause)", False),
    ("immediate ceasefire", r"\b(?:immediate|unconditional)\s+(?:cease-?fire|truce)", False),
    ("withdrawal from {place}",
     r"\bwithdrawal\s+(?:of\s+(?:the\s+)?(?:\w+\s+)?(?:forces|troops|IDF|army|military)\s+)?"
     r"(?:from\s+(?:the\s+)?(?P<place>[A-Z]\w+)?)?", False),
    ("release of Palestinian prisoners",
     r"\brelease\s+of\s+(?:all\s+)?(?:\w+\s+)?prisoners|\b(?:prisoners|Palestinians)\s+(?:to\s+be\s+|be\s+)?released|"
     r"released\s+from\s+\w+\s+jails", False),
    ("release of hostages",
     r"\brelease\s+(?:of\s+)?(?:the\s+|all\s+|remaining\s+)?(?:\w+\s+)?hostages|\bhostages?\s+(?:to\s+be\s+|be\s+|are\s+)?"
     r"(?:released|freed)|\bfree\s+the\s+hostages|\bhostage\s+release", False),
    ("return of displaced people to the north",
     r"\breturn(?:ing)?\s+(?:to\s+(?:the\s+)?north|home\b|to\s+their\s+homes)|\breturn\s+of\s+(?:the\s+)?displaced|"
     r"\bto\s+return\b(?!\s+to\s+[A-Z])", False),
    ("remaining in power in {place}",
     r"\bremain\w*\s+in\s+power(?:\s+in\s+(?P<place>[A-Z]\w+))?|\bleaving\s+in\s+place\s+its\s+administration", False),
    ("military operation in {place}",
     r"\b(?:(?:ground\s+|military\s+|major\s+)*(?:operation|offensive|assault|attack|invasion|incursion))"
     r"(?:\s+(?:in|on|into|against|targeting)\s+(?:the\s+(?:city|town)\s+(?:of\s+)?)?(?P<place>[A-Z]\w+)?)?|"
     r"\b(?:invade|go\s+into|(?:send|move)\s+(?:its\s+)?forces\s+into)\s+(?:the\s+[\w\s]{0,30}?(?:city|town)\s+of\s+)?"
     r"(?P<place2>[A-Z]\w+)?", False),
    ("compromise proposal", r"\b(?:compromise|cease-?fire)\s+proposal|\boffers?\s+for\s+a\s+compromise", False),
    ("humanitarian aid", r"\b(?:more\s+)?(?:humanitarian\s+)?aid\s+into\b", False),
)
_ISSUES = [(key, re.compile(pattern), flip) for key, pattern, flip in ISSUES]
_ANAPHORA = re.compile(
    r"\b(?:these|those|such|its|their|the|his)\s+(?:\w+\s+)?(?:demands|conditions|plan|proposal)\b", re.IGNORECASE
)
_CLAUSE_BREAK = re.compile(r"[;:—]|,\s+(?:but|while|and|though)\b|\.\s")
_REPORTED = re.compile(
    r"(?:,\s*|\b)(?P<who>(?:the|two|other|senior|israeli|american|qatari|egyptian|\s)*officials?)\s+(?:said|say|says)\b|"
    r"\baccording to (?P<acc>(?:the\s+)?[^,.;]{3,50}?)(?=[,.;]|$)|\breported (?P<rep>[A-Z]\w+)",
    re.IGNORECASE,
)
_PLACE_RE = re.compile(r"\b(?:in|into|from|of|at)\s+(?:the\s+)?(?:southern\s+|northern\s+)?(?P<place>[A-Z][a-z]{2,})\b")
_QUOTE_CHARS = ("“", "”", '"')
#: How many sentences back "these demands" may look for the issues it refers to.
ANAPHORA_WINDOW = 4


@dataclass(frozen=True, slots=True)
class _Sentence:
    index: int
    paragraph: int
    text: str
    date: str | None


def _sentence_date(article: Article, index: int) -> str | None:
    """The date of what a sentence says: its own past day mention, else the article's date."""
    for mention in article.mentions:
        if mention.sentence == index and mention.precision == "day" and mention.relation != "future":
            return mention.value
    return article.published


def is_candidate(text: str) -> bool:
    return any(c in text for c in _QUOTE_CHARS) or any(p.search(text) for _, p in _CUES)


def _issues_in(text: str, start: int, end: int, place: str | None) -> list[tuple[str, str, bool, int]]:
    """Issues (key, phrase, flip, position) named in text[start:end]."""
    found: list[tuple[str, str, bool, int]] = []
    taken: list[tuple[int, int]] = []
    for key, pattern, flip in _ISSUES:
        for m in pattern.finditer(text, start, end):
            if m.end() - m.start() < 4 or any(not (m.end() <= a or m.start() >= b) for a, b in taken):
                continue
            if key == "release of hostages" and re.search(r"exchange for\s+$|for\s+$", text[max(0, m.start() - 20) : m.start()]):
                flip_offer = True
            else:
                flip_offer = False
            name = key
            if "{place}" in key:
                groups = m.groupdict()
                where = groups.get("place") or groups.get("place2") or place
                if not where:
                    continue
                if where.lower() in {"the", "its", "their", "his", "her"}:
                    where = place
                if not where:
                    continue
                name = key.replace("{place}", where.lower())
            taken.append((m.start(), m.end()))
            found.append((name, m.group(0).strip(), flip or flip_offer, m.start()))
    return sorted(found, key=lambda f: f[3])


@dataclass
class _ArticleState:
    place: str | None = None
    recent: list[Position] | None = None


def _reported_by(text: str, index: ActorIndex, mentions: Sequence[Mention], actor: str) -> str | None:
    m = _REPORTED.search(text)
    if not m:
        return None
    words = (m.group("who") or m.group("acc") or m.group("rep") or "").strip()
    inside = [x for x in mentions if m.start() <= x.start < m.end() and x.actor != actor]
    if inside:
        return inside[0].actor
    found = index.lookup(words)
    if found and found != actor:
        return found
    return words.lower() if words else None


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
            cues.append((m.start(), m.end(), stance))
    cues.sort()
    out: list[Position] = []
    actors_only = [m for m in mentions if m.kind != "place"]
    for i, (start, end, stance) in enumerate(cues):
        stop = cues[i + 1][0] if i + 1 < len(cues) else len(text)
        brk = _CLAUSE_BREAK.search(text, end, stop)
        span_end = brk.start() if brk and stance != "mediate" else stop
        # Who: the nearest actor before the cue in the same clause; after "mediated by", those after it.
        if stance == "mediate" and text[start:end].lower().startswith(("mediated by", "brokered by")):
            holders = [m for m in mentions if end <= m.start < span_end]
        elif stance == "mediate":
            holders = [m for m in mentions if m.end <= start][-1:]
        else:
            before = [m for m in actors_only if m.end <= start]
            clause_start = max((b.end() for b in _CLAUSE_BREAK.finditer(text, 0, start)), default=0)
            in_clause = [m for m in before if m.start >= clause_start] or before[-1:]
            holders = in_clause[-1:]
            if not holders and quote_speaker and re.search(r"\b(?:we|I)\b", text[:start], re.IGNORECASE):
                holders = [Mention(start, start, quote_speaker, "quote")]
        holders = [h for h in holders if h.actor in index.actors]
        if not holders:
            continue
        issues = _issues_in(text, start, span_end, state.place)
        if stance == "mediate" and not issues:
            issues = [("ceasefire talks", "talks", False, start)]
        if not issues:
            relative = re.search(r",\s*(?:which|something|what)\s+(?:\w+\s+){0,4}$", text[: holders[0].start])
            if relative:
                issues = _issues_in(text, 0, relative.start(), state.place)
        if not issues and _ANAPHORA.search(text, end, stop + 1 if stop < len(text) else stop) or (
            not issues and stance in {"reject", "oppose"} and re.match(r"\s*$", text[end:span_end])
        ) or (not issues and re.search(r"\bdemands\b.{0,30}$", text[:start])):
            issues = [
                (p.issue, p.phrase, False, start)
                for p in (state.recent or [])
                if index.side(p.actor) != index.side(holders[0].actor) and sentence.index - p.sentence_index <= ANAPHORA_WINDOW
            ]
            issues = list({k: (k, ph, f, s) for k, ph, f, s in issues}.values())
        negated = stance == "reject" and bool(re.match(_NEG, text[start:end], re.IGNORECASE))
        reported = _reported_by(text, index, mentions, holders[0].actor)
        targets = [m.actor for m in actors_only if start <= m.start < span_end and index.side(m.actor) != index.side(holders[0].actor)]
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
                        target=targets[0] if targets else None,
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
            {"stance": p["stance"], "actor": p["actor"], "date": p["date"], "article_id": p["article_id"],
             "sentence_index": p["sentence_index"], "outlet": p["outlet"]}
        )
        phrases[p["issue"]].add(p["phrase"])
    issues = sorted(cells, key=lambda k: (-sum(len(v) for v in cells[k].values()), k))
    sides = sorted({s for k in cells for s in cells[k]})
    return {
        "issues": [{"issue": k, "phrases": sorted(phrases[k])} for k in issues],
        "actors": sides,
        "cells": {
            k: {s: {"stance": h[-1]["stance"], "date": h[-1]["date"], "history": h} for s, h in cells[k].items()}
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
            out.append({
                "issue": issue,
                "for": [{"actor": s, "stance": row[s]["stance"]} for s in pro],
                "against": [{"actor": s, "stance": row[s]["stance"]} for s in con],
            })
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
                    out.append({
                        "actor": side, "issue": issue, "from": a["stance"], "to": b["stance"],
                        "from_date": a["date"], "to_date": b["date"],
                        "evidence": [{"article_id": x["article_id"], "sentence_index": x["sentence_index"],
                                      "outlet": x["outlet"], "date": x["date"]} for x in (a, b)],
                    })
    return out


def analyse_story(articles: Sequence[Article]) -> dict:
    """Actors, positions, matrix, gaps, shifts, quotes and figures of one story (JSON-ready)."""
    prepared: list[tuple[Article, list[_Sentence]]] = []
    wanted: list[tuple[int, int]] = []
    for a_i, article in enumerate(articles):
        sentences = [_Sentence(s.index, s.paragraph, s.text, _sentence_date(article, s.index)) for s in article.sentences]
        prepared.append((article, sentences))
        for s_i, s in enumerate(sentences):
            if is_candidate(s.text):
                wanted.extend([(a_i, s_i - 1), (a_i, s_i)] if s_i else [(a_i, s_i)])
    keys = sorted(set(wanted))
    texts = [prepared[a][1][s].text for a, s in keys]
    index = build_index(texts, nlp.entities(texts))
    positions: list[Position] = []
    quotes = []
    figure_mentions = []
    for article, sentences in prepared:
        resolver = Resolver(index)
        mentions = {s.index: resolver.mentions(s.text) for s in sentences}
        article_quotes = find_quotes(
            article.id, article.outlet, [(s.index, s.paragraph, s.text, s.date) for s in sentences], mentions, index
        )
        quotes.extend(article_quotes)
        speaker_at = {q.sentence_index: q.speaker for q in article_quotes}
        state = _ArticleState(recent=[])
        last_speaker = None
        for s in sentences:
            last_speaker = speaker_at.get(s.index, last_speaker if OPEN not in s.text[:1] else last_speaker)
            for m in _PLACE_RE.finditer(s.text):
                if index.lookup(m.group("place")) is None or index.actors[index.lookup(m.group("place"))].type == "state":
                    if m.group("place") not in {"The", "Gaza's"}:
                        state.place = m.group("place")
                        break
            speaker = speaker_at.get(s.index) or (last_speaker if any(c in s.text for c in _QUOTE_CHARS) else None)
            found = _positions_in(article, s, mentions[s.index], index, state, speaker)
            state.recent = [p for p in (state.recent or []) if s.index - p.sentence_index <= ANAPHORA_WINDOW] + [
                p for p in found if p.stance in {"demand", "offer", "threaten"}
            ]
            positions.extend(found)
        figure_mentions.extend(find_figures(article.id, article.outlet, [(s.index, s.text, s.date) for s in sentences]))
    positions = _dedupe(positions)
    used = {p.actor for p in positions} | {p.side for p in positions} | {q.speaker for q in quotes}
    used |= {index.actors[a].affiliation for a in used if a in index.actors and index.actors[a].affiliation}
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


__all__ = ["STANCES", "analyse_story", "position_matrix", "gaps", "shifts", "state_name"]
