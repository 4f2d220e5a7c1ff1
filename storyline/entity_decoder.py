"""spaCy's entity recogniser with its greedy decoding done in numpy, the same entities.

spaCy's ``ner`` pipe reads a sentence one token at a time: at each step it scores its 74
moves (B-, I-, L-, U- of each label, and O), keeps those valid in the current state (no
entity opened twice, none across a sentence start or from a space, ...) and takes the best.
The pinned spaCy build checks each move's validity in code that takes and gives back
Python's lock on every state query, which made the decoding about three quarters of the
pipe's time (about 2 ms a T17 sentence, most of the stage's spaCy time). Here the same
network output (spaCy's own layers: token vectors, the precomputed feature layer and the
output layer, through the same BLIS ``sgemm``) is decoded for all sentences of a batch at
once, a step per token, with the validity rules written as array masks: the same sums in
the same order, so the same moves and entities (checked on every T17 and negotiations
sentence of the benchmarks). Documents that already carry entity annotations (preset
entities, which the rules below leave out) go through spaCy's own decoding.
"""

from __future__ import annotations

import numpy as np

#: Move kinds, from the move names ("B-ORG", "U-", "O").
_BEGIN, _IN, _LAST, _UNIT, _OUT, _NONE = range(6)
_KINDS = {"B": _BEGIN, "I": _IN, "L": _LAST, "U": _UNIT}


class GreedyEntities:
    """A stand-in for a spaCy ``EntityRecognizer`` (``inner``), with the same output."""

    def __init__(self, inner) -> None:
        self.inner = inner
        names = [inner.moves.get_class_name(i) for i in range(inner.moves.n_moves)]
        labels = sorted({n[2:] for n in names if n[2:]})
        kind = np.full(len(names), _NONE)
        label = np.zeros(len(names), dtype=np.int64)  # 0: no label; else 1 + index in labels
        for i, name in enumerate(names):
            if name == "O":
                kind[i] = _OUT
            elif name[:1] in _KINDS and name[1:2] == "-" and name[2:]:
                kind[i], label[i] = _KINDS[name[0]], 1 + labels.index(name[2:])
        self._labels = labels
        self._label = label[None, :]
        self._kind = {k: (kind == k)[None, :] for k in (_BEGIN, _IN, _LAST, _UNIT, _OUT)}

    @staticmethod
    def supported(pipe) -> bool:
        """Whether the pipe is a greedy entity recogniser of the shape decoded here."""
        try:
            model = pipe.model
            return (
                type(pipe).__name__ == "EntityRecognizer"
                and pipe.cfg.get("beam_width") == 1
                and model.attrs.get("has_upper")
                and not model.attrs.get("unseen_classes")
                and len(model.layers) == 3
                and model.layers[1].get_dim("nF") == 3
                and model.layers[2].get_dim("nO") == pipe.moves.n_moves
                and not getattr(pipe, "postprocesses", None)
            )
        except (AttributeError, KeyError, ValueError):
            return False

    def __getattr__(self, name):
        if name == "inner":  # not set yet (a copy being built): no recursion
            raise AttributeError(name)
        return getattr(self.inner, name)

    def __call__(self, doc):
        self._annotate([doc])
        return doc

    def pipe(self, docs, *, batch_size: int = 256):
        """As ``Parser.pipe``: batches of ``batch_size``, decoded in sub-batches of a
        quarter of it sorted by length (the same batches, so the same network sums)."""
        from spacy import util

        for batch in util.minibatch(docs, size=batch_size):
            batch = list(batch)
            by_length = sorted(batch, key=len)
            for sub in util.minibatch(by_length, size=max(batch_size // 4, 2)):
                self._annotate(list(sub))
            yield from batch

    def _annotate(self, docs: list) -> None:
        if not any(len(d) for d in docs):
            return
        if any(d.has_annotation("ENT_IOB") for d in docs):
            self.inner.set_annotations(docs, self.inner.predict(docs))
            return
        found = self._decode(docs)
        if found is None:  # a state with no valid move: spaCy's own decoding says what to do
            self.inner.set_annotations(docs, self.inner.predict(docs))
            return
        from spacy.tokens import Span

        for doc, ents in zip(docs, found, strict=True):
            doc.set_ents(
                [Span(doc, s, e, label=self._labels[lab - 1]) for s, e, lab in ents],
                default="outside",
            )

    def _decode(self, docs: list) -> list[list[tuple[int, int, int]]] | None:
        """Each document's entities as (start, end, label number), or None when a state
        has no valid move."""
        from blis.py import gemm
        from spacy.attrs import IS_SPACE, SENT_START

        tok2vec, lower, upper = self.inner.model.layers
        cached, _ = lower(tok2vec.predict(docs), is_train=False)  # (1 + tokens, F, O, P)
        pad, table = cached[0], cached[1:]
        bias = lower.get_param("b")
        weights, out_bias = upper.get_param("W"), upper.get_param("b")
        lengths = np.array([len(d) for d in docs])
        offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        attrs = [d.to_array([SENT_START, IS_SPACE]) for d in docs if len(d)]
        arr = np.concatenate(attrs).reshape(-1, 2)
        starts = np.append(arr[:, 0] == 1, False)  # the token after the last: none
        space = arr[:, 1].astype(bool)
        n = len(docs)
        is_open = np.zeros(n, dtype=bool)
        ent_start = np.zeros(n, dtype=np.int64)
        ent_label = np.zeros(n, dtype=np.int64)
        found: list[list[tuple[int, int, int]]] = [[] for _ in docs]
        label, kind = self._label, self._kind
        has_label = label != 0
        for t in range(int(lengths.max())):
            act = np.flatnonzero(lengths > t)
            at = offsets[act] + t
            opened = is_open[act]
            # the state's features: the next token, the open entity's first token and the
            # token before the next one (the padding row where there is no open entity)
            unmaxed = table[at, 0] + np.where(
                opened[:, None, None], table[offsets[act] + ent_start[act], 1], pad[1]
            )
            unmaxed += np.where(opened[:, None, None], table[at - 1, 2], pad[2])
            unmaxed += bias
            hidden = np.ascontiguousarray(unmaxed.max(axis=2))
            scores = gemm(hidden, weights, trans2=True, beta=0.0)
            scores += out_bias
            two_left = (lengths[act] - t >= 2)[:, None]
            next_starts = (starts[at + 1] & two_left[:, 0])[:, None]
            on_space = space[at][:, None]
            o = opened[:, None]
            same = label == ent_label[act][:, None]
            valid = (
                (kind[_BEGIN] & ~o & two_left & has_label & ~next_starts & ~on_space)
                | (kind[_IN] & o & two_left & has_label & same & ~next_starts)
                | (kind[_LAST] & has_label & o & same)
                | (kind[_UNIT] & has_label & ~o & ~on_space)
                | (kind[_OUT] & ~o)
            )
            if not valid.any(axis=1).all():
                return None
            scores[~valid] = -np.inf
            moves = scores.argmax(axis=1)  # the first best, as spaCy's arg_max_if_valid
            begin = kind[_BEGIN][0, moves]
            last = kind[_LAST][0, moves]
            unit = kind[_UNIT][0, moves]
            chosen = label[0, moves]
            for d in act[last].tolist():
                found[d].append((int(ent_start[d]), t + 1, int(ent_label[d])))
            for d, lab in zip(act[unit].tolist(), chosen[unit].tolist(), strict=True):
                found[d].append((t, t + 1, lab))
            is_open[act[last]] = False
            b = act[begin]
            is_open[b] = True
            ent_start[b] = t
            ent_label[b] = chosen[begin]
        return found
