"""Readers of spaCy's dependency tree that the stance readings share.

The holder of a predicate (its subjects with their conjuncts, the agent of a passive),
its objects (direct, prepositional, clausal), negation, conditionals, "rather than",
reported speech and particles. Each takes and returns spaCy tokens; written by hand
(no maintained library reads holders and objects of stance predicates).
"""

from __future__ import annotations

from .lexicon import BILL_NOUNS, DEAL_NOUNS, PREP_VERBS, SPEECH, STANCE_NOUNS, TALK_NOUNS

OBJECT_PREPS = {
    "for",
    "to",
    "on",
    "against",
    "with",
    "over",
    "of",
    "in",
    "from",
    "into",
    "at",
    "by",
}
#: Entity types of a bare figure as an object ("demanded 40%", "offered $12,000"): the
#: figure of an issue named before.
FIGURES = frozenset({"PERCENT", "MONEY"})
#: Object pronouns that stand for an issue named before ("voted against it").
OBJECT_PRONOUNS = frozenset("it them this".split())
#: Nouns an object pronoun may stand for: what is voted on, signed, offered or talked about.
_REFERENTS = BILL_NOUNS | DEAL_NOUNS | STANCE_NOUNS | TALK_NOUNS


def antecedent(pronoun):
    """The noun an object pronoun stands for: the nearest bill, deal, offer or talks noun
    before it in the sentence ("149 voted for the bill and 71 voted against it"), else None
    (the stage then looks at the sentence before)."""
    for t in reversed(list(pronoun.sent)):
        if t.i < pronoun.i and t.pos_ in {"NOUN", "PROPN"} and t.lemma_.lower() in _REFERENTS:
            return t
    return None


def verb_group(tok):
    """The first word of a verb with the auxiliaries, negation and adverbs right before it
    ("could not back", "still cannot support", "will only accept")."""
    first = tok
    for t in reversed(list(tok.doc[tok.sent.start : tok.i])):
        if (
            t.head.i == tok.i
            and t.dep_ in {"aux", "auxpass", "neg", "advmod"}
            and t.i == first.i - 1
        ):
            first = t
        else:
            break
    return first


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
    out = conjuncts(first)
    return _listed_before(first) + out if len(out) == 1 else out


def _listed_before(tok) -> list:
    """The names a misparse hung elsewhere in the list a holder ends ("On July 22, Russia,
    Ukraine, and Turkey signed": the first two as conjuncts of the date): the entities of
    the holder's kind right before its "and", each after a comma."""
    doc, j = tok.doc, tok.i - 1
    if j < 1 or doc[j].lower_ not in {"and", "&"} or not tok.ent_type_:
        return []
    j -= 1
    if doc[j].text == ",":
        j -= 1
    found: list = []
    while j >= 0 and doc[j].ent_type_ == tok.ent_type_ and doc[j].dep_ not in {"nsubj", "pobj"}:
        ent = next((e for e in doc.ents if e.start <= j < e.end), None)
        if ent is None or ent.end != j + 1:
            break
        found.insert(0, ent.root)
        j = ent.start - 1
        if j < 1 or doc[j].text != ",":
            break
        j -= 1
    return found if len(found) >= 2 or (found and doc[tok.i - 2].text == ",") else []


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
    """Whether the predicate sits in an if/unless clause, or in what a conditioned reading
    says ("if Denmark rejects it, they are saying they would prefer no deal": a case put,
    not a position; "would quit ... if" and "if talks fail, X said it would quit" are
    threats, ``has_condition``'s)."""
    node = tok
    while True:
        if any(c.dep_ == "mark" and c.lower_ in {"if", "unless", "whether"} for c in node.children):
            return True
        if node.dep_ in {"ROOT"} or node.head is node:
            return False
        if node.dep_ == "ccomp" and _conditioned(node.head) and not _reported(node.head):
            return True
        if node.dep_ not in {"conj", "xcomp", "aux"}:
            return False
        node = node.head


def _conditioned(verb) -> bool:
    """Whether a verb has an if/unless clause of its own."""
    return any(
        c.dep_ == "advcl"
        and any(m.dep_ == "mark" and m.lower_ in {"if", "unless"} for m in c.children)
        for c in verb.children
    )


def has_condition(tok) -> bool:
    """Whether a predicate with would/will/could has an if/unless clause: its own, or that
    of the speech verb reporting it ("If talks fail, the union said it would reject ...")."""
    own = _conditioned(tok) or (
        tok.dep_ == "ccomp" and _reported(tok.head) and _conditioned(tok.head)
    )
    return own and any(c.lower_ in {"would", "will", "could"} for c in tok.children)


