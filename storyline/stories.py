"""Grouping a mixed pile of articles into stories, online.

Articles are taken one at a time in a canonical order (publication date, then id),
so the input order never matters. Each joins the story whose centroid it is most
similar to (cosine of ``storyline.vectors`` rows: TF-IDF words and named entities by
default) when the similarity clears a bar that rises with the days between the
article and the story's span (stories drift; an article months away needs stronger
evidence); otherwise it starts a new story. Copies (``duplicate_of``) follow their
original and add no evidence.

Incremental builds pass the stored assignments in ``assigned``: those articles seed
their stories' centroids and only the new ones are placed, so stories already built
keep their members and ids. The single-pass centroid method is written by hand
because scikit-learn's clusterers are batch methods and cannot place one new article.
"""

from __future__ import annotations

import hashlib
import logging
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from .model import Article, Story
from .vectors import entities, get_vectors, words

log = logging.getLogger(__name__)

#: Least cosine to a story centroid for an article to join it, per vector kind, and how
#: much the bar rises for an article DRIFT_DAYS or more outside the story's span.
#: Tuned together on the T17 topics + seeds (bench/stories.py, docs/benchmarks.md).
JOIN_THRESHOLD = {"tfidf": 0.08, "minilm": 0.45}
DRIFT_PENALTY = {"tfidf": 0.20, "minilm": 0.15}
DRIFT_DAYS = 60
#: After the pass, a story of fewer than ADOPT_SIZE articles founded in this build joins the
#: most similar story of at least ADOPT_MIN_HOST articles when their centroids' cosine reaches
#: ADOPT_THRESHOLD: side threads of a big story (one inquiry, one lawsuit) fold back into it,
#: while small piles, with no story that large, are left alone. Tuned with the bars above on
#: the six T17 topics (B-cubed F1 0.938 with 3 / 10, 0.954 with 20 / 25).
ADOPT_SIZE, ADOPT_MIN_HOST = 20, 25
ADOPT_THRESHOLD = {"tfidf": 0.05, "minilm": 0.4}
#: Words and entities in a story title.
TITLE_ENTITIES, TITLE_WORDS = 3, 3


def story_id(article_ids: Sequence[str]) -> str:
    """A stable id for a story: a hash of the given (founding) member ids."""
    return "s" + hashlib.sha256("\n".join(sorted(article_ids)).encode()).hexdigest()[:11]


def story_title(articles: Sequence[Article], idf: Mapping[str, float] | None = None) -> str:
    """Key entities and topic words of the members ("Hamas, Israel, Gaza: cease-fire, talks").

    Terms are scored by how many members use them, times their ``idf`` in the whole pile
    when given (so words every story shares do not name this one).
    """
    entity_df: Counter[str] = Counter()
    surface: dict[str, Counter[str]] = {}
    word_df: Counter[str] = Counter()
    for article in articles:
        head = " ".join(filter(None, [article.title, article.text[:2000]]))
        found = entities(head)
        for e in set(x.lower() for x in found):
            entity_df[e] += 1
        for e in found:
            surface.setdefault(e.lower(), Counter())[e] += 1
        word_df.update(set(words(head)))
    if not entity_df and not word_df:
        return "Untitled story"

    def top(counts: Counter[str], prefix: str, n: int, skip: set[str]) -> list[str]:
        weight = idf or {}
        ranked = sorted(
            (k for k in counts if k not in skip),
            key=lambda k: (-counts[k] * weight.get(prefix + k.replace(" ", "_"), 1.0), k),
        )
        return ranked[:n]

    names = top(entity_df, "e:", TITLE_ENTITIES, set())
    name_words = {w for n in entity_df if entity_df[n] > 1 or n in names for w in n.split()}
    topic = top(word_df, "", TITLE_WORDS, name_words)
    shown = [surface[n].most_common(1)[0][0] for n in names]
    headline = _covering_headline(articles, [*names, *topic])
    if headline:
        return headline
    if shown and topic:
        return f"{', '.join(shown)}: {', '.join(topic)}"
    return ", ".join(shown or topic)


#: A member's headline names the story when it holds at least this many of its key terms.
HEADLINE_MIN_TERMS = 2


