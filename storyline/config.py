"""Settings: the command line, then ``STORYLINE_*`` environment variables, then an optional
``storyline.toml``, then the defaults.

The file is ``$STORYLINE_CONFIG`` when set, else ``storyline.toml`` in the working
directory; every key is optional::

    store = "news.db"          # STORYLINE_STORE
    vectors = "tfidf"          # STORYLINE_VECTORS: tfidf or minilm
    workers = 2                # STORYLINE_WORKERS
    [llm]
    base_url = "http://127.0.0.1:8080/v1"   # STORYLINE_LLM_BASE_URL
    model = "some-model"                    # STORYLINE_LLM_MODEL
    api_key = "..."                         # STORYLINE_LLM_API_KEY

``storyline config`` shows each setting, its value and where it came from.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .errors import StorylineError

FILE_NAME = "storyline.toml"
ENV_FILE = "STORYLINE_CONFIG"
VECTORS = ("tfidf", "minilm")

#: Setting -> (environment variable, key path in the file, default).
SETTINGS: dict[str, tuple[str, tuple[str, ...], object]] = {
    "store": ("STORYLINE_STORE", ("store",), "storyline.db"),
    "vectors": ("STORYLINE_VECTORS", ("vectors",), "tfidf"),
    "workers": ("STORYLINE_WORKERS", ("workers",), None),
    "llm.base_url": ("STORYLINE_LLM_BASE_URL", ("llm", "base_url"), None),
    "llm.model": ("STORYLINE_LLM_MODEL", ("llm", "model"), None),
    "llm.api_key": ("STORYLINE_LLM_API_KEY", ("llm", "api_key"), None),
}
#: Settings ``storyline config`` never prints in full.
SECRET = frozenset({"llm.api_key"})


class ConfigError(StorylineError):
    """A setting has a value storyline cannot use."""


@dataclass(frozen=True)
class Settings:
    values: Mapping[str, object]
    sources: Mapping[str, str]  # setting -> "default", "environment STORYLINE_…" or the file
    file: Path | None = field(default=None)

    @property
    def store(self) -> str:
        return str(self.values["store"])

    @property
    def vectors(self) -> str:
        return str(self.values["vectors"])

    @property
    def workers(self) -> int | None:
        value = self.values["workers"]
        return int(value) if value is not None else None  # type: ignore[call-overload]

    def llm_settings(self) -> dict[str, str]:
        """The ``[llm]`` settings that are set, as ``storyline.llm`` takes them
        (keys ``base_url``, ``model``, ``api_key``)."""
        return {
            name.split(".", 1)[1]: str(value)
            for name, value in self.values.items()
            if name.startswith("llm.") and value is not None
        }

    def shown(self) -> list[tuple[str, str, str]]:
        """``(setting, value, source)`` rows, secrets masked."""
        rows = []
        for name, value in self.values.items():
            text = "-" if value is None else str(value)
            if name in SECRET and value is not None:
                text = "****" + str(value)[-4:] if len(str(value)) > 8 else "****"
            rows.append((name, text, self.sources[name]))
        return rows


def _file(environ: Mapping[str, str], cwd: Path) -> Path | None:
    if environ.get(ENV_FILE):
        path = Path(environ[ENV_FILE])
        if not path.is_file():
            raise ConfigError(f"{path}: no such config file ({ENV_FILE})")
        return path
    path = cwd / FILE_NAME
    return path if path.is_file() else None


def _read(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not a valid TOML file ({exc})") from None


def _check(name: str, value: object, where: str) -> object:
    if name == "workers" and value is not None:
        try:
            number = int(value)  # type: ignore[call-overload]
        except (TypeError, ValueError):
            number = 0
        if number < 1 or isinstance(value, bool) or str(value).strip() != str(number):
            raise ConfigError(
                f"{where}: workers must be a whole number of at least 1, not {value!r}"
            )
        return number
    if name == "vectors" and value not in VECTORS:
        raise ConfigError(f"{where}: vectors must be one of {', '.join(VECTORS)}, not {value!r}")
    if value is not None and not isinstance(value, str):
        raise ConfigError(f"{where}: {name} must be a string, not {value!r}")
    return value


def load(environ: Mapping[str, str] | None = None, cwd: str | Path | None = None) -> Settings:
    """The settings from the environment and the config file (see the module docstring)."""
    environ = os.environ if environ is None else environ
    path = _file(environ, Path(cwd) if cwd is not None else Path.cwd())
    data = _read(path) if path else {}
    known = {keys[0] for _, keys, _ in SETTINGS.values()}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(
            f"{path}: unknown setting(s) {', '.join(unknown)}; known: {', '.join(SETTINGS)}"
        )
    values: dict[str, object] = {}
    sources: dict[str, str] = {}
    for name, (variable, keys, default) in SETTINGS.items():
        found: object = data
        for key in keys:
            found = found.get(key) if isinstance(found, dict) else None
        if environ.get(variable):
            values[name] = _check(name, environ[variable], f"environment {variable}")
            sources[name] = f"environment {variable}"
        elif found is not None:
            values[name] = _check(name, found, f"{path}")
            sources[name] = str(path)
        else:
            values[name] = default
            sources[name] = "default"
    return Settings(values=values, sources=sources, file=path)


def llm_settings(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The LLM endpoint settings (``base_url``, ``model``, ``api_key``, those set)."""
    return load(environ).llm_settings()
