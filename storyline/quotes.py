"""Direct quotes and their speakers.

Written by hand: quotation marks in scraped news are a mix of straight and
curly forms, a quote often runs over several sentences (the sentence
splitter cuts it, so quote state is carried across sentences of a
paragraph), and the speaker is given before ("He said: ..."), after (",” Ron
Dermer said"), or in a previous sentence. Speakers go through the actor layer
(``storyline.mentions.Resolver``), so "his office stated" and "he said" resolve
to a person. Quotes without a speech verb anywhere near them are scare
quotes ("what he terms “delusional” demands") and are left out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .actors import ActorIndex
from .mentions import Mention
from .model import Quote

OPEN = "“"
CLOSE = "”"
#: Verbs that introduce or follow a quote.
SPEECH = re.compile(
    r"\b(?:said|says|say|stated|states|told|tells|added|adds|wrote|writes|declared|announced|"
    r"insisted|argued|claimed|warned|tweeted|asked|confirmed|noted|according to|statement)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Segment:
    """Quoted text in one sentence: character span of the words inside the marks."""

    sentence: int
    start: int
    end: int
    opens: bool  # an opening mark starts it in this sentence
    closes: bool  # a closing mark ends it in this sentence


_MARKS = re.compile(f'[{OPEN}{CLOSE}"]')


def segments(text: str, sentence: int, open_before: bool) -> tuple[list[Segment], bool]:
    """Quoted spans of one sentence, given whether a quote is still open from before."""
    out: list[Segment] = []
    inside = open_before
    start = 0
    for mark in _MARKS.finditer(text):  # only the marks change the state
        i, ch = mark.start(), mark.group()
        if ch == OPEN or (ch == '"' and not inside):
            if inside and i > start:
                out.append(Segment(sentence, start, i, start > 0 or not open_before, False))
            inside, start = True, i + 1
        elif ch == CLOSE or (ch == '"' and inside):
            if inside:
                out.append(Segment(sentence, start, i, not (start == 0 and open_before), True))
            inside = False
    if inside:
        out.append(Segment(sentence, start, len(text), not (start == 0 and open_before), False))
    return out, inside


_AFTER_PREP = re.compile(
    r"\b(?:with|to|by|from|of|on|against|about|for|over)\s+(?:\w+\s+){0,3}$", re.I
)


def _speaker(
    text: str, seg: Segment, mentions: Sequence[Mention], index: ActorIndex
) -> tuple[str | None, str | None]:
    """The speaker of a quoted span from the words outside it in the same sentence."""
    outside_before = text[: max(0, seg.start - 1)]
    after_start = seg.end + 1
    outside_after = text[after_start:]
    # ",” X said" / ",” said X": the attribution follows at once (not ",” and claimed").
    if re.match(r"[\s,.]*(?!and\b|but\b)\S", outside_after) and SPEECH.search(outside_after[:130]):
        verb = SPEECH.search(outside_after[:130])
        assert verb is not None  # searched in the condition above
        after = [
            m
            for m in mentions
            if m.start > seg.end and m.kind != "place" and not _AFTER_PREP.search(text[: m.start])
        ]
        if after and (
            min(after, key=lambda m: m.start).start - after_start < 12 or verb.start() < 12
        ):
            m = min(after, key=lambda m: m.start)
            return m.actor, "office" if m.kind == "office" else None
    verbs = list(SPEECH.finditer(outside_before))
    verb_before = verbs[-1] if verbs else None
    if verb_before:
        before = [
            m
            for m in mentions
            if m.end <= verb_before.start()
            and m.kind != "place"
            and not _AFTER_PREP.search(text[: m.start])
        ]
        people = [
            m for m in before if index.actors[m.actor].type == "person" and m.kind != "office"
        ]
        chosen = (people or before)[-1:] if before else []
        if chosen:
            m = chosen[0]
            return m.actor, "office" if m.kind == "office" else None
    return None, None


def find_quotes(
    article_id: str,
    outlet: str | None,
    sentences: Sequence[tuple[int, int, str, str | None]],
    mentions: dict[int, list[Mention]],
    index: ActorIndex,
) -> list[Quote]:
    """Quotes of one article. ``sentences``: (index, paragraph, text, date) in reading order."""
    quotes: list[Quote] = []
    pending: list[str] = []  # words of a quote not yet attributed
    pending_start: int | None = None
    last: tuple[str | None, str | None, int] | None = None  # speaker, role, paragraph
    open_quote = False
    opening: tuple[str | None, str | None] = (None, None)  # speaker named where a quote opened
    paragraph = None
    current_date: str | None = None

    def emit(speaker: str | None, role: str | None, sentence_index: int) -> None:
        nonlocal pending, pending_start
        body = " ".join(" ".join(pending).split()).strip(" ,")
        if speaker and body and len(body) > 1:
            actor = index.actors.get(speaker)
            quotes.append(
                Quote(
                    speaker=speaker,
                    text=body,
                    article_id=article_id,
                    sentence_index=pending_start if pending_start is not None else sentence_index,
                    outlet=outlet,
                    date=current_date,
                    role=role or (actor.role if actor else None),
                )
            )
        pending, pending_start = [], None

    for index_, para, text, date in sentences:
        if para != paragraph:
            if pending:
                emit(last[0] if last and last[2] == paragraph else None, None, index_)
            paragraph, open_quote = para, False
        current_date = date
        segs, open_quote = segments(text, index_, open_quote)
        for seg in segs:
            words = text[seg.start : seg.end]
            if (
                seg.opens
                and quotes
                and last
                and last[2] == para
                and quotes[-1].article_id == article_id
                and words[:1].islower()
                and SPEECH.search(text[: seg.start])
            ):
                # “Talks will go on,” said X, “but not this week.”: one quote.
                prev = quotes.pop()
                pending, pending_start = [prev.text.rstrip(",") + ",", words], prev.sentence_index
                if seg.closes:
                    emit(prev.speaker, prev.role, index_)
                continue
            if pending_start is None:
                pending_start = seg.sentence
                opening = (
                    _speaker(text, seg, mentions.get(index_, []), index)
                    if not seg.closes
                    else (None, None)
                )
            pending.append(words)
            if not seg.closes:
                continue
            speaker, role = _speaker(text, seg, mentions.get(index_, []), index)
            if speaker is None and opening[0]:
                speaker, role = opening
            at_start = not text[: max(0, seg.start - 1)].strip() or not seg.opens
            if (
                speaker is None
                and at_start
                and last
                and last[2] == para
                and not SPEECH.search(text)
            ):
                speaker, role = last[0], last[1]  # a continuation: “A.” “B.”
            if speaker is None and not seg.opens and last and last[2] == para:
                speaker, role = last[0], last[1]
            if speaker:
                last = (speaker, role, para)
                emit(speaker, role, index_)
            elif not SPEECH.search(text):
                pending, pending_start = [], None  # scare quotes
            else:
                emit(None, None, index_)
    return quotes


def _norm(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def quotes_to_json(quotes: Sequence[Quote], index: ActorIndex) -> list[dict]:
    """Quotes as JSON; the same words in several articles become one quote with ``also_in``."""
    groups: dict[str, list[Quote]] = {}
    for quote in quotes:
        key = _norm(quote.text)
        match = next(
            (k for k in groups if key and (key in k or k in key) and min(len(k), len(key)) > 20),
            None,
        )
        groups.setdefault(match or key, []).append(quote)
    out = []
    for members in groups.values():
        first = members[0]
        actor = index.actors.get(first.speaker or "")
        out.append(
            {
                "speaker": actor.name if actor else first.speaker,
                "speaker_id": first.speaker,
                "role": first.role,
                "text": first.text,
                "date": first.date,
                "article_id": first.article_id,
                "sentence_index": first.sentence_index,
                "outlet": first.outlet,
                "also_in": [
                    {
                        "article_id": q.article_id,
                        "sentence_index": q.sentence_index,
                        "outlet": q.outlet,
                        "date": q.date,
                    }
                    for q in members[1:]
                ],
            }
        )
    return out
