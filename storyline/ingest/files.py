"""Finding article files: paths, directories (recursive), globs and stdin, in a stable
order; links, unreadable folders and names that are not UTF-8 each give one error."""

from __future__ import annotations

import errno
import glob
import itertools
import logging
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..model import IngestError

log = logging.getLogger(__name__)

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
