"""spaCy's attribute ruler, applied from lookup tables instead of a ``Matcher``.

The English pipeline's ``attribute_ruler`` maps each fine tag to its part of speech and
features and holds about 180 exceptions (pronoun lemmas, "ca" -> "can", "gon na", ...).
spaCy runs them through its ``Matcher``, which tries every pattern at every token: a
seventh of the positions stage's CPU time on the T17 candidate sentences. ``AttributeRules``
reads the same patterns (``AttributeRuler.patterns``) into tables keyed by a token's tag or
lowercase form, matches them against the tokens as the parser left them, and sets the
attributes in the ruler's order (a later rule overrides an earlier one), so the annotations
are the ruler's own (checked token by token in tests/test_nlp_rules.py). A pattern with a
key or operator the tables do not read makes ``compile`` refuse, and the ruler is kept.
"""

from __future__ import annotations

import re
from typing import Any

#: Token keys the tables read, and the predicates of a key.
KEYS = ("TAG", "LOWER", "DEP", "IS_SPACE")
PREDICATES = frozenset({"IN", "NOT_IN", "REGEX"})
#: Token attributes a rule may set.
SETS = frozenset({"POS", "TAG", "DEP", "LEMMA", "MORPH"})

#: Distinct (tag, form, dependency, space) tokens whose first-token matches are kept; the
#: table is emptied when it grows past this (a bound on memory, not a tuned number).
CACHE_SIZE = 200_000


def _test(strings, key: str, value: Any) -> tuple[int, str, Any]:
    """A token test on the hashes ``Doc.to_array`` gives (strings' hashes, 0/1 for IS_SPACE)."""
    at = KEYS.index(key)
    if not isinstance(value, dict):
        return at, "eq", value if isinstance(value, bool) else strings.add(value)
    ((op, arg),) = value.items()
    if op == "REGEX":
        return at, op, re.compile(arg)
    return at, op, frozenset(strings.add(v) for v in arg)


def _holds(strings, tests, row: list[int]) -> bool:
    for at, op, arg in tests:
        value = row[at]
        if op == "eq":
            if value != arg:
                return False
        elif op == "IN":
            if value not in arg:
                return False
        elif op == "NOT_IN":
            if value in arg:
                return False
        elif arg.search(strings[value]) is None:
            return False
    return True


def supported(patterns: list[dict]) -> bool:
    """Whether every pattern uses only the keys, predicates and attributes read here."""
    for rule in patterns:
        if set(rule["attrs"]) - SETS:
            return False
        for pattern in rule["patterns"]:
            for spec in pattern:
                for key, value in spec.items():
                    if key not in KEYS:
                        return False
                    if isinstance(value, dict) and (
                        len(value) != 1 or not set(value) <= PREDICATES
                    ):
                        return False
    return True


class AttributeRules:
    """A spaCy pipe that sets what the ``attribute_ruler`` sets, from lookup tables."""

    def __init__(self, vocab) -> None:
        self.vocab = vocab
        self.entries: list[tuple] = []
        # entries by one equality (or IN) test of their first token: (key position, hash)
        self.keyed: dict[tuple[int, int], list[tuple]] = {}
        self.unkeyed: list[tuple] = []
        self.first: dict[tuple[int, ...], list[tuple]] = {}

    def compile(self, patterns: list[dict]) -> None:
        """Read the ruler's patterns (``AttributeRuler.patterns``, in its order)."""
        from spacy.parts_of_speech import IDS
        from spacy.tokens import MorphAnalysis

        if not supported(patterns):
            raise ValueError("attribute ruler patterns outside what AttributeRules reads")
        strings = self.vocab.strings
        for order, rule in enumerate(patterns):
            attrs = rule["attrs"]
            setters = (
                IDS[attrs["POS"]] if "POS" in attrs else None,
                strings.add(attrs["TAG"]) if "TAG" in attrs else None,
                strings.add(attrs["DEP"]) if "DEP" in attrs else None,
                strings.add(attrs["LEMMA"]) if "LEMMA" in attrs else None,
                MorphAnalysis(self.vocab, attrs["MORPH"]) if "MORPH" in attrs else None,
            )
            for pattern in rule["patterns"]:
                tests = tuple(
                    tuple(_test(strings, k, v) for k, v in spec.items()) for spec in pattern
                )
                entry = (order, tests, rule.get("index", 0), setters)
                self.entries.append(entry)
                keys = next(
                    (
                        [(at, arg)] if op == "eq" else [(at, v) for v in sorted(arg)]
                        for at, op, arg in sorted(tests[0])
                        if op in ("eq", "IN")
                    ),
                    None,
                )
                for key in keys or ():
                    self.keyed.setdefault(key, []).append(entry)
                if keys is None:
                    self.unkeyed.append(entry)
        self.first.clear()

    def _starting(self, row: tuple[int, ...]) -> list[tuple]:
        """The rules whose pattern's first token matches a token of these hashes."""
        found = self.first.get(row)
        if found is None:
            if len(self.first) >= CACHE_SIZE:
                self.first.clear()
            strings = self.vocab.strings
            keyed = self.keyed
            tried = [e for at, value in enumerate(row) for e in keyed.get((at, value), ())]
            found = sorted(
                (e for e in tried + self.unkeyed if _holds(strings, e[1][0], list(row))),
                key=self.entries.index,
            )
            self.first[row] = found
        return found

    def __call__(self, doc):
        from spacy.attrs import DEP, IS_SPACE, LOWER, TAG

        strings = self.vocab.strings
        rows = doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist() if len(doc) else []
        found = []
        for start, row in enumerate(rows):
            for entry in self._starting(tuple(row)):
                tests = entry[1]
                end = start + len(tests)
                if len(tests) > 1 and (
                    end > len(rows)
                    or not all(
                        _holds(strings, tests[k], rows[start + k]) for k in range(1, len(tests))
                    )
                ):
                    continue
                found.append((entry[0], start, end, entry))
        # the ruler's order: a later rule overrides an earlier one
        found.sort(key=lambda m: (m[0], m[1], m[2]))
        for _order, start, end, (_o, _t, index, setters) in found:
            token = doc[start + index if index >= 0 else end + index]
            pos, tag, dep, lemma, morph = setters
            if pos is not None:
                token.pos = pos
            if tag is not None:
                token.tag = tag
            if dep is not None:
                token.dep = dep
            if lemma is not None:
                token.lemma = lemma
            if morph is not None:
                token.morph = morph
        return doc


def replace_ruler(nlp) -> bool:
    """Put ``AttributeRules`` in the place of the pipeline's ``attribute_ruler``; False (and
    the ruler kept) when there is none or its patterns are outside what the tables read."""
    from spacy.language import Language

    if "attribute_ruler" not in nlp.pipe_names:
        return False
    patterns = nlp.get_pipe("attribute_ruler").patterns
    if not supported(patterns):
        return False
    if not Language.has_factory(FACTORY):
        Language.factory(FACTORY, func=_factory)
    # the pipe keeps its name, so that ``select_pipes`` and ``exclude`` lists still hold
    nlp.replace_pipe("attribute_ruler", FACTORY)
    nlp.get_pipe("attribute_ruler").compile(patterns)
    return True


FACTORY = "storyline_attribute_rules"


def _factory(nlp, name: str) -> AttributeRules:
    return AttributeRules(nlp.vocab)
