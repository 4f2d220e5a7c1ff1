"""Reading article files: discovery, size limits, encodings, and one loader per format.

``read_documents`` yields a ``Document`` for every article it can read and an
``IngestError`` for everything it cannot, so one bad file (or one bad line of
a JSONL export) never stops the batch.

This module holds the size limits and picks the loader of each file; the parts:

- ``files``: the files named by paths, directories, globs and stdin;
- ``decoding``: bytes to text (encodings, binary files, control characters, gzip);
- ``records``: JSON, CSV and JSONL records (JSONL read as a stream);
- ``pages``: HTML pages (trafilatura) and WARC archives of them.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from ..model import Document, IngestError
from .decoding import (
    GZIP_SLACK_BYTES,
    MAX_CONTROL_SHARE,
    MAX_GZIP_RATIO,
    Refused,
    check_gzip,
    decode,
    drop_controls,
    human_size,
    over_limit,
)
from .files import (
    DOC_STEMS,
    HTML_SUFFIXES,
    RECORD_SUFFIXES,
    STREAM_SUFFIXES,
    SUFFIXES,
    TEXT_SUFFIXES,
    display_path,
    expand_inputs,
)
from .pages import load_html, read_warc
from .records import BLOCK_BYTES, FIELDS, MAX_ERRORS_PER_FILE, load_records, stream_jsonl

__all__ = [
    "BLOCK_BYTES",
    "DOC_STEMS",
    "FIELDS",
    "GZIP_SLACK_BYTES",
    "HTML_SUFFIXES",
    "MAX_CONTROL_SHARE",
    "MAX_ERRORS_PER_FILE",
    "MAX_FILE_BYTES",
    "MAX_GZIP_RATIO",
    "MAX_RECORD_BYTES",
    "RECORD_SUFFIXES",
    "STREAM_SUFFIXES",
    "SUFFIXES",
    "TEXT_SUFFIXES",
    "Refused",
    "check_gzip",
    "decode",
    "display_path",
    "drop_controls",
    "expand_inputs",
    "human_size",
    "load_html",
    "over_limit",
    "read_documents",
    "read_file",
    "record_limit",
]

log = logging.getLogger(__name__)

#: Files larger than this are refused with a clear message (``--max-file-size``;
#: decimal, as the option reads "100M").
MAX_FILE_BYTES = 100_000_000
#: Largest single article: a text or HTML file, a JSON or CSV record, a JSONL line, a
#: WARC record (bytes, and never over ``--max-file-size``). The longest T17 article is
#: under 100 kB; a page heavy with markup stays well under this.
MAX_RECORD_BYTES = 10_000_000


def record_limit(max_bytes: int) -> int:
    """The largest record read: ``MAX_RECORD_BYTES``, never over the file limit."""
    return min(max_bytes, MAX_RECORD_BYTES)


def _read(path: str, max_bytes: int) -> bytes:
    if path == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise Refused(
                f"standard input is over the {human_size(max_bytes)} limit "
                "(raise it with --max-file-size)"
            )
        if not data:
            raise Refused("empty input")
        return data
    try:
        size = os.stat(path).st_size
    except OSError as exc:
        raise Refused(f"cannot read: {exc.strerror or exc}") from exc
    if size > max_bytes:
        raise Refused(over_limit("file", size, max_bytes, "raise it with --max-file-size"))
    if size == 0:
        raise Refused("empty file")
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError as exc:
        raise Refused(f"cannot read: {exc.strerror or exc}") from exc


def _format_of(path: str, text: str) -> str:
    suffix = Path(path).suffix.lower() if path != "-" else ""
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in {".jsonl", ".ndjson"}:
        return "jsonl"
    if suffix in {".json", ".csv"}:
        return suffix[1:]
    if suffix in TEXT_SUFFIXES:
        return "txt"
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype html", "<html")):
        return "html"
    if head.startswith("{") and "\n{" in text:
        return "jsonl"
    if head.startswith(("{", "[")):
        return "json"
    return "txt"


def read_file(
    path: str, *, max_bytes: int = MAX_FILE_BYTES, field_map: dict[str, str] | None = None
) -> Iterator[Document | IngestError]:
    """Every article in one file (or ``-`` for stdin), or the errors that stopped them.

    Whatever goes wrong inside one file ends as one ``IngestError`` naming it, never
    as an exception: the files after it are still read.
    """
    name = "<stdin>" if path == "-" else display_path(path)
    try:
        yield from _read_file(path, name, max_bytes, field_map or {})
    except (OSError, ValueError, RecursionError, MemoryError, UnicodeError) as exc:
        log.debug("%s: unreadable", name, exc_info=True)
        yield IngestError(name, f"cannot read: {getattr(exc, 'strerror', None) or exc}")


def _read_file(
    path: str, name: str, max_bytes: int, field_map: dict[str, str]
) -> Iterator[Document | IngestError]:
    lowered = path.lower()
    limit = record_limit(max_bytes)
    if lowered.endswith((".warc", ".warc.gz")):
        yield from read_warc(path, limit)
        return
    if lowered.endswith((".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")):
        yield from stream_jsonl(path, field_map, limit)
        return
    try:
        text, warnings = decode(_read(path, max_bytes))
    except Refused as exc:
        yield IngestError(name, str(exc))
        return
    if not text.strip():
        yield IngestError(name, "file holds only whitespace")
        return
    for warning in warnings:
        log.warning("%s: %s", name, warning)
    fmt = _format_of(path, text)
    if fmt in {"html", "txt"} and len(text) > limit:
        yield IngestError(name, over_limit("article text", len(text), limit, "one article a file"))
        return
    if fmt == "html":
        found: Iterable[Document | IngestError] = [load_html(text, name)]
    elif fmt in {"json", "jsonl", "csv"}:
        found = load_records(text, name, fmt, field_map, limit)
    else:
        found = [Document(raw=text, path=None if path == "-" else path, fmt="txt")]
    for item in found:
        yield (
            replace(item, warnings=tuple(warnings))
            if warnings and isinstance(item, Document)
            else item
        )


def read_documents(
    inputs: Iterable[str],
    *,
    max_bytes: int = MAX_FILE_BYTES,
    field_map: dict[str, str] | None = None,
) -> Iterator[Document | IngestError]:
    """Documents from files, directories, globs and stdin, in a stable order."""
    for item in expand_inputs(inputs):
        if isinstance(item, IngestError):
            yield item
        else:
            yield from read_file(item, max_bytes=max_bytes, field_map=field_map)