def _reported(verb) -> bool:
    """A speech verb that reports a statement ("the union said"), not one that reads a
    hypothetical act ("if the EU rejects it, they're saying they would prefer no deal")."""
    return verb.lemma_.lower() in SPEECH and not (
        verb.tag_ == "VBG" and any(c.dep_ == "aux" and c.lemma_ == "be" for c in verb.children)
    )


def on_condition_met(tok) -> bool:
    """ "will return to the deal when its part is fulfilled", "would sign once the sanctions
    are lifted": a future stance that waits on a condition (a conditional offer)."""
    return any(c.lower_ in {"will", "would"} for c in tok.children) and any(
        c.dep_ == "advcl"
        and any(m.lower_ in {"when", "once"} and m.dep_ in {"advmod", "mark"} for m in c.children)
        for c in tok.children
    )


def subjects(tok) -> list:
    """The holders of a verbal predicate."""
    node = tok
    if (
        tok.dep_ == "advcl"
        and tok.head.pos_ in {"NOUN", "PROPN"}
        and any(c.dep_ == "mark" and c.lower_ == "than" for c in tok.children)
    ):
        return coordinated(tok.head)  # "more Democrats than Republicans voted": the Democrats
    for _ in range(4):
        # the subject nearest the verb ("Taking into account the attack ..., the Russian
        # side suspends ...": the parse may give the verb two subjects)
        for child in sorted(node.children, key=lambda c: abs(c.i - node.i)):
            if child.dep_ in {"nsubj", "csubj"} and _compared(child):
                continue  # "more Democrats than Republicans voted for it": the Democrats
            if child.dep_ in {"nsubj", "csubj"}:
                if child.lower_ in {"who", "that", "which"} and node.dep_ == "relcl":
                    return coordinated(node.head)
                if child.pos_ == "NUM":
                    return counted(child, node)
                return coordinated(child)
        if node.dep_ == "acl" and node.tag_ in {"VBG"}:
            return coordinated(node.head)  # "with 71 members opposing the bill"
        if node.dep_ == "conj" and _participle_of_finite(node):
            return []
        if node.dep_ == "xcomp" and any(
            c.dep_ == "dobj" and c.i < node.i for c in node.head.children
        ):
            return []  # "ordered the company to submit a plan": the company's act, not its stance
        if node.dep_ in {"xcomp", "conj", "advcl"} and node.head is not node:
            node = node.head  # "walked out after rejecting ...", "voted to strike, rejecting ..."
            continue
        if node.dep_ == "pcomp" and node.head.dep_ == "prep" and node.head.head is not node.head:
            node = node.head.head  # "by offering an amendment", "looks forward to signing"
            continue
        break
    return []


def _participle_of_finite(verb) -> bool:
    """A bare participle the parse coordinates with a finite verb ("faces the prospect of a
    longer process ..., and necessarily requiring an extension"): it says what the noun
    before it needs, not what the finite verb's subject does."""
    return (
        verb.tag_ == "VBG"
        and verb.head.tag_ in {"VBZ", "VBD", "VBP"}
        and not any(c.dep_ in {"aux", "nsubj"} for c in verb.children)
    )


def speakers(tok) -> list:
    """The subjects of a speech verb; a pronoun subject after a clause whose own subject
    names someone is that one ("While Quayle welcomed the proposals, he said ...")."""
    found = subjects(tok)
    if len(found) == 1 and found[0].lower_ in {"he", "she"}:
        named = [
            s
            for c in tok.children
            if c.dep_ == "advcl" and c.i < found[0].i
            for s in c.children
            if s.dep_ == "nsubj" and s.pos_ == "PROPN" and s.ent_type_ == "PERSON"
        ]
        return named[:1] or found
    return found


def _compares_subjects(than) -> bool:
    """ "more Democrats than Republicans voted": a "than" between two subjects."""
    after = than.nbor(1) if than.i + 1 < len(than.doc) else None
    return after is not None and after.dep_ == "nsubj" and after.head.i == than.head.i


def _compared(subject) -> bool:
    """A subject after "than" that another subject of the same verb is compared with."""
    return (
        subject.i > 0
        and subject.doc[subject.left_edge.i - 1].lower_ == "than"
        and any(c.dep_ == "nsubj" and c.i < subject.i for c in subject.head.children)
    )


def counted(number, verb) -> list:
    """The body a bare number subject counts ("Among Republicans, 149 voted for ...", "71 of
    them", "165 Democrats voted for it and 46 voted against it"): the noun after "of", the
    object of "among" on the verb or a verb it is coordinated with, else the nearest counted
    noun subject before it in the sentence; the number itself when none is found."""
    for child in number.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if objs:
                return conjuncts(objs[0])
    chain = [verb]
    while (
        chain[-1].dep_ in {"conj", "advcl"} and chain[-1].head.i != chain[-1].i and len(chain) < 4
    ):
        chain.append(chain[-1].head)
    among = [
        o
        for node in chain
        for child in node.children
        if child.dep_ == "prep" and child.lower_ == "among"
        for o in child.children
        if o.dep_ == "pobj"
    ]
    if among and any(a.head.head.i == verb.i for a in among[:1]):
        return conjuncts(among[0])
    before = [
        t
        for t in number.sent
        if t.i < number.i
        and t.dep_ == "nsubj"
        and t.pos_ in {"NOUN", "PROPN"}
        and any(c.dep_ in {"nummod", "compound"} and c.pos_ == "NUM" for c in t.children)
    ]
    if before:
        return [before[-1]]
    return conjuncts(among[0]) if among else [number]


