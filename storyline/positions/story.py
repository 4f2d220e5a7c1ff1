"""Positions of one story: stances from the parse, actors resolved, issues grouped.

1. a sentence is a candidate when a word of the stance lexicons appears in it
   (``is_candidate``, a cheap test before spaCy);
2. spaCy parses the candidates (``storyline.nlp.parse``); its entities build the
   story's actor index (``storyline.actors``), which resolves mentions sentence by
   sentence in reading order (surnames, offices, pronouns);
3. ``stance.read`` gives each predicate's holder, stance and object; the holder goes
   to an actor (``holders``: a mention covering its head word, a pronoun's antecedent, or a nominal
   actor such as "the union", "Senate Democrats"), the object to an issue key
   (``issues``), and keys are grouped into the story's issues;
4. who reported it and the date (a relative day mention of the sentence, else the
   article's date) are kept; the matrix, gaps and shifts follow (``matrix``).

Another extractor's ``PositionClaim`` records replace step 3's reading for their
articles and go through the same actor resolution, issue grouping and matrix.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from .. import nlp
from ..actor_index import build_index
from ..actors import (
    ActorIndex,
    actors_to_json,
)
from ..figures import countable, find_figures, reconcile
from ..mentions import Mention, Resolver
from ..model import Article, Position, PositionClaim
from ..quotes import find_quotes, quotes_to_json
from . import issues as issue_keys
from . import stance
from .holders import (
    ACTOR_NOUNS,
    PRONOUN_WINDOW,
    Context,
    claim_actor,
    mention_at,
    parties,
    plural_name,
    reporter_of,
    resolve,
)
from .matrix import STANCES, gaps, position_matrix, position_to_json, shifts
from .stance import read

log = logging.getLogger(__name__)


#: Verbs too common to test on their own: they count only in ``PHRASES``.
COMMON = frozenset(
    "make give put hold turn ready term present deliver send return consider secure call walk "
    "pull reach strike seal issue table improve finalize finalise back press push ask pass "
    "sign drop open counter".split()
)


def _inflections(lemma: str) -> set[str]:
    """A verb's inflected forms ("reject" -> rejects, rejected, rejecting; "agree" -> agrees,
    agreed, agreeing; "deny" -> denies, denied, denying)."""
    if lemma.endswith("e"):
        return {lemma[:-1] + end for end in ("e", "es", "ed", "ing")}
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        return {lemma[:-1] + end for end in ("y", "ies", "ied", "ying")}
    last = lemma[-1]
    return {lemma + end for end in ("", "s", "es", "ed", "ing", last + "ed", last + "ing")}


def _forms(lemma: str) -> str:
    """A regex of a verb's inflected forms (those of :func:`_inflections`)."""
    return (
        "(?:" + "|".join(sorted(map(re.escape, _inflections(lemma)), key=len, reverse=True)) + ")"
    )


