"""End to end on the five real seed articles, against ../shared/benchmarks/seeds-expected.md."""

import json

import pytest
from click.testing import CliRunner

from storyline.cli import cli
from storyline.report import validate


@pytest.fixture(scope="module")
def seeds_output(tmp_path_factory):
    from conftest import SEEDS

    if not SEEDS.is_dir():
        pytest.skip(f"the seed articles are not present at {SEEDS} (../shared beside the project)")
    out = tmp_path_factory.mktemp("seeds-out")
    result = CliRunner().invoke(cli, ["run", str(SEEDS), "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    doc = json.loads((out / "storyline.json").read_text())
    by_file = {a["path"].rsplit("/", 1)[-1][:3]: a for a in doc["articles"]}
    return out, doc, by_file


def test_outlets(seeds_output):
    _, _, a = seeds_output
    assert (a["000"]["outlet"], a["000"]["outlet_source"]) == ("Bloomberg", "opener")
    assert (a["001"]["outlet"], a["001"]["outlet_source"]) == ("Bloomberg", "opener")
    assert (
        a["004"]["outlet"].startswith("Breitbart") and a["004"]["outlet_source"] == "self_reference"
    )
    assert a["003"]["outlet"] != "Bloomberg"  # it cites Bloomberg without being from it


def test_publication_dates(seeds_output):
    _, _, a = seeds_output
    assert (a["000"]["published"], a["000"]["published_source"]) == ("2024-03-26", "marker")
    assert (a["004"]["published"], a["004"]["published_source"]) == ("2024-03-26", "marker")
    assert (a["003"]["published"], a["003"]["published_source"]) == ("2024-02-15", "marker")
    assert (a["002"]["published"], a["002"]["published_source"]) == ("2024-05-23", "dateline")
    assert a["001"]["published_source"] in (None, "inferred")


def test_boilerplate_is_gone(seeds_output):
    out, _, _ = seeds_output
    from storyline.store import Store

    with Store(out / "storyline.db") as s:
        articles = list(s.articles())
    assert len(articles) == 5
    for article in articles:
        for chrome in (
            "Most Read from",
            "See also",
            "Loading...",
            "©",
            "Westside People",
            "Complete News World",
        ):
            assert chrome not in article.text, (article.path, chrome)
        assert article.raw  # raw text kept for re-cleaning
    rewrite = next(a for a in articles if "/002_" in a.path)
    assert (
        rewrite.title and rewrite.title.lower() not in rewrite.text.lower()[:200]
    )  # repeated headline dropped


def test_timeline_dates_and_sources(seeds_output):
    _, doc, a = seeds_output
    validate(doc)
    story = doc["stories"][0]
    assert len(doc["stories"]) == 1 and len(story["article_ids"]) == 5
    dates = {e["date"]: e for e in story["timeline"]}
    assert {"2024-03-25", "2024-03-26", "2024-02-13"} <= set(dates)
    ids = {x["id"] for x in doc["articles"]}
    for entry in story["timeline"]:
        for source in entry["sources"]:
            assert source["article_id"] in ids
        for sentence in entry["summary"]:
            assert any(s["sentence"] == sentence for s in entry["sources"])
    monday = {s["article_id"] for s in dates["2024-03-25"]["sources"]}
    assert a["000"]["id"] in monday or a["004"]["id"] in monday


def test_report_files(seeds_output):
    out, _, _ = seeds_output
    md = (out / "timeline.md").read_text()
    assert "### 2024-03-26" in md and "Bloomberg" in md
    assert (out / "report.html").read_text().count("<li>") > 10
