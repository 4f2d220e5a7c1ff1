"""Shared fixtures: the benchmark data beside the project, a fresh store."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
BENCHMARKS = SHARED / "benchmarks"
EXAMPLES = ROOT / "examples"


def seed_path(prefix: str) -> Path:
    """The seed file whose name starts with ``prefix`` ("000")."""
    return next(SEEDS.glob(f"{prefix}_*.txt"))


@pytest.fixture
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"the seed articles are not present at {SEEDS} (../shared beside the project)")
    return SEEDS


@pytest.fixture
def benchmarks() -> Path:
    if not BENCHMARKS.is_dir():
        pytest.skip(
            f"the benchmark data is not present at {BENCHMARKS} (../shared beside the project)"
        )
    return BENCHMARKS


@pytest.fixture
def store(tmp_path):
    from storyline.store import Store

    with Store(tmp_path / "test.db") as s:
        yield s


# -- the web tests' end-to-end corpora (test_web.py, test_browser.py) -------------


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """Build each corpus once per session; tests get a private copy."""
    cache: dict[Path, Path] = {}

    def get(source: Path) -> Path:
        if source not in cache:
            db = tmp_path_factory.mktemp("corpus") / "storyline.db"
            from web_support import build_store

            cache[source] = build_store(db, [source])
        return cache[source]

    return get


@pytest.fixture(params=["seeds", "examples"])
def corpus(request) -> Path:
    """The end-to-end test data: ../shared/seeds and the project's examples/ corpus."""
    if request.param == "seeds":
        return request.getfixturevalue("seeds")
    if not any(EXAMPLES.glob("*.*")):
        pytest.skip(f"the example corpus is not present at {EXAMPLES}")
    return EXAMPLES
