"""Issues read from the text: the object of each stance, normalised, then grouped per story.

An issue key is the content lemmas of the stance's object in reading order (no
determiners, pronouns, numbers or quantity words: "a 25% raise" -> "raise"); a verb
the object negates keeps its "not" ("a pledge not to seek advantage" -> "not seek
advantage"). Keys of
one story are grouped when their lemma sets overlap enough (``JACCARD``) or, with the
``embeddings`` extra, when their MiniLM vectors are close (``COSINE``); each group is
named by its most frequent key (ties: the shorter, then the alphabetically first).
Written by hand: the grouping is a greedy single pass over keys by frequency, which
keeps the result independent of article order.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable, Sequence

log = logging.getLogger(__name__)

#: Share of shared lemmas (Jaccard over stemmed lemma sets) that puts two keys in one group.
#: Chosen on the negotiations dev stories as a group (docs/benchmarks.md).
JACCARD = 0.5
#: Cosine of MiniLM key vectors that puts two keys in one group (with the ``embeddings`` extra).
COSINE = 0.8
#: Words that say how much or which, not what ("all", "more", "new"): dropped from keys.
QUANTITY = frozenset(
    "all any more most less least some several many few much other another such each every "
    "further additional new latest late final first second third last next own same "
    "percent per cent %".split()
)
_STOP = frozenset(
    "a an the of to for on in at by with from and or but its their his her our my your this that "
    "these those it they we he she be is are was were been being have has had do does did no "
    "will would shall should can could may might must as than into over about".split()
)
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def stem(word: str) -> str:
    """A crude plural/verb-ending fold, so that spaCy lemmas and plain words compare."""
    w = word.lower().replace("’", "'")
    if len(w) <= 4 or not w.endswith("s") or w.endswith(("ss", "us", "is")):
        return w
    if w.endswith("ies"):
        return w[:-3] + "y"
    if w.endswith(("sses", "xes", "zes", "ches", "shes")):
        return w[:-2]  # "taxes", "wishes"; "measures", "representatives" keep their "e"
    return w[:-1]


def clean_lemmas(lemmas: Iterable[str]) -> tuple[str, ...]:
    return tuple(
        w for w in (x.lower() for x in lemmas) if w not in QUANTITY and w not in _STOP and w
    )


def key_of_words(text: str) -> tuple[str, ...]:
    """Lemmas of plain words (an issue named by another extractor), without spaCy."""
    return clean_lemmas(stem(w) for w in _WORD.findall(text))


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _embed(keys: Sequence[str]):
    """MiniLM rows of the keys, or None without the ``embeddings`` extra."""
    from ..errors import MissingExtra
    from ..vectors import get_vectors

    try:
        return get_vectors("minilm").fit_transform(list(keys))
    except MissingExtra:
        return None
    except Exception as exc:  # a broken model install must not stop the stage
        log.warning("issue grouping falls back to word overlap: %s", exc)
        return None


def group(
    keys: Iterable[str], *, embeddings: bool = False, bare: Iterable[str] = ()
) -> dict[str, str]:
    """Each key -> the name of its group.

    ``bare``: words that alone name no issue (stance words: "offer", "vote"); a key made
    only of them joins the most frequent group whose key holds its words ("offer" ->
    "company contract offer") and never names a group that has another key. A group of
    one position then joins the largest group of several whose head word it holds
    (``_nearest``).
    """
    counts = Counter(k for k in keys if k)
    bare_words = {stem(w) for w in bare}
    sets = {k: {stem(w) for w in k.split()} for k in counts}
    is_bare = {k: sets[k] <= bare_words for k in counts}
    order = sorted(counts, key=lambda k: (is_bare[k], -counts[k], len(k), k))
    vectors = _embed(order) if embeddings and order else None
    row = {k: i for i, k in enumerate(order)}
    heads: list[str] = []
    out: dict[str, str] = {}
    size: Counter[str] = Counter()
    for key in order:
        best, score = None, 0.0
        if is_bare[key]:
            holding = [h for h in heads if sets[key] <= sets[h]]
            best = max(holding, key=lambda h: (size[h], h), default=None)
        for head in heads if best is None else ():
            s = _jaccard(sets[key], sets[head])
            if s >= JACCARD and s > score:
                best, score = head, s
            elif vectors is not None:
                cos = float(vectors[row[key]] @ vectors[row[head]])
                if cos >= COSINE and cos > score:
                    best, score = head, cos
        if best is None:
            heads.append(key)
            best = key
        out[key] = best
        size[best] += counts[key]
    return _nearest(out, size, sets)


def _nearest(out: dict[str, str], size: Counter[str], sets: dict[str, set[str]]) -> dict[str, str]:
    """Groups of one position joined to the largest group of several whose head word (the
    last of its key: "pay offer" -> offer) they hold ("raise wage life contract" ->
    "contract"); the others stay apart."""
    big = sorted((h for h in size if size[h] >= 2), key=lambda h: (-size[h], h))
    moved: dict[str, str] = {}
    for head in sorted(h for h in size if size[h] < 2):
        holding = [b for b in big if stem(b.split()[-1]) in sets[head]]
        if holding:
            moved[head] = holding[0]
    return {k: moved.get(h, h) for k, h in out.items()}
