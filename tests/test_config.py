"""Settings from STORYLINE_* variables and storyline.toml, shown by ``storyline config``."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from storyline.cli import cli
from storyline.config import ConfigError, llm_settings, load

FILE = """
store = "from-file.db"
workers = 3
[llm]
base_url = "http://127.0.0.1:9999/v1"
model = "tiny"
api_key = "file-secret-123456"
"""


def test_defaults_without_file_or_environment(tmp_path):
    settings = load(environ={}, cwd=tmp_path)
    assert (settings.store, settings.vectors, settings.workers) == ("storyline.db", "tfidf", None)
    assert settings.llm_settings() == {}
    assert set(settings.sources.values()) == {"default"}


def test_environment_wins_over_the_file(tmp_path):
    (tmp_path / "storyline.toml").write_text(FILE)
    settings = load(
        environ={"STORYLINE_STORE": "env.db", "STORYLINE_LLM_MODEL": "big"}, cwd=tmp_path
    )
    assert settings.store == "env.db" and settings.sources["store"] == "environment STORYLINE_STORE"
    assert settings.workers == 3 and settings.sources["workers"] == str(tmp_path / "storyline.toml")
    assert settings.llm_settings() == {
        "base_url": "http://127.0.0.1:9999/v1",
        "model": "big",
        "api_key": "file-secret-123456",
    }
    assert llm_settings({"STORYLINE_LLM_BASE_URL": "http://h/v1"}) == {"base_url": "http://h/v1"}


def test_the_file_can_be_named_by_storyline_config(tmp_path):
    path = tmp_path / "elsewhere.toml"
    path.write_text('vectors = "minilm"\n')
    assert load(environ={"STORYLINE_CONFIG": str(path)}, cwd=tmp_path).vectors == "minilm"
    with pytest.raises(ConfigError, match="no such config file"):
        load(environ={"STORYLINE_CONFIG": str(tmp_path / "missing.toml")}, cwd=tmp_path)


@pytest.mark.parametrize(
    ("text", "environ", "message"),
    [
        ("workers = 0\n", {}, "workers must be a whole number of at least 1"),
        ("", {"STORYLINE_WORKERS": "two"}, "environment STORYLINE_WORKERS: workers must be"),
        ('vectors = "bert"\n', {}, "vectors must be one of tfidf, minilm"),
        ("stores = 'x'\n", {}, "unknown setting(s) stores"),
        ("store = [\n", {}, "not a valid TOML file"),
    ],
)
def test_bad_settings_are_one_clear_error(tmp_path, text, environ, message):
    (tmp_path / "storyline.toml").write_text(text)
    with pytest.raises(ConfigError) as caught:
        load(environ=environ, cwd=tmp_path)
    assert message in str(caught.value)


def test_config_command_shows_values_and_sources_with_the_key_masked(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "storyline.toml").write_text(FILE)
    monkeypatch.setenv("STORYLINE_VECTORS", "minilm")
    result = CliRunner().invoke(cli, ["config", "--json"])
    assert result.exit_code == 0, result.output
    rows = {r["setting"]: r for r in json.loads(result.stdout)}
    assert rows["vectors"] == {
        "setting": "vectors",
        "value": "minilm",
        "source": "environment STORYLINE_VECTORS",
    }
    assert rows["store"]["value"] == "from-file.db"
    assert rows["llm.api_key"]["value"] == "****3456"
    assert "file-secret" not in result.output


def test_commands_take_their_defaults_from_the_settings(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("STORYLINE_STORE", str(tmp_path / "configured.db"))
    (tmp_path / "a.txt").write_text(
        " date 2025-01-02 The council voted on Monday to close the pool."
    )
    result = CliRunner().invoke(cli, ["-q", "ingest", str(tmp_path / "a.txt")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "configured.db").is_file()
    monkeypatch.setenv("STORYLINE_WORKERS", "-1")
    result = CliRunner().invoke(cli, ["build"])
    assert result.exit_code == 1
    last = result.output.strip().splitlines()[-1]
    assert last.startswith("Error: environment STORYLINE_WORKERS: workers must be")
