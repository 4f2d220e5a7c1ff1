"""Numeric claims (killed, abducted, hostages, prisoners, fighters, displaced, days) reconciled across outlets.

Written by hand with regular expressions (no spaCy): news figures follow a
few forms ("more than 32,000 people", "killed 1,200", "about a million
Palestinians", "several dozen hostages", "a 42-day cease-fire", "around six
weeks"), and what matters is reading the value, its qualifier and what is
counted, then deciding whether outlets agree. Durations are normalised to
days, so "six weeks" and "42-day" are the same figure.

Reconciliation groups mentions by what is counted (category and event) and
by value: mentions within ``SAME_FIGURE_RATIO`` of each other are one
figure. Its verdict is ``single source``, ``agree`` (the same value, as in
"more than one million" / "about a million", or values within ``AGREE_RATIO``
that all carry a qualifier), ``updated`` (values grow with the date) or
``conflict``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .model import FigureMention

#: Mentions whose values are within this ratio are taken as one figure. Tuned
#: on the seed articles (1,200 killed on Oct. 7 vs 32,000 killed in Gaza must
#: stay apart; "more than one million" and "about a million" must meet).
SAME_FIGURE_RATIO = 1.35
#: Categories whose different values are different claims (a 4% offer is not a 3% one).
SAME_RATIO = {"percent": 1.0}
#: Values within this ratio agree (rounding, "about" vs "more than").
AGREE_RATIO = 1.1

_UNITS = {
    "zero": 0,
    "one": 1,
    "a": 1,
    "an": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
#: Vague amounts as their lower bounds ("several dozen" >= 24).
_VAGUE = {
    "several dozen": 24,
    "dozens of": 24,
    "a dozen": 12,
    "several hundred": 300,
    "hundreds of": 200,
    "several thousand": 3_000,
    "thousands of": 2_000,
    "tens of thousands of": 20_000,
    "hundreds of thousands of": 200_000,
    "millions of": 2_000_000,
}
_WORD_NUMBER = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|a|an)"
_QUALIFIER = (
    r"(?:more than|over|at least|about|around|roughly|approximately|nearly|almost|some|up to|"
    r"fewer than|less than|an estimated|as many as|close to)"
)
_NUMBER = (
    rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)(?:\s+(?:million|billion|thousand))?"
    rf"|{_WORD_NUMBER}\s+(?:hundred|thousand|million|billion)"
    rf"|(?:several dozen|dozens of|a dozen|several hundred|hundreds of thousands of|hundreds of|"
    rf"several thousand|tens of thousands of|thousands of|millions of)"
    rf"|{_WORD_NUMBER}"
)

#: What is counted: category -> nouns.
CATEGORIES = {
    "hostages": r"hostages?|captives?",
    "prisoners": r"(?:\w+\s+)?prisoners?|detainees?",
    "fighters": r"fighters|militants|troops|soldiers|battalions",
    "rockets": r"rockets?|missiles?",
    "aid workers": r"aid workers",
    "people": r"people|civilians|Palestinians|Israelis|Gazans|residents|refugees|children|women|persons",
    "workers": r"(?:dock|port)?workers|dockers|employees|members|staff",
    "jobs": r"jobs",
    "ships": r"ships|vessels|boats",
}
_CATEGORY_RE = "|".join(f"(?P<c_{i}>{v})" for i, v in enumerate(CATEGORIES.values()))
_CATEGORY_NAMES = list(CATEGORIES)

#: Events that say what happened to the counted ("killed 1,200").
EVENTS = {
    "killed": r"kill(?:ed|ing|s)?|dead|died|deaths?",
    "abducted": r"abduct(?:ed|ing|s)?|kidnapp?(?:ed|ing)|taken hostage|seized",
    "freed": r"freed|released|exchanged",
    "held": r"held|located|holding|remain(?:ing)? in captivity",
    "sheltering": r"shelter(?:ing)?|refuge|refugees|displaced|sheltering",
    "fired": r"fired|launched",
    "wounded": r"wounded|injured",
}
_EVENT_RE = re.compile(
    "|".join(f"(?P<{k}>\\b(?:{v})\\b)" for k, v in EVENTS.items()), re.IGNORECASE
)

#: A word that may stand between a number and what it counts ("100 Israeli hostages").
_GAP_WORD = (
    r"(?!(?:when|and|or|but|who|which|that|were|was|are|is|have|had|has|in|on|at|to|from|by|"
    r"with|during|since|after|before|its|their)\b)[\w-]+"
)
_COUNT = re.compile(
    rf"(?<![\w,.-])(?:(?P<qual>{_QUALIFIER})\s+)?(?P<num>{_NUMBER})\s+(?:(?:of\s+(?:the|its|their)\s+)?"
    rf"(?:{_GAP_WORD}\s+){{0,2}}?)(?P<noun>{_CATEGORY_RE})\b",
    re.IGNORECASE,
)
_VERB_COUNT = re.compile(
    rf"\b(?P<verb>killed|killing|abducted|abducting|freed|released|wounded|injured)\s+"
    rf"(?:(?P<qual>{_QUALIFIER})\s+)?(?P<num>\d{{1,3}}(?:,\d{{3}})+|\d{{2,}})(?![\d,]|\s*(?:%|percent))",
    re.IGNORECASE,
)
_DURATION = re.compile(
    rf"(?<![\w-])(?:(?P<qual>{_QUALIFIER})\s+)?(?P<num>\d+|{_WORD_NUMBER})[- ](?P<unit>hours?|days?|weeks?|months?)\b",
    re.IGNORECASE,
)
_PERCENT = re.compile(
    rf"(?<![\w.-])(?:(?P<qual>{_QUALIFIER})\s+)?(?P<num>\d+(?:\.\d+)?|{_WORD_NUMBER})\s*(?:%|per\s*cent\b|percent\b)",
    re.IGNORECASE,
)
#: What a percentage is about, from the words around it (the first found names it).
_PERCENT_OF = (
    "offer",
    "rise",
    "increase",
    "demand",
    "deal",
    "ballot",
    "vote",
    "turnout",
    "share",
    "inflation",
)
_TRUCE = re.compile(
    r"cease-?fire|truce|pause|cessation|halt|strike|walkout|stoppage", re.IGNORECASE
)
_UNIT_DAYS = {"hour": 1 / 24, "day": 1, "week": 7, "month": 30}
_MAY_COUNT = re.compile(
    rf"\d|\b(?:{_WORD_NUMBER}|dozens?|hundreds?|thousands?|millions?)\b", re.IGNORECASE
)
_ATTRIBUTION = re.compile(
    r"\baccording to (?P<who>(?:the\s+)?[^,.;]{3,60}?)(?=[,.;]|\s+(?:which|who)\b|$)", re.I
)


def parse_number(text: str) -> float | None:
    """The value of "1,200", "one million", "32,000", "six", "several dozen" (lower bound)."""
    low = " ".join(text.lower().split())
    if low in _VAGUE:
        return float(_VAGUE[low])
    parts = low.split()
    value: float | None = None
    first = parts[0].replace(",", "")
    try:
        value = float(first)
    except ValueError:
        value = _UNITS.get(first)
    if value is None:
        return None
    for word in parts[1:]:
        if word in _SCALES:
            value *= _SCALES[word]
    return float(value)


def _event(text: str, start: int, end: int) -> str | None:
    """The event nearest the number within the clause."""
    best, distance = None, 10**9
    for m in _EVENT_RE.finditer(text):
        d = m.start() - end if m.start() >= end else start - m.end()
        if d < 60 and d < distance:
            best, distance = m.lastgroup, d
    return best


def find_figures(
    article_id: str, outlet: str | None, sentences: Sequence[tuple[int, str, str | None]]
) -> list[FigureMention]:
    """Figure mentions in one article. ``sentences``: (index, text, date)."""
    out: list[FigureMention] = []
    for index, text, date in sentences:
        if not _MAY_COUNT.search(text):
            continue
        attribution = (m := _ATTRIBUTION.search(text)) and m.group("who").strip()
        taken: list[tuple[int, int]] = []

        def add(
            start,
            end,
            category,
            value,
            qual,
            event,
            what,
            *,
            text=text,
            taken=taken,
            attribution=attribution,
            index=index,
            date=date,
        ):
            if any(not (end <= a or start >= b) for a, b in taken) or value is None:
                return
            taken.append((start, end))
            out.append(
                FigureMention(
                    what=what,
                    category=category,
                    value=value,
                    text=text[start:end],
                    qualifier=(qual or None) and qual.lower(),
                    attribution=attribution or None,
                    article_id=article_id,
                    sentence_index=index,
                    outlet=outlet,
                    date=date,
                    event=event,
                )
            )

        for m in _DURATION.finditer(text):
            window = text[max(0, m.start() - 60) : m.end() + 30]
            truce = _TRUCE.search(window)
            if not truce or m.group("num").lower() in {"a", "an"}:
                continue
            number = parse_number(m.group("num"))
            unit = m.group("unit").lower().rstrip("s")
            value = number * _UNIT_DAYS[unit] if number is not None else None
            add(
                m.start(),
                m.end(),
                "days",
                value,
                m.group("qual"),
                None,
                f"{truce.group(0).lower()} length (days)",
            )
        for m in _PERCENT.finditer(text):
            number = parse_number(m.group("num"))
            context = text[max(0, m.start() - 40) : m.end() + 40].lower()
            about = next((w for w in _PERCENT_OF if re.search(rf"\b{w}", context)), None)
            what = f"percent ({about})" if about else "percent"
            add(m.start(), m.end(), "percent", number, m.group("qual"), None, what)
        for m in _COUNT.finditer(text):
            if re.search(r"\b(?:on|in|since)\s+$", text[: m.start()]):
                continue  # "on Oct. 7", "in 2023"
            category = _CATEGORY_NAMES[
                int(next(k for k, v in m.groupdict().items() if k.startswith("c_") and v)[2:])
            ]
            number = parse_number(m.group("num"))
            if number is None or (number < 2 and category != "days"):
                continue
            if m.group("num").lower() in {"a", "an"}:
                continue
            event = _event(text, m.start(), m.end())
            noun = m.group("noun").lower().split()[-1]
            if category == "fighters" and noun == "battalions":
                category = "battalions"
            what = f"{category} {event}" if event else category
            add(m.start(), m.end(), category, number, m.group("qual"), event, what)
        for m in _VERB_COUNT.finditer(text):
            verb = m.group("verb").lower()
            event = next((k for k, v in EVENTS.items() if re.fullmatch(v, verb)), None)
            number = parse_number(m.group("num"))
            add(
                m.start("num") - (len(m.group("qual")) + 1 if m.group("qual") else 0),
                m.end(),
                "people",
                number,
                m.group("qual"),
                event,
                f"people {event}" if event else "people",
            )
    return out


@dataclass
class _Group:
    what: str
    category: str
    event: str | None
    mentions: list[FigureMention]

    def centre(self) -> float:
        values = sorted(m.value for m in self.mentions)
        return values[len(values) // 2]


def _order(m: FigureMention) -> tuple:
    """A total order on mentions, so that the output does not depend on the input order."""
    return (
        m.date or "",
        m.article_id,
        m.sentence_index,
        m.category,
        m.value,
        m.event or "",
        m.qualifier or "",
        m.text,
        m.what,
        m.attribution or "",
        m.outlet or "",
    )


def _close(a: float, b: float, ratio: float) -> bool:
    return a > 0 and b > 0 and max(a, b) / min(a, b) <= ratio


def reconcile(mentions: Sequence[FigureMention]) -> list[dict]:
    """One figure per counted thing and value range, with its mentions and a verdict."""
    groups: list[_Group] = []
    ordered = sorted(mentions, key=lambda m: (m.event is None, *_order(m)))
    for mention in ordered:
        fits = [
            g
            for g in groups
            if g.category == mention.category
            and (g.event == mention.event or mention.event is None or g.event is None)
            and _close(
                g.centre(), mention.value, SAME_RATIO.get(mention.category, SAME_FIGURE_RATIO)
            )
        ]
        if fits:
            group = fits[0]
            group.mentions.append(mention)
            if group.event is None and mention.event:
                group.event, group.what = mention.event, mention.what
        else:
            groups.append(_Group(mention.what, mention.category, mention.event, [mention]))
    out = []
    for group in groups:
        ms = sorted(group.mentions, key=_order)
        articles = {m.article_id for m in ms}
        values = [m.value for m in ms]
        dated = [m for m in ms if m.date]
        grows = all(a.value <= b.value for a, b in zip(dated, dated[1:], strict=False))
        if len(articles) == 1:
            verdict = "single source"
        elif min(values) == max(values):
            verdict = "agree"
        elif grows and len({m.date for m in dated}) > 1 and dated[0].value < dated[-1].value:
            verdict = "updated"
        elif _close(min(values), max(values), AGREE_RATIO) and all(m.qualifier for m in ms):
            verdict = "agree"  # "about 1,200" and "more than 1,150"
        else:
            verdict = "conflict"
        first = ms[0]
        figure: dict[str, Any] = {
            "what": group.what,
            "category": group.category,
            "event": group.event,
            "value": group.centre(),
            "qualifier": first.qualifier,
            "attribution": next((m.attribution for m in ms if m.attribution), None),
            "verdict": verdict,
            "values": sorted(set(values)),
            "mentions": [
                {
                    "article_id": m.article_id,
                    "sentence_index": m.sentence_index,
                    "outlet": m.outlet,
                    "date": m.date,
                    "text": m.text,
                    "value": m.value,
                    "qualifier": m.qualifier,
                }
                for m in ms
            ],
        }
        out.append(figure)
    out.sort(key=lambda f: (-len({m["article_id"] for m in f["mentions"]}), f["what"], f["value"]))
    return out
