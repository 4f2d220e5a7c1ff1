"""Wiring the stages to the store: ingest, build, run.

The only module that both calls stages and touches the database; stages stay
functions over plain data (see ``storyline.model``).
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from . import clean as cleaning
from .coverage import story_coverage
from .dates.infer import date_articles
from .dates.published import stated_published
from .dedup import find_copies, mark_copies
from .ingest import MAX_FILE_BYTES, read_documents
from .llm import claims_for
from .model import Article, Document, IngestError, Story
from .outlets import find_outlet
from .positions import story_positions
from .sentences import split_sentences
from .store import Store
from .stories import group_stories
from .timeline import build_timeline

if TYPE_CHECKING:
    from .builder import Engine, ProgressCallback

log = logging.getLogger(__name__)

#: Articles stored per transaction.
BATCH_SIZE = 200


def article_id(doc: Document) -> str:
    """A stable hash of the article's normalised content (plus URL and stated outlet)."""
    content = unicodedata.normalize("NFC", doc.text if doc.text is not None else doc.raw)
    parts = [" ".join(content.split()), doc.url or "", doc.outlet or "", doc.source_id or ""]
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()[:16]


def prepare(doc: Document) -> Article:
    """One loaded document to a cleaned, dated, split ``Article``."""
    body = doc.text if doc.text is not None else doc.raw
    cleaned = cleaning.clean(body, title=doc.title)
    outlet, outlet_source = find_outlet(
        field=doc.outlet,
        url=doc.url,
        agency=cleaned.agency,
        text=cleaned.text,
        copyright_owner=cleaned.copyright_owner,
        site_names=cleaned.site_names,
        html_site_name=doc.site_name,
    )
    published = stated_published(
        field=doc.published,
        html_date=doc.html_date,
        marker=cleaned.marker_date,
        dateline=cleaned.dateline,
        url=doc.url,
    )
    warnings = list(doc.warnings) + list(published.warnings)
    if not cleaned.text.strip():
        raise ValueError("nothing left after removing boilerplate")
    return Article(
        id=article_id(doc),
        raw=doc.raw,
        text=cleaned.text,
        sentences=split_sentences(cleaned.text),
        title=cleaned.title,
        source_id=doc.source_id,
        path=doc.path,
        url=doc.url,
        fmt=doc.fmt,
        outlet=outlet,
        outlet_source=outlet_source,
        published=published.value,
        published_precision=published.precision,
        published_source=published.source,
        published_confidence=published.confidence,
        warnings=tuple(warnings),
    )


@dataclass
class IngestReport:
    added: int = 0
    unchanged: int = 0
    errors: list[IngestError] = field(default_factory=list)

    @property
    def read(self) -> int:
        return self.added + self.unchanged


def ingest(
    store: Store,
    inputs: Iterable[str],
    *,
    max_bytes: int = MAX_FILE_BYTES,
    field_map: dict[str, str] | None = None,
    on_error: Callable[[IngestError], None] | None = None,
    on_article: Callable[[Article], None] | None = None,
    extra: Iterable[Document | IngestError] = (),
) -> IngestReport:
    """Read, prepare and store articles, one transaction per batch.

    ``extra`` adds documents from elsewhere (feeds, uploads) to those read from ``inputs``.
    """
    report = IngestReport()
    run_id = store.begin_run()
    batch: list[tuple[Article, int | None]] = []
    batch_errors: list[IngestError] = []

    def flush() -> None:
        added, unchanged = store.add_batch(run_id, batch, batch_errors)
        report.added += added
        report.unchanged += unchanged
        batch.clear()
        batch_errors.clear()

    def fail(error: IngestError) -> None:
        report.errors.append(error)
        batch_errors.append(error)
        if on_error:
            on_error(error)

    documents = itertools.chain(
        read_documents(inputs, max_bytes=max_bytes, field_map=field_map), extra
    )
    for item in documents:
        if isinstance(item, IngestError):
            fail(item)
        else:
            try:
                article = prepare(item)
            except ValueError as exc:
                fail(IngestError(item.path or item.url or "<stdin>", str(exc), item.line))
            else:
                batch.append((article, item.line))
                if on_article:
                    on_article(article)
        if len(batch) >= BATCH_SIZE:
            flush()
    flush()
    return report


def analyse(
    articles: list[Article],
    *,
    vectors: str = "tfidf",
    assigned: dict[str, str] | None = None,
    extractor: str = "rules",
) -> list[Story]:
    """Every analysis stage over the given articles (no store access)."""
    return analyse_pile(articles, vectors=vectors, assigned=assigned, extractor=extractor)[0]


