"""Reading article files: discovery, size limits, encodings, and one loader per format.

``read_documents`` yields a ``Document`` for every article it can read and an
``IngestError`` for everything it cannot, so one bad file (or one bad line of
a JSONL export) never stops the batch.
"""

from __future__ import annotations

import codecs
import csv
import glob
import io
import json
import logging
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from .model import Document, IngestError

log = logging.getLogger(__name__)

#: Files larger than this are refused with a clear message (``--max-file-size``).
MAX_FILE_BYTES = 100 * 1024 * 1024

TEXT_SUFFIXES = {".txt", ".md", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
RECORD_SUFFIXES = {".json", ".jsonl", ".ndjson", ".csv"}
#: Read as a stream, record by record, with no size limit (WARC archives, JSONL exports).
STREAM_SUFFIXES = (".warc", ".warc.gz", ".jsonl.gz", ".ndjson.gz")
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | RECORD_SUFFIXES


#: Files in a directory that document it rather than hold an article (README.md, EXPECTED.md).
DOC_STEMS = frozenset({"readme", "expected", "changelog", "license", "licence", "notes", "index"})


def _is_article_file(path: Path) -> bool:
    name = path.name.lower()
    if path.stem.lower() in DOC_STEMS and path.suffix.lower() in {".md", ".txt"}:
        log.info("%s: skipped as documentation (name it on the command line to read it)", path)
        return False
    return path.suffix.lower() in SUFFIXES or name.endswith(STREAM_SUFFIXES)


#: Field names tried, in order, for each article attribute of a JSON/CSV record.
FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article", "maintext"),
    "title": ("title", "headline"),
    "url": ("url", "link", "href"),
    "published": ("published", "date", "time", "pubdate", "published_at", "date_publish"),
    "outlet": ("outlet", "source", "site", "publisher", "source_domain"),
    "id": ("id", "source_id", "guid", "uid"),
}

_UTF8_BOMS = (codecs.BOM_UTF8,)
_BINARY_SIGNATURES = (b"%PDF", b"PK\x03\x04", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\x7fELF")


class Refused(Exception):
    """A whole file cannot be read; the message names why."""


def expand_inputs(inputs: Iterable[str]) -> Iterator[str | IngestError]:
    """Files named by paths, directories (recursive), globs, or ``-`` for stdin."""
    for item in inputs:
        if item == "-":
            yield "-"
            continue
        path = Path(item)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and _is_article_file(p))
            if not found:
                yield IngestError(
                    item, "directory holds no article files (" + ", ".join(sorted(SUFFIXES)) + ")"
                )
            yield from (str(p) for p in found)
        elif path.exists():
            yield str(path)
        elif any(ch in item for ch in "*?["):
            matches = sorted(glob.glob(item, recursive=True))
            if not matches:
                yield IngestError(item, "no file matches this pattern")
            for match in matches:
                if Path(match).is_dir():
                    yield from expand_inputs([match])
                else:
                    yield match
        else:
            yield IngestError(item, "no such file or directory")


def _surrogate_cp1252(error: UnicodeError) -> tuple[str, int]:
    """Decode a byte that is not valid UTF-8 as cp1252 (latin-1 where cp1252 has no glyph)."""
    assert isinstance(error, UnicodeDecodeError)  # registered for decoding only
    byte = error.object[error.start : error.start + 1]
    try:
        return byte.decode("cp1252"), error.start + 1
    except UnicodeDecodeError:
        return byte.decode("latin-1"), error.start + 1


codecs.register_error("storyline-cp1252", _surrogate_cp1252)


