"""Upload jobs: files or pasted text are saved next to the store, ingested, and the
stories rebuilt, in a background thread whose progress the page polls.

Nothing a request sends becomes a path: a saved upload is named by the hash of its
content, with a suffix picked from ingest's fixed list by the client's file name,
inside one folder beside the store (``<store>.uploads/``). The client's file name is
kept only as a label for the results. One job runs at a time; the others wait.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import secrets
import tempfile
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..errors import StorylineError
from ..ingest import SUFFIXES
from ..model import Article, IngestError

log = logging.getLogger(__name__)

#: Files accepted in one upload.
MAX_FILES = 20
#: Largest accepted file (bytes); an article file is rarely over 1 MB.
MAX_FILE_BYTES = 5_000_000
#: Largest accepted request body (bytes): every file at its limit, plus the form.
MAX_REQUEST_BYTES = MAX_FILES * MAX_FILE_BYTES + 1_000_000
#: Longest pasted text (characters).
MAX_PASTE_CHARS = 500_000
#: Finished jobs kept for polling; older ones are forgotten.
KEEP_JOBS = 50
#: Longest client file name kept as a label.
MAX_LABEL_CHARS = 120


class UploadRefused(StorylineError):
    """A whole upload is refused (too many files, too large); the message says why."""


def uploads_dir(db_path: str | Path) -> Path:
    """The folder beside the store that holds uploaded files."""
    db = Path(db_path)
    return db.with_name(db.name + ".uploads")


def label(filename: str | None) -> str:
    """The client's file name, reduced to a short label (never used as a path)."""
    name = PurePosixPath((filename or "").replace("\\", "/")).name
    name = "".join(ch for ch in name if ch.isprintable())
    return name[:MAX_LABEL_CHARS] or "unnamed file"


def suffix_for(filename: str | None) -> str | None:
    """The ingest suffix the client's file name asks for, if ingest reads that kind."""
    suffix = PurePosixPath(label(filename)).suffix.lower()
    return suffix if suffix in SUFFIXES else None


def pasted_record(text: str, *, title: str = "", outlet: str = "", published: str = "") -> bytes:
    """Pasted text as a one-record JSON file, so its optional fields reach ingest."""
    record = {"text": text}
    for key, value in (("title", title), ("outlet", outlet), ("published", published)):
        if value.strip():
            record[key] = value.strip()
    return json.dumps(record, ensure_ascii=False).encode("utf-8")


def save(folder: Path, data: bytes, suffix: str) -> Path:
    """Write ``data`` into ``folder`` under a name made from its hash; returns the path."""
    if suffix not in SUFFIXES:
        raise ValueError(f"unsupported suffix {suffix!r}")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (hashlib.sha256(data).hexdigest()[:24] + suffix)
    if not path.exists():
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return path


@dataclass
class FileResult:
    """What happened to one uploaded file (mutable: the job fills it in as it runs)."""

    name: str
    size: int
    status: str = "queued"  # queued | read | added | unchanged | error
    error: str | None = None
    articles: list[str] = field(default_factory=list)
    new: int = 0
    stories: list[str] = field(default_factory=list)
    path: Path | None = None

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "size": self.size,
            "status": self.status,
            "error": self.error,
            "articles": self.articles,
            "new": self.new,
            "stories": self.stories,
        }


@dataclass
class Job:
    """One upload: its files and where the ingest + build has got to."""

    id: str
    files: list[FileResult]
    state: str = "queued"  # queued | ingesting | building | done | failed
    message: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def progress(self) -> float:
        if self.state in ("done", "failed"):
            return 1.0
        if not self.files:
            return 0.0
        read = sum(1 for f in self.files if f.status != "queued")
        # Reading is the first 60 %, building the rest (its length is unknown).
        share = 0.6 * read / len(self.files)
        return round(share + (0.3 if self.state == "building" else 0.0), 3)

    def to_json(self) -> dict:
        with self.lock:
            return {
                "id": self.id,
                "state": self.state,
                "message": self.message,
                "progress": self.progress(),
                "files": [f.to_json() for f in self.files],
            }