#: Nouns of a case not (yet) stated: "the hope is that members will demand ...", "no
#: guarantee workers will approve ...".
HYPOTHETICAL = frozenset(
    "hope chance possibility prospect risk fear danger expectation guarantee question "
    "likelihood speculation scenario".split()
)
#: Adjectives that make what follows a condition ("contingent on members ratifying it").
CONDITION_ADJECTIVES = frozenset("contingent conditional dependent subject".split())


def hypothetical(tok) -> bool:
    """Whether a predicate states a case someone hopes for, fears or makes a condition
    rather than a position ("the hope is that ...", "no guarantee that ...", "contingent on
    ... ratifying")."""
    node = tok
    for _ in range(4):
        if node.dep_ not in {
            "ccomp",
            "acl",
            "relcl",
            "pcomp",
            "pobj",
            "prep",
            "xcomp",
            "conj",
            "attr",
        }:
            return False
        head = node.head
        if head.i == node.i:
            return False
        if head.lemma_.lower() in CONDITION_ADJECTIVES and head.pos_ == "ADJ":
            return True
        if head.pos_ == "NOUN" and head.lemma_.lower() in HYPOTHETICAL:
            return True
        if head.lemma_ == "be" and any(
            c.dep_ in {"nsubj", "attr"} and c.lemma_.lower() in HYPOTHETICAL for c in head.children
        ):
            return True
        node = head
    return False


def purpose(tok) -> bool:
    """A purpose infinitive ("identify focal points to facilitate the passage of aid"):
    why something is done, not a position of its own."""
    return tok.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def demanded_of_others(tok, verbs) -> bool:
    """A clause that a demand verb asks of someone ("a Bill that insists Britain acquiesce
    to ...", "demanded that the company withdraw it"): the demander's issue, not a stance
    of the clause's subject."""
    head = tok.head
    return (
        tok.dep_ == "ccomp"
        and head.i != tok.i
        and verbs.get(head.lemma_.lower()) == "demand"
        and mandative(tok)
    )


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
    out: list = []
    for child in tok.children:
        if child.dep_ == "dobj" and child.lower_ in {"that", "which"} and tok.dep_ == "relcl":
            return [tok.head]  # "a meeting that the White House had sought"
        if child.dep_ in {"dobj", "attr"}:
            if out and child.left_edge.i > 0 and child.doc[child.left_edge.i - 1].text == ",":
                continue  # "voted for the amendment, a blow to ...": a comment on the object
            out.extend(conjuncts(child))
        elif favoured := in_favour_of(child):
            out.extend(conjuncts(favoured))
        elif child.dep_ == "npadvmod" and child.ent_type_ in FIGURES:
            out.append(child)  # "demanded 40% over three years" (the parse's adverbial "%")
        elif child.dep_ == "prep" and child.lower_ in _PARTICLE_PREPS and particle_objects(child):
            out.extend(conjuncts(particle_objects(child)[0]))
        elif child.dep_ == "prep" and child.lower_ in OBJECT_PREPS:
            pobj = [c for c in child.children if c.dep_ in {"pobj", "pcomp"}]
            local = bool(pobj) and (
                child.lower_ in {"in", "from", "into", "on"}
                and pobj[0].ent_type_ in {"GPE", "LOC", "DATE", "TIME", "FAC"}
            )
            wanted = (
                child.lower_ in {"for", "to", "on", "against", "over", "of"}
                or (child.lower_ == "with" and tok.lemma_.lower() in {"agree", "disagree", "side"})
                or (tok.lemma_.lower(), child.lower_) in PREP_VERBS
            )
            if pobj and not local and (wanted or stance == "mediate"):
                out.extend(conjuncts(pobj[0]) + verb_conjuncts(pobj[0]))
        elif (
            child.dep_ == "xcomp"
            and child.pos_ in {"VERB", "AUX"}
            or child.dep_ == "ccomp"
            and child.pos_ in {"VERB", "AUX"}
            and (mandative(child) or content_clause(tok, child))
        ):
            out.append(child)
            out.extend(verb_conjuncts(child))
    return out