#: Past forms the inflection rule misses.
IRREGULAR = ("sought", "struck", "withdrew", "withdrawn", "denied", "vetoed")
#: Phrases for the common verbs, stance nouns with their holder, adjectives with "to".
PHRASES = (
    r"turn(?:s|ed|ing)? down",
    r"walk(?:s|ed|ing)? (?:out|away|off)",
    r"pull(?:s|ed|ing)? (?:out|\w+ (?:\w+ )?(?:offer|proposal|support))",
    r"g[ai]v(?:e|es|en|ing) (?:in|up)",
    r"put(?:s|ting)? forward",
    r"held out|hold(?:s|ing)? out",
    r"call(?:s|ed|ing)? (?:for|on|an?|the)",
    r"(?:reach|struck|strik|seal|clinch|finali[sz]|return)\w*\W+(?:\w+\W+){0,3}(?:deal|agreement|accord|compromise)",
    r"(?:made|make|makes|making|present|tabled|table|sweeten|improv|issued|sent|deliver|submit"
    r"|unveil)\w* (?:[\w’'-]+ ){0,3}(?:offer|proposal|counter\w*|plan|bid|package)",
    r"back(?:s|ed|ing)|back(?:ed|s|ing)? (?:down|off)|(?:not|n't|never|to) back",
    r"in favou?r of",
    r"press(?:ed|es|ing)|push(?:ed|es|ing)? for",
    r"ask(?:s|ed|ing)? (?:for|\w+ to|\w+ \w+ to)",
    r"pass(?:ed|es)|sign(?:ed|ing)|sign(?:s)? (?:the|a|an|its|their|on|off|up)",
    r"drop(?:s|ped|ping)? (?:its|their|his|her|the) (?:\w+ )?(?:demand|opposition|objection|condition|plan|bid|offer)",
    r"(?:'s|’s|its|their|his|her|our) (?:\w+ ){0,2}(?:"
    + "|".join(sorted(n + "s?" for n in stance.NOUNS))
    + ")",
    r"\b(?:" + "|".join(sorted(stance.OF_HOLDER_NOUNS)) + r") of\b",
    r"\b(?:" + "|".join(sorted(stance.ADJECTIVES)) + r") (?:to|of|about)\b",
    *(_forms(verb) + r"\s+" + prep for verb, prep in sorted(stance.PREP_VERBS)),
    r"\bfought for\b|\bstood by\b",
    # "the proposals fall short, X said"; "confirmed talks between the two sides"
    r"\bf[ae]ll(?:s|ing|en)? short\b|\btalks? between\b",
    # "will not allow them to default", "would never tolerate"
    r"\b(?:not|n't|never)\s+(?:\w+\s+)?(?:allow|permit|tolerat)\w*",
    r"\b(?:[Uu]nder|according to) (?:the|a|an) (?:\w+ ){0,2}(?:offer|proposal|plan|package)s?\b",
    # "voiced opposition to", "shared reservations about", "expressed support for"
    r"\b(?:"
    + "|".join(_forms(v) for v in sorted(stance.EXPRESS))
    + r")\W+(?:\w+\W+){0,2}?(?:"
    + "|".join(sorted(n + "s?" for n in stance.NOUNS))
    + r")\b",
    # "the new proposal includes ...", "the package also features ..."
    r"\b(?:offer|proposal|package|counteroffer|counterproposal|bid)s?\W+(?:\w+\W+){0,2}?"
    r"(?:" + "|".join(_forms(v) for v in sorted(stance.CONTENT_VERBS)) + r")",
    r"(?:said|says|say|told|stress\w*|insist\w*|add\w*)\b.{0,120}\b(?:must|needs? to|needed to)\b",
    r"\b(?:must|needs? to|needed to)\b.{0,160}\b(?:said|says)",
    r"\bcall(?:s|ed|ing)? off\b",
    # "saying that a tentative agreement has been reached", "... had been agreed"
    r"\b(?:deal|agreement|accord)\b[^.;]{0,80}?\bbeen (?:reached|struck|agreed|sealed)",
    r"\b(?:deal|agreement|accord|compromise)\b.{0,100}\b(?:been|was|were|is|be)\s+"
    r"(?:\w+\s+)?(?:reached|struck|sealed|clinched|finali[sz]ed)\b",
    # "said the offer was not good enough", "said it was a fair deal"
    r"(?:said|says|say|told)\b.{0,120}\b(?:is|was|are|were|sounded|seemed|remains?)\b"
    r"(?:\W+\w+){0,3}?\W+(?:" + "|".join(sorted(stance.JUDGEMENTS)) + r")",
    # "... is totally unacceptable," X said; "calls the failure 'appalling'"
    r"\b(?:is|was|are|were)\s+(?:\w+\s+){0,2}(?:" + "|".join(sorted(stance.JUDGEMENTS)) + r")\b"
    r".{0,100}\b(?:said|says|asserted|stated|added)",
    r"\bcall(?:s|ed|ing)?\b.{0,80}\b(?:" + "|".join(sorted(stance.JUDGEMENTS)) + r")\b",
)
#: Stance words that make a sentence a candidate for the parse.
_VERBS = sorted(
    (set(stance.VERBS) | set(stance.RESTRICTED) | set(stance.JUDGE) | {"vote"}) - COMMON
)