def analyse_pile(
    articles: list[Article],
    *,
    vectors: str = "tfidf",
    assigned: dict[str, str] | None = None,
    extractor: str = "rules",
) -> tuple[list[Story], list[Article]]:
    """Stories of the articles, and the articles as analysed (dated, copies marked).

    ``assigned`` maps articles placed by an earlier build to their story ids; only
    the others are placed anew (see ``storyline.stories``).
    """
    tagged = date_articles(articles)
    copies = find_copies(tagged)
    tagged = mark_copies(tagged, copies)
    by_id = {a.id: a for a in tagged}
    stories = []
    for story in group_stories(tagged, vectors=vectors, assigned=assigned):
        members = [by_id[i] for i in story.article_ids]
        timeline = build_timeline(members, query=story.title)
        coverage = story_coverage(members, timeline, copies)
        claims = claims_for(extractor, members)
        extra = {**story.extra, **story_positions(members, claims=claims), "coverage": coverage}
        stories.append(replace(story, timeline=timeline, extra=extra))
    return stories, tagged


def build(
    store: Store,
    *,
    vectors: str = "tfidf",
    rebuild: bool = False,
    workers: int | None = None,
    engine: Engine | None = None,
    extractor: str = "rules",
    progress: ProgressCallback | None = None,
) -> list[Story]:
    """Bring the store's analysis up to date and return its stories (ids, titles, members).

    Streams over the store with bounded memory (``storyline.builder``): articles a
    previous build placed keep their story, new articles join the best story near
    their date or start one, and only the stories that changed are analysed again.
    ``rebuild`` forgets every story and places all articles anew; ``workers`` processes
    share the per-article and per-story work (default: one per core); ``engine`` runs
    that work elsewhere instead (``engines.spark_build.SparkEngine``); ``progress`` hears
    each step's counts (``builder.ProgressCallback``).
    """
    from .builder import LocalEngine
    from .builder import build as build_store

    engine = engine or LocalEngine(workers, extractor=extractor, progress=progress)
    build_store(store, vectors=vectors, rebuild=rebuild, engine=engine, progress=progress)
    return [
        Story(id=s["id"], title=s["title"], article_ids=tuple(s["article_ids"]))
        for s in store.stories()
    ]


def default_db(out: str | Path) -> Path:
    return Path(out) / "storyline.db"


def stored_stories(store: Store, story_id: str | None = None) -> list[dict]:
    """The stored stories (``storyline.json`` form), or the one ``story_id`` names."""
    from .errors import StorylineError

    stories = store.stories()
    if story_id is not None:
        stories = [s for s in stories if s["id"] == story_id]
        if not stories:
            raise StorylineError(
                f"no story {story_id!r} in {store.path}; list them with: storyline stories"
            )
    return stories


def export_document(
    store: Store,
    *,
    story_id: str | None = None,
    progress: Callable[[str, int, int | None], None] | None = None,
) -> dict:
    """The ``storyline.json`` object for what is stored (one story, or all).

    Reads what the build stored: the stories' analysis, and each article's time mentions
    from its features row (tagged again only when its date changed since); ``progress``
    hears ``("articles", done, total)``.
    """
    from .report import build_document

    stories = stored_stories(store, story_id)
    wanted = {a for s in stories for a in s["article_ids"]} if story_id else None
    total = len(wanted) if wanted is not None else store.count_articles()
    copy_of = store.analysis("duplicate_of")
    mentions = {
        aid: (published, found)
        for aid, published, found in store.stored_mentions()
        if wanted is None or aid in wanted
    }
    tagged: set[str] = set()
    tick = progress or (lambda step, done, total: None)

    def articles() -> Iterable[Article]:
        tick("articles", 0, total)
        done = 0
        for a in store.articles(with_raw=False):
            if wanted is not None and a.id not in wanted:
                continue
            stored = mentions.get(a.id)
            if stored is not None and stored[0] == a.published:
                a = replace(a, mentions=tuple(stored[1]))
                tagged.add(a.id)
            yield replace(a, duplicate_of=copy_of.get(a.id))  # type: ignore[arg-type]
            done += 1
            if done % 100 == 0:
                tick("articles", done, total)
        tick("articles", done, done)

    return build_document(articles(), stories, store.last_errors(), tagged=tagged)