def _covering_headline(articles: Sequence[Article], terms: Sequence[str]) -> str | None:
    """The member headline that holds the most key terms (a readable title), if one holds enough."""
    best: tuple[tuple[int, int, str], str] | None = None
    for article in articles:
        if not article.title or article.duplicate_of:
            continue
        lowered = article.title.lower()
        hits = sum(1 for term in terms if re.search(rf"\b{re.escape(term.lower())}\b", lowered))
        key = (hits, -len(article.title), article.id)
        if hits >= HEADLINE_MIN_TERMS and (best is None or key > best[0]):
            best = (key, article.title)
    return best[1] if best else None


def _day(article: Article) -> int | None:
    if not article.published:
        return None
    parts = article.published.split("-")
    try:
        return date(
            int(parts[0]), int(parts[1]), int(parts[2]) if len(parts) > 2 else 15
        ).toordinal()
    except (ValueError, IndexError):
        return None


def canonical_order(articles: Sequence[Article]) -> list[Article]:
    """Dated articles oldest first, then undated ones; ties by id."""
    return sorted(articles, key=lambda a: (a.published is None, a.published or "", a.id))


class _Clusters:
    """Running centroid sums, their squared norms and date spans."""

    def __init__(self, dim: int, dense: bool) -> None:
        import numpy as np

        self.np = np
        self.dense = dense
        self.sums = np.zeros((16, dim), dtype=np.float32)
        self.norm2 = np.zeros(16, dtype=np.float64)
        self.first: list[int | None] = []
        self.last: list[int | None] = []
        self.ids: list[str] = []
        self.members: list[list[str]] = []

    def __len__(self) -> int:
        return len(self.ids)

    def dots(self, row) -> Any:
        n = len(self.ids)
        if self.dense:
            return self.sums[:n] @ row
        return self.sums[:n, row.indices] @ row.data

    def add(self, k: int, row, dot: float, day: int | None, article_id: str) -> None:
        if self.dense:
            self.sums[k] += row
            self.norm2[k] += 2 * dot + float(row @ row)
        else:
            self.sums[k, row.indices] += row.data
            self.norm2[k] += 2 * dot + float(row.data @ row.data)
        if day is not None:
            first, last = self.first[k], self.last[k]
            self.first[k] = day if first is None else min(first, day)
            self.last[k] = day if last is None else max(last, day)
        self.members[k].append(article_id)

    def new(self, sid: str) -> int:
        if len(self.ids) == len(self.sums):
            self.sums = self.np.vstack([self.sums, self.np.zeros_like(self.sums)])
            self.norm2 = self.np.concatenate([self.norm2, self.np.zeros_like(self.norm2)])
        self.ids.append(sid)
        self.first.append(None)
        self.last.append(None)
        self.members.append([])
        return len(self.ids) - 1

    def gaps(self, day: int | None):
        np = self.np
        n = len(self.ids)
        if day is None:
            return np.zeros(n)
        first = np.array([day if f is None else f for f in self.first], dtype=np.float64)
        last = np.array([day if x is None else x for x in self.last], dtype=np.float64)
        return np.maximum(0.0, np.maximum(first - day, day - last))


