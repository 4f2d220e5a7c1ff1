"""Figures: numbers with what they count or measure, reconciled across outlets.

A number is found in the sentence's words by ``storyline.numbers`` (digits such as "1,200" or "2.5 million",
number words such as "three hundred", read with the maintained ``text2num`` library,
or a vague amount such as "several dozen" or "hundreds of"), its unit read from the
words around it (percent, a currency, a duration, a measure), and what it counts or
measures read from spaCy's dependency parse: the noun the number or its unit modifies
("a 145% tariff on Chinese goods" -> "tariff on Chinese goods"), the noun counted
with what governs it ("benefits for 42 million people" -> "benefits for people"), or
the clause's subject and verb ("wages rose 38%" -> "wages rose"). A number the parse
gives nothing to count is left out rather than shown as a bare unit. Vague amounts
keep their words and have no value: no number is shown that the text does not state.

Dates ("May 20", "19 October", years), clock times, ordinals and numbers inside names
("Resolution 2728", "District 751") are not figures; the words around the number tell
them apart, so the parse runs without the entity recogniser (half the parse time).

Reconciliation (``reconcile``) groups mentions by what is counted and by unit, then
by value: mentions within ``SAME_FIGURE_RATIO`` of each other are one figure (durations
are compared in days, so "six weeks" and "42-day" meet while each keeps its own words
and value). Its verdict is ``single source``, ``agree`` (the same value, or values
within ``AGREE_RATIO`` that all carry a qualifier), ``updated`` (values grow with the
date), ``conflict``, or ``unclear`` (several outlets, only vague amounts, in different
words). The phrase reading is written by hand: no maintained library reads what a
number counts.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .model import FigureMention
from .numbers import (
    DURATION_DAYS,
    DURATION_UNITS,
    NUMBER_WORD,
    QUALIFIER,
    Number,
    find_numbers,
)
from .numbers import parse_number as parse_number  # public here since before the split

log = logging.getLogger(__name__)

#: Mentions whose values are within this ratio are taken as one figure. Tuned on the seed
#: articles (1,200 killed vs 32,000 killed stay apart; "more than one million" and "about a
#: million" meet).
SAME_FIGURE_RATIO = 1.35
#: Units whose different values are different claims (a 4% offer is not a 3% one).
SAME_RATIO = {"percent": 1.0, "percentage points": 1.0, "dollars": 1.0, "pounds": 1.0, "euros": 1.0}
#: Values within this ratio agree (rounding, "about" vs "more than").
AGREE_RATIO = 1.1
#: Counts below this are not figures ("one official said", "a deal").
MIN_COUNT = 2

_ATTRIBUTION = re.compile(
    r"\baccording to (?P<who>(?:the\s+)?[^,.;]{3,60}?)(?=[,.;]|\s+(?:which|who)\b|$)", re.I
)
#: A sentence worth parsing holds a digit or a number word.
_MAY_COUNT = re.compile(
    rf"\d|\b(?:{NUMBER_WORD}|dozens?|hundreds?|thousands?|millions?|billions?)\b", re.IGNORECASE
)
#: A prepositional object that says when, not what ("a strike on Tuesday night").
_WHEN_WORDS = frozenset(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday
    saturday sunday today yesterday tomorrow tonight morning afternoon evening night week
    weekend month year""".split()
)

