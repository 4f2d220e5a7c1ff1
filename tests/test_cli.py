import json
import re
from pathlib import Path

from click.testing import CliRunner

from storyline.cli import cli

ROOT = Path(__file__).resolve().parent.parent


def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def test_every_command_has_help_and_is_documented():
    docs = (ROOT / "README.md").read_text() + "".join(
        p.read_text() for p in (ROOT / "docs").glob("*.md")
    )
    for name, command in cli.commands.items():
        result = run(name, "--help")
        assert result.exit_code == 0, name
        assert command.help and len(command.help) > 20, f"{name} has no help text"
        assert re.search(rf"storyline {name}\b", docs), f"`storyline {name}` is not documented"


def test_bad_inputs_give_one_line_each_and_the_batch_goes_on(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(" date 2025-03-04 The union walked out of talks on Tuesday.")
    (tmp_path / "bad.jsonl").write_text('{"text": "Fine record."}\n{broken\n')
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "bin.txt").write_bytes(b"%PDF-1.4\x00\x01")
    db = tmp_path / "s.db"
    result = run("ingest", str(tmp_path), str(tmp_path / "missing.txt"), "--db", str(db))
    assert result.exit_code == 0
    err = result.stderr if hasattr(result, "stderr") else result.output
    lines = [line for line in err.splitlines() if line.startswith("error")]
    assert len(lines) == 4, err
    assert any("bad.jsonl:2: malformed JSON line" in line for line in lines)
    assert any("empty.txt: empty file" in line for line in lines)
    assert any("bin.txt: binary file" in line for line in lines)
    assert any("missing.txt: no such file or directory" in line for line in lines)
    assert "Traceback" not in result.output
    assert "ingested 2 new article(s)" in err
    strict = run("ingest", str(tmp_path), "--db", str(db), "--strict")
    assert strict.exit_code == 1


def test_nothing_ingested_is_an_error(tmp_path):
    result = run("ingest", str(tmp_path / "nope.txt"), "--db", str(tmp_path / "s.db"))
    assert result.exit_code == 1


def test_missing_store_is_one_line(tmp_path):
    result = run("export", "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 1
    assert "no such store" in result.output and "Traceback" not in result.output


def test_run_ingest_build_export_from_stdin(tmp_path):
    text = " date 2025-03-05 The union rejected the 4% offer on Tuesday, its leader said on Wednesday.\n\nTalks between the union and the port employers will resume on Friday."
    out = tmp_path / "out"
    result = run("run", "-", "--out", str(out), input=text)
    assert result.exit_code == 0, result.output
    doc = json.loads((out / "storyline.json").read_text())
    assert doc["articles"][0]["published"] == "2025-03-05"
    assert [e["date"] for e in doc["stories"][0]["timeline"]] == ["2025-03-04", "2025-03-05"]
    db = out / "storyline.db"
    assert run("build", "--db", str(db)).exit_code == 0
    md = run("export", "--db", str(db), "--format", "md")
    assert "### 2025-03-04" in md.output
    story_id = doc["stories"][0]["id"]
    one = run("export", "--db", str(db), "--story", story_id)
    assert json.loads(one.output)["stories"][0]["id"] == story_id
    assert run("export", "--db", str(db), "--story", "nope").exit_code == 1
    assert story_id in run("stories", "--db", str(db)).output
    assert "2025-03-05" in run("articles", "--db", str(db)).output
