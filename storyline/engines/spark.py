"""The Spark engine: the per-article stages as partitioned jobs, results in Parquet.

The driver lists the input files; ``mapInPandas`` runs, on each partition, the
same loaders and stages as the local engine (read, decode, clean, outlet,
publication date, sentence split, date tagging) and returns one row per article
or error (layout in ``storyline.engines.rows`` and docs/scaling.md). The rows
land in Parquet (``PARQUET/articles``, ``PARQUET/errors``), sorted by input order,
and are streamed into the SQLite store in batches, so both engines store identical
articles and the driver's memory stays flat. ``build_spark`` (``spark_build``) runs
the build's per-article and per-story work on Spark too.
"""

from __future__ import annotations

import contextlib
import heapq
import logging
import math
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..errors import StorylineError
from ..ingest import MAX_FILE_BYTES, expand_inputs, read_file
from ..model import IngestError
from .rows import article_columns, article_to_row, error_to_row, row_to_article, spark_schema
from .session import part_files, session

log = logging.getLogger(__name__)

#: Input files per Spark task: small enough to spread a directory over the
#: executors, large enough that task overhead stays small (tuned by eye on T17).
FILES_PER_PARTITION = 64
#: Input bytes per Spark task at most: a task's rows are sorted in the JVM before they are
#: written, and 25 files of 1,000 articles (175 MB) in one task ran the default 1 GB heap
#: out of memory (bench/scale.py, 50k articles).
TASK_BYTES = 32_000_000
#: With fewer input files than cores, a JSONL file at least this large is shared by
#: several tasks, each preparing every Nth record (each task still reads and parses the
#: whole file, cheap next to cleaning and tagging; WARC archives are not shared: their
#: HTML is extracted while reading).
SHARE_BYTES = 8_000_000
_SHARED_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")


def _process(max_bytes: int, field_map: dict[str, str]) -> Callable:
    """The per-partition function: rows of (seq, path, share, shares) in, article and
    error rows out (the items of the file whose position is ``share`` modulo ``shares``)."""

    def run(batches: Iterator) -> Iterator:
        import pandas as pd

        from ..dates.tagger import tag_article
        from ..pipeline import prepare

        names = ["seq", "pos", *[c.split(" ")[0] for c in spark_schema().split(", ")]]
        for batch in batches:
            rows = []
            for seq, path, share, shares in zip(
                batch["seq"], batch["path"], batch["share"], batch["shares"], strict=True
            ):
                for pos, item in enumerate(
                    read_file(path, max_bytes=max_bytes, field_map=field_map)
                ):
                    if pos % shares != share:
                        continue
                    if isinstance(item, IngestError):
                        row = error_to_row(item)
                    else:
                        try:
                            row = article_to_row(tag_article(prepare(item)), item.line)
                        except ValueError as exc:
                            row = error_to_row(IngestError(item.path or path, str(exc), item.line))
                    rows.append({"seq": int(seq), "pos": pos, **row})
            yield pd.DataFrame(rows, columns=names)

    return run


def run_articles(
    spark,
    paths: list[str],
    out: Path,
    *,
    max_bytes: int = MAX_FILE_BYTES,
    field_map: dict[str, str] | None = None,
) -> None:
    """Process ``paths`` on the cluster and write ``out/articles`` and ``out/errors`` (Parquet)."""
    cores = spark.sparkContext.defaultParallelism
    tasks = list(_tasks(paths, cores))
    shared = len(tasks) > len(paths)
    partitions = file_partitions(len(tasks), cores, sum(_size(path) for path in paths))
    # parallelize cuts the listing into equal contiguous slices: every core gets files
    # even when there are only a few (big JSONL or WARC files)
    listing = spark.sparkContext.parallelize(tasks, partitions)
    frame = spark.createDataFrame(listing, "seq long, path string, share long, shares long")
    rows = frame.mapInPandas(
        _process(max_bytes, field_map or {}), "seq long, pos long, " + spark_schema()
    )
    rows.cache()
    for name, selected in (
        ("articles", rows.where("kind = 'article'").drop("kind", "error")),
        ("errors", rows.where("kind = 'error'").select("seq", "pos", "path", "line", "error")),
    ):
        # the part files, in name (task) order, hold consecutive ranges of the input
        # order, each sorted: a task's own slice of the listing (no shuffle), or, when
        # files are shared by tasks, a range of a global sort
        if shared:
            selected = selected.orderBy("seq", "pos")
        else:
            selected = selected.sortWithinPartitions("seq", "pos")
        selected.write.mode("overwrite").parquet(str(out / name))
    rows.unpersist()


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:  # a missing file: the task reports it
        return 0


