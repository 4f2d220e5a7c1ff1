"""Progress of long commands, for the CLI layer only (stages and the builder never print).

``StepProgress`` is a ``builder.ProgressCallback``: the builder, the export and the
ingest call it with ``(step, done, total)``. On a terminal it draws one rich bar per
step with its count, rate and elapsed time; otherwise (a log file, CI, a pipe) it writes
plain lines to stderr for the steps that run longer than ``PLAIN_AFTER_S``: one then and
every ``PLAIN_EVERY_S`` seconds while it runs, and one when it ends (a quick step stays
silent, so small jobs print only their result). ``quiet`` shows nothing.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from typing import Any, TextIO

#: Seconds between two plain progress lines of one step: often enough to see a long step
#: move, rare enough that a log of a long build stays readable.
PLAIN_EVERY_S = 10.0
#: A step shorter than this prints no plain lines: the wait is not worth a line.
PLAIN_AFTER_S = 3.0

#: What each step counts.
UNITS = {
    "ingest": "articles",
    "features": "articles",
    "dates": "articles",
    "copies": "pairs",
    "stories": "articles",
    "per-story": "stories",
    "articles": "articles",
    "topics": "topics",
}


@dataclass
class _Step:
    started: float
    done: int = 0
    last_line: float = 0.0
    task: object = None
    finished: bool = False
    announced: bool = False


def _rate(done: int, seconds: float) -> str:
    if seconds <= 0 or not done:
        return "-"
    rate = done / seconds
    return f"{rate:,.0f}/s" if rate >= 10 else f"{rate:.1f}/s"


class StepProgress:
    """Shows the steps of one command (``command`` prefixes the plain lines)."""

    def __init__(
        self,
        command: str,
        *,
        quiet: bool = False,
        terminal: bool | None = None,
        stream: TextIO | None = None,
        clock=time.monotonic,
    ) -> None:
        self.command = command
        self.quiet = quiet
        self.stream = stream or sys.stderr
        self.terminal = self.stream.isatty() if terminal is None else terminal
        self.clock = clock
        self.steps: dict[str, _Step] = {}
        self._bars: Any = None

    def __enter__(self) -> StepProgress:
        if self.terminal and not self.quiet:
            from rich.console import Console
            from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

            self._bars = Progress(
                TextColumn("{task.description:<10}"),
                BarColumn(bar_width=30),
                TextColumn("{task.completed:>8,.0f}{task.fields[of]} {task.fields[unit]}"),
                TextColumn("{task.fields[rate]:>8}"),
                TimeElapsedColumn(),
                console=Console(file=self.stream, highlight=False),
            )
            self._bars.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bars is not None:
            self._bars.stop()
            self._bars = None

    def __call__(self, step: str, done: int, total: int | None) -> None:
        if self.quiet:
            return
        now = self.clock()
        state = self.steps.get(step)
        if state is None:
            state = self.steps[step] = _Step(started=now)
            if self._bars is not None:
                unit = UNITS.get(step, "items")
                state.task = self._bars.add_task(step, total=total, of="", unit=unit, rate="-")
        state.done = done
        if state.finished:
            return
        state.finished = total is not None and done >= total
        elapsed = now - state.started
        if self._bars is not None:
            self._bars.update(
                state.task,  # type: ignore[arg-type]
                completed=done,
                total=total,
                of=f"/{total:,}" if total is not None else "",
                rate=_rate(done, elapsed),
            )
            return
        unit = UNITS.get(step, "items")
        if state.finished:
            if state.announced or elapsed >= PLAIN_AFTER_S:
                rate = _rate(done, elapsed)
                self._line(f"{step} done: {done:,} {unit} in {elapsed:.1f} s ({rate})")
        elif elapsed >= PLAIN_AFTER_S and (
            not state.announced or now - state.last_line >= PLAIN_EVERY_S
        ):
            state.announced = True
            state.last_line = now
            of = f" of {total:,}" if total is not None else ""
            self._line(f"{step}: {done:,}{of} {unit} ({_rate(done, elapsed)})")

    def _line(self, text: str) -> None:
        print(f"{self.command}: {text}", file=self.stream, flush=True)
