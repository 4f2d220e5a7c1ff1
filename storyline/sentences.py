"""Sentence splitting for news text.

Written by hand because the usual splitters either need a model (spaCy,
~2 ms a sentence) or break on the forms news text is full of: titles
("Mr. Netanyahu"), month abbreviations ("Oct. 7"), dotted acronyms ("the
U.S. envoy"), initials ("Joe R. Biden") and quotations ('"Go," he said.').

Each non-empty line is a paragraph and never shares a sentence with another
line: scraped text puts one paragraph on a line, and pre-split corpora (T17)
one sentence on a line.

The work is linear in the text: each candidate boundary looks at most
``LOOKBACK`` characters back and ``LOOKAHEAD`` forward, the boundary pattern
never backtracks, and a sentence longer than ``MAX_SENTENCE_CHARS`` (a text
with no stops, a 40 KB "word") is cut into pieces of at most that length, so
no later stage gets one unbounded sentence.
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

# Possessive quantifiers and the look-behind keep the pattern from backtracking
# inside a run of stops, quotes or spaces (quadratic on "!!!!..." otherwise); a
# match starts only where a run of stops starts, so it covers the whole run.
_BOUNDARY = re.compile(
    r"""
    (?<![.!?…])
    (?P<end>[.!?…]++)              # terminal punctuation
    (?P<close>["'”’)\]]*+)        # closing quotes or brackets
    (?P<space>\s++)                # whitespace
    (?=(?P<next>["'“‘(\[]?\S))      # what begins the next sentence
    """,
    re.VERBOSE,
)
_DOTTED = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]?$")
_FIRST_WORD = re.compile(r"[A-Za-z]+")
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.")

#: Characters read after a candidate boundary to see what starts the next sentence.
LOOKAHEAD = 40
#: Longest word looked back at before a period: the longest abbreviation or dotted
#: acronym is far shorter, and a longer run of letters is an ordinary word.
LOOKBACK = 64
#: Longest sentence kept whole. The longest line of the T17 and SemEval news texts
#: is 3,408 characters; a longer run without a boundary is cut at a space.
MAX_SENTENCE_CHARS = 5_000


def _word_before(paragraph: str, end: int) -> str | None:
    """The run of letters and dots ending at ``end`` that starts with a letter, or
    None; of a run longer than ``LOOKBACK``, its last ``LOOKBACK`` characters."""
    start = end
    floor = max(0, end - LOOKBACK)
    while start > floor and paragraph[start - 1] in _WORD_CHARS:
        start -= 1
    if start == floor and floor > 0 and paragraph[floor - 1] in _WORD_CHARS:
        return paragraph[floor:end]  # cut off: longer than any abbreviation
    while start < end and paragraph[start] == ".":
        start += 1
    return paragraph[start:end] if start < end else None


def _is_boundary(paragraph: str, match: re.Match[str]) -> bool:
    nxt = paragraph[match.end() : match.end() + LOOKAHEAD]
    first = nxt.lstrip("\"'“‘([")
    if not first:
        return False
    if first[0].islower():
        return False
    if match.group("end") != ".":
        return True
    if match.group("close"):
        return True
    word = _word_before(paragraph, match.start())
    if not word:
        return True
    next_word = _FIRST_WORD.match(first)
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
                spans.extend(_capped(paragraph, start, end))
            start = match.end()
    if paragraph[start:].strip():
        spans.extend(_capped(paragraph, start, len(paragraph.rstrip())))
    return spans


def _capped(paragraph: str, start: int, end: int) -> list[tuple[int, int]]:
    """The span, cut at spaces into pieces of at most ``MAX_SENTENCE_CHARS``."""
    pieces = []
    while end - start > MAX_SENTENCE_CHARS:
        cut = paragraph.rfind(" ", start + 1, start + MAX_SENTENCE_CHARS)
        if cut <= start:
            cut = start + MAX_SENTENCE_CHARS  # no space: a cut inside the run
        stop = cut
        while stop > start and paragraph[stop - 1].isspace():
            stop -= 1
        if stop > start:
            pieces.append((start, stop))
        start = cut
        while start < end and paragraph[start].isspace():
            start += 1
    if start < end:
        pieces.append((start, end))
    return pieces


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