def verb_conjuncts(tok) -> list:
    """The verbs coordinated with an object clause ("calls for extending the deal to the
    ports, as well as extending it for 120 days"): each is an object of its own."""
    if tok.pos_ != "VERB":
        return []
    return [c for c in tok.children if c.dep_ == "conj" and c.pos_ == "VERB"]


def content_clause(tok, clause) -> bool:
    """A that-clause stating what a promise, complaint or warning is about ("promised that
    the next plane would be built there", "complained that the company publicized its
    offer"); not for speech verbs, whose clauses are read on their own."""
    if tok.lemma_.lower() in SPEECH:
        return False
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children) or any(
        c.dep_ == "nsubj" for c in clause.children
    )


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
        (clause.tag_ == "VB" or _subjunctive(clause))
        and not any(c.dep_ == "aux" for c in clause.children)
        or any(c.lower_ in {"must", "should"} for c in clause.children)
    )


def _subjunctive(clause) -> bool:
    """A bare verb after a singular noun subject ("insists Britain acquiesce"), which the
    tagger reads as a present tense (VBP): the mandative subjunctive."""
    return clause.tag_ == "VBP" and any(
        c.dep_ == "nsubj" and c.tag_ in {"NN", "NNP"} for c in clause.children
    )


def instead(tok) -> bool:
    """ "rather than accept a delay", "instead of backing it": an alternative turned down."""
    node = tok
    for step in range(2):
        # "would quit the talks rather than accept ...": the verb before "than" is chosen,
        # the one coordinated after it (and what hangs on it) turned down
        chosen = preferred(node) and (step == 0 or tok.dep_ != "conj")
        if any(
            (c.lower_ in {"rather", "than"} and not chosen and not _compares_subjects(c))
            or c.lower_ == "instead"
            and any(g.lower_ == "of" for g in c.children)
            for c in node.children
        ):
            return True  # a bare "instead" ("has instead proposed") states the new position
        if node.dep_ in {"pcomp", "pobj"} and node.head.lower_ in {"than", "of"}:
            return node.head.head.lower_ in {"rather", "instead"} or node.head.lower_ == "than"
        if node.head is node:
            return False
        node = node.head
    return False


def preferred(tok) -> bool:
    """Whether a verb is the one chosen over an alternative coordinated after it ("would
    quit the talks rather than accept a quota": quit, not accept)."""
    than = [c for c in tok.children if c.dep_ == "cc" and c.lower_ == "than"]
    return bool(than) and any(
        c.dep_ == "conj" and c.pos_ == "VERB" and c.i > than[0].i for c in tok.children
    )


def rather_than(tok) -> bool:
    """ "would call an election rather than accept a delay": the predicate is what a side
    says it would do instead of the alternative it turns down (the parse coordinates the
    two, "than" a ``cc`` of the first)."""
    return any(c.dep_ == "cc" and c.lower_ == "than" for c in tok.children) and any(
        c.dep_ == "conj" for c in tok.children
    )


def talks_between(noun, *, named: bool = False) -> bool:
    """ "talks between the army and the rebels": talks of two other sides (whoever announces,
    hosts or suspends them is their mediator, not a party); ``named``: both sides named
    ("between X and Y", not "between the two sides")."""
    return noun.lemma_.lower() in TALK_NOUNS and any(
        c.dep_ == "prep"
        and c.lower_ == "between"
        and (not named or any(o.dep_ == "pobj" and len(conjuncts(o)) > 1 for o in c.children))
        for c in noun.children
    )


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
                if head.tag_ == "VBG" and head.dep_ in {"advcl", "acl", "xcomp", "conj"}:
                    # "released a statement saying they could not back it": the releaser
                    verb = head.head
                    if verb.pos_ == "NOUN" and verb.dep_ in {"dobj", "pobj"}:
                        verb = verb.head if verb.dep_ == "dobj" else verb.head.head
                    outer = subjects(verb)
                    return outer[0] if outer else None
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


#: Particles the parse may attach as a preposition ("pulling out of the talks").
_PARTICLE_PREPS = frozenset("out away off down".split())


def particle(tok) -> str | None:
    for child in tok.children:
        if child.dep_ == "prt":
            return child.lower_
    for child in tok.children:
        if (
            child.dep_ == "prep"
            and child.lower_ in _PARTICLE_PREPS
            and not any(c.dep_ == "pobj" for c in child.children)
        ):
            return child.lower_
        if child.dep_ == "advmod" and child.lower_ in _PARTICLE_PREPS | {"forward"}:
            return child.lower_  # "put forward offers" with "forward" as an adverb
    return None


def particle_objects(prep) -> list:
    """ "pulling out of the negotiations" parsed with "out" as a preposition: the object of
    the "of" / "from" under it."""
    return [
        p
        for c in prep.children
        if c.dep_ == "prep" and c.lower_ in {"of", "from", "on"}
        for p in c.children
        if p.dep_ == "pobj"
    ]
