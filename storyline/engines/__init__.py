"""Where the per-article stages run: ``local`` (this process, streaming) or ``spark``.

Both engines read the same inputs with the same loaders and stages and give the
same articles; see docs/scaling.md for the Parquet layout the Spark engine writes.
"""

from __future__ import annotations

ENGINES = ("local", "spark")


def check_engine(name: str) -> str:
    if name not in ENGINES:
        raise ValueError(f"unknown engine {name!r}; choose one of: {', '.join(ENGINES)}")
    return name
