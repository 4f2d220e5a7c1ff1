"""Tests on one predicate of the parse that the stance readers share: whether an object
names an actor, whether a verb enacts a bill or acts on talks between two others, what an
accused side is said to do, the verb an aspect verb is about. Generic English only.
"""

from __future__ import annotations

from . import syntax
from .lexicon import BILL_NOUNS, DEAL_NOUNS, STANCE_NOUNS


def is_actor(tok) -> bool:
    """An object that names an actor, not an issue ("support the rebels", "backed Smith"); a
    named deal or bill is an issue ("signed the Harbour Safety Accord")."""
    if tok.ent_type_ not in {"PERSON", "ORG", "GPE", "NORP"}:
        return False
    if tok.lemma_.lower() in DEAL_NOUNS | BILL_NOUNS:
        return False
    return all(
        c.dep_ in {"det", "compound", "amod", "punct", "appos", "cc", "conj"} for c in tok.children
    )


#: Verbs of permitting: a stance only when negated ("will not allow X to ..." = reject).
PERMIT = frozenset("allow permit tolerate".split())
#: Holders whose pressing and urging is mediation, not a side's demand.
MEDIATORS = frozenset("mediator facilitator intermediary".split())
#: Verbs by which a chamber makes a bill law ("passed a law that requires ...").
ENACT = frozenset("pass adopt approve enact".split())


def enacted(noun) -> bool:
    """Whether a bill noun is the object of a verb that enacts it ("passed a law")."""
    return (
        noun.lemma_.lower() in BILL_NOUNS
        and noun.dep_ == "dobj"
        and noun.head.lemma_.lower() in ENACT
        and not syntax.is_negated(noun.head)
    )


def glued_issue(name):
    """The bill or deal noun a name was parsed as compounded with across a dash ("the
    motion - Erik Solberg, Anna Berg ...": the list of who backed it), else None."""
    for c in name.children:
        if (
            c.dep_ == "compound"
            and c.lemma_.lower() in BILL_NOUNS | DEAL_NOUNS | STANCE_NOUNS
            and any(t.text in {"-", "–", "—"} for t in name.doc[c.i + 1 : name.i])
        ):
            return c
    return None


def accused_of(tok) -> bool:
    """ "accusing the ministry of continuing to threaten ...": what the accused is said to
    do, not a stance of the sentence's subject."""
    node = tok
    for _ in range(4):
        if node.dep_ == "pcomp" and node.head.lower_ in {"of", "for"}:
            return node.head.head.lemma_.lower() in {"accuse", "blame", "criticize", "criticise"}
        if node.dep_ not in {"xcomp", "conj"} or node.head is node:
            return False
        node = node.head
    return False


def on_talks_between(tok) -> bool:
    """Whether a verb's object is talks between two named others ("suspending cease-fire
    talks between the army and the rebels"): who suspends or ends them hosts them."""
    return any(c.dep_ == "dobj" and syntax.talks_between(c, named=True) for c in tok.children)


#: Verbs of aspect a clause goes through to its main verb ("continue facilitating").
ASPECT = frozenset("continue keep resume start begin help".split())


def aspect_verb(tok):
    """The verb an aspect verb's clause is about ("continue facilitating" -> facilitating),
    else the verb itself."""
    if tok.lemma_.lower() in ASPECT:
        inner = [c for c in tok.children if c.dep_ == "xcomp" and c.pos_ == "VERB"]
        if inner:
            return inner[0]
    return tok
