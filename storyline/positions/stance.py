"""Stances read from spaCy's dependency parse of one sentence.

Written by hand: no maintained library reads negotiating stances (event coders such
as PETRARCH need a CAMEO verb dictionary and give no issue). A stance predicate is a
verb ("reject", "call for", "voted against"), a noun with its holder ("the union's
demand for", "Russia's refusal to") or an adjective ("opposed to", "open to") from the
generic lexicons below. For each one the reading takes

- the holder: the subject (and the subjects coordinated with it), the agent of a
  passive ("was rejected by"), the noun a participle hangs on ("with 71 members
  opposing the bill"), the subject of a controlling verb ("voted to reject"), or the
  possessor of a stance noun;
- the object (the issue): the direct object, the prepositional object of a phrasal
  predicate ("call for", "agree to"), the clause after it ("agreed to extend the
  deal"), or the passive subject; coordinated objects give one reading each;
- negation ("will not accept" = reject), conditionals (a stance inside an if-clause is
  not stated; "would quit ... if" is a threat) and reported speech ("..., officials
  said": the reporter is kept apart; "X said it would ..." gives X the position).

Nothing here names the actors or issues of a particular story.
"""

from __future__ import annotations

from dataclasses import replace

from . import predicates, reading, syntax
from .lexicon import (
    ACTIONS,
    ADJECTIVES,
    BILL_NOUNS,
    CONTENT_VERBS,
    DEAL_NOUNS,
    ENSURE,
    EXPRESS,
    JUDGE,
    JUDGEMENTS,
    LIGHT,
    LIGHT_NOUNS,
    LINKING,
    NEGATED,
    NOUNS,
    OF_HOLDER_NOUNS,
    PHRASAL,
    PREP_VERBS,
    RESTRICTED,
    SPEECH,
    STANCE_NOUNS,
    TALK_NOUNS,
    VERBS,
    VOTE_COUNTS,
)
from .reading import Reading

__all__ = [
    "ACTIONS",
    "ADJECTIVES",
    "BILL_NOUNS",
    "CONTENT_VERBS",
    "DEAL_NOUNS",
    "ENSURE",
    "EXPRESS",
    "JUDGE",
    "JUDGEMENTS",
    "LIGHT",
    "LIGHT_NOUNS",
    "LINKING",
    "NEGATED",
    "NOUNS",
    "OF_HOLDER_NOUNS",
    "PHRASAL",
    "PREP_VERBS",
    "RESTRICTED",
    "Reading",
    "SPEECH",
    "STANCE_NOUNS",
    "TALK_NOUNS",
    "VERBS",
    "read",
]


#: Nouns of committing oneself: a lone side's is a pledge (``Reading.pledge``).
PLEDGE_NOUNS = frozenset({"commitment"})
#: Verbs that stop an action for a while or for good ("suspended the strike").
_HALTS = frozenset("suspend halt pause lift".split())
#: Prepositions whose object is what a predicate is about ("agree with", "object to").
_OBJECT_PREPS = frozenset("with to for against on over of at about".split())
#: What a side can walk out of or pull out of as a stance (talks, a deal, an offer, a vote).
_LEFT_NOUNS = TALK_NOUNS | DEAL_NOUNS | STANCE_NOUNS | BILL_NOUNS | {"process", "vote", "race"}


