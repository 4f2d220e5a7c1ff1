"""storyline.evaluate: tilse metrics, news-tls averaging, the T17 protocol and `storyline eval tls`."""

from __future__ import annotations

import datetime
import json

import pytest

from storyline.evaluate.data import gold_timelines
from storyline.evaluate.metrics import PRF, Scorer, TimelineScores, average, date_prf

pytest.importorskip("tilse", reason="the eval extra (tilse) is not installed")


def _perl_ready() -> bool:
    from storyline.errors import StorylineError
    from storyline.evaluate.metrics import check_perl

    try:
        check_perl()
    except StorylineError:
        return False
    return True


if not _perl_ready():
    pytest.skip(
        "ROUGE-1.5.5 needs Perl with XML::Parser (make test installs libxml-parser-perl when root)",
        allow_module_level=True,
    )


def _gold(benchmarks, topic: str, name: str):
    return next(g for g in gold_timelines(benchmarks / "t17" / topic) if g.name == name)


def _shifted(gold, days: int):
    return [
        ((datetime.date.fromisoformat(d) + datetime.timedelta(days=days)).isoformat(), list(s))
        for d, s in gold.dates
    ]


def _tilse_direct(predicted, reference):
    """tilse called the way news-tls calls it, without our wrapper."""
    from tilse.data.timelines import GroundTruth, Timeline
    from tilse.evaluation.rouge import TimelineRougeEvaluator

    def tl(pairs):
        return Timeline({datetime.date.fromisoformat(d): list(s) for d, s in pairs})

    evaluator = TimelineRougeEvaluator(measures=["rouge_1", "rouge_2"])
    return evaluator.evaluate_align_date_content_costs_many_to_one(
        tl(predicted), GroundTruth([tl(reference)])
    )


def test_gold_timelines_are_sorted_and_protocol_sizes(benchmarks):
    gold = _gold(benchmarks, "h1n1", "reuters-1")
    days = [d for d, _ in gold.dates]
    assert days == sorted(days)
    assert (gold.start, gold.end) == ("2009-04-04", "2009-05-04")
    assert len(gold.dates) == 15
    assert gold.sentences_per_date == 2  # 23 sentences over 15 dates, rounded


def test_gold_against_itself_scores_one(benchmarks):
    gold = _gold(benchmarks, "h1n1", "bbc-1")
    pairs = [(d, list(s)) for d, s in gold.dates]
    scores = Scorer("original").score(pairs, pairs)
    assert scores.ar1.f == pytest.approx(1.0)
    assert scores.ar2.f == pytest.approx(1.0)
    assert scores.dates.f == 1.0


def test_shifted_gold_equals_tilse_and_the_date_weight(benchmarks):
    gold = _gold(benchmarks, "h1n1", "bbc-1")
    ordinals = [datetime.date.fromisoformat(d).toordinal() for d, _ in gold.dates]
    gaps = {abs(a - b) for a in ordinals for b in ordinals if a != b}
    shift = next(
        s for s in range(2, 40) if s not in gaps
    )  # no shifted date lands on another gold date
    pairs = [(d, list(s)) for d, s in gold.dates]
    predicted = _shifted(gold, shift)
    ours = Scorer("original").score(predicted, pairs)
    direct = _tilse_direct(predicted, pairs)
    assert round(ours.ar1.f, 3) == round(direct["rouge_1"]["f_score"], 3)
    assert round(ours.ar2.f, 3) == round(direct["rouge_2"]["f_score"], 3)
    # Every date aligns to its own original, one `shift` away: hits weigh 1 / (shift + 1).
    assert ours.ar1.precision == pytest.approx(1 / (shift + 1))
    assert ours.ar1.recall == pytest.approx(1 / (shift + 1))
    assert ours.dates.f == 0.0


