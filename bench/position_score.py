"""Scorer of the positions stage against the hand-annotated negotiations corpus.

A gold position (``positions.jsonl``) is found when a predicted position of the same
article has

- the same sentence: after collapsing white space and case, one sentence contains the
  other, or their longest common stretch covers at least ``SENTENCE_OVERLAP`` of the
  shorter one (our splitter may cut a headline or a quotation differently);
- the gold actor or its side: a predicted actor or side name equal to one of
  ``actor_aliases`` / ``group_aliases`` (or the canonical names), or one containing the
  other as whole words ("Senate Republicans" ~ "republicans");
- a compatible stance (``COMPATIBLE``: reject ~ oppose, accept ~ concede);
- one of ``issue_keywords`` in its issue: the issue label or the words of the sentence
  the issue was read from (``phrase``), lower-cased.

Predictions in annotated articles that match no gold record are false positives.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from difflib import SequenceMatcher
from pathlib import Path

#: Share of the shorter sentence two sentences must have in one common stretch.
SENTENCE_OVERLAP = 0.6
#: Stances that count as the same when matching.
COMPATIBLE = {
    "reject": {"reject", "oppose"},
    "oppose": {"oppose", "reject"},
    "accept": {"accept", "concede"},
    "concede": {"concede", "accept", "shift"},
    "shift": {"shift", "concede"},
}


def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("“", '"').replace("”", '"').lower().split())


def same_sentence(a: str, b: str) -> bool:
    a, b = _norm(a), _norm(b)
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    short = min(len(a), len(b))
    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return match.size >= SENTENCE_OVERLAP * short


def _words_in(small: str, big: str) -> bool:
    return re.search(rf"(?<![\w]){re.escape(small)}(?![\w])", big) is not None


def same_actor(predicted: Iterable[str], gold: dict) -> bool:
    names = {_norm(n) for n in predicted if n}
    aliases = {_norm(a) for a in gold["actor_aliases"] + gold["group_aliases"]}
    aliases |= {_norm(gold["actor"]), _norm(gold["actor_group"])}
    aliases.discard("")
    for name in names:
        for alias in aliases:
            if name == alias or _words_in(alias, name) or _words_in(name, alias):
                return True
    return False


def matches(p: dict, g: dict) -> bool:
    if p["stance"] not in COMPATIBLE.get(g["stance"], {g["stance"]}):
        return False
    words = _norm(f"{p['issue']} || {p.get('phrase') or ''}")
    if not any(_norm(k) in words for k in g["issue_keywords"]):
        return False
    if not same_actor((p["actor"], p["side"], p.get("actor_words") or ""), g):
        return False
    return same_sentence(p["sentence"], g["sentence"])


def load(folder: Path) -> tuple[list[dict], list[dict], dict[str, list[str]]]:
    corpus = [json.loads(line) for line in (folder / "corpus.jsonl").open(encoding="utf-8")]
    gold = [json.loads(line) for line in (folder / "positions.jsonl").open(encoding="utf-8")]
    annotated = json.loads((folder / "positions_articles.json").read_text("utf-8"))
    return corpus, gold, annotated


def score(
    predicted: Sequence[dict], gold: Sequence[dict], annotated: set[str]
) -> tuple[int, int, int, int]:
    """(gold found, gold total, predictions matching a gold record, predictions) over the
    annotated articles; ``predicted`` carry ``source`` = the corpus id of their article."""
    by_article: dict[str, list[dict]] = defaultdict(list)
    for p in predicted:
        if p["source"] in annotated:
            by_article[p["source"]].append(p)
    found = sum(any(matches(p, g) for p in by_article[g["article"]]) for g in gold)
    good = sum(
        any(matches(p, g) for g in gold if g["article"] == p["source"])
        for ps in by_article.values()
        for p in ps
    )
    return found, len(gold), good, sum(len(v) for v in by_article.values())
