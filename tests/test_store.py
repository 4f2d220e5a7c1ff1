import os
import signal
import sqlite3
import subprocess
import sys
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.pipeline import ingest
from storyline.store import SCHEMA_VERSION, Store


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_ingesting_the_same_file_twice_adds_nothing(tmp_path, store):
    f = write(tmp_path / "a.txt", " date 2025-03-04 The union walked out on Tuesday.")
    first = ingest(store, [f])
    second = ingest(store, [f, f])
    assert (first.added, first.unchanged) == (1, 0)
    assert (second.added, second.unchanged) == (0, 2)
    assert store.count_articles(include_superseded=True) == 1


def test_a_changed_file_adds_a_version_and_keeps_the_old(tmp_path, store):
    f = write(tmp_path / "a.txt", "The union walked out on Tuesday.")
    ingest(store, [f])
    write(tmp_path / "a.txt", "The union walked out on Tuesday, its leader said.")
    ingest(store, [f])
    rows = store.article_rows()
    assert [r["version"] for r in rows] == [1, 2]
    assert rows[0]["superseded_by"] == rows[1]["id"] and rows[1]["superseded_by"] is None
    assert [a.text for a in store.articles()] == [
        "The union walked out on Tuesday, its leader said."
    ]
    assert store.count_articles(include_superseded=True) == 2


def test_schema_version_and_pragmas(tmp_path):
    with Store(tmp_path / "s.db") as s:
        assert s.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert s.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert s.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    with Store(tmp_path / "s.db") as s:  # re-opening migrates nothing
        assert s.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_newer_store_is_refused(tmp_path):
    import pytest

    from storyline.errors import StoreError

    db = sqlite3.connect(tmp_path / "n.db")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    db.close()
    with pytest.raises(StoreError, match="newer than this storyline"):
        Store(tmp_path / "n.db")


texts = st.lists(
    st.text(alphabet="abcdef .\n", min_size=3, max_size=40).filter(lambda t: t.strip(" .\n")),
    min_size=1,
    max_size=6,
)


@settings(max_examples=25, deadline=None)
@given(texts)
def test_ingest_is_idempotent(tmp_path_factory, contents):
    folder = tmp_path_factory.mktemp("prop")
    paths = [write(folder / f"{i}.txt", c) for i, c in enumerate(contents)]
    with Store(":memory:") as s:
        first = ingest(s, paths)
        ids = sorted(a.id for a in s.articles())
        again = ingest(s, list(reversed(paths)))
        assert again.added == 0
        assert sorted(a.id for a in s.articles()) == ids
        assert first.added + first.unchanged + len(first.errors) == len(paths)
        failed = {e.path for e in first.errors}
        distinct = {
            " ".join(c.split()) for c, p in zip(contents, paths, strict=True) if p not in failed
        }
        assert first.added == len(distinct)


CRASH_SCRIPT = """
import sys
import storyline.pipeline as p
from storyline.store import Store
p.BATCH_SIZE = 25
with Store(sys.argv[1]) as s:
    p.ingest(s, [sys.argv[2]])
"""


def test_a_killed_ingest_leaves_whole_batches_and_a_rerun_completes(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    total = 1500
    for i in range(total):
        write(
            corpus / f"{i:05d}.txt",
            f" date 2025-03-{1 + i % 28:02d} Article {i} says the port stayed shut for day {i}.",
        )
    db = tmp_path / "crash.db"
    proc = subprocess.Popen([sys.executable, "-c", CRASH_SCRIPT, str(db), str(corpus)])
    deadline = time.time() + 60
    stored = 0
    while time.time() < deadline and proc.poll() is None:
        try:
            con = sqlite3.connect(db, timeout=1)
            stored = con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
            con.close()
        except sqlite3.Error:
            stored = 0
        if stored >= 100:
            break
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "ingest finished before it could be killed"
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    after_kill = con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    con.close()
    assert 0 < after_kill < total
    assert after_kill % 25 == 0, "a batch was stored in part"
    with Store(db) as s:
        report = ingest(s, [str(corpus)])
        assert report.added == total - after_kill
        assert report.unchanged == after_kill
        assert s.count_articles(include_superseded=True) == total
        assert len({a.id for a in s.articles()}) == total
