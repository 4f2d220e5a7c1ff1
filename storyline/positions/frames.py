"""Stance frames read around a predicate that is not itself a stance word.

"X said the offer was not good enough" / "said it was a fair agreement" (a judgement
after a linking verb), "called the attack outrageous" (a verb of judging with an
evaluative adjective) and "the new proposal includes a 38% raise" (what an offer holds,
offered by its maker). Generic English; the helpers are ``stance``'s.
"""

from __future__ import annotations

from . import syntax
from .lexicon import (
    BILL_NOUNS,
    DEAL_NOUNS,
    JUDGEMENT_NOUNS,
    JUDGEMENTS,
    LIGHT_NOUNS,
    NOUNS,
    RESTRICTED,
    STANCE_NOUNS,
)
from .reading import Reading, issue_words, reading, with_predicate

#: Words that make "enough" a shortfall ("not good enough", "nor nearly enough").
_NEGATORS = frozenset("not n't nor neither never hardly nothing".split())

__all__ = [
    "announced_talks",
    "brokered",
    "ensured_passage",
    "judged",
    "mediation_of",
    "offer_contents",
    "passed_chamber",
    "said_judged",
    "said_reached",
    "said_short",
]


def said_judged(tok, clause, base: int) -> list[Reading]:
    """ "X said the proposal isn't good enough": X opposes the proposal; "... was a fair
    deal": X accepts it (the judgement lexicon; a pronoun subject says nothing)."""
    subject = [c for c in clause.children if c.dep_ == "nsubj" and c.pos_ in {"NOUN", "PROPN"}]
    # "conducting yourself in this way is totally unacceptable": a clause as the subject
    subject = subject or [c for c in clause.children if c.dep_ == "csubj" and c.pos_ == "VERB"]
    it = [c for c in clause.children if c.dep_ == "nsubj" and c.lower_ == "it"]
    if not subject and any(c.dep_ == "expl" for c in clause.children):
        # "there were 'problematic points'": the judged noun is what is said to be there
        subject = [
            c
            for c in clause.children
            if c.dep_ == "attr"
            and any(t.dep_ == "amod" and JUDGEMENTS.get(t.lower_) == -1 for t in c.children)
        ]
    if not subject and it:
        # "X said it was a fair and balanced agreement": the agreement is the issue
        subject = [
            c
            for c in clause.children
            if c.dep_ == "attr" and c.lemma_.lower() in DEAL_NOUNS | BILL_NOUNS | STANCE_NOUNS
        ]
    marks = [
        (t, c)
        for c in clause.children
        if c.dep_ in {"acomp", "attr"}
        for t in (c, *c.children)
        if t.lower_ in JUDGEMENTS and t.pos_ == "ADJ"
    ]
    holders = syntax.speakers(tok)
    if not (subject or it) or not marks or not holders or syntax.conditional(clause):
        return []
    negated = syntax.is_negated(clause)
    mark, judged = marks[0]
    polarity = JUDGEMENTS[mark.lower_] * (-1 if negated else 1)
    # "X said it was not good enough": "it" is the offer or deal named before (the stage
    # resolves it, else drops the position)
    phrase, lemmas, start, _end = issue_words(subject[0]) if subject else ("", (), it[0].idx, 0)
    if not lemmas and subject:
        return []
    last = judged.right_edge
    words = tok.doc.text[start : last.idx + len(last.text)]
    stance = "oppose" if polarity < 0 else "accept"
    return [
        reading(
            h,
            base,
            stance=stance,
            phrase=words,
            lemmas=lemmas,
            negated=negated,
            pronoun_object=not lemmas,
        )
        for h in holders
    ]


