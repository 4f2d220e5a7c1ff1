"""The build's heavy work on Spark: ``SparkEngine`` implements ``builder.Engine``.

``builder.build`` keeps the store-level steps (dates, copy groups, placing articles in
stories oldest first) on the driver, as streams over the SQLite store; the engine runs:

- **features**: the articles lacking them are staged as Parquet (``engines.rows``
  layout) and ``mapInPandas`` runs ``features.article_features`` on each partition;
- **copy pairs**: the band keys of the active articles are joined with those of the
  new ones (``fresh`` side × all side), each distinct pair ``(min id, max id)`` once,
  and ``mapInPandas`` runs ``dedup.check_pair`` on the pairs joined with both texts;
- **stories**: the jobs' members are grouped by story and ``applyInPandas`` runs
  ``steps.story.analyse_story`` per story, reading the members from the SQLite store.

Data goes to Spark and comes back as Parquet in a work folder, written and read in
batches with pyarrow, so the driver never holds the corpus. In ``local[N]`` mode the
executors read the store and the work folder directly; on a cluster both must be on
storage every executor mounts (see docs/scaling.md).
"""

from __future__ import annotations

import json
import logging
import math
import os
import shutil
import tempfile
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from .. import features as feats
from ..dedup import MAX_BUCKET
from ..errors import StorylineError
from ..model import Article, Story
from ..store import Store
from .rows import article_columns, article_to_row, row_to_article, sentences_to_json
from .session import part_files, session

log = logging.getLogger(__name__)

#: Rows per Parquet batch written or read on the driver (its memory per stage).
STAGE_BATCH = 1024
#: Articles per ``article_features`` call (one spaCy batch), as ``builder.FEATURE_CHUNK``.
FEATURE_BATCH = 64
#: Articles per partition of the features job, candidate pairs per partition of the copy
#: checks (partitioned by first article, so its sketch is made once), stories per partition
#: of the per-story work (a story may hold hundreds of articles). Every job has at least a
#: task per core. Set by eye on the 3,000-article scale-bench corpus, ``local[2]``: smaller
#: partitions made the features and checks slower (task start-up, sketches made again).
FEATURES_PER_PARTITION = 512
PAIRS_PER_PARTITION = 2048
STORIES_PER_PARTITION = 4
#: Sketches a copy-check task keeps (an article is in many pairs of its partition).
SKETCH_CACHE = 4096

_ARROW = {"string": "string", "double": "float64", "long": "int64", "boolean": "bool_"}


def _article_schema():
    import pyarrow as pa

    fields = [("line", pa.int64())]
    for name, kind in article_columns():
        fields.append((name, getattr(pa, _ARROW.get(kind, "string"))()))
    return pa.schema(fields)