def decode(data: bytes) -> tuple[str, list[str]]:
    """Bytes to text without dropping characters; the warnings say what was guessed."""
    if data.startswith(_UTF8_BOMS):
        data = data[len(codecs.BOM_UTF8) :]
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), []
    if any(data.startswith(sig) for sig in _BINARY_SIGNATURES):
        raise Refused("binary file, not text (skipped)")
    if b"\x00" in data[:4096]:
        raise Refused("binary file, not text (NUL bytes; skipped)")
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    lenient = data.decode("utf-8", errors="replace")
    bad = lenient.count("\ufffd")
    multibyte = sum(1 for ch in lenient if ord(ch) > 127) - bad
    if multibyte > 0:
        # Mostly UTF-8 with stray single-byte characters: a mixed-encoding file.
        text = data.decode("utf-8", errors="storyline-cp1252")
        return text, [f"mixed encoding: {bad} byte(s) not valid UTF-8 were read as cp1252"]
    western = _plausible_cp1252(data)
    if western is not None:
        return western, ["not UTF-8: decoded as cp1252"]
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise Refused("cannot detect the text encoding (binary or corrupt file; skipped)")
    text = str(best)
    if sum(1 for ch in text if not ch.isprintable() and ch not in "\n\r\t\f") > len(text) * 0.05:
        raise Refused("binary file, not text (skipped)")
    return text, [f"not UTF-8: decoded as {best.encoding}"]


#: Characters cp1252 text of a Western European language is made of beyond ASCII.
_WESTERN = set("àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿßÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝ‘’“”–—…€£°©®«»·")


