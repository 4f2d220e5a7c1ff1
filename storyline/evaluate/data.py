"""Reading a timeline-summarisation dataset in the T17 layout.

A dataset folder holds one folder per topic with ``articles.jsonl`` (``id``,
``time``, ``source``, ``text``) and ``timelines.jsonl`` (``name``, ``source``,
``timeline``: ``[["YYYY-MM-DD", ["sentence", ...]], ...]``). Articles go
through the real path (``pipeline.prepare`` then ``tag_article``), so the
benchmark measures what a user gets from raw text.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import StorylineError
from ..model import Article, Document

log = logging.getLogger(__name__)

#: Rows per task when articles are prepared in several processes.
CHUNK_ROWS = 100


@dataclass(frozen=True, slots=True)
class GoldTimeline:
    """One journalist-written reference timeline: dates in order, sentences per date."""

    name: str
    source: str
    dates: tuple[tuple[str, tuple[str, ...]], ...]

    @property
    def start(self) -> str:
        return self.dates[0][0]

    @property
    def end(self) -> str:
        return self.dates[-1][0]

    @property
    def sentences_per_date(self) -> int:
        """``k`` of the protocol: the mean number of sentences per date, rounded."""
        total = sum(len(s) for _, s in self.dates)
        return max(1, round(total / len(self.dates)))


def topics(dataset: str | Path) -> list[str]:
    """The topic folders of a dataset, sorted by name."""
    root = Path(dataset)
    if not root.is_dir():
        raise StorylineError(f"{root}: not a folder")
    found = sorted(p.name for p in root.iterdir() if (p / "articles.jsonl").is_file())
    if not found:
        raise StorylineError(f"{root}: no topic folders with articles.jsonl")
    return found


def read_rows(path: Path) -> list[dict]:
    rows = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise StorylineError(f"{path}:{number}: not JSON ({exc.msg})") from None
    return rows


def gold_timelines(topic_dir: str | Path) -> list[GoldTimeline]:
    """The topic's reference timelines, dates sorted (some files list them newest first).

    A date listed twice keeps its last summary, as news-tls reads them
    (``dict((t.date(), s) for t, s in items)``), so that ``l``, ``k`` and the
    reference match the published protocol.
    """
    out = []
    for row in read_rows(Path(topic_dir) / "timelines.jsonl"):
        dates: dict[str, list[str]] = {}
        for day, sentences in row["timeline"]:
            dates[day[:10]] = list(sentences)
        ordered = tuple((d, tuple(s)) for d, s in sorted(dates.items()))
        out.append(GoldTimeline(row["name"], row.get("source", ""), ordered))
    return out


def document(row: dict, path: str | None = None) -> Document:
    """A dataset row as the loader would have read it."""
    return Document(
        raw=row["text"],
        path=path,
        fmt="jsonl",
        source_id=str(row["id"]),
        outlet=row.get("source"),
        published=row.get("time"),
    )


def prepare_rows(rows: list[dict], path: str | None = None) -> list[Article]:
    """Dataset rows prepared and date-tagged; rows with no text left are logged and skipped."""
    return _prepare_chunk((rows, path, 1))


def _prepare_chunk(args: tuple[list[dict], str | None, int]) -> list[Article]:
    rows, path, first = args
    from ..dates.tagger import tag_article
    from ..pipeline import prepare

    articles = []
    for number, row in enumerate(rows, first):
        try:
            articles.append(tag_article(prepare(document(row, path))))
        except ValueError as exc:
            log.warning("%s:%d: skipped (%s)", path, number, exc)
    return articles


def load_articles(topic_dir: str | Path, *, workers: int = 1) -> list[Article]:
    """Every article of a topic, prepared and date-tagged, in file order.

    ``workers`` > 1 prepares chunks in that many processes (the result is the same).
    """
    path = Path(topic_dir) / "articles.jsonl"
    rows = read_rows(path)
    if workers <= 1 or len(rows) < 2 * CHUNK_ROWS:
        return prepare_rows(rows, str(path))
    from concurrent.futures import ProcessPoolExecutor

    chunks = [(rows[i : i + CHUNK_ROWS], str(path), i + 1) for i in range(0, len(rows), CHUNK_ROWS)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return [a for part in pool.map(_prepare_chunk, chunks) for a in part]


def _code_key() -> str:
    """A hash of the code that turns raw text into tagged articles: a cache made by other code is stale."""
    import hashlib

    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        if path.parent.name in {"dates", "ingest"} or path.name in {
            "pipeline.py",
            "clean.py",
            "sentences.py",
            "model.py",
        }:
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cached_articles(
    topic_dir: str | Path, cache: str | Path | None, *, workers: int = 1
) -> list[Article]:
    """:func:`load_articles`, kept as a pickle under ``cache`` (keyed by the tagging code's hash).

    Leave-one-topic-out tuning reads every topic many times; preparing and
    tagging them once makes it cheap. ``cache=None`` always prepares afresh.
    """
    if cache is None:
        return load_articles(topic_dir, workers=workers)
    import pickle

    topic = Path(topic_dir)
    path = Path(cache) / f"{topic.name}-{_code_key()}.pickle"
    if path.is_file():
        with path.open("rb") as handle:
            return pickle.load(handle)
    articles = load_articles(topic, workers=workers)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        pickle.dump(articles, handle, protocol=pickle.HIGHEST_PROTOCOL)
    return articles


def in_window(articles: Sequence[Article], gold: GoldTimeline) -> list[Article]:
    """The articles published within the gold timeline's first and last date."""
    return [a for a in articles if a.published and gold.start <= a.published[:10] <= gold.end]
