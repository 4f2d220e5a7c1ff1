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

from dataclasses import dataclass

#: Verb lemma -> stance.
VERBS = {
    **dict.fromkeys(
        "demand insist urge press seek want request require appeal ask push".split(), "demand"
    ),
    **dict.fromkeys("offer propose promise pledge suggest counter".split(), "offer"),
    **dict.fromkeys(
        "accept agree approve endorse support ratify sign welcome adopt embrace back pass".split(),
        "accept",
    ),
    **dict.fromkeys("reject refuse dismiss rebuff spurn veto decline deny".split(), "reject"),
    **dict.fromkeys(
        "oppose condemn criticize criticise denounce slam accuse blame decry deplore "
        "resist lambast fault regret complain dispute".split(),
        "oppose",
    ),
    **dict.fromkeys("threaten warn vow".split(), "threaten"),
    **dict.fromkeys("concede soften relent cave".split(), "concede"),
    **dict.fromkeys("mediate broker facilitate".split(), "mediate"),
}
#: Verbs that state a stance only with an object of the given kinds (generic nouns).
DEAL_NOUNS = frozenset(
    "deal agreement accord initiative talk negotiation treaty pact participation involvement "
    "arrangement corridor truce ceasefire cease-fire contract framework process".split()
)
STANCE_NOUNS = frozenset(
    "demand offer proposal counterproposal counteroffer plan bid condition opposition objection "
    "insistence request position stance".split()
)
BILL_NOUNS = frozenset(
    "bill act legislation measure law amendment motion resolution package budget deal "
    "agreement contract".split()
)
#: Industrial or political actions a side can call ("called a strike").
ACTIONS = frozenset("strike walkout stoppage shutdown boycott protest".split())
TALK_NOUNS = frozenset("talk negotiation meeting summit round discussion dialogue".split())
#: Verb lemma -> (stance, the object lemmas it needs).
RESTRICTED = {
    "withdraw": ("reject", DEAL_NOUNS | STANCE_NOUNS),
    "suspend": ("reject", DEAL_NOUNS),
    "quit": ("reject", DEAL_NOUNS),
    "exit": ("reject", DEAL_NOUNS),
    "abandon": ("reject", DEAL_NOUNS | STANCE_NOUNS),
    "scrap": ("reject", DEAL_NOUNS | STANCE_NOUNS),
    "block": ("reject", BILL_NOUNS),
    "terminate": ("reject", DEAL_NOUNS),
    "pull": ("reject", STANCE_NOUNS | DEAL_NOUNS),
    "drop": ("concede", STANCE_NOUNS),
    "host": ("mediate", TALK_NOUNS),
    "convene": ("mediate", TALK_NOUNS),
    "chair": ("mediate", TALK_NOUNS),
}
#: Phrasal verbs: (lemma, particle) -> stance.
PHRASAL = {
    ("turn", "down"): "reject",
    ("walk", "out"): "reject",
    ("walk", "away"): "reject",
    ("pull", "out"): "reject",
    ("back", "down"): "concede",
    ("back", "off"): "concede",
    ("give", "in"): "concede",
    ("give", "up"): "concede",
    ("put", "forward"): "offer",
    ("call", "for"): "demand",
    ("push", "for"): "demand",
    ("press", "for"): "demand",
    ("hold", "out"): "demand",
    ("sign", "off"): "accept",
    ("sign", "up"): "accept",
}
#: Verbs that carry the stance of a stance noun they take ("made an offer", "reached a deal").
LIGHT = {
    **dict.fromkeys(
        "make present submit unveil table send deliver issue sweeten improve".split(), "offer"
    ),
    **dict.fromkeys("reach strike clinch seal secure finalize finalise".split(), "accept"),
}
LIGHT_NOUNS = {
    "offer": frozenset("offer proposal counterproposal counteroffer plan bid package".split()),
    "accept": frozenset("deal agreement accord compromise".split()),
}
#: Noun lemma -> stance, when the noun has a possessor or "by"/"from" holder.
NOUNS = {
    **dict.fromkeys("demand call push insistence request ultimatum".split(), "demand"),
    **dict.fromkeys("proposal offer counterproposal counteroffer bid pledge".split(), "offer"),
    **dict.fromkeys("refusal rejection veto".split(), "reject"),
    **dict.fromkeys("opposition objection criticism condemnation".split(), "oppose"),
    **dict.fromkeys("threat warning".split(), "threaten"),
    **dict.fromkeys("approval acceptance endorsement backing".split(), "accept"),
    "concession": "concede",
    "mediation": "mediate",
}
#: Adjective lemma -> stance ("opposed to", "open to", "willing to").
ADJECTIVES = {
    "opposed": "oppose",
    "open": "offer",
    "willing": "offer",
    "ready": "offer",
    "prepared": "offer",
    "committed": "accept",
}
#: Verbs that judge something by an adjective ("called the attack outrageous").
JUDGE = frozenset("call describe brand label term deem consider".split())
#: Adjectives of judgement: -1 against (oppose), +1 for (accept). Generic evaluative words.
JUDGEMENTS = {
    **dict.fromkeys(
        "outrageous appalling unacceptable ridiculous absurd disgraceful insulting shameful "
        "cruel wrong dangerous reckless illegal unlawful delusional extreme irresponsible "
        "disappointing deplorable inadequate insufficient unfair unworkable worse bad "
        "terrible horrible catastrophic disastrous damaging".split(),
        -1,
    ),
    **dict.fromkeys(
        "good great fair historic positive constructive reasonable acceptable encouraging "
        "important welcome excellent strong".split(),
        1,
    ),
}
SPEECH = frozenset(
    "say tell state announce add note write report explain claim argue confirm stress tweet "
    "declare reiterate insist signal indicate".split()
)
#: A negated stance: what it becomes (None: not stated).
NEGATED = {
    "accept": "reject",
    "offer": "reject",
    "concede": "reject",
    "demand": None,
    "reject": None,
    "oppose": None,
    "threaten": None,
    "mediate": None,
}
_SUBJ = {"nsubj", "nsubjpass", "csubj"}
_OBJECT_PREPS = {"for", "to", "on", "against", "with", "over", "of", "in", "from", "into"}
_PRONOUNS = frozenset("it they we i he she them us this that these those which who".split())
#: Tokens of an issue phrase; longer objects are cut (lists, trailing modifiers). Chosen
#: leave-one-story-out on the negotiations dev stories (bench/positions.py, docs/benchmarks.md).
MAX_PHRASE = 12


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


