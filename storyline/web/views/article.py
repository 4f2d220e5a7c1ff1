"""The article page: highlight spans over an article's text and its paragraphs.

Dates, actors (by name or alias), positions, quotes and figures of the article's
story are marked where the text states them. Overlapping highlights do not nest:
a segment carries every kind that covers it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from ...model import Article
from .common import actor_names, display_name, issue_of

#: Actor names shorter than this are not highlighted (too many false hits).
MIN_NAME_CHARS = 3


# -- article highlights --------------------------------------------------------

#: Order in which overlapping highlight kinds list their labels.
HIGHLIGHT_KINDS = ("date", "actor", "figure", "quote", "position")


def _find_all(text: str, needle: str) -> Iterator[tuple[int, int]]:
    needle = needle.strip()
    if len(needle) < MIN_NAME_CHARS:
        return
    start = text.find(needle)
    while start != -1:
        yield start, start + len(needle)
        start = text.find(needle, start + 1)


def _find_loose(text: str, needle: str) -> list[tuple[int, int]]:
    """Spans of ``needle`` in ``text``, tolerant of differing whitespace and quote marks."""
    found = list(_find_all(text, needle))
    if found:
        return found
    words = [re.escape(w) for w in re.findall(r"\w+", needle)]
    if len(words) < 2:
        return []
    pattern = re.compile(r"\W+".join(words))
    return [m.span() for m in pattern.finditer(text)]


def article_spans(
    article: Article, story: Mapping[str, Any] | None
) -> list[tuple[int, int, str, str]]:
    """Highlight spans ``(start, end, kind, label)`` over ``article.text``."""
    text = article.text
    spans: list[tuple[int, int, str, str]] = []
    by_index = {s.index: s for s in article.sentences}
    for m in article.mentions:
        sentence = by_index.get(m.sentence)
        if sentence is not None:
            label = f"date: {m.value} ({m.precision}, {m.relation})"
            spans.append((sentence.start + m.start, sentence.start + m.end, "date", label))
    if not story:
        return spans
    names = actor_names(story.get("actors") or [])
    variants: dict[str, str] = {}
    for actor in story.get("actors") or []:
        if not isinstance(actor, Mapping):
            continue
        name = str(actor.get("name") or "")
        for variant in [name, *(actor.get("aliases") or [])]:
            if isinstance(variant, str) and len(variant.strip()) >= MIN_NAME_CHARS:
                variants.setdefault(variant.strip(), name)
    if variants:
        pattern = re.compile(
            r"(?<!\w)("
            + "|".join(re.escape(v) for v in sorted(variants, key=len, reverse=True))
            + r")(?!\w)"
        )
        for found in pattern.finditer(text):
            spans.append(
                (found.start(), found.end(), "actor", f"actor: {variants[found.group(1)]}")
            )

    def sentence_span(item: Mapping[str, Any], text_key: str) -> list[tuple[int, int]]:
        index = item.get("sentence_index")
        sentence = by_index.get(index) if isinstance(index, int) else None
        if sentence is not None and text_key == "sentence":
            return [(sentence.start, sentence.end)]
        needle = str(item.get(text_key) or "")
        if sentence is not None and needle:
            inside = _find_loose(sentence.text, needle)
            if inside:
                return [(sentence.start + a, sentence.start + b) for a, b in inside[:1]]
        return _find_loose(text, needle)[:1] if needle else []

    for p in story.get("positions") or []:
        if isinstance(p, Mapping) and p.get("article_id") == article.id:
            who = display_name(p.get("actor"), names)
            label = f"position: {who} {p.get('stance') or ''} — {issue_of(p) or ''}"
            for start, end in sentence_span(p, "sentence"):
                spans.append((start, end, "position", label.strip(" —")))
    for q in story.get("quotes") or []:
        if not isinstance(q, Mapping) or not q.get("text"):
            continue
        label = f"quote: {display_name(q.get('speaker'), names) or 'unknown speaker'}"
        places = [q] + [x for x in q.get("also_in") or [] if isinstance(x, Mapping)]
        for place in places:
            if place.get("article_id") == article.id:
                for start, end in sentence_span({**place, "text": q["text"]}, "text"):
                    spans.append((start, end, "quote", label))
    for f in story.get("figures") or []:
        if not isinstance(f, Mapping):
            continue
        for mention in f.get("mentions") or []:
            if isinstance(mention, Mapping) and mention.get("article_id") == article.id:
                value = mention.get("value", f.get("value"))
                value = mention.get("text") if value is None else value
                label = f"figure: {f.get('what') or ''} = {value} ({f.get('verdict') or '-'})"
                for start, end in sentence_span(mention, "text"):
                    spans.append((start, end, "figure", label))
    return spans


def highlight_segments(
    text: str, start: int, end: int, spans: Sequence[tuple[int, int, str, str]]
) -> list[dict]:
    """``text[start:end]`` cut into segments, each with every highlight kind covering it.

    Overlapping highlights do not nest: a segment lists all the kinds and labels
    that cover it, so the page marks it with several classes at once.
    """
    inside = [
        (max(s, start), min(e, end), k, lab) for s, e, k, lab in spans if s < end and e > start
    ]
    cuts = sorted({start, end, *(s for s, _, _, _ in inside), *(e for _, e, _, _ in inside)})
    segments = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        covering = [(k, lab) for s, e, k, lab in inside if s <= a and e >= b]
        kinds = sorted({k for k, _ in covering}, key=HIGHLIGHT_KINDS.index)
        labels = sorted({lab for _, lab in covering})
        segments.append({"text": text[a:b], "kinds": kinds, "labels": labels})
    return segments


def article_body(article: Article, spans: Sequence[tuple[int, int, str, str]]) -> list[list[dict]]:
    """Paragraphs of sentences, each sentence ``{"index", "segments"}``, ready to render."""
    if not article.sentences:
        return [
            [
                {
                    "index": 0,
                    "segments": highlight_segments(article.text, 0, len(article.text), spans),
                }
            ]
        ]
    paragraphs: dict[int, list[dict]] = defaultdict(list)
    for sentence in article.sentences:
        paragraphs[sentence.paragraph].append(
            {
                "index": sentence.index,
                "segments": highlight_segments(article.text, sentence.start, sentence.end, spans),
            }
        )
    return [paragraphs[k] for k in sorted(paragraphs)]