def test_date_prf_counts_exact_days():
    prf = date_prf(["2011-01-25", "2011-01-28", "2011-02-01"], ["2011-01-25", "2011-02-11"])
    assert (prf.precision, prf.recall) == (pytest.approx(1 / 3), 0.5)
    assert prf.f == pytest.approx(0.4)


def test_average_is_f_of_mean_precision_and_recall():
    a = TimelineScores(PRF(0.2, 0.1), PRF(0.05, 0.01), PRF(1.0, 0.5))
    b = TimelineScores(PRF(0.1, 0.3), PRF(0.01, 0.03), PRF(0.5, 0.5))
    avg = average([a, b])
    assert (avg.ar1.precision, avg.ar1.recall) == (pytest.approx(0.15), pytest.approx(0.2))
    assert avg.ar1.f == pytest.approx(2 * 0.15 * 0.2 / 0.35)  # not the mean of the two F scores
    assert avg.dates.f == pytest.approx(2 * 0.75 * 0.5 / 1.25)


def test_unknown_rouge_is_refused():
    with pytest.raises(ValueError, match="original, reimpl"):
        Scorer("fast")


def test_eval_tls_command_writes_timelines_and_results(benchmarks, tmp_path):
    from click.testing import CliRunner

    from storyline.cli import cli

    dataset = tmp_path / "t17"
    topic = dataset / "h1n1"
    topic.mkdir(parents=True)
    source = benchmarks / "t17" / "h1n1"
    # A small real dataset: the articles of the BBC timeline's span, and that timeline alone.
    rows = [json.loads(x) for x in (source / "articles.jsonl").read_text("utf-8").splitlines() if x]
    gold = _gold(benchmarks, "h1n1", "bbc-1")
    rows = [r for r in rows if gold.start <= r["time"] <= gold.end]
    (topic / "articles.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    line = next(
        x for x in (source / "timelines.jsonl").read_text("utf-8").splitlines() if '"bbc-1"' in x
    )
    (topic / "timelines.jsonl").write_text(line + "\n", "utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli,
        [
            "eval",
            "tls",
            str(dataset),
            "--out",
            str(out),
            "--rouge",
            "reimpl",
            "--method",
            "storyline",
            "--method",
            "random",
        ],
    )
    assert result.exit_code == 0, result.output
    predicted = json.loads((out / "h1n1" / "bbc-1.json").read_text("utf-8"))
    assert len(predicted) == len(gold.dates)
    assert all(len(sentences) <= gold.sentences_per_date for _, sentences in predicted)
    assert all(gold.start <= day <= gold.end for day, _ in predicted)
    results = json.loads((out / "results.json").read_text("utf-8"))
    ours = results["methods"]["storyline"]["overall"]
    assert 0 < ours["ar1"]["f"] < 1
    assert results["methods"]["storyline"]["topics"]["h1n1"]["seconds"] > 0
    assert "overall" in result.output and "peak memory" in result.output


def test_eval_tls_unknown_topic_is_one_line(benchmarks, tmp_path):
    from click.testing import CliRunner

    from storyline.cli import cli

    result = CliRunner().invoke(
        cli, ["eval", "tls", str(benchmarks / "t17"), "--topics", "nosuch", "--out", str(tmp_path)]
    )
    assert result.exit_code != 0
    assert "unknown topic" in result.output and "Traceback" not in result.output


def _samples(topic: str, flip: bool = False):
    from storyline.evaluate.ranker import Samples
    from storyline.timeline import DATE_FEATURES

    # Invented windows: gold days have a high first feature (or a low one, when flipped).
    n = len(DATE_FEATURES)
    rows, labels = [], []
    for i in range(40):
        gold = i % 4 == 0
        high = gold != flip
        rows.append(tuple([0.9 if high else 0.1] + [0.5] * (n - 1)))
        labels.append(int(gold))
    keys = tuple((f"2030-01-{i + 1:02d}", "day") for i in range(40))
    return Samples(topic, "t1", keys, tuple(rows), tuple(labels))


