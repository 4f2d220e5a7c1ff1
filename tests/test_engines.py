"""The Spark engine (local[2]) stores exactly what the local engine stores."""

import json
import shutil

import pytest
from conftest import EXAMPLES

from storyline.pipeline import build, export_document, ingest
from storyline.store import Store

pytest.importorskip("pyspark", reason="the spark extra is not installed")
if not shutil.which("java"):
    pytest.skip("Spark needs a Java runtime (java not on PATH)", allow_module_level=True)


def snapshot(store: Store) -> dict:
    build(store)
    doc = export_document(store)
    doc.pop("generated_at")
    return doc


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    shutil.copytree(EXAMPLES, folder / "examples")
    (folder / "broken.jsonl").write_text('{"text": "One good record about the strike."}\n{oops\n')
    (folder / "empty.txt").write_text("")
    return folder


def test_spark_and_local_engines_store_identical_articles_and_stories(corpus, tmp_path):
    from storyline.engines.spark import ingest_spark, session

    with Store(tmp_path / "local.db") as local:
        local_report = ingest(local, [str(corpus)])
        expected = snapshot(local)
    spark = session("local[2]")
    try:
        with Store(tmp_path / "spark.db") as remote:
            report = ingest_spark(remote, [str(corpus)], master="local[2]", parquet=tmp_path / "pq")
            got = snapshot(remote)
    finally:
        spark.stop()
    assert (
        (report.added, len(report.errors))
        == (local_report.added, len(local_report.errors))
        == (12, 2)
    )
    assert json.dumps(got, sort_keys=True) == json.dumps(expected, sort_keys=True)

    import pyarrow.parquet as pq

    rows = pq.read_table(tmp_path / "pq" / "articles").to_pylist()
    assert len(rows) == 12
    tagged = [r for r in rows if json.loads(r["mentions"])]
    assert len(tagged) >= 10, "the Spark job tags dates in the articles"
    errors = pq.read_table(tmp_path / "pq" / "errors").to_pylist()
    assert sorted((e["path"].rsplit("/", 1)[-1], e["line"]) for e in errors) == [
        ("broken.jsonl", 2),
        ("empty.txt", None),
    ]