def _span(tok) -> tuple[int, int]:
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


def _coordinated(tok) -> list:
    """A holder and everything coordinated with it, from the first conjunct of its list
    (the parse may hang "Russia, Ukraine and Turkey" on its last member)."""
    first = tok
    while (
        first.dep_ in {"conj", "appos"}
        and first.head is not first
        and first.head.pos_ in {"NOUN", "PROPN"}
    ):
        first = first.head
    return _conjuncts(first)


def _conjuncts(tok) -> list:
    out = [tok]
    for child in tok.children:
        if child.dep_ == "conj" and child.pos_ in {"NOUN", "PROPN", "PRON"}:
            out.extend(_conjuncts(child))
        elif child.dep_ == "appos" and child.pos_ == tok.pos_ == "PROPN":
            out.extend(_conjuncts(child))  # "Qatar, the US and Egypt" parsed as an apposition
    return out


def _is_negated(tok) -> bool:
    if any(
        c.dep_ == "neg" or c.lower_ in {"never", "no"} and c.dep_ == "advmod" for c in tok.children
    ):
        return True
    head = tok.head
    # "refused to accept", "failed to back": the governing verb negates
    return tok.dep_ == "xcomp" and head.lemma_ in {"refuse", "fail", "decline"}


def _conditional(tok) -> bool:
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


def _has_condition(tok) -> bool:
    return any(
        c.dep_ == "advcl" and any(m.lower_ in {"if", "unless"} for m in c.children)
        for c in tok.children
    ) and any(c.lower_ in {"would", "will", "could"} for c in tok.children)


