"""Speed of the positions stage (actors, positions, quotes, figures) on the T17 article texts.

Articles are prepared and date-tagged first (not timed), then grouped into
stories of ``STORY_SIZE`` articles per topic, and ``analyse_story`` is timed
on one core. The issue's target is >= 20 articles/s on one core.
"""

from __future__ import annotations

import json
import os
import statistics
import time
from pathlib import Path

from bench import position_score

#: Articles per topic and per story measured (the first ones of each file).
PER_TOPIC = 100
STORY_SIZE = 50
REPEATS = 3
TOPICS = ("bpoil", "egypt", "finan", "h1n1", "iraq", "libya")
TARGET = 20.0


def _articles(path: Path, limit: int):
    from storyline.dates.tagger import tag_article
    from storyline.model import Document
    from storyline.pipeline import prepare

    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if len(out) >= limit:
                break
            row = json.loads(line)
            doc = Document(
                raw=row["text"],
                source_id=str(row["id"]),
                published=row["time"],
                outlet=row.get("source"),
            )
            try:
                out.append(tag_article(prepare(doc)))
            except ValueError:
                continue
    return out


def _seed_articles(folder: Path):
    from storyline.dates.tagger import tag_article
    from storyline.ingest import read_documents
    from storyline.pipeline import prepare

    if not folder.is_dir():
        return []
    return [
        tag_article(prepare(d))
        for d in read_documents([str(p) for p in sorted(folder.glob("*.txt"))])
    ]


def negotiation_articles(folder: Path) -> dict[str, list]:
    """The corpus articles of each story, prepared and date-tagged as a user's ingest would."""
    from storyline.dates.tagger import tag_article
    from storyline.model import Document
    from storyline.pipeline import prepare

    corpus, _, _ = position_score.load(folder)
    stories: dict[str, list] = {}
    for row in corpus:
        doc = Document(
            raw=row["raw"],
            source_id=row["id"],
            url=row.get("url"),
            published=row.get("published"),
        )
        try:
            article = tag_article(prepare(doc))
        except ValueError:
            continue
        stories.setdefault(row["story"], []).append(article)
    return stories


def story_predictions(articles, **kwargs) -> tuple[list[dict], dict]:
    """``analyse_story`` on one story's articles; positions carry their corpus id as ``source``."""
    from storyline.positions import analyse_story

    result = analyse_story(articles, **kwargs)
    source = {a.id: a.source_id for a in articles}
    return [dict(p, source=source[p["article_id"]]) for p in result["positions"]], result


#: Values of ``reading.MAX_PHRASE`` tried; each story is scored with the value that does best
#: (F1) on the other five.
PHRASE_GRID = (8, 12, 16)


def _f1(counts) -> float:
    found, total, good, emitted = counts
    r, p = found / max(total, 1), good / max(emitted, 1)
    return 2 * r * p / (r + p) if r + p else 0.0


