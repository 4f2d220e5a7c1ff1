"""The package's version, in a module of its own: the stages that write it into their
outputs (``report``, ``exports``, the web pages) import it from here, below the package's
front door (``storyline/__init__``), which re-exports the one-call API of the top layer."""

import hashlib
from functools import cache
from pathlib import Path

__version__ = "0.1.0"


@cache
def analysis_fingerprint() -> str:
    """A hash of the code and data files the analysis is made of (every ``.py`` and
    ``.json`` of the package): a store analysed by other code is analysed again."""
    root = Path(__file__).resolve().parent
    digest = hashlib.blake2b(digest_size=12)
    for path in sorted(p for ext in ("*.py", "*.json") for p in root.rglob(ext)):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
