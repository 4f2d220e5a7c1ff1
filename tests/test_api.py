"""The one-call Python API: ``storyline.analyse``, and the README's example of it."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import storyline

ROOT = Path(__file__).resolve().parent.parent


def readme_example() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- api-example[^>]*-->\s*```python\n(.*?)```", text, re.S)
    assert found, "the README has no api-example block"
    return found.group(1)


def test_the_readme_example_runs_and_prints_the_timeline_and_positions():
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(readme_example(), "README.md", "exec"), {})
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("2025-03-03 The Rail Workers Union on Monday")
    dated = [line for line in lines if re.match(r"\d{4}-\d\d-\d\d ", line)]
    assert all(line[:10] in {"2025-03-03", "2025-03-05"} for line in dated)
    rejects = [line for line in lines if line.startswith("Rail Workers Union reject ")]
    assert rejects and all(line.endswith(" CAMEO 12") for line in rejects)


def test_analyse_takes_texts_records_and_paths(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "one.txt").write_text(
        "Dock talks collapse\n\nThe Eastport Dockers Union walked out of talks on "
        "Tuesday, April 1, 2025, after rejecting a 3% pay offer, a spokeswoman said.\n"
    )
    (folder / "broken.json").write_text("{not json")
    analysis = storyline.analyse(
        [
            folder,
            {
                "text": "The Eastport Dockers Union accepted a 5% pay offer on April 9, 2025.",
                "published": "2025-04-10",
                "outlet": "Quay News",
                "title": "Dockers accept deal",
            },
        ]
    )
    assert len(analysis.articles) == 2
    assert [e.path for e in analysis.errors] == [str(folder / "broken.json")]
    (story,) = analysis.stories
    dates = {e["date"] for e in story.timeline}
    assert dates and dates <= {"2025-04-01", "2025-04-09"}
    stances = {(p["actor"], p["stance"], p["outlet"]) for p in story.positions}
    assert ("Eastport Dockers Union", "accept", "Quay News") in stances
    assert ("Eastport Dockers Union", "reject", None) in stances
    assert {o["outlet"] for o in story.coverage["outlets"]} >= {"Quay News"}
    html = analysis._repr_html_()
    assert "<table>" in html and all(d in html for d in dates)
    assert '"stories"' in analysis.to_json()


def test_a_story_shows_as_escaped_html():
    story = storyline.AnalysedStory(
        {"id": "s1", "title": "<b>Talks</b>", "article_ids": ["a"], "timeline": []}
    )
    assert "&lt;b&gt;Talks&lt;/b&gt;" in story._repr_html_()


def test_the_package_ships_its_type_hints():
    assert (ROOT / "storyline" / "py.typed").is_file()