def _plausible_cp1252(data: bytes) -> str | None:
    """cp1252 text when every non-ASCII byte decodes to a common Western character.

    Legacy English news files are overwhelmingly cp1252; charset detection on a
    short text often guesses a Baltic or Cyrillic code page instead.
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    extra = [ch for ch in text if ord(ch) > 127]
    return text if extra and all(ch in _WESTERN for ch in extra) else None


def human_size(n: float) -> str:
    for unit in ("bytes", "kB", "MB"):
        if n < 1000:
            return f"{n:.0f} {unit}"
        n /= 1000
    return f"{n:.1f} GB"


def _read(path: str, max_bytes: int) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read(max_bytes + 1)
    try:
        size = os.stat(path).st_size
    except OSError as exc:
        raise Refused(f"cannot read: {exc.strerror or exc}") from exc
    if size > max_bytes:
        raise Refused(
            f"file is {human_size(size)}, over the {human_size(max_bytes)} limit "
            "(raise it with --max-file-size)"
        )
    if size == 0:
        raise Refused("empty file")
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError as exc:
        raise Refused(f"cannot read: {exc.strerror or exc}") from exc


def _pick(record: dict, names: tuple[str, ...], mapped: str | None) -> object:
    if mapped:
        return record.get(mapped)
    lowered = {str(k).lower(): v for k, v in record.items()}
    for name in names:
        value = lowered.get(name)
        if value not in (None, ""):
            return value
    return None


def _from_record(
    record: object, path: str, line: int, fmt: str, field_map: dict[str, str]
) -> Document | IngestError:
    if not isinstance(record, dict):
        return IngestError(
            path, f"expected an object with a 'text' field, got {type(record).__name__}", line
        )
    values = {key: _pick(record, names, field_map.get(key)) for key, names in FIELDS.items()}
    text = values["text"]
    if isinstance(text, list):  # pre-split sentences
        text = "\n".join(str(t) for t in text)
    if not isinstance(text, str) or not text.strip():
        wanted = field_map.get("text") or "text"
        return IngestError(path, f"record has no '{wanted}' field with article text", line)
    outlet = values["outlet"]
    if isinstance(outlet, dict):  # {"source": {"name": ...}} as news APIs export it
        outlet = outlet.get("name") or outlet.get("title")
    return Document(
        raw=text,
        path=None if path == "-" else path,
        url=_str(values["url"]),
        line=line,
        fmt=fmt,
        source_id=_str(values["id"]),
        title=_str(values["title"]),
        outlet=_str(outlet),
        published=_str(values["published"]),
    )


def _str(value: object) -> str | None:
    if value is None or value == "":
        return None
    return str(value).strip() or None


def _load_records(
    text: str, path: str, fmt: str, field_map: dict[str, str]
) -> Iterator[Document | IngestError]:
    if fmt == "jsonl":
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield IngestError(
                    path, f"malformed JSON line: {exc.msg} (column {exc.colno})", number
                )
                continue
            yield _from_record(record, path, number, fmt, field_map)
    elif fmt == "json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            yield IngestError(path, f"malformed JSON: {exc.msg} (column {exc.colno})", exc.lineno)
            return
        if isinstance(data, dict) and isinstance(data.get("articles"), list):
            data = data["articles"]
        records = data if isinstance(data, list) else [data]
        for number, record in enumerate(records, 1):
            yield _from_record(record, path, number, fmt, field_map)
    elif fmt == "csv":
        reader = csv.DictReader(io.StringIO(text, newline=""))
        try:
            for record in reader:
                yield _from_record(record, path, reader.line_num, fmt, field_map)
        except csv.Error as exc:
            yield IngestError(path, f"malformed CSV: {exc}", reader.line_num)


def _load_html(
    text: str, path: str, *, url: str | None = None, line: int | None = None
) -> Document | IngestError:
    from trafilatura import bare_extraction

    try:
        doc = bare_extraction(
            text,
            url=url,
            with_metadata=True,
            include_comments=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except (ValueError, TypeError) as exc:
        return IngestError(path, f"cannot parse HTML: {exc}")
    if doc is None or isinstance(doc, dict) or not (doc.text or "").strip():
        return IngestError(path, "HTML page holds no article text")
    return Document(
        raw=text,
        text=doc.text,
        path=None if path == "-" else path,
        fmt="html",
        title=doc.title,
        url=doc.url or url,
        line=line,
        site_name=doc.sitename,
        html_date=doc.date,
    )


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


def _decode_line(data: bytes) -> tuple[str, bool]:
    try:
        return data.decode("utf-8"), False
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="storyline-cp1252"), True


def _stream_jsonl(path: str, field_map: dict[str, str]) -> Iterator[Document | IngestError]:
    """A JSONL export read line by line (gzip too), so its size does not matter."""
    import gzip

    opener = gzip.open if path.lower().endswith(".gz") else open
    try:
        with opener(path, "rb") as fh:
            for number, data in enumerate(fh, 1):
                if not data.strip():
                    continue
                line, guessed = _decode_line(data)
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    yield IngestError(
                        path, f"malformed JSON line: {exc.msg} (column {exc.colno})", number
                    )
                    continue
                item = _from_record(record, path, number, "jsonl", field_map)
                if guessed and isinstance(item, Document):
                    item = replace(
                        item, warnings=("mixed encoding: bytes not valid UTF-8 read as cp1252",)
                    )
                yield item
    except (OSError, EOFError) as exc:
        yield IngestError(path, f"cannot read: {getattr(exc, 'strerror', None) or exc}")


def _read_warc(path: str) -> Iterator[Document | IngestError]:
    """HTML responses in a WARC archive (CC-NEWS layout), one article each."""
    from .errors import require

    archive = require("warcio.archiveiterator", "scale")
    found = 0
    try:
        with open(path, "rb") as fh:
            head = fh.read(4)
            if head[:2] != b"\x1f\x8b" and head != b"WARC":
                yield IngestError(path, "not a WARC archive (no WARC/1.x header)")
                return
            fh.seek(0)
            for number, record in enumerate(archive.ArchiveIterator(fh), 1):
                if record.rec_type != "response" or not record.http_headers:
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                status = record.http_headers.get_statuscode()
                ctype = (record.http_headers.get_header("Content-Type") or "").lower()
                if status != "200" or "html" not in ctype:
                    continue
                html, warnings = decode(record.content_stream().read())
                item = _load_html(html, path, url=url, line=number)
                found += 1
                yield (
                    replace(item, warnings=tuple(warnings)) if isinstance(item, Document) else item
                )
    except Refused as exc:
        yield IngestError(path, str(exc))
    except Exception as exc:  # warcio raises bare exceptions for corrupt archives
        yield IngestError(path, f"cannot read WARC archive: {exc}")
        return
    if not found:
        yield IngestError(path, "WARC archive holds no HTML response with status 200")


def read_file(
    path: str, *, max_bytes: int = MAX_FILE_BYTES, field_map: dict[str, str] | None = None
) -> Iterator[Document | IngestError]:
    """Every article in one file (or ``-`` for stdin), or the errors that stopped them."""
    name = "<stdin>" if path == "-" else path
    lowered = path.lower()
    if lowered.endswith((".warc", ".warc.gz")):
        yield from _read_warc(path)
        return
    if lowered.endswith((".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")):
        yield from _stream_jsonl(path, field_map or {})
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
    if fmt == "html":
        found: Iterable[Document | IngestError] = [_load_html(text, name)]
    elif fmt in {"json", "jsonl", "csv"}:
        found = _load_records(text, name, fmt, field_map or {})
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
