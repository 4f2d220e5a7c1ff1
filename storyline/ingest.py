"""Reading article files: discovery, size limits, encodings, and one loader per format.

``read_documents`` yields a ``Document`` for every article it can read and an
``IngestError`` for everything it cannot, so one bad file (or one bad line of
a JSONL export) never stops the batch.
"""

from __future__ import annotations

import codecs
import csv
import errno
import glob
import io
import itertools
import json
import logging
import os
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from .model import Document, IngestError

log = logging.getLogger(__name__)

#: Files larger than this are refused with a clear message (``--max-file-size``;
#: decimal, as the option reads "100M").
MAX_FILE_BYTES = 100_000_000
#: Largest single article: a text or HTML file, a JSON or CSV record, a JSONL line, a
#: WARC record (bytes, and never over ``--max-file-size``). The longest T17 article is
#: under 100 kB; a page heavy with markup stays well under this.
MAX_RECORD_BYTES = 10_000_000
#: A gzip member that expands more than this many times its size is refused: JSONL
#: and WARC text compress 3 to 10 times; 1 GB of newlines compresses 200 times.
MAX_GZIP_RATIO = 100
#: Slack on top of the ratio, so small archives of repetitive text pass.
GZIP_SLACK_BYTES = 10_000_000
#: Errors reported for one file before the rest of it is skipped with one more line.
MAX_ERRORS_PER_FILE = 100
#: Share of control bytes (other than tab, newline, carriage return, form feed) above
#: which a file is binary: text has none; random bytes have about 11 %.
MAX_CONTROL_SHARE = 0.01
#: Bytes read at a time from a stream (JSONL lines, gzip members).
BLOCK_BYTES = 1 << 20

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


def display_path(path: str) -> str:
    """A path as it can be printed and stored: bytes that are not UTF-8 (kept by the
    OS as surrogate escapes) and control characters written as ``\\xNN``."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        path = os.fsencode(path).decode("utf-8", errors="backslashreplace")
    return "".join(
        ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode("ascii")
        for ch in path
    )


def _path_error(path: str) -> IngestError | None:
    """The error for a path that cannot be read as an article file, if any."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return IngestError(display_path(path), "file name is not valid UTF-8 (rename it)")
    return None


def _walk(root: str) -> Iterator[str | IngestError]:
    """Article files under ``root``, sorted; links to directories are not followed, and
    dangling links, link loops and unreadable directories each give an error."""
    errors: list[IngestError] = []

    def failed(exc: OSError) -> None:
        errors.append(
            IngestError(display_path(exc.filename or root), f"cannot read: {exc.strerror or exc}")
        )

    found: list[str] = []
    for folder, dirs, files in os.walk(root, onerror=failed):
        dirs.sort()
        for name in dirs:
            full = os.path.join(folder, name)
            if os.path.islink(full) and not os.path.exists(full):
                errors.append(IngestError(display_path(full), _link_problem(full)))
        for name in files:
            full = os.path.join(folder, name)
            if os.path.islink(full) and not os.path.exists(full):
                if _is_article_file(Path(full)):
                    errors.append(IngestError(display_path(full), _link_problem(full)))
            elif _is_article_file(Path(full)):
                found.append(full)
    if not found and not errors:
        yield IngestError(
            root, "directory holds no article files (" + ", ".join(sorted(SUFFIXES)) + ")"
        )
    yield from sorted(errors, key=lambda e: e.path)
    yield from sorted(found, key=Path)  # as Path orders them: part by part


def _link_problem(path: str) -> str:
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop (skipped)"
        return f"dangling symbolic link (skipped): {exc.strerror or exc}"
    return "symbolic link (skipped)"


def _glob(pattern: str) -> list[str]:
    """Paths matching ``pattern`` (``**`` for any depth), sorted, without following
    links to directories (``glob.glob`` loops through them)."""
    parts = Path(pattern).parts
    fixed = [p for p in itertools.takewhile(lambda p: not glob.has_magic(p), parts)]
    root = Path(*fixed) if fixed else Path(".")
    rest = parts[len(fixed) :]
    if not rest:
        return [pattern] if root.exists() else []
    found = []
    hidden_asked = any(part.startswith(".") for part in rest)
    for match in root.glob(str(Path(*rest))):
        relative = match.parts[len(root.parts) if fixed else 0 :]
        if not hidden_asked and any(part.startswith(".") for part in relative):
            continue  # hidden, as glob.glob treats it
        found.append(str(match))
    return sorted(found)