def test_ranker_learns_a_separating_feature_and_leaves_each_topic_out():
    pytest.importorskip("sklearn")
    from storyline.evaluate.ranker import leave_one_out, train

    model = train([_samples("a"), _samples("b")])
    assert model.weights[0] > 1.0
    scores = model.score(
        {("d1", "day"): _samples("a").features[0], ("d2", "day"): _samples("a").features[1]}
    )
    assert scores[("d1", "day")] > scores[("d2", "day")]
    # Topic "c" contradicts the others: its own model (trained without it) keeps the
    # others' sign, while the models that saw "c" are pulled towards zero.
    models = leave_one_out([_samples("a"), _samples("b"), _samples("c", flip=True)])
    assert sorted(models) == ["a", "b", "c"]
    assert models["c"].weights[0] > models["a"].weights[0] > 0
    with pytest.raises(ValueError, match="both gold and non-gold"):
        train([_no_gold(_samples("a"))])


def _no_gold(samples):
    from dataclasses import replace

    return replace(samples, labels=tuple(0 for _ in samples.labels))


def test_shipped_ranker_round_trips_through_json(tmp_path):
    from storyline.errors import StorylineError
    from storyline.evaluate.ranker import write_ranker
    from storyline.timeline import load_ranker

    shipped = load_ranker()
    path = write_ranker(shipped, tmp_path / "ranker.json")
    assert load_ranker(path) == shipped
    (tmp_path / "bad.json").write_text("{}", "utf-8")
    with pytest.raises(StorylineError, match="bad.json: not a date ranker"):
        load_ranker(tmp_path / "bad.json")


def _invented_topic(folder, place: str, month: str) -> None:
    """A tiny invented topic in the T17 layout: five articles and a three-date gold timeline."""
    folder.mkdir(parents=True)
    days = [f"2030-{month}-{d:02d}" for d in (3, 4, 5, 6, 7)]
    texts = [
        f"Dockers in {place} walked out on {days[0][5:]} after pay talks failed .",
        f"The {place} port stayed shut on Tuesday as dockers picketed the gates .",
        f"Dockers in {place} , on strike since the walkout on {days[0][5:]} , rejected a new offer .",
        f"Ministers in {place} met port owners on Thursday to end the strike .",
        f"Dockers in {place} returned to work after the strike that began on {days[0][5:]} .",
    ]
    rows = [
        {"id": f"{place}-{i}", "time": day, "source": "invented", "text": text}
        for i, (day, text) in enumerate(zip(days, texts, strict=True))
    ]
    (folder / "articles.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    timeline = [
        [days[0], [f"Dockers in {place} walk out."]],
        [days[3], ["Ministers meet port owners."]],
        [days[4], ["Dockers return to work."]],
    ]
    line = json.dumps({"name": "invented-1", "source": "invented", "timeline": timeline})
    (folder / "timelines.jsonl").write_text(line + "\n", "utf-8")


def test_eval_tls_loo_trains_one_ranker_per_held_out_topic(tmp_path):
    pytest.importorskip("sklearn")
    from click.testing import CliRunner

    from storyline.cli import cli

    dataset = tmp_path / "invented"
    for place, month in (("Arden", "02"), ("Belmor", "05"), ("Carrow", "09")):
        _invented_topic(dataset / place.lower(), place, month)
    out = tmp_path / "out"
    args = ["eval", "tls", str(dataset), "--loo", "--rouge", "reimpl", "--out", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    results = json.loads((out / "results.json").read_text("utf-8"))
    assert results["protocol"] == "leave-one-topic-out"
    assert sorted(results["rankers"]) == ["arden", "belmor", "carrow"]
    predicted = json.loads((out / "arden" / "invented-1.json").read_text("utf-8"))
    assert len(predicted) == 3
    # The strike's first day, which later articles refer back to, is always chosen.
    assert "2030-02-03" in [day for day, _ in predicted]