#: A sentence is a candidate when one of its words is a stance verb's form (a set lookup:
#: every verb and irregular form is one word) or a phrase matches; the two tests together
#: are the one regex ``\b(?:forms|phrases)\b`` was (the same answer on every T17 and
#: negotiations sentence, in about 60% of its time).
_CUE_WORDS = frozenset(
    {w for v in _VERBS for w in _inflections(v.lower())} | {w.lower() for w in IRREGULAR}
)
_WORD = re.compile(r"\w+")
_CUE = re.compile(r"\b(?:" + "|".join(PHRASES) + r")\b", re.IGNORECASE)
#: Sentences of one article parsed at most, in reading order (a news report states its
#: positions early; the parse costs about 3 ms a sentence, and the stage must keep
#: >= 20 articles/s on one core on T17, whose articles run to 100+ sentences).
MAX_CANDIDATES = 12
#: Words that alone name no issue: the stance words themselves ("offer", "vote", "accept").
BARE_ISSUE_WORDS = frozenset(
    {*stance.VERBS, *stance.NOUNS, *stance.STANCE_NOUNS, *stance.ADJECTIVES, "vote", "call"}
)
_BARE_STEMS = frozenset(issue_keys.stem(w) for w in BARE_ISSUE_WORDS)


@dataclass(frozen=True, slots=True)
class _Sentence:
    index: int
    paragraph: int
    text: str
    date: str | None


_DEICTIC_DAY = re.compile(
    r"(?i)\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(?:today|yesterday|tonight)\b"
)


def _sentence_dates(article: Article) -> dict[int, str | None]:
    """The date of what each sentence says, by sentence index, where it has its own past day
    mention (the first one); the others take the article's date."""
    out: dict[int, str | None] = {}
    for mention in article.mentions:
        # Only relative day mentions ("on Tuesday") date the statement itself; an
        # absolute one ("the massacre of October 7") usually names an earlier event.
        if (
            mention.sentence not in out
            and mention.precision == "day"
            and mention.relation != "future"
            and _DEICTIC_DAY.search(mention.text)
        ):
            out[mention.sentence] = mention.value
    return out


def is_candidate(text: str) -> bool:
    """Whether a sentence may state a position (a cheap test before spaCy)."""
    if len(text) < 20:
        return False
    if not _CUE_WORDS.isdisjoint(w.lower() for w in _WORD.findall(text)):
        return True
    return _CUE.search(text) is not None


_QUOTE_CHARS = ("“", "”", '"')
#: Words that need an antecedent from the sentence before ("He said", "the group").
_NEEDS_ANTECEDENT = re.compile(
    r"\b(?:[Hh]e|[Ss]he|[Hh]is|[Hh]er|[Tt]hey|[Tt]heir|[Tt]he (?:\w+ )?(?:group|movement|organi[sz]ation|officials?))\b"
)


