"""Plain data passed from stage to stage.

Every class is a frozen, slotted dataclass: stages take these and return new
ones (``dataclasses.replace``), never mutate them. Nothing here reads the
store or prints.

Offsets: ``Sentence.start``/``end`` index into ``Article.text`` (the cleaned
text); ``TimeMention.start``/``end`` index into the sentence's own text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: How precise a date is. ``published`` and timeline dates use the first three.
PRECISIONS = ("day", "month", "year", "week", "decade", "range")


@dataclass(frozen=True, slots=True)
class Document:
    """One article as a loader found it, before cleaning and analysis."""

    raw: str
    path: str | None = None
    url: str | None = None
    line: int | None = None  # line (or row) of the article in its file, 1-based
    fmt: str = "txt"
    source_id: str | None = None
    title: str | None = None
    outlet: str | None = None  # from an explicit field
    published: str | None = None  # from an explicit field, as written
    site_name: str | None = None  # from HTML metadata
    html_date: str | None = None  # from HTML metadata (htmldate)
    text: str | None = None  # main text when the loader already extracted it (HTML)
    warnings: tuple[str, ...] = ()  # what reading it had to guess (encoding)


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    text: str
    start: int
    end: int
    paragraph: int


@dataclass(frozen=True, slots=True)
class TimeMention:
    """A date expression in a sentence, resolved against the publication date."""

    sentence: int  # Sentence.index
    text: str
    start: int
    end: int
    value: str  # "2024-03-25", "2024-03", "2024", "2024-W13", "2020s" or "A/B" for a range
    precision: str  # one of PRECISIONS
    relation: str = "past"  # "past" | "present" | "future" relative to publication
    kind: str = "absolute"  # "absolute" | "relative"
    # "event" | "since" (the start of a span, "since April": background, not the event's date)
    # | "report" (the day a statement was made, "said on Tuesday that ...")
    role: str = "event"


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    raw: str
    text: str
    sentences: tuple[Sentence, ...] = ()
    title: str | None = None
    source_id: str | None = None
    path: str | None = None
    url: str | None = None
    fmt: str = "txt"
    outlet: str | None = None
    outlet_source: str | None = None  # "field" | "url" | "opener" | "self_reference" | "site_name"
    published: str | None = None  # "YYYY-MM-DD" | "YYYY-MM"
    published_precision: str | None = None  # "day" | "month"
    published_source: str | None = (
        None  # "field" | "html" | "marker" | "dateline" | "url" | "inferred"
    )
    published_confidence: float = 0.0
    warnings: tuple[str, ...] = ()
    mentions: tuple[TimeMention, ...] = ()
    duplicate_of: str | None = None


@dataclass(frozen=True, slots=True)
class Source:
    """Where a piece of output comes from: one sentence of one article."""

    article_id: str
    sentence_index: int
    sentence: str
    outlet: str | None
    published: str | None


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    date: str
    date_precision: str
    summary: tuple[str, ...]
    sources: tuple[Source, ...]
    score: float = 0.0
    # A date the story refers back to outside its own span ("the 2018-19 shutdown"): shown
    # apart, never stretching the story's axis (storyline.json ``background``).
    background: bool = False


@dataclass(frozen=True, slots=True)
class Story:
    id: str
    title: str
    article_ids: tuple[str, ...]
    timeline: tuple[TimelineEntry, ...] = ()
    # Filled by later stages; plain JSON-ready values so the contract stays stable.
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class IngestError:
    path: str
    error: str
    line: int | None = None

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.error}"


@dataclass(frozen=True, slots=True)
class Copy:
    """One article found to copy another: a wire copy, a near-copy or a rewrite."""

    article_id: str
    original_id: str  # the canonical article of its syndication group
    kind: str  # "exact" | "near" | "rewrite"
    score: float  # shingle Jaccard ("exact", "near") or matched sentence share ("rewrite")


@dataclass(frozen=True, slots=True)
class Actor:
    """A canonical actor of a story: a person, organisation, state/government or group."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    type: str = "organisation"  # "person" | "organisation" | "state" | "group"
    affiliation: str | None = None  # id of the principal (Netanyahu -> israel)
    role: str | None = None  # "prime minister", "senior Hamas official"


@dataclass(frozen=True, slots=True)
class Position:
    """One actor's stance on one issue, as one sentence of one article states it."""

    actor: str  # Actor.id of who holds it
    side: str  # Actor.id of the principal (the actor itself, or what it is affiliated with)
    stance: str  # one of storyline.positions.STANCES
    issue: str  # normalised issue key ("complete withdrawal from gaza")
    phrase: str  # the words of the sentence the issue was read from
    article_id: str
    sentence_index: int
    sentence: str
    outlet: str | None
    date: str | None
    target: str | None = None  # Actor.id the stance is aimed at
    reported_by: str | None = None  # Actor.id (or words) of who reports it
    negated: bool = False


@dataclass(frozen=True, slots=True)
class PositionClaim:
    """A position as an extractor other than the rules reads it (``--extractor llm``): the
    surface words of one sentence, before actors are resolved and issues grouped."""

    article_id: str
    sentence_index: int  # Sentence.index; the sentence must occur verbatim in the article
    actor: str  # the holder as the sentence names it ("the union", "Senate Democrats")
    stance: str  # one of storyline.positions.STANCES
    issue: str  # the object of the stance, in the sentence's words
    target: str | None = None  # whom the stance is aimed at, as named
    extractor: str = "llm"


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct quotation with its resolved speaker."""

    speaker: str | None  # Actor.id
    text: str
    article_id: str
    sentence_index: int
    outlet: str | None
    date: str | None
    role: str | None = None


@dataclass(frozen=True, slots=True)
class FigureMention:
    """One numeric claim in one sentence."""

    what: str  # what is counted or measured, from the parse ("tariff on Chinese goods")
    category: str  # the unit, or the counted noun: "percent", "days", "people", ...
    value: float | None  # the number as stated; None for a vague amount ("several dozen")
    text: str  # the words, e.g. "more than 32,000 people"
    qualifier: str | None  # "about", "more than", "at least", ...
    attribution: str | None  # "the Hamas-run health ministry"
    article_id: str
    sentence_index: int
    outlet: str | None
    date: str | None
    event: str | None = None  # the verb of the clause, as written: "killed", "rose", ...
    unit: str | None = None  # "percent", "dollars", "days", "weeks", ... (None: a count)
    vague: bool = False  # "several dozen", "hundreds of": words kept, no value
