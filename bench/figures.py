"""Figures on the negotiations dev corpus: does each figure say what it counts, and is every
number one the text states?

Each of the 206 excerpts is prepared (cleaned, split) and ``find_figures`` runs over it;
the figures of each story are reconciled. Counted:

- figures whose "what" names only a unit or scale ("percent", "days": ``unit_only``);
- mentions whose words are not in their sentence verbatim;
- mentions whose value the text does not state: the sentence's number words are turned
  into digits by ``text2num.alpha2digit`` (independently of the figures stage's own
  reading) and the value must be one of the numbers written there, alone or times a
  following scale word ("2.5 million");
- mentions of a vague amount ("several dozen", "hundreds of") that carry a value.

The issue's target: no figure whose what is only a unit, and no number the text does not
state (all four counts 0). Nothing of the corpus text is written to the docs.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from pathlib import Path

CORPUS = Path("benchmarks/negotiations/corpus.jsonl")
_VAGUE = re.compile(
    r"\b(?:several|a few|dozens|hundreds of|thousands of|millions of|billions of|tens of|scores of)\b",
    re.IGNORECASE,
)
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "m": 1e6, "bn": 1e9}


def stated_numbers(text: str) -> set[float]:
    """Every number the words state: digits, number words (via text2num), times a scale word."""
    from text_to_num import alpha2digit

    converted = alpha2digit(text.replace("-", " "), "en", threshold=0).replace(",", "")
    tokens = re.findall(r"\d+(?:\.\d+)?|[a-z]+", converted.lower())
    out: set[float] = set()
    for i, token in enumerate(tokens):
        if not token[0].isdigit():
            continue
        value = float(token)
        out.add(value)
        if i + 1 < len(tokens):
            nxt = tokens[i + 1]
            if nxt in _SCALE:
                out.add(value * _SCALE[nxt])
            elif nxt[0].isdigit() and float(nxt) >= 1000 and re.fullmatch(r"10*", nxt):
                out.add(value * float(nxt))  # alpha2digit writes "1.5 billion" as "1.5 1000000000"
    return out


def _articles(path: Path):
    from storyline.model import Document
    from storyline.pipeline import prepare

    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            doc = Document(
                raw=row["raw"],
                source_id=row["id"],
                url=row.get("url"),
                outlet=row.get("outlet"),
                published=row.get("published"),
            )
            try:
                out.append((row["story"], prepare(doc)))
            except ValueError:
                continue
    return out


def measure(path: Path) -> dict:
    from storyline import nlp
    from storyline.figures import find_figures, reconcile, unit_only

    articles = _articles(path)
    nlp.parse_syntax(["Load the model first."])
    started = time.process_time()
    by_story: dict[str, list] = {}
    sentences = 0
    for story, article in articles:
        rows = [(s.index, s.text, article.published) for s in article.sentences]
        sentences += len(rows)
        by_story.setdefault(story, []).extend(find_figures(article.id, article.outlet, rows))
    seconds = time.process_time() - started
    text_of = {(a.id, s.index): s.text for _story, a in articles for s in a.sentences}
    counts: Counter = Counter()
    units: Counter = Counter()
    for mentions in by_story.values():
        figures = reconcile(mentions)
        counts["figures"] += len(figures)
        counts["unit-only what"] += sum(unit_only(f["what"]) for f in figures)
        counts["one-word what"] += sum(len(re.findall(r"\w+", f["what"])) == 1 for f in figures)
        for f in figures:
            counts[f"verdict {f['verdict']}"] += 1
        for m in mentions:
            sentence = text_of[(m.article_id, m.sentence_index)]
            counts["mentions"] += 1
            units[m.unit or "count"] += 1
            counts["vague mentions (no value)"] += m.value is None
            if m.text not in sentence:
                counts["words not in the sentence"] += 1
            if m.value is not None and m.value not in stated_numbers(m.text):
                counts["value not stated"] += 1
            if m.value is not None and _VAGUE.search(m.text):
                counts["vague amount with a value"] += 1
    return {
        "articles": len(articles),
        "sentences": sentences,
        "seconds": seconds,
        "counts": counts,
        "units": units,
    }


def run(shared: Path) -> str:
    path = shared / CORPUS
    if not path.exists():
        return f"## figures\n\nskipped: {path} is absent"
    r = measure(path)
    c = r["counts"]
    checks = [
        ("figures whose what is only a unit", c["unit-only what"]),
        ("mentions whose words are not in their sentence", c["words not in the sentence"]),
        ("mentions whose value the text does not state", c["value not stated"]),
        ("vague amounts given a value", c["vague amount with a value"]),
    ]
    verdicts = ", ".join(
        f"{k.split(' ', 1)[1]} {v}" for k, v in sorted(c.items()) if k.startswith("verdict ") and v
    )
    units = ", ".join(f"{u} {n}" for u, n in r["units"].most_common())
    lines = [
        "## figures — what each figure counts, and no number the text does not state",
        "",
        f"Negotiations dev corpus: {r['articles']} articles, {r['sentences']} sentences; "
        f"{c['mentions']} figure mentions ({c['vague mentions (no value)']} vague, kept as words), "
        f"{c['figures']} reconciled figures ({verdicts}). Mentions by unit: {units}. "
        f"find_figures: {r['seconds']:.1f} CPU s, {r['articles'] / r['seconds']:.0f} articles/s "
        "(the spaCy parse of the sentences holding a number included, model loading not).",
        "",
        "| check (target 0) | count |",
        "|---|---|",
        *(f"| {name} | {n} |" for name, n in checks),
        "",
        f"For reading, not a target: {c['one-word what']} of the {c['figures']} figures have a "
        'one-word what (a counted noun such as "members" with nothing governing it in the parse).',
    ]
    return "\n".join(lines)
