"""Export speed on a 3,000-article store: what ``storyline export`` costs after a build.

Builds one store from the first ``RECORDS`` records of the T17 topics (in the order of
``TOPICS``; with 3,600 that is all 3,558 of T17, and since some records are empty or
repeat another's text the store holds about 3,000 articles), then times each export format in process, median of ``REPEATS`` runs. The
"previous way" row repeats what export did before it read the build's stored time
mentions: every article tagged again and the whole document written by the indenting
JSON encoder; it runs in the same process on the same store, so the ratio is fair.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path

#: T17 topics the store is built from, in this order, until ``RECORDS`` records.
TOPICS = ("bpoil", "libya", "h1n1", "iraq", "egypt", "finan")
RECORDS = 3600
REPEATS = 3


def _corpus(shared: Path, folder: Path) -> Path:
    out = folder / "t17.jsonl"
    taken = 0
    with out.open("w", encoding="utf-8") as sink:
        for topic in TOPICS:
            path = shared / "benchmarks" / "t17" / topic / "articles.jsonl"
            if not path.exists():
                continue
            with path.open(encoding="utf-8") as source:
                for line in source:
                    if taken >= RECORDS:
                        return out
                    sink.write(line)
                    taken += 1
    return out


def _median(fn) -> float:
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _previous_way(store) -> None:
    """Export as before: articles read without mentions (so tagged again), indented JSON."""
    from storyline.report import build_document

    copy_of = store.analysis("duplicate_of")
    articles = [
        replace(a, duplicate_of=copy_of.get(a.id))  # type: ignore[arg-type]
        for a in store.articles(with_raw=False)
    ]
    document = build_document(articles, store.stories(), store.last_errors())
    json.dumps(document, ensure_ascii=False, indent=2)


def run(shared: Path) -> str:
    from storyline import exports
    from storyline.builder import LocalEngine
    from storyline.builder import build as build_store
    from storyline.pipeline import export_document, ingest
    from storyline.report import to_json
    from storyline.store import Store

    with tempfile.TemporaryDirectory(prefix="storyline-bench-export-") as tmp:
        folder = Path(tmp)
        source = _corpus(shared, folder)
        with Store(folder / "store.db") as store:
            started = time.perf_counter()
            ingest(store, [str(source)])
            report = build_store(store, engine=LocalEngine())
            build_s = time.perf_counter() - started
            n_articles = store.count_articles()
            n_stories = len(store.stories())
            rows = [
                ("previous way (tag again, indented JSON)", _median(lambda: _previous_way(store))),
                ("json", _median(lambda: to_json(export_document(store)))),
                (
                    "csv (zip)",
                    _median(lambda: exports.write_csv(export_document(store), folder / "t.zip")),
                ),
                ("timelinejs", _median(lambda: exports.timelinejs_json(export_document(store)))),
                ("ics", _median(lambda: exports.ics(export_document(store)))),
            ]
    before = rows[0][1]
    steps = ", ".join(f"{k} {v:.0f} s" for k, v in report.seconds.items())
    return "\n".join(
        [
            "## Export",
            "",
            f"A store of {n_articles:,} T17 articles ({', '.join(TOPICS)}, first {RECORDS:,} "
            f"records) in {n_stories} stories; ingest and build took {build_s:.0f} s ({steps}).",
            f"Seconds per export, median of {REPEATS}, in process (the command adds about",
            "half a second of start-up). The first row is export as it was before it read the",
            "build's stored time mentions, on the same store.",
            "",
            "| export | seconds | vs previous |",
            "|---|---|---|",
            *(f"| {name} | {s:.2f} | {before / s:.1f}× |" for name, s in rows),
        ]
    )