def said_short(tok, clause, base: int) -> list[Reading]:
    """ "The proposals fall short of acceptable, X said": X rejects what falls short."""
    subject = [c for c in clause.children if c.dep_ == "nsubj" and c.pos_ in {"NOUN", "PROPN"}]
    holders = syntax.subjects(tok)
    if not subject or not holders or syntax.is_negated(clause) or syntax.conditional(clause):
        return []
    phrase, lemmas, start, _end = issue_words(subject[0])
    if not lemmas:
        return []
    short = next(c for c in clause.children if c.lower_ == "short")
    last = short.right_edge
    words = tok.doc.text[start : last.idx + len(last.text)]
    return [
        reading(h, base, stance="reject", phrase=words, lemmas=lemmas, negated=True)
        for h in holders
    ]


def said_reached(tok, clause, base: int) -> list[Reading]:
    """ "X said a tentative agreement has been reached": X accepts the deal (a passive with
    no agent; with one, "agreed by Y", the stance reading gives it to Y)."""
    deal = [
        c
        for c in clause.children
        if c.dep_ == "nsubjpass" and c.lemma_.lower() in LIGHT_NOUNS["accept"] | DEAL_NOUNS
    ]
    holders = syntax.subjects(tok)
    if (
        not deal
        or not holders
        or syntax.agents(clause)
        or syntax.conditional(clause)
        or syntax.is_negated(clause)
    ):
        return []
    phrase, lemmas, start, _end = issue_words(deal[0])
    if not lemmas:
        return []
    words = tok.doc.text[start : clause.idx + len(clause.text)]
    return [reading(h, base, stance="accept", phrase=words, lemmas=lemmas) for h in holders]


def announced_talks(tok, base: int) -> list[Reading]:
    """ "X confirmed direct talks between the army and the rebels would start", "announced
    talks between the two sides": whoever announces the talks of two other sides mediates
    them (a side named among "between" is left out)."""
    nouns = [c for c in tok.children if c.dep_ == "dobj"]
    nouns += [
        s
        for c in tok.children
        if c.dep_ == "ccomp"
        for s in c.children
        if s.dep_ in {"nsubj", "nsubjpass"}
    ]
    talks = [n for n in nouns if syntax.talks_between(n)]
    if not talks or syntax.conditional(tok) or syntax.is_negated(tok):
        return []
    between = {
        t.i
        for c in talks[0].children
        if c.dep_ == "prep" and c.lower_ == "between"
        for p in c.children
        for t in p.subtree
    }
    holders = [h for h in syntax.subjects(tok) if h.i not in between]
    phrase, lemmas, start, end = issue_words(talks[0])
    if not lemmas or not holders:
        return []
    phrase = with_predicate(tok, phrase, start, end)
    return [reading(h, base, stance="mediate", phrase=phrase, lemmas=lemmas) for h in holders]


def ensured_passage(tok, base: int) -> list[Reading]:
    """ "Opposition MPs and rebels ensured the Bill passed by 327 votes to 299", "helped the
    measure clear the Senate": the subjects vote for the bill."""
    clauses = [
        c for c in tok.children if c.dep_ in {"ccomp", "xcomp"} and c.lemma_ in {"pass", "clear"}
    ]
    if not clauses or syntax.conditional(tok) or syntax.is_negated(tok):
        return []
    bill = [
        c
        for c in (*clauses[0].children, *tok.children)
        if c.dep_ in {"nsubj", "dobj"} and c.lemma_.lower() in BILL_NOUNS and c.i < clauses[0].i
    ]
    holders = syntax.subjects(tok)
    if not bill or not holders or syntax.is_negated(clauses[0]):
        return []
    _words, lemmas, _start, _end = issue_words(bill[0])
    if not lemmas:
        return []
    last = clauses[0].right_edge
    phrase = tok.doc.text[syntax.verb_group(tok).idx : last.idx + len(last.text)]
    return [reading(h, base, stance="accept", phrase=phrase, lemmas=lemmas) for h in holders]


#: Verbs that say how an offer was met or what it caused, not what it holds.
_REACTIONS = frozenset(
    """anger upset infuriate frustrate alarm worry please satisfy surprise disappoint
    draw win receive get gain earn face meet attract prompt spark trigger provoke cause
    divide split hit hurt affect fail need require""".split()
)


