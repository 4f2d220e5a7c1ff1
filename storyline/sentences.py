"""Sentence splitting for news text.

Written by hand because the usual splitters either need a model (spaCy,
~2 ms a sentence) or break on the forms news text is full of: titles
("Mr. Netanyahu"), month abbreviations ("Oct. 7"), dotted acronyms ("the
U.S. envoy"), initials ("Joe R. Biden") and quotations ('"Go," he said.').

Each non-empty line is a paragraph and never shares a sentence with another
line: scraped text puts one paragraph on a line, and pre-split corpora (T17)
one sentence on a line.
"""

from __future__ import annotations

import re

from .model import Sentence

# Words that end with a period without ending a sentence when a capitalised
# word follows ("Mr. Netanyahu", "Gen. Halevi", "Oct. 7").
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof gen sen rep gov lt col sgt capt cmdr adm maj st jr sr rev hon pres
    supt insp det amb fr sec atty messrs mmes inc corp co ltd bros dept univ assn est
    approx vs etc cf al fig no nos vol pp op ft mt jan feb mar apr jun jul aug sep sept
    oct nov dec mon tue tues wed thu thur thurs fri sat sun
    """.split()
)

# After these words a dotted acronym ("U.S.") or an abbreviation does end
# the sentence: "... talks in the U.S. The envoy said ...".
SENTENCE_STARTERS = frozenset(
    """
    the a an he she it they we i but and however this that these those there his her its
    their our in on at after before when while meanwhile officials police
    """.split()
)

_BOUNDARY = re.compile(
    r"""
    (?P<end>[.!?]+|\.\.\.|…)       # terminal punctuation
    (?P<close>["'”’)\]]*)          # closing quotes or brackets
    (?P<space>\s+)                 # whitespace
    (?=(?P<next>["'“‘(\[]?\S))      # what begins the next sentence
    """,
    re.VERBOSE,
)
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
_DOTTED = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]?$")


def _is_boundary(paragraph: str, match: re.Match[str]) -> bool:
    nxt = paragraph[match.end() : match.end() + 40]
    first = nxt.lstrip("\"'“‘([")
    if not first:
        return False
    if first[0].islower():
        return False
    if match.group("end") != ".":
        return True
    if match.group("close"):
        return True
    before = _WORD_BEFORE.search(paragraph, 0, match.start())
    if not before:
        return True
    word = before.group(1)
    next_word = re.match(r"[A-Za-z]+", first)
    starts_sentence = next_word is not None and next_word.group(0).lower() in SENTENCE_STARTERS
    lowered = word.lower().rstrip(".")
    if lowered in ABBREVIATIONS:
        return starts_sentence and lowered not in {"mr", "mrs", "ms", "dr", "st", "gen"}
    if len(word) == 1 and word.isupper():  # an initial: "Joe R. Biden"
        return starts_sentence
    if _DOTTED.match(word):  # "U.S", "a.m"
        return starts_sentence
    return True


def split_paragraph(paragraph: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) within one paragraph, stripped of spaces."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(paragraph):
        if _is_boundary(paragraph, match):
            end = match.start("space")
            if paragraph[start:end].strip():
                spans.append((start, end))
            start = match.end()
    if paragraph[start:].strip():
        spans.append((start, len(paragraph.rstrip())))
    return spans


def split_sentences(text: str) -> tuple[Sentence, ...]:
    """Split cleaned article text into sentences with offsets into ``text``."""
    sentences: list[Sentence] = []
    paragraph_index = 0
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            for start, end in split_paragraph(line):
                lead = len(line[start:end]) - len(line[start:end].lstrip())
                s, e = offset + start + lead, offset + end
                sentences.append(Sentence(len(sentences), text[s:e], s, e, paragraph_index))
            paragraph_index += 1
        offset += len(line) + 1
    return tuple(sentences)
