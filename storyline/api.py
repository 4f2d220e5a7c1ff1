"""One call from a list of texts (or files) to stories: ``storyline.analyse``.

It runs what ``storyline run`` runs (ingest, build, export) over a store in a temporary
folder, or in ``db`` when given, and returns the ``storyline.json`` document wrapped
for Python and notebooks: ``Analysis.stories`` are ``AnalysedStory`` objects with the
timeline, positions, figures, quotes and coverage of each story, and both show as
HTML tables in Jupyter (``_repr_html_``).
"""

from __future__ import annotations

import glob
import html
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .model import Document, IngestError

#: Timeline dates and positions a notebook's HTML shows per story (the rest: ``.timeline``).
HTML_ROWS = 12

Input = str | os.PathLike | Document | Mapping


@dataclass(frozen=True)
class AnalysedStory:
    """One story of an analysis: every section as in ``storyline.json`` (docs/output.md)."""

    data: Mapping = field(repr=False)

    @property
    def id(self) -> str:
        return self.data["id"]

    @property
    def title(self) -> str:
        return self.data["title"]

    @property
    def article_ids(self) -> list[str]:
        return list(self.data["article_ids"])

    @property
    def timeline(self) -> list[dict]:
        return list(self.data.get("timeline", []))

    @property
    def positions(self) -> list[dict]:
        return list(self.data.get("positions", []))

    @property
    def figures(self) -> list[dict]:
        return list(self.data.get("figures", []))

    @property
    def quotes(self) -> list[dict]:
        return list(self.data.get("quotes", []))

    @property
    def actors(self) -> list[dict]:
        return list(self.data.get("actors", []))

    @property
    def coverage(self) -> dict:
        return dict(self.data.get("coverage", {}))

    def __repr__(self) -> str:
        return (
            f"AnalysedStory({self.id!r}, {self.title!r}, {len(self.article_ids)} articles, "
            f"{len(self.timeline)} dates, {len(self.positions)} positions)"
        )

    def _repr_html_(self) -> str:
        esc = html.escape
        parts = [
            f"<h3>{esc(self.title)}</h3>",
            f"<p>{len(self.article_ids)} articles; story <code>{esc(self.id)}</code></p>",
            "<table><tr><th>date</th><th>what happened</th><th>source</th></tr>",
        ]
        for entry in self.timeline[:HTML_ROWS]:
            source = (entry.get("sources") or [{}])[0]
            cite = f"{source.get('outlet') or ''} [{source.get('article_id', '')}#s{source.get('sentence_index', '')}]"
            summary = " ".join(entry.get("summary", []))
            parts.append(
                f"<tr><td>{esc(entry['date'])}</td><td>{esc(summary)}</td><td>{esc(cite)}</td></tr>"
            )
        parts.append("</table>")
        if self.positions:
            parts.append("<table><tr><th>actor</th><th>stance</th><th>issue</th><th>date</th></tr>")
            for p in self.positions[:HTML_ROWS]:
                parts.append(
                    f"<tr><td>{esc(str(p.get('actor')))}</td><td>{esc(str(p.get('stance')))}</td>"
                    f"<td>{esc(str(p.get('issue')))}</td><td>{esc(str(p.get('date')))}</td></tr>"
                )
            parts.append("</table>")
        return "".join(parts)


@dataclass(frozen=True)
class Analysis:
    """What ``analyse`` found: the stories (largest first) and the whole document."""

    document: Mapping = field(repr=False)
    errors: tuple[IngestError, ...] = ()

    @property
    def stories(self) -> list[AnalysedStory]:
        return [AnalysedStory(s) for s in self.document["stories"]]

    @property
    def articles(self) -> list[dict]:
        return list(self.document["articles"])

    def __iter__(self) -> Iterator[AnalysedStory]:
        return iter(self.stories)

    def __len__(self) -> int:
        return len(self.document["stories"])

    def __repr__(self) -> str:
        return (
            f"Analysis({len(self.document['articles'])} articles, {len(self)} stories, "
            f"{len(self.errors)} errors)"
        )

    def to_json(self) -> str:
        """The ``storyline.json`` text."""
        from .report import to_json

        return to_json(dict(self.document))

    def _repr_html_(self) -> str:
        return "".join(s._repr_html_() for s in self.stories) or "<p>no stories</p>"


def _is_path(item: str) -> bool:
    return "\n" not in item and len(item) < 4096 and (os.path.exists(item) or bool(glob.glob(item)))


def _split(inputs: Input | Iterable[Input]) -> tuple[list[str], list[Document]]:
    """Paths (files, folders, globs) to read, and documents made from texts and records."""
    if isinstance(inputs, str | os.PathLike | Document | Mapping):
        inputs = [inputs]
    paths: list[str] = []
    documents: list[Document] = []
    for index, item in enumerate(inputs):
        if isinstance(item, Document):
            documents.append(item)
        elif isinstance(item, os.PathLike):
            paths.append(os.fspath(item))
        elif isinstance(item, Mapping):
            if not isinstance(item.get("text"), str):
                raise ValueError(f"input {index}: a record needs a 'text' string")
            documents.append(
                Document(
                    raw=item["text"],
                    fmt="json",
                    title=item.get("title"),
                    url=item.get("url"),
                    outlet=item.get("outlet"),
                    published=item.get("published"),
                    source_id=str(item.get("id", f"record-{index}")),
                )
            )
        elif isinstance(item, str):
            if _is_path(item):
                paths.append(item)
            else:
                documents.append(Document(raw=item, fmt="txt", source_id=f"text-{index}"))
        else:
            raise TypeError(
                f"input {index}: expected a text, a path or a record, not {type(item).__name__}"
            )
    return paths, documents


def analyse(
    inputs: Input | Iterable[Input],
    *,
    vectors: str = "tfidf",
    workers: int | None = 1,
    db: str | os.PathLike | None = None,
) -> Analysis:
    """Analyse articles and return their stories with timeline, positions, figures, coverage.

    ``inputs``: article texts (a string that names no existing file is a text), paths
    (files, folders, globs: what ``storyline run`` reads), ``Document`` objects, or
    records (dicts with ``text`` and optionally ``title``, ``url``, ``outlet``,
    ``published``, ``id``); one or a list. ``db`` keeps the store there (the default is
    a temporary one, removed afterwards); ``workers`` processes share the build.
    Inputs that cannot be read are in ``Analysis.errors``, and the rest goes on.
    """
    from .pipeline import build, export_document, ingest
    from .store import Store

    paths, documents = _split(inputs)
    with tempfile.TemporaryDirectory(prefix="storyline-") as folder:
        path = Path(db) if db is not None else Path(folder) / "storyline.db"
        with Store(path) as store:
            report = ingest(store, paths, extra=documents)
            build(store, vectors=vectors, workers=workers)
            document = export_document(store)
    return Analysis(document=document, errors=tuple(report.errors))