def _verb_stance(tok) -> str | None:
    lemma = tok.lemma_.lower()
    prt = syntax.particle(tok)
    if prt and (lemma, prt) in PHRASAL:
        left = [
            p.lemma_.lower()
            for node in (tok, *tok.children)  # "of" on the verb or on "out"
            for p in syntax.particle_objects(node)
        ]
        if PHRASAL[(lemma, prt)] == "reject" and left and not set(left) & _LEFT_NOUNS:
            return None  # "walked out of the chamber": a room left, not talks
        return PHRASAL[(lemma, prt)]
    preps = {c.lower_ for c in tok.children if c.dep_ == "prep"}
    off = [p for c in tok.children if c.lower_ == "off" for p in c.children if p.dep_ == "pobj"]
    if (lemma == "call" and (prt == "off" or off)) or lemma in _HALTS:
        # "suspending our picketing", "called off the strike": a side stops its own pressure
        stopped = [c for c in tok.children if c.dep_ in {"dobj", "nsubjpass"}] + off
        if any(c.lemma_.lower() in ACTIONS for c in stopped):
            return "concede"
        if lemma == "call":
            return None  # "calling off the meeting": no stance of its own
    if lemma == "call" and any(
        c.dep_ == "dobj" and c.lemma_.lower() in ACTIONS for c in tok.children
    ):
        return "threaten"  # "called a 48-hour walkout"
    if lemma == "call" and ("for" in preps or "on" in preps):
        return "demand"
    for prep in sorted(preps):
        if (lemma, prep) in PREP_VERBS:
            return PREP_VERBS[(lemma, prep)]
    if lemma == "commit":
        return None  # "committed violations": a stance only with "to"
    if lemma in predicates.PERMIT:
        # "will not allow them to default": a refusal; "allowed ships to pass" states none
        return "accept" if syntax.is_negated(tok) else None
    if lemma == "vote":
        said = {
            c.lower_ for c in tok.children if c.dep_ in {"dobj", "advmod", "intj", "oprd", "acomp"}
        }
        if "against" in preps or "no" in said:
            return "reject"
        if "yes" in said or "for" in preps or any(syntax.in_favour_of(c) for c in tok.children):
            return "accept"
        xs = [c for c in tok.children if c.dep_ == "xcomp"]
        if xs and xs[0].lemma_.lower() not in ACTIONS:
            return "accept"
        return None
    if lemma == "call":
        return None
    if lemma in {"push", "press"} and not (
        "for" in preps or any(c.dep_ == "xcomp" for c in tok.children)
    ):
        return None
    if lemma == "suspend" and any(
        c.dep_ == "dobj" and c.lemma_.lower() in ACTIONS | {"picketing", "picket"}
        for c in tok.children
    ):
        return "concede"  # "we are suspending picketing": a side's own action halted
    if lemma in RESTRICTED:
        stance, nouns = RESTRICTED[lemma]
        objs = [c for c in tok.children if c.dep_ in {"dobj", "nsubjpass"}]
        objs += [
            p for c in tok.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"
        ]
        # "suspend its implementation of the deal": the deal two nouns down
        for _ in range(2):
            objs += [
                p
                for o in objs
                for c in o.children
                if c.dep_ == "prep" and c.lower_ in {"of", "in"}
                for p in c.children
                if p.dep_ == "pobj" and p not in objs
            ]
        if any(o.lemma_.lower() in nouns for o in objs):
            return stance
        return None
    if lemma in LIGHT:
        stance = LIGHT[lemma]
        if any(
            c.dep_ in {"dobj", "nsubjpass"} and c.lemma_.lower() in LIGHT_NOUNS[stance]
            for c in tok.children
        ):
            return stance  # "reached a deal", "a deal has been reached"
        return None
    if lemma == "pass" and not any(
        c.dep_ in {"dobj", "nsubjpass"} and c.lemma_.lower() in BILL_NOUNS | {"it"}
        for c in tok.children
    ):
        return None
    if lemma == "back" and tok.pos_ != "VERB":
        return None
    return VERBS.get(lemma)


