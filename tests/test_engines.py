"""The Spark engine (local[2]) stores and builds exactly what the local engine does."""

import json
import shutil

import pytest
from conftest import EXAMPLES

from storyline.engines.spark import FILES_PER_PARTITION, file_partitions, part_files, read_rows
from storyline.errors import StorylineError
from storyline.model import IngestError
from storyline.pipeline import build, export_document, ingest
from storyline.store import Store


def snapshot(store: Store) -> dict:
    doc = export_document(store)
    doc.pop("generated_at")
    return doc


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    shutil.copytree(EXAMPLES, folder / "examples")
    later = folder / "later"
    later.mkdir()
    (later / "broken.jsonl").write_text('{"text": "One good record about the strike."}\n{oops\n')
    (later / "empty.txt").write_text("")
    return folder


@pytest.fixture(scope="module")
def spark():
    pytest.importorskip("pyspark", reason="the spark extra is not installed")
    if not shutil.which("java"):
        pytest.skip("Spark needs a Java runtime (java not on PATH)")
    from storyline.engines.spark import session

    spark = session("local[2]")
    yield spark
    spark.stop()


def test_spark_and_local_engines_give_identical_articles_copies_and_stories(
    spark, corpus, tmp_path
):
    """Ingest and build with each engine, in two steps (a later build sees only new
    articles); the outputs are byte-identical and include a syndicated copy."""
    from storyline.engines.spark import build_spark, ingest_spark

    steps = [str(corpus / "examples"), str(corpus / "later")]
    reports = {"local": [], "spark": []}
    with Store(tmp_path / "local.db") as local:
        for step in steps:
            reports["local"].append(ingest(local, [step]))
            build(local)
        expected = snapshot(local)
    with Store(tmp_path / "spark.db") as remote:
        for n, step in enumerate(steps):
            reports["spark"].append(
                ingest_spark(remote, [step], master="local[2]", parquet=tmp_path / f"pq{n}")
            )
            build_spark(remote, master="local[2]")
        got = snapshot(remote)
    for name, found in reports.items():
        assert [(r.added, len(r.errors)) for r in found] == [(11, 0), (1, 2)], name
    assert json.dumps(got, sort_keys=True) == json.dumps(expected, sort_keys=True)

    copies = {a["id"]: a["duplicate_of"] for a in got["articles"] if a["duplicate_of"]}
    assert copies == {"8c0fb923cc530e97": "8adc92edad37e0a8"}, "the syndicated wire copy"
    (story,) = got["stories"]
    assert len(story["article_ids"]) == 12 and len(story["timeline"]) >= 10

    import pyarrow.parquet as pq

    articles = tmp_path / "pq0" / "articles"
    assert len(part_files(articles)) == 2, "the 11 files are shared by both cores"
    rows = pq.read_table(articles).to_pylist()
    assert len(rows) == 11
    tagged = [r for r in rows if json.loads(r["mentions"])]
    assert len(tagged) >= 10, "the Spark job tags dates in the articles"
    errors = pq.read_table(tmp_path / "pq1" / "errors").to_pylist()
    assert sorted((e["path"].rsplit("/", 1)[-1], e["line"]) for e in errors) == [
        ("broken.jsonl", 2),
        ("empty.txt", None),
    ]


def test_spark_build_leaves_a_built_store_unchanged(spark, corpus, tmp_path):
    """A second Spark build finds no new work: no pairs, no stories analysed."""
    from storyline.builder import build as build_store
    from storyline.engines.spark_build import SparkEngine

    with Store(tmp_path / "s.db") as store, SparkEngine(spark, tmp_path / "work") as engine:
        ingest(store, [str(corpus / "examples")])
        first = build_store(store, engine=engine)
        before = snapshot(store)
        again = build_store(store, engine=engine)
        # 5 candidate pairs: the sentence keys (issue 13) add two the checks turn down
        assert (first.featured, first.pairs_checked, first.copies) == (11, 5, 1)
        assert (again.featured, again.pairs_checked, again.analysed) == (0, 0, 0)
        assert snapshot(store) == before


def test_files_are_shared_by_the_cores():
    assert file_partitions(1, 2) == 1
    assert file_partitions(3, 2) == 2, "a few big files still use both cores"
    assert file_partitions(10 * FILES_PER_PARTITION, 2) == 10
    assert file_partitions(10 * FILES_PER_PARTITION, 16) == 16