def offer_contents(tok, base: int, owned_only: bool = False) -> list[Reading]:
    """ "The new proposal includes a 38% raise", "the package features ...": the offer's
    holder offers what it includes (its possessor or "from X", else the stage's latest
    offer holder in the article); ``owned_only``: any verb ("Norway's proposal scraps the
    quota"), with the owner named."""
    subject = [c for c in tok.children if c.dep_ == "nsubj"]
    if subject and subject[0].lower_ in {"that", "which"} and tok.dep_ == "relcl":
        subject = [tok.head]  # "a new contract proposal that includes ..."
        if _taken_back(tok.head):
            return []  # "withdrew its offer that included a 30% raise": no longer offered
    subject = [c for c in subject if c.lemma_.lower() in LIGHT_NOUNS["offer"]]
    objects = [c for c in tok.children if c.dep_ == "dobj"]
    if tok.lemma_.lower() == "improve":  # "the new package improves upon the prior proposals"
        objects += [
            p
            for c in tok.children
            if c.dep_ == "prep" and c.lower_ in {"on", "upon"}
            for p in c.children
            if p.dep_ == "pobj"
        ]
    if not subject or not objects or syntax.conditional(tok) or syntax.is_negated(tok):
        return []
    phrase, lemmas, start, end = issue_words(objects[0])
    if not lemmas:
        return []
    phrase = with_predicate(tok, phrase, start, end)
    owners = [c for c in subject[0].children if c.dep_ == "poss"] or [
        p
        for c in subject[0].children
        if c.dep_ == "prep" and c.lower_ in {"from", "by"}
        for p in c.children
        if p.dep_ == "pobj"
    ]
    if owned_only and (
        not owners
        or tok.lemma_.lower() in _REACTIONS
        or objects[0].lemma_.lower() in NOUNS
        or objects[0].ent_type_ in {"PERSON", "ORG", "GPE", "NORP"}
    ):
        # any verb says what an offer does only when its owner is named, and not how it
        # was met ("drew criticism", "angered the dockers")
        return []
    return _offered(owners, subject[0], base, phrase, lemmas)


def _taken_back(offer) -> bool:
    """Whether an offer noun is the object of a verb that takes it back ("withdrew its
    offer", "scrapped the plan")."""
    verb = offer.head
    if offer.dep_ != "dobj" or verb.lemma_.lower() not in RESTRICTED:
        return False
    return RESTRICTED[verb.lemma_.lower()][0] in {"reject", "concede"}


def offer_condition(tok, base: int) -> list[Reading]:
    """ "The company said its new offer is contingent on members ratifying the contract":
    the offer's owner demands what it is conditional on (the condition's words)."""
    head = tok.head
    offers = [
        c
        for c in head.children
        if c.dep_ == "nsubj" and c.lemma_.lower() in LIGHT_NOUNS["offer"] | STANCE_NOUNS
    ]
    on = [c for c in tok.children if c.dep_ == "prep" and c.lower_ in {"on", "upon"}]
    if tok.dep_ != "acomp" or not offers or not on or syntax.is_negated(head):
        return []
    owners = [c for c in offers[0].children if c.dep_ == "poss"]
    if not owners:
        return []
    # "contingent on members ... ratifying the contract": the condition is the gerund's
    condition = [p for p in on[0].children if p.dep_ in {"pobj", "pcomp"}][:1]
    doing = (
        [c for c in condition[0].children if c.dep_ == "acl" and c.tag_ == "VBG"]
        if condition
        else []
    )
    if not condition:
        return []
    words, lemmas, start, end = issue_words(doing[0] if doing else condition[0])
    if not lemmas:
        return []
    if start - tok.idx <= 80:
        phrase = tok.doc.text[tok.idx : end]
    else:
        phrase = f"{tok.text} {on[0].text} … {words}"
    return [
        reading(h, base, stance="demand", phrase=phrase, lemmas=lemmas)
        for h in syntax.conjuncts(owners[0])
    ]