def read(sent) -> list[Reading]:
    """The stances one parsed sentence (a spaCy ``Span`` or ``Doc``) states."""
    from . import frames  # its readers use this module's helpers

    out: list[Reading] = []
    base = sent.start_char if hasattr(sent, "start_char") else 0
    consumed: set[int] = set()
    tokens = list(sent)
    for tok in tokens:
        if tok.i in consumed:
            continue
        if tok.pos_ in {"VERB", "AUX"} or (
            tok.pos_ == "NOUN"
            and tok.dep_ == "ROOT"
            and (tok.lemma_.lower() in VERBS or tok.lemma_.lower() in RESTRICTED)
            and any(c.dep_ == "nsubj" for c in tok.children)
        ):
            out.extend(frames.under_offer(tok, base))  # "Under his proposal, ..."
            if tok.dep_ == "amod" and VERBS.get(tok.lemma_.lower()) == "mediate":
                out.extend(frames.brokered(tok, base))  # "a UN-brokered initiative"
                continue
            stance = _verb_stance(tok) if tok.pos_ != "AUX" else None
            if tok.lemma_ == "be" and any(syntax.in_favour_of(c) for c in tok.children):
                stance = "accept"  # "most senators are in favour of the bill"
            if stance is None and tok.lemma_.lower() in JUDGE:
                out.extend(frames.judged(tok, base))
                continue
            if stance is None and tok.lemma_.lower() in {"pass", "clear"}:
                out.extend(frames.passed_chamber(tok, base))  # "the bill passed the House"
                continue
            if stance is None and tok.lemma_.lower() in CONTENT_VERBS:
                out.extend(frames.offer_contents(tok, base))
                continue
            if stance is None and tok.lemma_.lower() not in LINKING | SPEECH:
                # "Norway's proposal scraps the quota": what an owned offer does
                found = frames.offer_contents(tok, base, owned_only=True)
                if found:
                    out.extend(found)
                    continue
            if stance is None:
                # "X said Y must Z": the speaker demands Z
                if tok.lemma_.lower() in SPEECH:
                    out.extend(_said_must(tok, tokens, base, consumed))
                    out.extend(frames.announced_talks(tok, base))
                elif tok.lemma_.lower() in ENSURE:
                    out.extend(frames.ensured_passage(tok, base))  # "ensured the bill passed"
                continue
            out.extend(_verbal(tok, stance, tokens, base, consumed))
        elif tok.pos_ == "NOUN" and tok.lemma_.lower() in NOUNS.keys() | OF_HOLDER_NOUNS.keys():
            lemma = tok.lemma_.lower()
            found = _nominal(tok, NOUNS.get(lemma) or OF_HOLDER_NOUNS[lemma], base)
            if not found and NOUNS.get(lemma) == "mediate":
                found = frames.mediation_of(tok, syntax.antecedent(tok), base)
            out.extend(found)
        elif (
            tok.pos_ in {"ADJ", "VERB"}
            and tok.lower_ in ADJECTIVES
            and tok.dep_ in {"acomp", "amod"}
        ):
            out.extend(_adjectival(tok, ADJECTIVES[tok.lower_], base))
        elif tok.pos_ == "ADJ" and tok.lower_ in syntax.CONDITION_ADJECTIVES:
            out.extend(frames.offer_condition(tok, base))  # "its offer is contingent on ..."
    return out


def _said_must(tok, tokens, base: int, consumed: set[int]) -> list[Reading]:
    """ "X said Y must Z": X demands Z; "X said the deal should be rejected": X rejects it
    (the speaker's stance, not that of the passive's agent)."""
    from . import frames

    out: list[Reading] = []
    for c in tok.children:
        if c.dep_ != "ccomp":
            continue
        for clause in [c] + [x for x in c.children if x.dep_ == "conj" and x.pos_ == "VERB"]:
            if clause.lemma_.lower() in LINKING:
                out.extend(frames.said_judged(tok, clause, base))
                continue
            if clause.lemma_.lower() == "fall" and any(
                c.lower_ == "short" for c in clause.children
            ):
                out.extend(frames.said_short(tok, clause, base))
                continue
            if clause.lemma_.lower() == "need" and any(
                x.dep_ == "xcomp" and x.pos_ == "VERB" for x in clause.children
            ):
                # "said both sides need to consider ...": the speaker demands it (a need of a
                # thing, "would need 24 hours of readings", states none)
                out.extend(_verbal(clause, "demand", tokens, base, consumed, holder_from=tok))
                continue
            if LIGHT.get(clause.lemma_.lower()) == "accept" or clause.lemma_.lower() == "agree":
                out.extend(frames.said_reached(tok, clause, base))  # "a deal has been reached"
            if not any(a.lower_ in {"must", "should"} for a in clause.children):
                continue
            own = _verb_stance(clause)
            said = own if own in {"reject", "oppose", "accept"} else "demand"
            consumed.add(clause.i)
            out.extend(_verbal(clause, said, tokens, base, consumed, holder_from=tok))
    return out


