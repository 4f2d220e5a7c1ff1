"""Progress of long commands: plain lines off a terminal, nothing with -q."""

from __future__ import annotations

import io
import json
import re

from click.testing import CliRunner

from storyline.cli import cli
from storyline.progress import StepProgress

ARTICLES = [
    {
        "title": "Library hours cut",
        "published": "2025-02-03",
        "text": "The city council voted on Monday to cut library opening hours by a third.",
    },
    {
        "title": "Library cuts reversed",
        "published": "2025-02-10",
        "text": "The city council reversed the library cuts on Friday, February 7, 2025.",
    },
]


def test_plain_lines_for_long_steps_only():
    now = [0.0]
    out = io.StringIO()
    with StepProgress("build", stream=out, terminal=False, clock=lambda: now[0]) as progress:
        progress("features", 0, None)
        now[0] = 2.0
        progress("features", 40, None)  # too soon for a line
        now[0] = 4.0
        progress("features", 60, None)  # past PLAIN_AFTER_S: the first line
        now[0] = 9.0
        progress("features", 90, None)  # within PLAIN_EVERY_S of the last line
        now[0] = 14.0
        progress("features", 140, None)
        now[0] = 20.0
        progress("features", 200, 200)
        progress("features", 200, 200)  # the end is said once
        progress("per-story", 0, 7)
        now[0] = 21.0
        progress("per-story", 7, 7)  # a quick step says nothing
    assert out.getvalue().splitlines() == [
        "build: features: 60 articles (15/s)",
        "build: features: 140 articles (10/s)",
        "build: features done: 200 articles in 20.0 s (10/s)",
    ]


def test_quiet_shows_nothing():
    out = io.StringIO()
    with StepProgress("build", quiet=True, stream=out, terminal=False) as progress:
        progress("features", 0, None)
        progress("features", 3, 3)
    assert out.getvalue() == ""


def test_build_and_export_report_every_step_when_not_a_terminal(tmp_path, monkeypatch):
    monkeypatch.setattr("storyline.progress.PLAIN_AFTER_S", 0.0)
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps(a) for a in ARTICLES))
    db = str(tmp_path / "s.db")
    runner = CliRunner()
    assert runner.invoke(cli, ["-q", "ingest", str(source), "--db", db]).exit_code == 0
    result = runner.invoke(cli, ["build", "--db", db, "--workers", "1"])
    assert result.exit_code == 0, result.output
    done = re.findall(r"^build: (\S+) done: (\d+) (\w+) in [\d.]+ s", result.stderr, re.M)
    assert [(step, unit) for step, _, unit in done] == [
        ("features", "articles"),
        ("dates", "articles"),
        ("copies", "pairs"),
        ("stories", "articles"),
        ("per-story", "stories"),
    ]
    assert dict((s, int(n)) for s, n, _ in done)["features"] == 2
    result = runner.invoke(cli, ["export", "--db", db, "--out", str(tmp_path / "x.json")])
    assert re.search(r"^export: articles done: 2 articles", result.stderr, re.M)
    quiet = runner.invoke(cli, ["-q", "export", "--db", db, "--out", str(tmp_path / "y.json")])
    assert "export:" not in quiet.stderr
