"""End to end on the bundled example corpus, against examples/EXPECTED.md."""

import json

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES

from storyline.cli import cli
from storyline.report import validate
from storyline.store import Store


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo-out")
    result = CliRunner().invoke(
        cli, ["run", str(EXAMPLES), "--out", str(out)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    doc = json.loads((out / "storyline.json").read_text())
    with Store(out / "storyline.db") as store:
        articles = {a.id: a for a in store.articles()}
    return doc, articles


def test_every_article_is_read_and_documentation_is_skipped(demo):
    doc, _ = demo
    validate(doc)
    assert doc["errors"] == []
    assert len(doc["articles"]) == 11
    assert not any(a["path"] and a["path"].endswith("EXPECTED.md") for a in doc["articles"])


def test_outlets_and_dates(demo):
    doc, _ = demo
    by_file: dict[str, list[dict]] = {}
    for a in doc["articles"]:
        by_file.setdefault((a["path"] or a["url"]).rsplit("/", 1)[-1], []).append(a)
    expect = {
        "dockers-reject-four-percent.txt": ("Harbour Ledger", "copyright", "2025-03-03", "marker"),
        "port-falls-silent.txt": ("Harbour Ledger", "site_name", "2025-03-05", "dateline"),
        "wire-23-ships-stranded.txt": ("Meridian Wire", "opener", "2025-03-06", "dateline"),
        "tideway-walkout-ends.html": ("Tideway Times", "url", "2025-03-07", "html"),
        "employers-raise-offer.txt": ("Harbour Ledger", "copyright", "2025-03-10", "marker"),
        "wire-union-concedes-on-gates.txt": ("Meridian Wire", "opener", "2025-03-11", "marker"),
        "northline-threatens-move.txt": (
            "Cargo Weekly",
            "self_reference",
            "2025-03-12",
            "dateline",
        ),
        "wire-deal-reached.txt": ("Meridian Wire", "opener", "2025-03-15", "dateline"),
    }
    for name, (outlet, how, published, when) in expect.items():
        (a,) = by_file[name]
        assert (a["outlet"], a["outlet_source"], a["published"], a["published_source"]) == (
            outlet,
            how,
            published,
            when,
        ), name
    courier = sorted(by_file["coastal-courier-export.jsonl"], key=lambda a: a["published"])
    assert [(a["outlet"], a["outlet_source"], a["published"]) for a in courier] == [
        ("Coastal Courier", "field", "2025-03-06"),
        ("Coastal Courier", "field", "2025-03-21"),
    ]
    (undated,) = by_file["talks-resume-deadline.txt"]
    assert undated["outlet"] == "Tideway Times"
    assert undated["published_source"] in (None, "inferred")


def test_boilerplate_is_gone(demo):
    _, articles = demo
    for article in articles.values():
        for chrome in (
            "Most Read from",
            "See also",
            "Loading",
            "All rights reserved",
            "Reporting by",
            "Coastal Courier staff",
        ):
            assert chrome not in article.text, (article.path, chrome)


def test_timeline_has_the_key_days_with_sources(demo):
    doc, articles = demo
    (story,) = doc["stories"]
    dates = {e["date"]: e for e in story["timeline"]}
    # the union rejects 4% (Monday), the walkout begins (Wednesday), the ballot closes (Saturday)
    assert {"2025-03-01", "2025-03-03", "2025-03-05"} <= set(dates)
    for entry in story["timeline"]:
        for source in entry["sources"]:
            article = articles[source["article_id"]]
            assert article.sentences[source["sentence_index"]].text == source["sentence"]