def _subjects(tok) -> list:
    """The holders of a verbal predicate."""
    node = tok
    for _ in range(4):
        for child in node.children:
            if child.dep_ in {"nsubj", "csubj"}:
                if child.lower_ in {"who", "that", "which"} and node.dep_ == "relcl":
                    return _coordinated(node.head)
                return _coordinated(child)
        if node.dep_ == "acl" and node.tag_ in {"VBG"}:
            return _coordinated(node.head)  # "with 71 members opposing the bill"
        if node.dep_ in {"xcomp", "conj", "advcl"} and node.head is not node:
            node = node.head  # "walked out after rejecting ...", "voted to strike, rejecting ..."
            continue
        if node.dep_ == "pcomp" and node.head.dep_ == "prep" and node.head.head is not node.head:
            node = node.head.head  # "by offering an amendment", "looks forward to signing"
            continue
        break
    return []


def _agents(tok) -> list:
    for child in tok.children:
        if child.dep_ == "agent":
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if objs:
                return _conjuncts(objs[0])
        if child.dep_ == "prep" and child.lower_ == "between":
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if objs:
                return _conjuncts(objs[0])
    return []


def _phrase(tok, stop: int | None = None) -> tuple[str, tuple[str, ...], int, int]:
    """The words of an object: its subtree without clauses hanging on it, at most MAX_PHRASE."""
    skip: set[int] = set()
    for t in tok.subtree:
        if (
            t is not tok
            and t.dep_ in {"relcl", "appos", "advcl", "parataxis", "acl"}
            and t.i > tok.i
        ):
            skip.update(x.i for x in t.subtree)
        if t is not tok and t.dep_ == "conj" and t.head is tok and t.pos_ in {"NOUN", "PROPN"}:
            skip.update(x.i for x in t.subtree)
        if t is not tok and t.dep_ == "cc" and t.head is tok:
            skip.add(t.i)
    words = [t for t in tok.subtree if t.i not in skip and (stop is None or t.i < stop)]
    # stop at a comma or dash that opens another clause
    kept = []
    for t in words:
        if t.i > tok.i and t.text in {",", ";", "—", "–", ":", "(", "“", "”", '"'}:
            break
        kept.append(t)
    kept = kept[:MAX_PHRASE] if kept and kept[0].i <= tok.i else kept
    while kept and kept[-1].is_punct and kept[-1].text != "%":
        kept.pop()
    while kept and kept[0].is_punct:
        kept.pop(0)
    if not kept:
        return "", (), tok.idx, tok.idx
    start, end = kept[0].idx, kept[-1].idx + len(kept[-1].text)
    text = tok.doc.text[start:end]
    lemmas = tuple(
        t.lemma_.lower()
        for t in kept
        if t.pos_ in {"NOUN", "PROPN", "VERB", "ADJ"}
        and not t.is_stop
        and t.lemma_.lower() not in _PRONOUNS
        and any(ch.isalpha() for ch in t.text)
    )
    return text, lemmas, start, end


def _objects(tok, stance: str) -> list:
    """Object tokens of a verbal predicate: direct objects, prepositional objects, clauses."""
    out = []
    for child in tok.children:
        if child.dep_ == "dobj" and child.lower_ in {"that", "which"} and tok.dep_ == "relcl":
            return [tok.head]  # "a meeting that the White House had sought"
        if child.dep_ in {"dobj", "attr"}:
            out.extend(_conjuncts(child))
        elif child.dep_ == "prep" and child.lower_ in _OBJECT_PREPS:
            pobj = [c for c in child.children if c.dep_ in {"pobj", "pcomp"}]
            local = bool(pobj) and (
                child.lower_ in {"in", "from", "into", "on"}
                and pobj[0].ent_type_ in {"GPE", "LOC", "DATE", "TIME", "FAC"}
            )
            wanted = child.lower_ in {"for", "to", "on", "against", "over", "of"} or (
                child.lower_ == "with" and tok.lemma_.lower() in {"agree", "disagree", "side"}
            )
            if pobj and not local and (wanted or stance == "mediate"):
                out.extend(_conjuncts(pobj[0]))
        elif (
            child.dep_ == "xcomp"
            and child.pos_ in {"VERB", "AUX"}
            or child.dep_ == "ccomp"
            and child.pos_ in {"VERB", "AUX"}
            and _mandative(child)
        ):
            out.append(child)
    return out


