"""Web app response times: how long the main pages and API calls take to render.

Builds a store per corpus (the example corpus, the seeds, and the T17 ``egypt`` topic as
a large story), then times requests in process through FastAPI's TestClient (no
network, so this is rendering and store reads, not transfer), and one upload of a
short article from submit to a rebuilt story. There are no published numbers for
this; the reference is the usual 100 ms budget for a page to feel immediate.
"""

from __future__ import annotations

import re
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Requests timed per page (the median and the slowest are reported).
REPEATS = 15
UPLOAD = b"Negotiators met again on Monday, officials said, and agreed to meet next week.\n"


def _corpora(shared: Path) -> list[tuple[str, Path]]:
    found = [("examples", ROOT / "examples"), ("seeds", shared / "seeds")]
    found.append(("T17 egypt", shared / "benchmarks" / "t17" / "egypt" / "articles.jsonl"))
    return [(name, path) for name, path in found if path.exists()]


def _time(client, url: str) -> tuple[float, float]:
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times), max(times)


def _measure(name: str, source: Path, folder: Path) -> list[str]:
    from fastapi.testclient import TestClient

    from storyline.pipeline import build, ingest
    from storyline.store import Store
    from storyline.web.app import create_app

    slug = re.sub(r"\W+", "-", name)
    db = folder / f"{slug}.db"
    started = time.perf_counter()
    with Store(db) as store:
        ingest(store, [str(source)])
        build(store)
        n_articles = store.count_articles()
    build_s = time.perf_counter() - started
    client = TestClient(create_app(db), base_url="http://127.0.0.1:8765")
    stories = client.get("/api/stories").json()
    story = max(stories, key=lambda s: len(s["article_ids"]))
    article = story["article_ids"][0]
    urls = {
        "story list": "/",
        f"story page ({len(story['article_ids'])} articles, {len(story['timeline'])} dates)": f"/stories/{story['id']}",
        "article page": f"/articles/{article}",
        "search": "/?q=talks",
        "API: all stories": "/api/stories",
    }
    rows = []
    for label, url in urls.items():
        median, worst = _time(client, url)
        rows.append(f"| {name} | {label} | {median:.1f} | {worst:.1f} |")
    started = time.perf_counter()
    response = client.post(
        "/api/uploads",
        files=[("files", ("bench.txt", UPLOAD, "text/plain"))],
        headers={"X-Storyline-Request": "1"},
    )
    job = response.json()
    while job["state"] not in ("done", "failed"):
        time.sleep(0.02)
        job = client.get(f"/api/uploads/{job['id']}").json()
    upload_ms = (time.perf_counter() - started) * 1000
    rows.append(f"| {name} | upload 1 article → rebuilt ({job['state']}) | {upload_ms:.0f} | – |")
    rows.append(f"| {name} | (store: {n_articles} articles, built in {build_s:.1f} s) | | |")
    return rows


def run(shared: Path) -> str:
    rows = []
    with tempfile.TemporaryDirectory(prefix="storyline-bench-web-") as tmp:
        for name, source in _corpora(shared):
            rows += _measure(name, source, Path(tmp))
    return "\n".join(
        [
            "## Web app response times",
            "",
            f"In-process requests (FastAPI TestClient), median and slowest of {REPEATS}, in",
            "milliseconds; the upload row is one article from submit to a rebuilt story (the",
            "rebuild re-analyses the whole store, so it grows with the store). No published",
            "numbers exist for this; 100 ms is the usual budget for a page to feel immediate.",
            "",
            "| corpus | request | median ms | slowest ms |",
            "|---|---|---|---|",
            *rows,
        ]
    )