def test_read_rows_streams_the_part_files_in_input_order(tmp_path):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    from storyline.engines.rows import article_to_row
    from storyline.model import Article

    def article(n: int) -> dict:
        row = article_to_row(Article(id=f"a{n}", raw="x", text=f"Text {n}."), n)
        return {k: v for k, v in row.items() if k not in ("kind", "error")}

    (tmp_path / "articles").mkdir()
    (tmp_path / "errors").mkdir()

    def write(task: int, keys: list[tuple[int, int]]) -> None:
        rows = [{"seq": s, "pos": p, **article(10 * s + p)} for s, p in keys]
        pq.write_table(
            pa.Table.from_pylist(rows), tmp_path / "articles" / f"part-{task:05d}-x.parquet"
        )

    # task 100000 after task 99999 (names sort as numbers, not text); each file sorted
    parts = {2: [(0, 0), (0, 2), (1, 0)], 100000: [(5, 0)], 99999: [(3, 1), (4, 0)]}
    for task, keys in parts.items():
        write(task, keys)
    errors = [{"seq": 0, "pos": 1, "path": "b.jsonl", "line": 2, "error": "bad"}]
    pq.write_table(pa.Table.from_pylist(errors), tmp_path / "errors" / "part-00000-x.parquet")

    got = [
        (s, p, item[0].id if isinstance(item, tuple) else None)
        for s, p, item in read_rows(tmp_path, batch_size=1)
    ]
    assert got == [
        (0, 0, "a0"),
        (0, 1, None),
        (0, 2, "a2"),
        (1, 0, "a10"),
        (3, 1, "a31"),
        (4, 0, "a40"),
        (5, 0, "a50"),
    ]
    assert isinstance(list(read_rows(tmp_path))[1][2], IngestError)

    write(100001, [(4, 1)])  # overlaps task 100000's range: not the layout Spark wrote
    with pytest.raises(StorylineError, match="out of input order"):
        list(read_rows(tmp_path))


def test_build_command_runs_on_spark(spark, corpus, tmp_path):
    from click.testing import CliRunner

    from storyline.cli import cli

    db = tmp_path / "cli.db"
    with Store(db) as store:
        ingest(store, [str(corpus / "examples")])
    runner = CliRunner()
    refused = runner.invoke(cli, ["build", "--db", str(db), "--engine", "spark", "--workers", "2"])
    assert refused.exit_code == 2 and "--workers is for the local engine" in refused.output
    done = runner.invoke(
        cli, ["build", "--db", str(db), "--engine", "spark", "--master", "local[2]"]
    )
    assert done.exit_code == 0, done.output
    assert "built 1 story(ies) from 11 article(s)" in done.output
    with Store(db) as store:
        assert store.analysis("duplicate_of")["8c0fb923cc530e97"] == "8adc92edad37e0a8"


def test_one_big_jsonl_file_is_shared_by_the_cores(spark, tmp_path, monkeypatch):
    """Fewer files than cores: a big JSONL file is read by two tasks, each preparing every
    other record; the store gets the same articles and errors, in the same order."""
    from storyline.engines import spark as engine

    lines = [
        json.dumps({"text": p.read_text("utf-8"), "title": p.stem})
        for p in sorted(EXAMPLES.glob("*.txt"))
    ]
    lines.insert(3, "{oops")
    export = tmp_path / "export.jsonl"
    export.write_text("\n".join(lines) + "\n", "utf-8")
    monkeypatch.setattr(engine, "SHARE_BYTES", export.stat().st_size)
    assert list(engine._tasks([str(export)], 2)) == [(0, str(export), 0, 2), (0, str(export), 1, 2)]
    assert list(engine._tasks([str(export), str(export)], 2)) == [
        (0, str(export), 0, 1),
        (1, str(export), 0, 1),
    ]

    with Store(tmp_path / "local.db") as local:
        expected = ingest(local, [str(export)])
        expected_doc = snapshot(local)
    with Store(tmp_path / "spark.db") as remote:
        got = engine.ingest_spark(remote, [str(export)], master="local[2]", parquet=tmp_path / "pq")
        got_doc = snapshot(remote)
    assert (got.added, [(e.line, e.error) for e in got.errors]) == (
        expected.added,
        [(e.line, e.error) for e in expected.errors],
    )
    assert (got.added, [e.line for e in got.errors]) == (len(lines) - 1, [4])
    assert json.dumps(got_doc, sort_keys=True) == json.dumps(expected_doc, sort_keys=True)


def test_big_inputs_are_cut_into_tasks_by_bytes():
    from storyline.engines.spark import TASK_BYTES

    # 50 JSONL files of 7 MB (the 50k-article scale corpus): 11 tasks, not 2 of 175 MB.
    assert file_partitions(50, 2, 50 * 7_000_000) == 11
    assert file_partitions(50, 2, 50 * 7_000_000) * TASK_BYTES >= 50 * 7_000_000
    assert file_partitions(3, 2, 10 * TASK_BYTES) == 3, "never more tasks than files"
