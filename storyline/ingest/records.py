"""Records: JSON, JSONL and CSV exports, one article a record; a JSONL export is read
line by line (gzip too), so its size does not matter. A record that cannot be read is
one error naming its line, and the records after it are read."""

from __future__ import annotations

import csv
import io
import json
import zlib
from collections.abc import Iterator
from dataclasses import replace

from ..model import Document, IngestError
from .decoding import Refused, check_gzip, drop_controls, human_size, over_limit

#: Errors reported for one file before the rest of it is skipped with one more line.
MAX_ERRORS_PER_FILE = 100
#: Bytes read at a time from a stream (JSONL lines, gzip members).
BLOCK_BYTES = 1 << 20

#: Field names tried, in order, for each article attribute of a JSON/CSV record.
FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article", "maintext"),
    "title": ("title", "headline"),
    "url": ("url", "link", "href"),
    "published": ("published", "date", "time", "pubdate", "published_at", "date_publish"),
    "outlet": ("outlet", "source", "site", "publisher", "source_domain"),
    "id": ("id", "source_id", "guid", "uid"),
}


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
    limit: int,
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


def load_records(
    text: str, path: str, fmt: str, field_map: dict[str, str], limit: int
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


def _decode_line(data: bytes) -> tuple[str, bool]:
    try:
        return data.decode("utf-8"), False
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="storyline-cp1252"), True


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


def stream_jsonl(
    path: str, field_map: dict[str, str], limit: int
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