def _mandative(clause) -> bool:
    """A clause that states what must happen ("that talks resume", "Britain must leave")."""
    return (
        clause.tag_ == "VB"
        and not any(c.dep_ == "aux" for c in clause.children)
        or any(c.lower_ in {"must", "should"} for c in clause.children)
    )


def _instead(tok) -> bool:
    """ "rather than accept a delay", "instead of backing it": an alternative turned down."""
    node = tok
    for _ in range(2):
        if any(c.lower_ in {"rather", "than", "instead"} for c in node.children):
            return True
        if node.dep_ in {"pcomp", "pobj"} and node.head.lower_ in {"than", "of"}:
            return node.head.head.lower_ in {"rather", "instead"} or node.head.lower_ == "than"
        node = node.head
    return False


def _reporter(tok):
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


def _particle(tok) -> str | None:
    for child in tok.children:
        if child.dep_ == "prt":
            return child.lower_
    return None


def _verb_stance(tok) -> str | None:
    lemma = tok.lemma_.lower()
    prt = _particle(tok)
    if prt and (lemma, prt) in PHRASAL:
        return PHRASAL[(lemma, prt)]
    preps = {c.lower_ for c in tok.children if c.dep_ == "prep"}
    if lemma == "call" and prt == "off":
        return None  # "calling off the strike" ends an action; no stance on its own
    if lemma == "call" and any(
        c.dep_ == "dobj" and c.lemma_.lower() in ACTIONS for c in tok.children
    ):
        return "threaten"  # "called a 48-hour walkout"
    if lemma == "call" and ("for" in preps or "on" in preps):
        return "demand"
    if lemma == "vote":
        said = {
            c.lower_ for c in tok.children if c.dep_ in {"dobj", "advmod", "intj", "oprd", "acomp"}
        }
        if "against" in preps or "no" in said:
            return "reject"
        if "yes" in said or "for" in preps:
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
    if lemma in RESTRICTED:
        stance, nouns = RESTRICTED[lemma]
        objs = [c for c in tok.children if c.dep_ in {"dobj", "nsubjpass"}]
        objs += [
            p for c in tok.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"
        ]
        if any(o.lemma_.lower() in nouns for o in objs):
            return stance
        return None
    if lemma in LIGHT:
        stance = LIGHT[lemma]
        if any(c.dep_ == "dobj" and c.lemma_.lower() in LIGHT_NOUNS[stance] for c in tok.children):
            return stance
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
    out: list[Reading] = []
    base = sent.start_char if hasattr(sent, "start_char") else 0
    consumed: set[int] = set()
    tokens = list(sent)
    for tok in tokens:
        if tok.i in consumed:
            continue
        if tok.pos_ in {"VERB", "AUX"} or (
            tok.pos_ == "NOUN" and tok.dep_ == "ROOT" and tok.lemma_.lower() in VERBS
        ):
            stance = _verb_stance(tok) if tok.pos_ != "AUX" else None
            if stance is None and tok.lemma_.lower() in JUDGE:
                out.extend(_judged(tok, base))
                continue
            if stance is None:
                # "X said Y must Z": the speaker demands Z
                if tok.lemma_.lower() in SPEECH:
                    for c in tok.children:
                        if c.dep_ == "ccomp" and any(
                            a.lower_ in {"must", "should"} for a in c.children
                        ):
                            out.extend(
                                _verbal(c, "demand", tokens, base, consumed, holder_from=tok)
                            )
                continue
            out.extend(_verbal(tok, stance, tokens, base, consumed))
        elif tok.pos_ == "NOUN" and tok.lemma_.lower() in NOUNS:
            out.extend(_nominal(tok, NOUNS[tok.lemma_.lower()], base))
        elif (
            tok.pos_ in {"ADJ", "VERB"}
            and tok.lower_ in ADJECTIVES
            and tok.dep_ in {"acomp", "amod"}
        ):
            out.extend(_adjectival(tok, ADJECTIVES[tok.lower_], base))
    return out


