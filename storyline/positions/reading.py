"""What one stance reading holds and the words of its issue (shared by ``stance`` and
``frames``): the ``Reading`` record, the issue phrase of an object token (its subtree
without clauses, at most ``MAX_PHRASE`` tokens, with its content lemmas) and the
predicate's words before it.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import syntax
from .lexicon import LIGHT_NOUNS, NOUNS, STANCE_NOUNS

__all__ = ["MAX_PHRASE", "PRONOUNS", "Reading", "issue_words", "reading", "rel", "with_predicate"]

PRONOUNS = frozenset("it they we i he she them us this that these those which who".split())
#: Tokens of an issue phrase; longer objects are cut (lists, trailing modifiers). Chosen
#: leave-one-story-out on the negotiations dev stories (bench/positions.py, docs/benchmarks.md).
MAX_PHRASE = 12
#: Entity types that say when, not what: no issue is made of them alone.
_WHEN = frozenset({"DATE", "TIME"})


@dataclass(frozen=True, slots=True)
class Reading:
    """One stance as the parse of one sentence gives it (character offsets in the sentence)."""

    stance: str
    holder: tuple[int, int]  # the holder's words
    head: tuple[int, int]  # the holder's head word
    pronoun: str | None  # the holder when it is a pronoun ("it", "they", "we")
    proper: bool  # whether the holder's head is a proper noun
    phrase: str  # the issue as the sentence words it
    lemmas: tuple[str, ...]  # its content lemmas (no determiners, numbers, pronouns)
    target: tuple[int, int] | None = None
    reporter: tuple[int, int] | None = None
    negated: bool = False
    #: The object is a pronoun ("voted against it") with no antecedent in the sentence: the
    #: stage gives it the issue of the sentence before when that one is unambiguous.
    pronoun_object: bool = False
    #: The holder is whoever made the offer the sentence describes ("the new proposal
    #: includes a 38% raise"): the stage gives it the latest offer's holder in the article.
    offer_holder: bool = False
    #: A commitment noun's reading ("its commitment to ..."): one side's alone is a pledge
    #: (an offer), one shared by several holders their agreement (the stage decides).
    pledge: bool = False


#: Nouns that only hold terms ("offers, including ..."): their issue is what they include.
_VESSELS = LIGHT_NOUNS["offer"] | STANCE_NOUNS | {"term", "concession"}


def issue_words(tok, stop: int | None = None) -> tuple[str, tuple[str, ...], int, int]:
    """The words of an object: its subtree without clauses hanging on it, at most
    MAX_PHRASE; for an offer noun that lists what it includes ("first-of-their-kind offers
    for dockers, including night-shift pay"), the words up to the end of the first item listed,
    with that item's lemmas."""
    text, lemmas, start, end = _object_words(tok, stop)
    if tok.lemma_.lower() not in _VESSELS:
        return text, lemmas, start, end
    listed = [
        p
        for c in tok.children
        if c.dep_ == "prep" and c.lower_ == "including" and c.i > tok.i
        for p in c.children
        if p.dep_ == "pobj"
    ]
    if listed:
        _words, more, _start, more_end = _object_words(listed[0], stop)
        if more and more_end - start <= 200:
            return tok.doc.text[start:more_end], more, start, more_end
    return text, lemmas, start, end


def _object_words(tok, stop: int | None = None) -> tuple[str, tuple[str, ...], int, int]:
    """The words of an object: its subtree without clauses hanging on it, at most MAX_PHRASE."""
    skip: set[int] = set()
    described: set[int] = set()
    for t in tok.subtree:
        if (
            t is not tok
            and t.dep_ in {"relcl", "appos", "advcl", "parataxis", "acl"}
            and t.i > tok.i
            and not _infinitive_of_noun(t)
            and not _named_instance(t)
        ):
            if _reduced_relative(t):
                # "the hours viewed": part of the object; "the offer tabled by the port": in
                # the phrase, its agent not in the key
                if any(c.dep_ == "agent" for c in t.children):
                    described.update(x.i for x in t.subtree)
                continue
            skip.update(x.i for x in t.subtree)
        if t is not tok and t.dep_ == "conj" and t.head is tok and t.pos_ in {"NOUN", "PROPN"}:
            skip.update(x.i for x in t.subtree)
        if t is not tok and t.dep_ == "cc" and t.head is tok:
            skip.add(t.i)
    words = [t for t in tok.subtree if t.i not in skip and (stop is None or t.i < stop)]
    # stop at a comma or dash that opens another clause
    kept = []
    for t in words:
        if t.i > tok.i and t.text in {",", ";", "—", "–", ":", "("}:
            break
        kept.append(t)
    if kept and kept[0].i <= tok.i and len(kept) > MAX_PHRASE:
        kept = kept[:MAX_PHRASE]
        while len(kept) > 1 and kept[-1].pos_ in {"ADP", "DET", "CCONJ", "PART", "PRON"}:
            kept.pop()  # "... the number of hours viewed for": cut words end on a content word
    while kept and kept[-1].is_punct and kept[-1].text != "%":
        kept.pop()
    while kept and kept[0].is_punct:
        kept.pop(0)
    if not kept:
        return "", (), tok.idx, tok.idx
    start, end = kept[0].idx, kept[-1].idx + len(kept[-1].text)
    text = tok.doc.text[start:end]
    content = [
        t
        for t in kept
        if t.pos_ in {"NOUN", "PROPN", "VERB", "ADJ"}
        and not t.is_stop
        and t.lemma_.lower() not in PRONOUNS
        and any(ch.isalpha() for ch in t.text)
    ]
    # "a UN-brokered initiative": who brokered it is a holder, not the issue
    by = {x.i for t in kept if _brokered(t) for x in (t, t.nbor(-1), t.nbor(-2))}
    content = [t for t in content if t.i not in by and t.i not in described]
    if all(t.ent_type_ in _WHEN for t in content):
        content = []  # "rejected Monday", "wanted next week": when, not what
    # "lift it by Tuesday evening": a clock time or a named day is when, not what (the phrase
    # keeps its words, the key does not); a length of time stays ("extend it by 60 days")
    content = [t for t in content if not _a_moment(t) and not _so_called(t)]
    # "commitment not to seek military advantage": the negation is part of the issue
    kept_at = {t.i for t in kept}
    lemmas = tuple(
        word
        for t in content
        for word in (
            ("not", t.lemma_.lower())
            if t.pos_ == "VERB" and any(c.dep_ == "neg" and c.i in kept_at for c in t.children)
            else (t.lemma_.lower(),)
        )
    )
    return text, lemmas, start, end


def _a_moment(tok) -> bool:
    """Whether the token is in a DATE or TIME entity that names a day, a month or a clock
    time ("Monday morning", "11:59 p.m.", "July 12"), not a kind of time ("night shifts")."""
    if tok.ent_type_ not in _WHEN:
        return False
    doc, start, end = tok.doc, tok.i, tok.i + 1  # the run of when-words ("Monday morning")
    while start > 0 and doc[start - 1].ent_type_ in _WHEN:
        start -= 1
    while end < len(doc) and doc[end].ent_type_ in _WHEN:
        end += 1
    entity = doc[start:end]
    return any(t.pos_ == "PROPN" for t in entity) or (
        tok.ent_type_ == "TIME" and any(ch.isdigit() for ch in entity.text)
    )


def _so_called(tok) -> bool:
    """ "the so-called compromise": the writer's distance from the name, no word of the issue."""
    if tok.lower_ != "called" or tok.i == tok.sent.start:
        return False
    before = tok.nbor(-1)
    if before.text in {"-", "–"} and before.i > tok.sent.start:
        before = before.nbor(-1)
    return before.lower_ == "so"


def _infinitive_of_noun(tok) -> bool:
    """A to-infinitive that completes the noun before it ("willingness to compromise") or a
    stance noun's to-clause ("a plan to cut tariffs"): part of what the noun names, not a
    clause of its own."""
    if tok.dep_ != "acl" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        return False
    right_after = (
        tok.head.pos_ == "NOUN" and tok.i == tok.head.i + 2 and tok.nbor(-1).lower_ == "to"
    )
    return right_after or tok.head.lemma_.lower() in NOUNS.keys() | STANCE_NOUNS


def _named_instance(tok) -> bool:
    """An apposition that names the object ("another commitment -- the Harbour Pact --"): the name says which one, so it stays in the issue."""
    return tok.dep_ == "appos" and tok.pos_ == "PROPN" and tok.head.pos_ == "NOUN"


def _reduced_relative(tok) -> bool:
    """A participle right after its noun ("the hours viewed", "the troops deployed"): it
    says which ones, part of the object."""
    return tok.dep_ == "acl" and tok.tag_ == "VBN" and tok.i == tok.head.i + 1


def _brokered(tok) -> bool:
    return (
        tok.dep_ == "amod"
        and tok.tag_ == "VBN"
        and tok.lemma_.lower() in {"broker", "mediate", "facilitate"}
        and tok.i - tok.sent.start >= 2
        and tok.nbor(-1).text in {"-", "–"}
    )


def pronoun_of(tok) -> str | None:
    return tok.lower_ if tok.pos_ == "PRON" or tok.tag_ in {"PRP", "PRP$", "WP"} else None


def rel(span: tuple[int, int], base: int) -> tuple[int, int]:
    return span[0] - base, span[1] - base


def reading(holder, base: int, **fields) -> Reading:
    """A ``Reading`` held by ``holder`` (its span, head word, pronoun and proper-noun flag)."""
    return Reading(
        holder=rel(syntax.span(holder), base),
        head=rel((holder.idx, holder.idx + len(holder.text)), base),
        pronoun=pronoun_of(holder),
        proper=holder.pos_ == "PROPN",
        **fields,
    )


def with_predicate(tok, phrase: str, start: int, end: int) -> str:
    """The issue words with the predicate before them ("could not back the proposals"), when
    it is close; the predicate keeps its auxiliaries, negation and adverbs."""
    text = tok.doc.text
    if tok.idx < start and start - tok.idx <= 60:
        return text[syntax.verb_group(tok).idx : end]
    if start < tok.idx and tok.idx - end <= 40:
        return text[start : tok.idx + len(tok.text)]
    verb = text[syntax.verb_group(tok).idx : tok.idx + len(tok.text)]
    if start > tok.idx:  # "called on ... for <far object>": both, the gap marked
        return f"{verb} … {phrase}"
    return f"{phrase} … {verb}"  # "the deal sounded even worse ... and should be rejected"