def judged(tok, base: int) -> list[Reading]:
    """ "X called the attack outrageous", "described the offer as insulting"."""
    objs = [c for c in tok.children if c.dep_ == "dobj"]
    if not objs:
        return []
    judgements = [
        c for c in tok.children if c.dep_ in {"oprd", "xcomp", "ccomp", "acomp", "prep", "dobj"}
    ]
    marks = [
        (t, c) for c in judgements for t in c.subtree if t.pos_ == "ADJ" and t.lower_ in JUDGEMENTS
    ]
    # "described the Bill as a 'surrender bill'", "called the deal a betrayal"
    marks += [
        (t, c)
        for c in judgements
        for t in c.subtree
        if t.pos_ == "NOUN" and t.lemma_.lower() in JUDGEMENT_NOUNS and t.i != objs[0].i
    ]
    # "described the offer as 'neither nothing, nor nearly enough'", "not good enough"
    short = [
        (t, c)
        for c in judgements
        for t in c.subtree
        if t.lower_ == "enough" and any(n.lower_ in _NEGATORS for n in c.subtree)
    ]
    if not marks and not short:
        return []
    if short:
        negated, polarity, (mark, judgement) = True, -1, short[0]
    else:
        mark, judgement = marks[0]
        negated = any(t.dep_ == "neg" for t in mark.children)
        score = JUDGEMENTS.get(mark.lower_) or JUDGEMENT_NOUNS[mark.lemma_.lower()]
        polarity = score * (-1 if negated else 1)
    stance = "oppose" if polarity < 0 else "accept"
    holders = syntax.subjects(tok)
    phrase, lemmas, start, end = issue_words(objs[0])
    if not lemmas:
        return []
    last = max(judgement.right_edge, mark, key=lambda t: t.i)
    if last.idx > end and last.idx - end <= 80:
        phrase = tok.doc.text[syntax.verb_group(tok).idx : last.idx + len(last.text)].strip(' “”"')
    else:
        phrase = f"{with_predicate(tok, phrase, start, end)} {mark.text}"
    return [
        reading(
            h,
            base,
            stance=stance,
            phrase=phrase,
            lemmas=lemmas,
            reporter=None,
            negated=negated,
        )
        for h in holders
    ]


def brokered(tok, base: int) -> list[Reading]:
    """ "a UN-brokered initiative", "the US-Saudi mediated talks": the named side mediates
    the noun the participle qualifies."""
    if tok.dep_ != "amod" or tok.i < 2 or tok.nbor(-1).text not in {"-", "–"}:
        return []
    named = tok.nbor(-2)
    if named.ent_type_ not in {"ORG", "GPE", "NORP"} and named.pos_ != "PROPN":
        return []
    words, lemmas, start, end = issue_words(tok.head)
    if not lemmas:
        return []
    return [reading(named, base, stance="mediate", phrase=words, lemmas=lemmas)]


def mediation_of(tok, referent, base: int) -> list[Reading]:
    """ "returning to the deal ... following mediation by Turkey and the UN": a mediation
    noun without an object of its own mediates the deal or talks named before it."""
    holders = [
        p
        for c in tok.children
        if c.dep_ == "prep" and c.lower_ == "by"
        for p in c.children
        if p.dep_ == "pobj"
    ]
    if not holders or referent is None:
        return []
    lemmas = issue_words(referent)[1]
    last = tok.right_edge
    words = tok.doc.text[tok.idx : last.idx + len(last.text)]
    if not lemmas:
        return []
    return [
        reading(h, base, stance="mediate", phrase=words, lemmas=lemmas)
        for h in syntax.conjuncts(holders[0])
    ]