def expand_inputs(inputs: Iterable[str]) -> Iterator[str | IngestError]:
    """Files named by paths, directories (recursive), globs, or ``-`` for stdin."""
    for item in inputs:
        if item == "-":
            yield "-"
            continue
        bad_name = _path_error(item)
        if bad_name is not None:
            yield bad_name
            continue
        try:
            yield from _expand(item)
        except OSError as exc:  # a path over the OS limit, a vanished folder
            yield IngestError(
                display_path(exc.filename or item), f"cannot read: {exc.strerror or exc}"
            )


def _expand(item: str) -> Iterator[str | IngestError]:
    path = Path(item)
    if path.is_dir():
        for found in _walk(item):
            yield found if isinstance(found, IngestError) else (_path_error(found) or found)
    elif path.exists():
        yield str(path)
    elif os.path.islink(item):
        yield IngestError(item, _link_problem(item))
    elif glob.has_magic(item):
        matches = _glob(item)
        if not matches:
            yield IngestError(item, "no file matches this pattern")
        for match in matches:
            if Path(match).is_dir():
                yield from expand_inputs([match])
            else:
                yield _path_error(match) or match
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


_CONTROL_CHARS = dict.fromkeys(b for b in range(32) if b not in b"\t\n\r\f")
_CONTROL_CHARS[0x7F] = None


def drop_controls(text: str) -> str:
    """The text without control characters (NUL and the like, never article text),
    which would otherwise be copied into every report."""
    return text.translate(_CONTROL_CHARS) if _CONTROL.search(text) else text


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode(data: bytes) -> tuple[str, list[str]]:
    """Bytes to text; the warnings say what was guessed. Control characters (a stray
    NUL) are dropped: they are never article text."""
    text, warnings = _decode(data)
    return drop_controls(text), warnings


def _decode(data: bytes) -> tuple[str, list[str]]:
    if data.startswith(_UTF8_BOMS):
        data = data[len(codecs.BOM_UTF8) :]
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError as exc:
            raise Refused(f"not valid UTF-16 ({exc.reason} at byte {exc.start}; skipped)") from None
    if any(data.startswith(sig) for sig in _BINARY_SIGNATURES):
        raise Refused("binary file, not text (skipped)")
    if b"\x00" in data[:4096]:
        raise Refused("binary file, not text (NUL bytes; skipped)")
    if _control_share(data) > MAX_CONTROL_SHARE:
        raise Refused("binary file, not text (control bytes; skipped)")
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


_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\f") + b"\x7f"
_SAMPLE_BYTES = 65_536


def _control_share(data: bytes) -> float:
    """Share of control bytes in the first ``_SAMPLE_BYTES`` (none in any text)."""
    sample = data[:_SAMPLE_BYTES]
    if not sample:
        return 0.0
    return (len(sample) - len(sample.translate(None, _CONTROL_BYTES))) / len(sample)


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
            return f"{n:.0f} {unit}" if unit == "bytes" or n == int(n) else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n:.1f} GB"


def over_limit(what: str, size: int, limit: int, hint: str = "") -> str:
    """'file is 10.2 kB, over the 10 kB limit': exact bytes when the rounding hides it."""
    shown, cap = human_size(size), human_size(limit)
    if shown == cap or size < limit * 1.01:  # rounding would hide the difference
        shown, cap = f"{size:,} bytes", f"{limit:,} bytes"
    return f"{what} is {shown}, over the {cap} limit" + (f" ({hint})" if hint else "")


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
    record: object,
    path: str,
    line: int,
    fmt: str,
    field_map: dict[str, str],
    limit: int = MAX_RECORD_BYTES,
) -> Document | IngestError:
    if not isinstance(record, dict):
        return IngestError(
            path, f"expected an object with a 'text' field, got {type(record).__name__}", line
        )
    values = {key: _pick(record, names, field_map.get(key)) for key, names in FIELDS.items()}
    text = values["text"]
    if isinstance(text, list):  # pre-split sentences
        text = "\n".join(str(t) for t in text)
    if isinstance(text, str):
        text = drop_controls(text)
    if not isinstance(text, str) or not text.strip():
        wanted = field_map.get("text") or "text"
        return IngestError(path, f"record has no '{wanted}' field with article text", line)
    if len(text) > limit:
        return IngestError(path, over_limit("record text", len(text), limit), line)
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