def quality(shared: Path) -> list[str]:
    from storyline.positions import reading

    folder = shared / "benchmarks" / "negotiations"
    if not (folder / "positions.jsonl").exists():
        return ["(the negotiations corpus is not present: quality not measured)"]
    _, gold, annotated = position_score.load(folder)
    stories = negotiation_articles(folder)
    names = sorted(stories)
    counts: dict[int, dict[str, tuple]] = {}
    issues: dict[int, dict[str, int]] = {}
    default = reading.MAX_PHRASE
    try:
        for value in PHRASE_GRID:
            reading.MAX_PHRASE = value
            counts[value], issues[value] = {}, {}
            for story in names:
                predicted, result = story_predictions(stories[story])
                ids = set(annotated.get(story, []))
                counts[value][story] = position_score.score(
                    predicted, [g for g in gold if g["article"] in ids], ids
                )
                issues[value][story] = len(result["position_matrix"]["issues"])
    finally:
        reading.MAX_PHRASE = default
    rows = []
    totals = [0, 0, 0, 0]
    for story in names:

        def others(value: int, left: str = story) -> float:
            summed = [sum(counts[value][s][k] for s in names if s != left) for k in range(4)]
            return _f1(summed)

        chosen = max(PHRASE_GRID, key=lambda v: (others(v), -abs(v - default)))
        found, total, good, emitted = counts[chosen][story]
        rows.append(
            (story, len(stories[story]), chosen, found, total, good, emitted, issues[chosen][story])
        )
        totals = [t + x for t, x in zip(totals, counts[chosen][story], strict=True)]
    lines = [
        "## positions — quality on the negotiations corpus (N1–N6)",
        "",
        "`analyse_story` per story over all of that story's articles of "
        "`../shared/benchmarks/negotiations/corpus.jsonl` (as a user would run it), scored on the "
        "36 annotated articles (`positions.jsonl`) with `bench/position_score.py`: a gold "
        "position is found when a prediction of the same article has an overlapping sentence "
        "(after collapsing case and spaces, one contains the other, or a common stretch covers "
        f"≥ {position_score.SENTENCE_OVERLAP:.0%} of the shorter), the gold actor or its side "
        "(`actor_aliases`, `group_aliases`; equal or whole-word containment), a compatible "
        "stance (reject ~ oppose, accept ~ concede) and one of the gold `issue_keywords` in its "
        "issue label or issue phrase. Predictions in annotated articles that match no gold "
        "record are false positives. The one tuned constant, the issue phrase length "
        f"(`reading.MAX_PHRASE`, tried {list(PHRASE_GRID)}), is chosen for each story on the other "
        "five (F1): these are leave-one-story-out figures.",
        "",
        "| story | articles | phrase length chosen on the other 5 | gold found | recall | predictions (annotated articles) | correct | precision | issues in matrix |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for story, n, chosen, found, total, good, emitted, n_issues in rows:
        lines.append(
            f"| {story} | {n} | {chosen} | {found}/{total} | {found / max(total, 1):.2f} | "
            f"{emitted} | {good} | {good / max(emitted, 1):.2f} | {n_issues} |"
        )
    found, total, good, emitted = totals
    lines.append(
        f"| **all** | | | {found}/{total} | **{found / max(total, 1):.2f}** | {emitted} | {good} | "
        f"**{good / max(emitted, 1):.2f}** | |"
    )
    lines += [
        "",
        "With every story at each value (not leave-one-out): "
        + "; ".join(
            f"{v}: recall {sum(c[0] for c in counts[v].values()) / max(sum(c[1] for c in counts[v].values()), 1):.2f}, "
            f"precision {sum(c[2] for c in counts[v].values()) / max(sum(c[3] for c in counts[v].values()), 1):.2f}"
            for v in PHRASE_GRID
        )
        + ". Targets (issue 12): recall ≥ 0.50 and precision ≥ 0.80 on every dev story, ≥ 5 "
        "issues in each matrix.",
    ]
    return lines


def run(shared: Path) -> str:
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    try:
        import torch

        torch.set_num_threads(1)
    except ImportError:
        pass
    from storyline import nlp
    from storyline.positions import analyse_story, is_candidate

    nlp.load()  # loading the model is a one-off cost, not per article
    rows = []
    total_articles = total_seconds = wall_total = 0.0
    for topic in TOPICS:
        path = shared / "benchmarks" / "t17" / topic / "articles.jsonl"
        if not path.exists():
            continue
        articles = _articles(path, PER_TOPIC)
        stories = [articles[i : i + STORY_SIZE] for i in range(0, len(articles), STORY_SIZE)]
        times, walls = [], []
        for _ in range(REPEATS):
            started, wall = time.process_time(), time.perf_counter()
            results = [analyse_story(story) for story in stories]
            times.append(time.process_time() - started)
            walls.append(time.perf_counter() - wall)
        seconds = statistics.median(times)
        wall_total += statistics.median(walls)
        sentences = sum(len(a.sentences) for a in articles)
        candidates = sum(is_candidate(s.text) for a in articles for s in a.sentences)
        rows.append(
            (
                topic,
                len(articles),
                sentences,
                candidates,
                seconds,
                sum(len(r["positions"]) for r in results),
                sum(len(r["quotes"]) for r in results),
                sum(len(r["figures"]) for r in results),
            )
        )
        total_articles += len(articles)
        total_seconds += seconds
    rate = total_articles / total_seconds if total_seconds else 0.0
    seeds = _seed_articles(shared / "seeds")
    if seeds:
        times = []
        for _ in range(REPEATS):
            started = time.process_time()
            result = analyse_story(seeds)
            times.append(time.process_time() - started)
        secs = statistics.median(times)
        sents = sum(len(a.sentences) for a in seeds)
        cands = sum(is_candidate(s.text) for a in seeds for s in a.sentences)
        rows.append(
            (
                "seeds",
                len(seeds),
                sents,
                cands,
                secs,
                len(result["positions"]),
                len(result["quotes"]),
                len(result["figures"]),
            )
        )
    lines = quality(shared) + [
        "",
        "## positions — speed of the actors / positions / quotes / figures stage",
        "",
        f"`analyse_story` on the first {PER_TOPIC} articles of each T17 topic, in stories of {STORY_SIZE} "
        f"articles, one thread, median of {REPEATS} runs of CPU time (the machine is shared, so "
        "CPU seconds of this process measure one core better than wall time); preparing and date-tagging are not timed, "
        "loading the spaCy models is not timed. spaCy parses only candidate sentences (an "
        "inflected stance verb, a stance noun with its holder, an adjective with 'to', or a "
        "phrase such as 'reached a deal'), at most `MAX_CANDIDATES` per article; its entity "
        "recogniser also reads quotes and the sentence before those that need an antecedent. "
        "The last row is "
        "the five seed articles (one dense negotiation story) for comparison.",
        "",
        "| topic | articles | sentences | candidate sentences | CPU seconds | articles/s | positions | quotes | figures |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for topic, n, sents, cands, secs, pos, quo, fig in rows:
        lines.append(
            f"| {topic} | {n} | {sents} | {cands} ({cands / max(sents, 1):.0%}) | {secs:.2f} | "
            f"{n / secs:.1f} | {pos} | {quo} | {fig} |"
        )
    lines += [
        "",
        f"**Overall on the T17 rows: {rate:.1f} articles/s of CPU time** ({total_articles / wall_total:.1f} "
        f"by wall clock on the loaded machine). Target ≥ {TARGET:.0f} articles/s on one core: "
        f"{'met' if rate >= TARGET else 'not met'}. No published system reports this stage; "
        "for scale, news-tls reports hours of HeidelTime preprocessing per topic for date tagging alone.",
        "",
        "spaCy still takes about 75% of the CPU time, the dependency parser now the largest "
        "part (its transition decoder, like the entity recogniser's was, takes and gives back "
        "Python's lock at every state query in the pinned spaCy build); the entity "
        "recogniser's greedy decoding is done in numpy (`storyline.entity_decoder`: the same "
        "network output and moves, the same entities on every T17 and negotiations sentence, "
        "about 3x faster than spaCy's own, the stage about 1.15x: issue 12's third speed "
        "pass), so the rate is set by the number of sentences parsed per article (T17 articles "
        "run to 100+ sentences). "
        "The stage ran at 11.1 articles/s before the speed pass of issue 12 (1.7x faster "
        "now, run side by side with the code before on the same machine), with the same "
        "output on every T17 row and the same quality table; what changed: thinc's matrix "
        "products go through numpy's OpenBLAS on one thread instead of BLIS (about 3x faster "
        "on these small float32 matrices); spaCy's attribute ruler is applied from lookup "
        "tables (`storyline.attribute_rules`, the same annotations, 12x faster than its "
        "Matcher); a sentence that comes twice in a story (wire copies) is parsed once; the "
        "figures' sentences of a story are parsed in one batch; the candidate test looks the "
        "stance verbs' forms up in a word set before the phrase regex; actor mentions are read "
        "only up to an article's last candidate when it has no quotation mark.",
        "",
        "T17 texts are tokenised in Penn Treebank style (`` `` `` and `''` for quotation marks), "
        "so few quotes are found there; the counts show what the stage outputs, not its quality "
        "(quality is tested on the seed articles in tests/test_positions.py and friends).",
    ]
    return "\n".join(lines)