def _verbal(
    tok, stance: str, tokens, base: int, consumed: set[int], holder_from=None
) -> list[Reading]:
    if (
        syntax.conditional(tok)
        or syntax.instead(tok)
        or predicates.accused_of(tok)
        or syntax.hypothetical(tok)
        or syntax.purpose(tok)
        or syntax.demanded_of_others(tok, VERBS)
    ):
        return []
    negated = syntax.is_negated(tok)
    if negated:
        flipped = NEGATED.get(stance)
        if flipped is None:
            return []
        stance = flipped
    if stance in {"accept", "mediate"} and any(c.lower_ == "only" for c in tok.children):
        stance = "demand"  # "would only accept a clean increase", "will only mediate when ..."
    if stance == "reject" and tok.lemma_.lower() in RESTRICTED and predicates.on_talks_between(tok):
        stance = "mediate"  # "suspended talks between the army and the rebels": the host's act
    if syntax.rather_than(tok) and any(c.lower_ in {"would", "will", "'d"} for c in tok.children):
        stance = "threaten"  # "would call an election rather than accept a delay"
    if stance != "threaten" and syntax.has_condition(tok):
        stance = "threaten"
    if stance == "accept" and syntax.on_condition_met(tok):
        stance = "offer"  # "will return to the deal when its part is fulfilled"
    lemma = tok.lemma_.lower()
    passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in tok.children) or (
        tok.dep_ == "acl" and tok.tag_ == "VBN"
    )
    if passive and stance == "oppose" and not syntax.agents(tok):
        passive = False  # "Norway is opposed to the quota": an adjective in the parse's eyes
        holders = [o for c in tok.children if c.dep_ == "nsubjpass" for o in syntax.conjuncts(c)]
        objects = syntax.objects(tok, stance)
    elif passive and holder_from is not None:
        # "X said the backstop must be removed": X holds it, the passive subject is the issue
        holders = syntax.subjects(holder_from)
        subject = [c for c in tok.children if c.dep_ == "nsubjpass"]
        if not subject and tok.dep_ == "conj":  # "the deal sounded worse and should be rejected"
            subject = [c for c in tok.head.children if c.dep_ in {"nsubj", "nsubjpass"}]
        objects = [o for c in subject[:1] for o in syntax.conjuncts(c)][:1]
    elif passive:
        holders = syntax.agents(tok)
        objects = [c for c in tok.children if c.dep_ == "nsubjpass"]
        if tok.dep_ == "acl" and tok.tag_ == "VBN":
            # "the deal brokered by ...", "the plan agreed by ...": background, not a statement
            return []
        objects = [o for x in objects for o in syntax.conjuncts(x)][:1] if objects else []
        if not holders and lemma in RESTRICTED and objects:
            # "our offer has been withdrawn", "its demand was dropped": the owner's own act
            holders = [c for c in objects[0].children if c.dep_ == "poss"]
        if (
            not holders
            and stance == "accept"
            and objects
            and objects[0].lemma_.lower() in LIGHT_NOUNS["accept"]
        ):
            # "X said a tentative agreement had been reached": the one who announces it
            rep = syntax.reporter(tok)
            holders = [rep] if rep is not None else []
    else:
        holders = syntax.subjects(holder_from if holder_from is not None else tok)
        objects = syntax.objects(tok, stance)
        if tok.dep_ == "relcl" and len(holders) == 1 and predicates.enacted(holders[0]):
            # "MPs passed a law that requires the PM to ...": those who passed it demand it
            holders = syntax.subjects(holders[0].head)
    if not holders:
        return []
    if (
        stance == "demand"
        and holder_from is None
        and all(h.lemma_.lower() in predicates.MEDIATORS for h in holders)
    ):
        stance = "mediate"  # "international mediators pressed to end the conflict"
    target = None
    # "urged X to Y", "accused X of Y", "called on X to Y": X is the target, Y the issue
    dobj = [c for c in tok.children if c.dep_ == "dobj"]
    xcomp = [c for c in tok.children if c.dep_ in {"xcomp", "ccomp"}]
    if lemma in {"urge", "press", "ask", "accuse", "blame", "call", "push", "encourage", "require"}:
        on = [
            p
            for c in tok.children
            if c.dep_ == "prep" and c.lower_ in {"on", "of", "for"}
            for p in c.children
            if p.dep_ in {"pobj", "pcomp"}
        ]
        if lemma == "call":
            on_targets = [
                p
                for c in tok.children
                if c.dep_ == "prep" and c.lower_ == "on"
                for p in c.children
                if p.dep_ == "pobj"
            ]
            if on_targets and xcomp:
                target, objects = on_targets[0], xcomp[:1]
        elif dobj and (xcomp or on):
            target = dobj[0]
            objects = (
                xcomp[:1] or [o for o in on if o.pos_ in {"VERB", "NOUN", "PROPN"}][:1] or on[:1]
            )
            if lemma in {"accuse", "blame"} and on:
                objects = on[:1]
    if lemma == "vote":
        xs = [c for c in tok.children if c.dep_ == "xcomp"]
        if xs:
            inner = _verb_stance(xs[0])
            stance = inner if inner in {"reject", "accept", "oppose"} else stance
            inner_objs = syntax.objects(xs[0], stance)
            objects = inner_objs[:1] or xs[:1] if inner else xs[:1]
            consumed.add(xs[0].i)
    if lemma == "suspend" and objects and syntax.talks_between(objects[0]):
        stance = "mediate"  # "suspended the talks between the army and the rebels"
    if lemma == "vote":
        objects = [o for o in objects if o.lemma_.lower() not in VOTE_COUNTS]
    if lemma == "vote" and not objects:
        objects = [tok]  # "31 senators voted no": the vote is the issue (grouped with the bill's)
    # a stance verb governing another ("refused to accept"): the outer one reads it
    for o in objects:
        if o.pos_ in {"VERB", "AUX"}:
            consumed.add(o.i)
            inner = predicates.aspect_verb(o)
            if stance == "offer" and _verb_stance(inner) == "mediate":
                consumed.add(inner.i)  # "pledged to continue facilitating exports": mediation
                stance = "mediate"
    rep = syntax.reporter(tok)
    out = []
    for obj in objects:
        if (
            obj is not tok
            and predicates.is_actor(obj)
            and (glued := predicates.glued_issue(obj)) is not None
        ):
            obj = glued  # "supported the motion - Erik Solberg, ...": the motion
        referent = obj
        if obj.lower_ in syntax.OBJECT_PRONOUNS and obj.pos_ == "PRON":
            referent = syntax.antecedent(obj)  # "voted for the bill and 71 voted against it"
        elif obj.lower_ in reading.PRONOUNS or (obj is not tok and predicates.is_actor(obj)):
            continue
        final = stance
        if stance == "accept" and NOUNS.get(obj.lemma_.lower()) == "demand":
            final = "demand"  # "backed Ukraine's call for a longer rollover": the same demand
        if obj is tok:
            said = [t for t in tok.rights if t.lower_ in {"no", "yes"}]
            last = said[0] if said else tok
            phrase = tok.doc.text[tok.idx : last.idx + len(last.text)]
            lemmas: tuple[str, ...] = ("vote",)
        elif referent is not obj:
            lemmas = reading.issue_words(referent)[1] if referent is not None else ()
            phrase = reading.with_predicate(tok, obj.text, obj.idx, obj.idx + len(obj.text))
        else:
            phrase, lemmas, start, end = reading.issue_words(obj)
            if not lemmas and obj.ent_type_ not in syntax.FIGURES:
                continue  # a bare figure ("demanded 40%") takes the issue named before
            phrase = reading.with_predicate(tok, phrase, start, end)
        for holder in holders:
            out.append(
                reading.reading(
                    holder,
                    base,
                    stance=final,
                    phrase=phrase,
                    lemmas=lemmas,
                    target=reading.rel(syntax.span(target), base) if target is not None else None,
                    reporter=reading.rel(syntax.span(rep), base)
                    if rep is not None and rep not in holders
                    else None,
                    negated=negated,
                    pronoun_object=not lemmas,
                )
            )
    return out