def _is_actor(tok) -> bool:
    """An object that names an actor, not an issue ("support the RSF", "backed Smith")."""
    if tok.ent_type_ not in {"PERSON", "ORG", "GPE", "NORP"}:
        return False
    return all(c.dep_ in {"det", "compound", "amod", "punct", "appos"} for c in tok.children)


def _pronoun(tok) -> str | None:
    return tok.lower_ if tok.pos_ == "PRON" or tok.tag_ in {"PRP", "PRP$", "WP"} else None


def _rel(span: tuple[int, int], base: int) -> tuple[int, int]:
    return span[0] - base, span[1] - base


def _verbal(
    tok, stance: str, tokens, base: int, consumed: set[int], holder_from=None
) -> list[Reading]:
    if _conditional(tok) or _instead(tok):
        return []
    negated = _is_negated(tok)
    if negated:
        flipped = NEGATED.get(stance)
        if flipped is None:
            return []
        stance = flipped
    if stance == "accept" and any(c.lower_ == "only" for c in tok.children):
        stance = "demand"  # "would only accept a clean increase": a demand for it
    if stance != "threaten" and _has_condition(tok):
        stance = "threaten"
    lemma = tok.lemma_.lower()
    passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in tok.children) or (
        tok.dep_ == "acl" and tok.tag_ == "VBN"
    )
    if passive and stance == "oppose" and not _agents(tok):
        passive = False  # "Norway is opposed to the quota": an adjective in the parse's eyes
        holders = [o for c in tok.children if c.dep_ == "nsubjpass" for o in _conjuncts(c)]
        objects = _objects(tok, stance)
    elif passive:
        holders = _agents(tok)
        objects = [c for c in tok.children if c.dep_ == "nsubjpass"]
        if tok.dep_ == "acl" and tok.tag_ == "VBN":
            # "the deal brokered by ...", "the plan agreed by ...": background, not a statement
            return []
            objects = [tok.head]
        objects = [o for x in objects for o in _conjuncts(x)][:1] if objects else []
    else:
        holders = _subjects(holder_from if holder_from is not None else tok)
        objects = _objects(tok, stance)
    if not holders:
        return []
    target = None
    # "urged X to Y", "accused X of Y", "called on X to Y": X is the target, Y the issue
    dobj = [c for c in tok.children if c.dep_ == "dobj"]
    xcomp = [c for c in tok.children if c.dep_ in {"xcomp", "ccomp"}]
    if lemma in {"urge", "press", "ask", "accuse", "blame", "call", "push"}:
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
            inner_objs = _objects(xs[0], stance)
            objects = inner_objs[:1] or xs[:1] if inner else xs[:1]
            consumed.add(xs[0].i)
    if lemma == "vote" and not objects:
        objects = [tok]  # "31 senators voted no": the vote is the issue (grouped with the bill's)
    # a stance verb governing another ("refused to accept"): the outer one reads it
    for o in objects:
        if o.pos_ in {"VERB", "AUX"}:
            consumed.add(o.i)
    rep = _reporter(tok)
    out = []
    for obj in objects:
        if obj.lower_ in _PRONOUNS or (obj is not tok and _is_actor(obj)):
            continue
        final = stance
        if stance == "accept" and NOUNS.get(obj.lemma_.lower()) == "demand":
            final = "demand"  # "backed Ukraine's call for a longer rollover": the same demand
        if obj is tok:
            said = [t for t in tok.rights if t.lower_ in {"no", "yes"}]
            last = said[0] if said else tok
            phrase = tok.doc.text[tok.idx : last.idx + len(last.text)]
            lemmas: tuple[str, ...] = ("vote",)
        else:
            phrase, lemmas, start, end = _phrase(obj)
            if not lemmas:
                continue
            phrase = _with_predicate(tok, phrase, start, end)
        for holder in holders:
            out.append(
                _reading(
                    holder,
                    base,
                    stance=final,
                    phrase=phrase,
                    lemmas=lemmas,
                    target=_rel(_span(target), base) if target is not None else None,
                    reporter=_rel(_span(rep), base)
                    if rep is not None and rep not in holders
                    else None,
                    negated=negated,
                )
            )
    return out


