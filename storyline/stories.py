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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from .model import Article, Story
from .vectors import ENTITY_WEIGHT, MAX_FEATURES, entities, features, get_vectors, words

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
    return published_day(article.published)


def published_day(published: str | None) -> int | None:
    """A publication date as a day number (a month alone counts as its 15th)."""
    if not published:
        return None
    parts = published.split("-")
    try:
        return date(
            int(parts[0]), int(parts[1]), int(parts[2]) if len(parts) > 2 else 15
        ).toordinal()
    except (ValueError, IndexError):
        return None


def canonical_order(articles: Sequence[Article]) -> list[Article]:
    """Dated articles oldest first, then undated ones; ties by id."""
    return sorted(articles, key=lambda a: (a.published is None, a.published or "", a.id))


#: An article only joins a story whose span it falls within this many days of: stories
#: far apart in time are separate stories, and the clustering keeps only the stories
#: near the current date in memory (articles come oldest first), so a build's memory
#: does not grow with the archive. Chosen on the T17 topics (bench/stories.py): no
#: article there joins a story more than this far outside its span.
WINDOW_DAYS = 180
#: Articles come in date order, but a month-precision date ("2024-04") sorts before the
#: days of its month while it counts as the 15th: stories leave memory this much later.
ORDER_SLACK_DAYS = 31


@dataclass(slots=True)
class StoryState:
    """A story's running centroid (sum of member rows, sparse), squared norm, span and size."""

    id: str
    indices: Any  # int32 array of columns (all columns when dense)
    weights: Any  # float32 array
    norm2: float
    first: int | None
    last: int | None
    size: int
    founded: bool  # founded in this build

    def gap(self, day: int | None) -> float:
        if day is None or self.first is None or self.last is None:
            return 0.0
        return float(max(0, self.first - day, day - self.last))