def _discard_rejected(results: list[FileResult]) -> None:
    """Delete the saved copies of files from which no article was read: nothing
    refers to them, and they would stay beside the store for good."""
    for result in results:
        if result.status == "error" and not result.articles and result.path is not None:
            result.path.unlink(missing_ok=True)


class Jobs:
    """The upload jobs of one app: a registry, and one worker at a time."""

    def __init__(self, db_path: str | Path) -> None:
        self.db_path = str(db_path)
        self.folder = uploads_dir(db_path)
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._registry_lock = threading.Lock()
        self._run_lock = threading.Lock()

    def get(self, job_id: str) -> Job | None:
        with self._registry_lock:
            return self._jobs.get(job_id)

    def submit(self, files: list[FileResult], payloads: list[tuple[FileResult, bytes, str]]) -> Job:
        """Save the accepted payloads and start the job in a background thread."""
        for result, data, suffix in payloads:
            result.path = save(self.folder, data, suffix)
        job = Job(id=secrets.token_hex(12), files=files)
        with self._registry_lock:
            self._jobs[job.id] = job
            while len(self._jobs) > KEEP_JOBS:
                self._jobs.popitem(last=False)
        thread = threading.Thread(
            target=self.run, args=(job,), name=f"upload-{job.id}", daemon=True
        )
        thread.start()
        return job

    def run(self, job: Job) -> None:
        """Ingest the job's saved files and rebuild the stories (runs in the worker thread)."""
        from ..pipeline import build, ingest
        from ..store import Store
        from .search import sync

        with self._run_lock:
            todo = [f for f in job.files if f.path is not None]
            by_path = {str(f.path): f for f in todo}
            try:
                with Store(self.db_path) as store:

                    def on_article(article: Article) -> None:
                        result = by_path.get(article.path or "")
                        if result is None:
                            return
                        with job.lock:
                            result.status = "read"
                            result.articles.append(article.id)
                            if store.article(article.id) is None:
                                result.new += 1

                    def on_error(error: IngestError) -> None:
                        result = by_path.get(error.path)
                        if result is None:
                            return
                        with job.lock:
                            where = f"line {error.line}: " if error.line else ""
                            message = f"{where}{error.error}"
                            result.error = (
                                message if not result.error else f"{result.error}; {message}"
                            )
                            result.status = "read"

                    with job.lock:
                        job.state = "ingesting"
                    if todo:
                        ingest(
                            store,
                            [str(f.path) for f in todo],
                            on_article=on_article,
                            on_error=on_error,
                        )
                    with job.lock:
                        for result in todo:
                            if result.articles:
                                result.status = "added" if result.new else "unchanged"
                            else:
                                result.status = "error"
                                result.error = result.error or "no article found in this file"
                        job.state = "building"
                    _discard_rejected(todo)
                    if any(f.new for f in todo):
                        # In this process, no worker processes: a fork inside the
                        # threaded server can inherit a held lock and never run, and
                        # an upload adds few articles.
                        build(store, workers=1)
                    sync(store.db)
                    story_of = {r["id"]: r["story_id"] for r in store.article_rows()}
                with job.lock:
                    for result in todo:
                        result.stories = sorted(
                            {story_of[a] for a in result.articles if story_of.get(a)}
                        )
                    added = sum(f.new for f in todo)
                    failed = sum(1 for f in job.files if f.status == "error")
                    job.message = f"{added} new article(s), {failed} file(s) with errors"
                    job.state = "done"
            except StorylineError as exc:
                log.warning("upload %s failed: %s", job.id, exc)
                with job.lock:
                    job.state, job.message = "failed", str(exc)
            except Exception:
                log.exception("upload %s failed", job.id)
                with job.lock:
                    job.state, job.message = (
                        "failed",
                        "the analysis failed; the server log has the details",
                    )
