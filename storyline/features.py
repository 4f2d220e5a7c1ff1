"""Per-article analysis, computed once per article and kept in the store.

Everything a build needs of one article that the article alone decides: its time
mentions (resolved against its publication date), its vector terms (stories), its
copy sketch (MinHash signatures and LSH band keys) and, for the positions stage,
which sentences may state a position and spaCy's entities in them. A build computes
these only for articles that lack them, so adding ten articles to a large store costs
ten articles' worth of this work; the story-level stages then read them back.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from .dates.tagger import tag_article
from .dedup import band_keys, signature, sketch
from .errors import MissingExtra
from .model import Article, TimeMention
from .positions import candidate_sentences
from .stories import term_counts

if TYPE_CHECKING:
    from .store import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Features:
    published: str | None  # the publication date the mentions were resolved against
    mentions: tuple[TimeMention, ...]
    terms: Mapping[str, int]
    signature: bytes
    bands: tuple[int, ...]
    candidates: tuple[int, ...]
    wanted: tuple[int, ...]
    entities: Mapping[int, list] | None  # None: spaCy (extra ``nlp``) was not available


def article_features(articles: Sequence[Article], *, with_nlp: bool = True) -> list[Features]:
    """The features of each article (spaCy runs once over the batch's wanted sentences)."""
    out = []
    for article in articles:
        tagged = tag_article(article)
        sk = sketch(article)
        sig = signature(sk)
        candidates, wanted = candidate_sentences(article)
        out.append(
            Features(
                published=article.published,
                mentions=tagged.mentions,
                terms=dict(term_counts(article)),
                signature=sig,
                bands=tuple(band_keys(sig, sk.digest, sentences=sk.sentence_keys)),
                candidates=candidates,
                wanted=wanted,
                entities=None,
            )
        )
    if with_nlp:
        out = _with_entities(articles, out)
    return out


def _with_entities(articles: Sequence[Article], found: list[Features]) -> list[Features]:
    from . import nlp

    texts = [a.sentences[i].text for a, f in zip(articles, found, strict=True) for i in f.wanted]
    try:
        ents = iter(nlp.entities(texts))
    except MissingExtra as exc:
        log.warning("spaCy entities left for later: %s", exc)
        return found
    return [replace(f, entities={i: next(ents) for i in f.wanted}) for f in found]


def retag(article: Article, features: Features) -> Features:
    """The features with mentions resolved again when the article's date changed since."""
    if article.published == features.published:
        return features
    return replace(features, published=article.published, mentions=tag_article(article).mentions)


def to_json(f: Features) -> str:
    """The stored form (signature and bands are stored apart: a blob and the band table)."""
    data: dict[str, Any] = {
        "published": f.published,
        "mentions": [
            [m.sentence, m.text, m.start, m.end, m.value, m.precision, m.relation, m.kind, m.role]
            for m in f.mentions
        ],
        "terms": f.terms,
        "candidates": list(f.candidates),
        "wanted": list(f.wanted),
        "entities": None
        if f.entities is None
        else {str(i): [list(e) for e in v] for i, v in f.entities.items()},
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def from_json(text: str, sig: bytes = b"") -> Features:
    data = json.loads(text)
    ents = data["entities"]
    return Features(
        published=data["published"],
        mentions=tuple(TimeMention(*m) for m in data["mentions"]),
        terms=data["terms"],
        signature=sig,
        bands=(),
        candidates=tuple(data["candidates"]),
        wanted=tuple(data["wanted"]),
        entities=None if ents is None else {int(i): v for i, v in ents.items()},
    )


def stored(store: Store, ids: Sequence[str]) -> dict[str, Features]:
    """The stored features of each of ``ids`` that has them (band keys left empty)."""
    return {a: from_json(data, sig) for a, (data, sig) in store.feature_rows(ids).items()}
