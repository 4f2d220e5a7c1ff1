"""Run the benchmarks and write docs/benchmarks.md (``python -m bench [SUITE ...]``)."""

from __future__ import annotations

import importlib
import platform
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DOC = ROOT / "docs" / "benchmarks.md"

#: Suite modules in bench/, in the order their sections appear.
SUITES: list[str] = [
    "web",
    "positions",
    "figures",
    "stories",
    "pages",
    "dates",
    "tls",
    "scale",
    "copies",
    "hostile",
    "export",
]

HEADER = """# Benchmarks

Written by `make bench` (`python -m bench [SUITE ...]` re-runs one suite and
keeps the other sections). Speeds are medians of repeated runs on a noisy
shared machine; compare ratios rather than absolute numbers.
"""


def _machine() -> str:
    import os

    return f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def write_section(name: str, body: str) -> None:
    DOC.parent.mkdir(parents=True, exist_ok=True)
    text = DOC.read_text("utf-8") if DOC.exists() else HEADER
    block = f"<!-- bench:{name} -->\n{body.strip()}\n<!-- /bench:{name} -->"
    pattern = re.compile(
        rf"<!-- bench:{re.escape(name)} -->.*?<!-- /bench:{re.escape(name)} -->", re.S
    )
    text = (
        pattern.sub(lambda _m: block, text)
        if pattern.search(text)
        else text.rstrip() + "\n\n" + block + "\n"
    )
    DOC.write_text(text, "utf-8")


def main(argv: list[str]) -> int:
    if not SHARED.is_dir():
        print(f"bench: the benchmark data is not at {SHARED}; nothing to run", file=sys.stderr)
        return 1
    names = argv or SUITES
    unknown = [n for n in names if n not in SUITES]
    if unknown:
        print(f"bench: unknown suite(s) {unknown}; choose from {SUITES}", file=sys.stderr)
        return 2
    for name in names:
        started = time.time()
        module = importlib.import_module(f"bench.{name}")
        body = module.run(SHARED)
        body += f"\n\n_Machine: {_machine()}. Command: `python -m bench {name}` ({time.time() - started:.0f} s)._"
        write_section(name, body)
        print(body)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
