"""An optional extractor of positions by a language model (``--extractor llm``).

The default extractor stays the offline rules and parse of ``storyline.positions``; this
one asks a model behind any OpenAI-compatible ``/chat/completions`` endpoint (a hosted API
or a local server) for position records and returns them as ``PositionClaim`` records,
which the positions stage resolves to actors and groups into issues like its own.

- Settings: ``STORYLINE_LLM_BASE_URL``, ``STORYLINE_LLM_MODEL``, ``STORYLINE_LLM_API_KEY``
  (optional), ``STORYLINE_LLM_TIMEOUT`` from the environment, over an optional mapping
  (a config file's ``llm`` table) with the keys ``base_url``, ``model``, ``api_key``,
  ``timeout``, ``retries``, ``max_chars``, ``cache_dir``.
- Every returned sentence must occur verbatim (after whitespace normalisation) among the
  article's sentences, else the record is dropped; so is a stance outside
  ``positions.STANCES``. Nothing the model invents reaches the output.
- Requests hold the numbered sentences of one or more articles up to ``MAX_CHARS``;
  each is retried with backoff on 429, 5xx, timeouts and refused connections; a request
  that still fails is logged in one line and its articles get no claims (not cached), and
  the other requests go on.
- Answers are cached per article, model and ``PROMPT_VERSION`` as one JSON file under
  ``STORYLINE_CACHE_DIR`` (default ``~/.cache/storyline``)``/llm/``, so a rebuild asks again
  only for new articles.

Only the standard library is used (``urllib``), so the core install needs nothing more.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import logging
import os
import re
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import StorylineError
from .model import Article, PositionClaim

log = logging.getLogger(__name__)

#: Bumped whenever the prompt or the record format changes (it is part of the cache key).
PROMPT_VERSION = "1"
#: Characters of sentences per request: small enough for an 8k-token context with room for
#: the answer, large enough that a short article and its neighbours share one request.
MAX_CHARS = 12_000
#: Seconds to wait for one answer (a local model on a CPU can be slow).
TIMEOUT = 120.0
#: Tries after the first for a request refused with 429/5xx, timed out or not connected.
RETRIES = 3
#: Seconds before the first retry; doubled each time (a Retry-After header wins, up to 60 s).
BACKOFF = 1.0
MAX_RETRY_AFTER = 60.0
ENV = {
    "base_url": "STORYLINE_LLM_BASE_URL",
    "model": "STORYLINE_LLM_MODEL",
    "api_key": "STORYLINE_LLM_API_KEY",
    "timeout": "STORYLINE_LLM_TIMEOUT",
}

_SYSTEM = (
    "You read news sentences and list the positions they state: who (the actor, as the "
    "sentence names it) takes which stance on what (the issue, in the sentence's words), "
    "and, when the sentence says so, at whom the stance is aimed (the target). "
    "Allowed stances: {stances}. Use only sentences given; copy each sentence exactly as "
    "given, without its [id] label. Answer with one JSON object: "
    '{{"records": [{{"id": "<the [id] label of the sentence>", "sentence": "...", '
    '"actor": "...", "stance": "...", "issue": "...", "target": null}}]}}. '
    'When no sentence states a position, answer {{"records": []}}.'
)


class LLMError(StorylineError):
    """The LLM extractor is not configured, or its endpoint answered with an error."""


@dataclass(frozen=True, slots=True)
class Settings:
    base_url: str
    model: str
    api_key: str | None = None
    timeout: float = TIMEOUT
    retries: int = RETRIES
    backoff: float = BACKOFF
    max_chars: int = MAX_CHARS
    cache_dir: Path | None = None  # None: no cache


def default_cache_dir() -> Path:
    root = os.environ.get("STORYLINE_CACHE_DIR") or Path.home() / ".cache" / "storyline"
    return Path(root) / "llm"


def settings(
    config: Mapping[str, Any] | None = None, env: Mapping[str, str] | None = None
) -> Settings:
    """Settings from the environment over ``config``; a clear error when the endpoint or
    the model is not named."""
    env = os.environ if env is None else env
    values: dict[str, Any] = dict(config or {})
    values.update({key: env[name] for key, name in ENV.items() if env.get(name)})
    if not values.get("base_url") or not values.get("model"):
        raise LLMError(
            f"the llm extractor needs {ENV['base_url']} (an OpenAI-compatible endpoint such as "
            f"http://127.0.0.1:8000/v1) and {ENV['model']} set"
        )
    try:
        return Settings(
            base_url=str(values["base_url"]).rstrip("/"),
            model=str(values["model"]),
            api_key=values.get("api_key") or None,
            timeout=float(values.get("timeout", TIMEOUT)),
            retries=int(values.get("retries", RETRIES)),
            backoff=float(values.get("backoff", BACKOFF)),
            max_chars=int(values.get("max_chars", MAX_CHARS)),
            cache_dir=Path(values["cache_dir"]) if values.get("cache_dir") else default_cache_dir(),
        )
    except (TypeError, ValueError) as exc:
        raise LLMError(f"llm settings: {exc}") from None


# -- the endpoint ---------------------------------------------------------------------------


class _Retryable(Exception):
    def __init__(self, reason: str, wait: float | None = None) -> None:
        super().__init__(reason)
        self.wait = wait


def _post(s: Settings, payload: dict) -> dict:
    request = urllib.request.Request(
        f"{s.base_url}/chat/completions",
        data=json.dumps(payload).encode("utf-8"),
        headers={
            "Content-Type": "application/json",
            **({"Authorization": f"Bearer {s.api_key}"} if s.api_key else {}),
        },
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=s.timeout) as response:
            return json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as exc:
        if exc.code == 429 or exc.code >= 500:
            after = exc.headers.get("Retry-After") if exc.headers else None
            wait = float(after) if after and after.strip().isdigit() else None
            raise _Retryable(f"HTTP {exc.code}", wait) from None
        raise LLMError(f"{s.base_url}: HTTP {exc.code} {exc.reason}") from None
    except TimeoutError:
        raise _Retryable(f"no answer within {s.timeout:g} s") from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError | socket.timeout):
            raise _Retryable(f"no answer within {s.timeout:g} s") from None
        raise _Retryable(f"cannot reach {s.base_url}: {exc.reason}") from None
    except (http.client.HTTPException, ConnectionError) as exc:
        raise _Retryable(f"{s.base_url}: connection lost ({exc or type(exc).__name__})") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise LLMError(f"{s.base_url}: the answer is not JSON ({exc})") from None


def _ask(s: Settings, payload: dict, sleep: Callable[[float], None] = time.sleep) -> dict:
    """One request with retries and backoff; ``LLMError`` when every try failed."""
    for attempt in range(s.retries + 1):
        try:
            return _post(s, payload)
        except _Retryable as exc:
            if attempt == s.retries:
                raise LLMError(f"{s.base_url}: {exc} (after {attempt + 1} tries)") from None
            wait = (
                min(exc.wait, MAX_RETRY_AFTER) if exc.wait is not None else s.backoff * 2**attempt
            )
            log.info("llm: %s; trying again in %.1f s", exc, wait)
            sleep(wait)
    raise AssertionError("unreachable")


def _records(answer: dict) -> list[dict]:
    """The records of a chat-completions answer (JSON in the message, code fences allowed)."""
    try:
        content = answer["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError):
        raise LLMError("the answer has no choices[0].message.content") from None
    text = re.sub(r"^\s*```(?:json)?|```\s*$", "", content or "").strip()
    try:
        data = json.loads(text) if text else {"records": []}
    except json.JSONDecodeError as exc:
        raise LLMError(f"the model's answer is not JSON ({exc})") from None
    records = data.get("records", []) if isinstance(data, dict) else data
    return [r for r in records if isinstance(r, dict)] if isinstance(records, list) else []


# -- batching, checking, caching ------------------------------------------------------------


def _norm(text: str) -> str:
    return " ".join(text.split())


def _label(article: Article, index: int) -> str:
    return f"{article.id}#{index}"


def _batches(articles: Sequence[Article], max_chars: int) -> Iterator[list[tuple[Article, int]]]:
    """Requests of (article, sentence index), at most ``max_chars`` of sentences each; an
    article longer than that is split over several."""
    batch: list[tuple[Article, int]] = []
    size = 0
    for article in articles:
        for s in article.sentences:
            if batch and size + len(s.text) > max_chars:
                yield batch
                batch, size = [], 0
            batch.append((article, s.index))
            size += len(s.text) + len(_label(article, s.index)) + 4
    if batch:
        yield batch


def _payload(s: Settings, batch: Sequence[tuple[Article, int]], stances: Sequence[str]) -> dict:
    text_of = {(a.id, x.index): x.text for a, _ in batch for x in a.sentences}
    lines = "\n".join(f"[{_label(a, i)}] {_norm(text_of[(a.id, i)])}" for a, i in batch)
    return {
        "model": s.model,
        "temperature": 0,
        "response_format": {"type": "json_object"},
        "messages": [
            {"role": "system", "content": _SYSTEM.format(stances=", ".join(stances))},
            {"role": "user", "content": lines},
        ],
    }


def _claims(
    records: Sequence[dict], batch: Sequence[tuple[Article, int]], stances: Sequence[str]
) -> tuple[dict[str, list[PositionClaim]], int]:
    """Records checked against the batch's sentences: (claims by article, records dropped)."""
    where: dict[str, list[tuple[str, int]]] = {}
    for a, i in batch:
        text = next(x.text for x in a.sentences if x.index == i)
        where.setdefault(_norm(text), []).append((a.id, i))
    out: dict[str, list[PositionClaim]] = {}
    dropped = 0
    for r in records:
        sentence = _norm(str(r.get("sentence") or ""))
        found = where.get(sentence, [])
        # the same sentence in two articles of the batch (a wire copy): the label decides
        aid, _, idx = str(r.get("id") or "").rpartition("#")
        labelled = [f for f in found if idx.isdigit() and f == (aid, int(idx))]
        found = labelled or found
        stance = str(r.get("stance") or "").strip().lower()
        actor, issue = str(r.get("actor") or "").strip(), str(r.get("issue") or "").strip()
        if not found or stance not in stances or not actor or not issue:
            dropped += 1
            continue
        article_id, index = found[0]
        target = r.get("target")
        out.setdefault(article_id, []).append(
            PositionClaim(
                article_id=article_id,
                sentence_index=index,
                actor=actor,
                stance=stance,
                issue=issue,
                target=str(target).strip() or None if target else None,
            )
        )
    return out, dropped


