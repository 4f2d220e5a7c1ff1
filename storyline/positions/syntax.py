"""Readers of spaCy's dependency tree that the stance readings share.

The holder of a predicate (its subjects with their conjuncts, the agent of a passive),
its objects (direct, prepositional, clausal), negation, conditionals, "rather than",
reported speech and particles. Each takes and returns spaCy tokens; written by hand
(no maintained library reads holders and objects of stance predicates).
"""

from __future__ import annotations

from .lexicon import SPEECH

OBJECT_PREPS = {"for", "to", "on", "against", "with", "over", "of", "in", "from", "into"}


def span(tok) -> tuple[int, int]:
    """The words of a noun phrase head: its compounds, modifiers and possessor, not clauses."""
    left = tok
    for child in tok.lefts:
        if child.dep_ in {"compound", "amod", "poss", "nmod", "det", "nummod", "quantmod"}:
            left = min(left, child.left_edge, key=lambda t: t.i)
    right = tok
    for child in tok.rights:
        if child.dep_ in {"compound", "case"}:
            right = max(right, child, key=lambda t: t.i)
    return left.idx, right.idx + len(right.text)


def coordinated(tok) -> list:
    """A holder and everything coordinated with it, from the first conjunct of its list
    (the parse may hang "Russia, Ukraine and Turkey" on its last member)."""
    first = tok
    while (
        first.dep_ in {"conj", "appos"}
        and first.head is not first
        and first.head.pos_ in {"NOUN", "PROPN"}
    ):
        first = first.head
    return conjuncts(first)


def conjuncts(tok) -> list:
    out = [tok]
    for child in tok.children:
        if child.dep_ == "conj" and child.pos_ in {"NOUN", "PROPN", "PRON"}:
            out.extend(conjuncts(child))
        elif child.dep_ == "appos" and child.pos_ == tok.pos_ == "PROPN":
            out.extend(conjuncts(child))  # "Qatar, the US and Egypt" parsed as an apposition
    return out


def is_negated(tok) -> bool:
    if any(
        c.dep_ == "neg" or c.lower_ in {"never", "no"} and c.dep_ == "advmod" for c in tok.children
    ):
        return True
    head = tok.head
    # "refused to accept", "failed to back": the governing verb negates
    return tok.dep_ == "xcomp" and head.lemma_ in {"refuse", "fail", "decline"}


def conditional(tok) -> bool:
    """Whether the predicate sits in an if/unless clause."""
    node = tok
    while True:
        if any(c.dep_ == "mark" and c.lower_ in {"if", "unless", "whether"} for c in node.children):
            return True
        if node.dep_ in {"ROOT"} or node.head is node:
            return False
        if node.dep_ not in {"conj", "xcomp", "aux"}:
            return False
        node = node.head


def has_condition(tok) -> bool:
    return any(
        c.dep_ == "advcl" and any(m.lower_ in {"if", "unless"} for m in c.children)
        for c in tok.children
    ) and any(c.lower_ in {"would", "will", "could"} for c in tok.children)


def subjects(tok) -> list:
    """The holders of a verbal predicate."""
    node = tok
    for _ in range(4):
        for child in node.children:
            if child.dep_ in {"nsubj", "csubj"}:
                if child.lower_ in {"who", "that", "which"} and node.dep_ == "relcl":
                    return coordinated(node.head)
                return coordinated(child)
        if node.dep_ == "acl" and node.tag_ in {"VBG"}:
            return coordinated(node.head)  # "with 71 members opposing the bill"
        if node.dep_ in {"xcomp", "conj", "advcl"} and node.head is not node:
            node = node.head  # "walked out after rejecting ...", "voted to strike, rejecting ..."
            continue
        if node.dep_ == "pcomp" and node.head.dep_ == "prep" and node.head.head is not node.head:
            node = node.head.head  # "by offering an amendment", "looks forward to signing"
            continue
        break
    return []


