"""One scale measurement in a fresh process: ``python -m bench.scale_worker CORPUS DB ENGINE STEP``.

Prints one JSON line: ingest and build seconds and the process's peak RSS (MB).
"""

from __future__ import annotations

import json
import resource
import sys
import time


def main(corpus: str, db: str, engine: str, step: str) -> None:
    from storyline.pipeline import build, ingest
    from storyline.store import Store

    with Store(db) as store:
        started = time.perf_counter()
        if engine == "spark":
            from storyline.engines.spark import ingest_spark

            ingest_spark(store, [corpus], master="local[2]", parquet=db + ".parquet")
        else:
            ingest(store, [corpus])
        ingest_s = time.perf_counter() - started
        started = time.perf_counter()
        if step == "full":
            build(store)
        build_s = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"ingest_s": ingest_s, "build_s": build_s, "peak_rss_mb": peak}))


if __name__ == "__main__":
    main(*sys.argv[1:5])