def _stage(path: Path, schema: Any, rows: Iterable[dict]) -> int:
    """Write ``rows`` to one Parquet file in batches; returns how many were written."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with pq.ParquetWriter(str(path), schema) as writer:
        batch: list[dict] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= STAGE_BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema))
                count += len(batch)
                batch.clear()
        if batch or count == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema))
            count += len(batch)
    return count


def _read(folder: Path) -> Iterator[dict]:
    """The rows of a Parquet folder Spark wrote, a batch at a time."""
    import pyarrow.parquet as pq

    for part in part_files(folder):
        for batch in pq.ParquetFile(part).iter_batches(batch_size=STAGE_BATCH):
            yield from batch.to_pylist()


def _minimal_article(article_id: str, text: str, sentences: str) -> Article:
    return row_to_article({"id": article_id, "raw": "", "text": text, "sentences": sentences})[0]


# -- executor-side functions -------------------------------------------------------------


def _features_partition(batches: Iterator) -> Iterator:
    import pandas as pd

    for batch in batches:
        rows = batch.to_dict("records")
        for start in range(0, len(rows), FEATURE_BATCH):
            articles = [row_to_article(r)[0] for r in rows[start : start + FEATURE_BATCH]]
            found = feats.article_features(articles)
            yield pd.DataFrame(
                {
                    "article_id": [a.id for a in articles],
                    "data": [feats.to_json(f) for f in found],
                    "signature": [f.signature for f in found],
                    "bands": [list(f.bands) for f in found],
                }
            )


def _sketched(cache: OrderedDict[str, tuple], article_id: str, text: str, sentences: str) -> tuple:
    from ..dedup import sketch

    if article_id in cache:
        cache.move_to_end(article_id)
    else:
        article = _minimal_article(article_id, text, sentences)
        cache[article_id] = (article, sketch(article))
        if len(cache) > SKETCH_CACHE:
            cache.popitem(last=False)
    return cache[article_id]


def _check_partition(batches: Iterator) -> Iterator:
    import pandas as pd

    from ..dedup import check_pair, sentence_sets

    cache: OrderedDict[str, tuple] = OrderedDict()
    for batch in batches:
        found = []
        for i, ta, sa, ga, j, tb, sb, gb in zip(
            batch["i"],
            batch["text_i"],
            batch["sentences_i"],
            batch["signature_i"],
            batch["j"],
            batch["text_j"],
            batch["sentences_j"],
            batch["signature_j"],
            strict=True,
        ):
            a, ka = _sketched(cache, i, ta, sa)
            b, kb = _sketched(cache, j, tb, sb)
            result = check_pair(
                ka,
                kb,
                bytes(ga),
                bytes(gb),
                lambda a=a, b=b: (sentence_sets(a), sentence_sets(b)),
            )
            if result:
                found.append((i, j, result[0], float(result[1])))
        yield pd.DataFrame(found, columns=["a", "b", "kind", "score"])


#: Stores opened by this Python worker (Spark reuses workers across tasks), by path and
#: inode: a store deleted and created again at the same path is opened anew.
_STORES: dict[tuple[str, int], Store] = {}


def _open_store(path: str) -> Store:
    key = (path, os.stat(path).st_ino)
    if key not in _STORES:
        _STORES[key] = Store(path)
    return _STORES[key]


def _story_function(path: str, idf: Any) -> Callable:
    """The per-story function of ``applyInPandas``: one story's members in, its JSON out."""

    def run(members):
        import pandas as pd

        from ..report import story_to_json
        from ..steps.story import analyse_story

        members = members.sort_values("pos")
        ids = list(members["article_id"])
        copy_of = {
            a: c for a, c in zip(members["article_id"], members["copy_of"], strict=True) if c
        }
        story = analyse_story(
            _open_store(path), members["story_id"].iloc[0], ids, copy_of, idf.value
        )
        return pd.DataFrame(
            {
                "story_id": [story.id],
                "title": [story.title],
                "data": [json.dumps(story_to_json(story), ensure_ascii=False)],
                "article_ids": [json.dumps(list(story.article_ids))],
            }
        )

    return run


# -- the engine --------------------------------------------------------------------------