#: Words of a "what" that only name a unit or scale (a figure whose what is only these says
#: nothing about what it counts).
UNIT_WORDS = frozenset(
    """% percent per cent percentage point points dollar dollars $ pound pounds euro euros yuan
    rupees yen hour hours day days week weeks month months year years mile miles km kilometre
    kilometres kilometer kilometers meter meters metre metres ton tons tonne tonnes barrel
    barrels acre acres hectare hectares kg kilogram kilograms megawatt megawatts mw gallon
    gallons litre litres liter liters square second seconds minute minutes hundred thousand million billion trillion bn
    number numbers figure figures total amount""".split()
)
_STOP = frozenset(
    """a an the of to in on for with by from at as and or but its their his her our your this
    that these those some any each about over more than least nearly up be is are was were
    been has have had will would could should may might can""".split()
)
#: Modifiers kept in a noun phrase (what the noun is: "Chinese goods", "SNAP benefits").
_NP_LEFT = frozenset({"compound", "amod", "nmod", "poss"})
#: Prepositions whose object completes what a noun is ("tariff on goods", "benefits for people").
_NP_PREPS = frozenset({"on", "of", "for", "in", "to", "from", "against", "with"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
#: Verbs that say nothing about what is counted ("members have", "three people said"), as
#: written (the figures parse runs without the lemmatiser); with the first ones a number's
#: what is the subject alone ("turnout was 60%").
_AUXILIARIES = frozenset(
    "be is are was were been being am 's have has had having do does did".split()
)
_EMPTY_VERBS = _AUXILIARIES | frozenset(
    "say says said saying tell tells told telling report reports reported state states stated".split()
)


def _tokens(doc, start: int, end: int) -> list:
    return [t for t in doc if t.idx < end and t.idx + len(t.text) > start]


def _phrase(tokens) -> str:
    """The tokens in text order, spaced as written where they are neighbours ("week's")."""
    words = sorted({t for t in tokens if not t.is_punct}, key=lambda t: t.i)
    if not words:
        return ""
    out = ""
    for t, nxt in zip(words, [*words[1:], None], strict=True):
        out += t.text + (t.whitespace_ if nxt is not None and nxt.i == t.i + 1 else " ")
    return " ".join(out.split())


def _np(noun, skip: set[int], *, preps: bool = True) -> list:
    """The noun with its modifiers and, with ``preps``, one prepositional object."""
    out = [noun]
    for child in noun.children:
        if child.i in skip:
            continue
        if child.dep_ in _NP_LEFT and child.i < noun.i:
            if any(c.like_num or c.i in skip for c in child.subtree):
                continue  # "one-time", "40 percent": a number's own words
            out.extend(
                c
                for c in child.subtree
                if c.i not in skip and not c.like_num and c.pos_ not in {"DET", "PRON", "PUNCT"}
            )
        elif preps and child.dep_ == "prep" and child.i > noun.i and child.lower_ in _NP_PREPS:
            objects = [
                c
                for c in child.children
                if c.dep_ == "pobj" and c.i not in skip and c.lower_ not in _WHEN_WORDS
            ]
            if objects:
                out.append(child)
                out.extend(_np(objects[0], skip, preps=False))
    return out


def _subject(verb, skip: set[int]) -> list:
    for child in verb.children:
        if child.dep_ in _SUBJECTS and child.i not in skip and child.pos_ in {"NOUN", "PROPN"}:
            return _np(child, skip, preps=False)
    return []


def _clause(verb, skip: set[int]) -> list:
    """What a number in a clause is about: the subject and verb ("wages rose"), or the verb
    and its object ("raise wages")."""
    for child in verb.children:
        if child.dep_ == "dobj" and child.i not in skip and child.pos_ in {"NOUN", "PROPN"}:
            return [verb, *_np(child, skip, preps=False)]
    subject = _subject(verb, skip)
    if verb.lower_ in _EMPTY_VERBS:
        return subject if verb.lower_ in _AUXILIARIES else []
    return [*subject, verb, *(c for c in verb.children if c.dep_ == "prt")] if subject else []


def _of_object(token, skip: set[int]):
    """The object of the "of"/"in" after a number ("hundreds of people", "$2 billion in aid")."""
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in {"of", "in", "for", "on"}:
            for obj in child.children:
                if obj.dep_ == "pobj" and obj.i not in skip and obj.pos_ in {"NOUN", "PROPN"}:
                    return obj
    return None


def _what(doc, number: Number) -> tuple[str | None, str | None, str | None, int]:
    """(what is counted or measured, the counted noun, the verb, where the phrase ends)."""
    tokens = _tokens(doc, number.start, number.end)
    if not tokens:
        return None, None, None, number.end
    skip = {t.i for t in tokens}
    heads = [t for t in tokens if t.head.i not in skip or t.head == t]
    anchor = heads[-1]
    head = anchor.head if anchor.head != anchor else None
    if number.unit is None:
        noun = _of_object(anchor, skip)
        if (
            noun is None
            and head is not None
            and head.pos_ in {"NOUN", "PROPN"}
            and anchor.dep_
            in {
                "nummod",
                "compound",
                "quantmod",
                "amod",
            }
        ):
            noun = head
        if noun is None:
            if head is not None and anchor.dep_ in {"dobj", "nsubjpass"} and head.pos_ == "VERB":
                return head.text.lower(), None, head.text.lower(), number.end
            return None, None, None, number.end
        via_of = noun.head.head == anchor  # "hundreds of people", "8,435 of the votes"
        between = doc[anchor.i + 1 : noun.i]
        if noun.i < anchor.i or (not via_of and any(t.pos_ == "DET" for t in between)):
            return None, None, None, number.end  # a label: "District 751", "8 The Union"
        if doc.text[number.end : noun.idx] == "-":
            # "a 100-member board": the hyphened noun is the unit, what it describes the what
            owner = noun.head
            if (
                noun.dep_ in _NP_LEFT | {"nummod"}
                and owner.pos_ in {"NOUN", "PROPN"}
                and owner != noun
            ):
                end = (
                    owner.idx + len(owner.text)
                    if owner.i - noun.i <= 3
                    else noun.idx + len(noun.text)
                )
                return _phrase(_np(owner, skip | {noun.i})), noun.text.lower(), None, end
            return None, None, None, number.end
        skip |= {t.i for t in noun.children if t.like_num}
        parts = _np(noun, skip)
        verb = None
        # "hundreds of people fled": the clause governs the number, not the noun
        at = anchor if via_of else noun
        gov = at.head if at.head != at else None
        if at.dep_ in _SUBJECTS | {"dobj"} and gov is not None and gov.pos_ in {"VERB", "AUX"}:
            verb = gov if gov.lower_ not in _EMPTY_VERBS else None
            parts = [*parts, gov] if verb is not None else parts
        elif at.dep_ == "pobj" and gov is not None and gov.head != gov:
            owner = gov.head
            if owner.pos_ in {"NOUN", "PROPN"}:
                parts = [*_np(owner, skip | {gov.i}, preps=False), gov, *parts]
            elif owner.pos_ == "VERB":
                objects = [c for c in owner.children if c.dep_ == "dobj" and c.i not in skip]
                lead = _np(objects[0], skip, preps=False) if objects else [owner]
                parts = [*lead, gov, *parts]
        end = (
            max(number.end, noun.idx + len(noun.text))
            if noun.i > anchor.i and noun.i - anchor.i <= 4
            else number.end
        )
        return _phrase(parts), noun.text.lower(), verb.text.lower() if verb else None, end
    # A unit: what the amount is of.
    if (
        head is not None
        and head.pos_ in {"NOUN", "PROPN"}
        and anchor.dep_
        in {
            "compound",
            "amod",
            "nmod",
            "nummod",
            "npadvmod",
            "quantmod",
            "dep",
        }
    ):
        end = head.idx + len(head.text) if 0 < head.i - anchor.i <= 3 else number.end
        return _phrase(_np(head, skip)), None, None, end
    obj = _of_object(anchor, skip)
    if obj is not None:
        return _phrase(_np(obj, skip)), None, None, number.end
    if head is not None and anchor.dep_ == "pobj" and head.head != head:
        owner = head.head
        if owner.pos_ in {"NOUN", "PROPN"}:
            return _phrase(_np(owner, skip | {head.i}, preps=False)), None, None, number.end
        if owner.pos_ in {"VERB", "AUX"}:
            parts = _clause(owner, skip)
            return (_phrase(parts) if parts else None), None, None, number.end
    if head is not None and head.pos_ in {"VERB", "AUX"}:
        parts = _clause(head, skip)
        return (_phrase(parts) if parts else None), None, head.text.lower(), number.end
    return None, None, None, number.end


def unit_only(what: str) -> bool:
    """True when a figure's "what" names only a unit or scale ("percent", "days")."""
    words = [w for w in re.findall(r"[\w%$]+", what.lower()) if w not in _STOP]
    return all(
        w in UNIT_WORDS or w.rstrip("s") in UNIT_WORDS or w.replace(".", "").isdigit()
        for w in words
    )


def _may_count(number: Number) -> bool:
    """Whether a number may be a figure: a count below ``MIN_COUNT`` is not ("one official
    said"), and a sentence with no other number is not parsed."""
    return not (number.unit is None and number.value is not None and number.value < MIN_COUNT)


Countable = list[tuple[int, list[Number]]]


def countable(sentences: Sequence[tuple[int, str, str | None]]) -> Countable:
    """The sentences (positions in ``sentences``) with numbers that may be figures, and
    those numbers: the sentences ``find_figures`` parses."""
    return [
        (i, numbers)
        for i, (_index, text, _date) in enumerate(sentences)
        if _MAY_COUNT.search(text) and (numbers := [n for n in find_numbers(text) if _may_count(n)])
    ]


def find_figures(
    article_id: str,
    outlet: str | None,
    sentences: Sequence[tuple[int, str, str | None]],
    *,
    docs: Mapping[int, Any] | None = None,
    work: Countable | None = None,
) -> list[FigureMention]:
    """Figure mentions in one article. ``sentences``: (index, text, date); ``docs``: spaCy
    parses (``nlp.parse``) already made, by sentence index; the others are parsed here
    (``nlp.parse_syntax``: tags and parse only; nothing here reads entities); ``work``:
    ``countable(sentences)`` when already computed."""
    if work is None:
        work = countable(sentences)
    known = docs or {}
    missing = [sentences[i][1] for i, _n in work if sentences[i][0] not in known]
    if missing:
        from . import nlp

        fresh = iter(nlp.parse_syntax(missing))
    parsed = [known[sentences[i][0]] if sentences[i][0] in known else next(fresh) for i, _n in work]
    out: list[FigureMention] = []
    dropped = 0
    for (i, numbers), doc in zip(work, parsed, strict=True):
        index, text, date = sentences[i]
        attribution = (m := _ATTRIBUTION.search(text)) and m.group("who").strip()
        for number in numbers:
            what, noun, verb, end = _what(doc, number)
            if not what or unit_only(what):
                dropped += 1
                continue
            qualifier = QUALIFIER.search(text[: number.start])
            if qualifier and number.unit in DURATION_UNITS and qualifier.group("q") == "over":
                qualifier = None  # "over three years" is a term, not "more than"
            start = qualifier.start() if qualifier else number.start
            out.append(
                FigureMention(
                    what=what,
                    category=number.unit or noun or "count",
                    value=number.value,
                    text=text[start:end].strip(),
                    qualifier=qualifier.group("q").lower() if qualifier else None,
                    attribution=attribution or None,
                    article_id=article_id,
                    sentence_index=index,
                    outlet=outlet,
                    date=date,
                    event=verb,
                    unit=number.unit,
                    vague=number.vague,
                )
            )
    if dropped:
        log.debug(
            "%s: %d number(s) with nothing the parse says they count left out", article_id, dropped
        )
    return out


# -- reconciliation ----------------------------------------------------------------------


#: Endings dropped to compare words ("killed", "killing" -> "kill"; "tariffs" -> "tariff").
_ENDING = re.compile(r"(?:ing|ed|(?<!s)s)$")


def _key(what: str) -> frozenset[str]:
    """The content words of a "what", crudely singular, in any order."""
    words = (w for w in re.findall(r"[a-z0-9]+", what.lower()) if w not in _STOP)
    return frozenset(_ENDING.sub("", w) if len(w) > 4 else w for w in words)


def _base(m: FigureMention) -> tuple[str, float | None]:
    """The unit family and the value in it (durations in days)."""
    unit = m.unit or ""
    days = DURATION_DAYS.get(unit[:-1]) if unit.endswith("s") else None
    if days is not None:
        return "days", None if m.value is None else m.value * days
    return unit, m.value


@dataclass
class _Group:
    family: str
    key: frozenset[str]
    mentions: list[FigureMention]

    def exact(self) -> list[float]:
        return sorted(v for m in self.mentions if (v := _base(m)[1]) is not None)

    def centre(self) -> float | None:
        values = self.exact()
        return values[len(values) // 2] if values else None

    def fits(self, family: str, key: frozenset[str]) -> bool:
        return (
            family == self.family and bool(key & self.key) and (key <= self.key or self.key <= key)
        )


def _order(m: FigureMention) -> tuple:
    """A total order on mentions, so that the output does not depend on the input order."""
    return (
        m.date or "",
        m.article_id,
        m.sentence_index,
        m.category,
        -1.0 if m.value is None else m.value,
        m.unit or "",
        m.event or "",
        m.qualifier or "",
        m.text,
        m.what,
        m.attribution or "",
        m.outlet or "",
        m.vague,
    )


def _close(a: float, b: float, ratio: float) -> bool:
    return a > 0 and b > 0 and max(a, b) / min(a, b) <= ratio


def _verdict(ms: list[FigureMention]) -> str:
    if len({m.article_id for m in ms}) == 1:
        return "single source"
    exact = [m for m in ms if m.value is not None]
    if not exact:
        same = len({" ".join(m.text.lower().split()) for m in ms}) == 1
        return "agree" if same else "unclear"
    values = [v for m in exact if (v := _base(m)[1]) is not None]
    dated = [(m.date, v) for m in exact if m.date and (v := _base(m)[1]) is not None]
    grows = all(a[1] <= b[1] for a, b in zip(dated, dated[1:], strict=False))
    if min(values) == max(values):
        return "agree"
    if grows and len({d for d, _ in dated}) > 1 and dated[0][1] < dated[-1][1]:
        return "updated"
    if _close(min(values), max(values), AGREE_RATIO) and all(m.qualifier for m in exact):
        return "agree"  # "about 1,200" and "more than 1,150"
    return "conflict"


def _mention_json(m: FigureMention) -> dict[str, Any]:
    return {
        "article_id": m.article_id,
        "sentence_index": m.sentence_index,
        "outlet": m.outlet,
        "date": m.date,
        "text": m.text,
        "value": m.value,
        "unit": m.unit,
        "vague": m.vague,
        "qualifier": m.qualifier,
    }


def reconcile(mentions: Sequence[FigureMention]) -> list[dict]:
    """One figure per (what, unit) and value range, with its mentions and a verdict."""
    groups: list[_Group] = []
    ordered = sorted(mentions, key=lambda m: (m.value is None, len(_key(m.what)) == 1, *_order(m)))
    for mention in ordered:
        family, value = _base(mention)
        key = _key(mention.what)
        near = [g for g in groups if g.fits(family, key)]
        if value is None:
            exact = [g for g in near if g.centre() is not None]
            vague = [g for g in near if g.centre() is None]
            fits = exact if len(exact) == 1 else vague
        else:
            ratio = SAME_RATIO.get(mention.unit or "", SAME_FIGURE_RATIO)
            fits = [g for g in near if (c := g.centre()) is not None and _close(c, value, ratio)]
        if fits:
            fits[0].mentions.append(mention)
        else:
            groups.append(_Group(family, key, [mention]))
    out: list[dict[str, Any]] = []
    for group in groups:
        ms = sorted(group.mentions, key=_order)
        centre = group.centre()
        # The figure's value and unit are one mention's own (the median one), never converted.
        lead = next((m for m in ms if centre is not None and _base(m)[1] == centre), ms[0])
        named = max(
            ms, key=lambda m: (len(_key(m.what)), m.value is not None, [-ord(c) for c in m.what])
        )
        out.append(
            {
                "what": named.what,
                "category": lead.category,
                "event": next((m.event for m in ms if m.event), None),
                "value": lead.value,
                "unit": lead.unit,
                "vague": lead.value is None,
                "qualifier": lead.qualifier,
                "attribution": next((m.attribution for m in ms if m.attribution), None),
                "verdict": _verdict(ms),
                "values": sorted({m.value for m in ms if m.value is not None}),
                "mentions": [_mention_json(m) for m in ms],
            }
        )
    out.sort(key=_figure_order)
    return out


def _figure_order(f: dict[str, Any]) -> tuple:
    articles = {m["article_id"] for m in f["mentions"]}
    return (-len(articles), f["what"], f["unit"] or "", -1.0 if f["value"] is None else f["value"])