def _cache_path(s: Settings, article_id: str) -> Path | None:
    if s.cache_dir is None:
        return None
    key = hashlib.sha256(f"{article_id}\0{s.model}\0{PROMPT_VERSION}".encode()).hexdigest()
    return s.cache_dir / f"{key[:32]}.json"


def _cached(s: Settings, article_id: str) -> list[PositionClaim] | None:
    path = _cache_path(s, article_id)
    if path is None or not path.exists():
        return None
    try:
        rows = json.loads(path.read_text("utf-8"))
        return [PositionClaim(**row) for row in rows]
    except (OSError, ValueError, TypeError) as exc:
        log.warning("llm cache %s unreadable (%s); asking again", path, exc)
        return None


def _store(s: Settings, article_id: str, claims: Sequence[PositionClaim]) -> None:
    path = _cache_path(s, article_id)
    if path is None:
        return
    rows = [
        {
            "article_id": c.article_id,
            "sentence_index": c.sentence_index,
            "actor": c.actor,
            "stance": c.stance,
            "issue": c.issue,
            "target": c.target,
            "extractor": c.extractor,
        }
        for c in claims
    ]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(rows, ensure_ascii=False), "utf-8")
        tmp.replace(path)
    except OSError as exc:
        log.warning("llm cache %s not written: %s", path, exc)