def _first_object(stance: str, holder, objects: list, base: int) -> list[Reading]:
    """The stance on the first object with content words, once for each of the holder's
    conjuncts ("the union and the company's demand for ...")."""
    for obj in objects[:1]:
        phrase, lemmas, *_ = reading.issue_words(obj)
        if lemmas:
            return [
                reading.reading(h, base, stance=stance, phrase=phrase, lemmas=lemmas)
                for h in syntax.conjuncts(holder)
            ]
    return []


def _criticised(tok) -> bool:
    """A stance noun that is the object of a predicate against it ("doesn't agree with
    Norway's proposals", "criticized Sweden's push for ..."): the critic's position is
    the sentence's; the owner's stance is only named as its issue. (One backed or
    echoed, "backed Norway's call for ...", is restated and kept.)"""
    verb = tok.head
    if tok.dep_ == "pobj" and verb.dep_ == "prep" and verb.lower_ in _OBJECT_PREPS:
        verb = verb.head
    elif tok.dep_ != "dobj":
        return False
    if verb.pos_ != "VERB" or verb.i == tok.i:
        return False
    outer = _verb_stance(verb)
    if outer is not None and syntax.is_negated(verb):
        outer = NEGATED.get(outer)
    return outer in {"reject", "oppose"}


def _nominal(tok, stance: str, base: int) -> list[Reading]:
    if _criticised(tok):
        return []
    holders = [c for c in tok.children if c.dep_ == "poss"]
    if not holders:
        holders = [
            p
            for c in tok.children
            if c.dep_ == "prep" and c.lower_ in {"by", "from"}
            for p in c.children
            if p.dep_ == "pobj"
        ]
    if not holders and tok.dep_ == "dobj" and tok.head.lemma_.lower() in EXPRESS:
        holders = syntax.subjects(tok.head)[:1]  # "X shared reservations about ..."
    preps = {"for", "to", "of", "on", "over", "against", "about"}
    clauses = [c for c in tok.children if c.dep_ in {"acl", "xcomp"} and c.pos_ == "VERB"]
    if tok.dep_ == "dobj":  # "announced the commitment of X to open ...": parsed on the verb
        clauses += [
            c
            for c in tok.head.children
            if c.dep_ == "advcl" and c.i > tok.i and any(a.lower_ == "to" for a in c.children)
        ]
    if not holders and clauses and tok.lemma_.lower() in OF_HOLDER_NOUNS:
        # "the commitment of the army and the RSF to engage in ...": "of" names the holder
        holders = [
            p
            for c in tok.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for p in c.children
            if p.dep_ == "pobj" and p.pos_ in {"NOUN", "PROPN"}
        ]
        preps -= {"of"}
    if not holders:
        return []
    if stance == "offer":
        preps -= {"to"}  # "its proposals to the media": whom an offer goes to, not what
    objects = [
        p
        for c in tok.children
        if c.dep_ == "prep" and c.lower_ in preps
        for p in c.children
        if p.dep_ in {"pobj", "pcomp"}
    ]
    objects += clauses
    if not objects and tok.dep_ == "nsubj" and tok.head.lemma_ == "be":
        # "our priority is to end the strike"
        objects = [c for c in tok.head.children if c.dep_ in {"xcomp", "attr", "ccomp"}]
    found = _first_object(stance, holders[0], objects, base)
    if tok.lemma_.lower() in PLEDGE_NOUNS and len(syntax.conjuncts(holders[0])) == 1:
        found = [replace(r, pledge=True) for r in found]
    return found


def _adjectival(tok, stance: str, base: int) -> list[Reading]:
    head = tok.head
    holders = [c for c in head.children if c.dep_ == "nsubj"] if tok.dep_ == "acomp" else []
    if not holders:
        return []
    if any(c.dep_ == "neg" for c in head.children):
        flipped = NEGATED.get(stance)  # "is not willing to" = reject; "not opposed": unstated
        if flipped is None:
            return []
        stance = flipped
    objects = [
        p
        for c in tok.children
        if c.dep_ == "prep" and c.lower_ in {"to", "of", "about"}
        for p in c.children
        if p.dep_ in {"pobj", "pcomp"}
    ]
    objects += [c for c in tok.children if c.dep_ == "xcomp"]
    return _first_object(stance, holders[0], objects, base)
