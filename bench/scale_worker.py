"""One scale measurement in a fresh process: ``python -m bench.scale_worker INPUT DB ENGINE STEP``.

ENGINE is ``local`` or ``spark`` (master ``local[2]``); STEP is ``full`` (a new store)
or ``add`` (INPUT added to an existing store); either way ingest, then build. The
worker holds no corpus: it only calls storyline's ingest and build. It prints one
JSON line: ingest and build seconds, the peak RSS (MB) of this process and of its
largest finished child (Spark's JVM), which build ran, and the store's stories and
copies. The store's WAL is checkpointed at the end, so the .db file can be copied.
"""

from __future__ import annotations

import json
import resource
import sys
import time

MASTER = "local[2]"


def _stop_spark() -> str | None:
    """Stop the Spark session and its JVM so that the JVM's peak RSS is counted."""
    try:
        from pyspark import SparkContext
    except ImportError:
        return None
    if SparkContext._active_spark_context is not None:
        SparkContext._active_spark_context.stop()
    gateway = SparkContext._gateway
    proc = getattr(gateway, "proc", None) if gateway is not None else None
    if gateway is not None:
        gateway.shutdown()
    if proc is not None:
        proc.stdin.close()  # the JVM exits when its standard input closes
        try:
            proc.wait(timeout=60)
        except Exception as exc:  # noqa: BLE001 (a measurement: say why, keep the result)
            return f"JVM did not stop: {exc}"
    return None


def main(inputs: str, db: str, engine: str, step: str) -> None:
    from storyline.pipeline import build, ingest  # noqa: F401 (build: older Spark path)
    from storyline.store import Store

    result: dict = {"engine": engine, "step": step}
    with Store(db) as store:
        started = time.perf_counter()
        if engine == "spark":
            from storyline.engines import spark

            spark.ingest_spark(store, [inputs], master=MASTER, parquet=db + ".parquet")
        else:
            ingest(store, [inputs])
        result["ingest_s"] = time.perf_counter() - started
        started = time.perf_counter()
        if engine == "spark" and hasattr(spark, "build_spark"):
            spark.build_spark(store, master=MASTER)
            result["build"] = "build_spark"
        else:
            from storyline.builder import build as build_store

            report = build_store(store)
            result["build"] = "builder.build"
            result["steps_s"] = report.seconds
        result["build_s"] = time.perf_counter() - started
        db_ = store.db
        result["articles"] = db_.execute(
            "SELECT COUNT(*) FROM articles WHERE superseded_by IS NULL"
        ).fetchone()[0]
        result["stories"] = db_.execute("SELECT COUNT(*) FROM stories").fetchone()[0]
        result["copies"] = db_.execute(
            "SELECT COUNT(*) FROM analysis WHERE key = 'duplicate_of' "
            "AND value IS NOT NULL AND value != 'null'"
        ).fetchone()[0]
        db_.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    if engine == "spark":
        result["spark_stop"] = _stop_spark()
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["children_rss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps(result))


if __name__ == "__main__":
    main(*sys.argv[1:5])