#: What ``json.loads`` raises on text it cannot turn into values: malformed JSON
#: (``JSONDecodeError`` is a ``ValueError``), an integer of more than 4,300 digits
#: (``ValueError``), nesting deeper than the interpreter's stack (``RecursionError``).
_JSON_ERRORS = (ValueError, RecursionError)


def _json_problem(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} (column {exc.colno})"
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    return str(exc).split(";")[0]


def _load_records(
    text: str, path: str, fmt: str, field_map: dict[str, str], limit: int = MAX_RECORD_BYTES
) -> Iterator[Document | IngestError]:
    if fmt == "jsonl":
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            yield _jsonl_record(line, path, number, field_map, limit)
    elif fmt == "json":
        try:
            data = json.loads(text)
        except _JSON_ERRORS as exc:
            where = exc.lineno if isinstance(exc, json.JSONDecodeError) else None
            yield IngestError(path, f"malformed JSON: {_json_problem(exc)}", where)
            return
        if isinstance(data, dict) and isinstance(data.get("articles"), list):
            data = data["articles"]
        records = data if isinstance(data, list) else [data]
        for number, record in enumerate(records, 1):
            yield _from_record(record, path, number, fmt, field_map, limit)
    elif fmt == "csv":
        yield from _load_csv(text, path, field_map, limit)


def _jsonl_record(
    line: str, path: str, number: int, field_map: dict[str, str], limit: int
) -> Document | IngestError:
    try:
        record = json.loads(line)
    except _JSON_ERRORS as exc:
        return IngestError(path, f"malformed JSON line: {_json_problem(exc)}", number)
    return _from_record(record, path, number, "jsonl", field_map, limit)


def _load_csv(
    text: str, path: str, field_map: dict[str, str], limit: int
) -> Iterator[Document | IngestError]:
    """CSV rows; a row that cannot be parsed (a field over the record limit, a stray
    quote) is one error naming the line it starts on, and the rows after it are read."""
    saved = csv.field_size_limit()
    csv.field_size_limit(limit)
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        try:
            reader.fieldnames  # noqa: B018 - reads the header line
        except csv.Error as exc:
            yield IngestError(path, f"malformed CSV header: {exc}", 1)
            return
        errors = 0
        broken = False
        while True:
            first = reader.line_num + 1
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                problem = str(exc)
                if "field larger than field limit" in problem:
                    problem = f"a field is over the {human_size(limit)} limit per record"
                yield IngestError(path, f"malformed CSV: {problem}", first)
                errors += 1
                if errors >= MAX_ERRORS_PER_FILE:
                    yield IngestError(
                        path, "too many malformed rows; the rest of the file is skipped"
                    )
                    return
                broken = True
                continue
            item = _from_record(record, path, first, "csv", field_map, limit)
            if broken and isinstance(item, IngestError):
                broken = False  # the rest of the row that failed: already reported
                continue
            broken = False
            yield item
    finally:
        csv.field_size_limit(saved)