class TermModel:
    """TF-IDF over stored term counts, the same weighting as ``vectors.TfidfVectors``.

    Fitted from per-article ``Counter``s of ``vectors.features`` (sublinear tf, smoothed
    idf, the ``max_features`` most frequent terms, l2 rows, entity features re-weighted),
    so the pile is read as a stream and the fitted model can be stored and reused by
    incremental builds. Written by hand because scikit-learn's vectoriser needs every
    text in one call.
    """

    def __init__(self, vocabulary: Sequence[str], idf: Sequence[float], documents: int) -> None:
        import numpy as np

        self.vocabulary = list(vocabulary)
        self.column = {t: i for i, t in enumerate(self.vocabulary)}
        self.idf = np.asarray(idf, dtype=np.float64)
        self.documents = documents
        self.scale = np.array(
            [ENTITY_WEIGHT if t.startswith("e:") else 1.0 for t in self.vocabulary]
        )

    @classmethod
    def fit(
        cls, counts: Iterable[Mapping[str, int]], max_features: int = MAX_FEATURES
    ) -> TermModel:
        total: Counter[str] = Counter()
        df: Counter[str] = Counter()
        n = 0
        for row in counts:
            n += 1
            total.update(row)
            df.update(row.keys())
        terms = sorted(total)
        if len(terms) > max_features:
            kept = sorted(terms, key=lambda t: -total[t])[:max_features]  # stable: ties by name
            terms = sorted(kept)
        idf = [math.log((1 + n) / (1 + df[t])) + 1.0 for t in terms]
        return cls(terms, idf, n)

    def transform(self, counts: Mapping[str, int]) -> tuple[Any, Any]:
        """One article's row as (sorted column indices, weights), l2-normalised."""
        import numpy as np

        pairs = sorted((self.column[t], c) for t, c in counts.items() if t in self.column)
        if not pairs:
            return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32)
        idx = np.array([p[0] for p in pairs], dtype=np.int32)
        tf = 1.0 + np.log(np.array([p[1] for p in pairs], dtype=np.float64))
        values = tf * self.idf[idx]
        values /= np.linalg.norm(values) or 1.0
        values *= self.scale[idx]
        values /= np.linalg.norm(values) or 1.0
        return idx, values.astype(np.float32)

    def idf_by_term(self) -> dict[str, float]:
        return dict(zip(self.vocabulary, self.idf.tolist(), strict=True))

    def to_json(self) -> dict:
        return {
            "vocabulary": self.vocabulary,
            "idf": self.idf.tolist(),
            "documents": self.documents,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> TermModel:
        return cls(data["vocabulary"], data["idf"], data["documents"])


class Placer:
    """The stories near the current date as dense centroid rows; places one article at a time."""

    def __init__(self, dim: int, vectors: str = "tfidf", window: int | None = None) -> None:
        import numpy as np

        self.np = np
        self.dim = max(dim, 1)
        self.window = WINDOW_DAYS if window is None else window
        self.threshold, self.penalty = JOIN_THRESHOLD[vectors], DRIFT_PENALTY[vectors]
        self.sums = np.zeros((16, self.dim), dtype=np.float32)
        self.states: list[StoryState] = []
        self.row_of: dict[str, int] = {}
        self.founded: set[str] = set()  # stories this placer started

    def __len__(self) -> int:
        return len(self.states)

    def __contains__(self, story: str) -> bool:
        return story in self.row_of

    def load(self, state: StoryState) -> None:
        """Bring a stored story into memory."""
        if len(self.states) == len(self.sums):
            self.sums = self.np.vstack([self.sums, self.np.zeros_like(self.sums)])
        k = len(self.states)
        self.sums[k] = 0
        self.sums[k, state.indices] = state.weights
        self.states.append(state)
        self.row_of[state.id] = k

    def new(self, story: str) -> None:
        np = self.np
        empty = StoryState(
            story, np.zeros(0, np.int32), np.zeros(0, np.float32), 0.0, None, None, 0, True
        )
        self.load(empty)
        self.founded.add(story)

    def add(self, story: str, row: tuple[Any, Any], day: int | None) -> None:
        """Add a member's row to a story in memory."""
        k = self.row_of[story]
        idx, values = row
        state = self.states[k]
        dot = float(self.sums[k, idx] @ values)
        self.sums[k, idx] += values
        state.norm2 += 2 * dot + float(values @ values)
        state.size += 1
        if day is not None:
            state.first = day if state.first is None else min(state.first, day)
            state.last = day if state.last is None else max(state.last, day)

    def best(self, row: tuple[Any, Any], day: int | None) -> tuple[str, float] | None:
        """The story the row would join, with its margin over the bar, or ``None``."""
        np = self.np
        n = len(self.states)
        if not n:
            return None
        idx, values = row
        dots = self.sums[:n, idx] @ values
        norms = np.sqrt(np.array([s.norm2 for s in self.states])) + 1e-9
        gaps = np.array([s.gap(day) for s in self.states])
        bar = self.threshold + self.penalty * np.minimum(gaps / DRIFT_DAYS, 1.0)
        score = np.where(gaps <= self.window, dots / norms - bar, -np.inf)
        k = int(np.argmax(score))
        return (self.states[k].id, float(score[k])) if score[k] >= 0 else None

    def place(self, article_id: str, row: tuple[Any, Any], day: int | None) -> str:
        """Join the best story or found one; returns the story id."""
        found = self.best(row, day)
        story = found[0] if found else story_id([article_id])
        if not found:
            self.new(story)
        self.add(story, row, day)
        return story

    def state(self, story: str) -> StoryState:
        """A story's state with its centroid as a sparse row."""
        np = self.np
        k = self.row_of[story]
        s = self.states[k]
        idx = np.flatnonzero(self.sums[k]).astype(np.int32)
        return StoryState(
            s.id, idx, self.sums[k, idx].copy(), s.norm2, s.first, s.last, s.size, s.founded
        )

    def release(self, before: int | None = None) -> list[StoryState]:
        """Take out of memory (and return) the stories that ended before day ``before``,
        or all of them."""
        gone = [
            s.id for s in self.states if before is None or (s.last is not None and s.last < before)
        ]
        if not gone:
            return []
        out = [self.state(s) for s in gone]
        keep = [k for k, s in enumerate(self.states) if s.id not in set(gone)]
        self.sums[: len(keep)] = self.sums[keep]
        self.states = [self.states[k] for k in keep]
        self.row_of = {s.id: k for k, s in enumerate(self.states)}
        return out


def adopt(
    states: Sequence[StoryState], vectors: str = "tfidf", window: int | None = None
) -> dict[str, str]:
    """Small stories founded in this build that fold into a large story: ``{small: host}``.

    A story of fewer than ADOPT_SIZE articles joins the most similar story of at least
    ADOPT_MIN_HOST articles whose span is within ``window`` days of its own, when their
    centroids' cosine reaches ADOPT_THRESHOLD (side threads of a big story fold back in).
    """
    hosts = [s for s in states if s.size >= ADOPT_MIN_HOST]
    if not hosts:
        return {}
    small = (s for s in states if s.founded and s.size < ADOPT_SIZE)
    return adopt_into(
        hosts, small, WINDOW_DAYS if window is None else window, ADOPT_THRESHOLD[vectors]
    )


def adopt_into(
    hosts: Sequence[StoryState],
    small: Iterable[StoryState],
    window: int = WINDOW_DAYS,
    threshold: float = ADOPT_THRESHOLD["tfidf"],
) -> dict[str, str]:
    import numpy as np

    out: dict[str, str] = {}
    for s in small:
        best, best_cos = None, threshold
        norm = math.sqrt(s.norm2) + 1e-9
        lookup = dict(zip(s.indices.tolist(), s.weights.tolist(), strict=True))
        for h in hosts:
            if _span_gap(s, h) > window:
                continue
            common = np.intersect1d(h.indices, s.indices, assume_unique=True)
            if not len(common):
                continue
            pos = np.searchsorted(h.indices, common)
            dot = float(h.weights[pos] @ np.array([lookup[c] for c in common.tolist()]))
            cos = dot / ((math.sqrt(h.norm2) + 1e-9) * norm)
            if cos >= best_cos and (best is None or cos > best_cos or h.id < best):
                best, best_cos = h.id, cos
        if best is not None:
            out[s.id] = best
    return out


def _span_gap(a: StoryState, b: StoryState) -> float:
    if None in (a.first, a.last, b.first, b.last):
        return 0.0
    return float(max(0, a.first - b.last, b.first - a.last))  # type: ignore[operator]


def group_stories(
    articles: Sequence[Article],
    *,
    vectors: str = "tfidf",
    assigned: Mapping[str, str] | None = None,
) -> list[Story]:
    """Stories of ``articles``; ``assigned`` maps already placed article ids to story ids.

    Placed articles seed their stories first; the others are then placed oldest first.
    The store-backed build (``storyline.builder``) runs the same steps as a stream.
    """
    if not articles:
        return []
    by_id = {a.id: a for a in articles}
    originals = canonical_order(
        [a for a in articles if not a.duplicate_of or a.duplicate_of not in by_id]
    )
    rows, dim, idf = _rows(originals, vectors)
    placer = Placer(dim, vectors)
    assigned = dict(assigned or {})
    story_of: dict[str, str] = {}
    placed = [a for a in originals if a.id in assigned]
    fresh = [a for a in originals if a.id not in assigned]
    for article in placed:
        sid = assigned[article.id]
        if sid not in placer:
            placer.new(sid)
            placer.states[-1].founded = False
        placer.add(sid, rows[article.id], _day(article))
        story_of[article.id] = sid
    for article in fresh:
        story_of[article.id] = placer.place(article.id, rows[article.id], _day(article))
    moved = adopt(placer.release(), vectors)
    story_of = {a: moved.get(s, s) for a, s in story_of.items()}
    for article in articles:
        if article.id not in story_of:
            story_of[article.id] = story_of.get(article.duplicate_of or "", "")
    members: dict[str, list[Article]] = {}
    for article in canonical_order(articles):
        members.setdefault(story_of[article.id], []).append(article)
    stories = [
        Story(id=sid, title=story_title(group, idf), article_ids=tuple(a.id for a in group))
        for sid, group in members.items()
    ]
    stories.sort(key=lambda s: (-len(s.article_ids), s.id))
    log.info("%d articles in %d stories (%d newly placed)", len(articles), len(stories), len(fresh))
    return stories


def _dense(vectors: str) -> bool:
    return vectors != "tfidf"


def term_counts(article: Article) -> Counter[str]:
    """The vector terms of one article (what ``TermModel`` reads)."""
    return Counter(features(article_text(article)))


def _rows(originals: Sequence[Article], vectors: str) -> tuple[dict, int, dict | None]:
    """Each article's row as (indices, weights), the dimension, and the idf by term."""
    import numpy as np

    if not _dense(vectors):
        counts = [term_counts(a) for a in originals]
        model = TermModel.fit(counts)
        rows = {a.id: model.transform(c) for a, c in zip(originals, counts, strict=True)}
        return rows, len(model.vocabulary), model.idf_by_term()
    matrix = get_vectors(vectors).fit_transform([article_text(a) for a in originals])
    dim = matrix.shape[1] if len(originals) else 1
    every = np.arange(dim, dtype=np.int32)
    return {a.id: (every, matrix[i]) for i, a in enumerate(originals)}, dim, None


def article_text(article: Article) -> str:
    """What the vectors read of an article: its title and text."""
    return f"{article.title}\n{article.text}" if article.title else article.text


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
