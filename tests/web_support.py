"""Helpers shared by test_web.py and test_browser.py: stores built from real folders
and from small articles written here, and the stored-XSS payload."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

#: Seconds an upload job may take before a test gives up on it (a guard, not a timing test).
JOB_DEADLINE = 120.0

#: Two short articles written for these tests (not taken from any corpus).
OWN_ARTICLES = [
    {
        "title": "Negotiators return to Cairo for truce talks",
        "outlet": "Example Wire",
        "published": "2024-04-02",
        "text": (
            "Negotiators returned to Cairo on Tuesday for a new round of truce talks, "
            "officials said.\n\nThe mediators said on Monday, April 1, 2024, that both sides "
            "had accepted the agenda. A second meeting is planned for next week."
        ),
    },
    {
        "title": "Truce talks in Cairo end without agreement",
        "outlet": "Sample Times",
        "published": "2024-04-05",
        "text": (
            "Truce talks in Cairo ended on Friday without an agreement, two officials said.\n\n"
            "The delegations had met in Cairo since April 2, 2024. They plan to meet again "
            "after the holiday."
        ),
    },
]

#: Every stored-XSS form the issue names; each would set window.__xss if it ran.
XSS_TEXT = (
    "Officials met in Cairo on Monday to discuss the truce <script>window.__xss = 1</script> "
    "and the hostages.\n\n"
    'A photo <img src=x onerror="window.__xss = 2"> was shared by the mediators on Tuesday.\n\n'
    'Read the <a href="javascript:window.__xss = 3">full statement</a> of the talks here.\n\n'
    "The draft ended abruptly </textarea><script>window.__xss = 4</script> after the meeting.\n\n"
    '<svg onload="window.__xss = 5"></svg> The talks resume next week, officials said.'
)
XSS_RECORD = {
    "title": 'Truce talks <img src=x onerror="window.__xss = 6"> in Cairo',
    "outlet": "<script>window.__xss = 7</script>Evil Outlet",
    "url": "javascript:window.__xss = 8",
    "published": "2024-04-03",
    "text": XSS_TEXT,
}


def write_records(folder: Path, records: list[dict]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, record in enumerate(records):
        path = folder / f"article-{i}.json"
        path.write_text(json.dumps(record), encoding="utf-8")
        paths.append(path)
    return paths


def build_store(db: Path, inputs: list[Path]) -> Path:
    from storyline.pipeline import build, ingest
    from storyline.store import Store

    with Store(db) as store:
        report = ingest(store, [str(p) for p in inputs])
        assert report.read > 0, f"nothing could be read from {inputs}: {report.errors}"
        build(store)
    return db


def copy_store(src: Path, dst: Path) -> Path:
    """A consistent copy of a store (SQLite's backup API; the WAL is included)."""
    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)
    return dst


def wait_for_job(get_json, job_id: str) -> dict:
    """Poll ``/api/uploads/{id}`` until the job is done or failed."""
    deadline = time.monotonic() + JOB_DEADLINE
    while True:
        job = get_json(f"/api/uploads/{job_id}")
        if job["state"] in ("done", "failed") or time.monotonic() > deadline:
            return job
        time.sleep(0.1)
