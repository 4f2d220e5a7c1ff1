"""The generic stance lexicons the parse readers use (``stance``, ``syntax``).

Verbs, nouns and adjectives of demanding, offering, accepting, rejecting, opposing,
threatening, conceding and mediating, with the object kinds some verbs need, the
speech verbs of reported speech and what a negated stance becomes. Generic English:
nothing here names the actors or issues of a particular story.
"""

from __future__ import annotations

#: Verb lemma -> stance.
VERBS = {
    **dict.fromkeys(
        "demand insist urge press seek want request require appeal ask push favour favor "
        "prefer encourage".split(),
        "demand",
    ),
    **dict.fromkeys("offer propose promise pledge suggest counter".split(), "offer"),
    **dict.fromkeys(
        "accept agree approve endorse support ratify sign welcome adopt embrace back pass uphold "
        "honour honor".split(),
        "accept",
    ),
    **dict.fromkeys("reject refuse dismiss rebuff spurn veto decline deny".split(), "reject"),
    **dict.fromkeys(
        "oppose condemn criticize criticise denounce slam accuse blame decry deplore "
        "resist lambast fault regret complain dispute".split(),
        "oppose",
    ),
    **dict.fromkeys("threaten warn vow".split(), "threaten"),
    **dict.fromkeys("concede soften relent cave acquiesce".split(), "concede"),
    **dict.fromkeys("mediate broker facilitate".split(), "mediate"),
}
#: Verbs that state a stance only with an object of the given kinds (generic nouns).
DEAL_NOUNS = frozenset(
    "deal agreement accord initiative talk negotiation treaty pact participation involvement "
    "arrangement corridor truce ceasefire cease-fire contract framework process declaration".split()
)
STANCE_NOUNS = frozenset(
    "demand offer proposal counterproposal counteroffer plan bid condition opposition objection "
    "insistence request position stance".split()
)
BILL_NOUNS = frozenset(
    "bill act legislation measure law amendment motion resolution package budget deal "
    "agreement contract".split()
)
#: What a vote is counted in ("voted yes, for a final tally of 314-117"): not its object.
VOTE_COUNTS = frozenset("tally margin total count majority vote".split())
#: Industrial or political actions a side can call ("called a strike").
ACTIONS = frozenset("strike walkout stoppage shutdown boycott protest picketing lockout".split())
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
    # "returned to the deal", "rejoined the initiative" ("extend" is left out: an extension
    # for 60 days rather than 120 is often the point in dispute)
    "return": ("accept", DEAL_NOUNS),
    "rejoin": ("accept", DEAL_NOUNS),
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
#: Verbs with a preposition: (lemma, preposition) -> stance; the preposition's object is the
#: issue ("fought for better pay", "balked at the price", "committed to a truce").
PREP_VERBS = {
    ("fight", "for"): "demand",
    ("angle", "for"): "demand",
    ("lobby", "for"): "demand",
    ("campaign", "for"): "demand",
    ("balk", "at"): "reject",
    ("baulk", "at"): "reject",
    ("object", "to"): "oppose",
    ("settle", "on"): "accept",
    ("sign", "on"): "accept",
    ("stand", "by"): "accept",
    ("abide", "by"): "accept",
    ("commit", "to"): "accept",
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
    **dict.fromkeys("demand call push insistence request ultimatum ask".split(), "demand"),
    # "reiterated its desire for a fair deal", "our priority is to end the strike"
    **dict.fromkeys("desire wish priority goal aim".split(), "demand"),
    **dict.fromkeys("proposal offer counterproposal counteroffer bid pledge".split(), "offer"),
    # "an amendment by X to ...", "X's motion to ...": what a legislator puts forward
    **dict.fromkeys("amendment motion".split(), "offer"),
    **dict.fromkeys("refusal rejection veto".split(), "reject"),
    **dict.fromkeys("opposition objection criticism condemnation".split(), "oppose"),
    **dict.fromkeys("threat warning".split(), "threaten"),
    **dict.fromkeys("approval acceptance endorsement backing support commitment".split(), "accept"),
    **dict.fromkeys("readiness willingness".split(), "offer"),
    "reservation": "oppose",
    "misgiving": "oppose",
    "concession": "concede",
    "mediation": "mediate",
}
#: Adjective lemma -> stance ("opposed to", "open to", "willing to").
ADJECTIVES = {
    **dict.fromkeys("opposed critical wary sceptical skeptical hostile".split(), "oppose"),
    **dict.fromkeys("open willing ready prepared amenable receptive".split(), "offer"),
    **dict.fromkeys("committed supportive".split(), "accept"),
    **dict.fromkeys("unwilling reluctant".split(), "reject"),
    **dict.fromkeys("eager keen determined adamant".split(), "demand"),
}
#: Nouns whose "of" phrase names the holder when they also say to what ("the commitment
#: of the army and the RSF to engage in ...", "the agreement of the two parties to ...").
OF_HOLDER_NOUNS = {
    **dict.fromkeys("commitment agreement".split(), "accept"),
    **dict.fromkeys("readiness willingness".split(), "offer"),
    "refusal": "reject",
    "determination": "demand",
}
#: Verbs that state a stance noun for their subject ("voiced opposition to", "shared
#: reservations about", "expressed support for").
EXPRESS = frozenset("express voice share raise register reiterate reaffirm restate signal".split())
#: Verbs that say what an offer holds ("the new proposal includes a 38% raise").
CONTENT_VERBS = frozenset(
    "include feature contain provide comprise emphasize emphasise improve".split()
)
#: Verbs whose clause says what their subject brought about ("ensured the bill passed",
#: "helped the measure clear the Senate"): a vote for the bill.
ENSURE = frozenset("ensure help enable make see let allow".split())
#: Verbs that judge something by an adjective ("called the attack outrageous").
JUDGE = frozenset("call describe brand label term deem consider".split())
#: Adjectives of judgement: -1 against (oppose), +1 for (accept). Generic evaluative words.
JUDGEMENTS = {
    **dict.fromkeys(
        "outrageous appalling unacceptable ridiculous absurd disgraceful insulting shameful "
        "cruel wrong dangerous reckless illegal unlawful delusional extreme irresponsible "
        "disappointing deplorable inadequate insufficient unfair unworkable worse bad "
        "problematic flawed false untrue baseless ineffective misleading "
        "terrible horrible catastrophic disastrous damaging".split(),
        -1,
    ),
    **dict.fromkeys(
        "good great fair historic positive constructive reasonable acceptable encouraging "
        "important welcome excellent strong effective workable".split(),
        1,
    ),
}
#: Nouns of judgement ("described the bill as a 'surrender bill'", "called the deal a
#: betrayal"): -1 against (oppose), +1 for (accept). Generic evaluative words.
JUDGEMENT_NOUNS = {
    **dict.fromkeys(
        "betrayal disaster farce sham insult travesty surrender capitulation mess scandal "
        "catastrophe humiliation fiasco failure mistake tragedy".split(),
        -1,
    ),
    **dict.fromkeys("breakthrough triumph milestone".split(), 1),
}
SPEECH = frozenset(
    "say tell state announce add note write report explain claim argue confirm stress tweet assert "
    "declare reiterate insist signal indicate".split()
)
#: Verbs that link a subject to a judgement ("the proposal isn't good enough").
LINKING = frozenset("be sound seem look remain appear".split())
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