def candidate_sentences(article: Article) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Indexes of the sentences that may state a position (spaCy parses them), and of those
    whose entities the actors and quotes need (the candidates, quotes, antecedents)."""
    candidates: list[int] = []
    wanted: set[int] = set()
    for s_i, s in enumerate(article.sentences):
        quoted = any(c in s.text for c in _QUOTE_CHARS)
        cue = len(candidates) < MAX_CANDIDATES and is_candidate(s.text)
        if cue:
            candidates.append(s.index)
        if quoted or cue:
            wanted.add(s.index)
            if s_i and _NEEDS_ANTECEDENT.search(s.text):
                wanted.add(article.sentences[s_i - 1].index)
    return tuple(candidates), tuple(sorted(wanted))


#: Per article id: its ``candidate_sentences`` and spaCy's entities of the wanted ones by
#: sentence index (``None`` when not computed), as kept by ``storyline.features``.
Precomputed = Mapping[str, tuple[tuple[int, ...], tuple[int, ...], Mapping[int, list] | None]]
#: Per article id: positions another extractor read (``PositionClaim``).
Claims = Mapping[str, Sequence[PositionClaim]]


def _position(
    article: Article,
    s: _Sentence,
    actor: str,
    stance: str,
    key: str,
    phrase: str,
    index: ActorIndex,
    target: str | None = None,
    reported: str | None = None,
    negated: bool = False,
) -> Position:
    return Position(
        actor=actor,
        side=index.side(actor) or actor,
        stance=stance,
        issue=key,
        phrase=phrase,
        article_id=article.id,
        sentence_index=s.index,
        sentence=s.text,
        outlet=article.outlet,
        date=s.date,
        target=target,
        reported_by=reported,
        negated=negated,
    )


def _read_sentence(
    article: Article, s: _Sentence, doc, mentions: list[Mention], index: ActorIndex, ctx: Context
) -> list[Position]:
    out: list[Position] = []
    for r in read(doc):
        reporter = reporter_of(s.text, r, mentions, index)
        actors = resolve(
            s.text, r.holder, r.head, r.pronoun, r.proper, mentions, index, reporter, ctx, s.index
        )
        if r.offer_holder:  # "the new proposal includes ...": whoever made the latest offer
            actors = [ctx.last_offer] if ctx.last_offer else []
        target = mention_at(r.target, mentions) if r.target else None
        key = " ".join(issue_keys.clean_lemmas(r.lemmas))
        if not key and r.pronoun_object:
            # "... cannot support it": the issue of the sentence before, else its deal noun
            key = ctx.issue_before(s.index) or _referent_before(article, s.index)
        out.extend(
            _position(
                article,
                s,
                actor,
                _own_offer(r, actor, actors, ctx),
                key,
                r.phrase,
                index,
                target=target.actor if target and target.actor != actor else None,
                reported=reporter if reporter and reporter != actor else None,
                negated=r.negated,
            )
            for actor in actors
            if actor in index.actors and key
        )
    return out


def _own_offer(r, actor: str, actors: Sequence[str], ctx: Context) -> str:
    """A reading's stance for one of its holders: agreeing on an offer the holder itself
    made last ("the company and its union have agreed on a new offer") is offering it, not
    accepting it (no side accepts its own offer)."""
    if r.pledge and r.stance == "accept" and len(actors) == 1:
        return "offer"  # "our commitment to the region": one side's pledge
    if (
        r.stance == "accept"
        and actor == ctx.last_offer
        and not stance.LIGHT_NOUNS["offer"].isdisjoint(r.lemmas)
    ):
        return "offer"
    return r.stance


_REFERENT = re.compile(
    r"\b(?:"
    + "|".join(sorted(stance.BILL_NOUNS | stance.DEAL_NOUNS | stance.STANCE_NOUNS, key=len)[::-1])
    + r")s?\b",
    re.IGNORECASE,
)


def _referent_before(article: Article, index: int) -> str:
    """The last bill, deal or offer noun of the nearest of the ``PRONOUN_WINDOW`` sentences
    before ``index`` that names one (what "it" in "cannot support it" stands for), or ""."""
    before = [s for s in article.sentences if index - PRONOUN_WINDOW <= s.index < index]
    for sentence in reversed(before):
        found = _REFERENT.findall(sentence.text)
        if found:
            return issue_keys.stem(found[-1])
    return ""


def _from_claims(
    article: Article,
    s: _Sentence,
    claims: Sequence[PositionClaim],
    mentions: list[Mention],
    index: ActorIndex,
) -> list[Position]:
    out = []
    for c in claims:
        if c.stance not in STANCES:
            log.warning("%s sentence %d: unknown stance %r left out", article.id, s.index, c.stance)
            continue
        actor = claim_actor(c.actor, s.text, mentions, index)
        key = " ".join(issue_keys.key_of_words(c.issue))
        if not actor or not key:
            continue
        target = claim_actor(c.target, s.text, mentions, index) if c.target else None
        out.append(_position(article, s, actor, c.stance, key, c.issue, index, target=target))
    return out


def _is_bare(key: str) -> bool:
    return {issue_keys.stem(w) for w in key.split()} <= _BARE_STEMS


def _antecedent_issues(positions: list[Position]) -> list[Position]:
    """A position whose issue is only a stance word ("voted no", "voted to accept") takes
    the issue of the latest position before it in its article that names one ("the Senate
    passed the bill ... 31 Republicans voted no"); its phrase keeps its own words."""
    out = list(positions)
    latest: dict[str, str] = {}
    reading = sorted(range(len(out)), key=lambda i: (out[i].article_id, out[i].sentence_index))
    for i in reading:
        p = out[i]
        if not _is_bare(p.issue):
            latest[p.article_id] = p.issue
        elif p.article_id in latest:
            out[i] = replace(p, issue=latest[p.article_id])
    return out


#: Mediating positions that make a side the story's mediator (``_mediators_sign``).
MEDIATOR_MIN = 2


def _mediators_sign(positions: list[Position]) -> list[Position]:
    """A side that mostly mediates in the story (at least ``MEDIATOR_MIN`` mediating
    positions, more than any other stance) signs or backs a deal as its mediator ("Norway,
    Sweden and Finland signed the accord": Finland brokered it)."""
    counts: dict[str, Counter[str]] = {}
    for p in positions:
        counts.setdefault(p.side, Counter())[p.stance] += 1
    mediators = {
        side
        for side, c in counts.items()
        if c["mediate"] >= MEDIATOR_MIN
        and all(c["mediate"] > n for s, n in c.items() if s != "mediate")
    }
    return [
        replace(p, stance="mediate") if p.side in mediators and p.stance == "accept" else p
        for p in positions
    ]


def _read_up_to(sentences: list[_Sentence], cands: set[int]) -> list[_Sentence]:
    """The sentences whose actor mentions are read (in order, the resolver keeps antecedents
    from one to the next): all of them when the article has a quotation mark (quotes need
    the mentions of every quoted sentence), else those up to its last candidate (nothing
    reads the mentions of a later one)."""
    if any(c in s.text for s in sentences for c in _QUOTE_CHARS):
        return sentences
    last = max(cands, default=-1)
    return [s for s in sentences if s.index <= last]


def _dedupe(positions: list[Position]) -> list[Position]:
    seen = set()
    out = []
    for p in positions:
        key = (p.article_id, p.sentence_index, p.actor, p.stance, p.issue)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def analyse_story(
    articles: Sequence[Article],
    precomputed: Precomputed | None = None,
    *,
    claims: Claims | None = None,
    embeddings: bool = False,
) -> dict:
    """Actors, positions, matrix, gaps, shifts, quotes and figures of one story (JSON-ready).

    ``precomputed`` saves the candidate tests done at an earlier build; ``claims`` (by
    article id) replace the rule-based stance reading of those articles; ``embeddings``
    groups issues with MiniLM as well as word overlap (extra ``embeddings``).
    """
    claims = claims or {}
    prepared: list[tuple[Article, list[_Sentence], set[int]]] = []
    keys: list[tuple[str, int]] = []
    others: list[tuple[str, int]] = []  # sentences whose entities alone are needed
    known: dict[tuple[str, int], list] = {}
    for article in articles:
        dates = _sentence_dates(article)
        sentences = [
            _Sentence(s.index, s.paragraph, s.text, dates.get(s.index, article.published))
            for s in article.sentences
        ]
        done = (precomputed or {}).get(article.id)
        cands_, wanted, ents = done if done else (*candidate_sentences(article), None)
        cands = set(cands_)
        if article.id in claims:
            cands |= {c.sentence_index for c in claims[article.id]}
        prepared.append((article, sentences, cands))
        keys.extend((article.id, i) for i in sorted(cands))
        others.extend((article.id, i) for i in wanted if i not in cands)
        if ents is not None:
            known.update(((article.id, i), ents.get(i, [])) for i in wanted if i not in cands)
    text_of = {(a.id, s.index): s.text for a, sentences, _ in prepared for s in sentences}
    docs = dict(zip(keys, nlp.parse(text_of[k] for k in keys), strict=True))
    entities = [
        [
            (e.start_char, e.end_char, e.text, e.label_)
            for e in docs[k].ents
            if e.label_ in nlp.ENTITY_LABELS
        ]
        for k in keys
    ]
    missing = [k for k in others if k not in known]
    known.update(zip(missing, nlp.entities(text_of[k] for k in missing), strict=True))
    entities += [[tuple(e) for e in known[k]] for k in others]
    outlets = {a.outlet for a in articles if a.outlet}
    index = build_index([text_of[k] for k in keys + others], entities, exclude=outlets)
    sides = parties([s.text for _, sentences, _ in prepared for s in sentences], index)
    # the figures' sentences of the whole story go through one parse (``nlp.parse_syntax``)
    counted = [
        countable([(s.index, s.text, s.date) for s in sentences]) for _, sentences, _ in prepared
    ]
    syntax_keys = [
        (article.id, sentences[i].index)
        for (article, sentences, _), work in zip(prepared, counted, strict=True)
        for i, _n in work
        if (article.id, sentences[i].index) not in docs
    ]
    docs.update(zip(syntax_keys, nlp.parse_syntax(text_of[k] for k in syntax_keys), strict=True))
    positions: list[Position] = []
    quotes = []
    figure_mentions = []
    last_offer = None
    for (article, sentences, cands), work in zip(prepared, counted, strict=True):
        resolver = Resolver(index)
        mentions = {s.index: resolver.mentions(s.text) for s in _read_up_to(sentences, cands)}
        article_quotes = find_quotes(
            article.id,
            article.outlet,
            [(s.index, s.paragraph, s.text, s.date) for s in sentences],
            mentions,
            index,
        )
        quotes.extend(article_quotes)
        speaker_at = {q.sentence_index: q.speaker for q in article_quotes}
        by_sentence: dict[int, list[PositionClaim]] = {}
        for c in claims.get(article.id, ()):
            by_sentence.setdefault(c.sentence_index, []).append(c)
        # the latest offer's holder carries over: "the new proposal includes ..." in the
        # next article is still that side's
        ctx = Context(parties=sides, last_offer=last_offer)
        for s in sentences:
            ctx.speaker = speaker_at.get(s.index, ctx.speaker)
            if s.index not in cands:
                continue
            if article.id in claims:
                found = _from_claims(
                    article, s, by_sentence.get(s.index, ()), mentions[s.index], index
                )
            else:
                found = _read_sentence(
                    article, s, docs[(article.id, s.index)], mentions[s.index], index, ctx
                )
            if found:
                ctx.last_holder, ctx.last_at = found[-1].actor, s.index
                bodies = [p.actor for p in found if not plural_name(index.actors[p.actor].name)]
                if bodies:
                    ctx.last_body, ctx.last_body_at = bodies[-1], s.index
                ctx.note_issues(s.index, [p.issue for p in found])
                ctx.last_offer = next(
                    (p.actor for p in reversed(found) if p.stance == "offer"), ctx.last_offer
                )
            positions.extend(found)
        last_offer = ctx.last_offer
        figure_mentions.extend(
            find_figures(
                article.id,
                article.outlet,
                [(s.index, s.text, s.date) for s in sentences],
                docs={sentences[i].index: docs[(article.id, sentences[i].index)] for i, _n in work},
                work=work,
            )
        )
    # an object that only names a side ("backed the machinists") is no issue
    holders = {a for p in positions for a in (p.actor, p.side) if a in index.actors}
    actor_words = {issue_keys.stem(w) for w in ACTOR_NOUNS} | {
        issue_keys.stem(w)
        for a in holders
        for name in (index.actors[a].name, *index.actors[a].aliases)
        for w in re.findall(r"[^\W\d_]+", name.lower())
    }
    positions = [
        p for p in positions if not {issue_keys.stem(w) for w in p.issue.split()} <= actor_words
    ]
    positions = _antecedent_issues(positions)
    positions = _mediators_sign(positions)
    names = issue_keys.group(
        (p.issue for p in positions), embeddings=embeddings, bare=BARE_ISSUE_WORDS
    )
    positions = _dedupe([replace(p, issue=names.get(p.issue, p.issue)) for p in positions])
    holders = {p.side for p in positions}
    positions = [
        p if index.side(p.target) in holders else replace(p, target=None) for p in positions
    ]
    used = {p.actor for p in positions} | {p.side for p in positions} | {q.speaker for q in quotes}
    used |= {
        index.actors[a].affiliation
        for a in used
        if a in index.actors and index.actors[a].affiliation
    }
    pos_json = [position_to_json(p, index) for p in positions]
    matrix = position_matrix(pos_json)
    log.debug("%d actors, %d positions, %d quotes", len(index.actors), len(positions), len(quotes))
    return {
        "actors": actors_to_json(a for a in index.sorted_actors() if a.id in used),
        "positions": pos_json,
        "position_matrix": matrix,
        "gaps": gaps(matrix),
        "shifts": shifts(matrix),
        "quotes": quotes_to_json(quotes, index),
        "figures": reconcile(figure_mentions),
    }


def story_positions(
    articles: Sequence[Article],
    precomputed: Precomputed | None = None,
    *,
    claims: Claims | None = None,
    embeddings: bool = False,
) -> dict:
    """``analyse_story`` for the pipeline: without the ``nlp`` extra, says so and returns nothing."""
    from ..errors import MissingExtra

    try:
        return analyse_story(articles, precomputed, claims=claims, embeddings=embeddings)
    except MissingExtra as exc:
        log.warning("positions, quotes and figures left out: %s", exc)
        return {}