def _tasks(paths: list[str], cores: int) -> Iterator[tuple[int, str, int, int]]:
    """(seq, path, share, shares): big JSONL files shared when files are fewer than cores."""
    shares = math.ceil(cores / len(paths)) if paths else 1
    for seq, path in enumerate(paths):
        n = 1
        if shares > 1 and path.lower().endswith(_SHARED_SUFFIXES):
            with contextlib.suppress(OSError):
                n = shares if os.path.getsize(path) >= SHARE_BYTES else 1
        for share in range(n):
            yield seq, path, share, n


def file_partitions(files: int, cores: int, size: int = 0) -> int:
    """Tasks for ``files`` input files of ``size`` bytes in all: ``FILES_PER_PARTITION``
    files or ``TASK_BYTES`` each, whichever makes more tasks, but at least one per core
    (while there are files to share)."""
    wanted = max(cores, math.ceil(files / FILES_PER_PARTITION), math.ceil(size / TASK_BYTES))
    return max(1, min(files, wanted))


def read_rows(out: Path, batch_size: int = 1024) -> Iterator[tuple[int, int, object]]:
    """Articles and errors from the Parquet output, in input order, as (seq, pos, item),
    read ``batch_size`` rows at a time (the files hold sorted ranges, see ``run_articles``)."""
    articles = (
        (row["seq"], row["pos"], row_to_article(row))
        for row in _sorted_rows(out / "articles", batch_size)
    )
    errors = (
        (row["seq"], row["pos"], IngestError(row["path"], row["error"], row["line"]))
        for row in _sorted_rows(out / "errors", batch_size)
    )
    yield from heapq.merge(articles, errors, key=lambda t: (t[0], t[1]))


def _sorted_rows(folder: Path, batch_size: int) -> Iterator[dict]:
    import pyarrow.parquet as pq

    last = (-1, -1)
    for part in part_files(folder):
        for batch in pq.ParquetFile(part).iter_batches(batch_size=batch_size):
            for row in batch.to_pylist():
                key = (row["seq"], row["pos"])
                if key < last:
                    raise StorylineError(f"{folder}: rows out of input order at {key}")
                last = key
                yield row


def ingest_spark(
    store,
    inputs: Iterable[str],
    *,
    master: str = "local[*]",
    parquet: str | Path | None = None,
    max_bytes: int = MAX_FILE_BYTES,
    field_map: dict[str, str] | None = None,
    on_error: Callable[[IngestError], None] | None = None,
):
    """Like ``pipeline.ingest``, with the per-article stages run on Spark."""
    from ..pipeline import BATCH_SIZE, IngestReport

    if "-" in inputs:
        raise StorylineError("standard input is read by the local engine only (--engine local)")
    report = IngestReport()
    found = list(expand_inputs(inputs))
    paths = [p for p in found if isinstance(p, str)]
    listing_errors = [e for e in found if isinstance(e, IngestError)]
    out = Path(parquet) if parquet else Path(store.path).with_suffix(".parquet")
    if paths:
        spark = session(master)
        run_articles(spark, paths, out, max_bytes=max_bytes, field_map=field_map)
    run_id = store.begin_run()
    batch: list = []
    errors: list[IngestError] = list(listing_errors)
    for error in listing_errors:
        if on_error:
            on_error(error)
    report.errors.extend(listing_errors)
    for _seq, _pos, item in read_rows(out) if paths else ():
        if isinstance(item, IngestError):
            report.errors.append(item)
            errors.append(item)
            if on_error:
                on_error(item)
        else:
            batch.append(item)
        if len(batch) >= BATCH_SIZE:
            added, unchanged = store.add_batch(run_id, batch, errors)
            report.added, report.unchanged = report.added + added, report.unchanged + unchanged
            batch, errors = [], []
    added, unchanged = store.add_batch(run_id, batch, errors)
    report.added, report.unchanged = report.added + added, report.unchanged + unchanged
    log.info(
        "spark engine: %d articles, %d errors, parquet in %s", report.read, len(report.errors), out
    )
    return report


def build_spark(store, **options):
    """``engines.spark_build.build_spark`` (the build on Spark), re-exported here."""
    from .spark_build import build_spark as run

    return run(store, **options)


__all__ = [
    "article_columns",
    "build_spark",
    "ingest_spark",
    "part_files",
    "read_rows",
    "run_articles",
    "session",
]
