"""Exports other tools load: CSV tables, TimelineJS, iCalendar, Parquet; --json/--csv listings."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from click.testing import CliRunner

from storyline import exports
from storyline.cli import cli

#: Three short articles written for these tests.
ARTICLES = [
    {
        "id": "a1",
        "title": "Ferry crews reject 3% offer",
        "outlet": "Harbour Gazette",
        "published": "2024-06-03",
        "url": "https://gazette.example/2024/06/03/ferry",
        "text": "The Northfield Ferry Workers Union on Monday rejected a 3% pay offer from the "
        "ferry operator, union secretary Lena Ford said. The union demanded a 6% rise.",
    },
    {
        "id": "a2",
        "title": "Ferry operator raises offer, union weighs it",
        "outlet": "Island Times",
        "published": "2024-06-07",
        "text": "The ferry operator raised its offer to 5% on Thursday, June 6, 2024. "
        '"We will put it to our members," said Lena Ford, the union secretary.',
    },
    {
        "id": "a3",
        "title": "Ferry deal agreed",
        "outlet": "Harbour Gazette",
        "published": "2024-06-12",
        "text": "The Northfield Ferry Workers Union accepted a 5% pay deal on June 11, 2024, "
        "ending a dispute that began in May 2024.",
    },
]


def invoke(*args):
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("exports")
    source = folder / "ferry.jsonl"
    source.write_text("\n".join(json.dumps(a) for a in ARTICLES) + "\n")
    result = invoke("-q", "run", str(source), "--out", str(folder / "out"))
    assert result.exit_code == 0, result.output
    return str(folder / "out" / "storyline.db")


def _rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_tables_into_a_folder_and_a_zip(db, tmp_path):
    result = invoke("export", "--db", db, "--format", "csv", "--out", str(tmp_path / "t"))
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "t").iterdir())
    assert names == sorted(f"{n}.csv" for n in exports.COLUMNS)
    positions = _rows((tmp_path / "t" / "positions.csv").read_text())
    reject = [p for p in positions if p["stance"] == "reject"]
    assert reject and reject[0]["cameo"] == "12" and reject[0]["plover"] == "REJECT"
    assert reject[0]["outlet"] == "Harbour Gazette" and reject[0]["sentence_index"] == "0"
    articles = {r["id"]: r for r in _rows((tmp_path / "t" / "articles.csv").read_text())}
    timeline = _rows((tmp_path / "t" / "timeline.csv").read_text())
    document = json.loads(invoke("export", "--db", db).stdout)
    dates = {e["date"] for e in document["stories"][0]["timeline"]}
    assert "2024-06-11" in dates and {r["date"] for r in timeline} == dates
    assert all(r["article_id"] in articles for r in timeline)
    quotes = _rows((tmp_path / "t" / "quotes.csv").read_text())
    assert any(q["speaker"] == "Lena Ford" for q in quotes)

    result = invoke("export", "--db", db, "--format", "csv", "--out", str(tmp_path / "t.zip"))
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(tmp_path / "t.zip") as archive:
        assert sorted(archive.namelist()) == names
        assert _rows(archive.read("positions.csv").decode()) == positions


def test_csv_needs_out():
    result = CliRunner().invoke(cli, ["export", "--format", "csv"])
    assert result.exit_code != 0 and "--out" in result.output


def test_csv_cells_that_a_spreadsheet_would_run_are_defused():
    text = exports.csv_text(("a", "b", "c"), [{"a": "=HYPERLINK(1)", "b": -3, "c": None}])
    assert text.splitlines()[1] == "'=HYPERLINK(1),-3,"


def test_timelinejs_slides_cite_their_sources(db):
    result = invoke("export", "--db", db, "--format", "timelinejs")
    data = json.loads(result.stdout)
    document = json.loads(invoke("export", "--db", db).stdout)
    story = document["stories"][0]
    assert data["title"]["text"]["headline"] == story["title"]
    assert len(data["events"]) == len(story["timeline"])
    for event, entry in zip(data["events"], story["timeline"], strict=True):
        parts = entry["date"].split("-")
        assert event["start_date"]["year"] == str(int(parts[0]))
        first = entry["sources"][0]
        assert f"{first['article_id']}#s{first['sentence_index']}" in event["text"]["text"]
        assert all(src["outlet"] in event["text"]["text"] for src in entry["sources"])
    june11 = next(
        e for e in data["events"] if e["start_date"] == {"year": "2024", "month": "6", "day": "11"}
    )
    assert "Harbour Gazette" in june11["text"]["text"]
    cited = [
        e["text"]["text"]
        for e in data["events"]
        if "Harbour Gazette, 2024-06-03" in e["text"]["text"]
    ]
    assert cited and all("<a href='https://gazette.example/2024/06/03/ferry'>" in t for t in cited)
    assert "media" not in data["events"][0]


def test_ics_escaping_and_folding():
    assert exports.ics_escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    line = "DESCRIPTION:" + "é" * 60
    folded = exports.ics_fold(line)
    pieces = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in pieces)
    assert all(p.startswith(" ") for p in pieces[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(pieces)) == line
    assert exports.ics_fold("SHORT:x") == "SHORT:x"


def test_ics_calendar_of_the_timeline(db, tmp_path):
    out = tmp_path / "t.ics"
    assert invoke("export", "--db", db, "--format", "ics", "--out", str(out)).exit_code == 0
    raw = out.read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and raw.endswith(
        b"END:VCALENDAR\r\n"
    )
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    text = raw.decode().replace("\r\n ", "")
    assert "DTSTART;VALUE=DATE:20240611\r\nDTEND;VALUE=DATE:20240612" in text
    document = json.loads(invoke("export", "--db", db).stdout)
    dated = [
        e for e in document["stories"][0]["timeline"] if e["date_precision"] in {"day", "month"}
    ]
    assert text.count("BEGIN:VEVENT") == len(dated)


def test_ics_day_and_month_spans():
    assert exports.day_span("2024-12-31") == ("20241231", "20250101")
    assert exports.day_span("2024-02") == ("20240201", "20240301")
    assert exports.day_span("2024") is None


def test_parquet_tables_or_the_install_hint(db, tmp_path, monkeypatch):
    try:
        import pyarrow.parquet as pq
    except ImportError:
        pq = None
    if pq is not None:
        result = invoke("export", "--db", db, "--format", "parquet", "--out", str(tmp_path / "p"))
        assert result.exit_code == 0, result.output
        table = pq.read_table(tmp_path / "p" / "positions.parquet")
        assert "reject" in table.column("stance").to_pylist()
    monkeypatch.setitem(__import__("sys").modules, "pyarrow", None)
    result = CliRunner().invoke(
        cli, ["export", "--db", db, "--format", "parquet", "--out", str(tmp_path / "q")]
    )
    assert result.exit_code == 1
    assert "install it with: pip install 'storyline[spark]'" in result.output
    assert not (tmp_path / "q").exists()


def test_listings_as_json_and_csv(db):
    articles = json.loads(invoke("articles", "--db", db, "--json").stdout)
    assert sorted(a["title"] for a in articles) == sorted(a["title"] for a in ARTICLES)
    stories = _rows(invoke("stories", "--db", db, "--csv").stdout)
    assert len(stories) == 1 and stories[0]["articles"] == "3"
    assert stories[0]["first"] <= "2024-06-06" <= stories[0]["last"]
    positions = json.loads(invoke("positions", "--db", db, "--json").stdout)
    assert {"actor", "stance", "cameo", "plover", "article_id", "sentence_index"} <= set(
        positions[0]
    )
    assert any(p["stance"] == "accept" and p["issue"] for p in positions)
    both = CliRunner().invoke(cli, ["stories", "--db", db, "--json", "--csv"])
    assert both.exit_code != 0