def passed_chamber(tok, base: int) -> list[Reading]:
    """ "The bill passed the House", "the measure cleared the Senate": the chamber accepts
    the bill (the verb's object holds the position, its subject is the issue)."""
    subject = [c for c in tok.children if c.dep_ == "nsubj" and c.lemma_.lower() in BILL_NOUNS]
    chamber = [c for c in tok.children if c.dep_ == "dobj" and c.lemma_.lower() not in BILL_NOUNS]
    if not subject or not chamber or syntax.is_negated(tok) or syntax.conditional(tok):
        return []
    words, lemmas, start, _end = issue_words(subject[0])
    if not lemmas:
        return []
    last = chamber[0]
    phrase = tok.doc.text[start : last.idx + len(last.text)] if tok.idx - start <= 80 else words
    return [
        reading(h, base, stance="accept", phrase=phrase, lemmas=lemmas)
        for h in syntax.conjuncts(last)
    ]


def under_offer(tok, base: int) -> list[Reading]:
    """ "Under his proposal, the arrangements would be approved by ...", "According to the
    latest proposal, the union would get a 13% raise": the offer's maker (its possessor, else
    the stage's latest offer holder) offers what the main clause says."""
    if tok.dep_ != "ROOT":
        return []
    for prep in tok.children:
        if prep.dep_ != "prep" or prep.i > tok.i:
            continue
        if prep.lower_ == "according":
            preps = [c for c in prep.children if c.dep_ == "prep" and c.lower_ == "to"]
            prep = preps[0] if preps else prep
        if prep.lower_ not in {"under", "to"}:
            continue
        nouns = [
            p
            for p in prep.children
            if p.dep_ == "pobj" and p.lemma_.lower() in LIGHT_NOUNS["offer"]
        ]
        if not nouns:
            continue
        phrase, lemmas = _clause_after(tok, prep.right_edge.i)
        if not lemmas:
            return []
        owners = [c for c in nouns[0].children if c.dep_ == "poss"]
        out = _offered(owners, nouns[0], base, phrase, lemmas)
        # "..., the union would get a 13% raise, and night shifts will not be ...": each
        # clause coordinated with the main one is another term of the offer
        for clause in tok.children:
            if clause.dep_ == "conj" and any(
                c.dep_ in {"nsubj", "nsubjpass"} for c in clause.children
            ):
                more, more_lemmas = _clause_after(clause, clause.left_edge.i - 1)
                if more_lemmas:
                    out.extend(_offered(owners, nouns[0], base, more, more_lemmas))
        return out
    return []


def _clause_after(tok, after: int) -> tuple[str, tuple[str, ...]]:
    """The words of ``tok``'s clause after token ``after`` (at most ``MAX_PHRASE``), and
    their content lemmas."""
    from . import reading as words_of

    kept = [t for t in tok.subtree if t.i > after]
    while kept and kept[0].is_punct:
        kept.pop(0)
    cut = next((n for n, t in enumerate(kept) if t.text in {";", "—", "–", ":"}), len(kept))
    kept = kept[: min(cut, words_of.MAX_PHRASE)]
    while kept and kept[-1].is_punct:
        kept.pop()
    if not kept:
        return "", ()
    text = tok.doc.text[kept[0].idx : kept[-1].idx + len(kept[-1].text)]
    lemmas = tuple(
        t.lemma_.lower()
        for t in kept
        if t.pos_ in {"NOUN", "PROPN", "VERB", "ADJ"}
        and not t.is_stop
        and t.lemma_.lower() not in words_of.PRONOUNS
        and any(ch.isalpha() for ch in t.text)
    )
    return text, lemmas


def _offered(owners: list, offer, base, phrase: str, lemmas: tuple[str, ...]) -> list[Reading]:
    """An offer of ``phrase`` by the offer's named owners ("his proposal", "an offer from
    X"), else by whoever made the story's latest offer (``offer_holder``)."""
    if owners:
        return [
            reading(h, base, stance="offer", phrase=phrase, lemmas=lemmas)
            for h in syntax.conjuncts(owners[0])
        ]
    return [reading(offer, base, stance="offer", phrase=phrase, lemmas=lemmas, offer_holder=True)]
