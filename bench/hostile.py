"""Hostile input: every case of issue 17, generated here, ingested next to valid articles.

Each case is written to a folder (``write_cases``), then ingested by the CLI in a
fresh process (``storyline ingest CASE VALID --db X``) under a time limit, and
judged: exit code, a traceback or not, the error lines that name the case, and
whether each valid article of the run was stored exactly once. ``tests/test_hostile.py``
runs the same cases at small sizes; this suite runs them at the sizes of the issue
(a 50 MB one-line file, a 30 MB JSONL line, 1 GB of gzipped newlines) and checks
that sentence splitting is linear. Nothing here is a published figure; the targets
are the issue's: no traceback, no hang over 60 s, no valid article lost or doubled.

``STORYLINE_UNDER_TEST=/path/to/checkout`` runs the cases against another checkout
(the "before" figures of docs/benchmarks.md were taken on the main branch so).
"""

from __future__ import annotations

import gzip
import io
import json
import os
import random
import sqlite3
import subprocess
import sys
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Seconds a case may run before it counts as a hang (the issue's bar is 60 s).
HANG_S = 60
#: Valid articles ingested with every case.
VALID = 20


@dataclass
class Case:
    """One hostile input: what to pass to ``storyline ingest``, and what must happen."""

    name: str
    item: int  # the numbered item of issue 17 it comes from
    inputs: list[str]
    #: Text every error line about this input holds (None: no error line is due).
    expect: str | None
    #: Articles the hostile input itself must give (None: any number).
    articles: int | None = 0
    stdin: bytes | None = None
    options: list[str] = field(default_factory=list)
    #: Set when the case cannot be built here (root reads any folder, say).
    skip: str | None = None


def valid_articles(folder: Path, n: int = VALID) -> list[Path]:
    """``n`` short invented articles, each different, one file each."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"valid-{i:02d}.txt"
        path.write_text(
            f"The council of district {i} voted on Monday to repair bridge number {i + 100}.\n\n"
            f"Work on the bridge starts on March {i % 27 + 1}, 2024, the council said. "
            f"It should take {i + 3} weeks.\n",
            encoding="utf-8",
        )
        paths.append(path)
    return paths


def _prose(n_chars: int, seed: int = 0) -> str:
    """One paragraph of invented sentences, ``n_chars`` long, no newline."""
    rng = random.Random(seed)
    words = (
        "the council said work on a new road would start soon and cost more than planned".split()
    )
    parts, size = [], 0
    while size < n_chars:
        sentence = " ".join(rng.choice(words) for _ in range(rng.randint(6, 14)))
        sentence = sentence[0].upper() + sentence[1:] + ". "
        parts.append(sentence)
        size += len(sentence)
    return "".join(parts)[:n_chars]


def _record(i: int) -> str:
    return json.dumps(
        {"title": f"Road works {i}", "text": f"The road works in ward {i} began on Monday."}
    )


def _warc(records: list[tuple[str, bytes]], gz: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    for url, body in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.0")
        record = writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), http_headers=headers
        )
        writer.write_record(record)
    return out.getvalue()


def _page(i: int) -> bytes:
    return (
        f"<html><head><title>Harbour {i}</title></head><body><article><p>The harbour of "
        f"town {i} reopened on Tuesday after repairs, the port authority said. Ships "
        f"returned within hours and trade resumed.</p></article></body></html>"
    ).encode()


def write_cases(folder: Path, *, big: bool = False) -> list[Case]:
    """Every case of the issue, written under ``folder``; ``big`` for the issue's sizes.

    At the small sizes the cases about the record limit pass ``--max-file-size 100k``
    (the record limit is never over the file limit); the big ones use the shipped limits.
    """
    folder.mkdir(parents=True, exist_ok=True)
    record = MAX_RECORD_BIG if big else SMALL_RECORD_BYTES
    limit = [] if big else ["--max-file-size", str(SMALL_RECORD_BYTES // 1000) + "k"]
    cases: list[Case] = []

    def put(name: str, data: bytes | str) -> str:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return str(path)

    # 3. inputs that crashed the whole ingest
    text16 = "The ferry resumed service on Monday, the operator said.".encode("utf-16-le")
    cases.append(
        Case("utf16-odd-length", 3, [put("utf16-odd.txt", b"\xff\xfe" + text16 + b"x")], "UTF-16")
    )
    cases.append(
        Case(
            "utf16-lone-surrogate",
            3,
            [put("utf16-surrogate.txt", b"\xff\xfe" + text16 + b"\x00\xd8" + text16)],
            "UTF-16",
        )
    )
    cases.append(
        Case(
            "json-5000-digit-integer",
            3,
            [put("bigint.json", '{"text": "Fine words.", "n": ' + "7" * 5000 + "}")],
            "malformed JSON",
        )
    )
    depth = 100_000
    cases.append(
        Case(
            "json-nested-100000",
            3,
            [put("deep.json", "[" * depth + "]" * depth)],
            "malformed JSON: nested too deeply",
        )
    )
    bad_name = os.fsdecode(bytes(folder) + b"/name-\xff-latin1.txt")
    Path(bad_name).write_text("The dam was inspected on Friday, engineers said.", "utf-8")
    cases.append(Case("file-name-not-utf8", 3, [bad_name], "not valid UTF-8"))
    line = '{"text": "' + "word " * (record // 5 + 1) + '"}'
    jsonl = _record(1) + "\n" + line + "\n" + _record(2) + "\n"
    cases.append(
        Case(
            "jsonl-huge-line",
            3,
            [put("huge-line.jsonl", jsonl)],
            "line is over",
            articles=2,
            options=limit,
        )
    )
    cases.append(
        Case(
            "jsonl-gz-huge-line",
            3,
            [put("huge-line.jsonl.gz", gzip.compress(jsonl.encode(), 1))],
            "line is over",
            articles=2,
            options=limit,
        )
    )
    deep = folder / "deep-tree"
    deep.mkdir(exist_ok=True)
    (deep / "top.txt").write_text("The tunnel opened on Sunday, the city said.", "utf-8")
    fd = os.open(deep, os.O_RDONLY)
    try:
        for _ in range(40):  # 40 x 200 characters: past the 4,096 of PATH_MAX
            name = "d" * 200
            os.mkdir(name, dir_fd=fd)
            inner = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
        leaf = os.open("bottom.txt", os.O_WRONLY | os.O_CREAT, dir_fd=fd)
        os.write(leaf, b"The tunnel closed on Monday, the city said.")
        os.close(leaf)
    finally:
        os.close(fd)
    cases.append(Case("tree-deeper-than-path-max", 3, [str(deep)], "cannot read", articles=1))

    # 4. hangs
    newlines = (1_000_000_000 if big else 30_000_000) // 1_000_000
    inflater = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    bomb = b"".join(inflater.compress(b"\n" * 1_000_000) for _ in range(newlines))
    cases.append(
        Case("gzip-bomb-of-newlines", 4, [put("bomb.jsonl.gz", bomb + inflater.flush())], "gzip")
    )
    loops = folder / "loops"
    loops.mkdir(exist_ok=True)
    (loops / "inside.txt").write_text("The airport reopened on Monday, the agency said.", "utf-8")
    for name, target in (("self", "."), ("parent", ".."), ("a", "b"), ("b", "a")):
        os.symlink(target, loops / name)
    cases.append(Case("glob-over-symlink-loops", 4, [str(loops) + "/**/*.txt"], None, articles=1))

    # 5. silent loss
    cases.append(
        Case(
            "stdin-over-max-file-size",
            5,
            ["-"],
            "standard input is over",
            stdin=_prose(5_000).encode(),
            options=["--max-file-size", "2k"],
        )
    )
    binary = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    warc = _warc(
        [
            ("http://a.example/1", _page(1)),
            ("http://a.example/2", binary),
            ("http://a.example/3", _page(3)),
        ],
        gz=False,
    )
    cases.append(Case("warc-binary-record", 5, [put("mixed.warc", warc)], "binary", articles=2))
    whole = _warc([(f"http://b.example/{i}", _page(i)) for i in range(3)], gz=True)
    cases.append(
        Case("warc-gz-truncated", 5, [put("cut.warc.gz", whole[: len(whole) - 40])], "cut off")
    )
    records = "".join(_record(i) + "\n" for i in range(400)).encode()
    packed = bytearray(gzip.compress(records, 6))
    for at in range(len(packed) // 2, len(packed) // 2 + 8):
        packed[at] ^= 0x55
    cases.append(
        Case("jsonl-gz-corrupt", 5, [put("corrupt.jsonl.gz", bytes(packed))], "corrupt gzip")
    )
    # Over the record limit at the big size (one error naming the row's line, the
    # rows after it read); at the small size over csv's own 131,072, and read whole.
    big_field = ("Word " * ((record if big else 140_000) // 5 + 2)).strip()
    csv_text = (
        'title,text\n"Row one","The market opened on Monday, traders said."\n'
        f'"Row two","{big_field}"\n"Row three","The market closed on Friday, traders said."\n'
    )
    cases.append(
        Case(
            "csv-field-over-limit" if big else "csv-field-over-131072",
            5,
            [put("wide.csv", csv_text)],
            "wide.csv:3:" if big else None,
            articles=2 if big else 3,
        )
    )
    dangling = folder / "links"
    dangling.mkdir(exist_ok=True)
    (dangling / "kept.txt").write_text("The school reopened on Monday, teachers said.", "utf-8")
    os.symlink("nowhere.txt", dangling / "dangling.txt")
    os.symlink("loop-b.txt", dangling / "loop-a.txt")
    os.symlink("loop-a.txt", dangling / "loop-b.txt")
    cases.append(
        Case("dangling-and-looping-links", 5, [str(dangling)], "symbolic link", articles=1)
    )
    locked = folder / "locked"
    (locked / "inner").mkdir(parents=True, exist_ok=True)
    (locked / "open.txt").write_text("The library reopened on Monday, staff said.", "utf-8")
    (locked / "inner" / "hidden.txt").write_text("The pool closed on Monday.", "utf-8")
    os.chmod(locked / "inner", 0)
    cases.append(
        Case(
            "unreadable-directory",
            5,
            [str(locked)],
            "cannot read",
            articles=1,
            skip="running as root, who reads any folder" if os.geteuid() == 0 else None,
        )
    )
    noise = bytes(b for b in random.Random(17).randbytes(200_000) if b)
    cases.append(Case("random-bytes-without-nul", 5, [put("noise.txt", noise)], "binary"))

    # 2. quadratic splitting: these must be ingested, quickly
    line_chars = 250_000 if big else 60_000
    cases.append(
        Case("one-line-paragraph", 2, [put("one-line.txt", _prose(line_chars))], None, articles=1)
    )
    word = "A" * (40_000 if big else 10_000)
    cases.append(
        Case(
            "long-word",
            2,
            [put("long-word.txt", f"The word follows. {word} and then more. Then it ends.")],
            None,
            articles=1,
        )
    )
    entities = 200_000 if big else 20_000
    html = "<html><body><article><p>" + "&#x41;" * entities + "</p></article></body></html>"
    cases.append(Case("html-of-entities", 2, [put("entities.html", html)], None, articles=None))
    huge = 50_000_000 if big else record + 1_000
    cases.append(
        Case(
            "one-line-over-the-record-limit",
            2,
            [put("huge-line.txt", _prose(huge))],
            "over the",
            options=limit,
        )
    )
    # 10. terminal output: the name is shown escaped, the file read
    cases.append(
        Case(
            "ansi-escape-in-file-name",
            10,
            [put("red-\x1b[31mname.txt", "The station reopened on Monday, the railway said.")],
            None,
            articles=1,
        )
    )
    return cases


#: The record limit the small cases are built for (tests lower ``MAX_RECORD_BYTES`` to it).
SMALL_RECORD_BYTES = 100_000
#: The shipped record limit (``ingest.MAX_RECORD_BYTES``), for the big cases.
MAX_RECORD_BIG = 10_000_000


@dataclass
class Outcome:
    case: str
    rc: int | None
    seconds: float
    hung: bool
    traceback: bool
    errors: list[str]
    raw_escape: bool
    valid_stored: int
    duplicates: int
    from_case: int


def stored(db: Path, valid: list[Path]) -> tuple[int, int, int]:
    """(valid articles stored, duplicated rows, other articles) in a store."""
    if not db.exists():
        return 0, 0, 0
    with sqlite3.connect(db) as con:
        rows = con.execute("SELECT path, text FROM articles").fetchall()
    wanted = {str(p) for p in valid}
    paths = [r[0] for r in rows]
    texts = [r[1] for r in rows]
    return (
        sum(1 for p in set(paths) if p in wanted),
        len(texts) - len(set(texts)),
        sum(1 for p in paths if p not in wanted),
    )


def run_case(case: Case, valid: list[Path], db: Path, *, checkout: Path = ROOT) -> Outcome:
    """``storyline ingest`` on the case and the valid articles, in a fresh process."""
    env = {**os.environ, "PYTHONPATH": str(checkout), "COLUMNS": "200"}
    command = [sys.executable, "-m", "storyline", "ingest", *case.inputs]
    command += [*map(str, valid), "--db", str(db), *case.options]
    started = time.perf_counter()
    try:
        done = subprocess.run(
            command, input=case.stdin or b"", capture_output=True, env=env, timeout=HANG_S
        )
        rc: int | None = done.returncode
        err = done.stderr.decode("utf-8", "replace") + done.stdout.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        rc, err = None, ""
    seconds = time.perf_counter() - started
    good, dups, other = stored(db, valid)
    return Outcome(
        case.name,
        rc,
        seconds,
        rc is None,
        "Traceback (most recent call last)" in err,
        [line for line in err.splitlines() if line.startswith("error")],
        "\x1b" in err,
        good,
        dups,
        other,
    )


def splitter_ratio() -> tuple[float, float, float]:
    """Seconds to split one paragraph of 100 kB and of 1 MB (median of 3), and the ratio."""
    import statistics

    from storyline.sentences import split_sentences

    def median(text: str) -> float:
        times = []
        for _ in range(3):
            started = time.perf_counter()
            split_sentences(text)
            times.append(time.perf_counter() - started)
        return statistics.median(times)

    small, large = median(_prose(100_000)), median(_prose(1_000_000))
    return small, large, large / small


def run(shared: Path) -> str:
    """The big cases against ``STORYLINE_UNDER_TEST`` (default: this checkout)."""
    import tempfile

    checkout = Path(os.environ.get("STORYLINE_UNDER_TEST", ROOT))
    rows = [
        f"Cases at the issue's sizes, each ingested with {VALID} valid articles by "
        f"`storyline ingest` in a fresh process (code: `{checkout.name}`), {HANG_S} s limit.",
        "",
        "| item | case | exit | seconds | traceback | error lines | valid stored | duplicates |",
        "|---|---|---|---|---|---|---|---|",
    ]
    with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
        folder = Path(tmp)
        valid = valid_articles(folder / "valid")
        for case in write_cases(folder / "cases", big=True):
            if case.skip:
                rows.append(f"| {case.item} | {case.name} | skipped: {case.skip} | | | | | |")
                continue
            db = folder / f"{case.name}.db"
            out = run_case(case, valid, db, checkout=checkout)
            rows.append(
                f"| {case.item} | {case.name} | {'hung' if out.hung else out.rc} | "
                f"{out.seconds:.1f} | {'yes' if out.traceback else 'no'} | {len(out.errors)} | "
                f"{out.valid_stored}/{VALID} | {out.duplicates} |"
            )
            print(rows[-1], flush=True)
        os.chmod(folder / "cases" / "locked" / "inner", 0o700)
    small, large, ratio = splitter_ratio()
    rows += [
        "",
        f"Sentence splitter on one paragraph: 100 kB {small * 1000:.0f} ms, 1 MB "
        f"{large * 1000:.0f} ms, ratio {ratio:.1f} (target ≤ 15; linear is 10).",
    ]
    return "\n".join(rows)