def agents(tok) -> list:
    for child in tok.children:
        if child.dep_ == "agent":
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if objs:
                return conjuncts(objs[0])
        if child.dep_ == "prep" and child.lower_ == "between":
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if objs:
                return conjuncts(objs[0])
    return []


def objects(tok, stance: str) -> list:
    """Object tokens of a verbal predicate: direct objects, prepositional objects, clauses."""
    out = []
    for child in tok.children:
        if child.dep_ == "dobj" and child.lower_ in {"that", "which"} and tok.dep_ == "relcl":
            return [tok.head]  # "a meeting that the White House had sought"
        if child.dep_ in {"dobj", "attr"}:
            out.extend(conjuncts(child))
        elif favoured := in_favour_of(child):
            out.extend(conjuncts(favoured))
        elif child.dep_ == "prep" and child.lower_ in OBJECT_PREPS:
            pobj = [c for c in child.children if c.dep_ in {"pobj", "pcomp"}]
            local = bool(pobj) and (
                child.lower_ in {"in", "from", "into", "on"}
                and pobj[0].ent_type_ in {"GPE", "LOC", "DATE", "TIME", "FAC"}
            )
            wanted = child.lower_ in {"for", "to", "on", "against", "over", "of"} or (
                child.lower_ == "with" and tok.lemma_.lower() in {"agree", "disagree", "side"}
            )
            if pobj and not local and (wanted or stance == "mediate"):
                out.extend(conjuncts(pobj[0]))
        elif (
            child.dep_ == "xcomp"
            and child.pos_ in {"VERB", "AUX"}
            or child.dep_ == "ccomp"
            and child.pos_ in {"VERB", "AUX"}
            and mandative(child)
        ):
            out.append(child)
    return out


def in_favour_of(prep):
    """The object of "in favour of X" ("voted in favour of the amendment"), else None."""
    if prep.dep_ != "prep" or prep.lower_ != "in":
        return None
    for noun in prep.children:
        if noun.dep_ == "pobj" and noun.lower_ in {"favour", "favor"}:
            for of in noun.children:
                if of.dep_ == "prep" and of.lower_ == "of":
                    return next((o for o in of.children if o.dep_ in {"pobj", "pcomp"}), None)
    return None


def mandative(clause) -> bool:
    """A clause that states what must happen ("that talks resume", "Britain must leave")."""
    return (
        clause.tag_ == "VB"
        and not any(c.dep_ == "aux" for c in clause.children)
        or any(c.lower_ in {"must", "should"} for c in clause.children)
    )


def instead(tok) -> bool:
    """ "rather than accept a delay", "instead of backing it": an alternative turned down."""
    node = tok
    for _ in range(2):
        if any(
            c.lower_ in {"rather", "than"}
            or c.lower_ == "instead"
            and any(g.lower_ == "of" for g in c.children)
            for c in node.children
        ):
            return True  # a bare "instead" ("has instead proposed") states the new position
        if node.dep_ in {"pcomp", "pobj"} and node.head.lower_ in {"than", "of"}:
            return node.head.head.lower_ in {"rather", "instead"} or node.head.lower_ == "than"
        node = node.head
    return False


def reporter(tok):
    """The subject of the speech verb a stance is reported under ("..., officials said")."""
    node = tok
    for _ in range(4):
        if node.dep_ in {"ccomp", "parataxis", "xcomp", "conj"} and node.head is not node:
            head = node.head
            if head.lemma_ in SPEECH:
                subj = [c for c in head.children if c.dep_ == "nsubj"]
                if subj:
                    return subj[0]
                return None
            node = head
            continue
        break
    for t in tok.sent:
        if t.lower_ == "according" and t.dep_ == "prep":
            pobj = [c for x in t.children for c in x.children if c.dep_ == "pobj"]
            pobj += [c for c in t.children if c.dep_ == "pobj"]
            if pobj:
                return pobj[0]
    # "..., officials said." as the root of the sentence with the stance verb in its ccomp
    return None


def particle(tok) -> str | None:
    for child in tok.children:
        if child.dep_ == "prt":
            return child.lower_
    return None