def _stances() -> tuple[str, ...]:
    from .positions import STANCES

    return tuple(STANCES)


def extract_claims(
    articles: Sequence[Article],
    config: Settings | Mapping[str, Any] | None = None,
    *,
    sleep: Callable[[float], None] = time.sleep,
) -> dict[str, list[PositionClaim]]:
    """Position claims of the articles by the model, by article id (every article has an
    entry; one whose request failed has none and is asked again next time)."""
    s = config if isinstance(config, Settings) else settings(config)
    stances = _stances()
    out: dict[str, list[PositionClaim]] = {}
    todo = []
    for article in articles:
        hit = _cached(s, article.id)
        if hit is None:
            todo.append(article)
        else:
            out[article.id] = hit
    failed: set[str] = set()
    found: dict[str, list[PositionClaim]] = {}
    for batch in _batches(todo, s.max_chars):
        ids = sorted({a.id for a, _ in batch})
        try:
            records = _records(_ask(s, _payload(s, batch, stances), sleep))
        except LLMError as exc:
            log.error("llm: %d article(s) (%s) left without claims: %s", len(ids), ids[0], exc)
            failed.update(ids)
            continue
        checked, dropped = _claims(records, batch, stances)
        if dropped:
            log.debug("llm: %d record(s) dropped (sentence not verbatim, stance unknown)", dropped)
        for article_id, cs in checked.items():
            found.setdefault(article_id, []).extend(cs)
    for article in todo:
        claims = sorted(
            found.get(article.id, []), key=lambda c: (c.sentence_index, c.actor, c.stance, c.issue)
        )
        out[article.id] = claims
        if article.id not in failed:
            _store(s, article.id, claims)
    return out


# -- the registry -------------------------------------------------------------------------

#: Extractors by name: ``rules`` (the default, offline: the positions stage reads the text
#: itself) and ``llm``.
EXTRACTORS = ("rules", "llm")


def check_extractor(name: str) -> str:
    if name not in EXTRACTORS:
        raise ValueError(f"unknown extractor {name!r}; choose from {', '.join(EXTRACTORS)}")
    return name


def claims_for(
    name: str, articles: Sequence[Article], config: Mapping[str, Any] | None = None
) -> dict[str, list[PositionClaim]] | None:
    """The claims an extractor other than the rules gives (None for ``rules``)."""
    if check_extractor(name) == "rules":
        return None
    return extract_claims(articles, config)