class SparkEngine:
    """``builder.Engine`` on a Spark session; ``workdir`` holds the Parquet exchanged with
    the executors (a temporary folder by default, removed by ``close``)."""

    def __init__(self, spark: Any, workdir: str | Path | None = None) -> None:
        self.spark = spark
        self._own = workdir is None
        self.workdir = Path(workdir or tempfile.mkdtemp(prefix="storyline-spark-"))

    def __enter__(self) -> SparkEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._own:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def _folder(self, name: str) -> Path:
        folder = self.workdir / name
        shutil.rmtree(folder, ignore_errors=True)
        return folder

    def _partitions(self, rows: int, per_partition: int) -> int:
        cores = self.spark.sparkContext.defaultParallelism
        return max(1, min(rows, max(cores, math.ceil(rows / per_partition))))

    # features ---------------------------------------------------------------------------

    def features(self, articles: Iterable[Article]) -> Iterator[tuple[str, feats.Features]]:
        staged = self._folder("articles")
        count = _stage(
            staged / "part-0.parquet",
            _article_schema(),
            (
                {k: v for k, v in article_to_row(a, None).items() if k not in ("kind", "error")}
                for a in articles
            ),
        )
        if count == 0:
            return
        out = self._folder("features")
        frame = self.spark.read.parquet(str(staged))
        frame.repartition(self._partitions(count, FEATURES_PER_PARTITION)).mapInPandas(
            _features_partition,
            "article_id string, data string, signature binary, bands array<long>",
        ).write.parquet(str(out))
        for row in _read(out):
            found = feats.from_json(row["data"], row["signature"])
            yield row["article_id"], replace(found, bands=tuple(row["bands"]))

    # copies -----------------------------------------------------------------------------

    def copy_pairs(self, store: Store) -> tuple[int, list[tuple[str, str, str, float]]]:
        import pyarrow as pa
        from pyspark.sql import functions as F

        bands = self._folder("bands")
        _stage(
            bands / "part-0.parquet",
            pa.schema([("band", pa.int64()), ("article_id", pa.string())]),
            ({"band": band, "article_id": a} for band, a in store.active_bands()),
        )
        fresh = self._folder("fresh")
        if not _stage(
            fresh / "part-0.parquet",
            pa.schema([("article_id", pa.string())]),
            ({"article_id": a} for a in store.fresh_ids()),
        ):
            return 0, []
        every = self.spark.read.parquet(str(bands))
        new = self.spark.read.parquet(str(fresh))
        stop = (  # dedup.popular: LSH buckets too full to name candidates
            every.groupBy("band")
            .count()
            .where((F.col("band").bitwiseAND(1) == 1) & (F.col("count") > MAX_BUCKET))
            .select("band")
        )
        x = (
            every.join(new, "article_id")
            .join(stop, "band", "left_anti")
            .select("band", F.col("article_id").alias("x"))
        )
        y = every.select("band", F.col("article_id").alias("y"))
        pairs = (
            x.join(y, "band")
            .where("x != y")
            .select(F.least("x", "y").alias("i"), F.greatest("x", "y").alias("j"))
            .distinct()
        )
        pairs_dir = self._folder("pairs")
        pairs.write.parquet(str(pairs_dir))
        pairs = self.spark.read.parquet(str(pairs_dir))
        checked = pairs.count()
        if not checked:
            return 0, []
        involved = self._folder("involved")
        pairs.select(F.explode(F.array("i", "j")).alias("id")).distinct().write.parquet(
            str(involved)
        )
        inputs = self._folder("inputs")
        _stage(
            inputs / "part-0.parquet",
            pa.schema(
                [
                    ("id", pa.string()),
                    ("text", pa.string()),
                    ("sentences", pa.string()),
                    ("signature", pa.binary()),
                ]
            ),
            _sketch_inputs(store, (r["id"] for r in _read(involved))),
        )
        texts = self.spark.read.parquet(str(inputs))

        def side(name: str):
            return texts.select(
                F.col("id").alias(name),
                F.col("text").alias(f"text_{name}"),
                F.col("sentences").alias(f"sentences_{name}"),
                F.col("signature").alias(f"signature_{name}"),
            )

        joined = pairs.join(side("i"), "i").join(side("j"), "j")
        joined = joined.repartition(
            self._partitions(checked, PAIRS_PER_PARTITION), "i"
        ).sortWithinPartitions("i", "j")
        found = joined.mapInPandas(
            _check_partition, "a string, b string, kind string, score double"
        ).collect()
        edges = sorted((r["a"], r["b"], r["kind"], r["score"]) for r in found)
        return checked, edges

    # stories ----------------------------------------------------------------------------

    def stories(
        self,
        store: Store,
        jobs: Sequence[tuple[str, Sequence[str]]],
        copy_of: dict[str, str],
        idf: dict[str, float] | None,
    ) -> Iterator[tuple[str, str, dict, tuple[str, ...]]]:
        import pyarrow as pa

        if store.path == ":memory:":
            raise StorylineError("the Spark engine's executors read the store: use a file")
        staged = self._folder("members")
        rows = (
            {"story_id": sid, "pos": pos, "article_id": a, "copy_of": copy_of.get(a)}
            for sid, ids in jobs
            for pos, a in enumerate(ids)
        )
        schema = pa.schema(
            [
                ("story_id", pa.string()),
                ("pos", pa.int64()),
                ("article_id", pa.string()),
                ("copy_of", pa.string()),
            ]
        )
        if not _stage(staged / "part-0.parquet", schema, rows):
            return
        out = self._folder("stories")
        shared = self.spark.sparkContext.broadcast(idf)
        try:
            # hash-partitioned by story with a set number of tasks: Spark's adaptive
            # execution would otherwise merge the (small) member rows into one task
            members = self.spark.read.parquet(str(staged)).repartition(
                self._partitions(len(jobs), STORIES_PER_PARTITION), "story_id"
            )
            members.groupBy("story_id").applyInPandas(
                _story_function(store.path, shared),
                "story_id string, title string, data string, article_ids string",
            ).write.parquet(str(out))
        finally:
            shared.unpersist()
        for row in _read(out):
            yield (
                row["story_id"],
                row["title"],
                json.loads(row["data"]),
                tuple(json.loads(row["article_ids"])),
            )


def _sketch_inputs(store: Store, ids: Iterable[str]) -> Iterator[dict]:
    """Text, sentence offsets and signature of each article, read in chunks."""
    from ..steps.engine import chunks

    for chunk in chunks(ids, 500):
        sigs = store.signatures(chunk)
        for article in store.load_articles(chunk):
            yield {
                "id": article.id,
                "text": article.text,
                "sentences": sentences_to_json(article),
                "signature": sigs[article.id],
            }


def build_spark(
    store: Store,
    *,
    master: str = "local[*]",
    vectors: str = "tfidf",
    rebuild: bool = False,
    workdir: str | Path | None = None,
) -> list[Story]:
    """``pipeline.build`` with the per-article and per-story work on Spark at ``master``."""
    from ..pipeline import build

    with SparkEngine(session(master), workdir) as engine:
        return build(store, vectors=vectors, rebuild=rebuild, engine=engine)


__all__ = ["SparkEngine", "build_spark"]