def _reading(holder, base: int, **fields) -> Reading:
    """A ``Reading`` held by ``holder`` (its span, head word, pronoun and proper-noun flag)."""
    return Reading(
        holder=_rel(_span(holder), base),
        head=_rel((holder.idx, holder.idx + len(holder.text)), base),
        pronoun=_pronoun(holder),
        proper=holder.pos_ == "PROPN",
        **fields,
    )


def _first_object(stance: str, holder, objects: list, base: int) -> list[Reading]:
    """The stance on the first object with content words, once for each of the holder's
    conjuncts ("the union and the company's demand for ...")."""
    for obj in objects[:1]:
        phrase, lemmas, *_ = _phrase(obj)
        if lemmas:
            return [
                _reading(h, base, stance=stance, phrase=phrase, lemmas=lemmas)
                for h in _conjuncts(holder)
            ]
    return []


def _with_predicate(tok, phrase: str, start: int, end: int) -> str:
    """The issue words with the predicate before them ("voted for the bill"), when it is close."""
    text = tok.doc.text
    if tok.idx < start and start - tok.idx <= 60:
        return text[tok.idx : end]
    if passive_subject := (start < tok.idx and tok.idx - end <= 40):
        return text[start : tok.idx + len(tok.text)] if passive_subject else phrase
    return phrase


def _judged(tok, base: int) -> list[Reading]:
    """ "X called the attack outrageous", "described the offer as insulting"."""
    objs = [c for c in tok.children if c.dep_ == "dobj"]
    if not objs:
        return []
    marks = [
        t
        for c in tok.children
        if c.dep_ in {"oprd", "xcomp", "ccomp", "acomp", "prep", "dobj"}
        for t in c.subtree
        if t.pos_ == "ADJ" and t.lower_ in JUDGEMENTS
    ]
    if not marks:
        return []
    negated = any(t.dep_ == "neg" for m in marks for t in m.children)
    polarity = JUDGEMENTS[marks[0].lower_] * (-1 if negated else 1)
    stance = "oppose" if polarity < 0 else "accept"
    holders = _subjects(tok)
    phrase, lemmas, start, end = _phrase(objs[0])
    if not lemmas:
        return []
    phrase = _with_predicate(tok, phrase, start, end)
    return [
        _reading(
            h,
            base,
            stance=stance,
            phrase=f"{phrase} {marks[0].text}",
            lemmas=lemmas,
            reporter=None,
            negated=negated,
        )
        for h in holders
    ]


def _nominal(tok, stance: str, base: int) -> list[Reading]:
    holders = [c for c in tok.children if c.dep_ == "poss"]
    if not holders:
        holders = [
            p
            for c in tok.children
            if c.dep_ == "prep" and c.lower_ in {"by", "from"}
            for p in c.children
            if p.dep_ == "pobj"
        ]
    if not holders:
        return []
    objects = [
        p
        for c in tok.children
        if c.dep_ == "prep" and c.lower_ in {"for", "to", "of", "on", "over", "against"}
        for p in c.children
        if p.dep_ in {"pobj", "pcomp"}
    ]
    objects += [c for c in tok.children if c.dep_ in {"acl", "xcomp"} and c.pos_ == "VERB"]
    return _first_object(stance, holders[0], objects, base)


def _adjectival(tok, stance: str, base: int) -> list[Reading]:
    head = tok.head
    holders = [c for c in head.children if c.dep_ == "nsubj"] if tok.dep_ == "acomp" else []
    if not holders:
        return []
    if any(c.dep_ == "neg" for c in head.children):
        return []
    objects = [
        p
        for c in tok.children
        if c.dep_ == "prep" and c.lower_ in {"to", "of"}
        for p in c.children
        if p.dep_ in {"pobj", "pcomp"}
    ]
    objects += [c for c in tok.children if c.dep_ == "xcomp"]
    return _first_object(stance, holders[0], objects, base)