def load_html(
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


def check_gzip(path: str) -> None:
    """Refuse a gzip file that is corrupt, cut off, or expands too far, before any of
    it is read: gzip checks its CRC only at the end, after the garbled records."""
    limit = os.stat(path).st_size * MAX_GZIP_RATIO + GZIP_SLACK_BYTES
    expanded = 0
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
    with open(path, "rb") as fh:
        # 64 kB of input at a time: deflate expands at most about 1,000 times.
        while block := fh.read(65_536):
            while block:
                try:
                    expanded += len(inflater.decompress(block))
                except zlib.error as exc:
                    raise Refused(f"corrupt gzip data ({exc}); nothing read from it") from None
                block = b""
                if inflater.eof:  # the next member, if any (WARC writes one per record)
                    block = inflater.unused_data
                    if block.strip(b"\x00"):
                        inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
                    else:
                        block = b""
                if expanded > limit:
                    raise Refused(
                        f"gzip expands over {MAX_GZIP_RATIO} times its size "
                        f"(over {human_size(limit)}); refused as a likely gzip bomb"
                    )
    if not inflater.eof:
        raise Refused("gzip file is cut off (truncated); nothing read from it")


def _lines(fh, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """``(line number, bytes)`` of each non-blank line of a binary stream, reading at
    most ``BLOCK_BYTES`` at a time; ``None`` for a line over ``limit`` (skipped)."""
    number = 1
    pending = bytearray()
    too_long = False
    while True:
        block = fh.read(BLOCK_BYTES)
        if not block:
            break
        if not pending and not too_long and not block.strip():
            number += block.count(b"\n")  # blank lines, a block at a time
            continue
        start = 0
        while True:
            end = block.find(b"\n", start)
            piece = block[start:] if end < 0 else block[start:end]
            if not too_long:
                if len(pending) + len(piece) > limit:
                    too_long = True
                    pending.clear()
                else:
                    pending += piece
            if end < 0:
                break
            if too_long:
                yield number, None
            elif pending.strip():
                yield number, bytes(pending)
            pending.clear()
            too_long = False
            number += 1
            start = end + 1
    if too_long:
        yield number, None
    elif pending.strip():
        yield number, bytes(pending)


def _stream_jsonl(
    path: str, field_map: dict[str, str], limit: int = MAX_RECORD_BYTES
) -> Iterator[Document | IngestError]:
    """A JSONL export read line by line (gzip too), so its size does not matter; a line
    over the record limit is one error, and the lines after it are read."""
    import gzip

    gzipped = path.lower().endswith(".gz")
    errors = 0
    try:
        if gzipped:
            check_gzip(path)
        with (gzip.open if gzipped else open)(path, "rb") as fh:
            for number, data in _lines(fh, limit):
                if data is None:
                    item: Document | IngestError = IngestError(
                        path, f"line is over the {human_size(limit)} limit per record", number
                    )
                else:
                    line, guessed = _decode_line(data)
                    item = _jsonl_record(line, path, number, field_map, limit)
                    if guessed and isinstance(item, Document):
                        item = replace(
                            item,
                            warnings=("mixed encoding: bytes not valid UTF-8 read as cp1252",),
                        )
                if isinstance(item, IngestError):
                    errors += 1
                    if errors > MAX_ERRORS_PER_FILE:
                        yield IngestError(
                            path, "too many bad lines; the rest of the file is skipped", number
                        )
                        return
                yield item
    except Refused as exc:
        yield IngestError(path, str(exc))
    except (OSError, EOFError, zlib.error) as exc:
        yield IngestError(path, f"cannot read: {getattr(exc, 'strerror', None) or exc}")


def _read_warc(path: str, limit: int = MAX_RECORD_BYTES) -> Iterator[Document | IngestError]:
    """HTML responses in a WARC archive (CC-NEWS layout), one article each; a record
    that cannot be read (binary, over the record limit) is one error naming its number."""
    from .errors import require

    archive = require("warcio.archiveiterator", "scale")
    found = 0
    try:
        if path.lower().endswith(".gz"):
            check_gzip(path)
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
                found += 1
                content = record.content_stream().read(limit + 1)
                if len(content) > limit:
                    yield IngestError(path, f"record is over the {human_size(limit)} limit", number)
                    continue
                try:
                    html, warnings = decode(content)
                except Refused as exc:
                    yield IngestError(path, f"WARC record: {exc}", number)
                    continue
                item = load_html(html, path, url=url, line=number)
                yield (
                    replace(item, warnings=tuple(warnings)) if isinstance(item, Document) else item
                )
    except Refused as exc:
        yield IngestError(path, str(exc))
        return
    except Exception as exc:  # warcio raises bare exceptions for corrupt archives
        yield IngestError(path, f"cannot read WARC archive: {exc}")
        return
    if not found:
        yield IngestError(path, "WARC archive holds no HTML response with status 200")


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
        yield from _read_warc(path, limit)
        return
    if lowered.endswith((".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")):
        yield from _stream_jsonl(path, field_map, limit)
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
        found = _load_records(text, name, fmt, field_map, limit)
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