def group_stories(
    articles: Sequence[Article],
    *,
    vectors: str = "tfidf",
    assigned: Mapping[str, str] | None = None,
) -> list[Story]:
    """Stories of ``articles``; ``assigned`` maps already placed article ids to story ids."""
    if not articles:
        return []
    vectoriser = get_vectors(vectors)
    by_id = {a.id: a for a in articles}
    originals = canonical_order(
        [a for a in articles if not a.duplicate_of or a.duplicate_of not in by_id]
    )
    matrix = vectoriser.fit_transform([_text(a) for a in originals])
    if not vectoriser.dense:
        matrix = matrix.tocsr()
    dim = matrix.shape[1]
    clusters = _Clusters(max(dim, 1), vectoriser.dense)
    threshold, penalty = JOIN_THRESHOLD[vectors], DRIFT_PENALTY[vectors]
    assigned = dict(assigned or {})
    index_of: dict[str, int] = {}
    rows = {a.id: i for i, a in enumerate(originals)}
    placed = [a for a in originals if a.id in assigned]
    fresh = [a for a in originals if a.id not in assigned]
    for article in placed:
        sid = assigned[article.id]
        if sid not in index_of:
            index_of[sid] = clusters.new(sid)
        k = index_of[sid]
        row = matrix[rows[article.id]]
        dot = float(clusters.dots(row)[k]) if len(clusters) else 0.0
        clusters.add(k, row, dot, _day(article), article.id)
    for article in fresh:
        row = matrix[rows[article.id]]
        day = _day(article)
        best = -1
        if len(clusters):
            dots = clusters.dots(row)
            norms = clusters.np.sqrt(clusters.norm2[: len(clusters)]) + 1e-9
            bar = threshold + penalty * clusters.np.minimum(clusters.gaps(day) / DRIFT_DAYS, 1.0)
            score = dots / norms - bar
            k = int(clusters.np.argmax(score))
            if score[k] >= 0:
                best = k
                dot = float(dots[k])
        if best < 0:
            best = clusters.new(story_id([article.id]))
            dot = 0.0
        clusters.add(best, row, dot, day, article.id)
    founded_now = {story_id([a.id]) for a in fresh}
    _adopt(clusters, founded_now, ADOPT_THRESHOLD[vectors])
    story_of = {aid: clusters.ids[k] for k in range(len(clusters)) for aid in clusters.members[k]}
    for article in articles:
        if article.id not in story_of:
            story_of[article.id] = story_of.get(article.duplicate_of or "", "")
    members: dict[str, list[Article]] = {}
    for article in canonical_order(articles):
        members.setdefault(story_of[article.id], []).append(article)
    idf = _idf(vectoriser, matrix) if not vectoriser.dense else None
    stories = [
        Story(id=sid, title=story_title(group, idf), article_ids=tuple(a.id for a in group))
        for sid, group in members.items()
    ]
    stories.sort(key=lambda s: (-len(s.article_ids), s.id))
    log.info("%d articles in %d stories (%d newly placed)", len(articles), len(stories), len(fresh))
    return stories


def _adopt(clusters: _Clusters, founded_now: set[str], threshold: float) -> None:
    """Fold small stories founded in this build into the most similar large story."""
    np = clusters.np
    n = len(clusters)
    sizes = np.array([len(m) for m in clusters.members])
    hosts = np.flatnonzero(sizes >= ADOPT_MIN_HOST)
    if not len(hosts):
        return
    norms = np.sqrt(clusters.norm2[:n]) + 1e-9
    unit_hosts = clusters.sums[hosts] / norms[hosts, None]
    for k in range(n):
        if sizes[k] >= ADOPT_SIZE or clusters.ids[k] not in founded_now:
            continue
        cosines = unit_hosts @ (clusters.sums[k] / norms[k])
        best = int(np.argmax(cosines))
        if cosines[best] >= threshold:
            host = int(hosts[best])
            clusters.members[host].extend(clusters.members[k])
            clusters.members[k] = []


def _text(article: Article) -> str:
    return f"{article.title}\n{article.text}" if article.title else article.text


def _idf(vectoriser, matrix) -> dict[str, float]:
    """Inverse document frequency of each vocabulary term in the pile."""
    import numpy as np

    df = np.bincount(matrix.indices, minlength=matrix.shape[1])
    n = matrix.shape[0]
    return {
        term: math.log((1 + n) / (1 + int(count))) + 1.0
        for term, count in zip(vectoriser.vocabulary, df, strict=False)
    }


def similarity(
    texts_a: Sequence[str], texts_b: Sequence[str], *, vectors: str = "tfidf"
) -> list[float]:
    """Cosine similarity of each pair ``(texts_a[i], texts_b[i])`` under ``vectors``.

    The vectors are fitted on all the texts together (the IDF of the pile), as when
    clustering.
    """
    import numpy as np

    vectoriser = get_vectors(vectors)
    matrix = vectoriser.fit_transform(list(texts_a) + list(texts_b))
    n = len(texts_a)
    if vectoriser.dense:
        return [float(np.dot(matrix[i], matrix[n + i])) for i in range(n)]
    return [float(matrix[i].multiply(matrix[n + i]).sum()) for i in range(n)]
