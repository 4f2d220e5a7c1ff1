"""Fetching articles from RSS/Atom feeds and URL lists, politely.

Polite means: a User-Agent that names storyline, robots.txt obeyed, at most one
request per host every ``delay`` seconds, a timeout on every request, and a
bounded number of retries with exponential backoff (honouring ``Retry-After``)
on connection errors, 429 and 5xx answers. Each page that cannot be had becomes
one ``IngestError`` naming its URL; the rest of the feed goes on.
"""

from __future__ import annotations

import logging
import time
import urllib.error
import urllib.request
import urllib.robotparser
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from urllib.parse import urljoin, urlparse

from .errors import require
from .ingest import MAX_RECORD_BYTES, Refused, decode, human_size, load_html
from .model import Document, IngestError

log = logging.getLogger(__name__)

USER_AGENT = "storyline/0.1 (+news timeline research tool; polite fetcher)"
#: Seconds between two requests to the same host.
DEFAULT_DELAY = 1.0
DEFAULT_TIMEOUT = 15.0
DEFAULT_RETRIES = 3
#: Longest page body read (bytes); larger answers are cut off with an error.
MAX_PAGE_BYTES = 20_000_000
_RETRY_STATUS = {429, 500, 502, 503, 504}


class FetchError(Exception):
    """A URL could not be fetched; the message says why."""


@dataclass
class Fetcher:
    """HTTP GET with the politeness rules above. ``sleep`` and ``clock`` are injectable for tests."""

    delay: float = DEFAULT_DELAY
    timeout: float = DEFAULT_TIMEOUT
    retries: int = DEFAULT_RETRIES
    backoff: float = 1.0
    user_agent: str = USER_AGENT
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    _last: dict[str, float] = field(default_factory=dict)
    _robots: dict[str, urllib.robotparser.RobotFileParser | None] = field(default_factory=dict)

    def _wait_turn(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            wait = self.delay - (self.clock() - last)
            if wait > 0:
                self.sleep(wait)
        self._last[host] = self.clock()

    def _allowed(self, url: str) -> bool:
        parts = urlparse(url)
        root = f"{parts.scheme}://{parts.netloc}"
        if root not in self._robots:
            parser = urllib.robotparser.RobotFileParser()
            try:
                body = self._get(urljoin(root, "/robots.txt"), tries=1)
                parser.parse(body.decode("utf-8", errors="replace").splitlines())
                self._robots[root] = parser
            except FetchError:
                self._robots[root] = None  # no robots.txt: everything allowed
        rules = self._robots[root]
        return rules is None or rules.can_fetch(self.user_agent, url)

    def _get(self, url: str, *, tries: int | None = None) -> bytes:
        host = urlparse(url).netloc
        attempts = tries or self.retries
        for attempt in range(1, attempts + 1):
            self._wait_turn(host)
            request = urllib.request.Request(url, headers={"User-Agent": self.user_agent})
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                    body = answer.read(MAX_PAGE_BYTES + 1)
                    if len(body) > MAX_PAGE_BYTES:
                        raise FetchError(f"page larger than {MAX_PAGE_BYTES} bytes")
                    return body
            except urllib.error.HTTPError as exc:
                if exc.code not in _RETRY_STATUS or attempt == attempts:
                    raise FetchError(f"HTTP {exc.code} {exc.reason}") from exc
                retry_after = exc.headers.get("Retry-After") if exc.headers else None
                pause = float(retry_after) if retry_after and retry_after.isdigit() else None
            except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
                if attempt == attempts:
                    reason = getattr(exc, "reason", None) or exc
                    raise FetchError(f"cannot connect: {reason}") from exc
                pause = None
            wait = pause if pause is not None else self.backoff * 2 ** (attempt - 1)
            log.info("retrying %s in %.1f s (attempt %d of %d)", url, wait, attempt + 1, attempts)
            self.sleep(wait)
        raise FetchError("no attempts made")  # unreachable: the loop returns or raises

    def get(self, url: str) -> bytes:
        if urlparse(url).scheme not in {"http", "https"}:
            raise FetchError("only http and https URLs are fetched")
        if not self._allowed(url):
            raise FetchError("disallowed by robots.txt")
        return self._get(url)


def _entries(body: bytes) -> list[dict] | None:
    """Feed entries (link, title, published), or None when the body is not a feed."""
    feedparser = require("feedparser", "scale")
    parsed = feedparser.parse(body)
    if not parsed.entries and not parsed.feed.get("title"):
        return None
    entries = []
    for entry in parsed.entries:
        link = entry.get("link")
        if not link:
            continue
        published = entry.get("published") or entry.get("updated")
        entries.append({"url": link, "title": entry.get("title"), "published": published})
    return entries


def _url_list(body: bytes) -> list[dict]:
    lines = body.decode("utf-8", errors="replace").splitlines()
    return [
        {"url": line.strip()} for line in lines if line.strip().startswith(("http://", "https://"))
    ]


def fetch_page(fetcher: Fetcher, entry: dict) -> Document | IngestError:
    url = entry["url"]
    try:
        body = fetcher.get(url)
        if len(body) > MAX_RECORD_BYTES:
            raise Refused(f"page is over the {human_size(MAX_RECORD_BYTES)} limit per record")
        html, warnings = decode(body)
    except (FetchError, Refused) as exc:
        return IngestError(url, str(exc))
    item = load_html(html, url, url=url)
    if isinstance(item, IngestError):
        return item
    return replace(
        item,
        path=None,
        title=item.title or entry.get("title"),
        published=entry.get("published"),
        warnings=tuple(warnings),
    )


def read_feeds(
    sources: Iterable[str], fetcher: Fetcher | None = None
) -> Iterator[Document | IngestError]:
    """Articles linked from each feed (RSS/Atom) or URL list (one URL a line, local file or URL)."""
    fetcher = fetcher or Fetcher()
    for source in sources:
        try:
            if urlparse(source).scheme in {"http", "https"}:
                body = fetcher.get(source)
            else:
                with open(source, "rb") as fh:
                    body = fh.read(MAX_PAGE_BYTES + 1)
                if len(body) > MAX_PAGE_BYTES:
                    raise FetchError(f"feed file larger than {MAX_PAGE_BYTES} bytes")
        except FetchError as exc:
            yield IngestError(source, str(exc))
            continue
        except OSError as exc:
            yield IngestError(source, f"cannot read: {exc.strerror or exc}")
            continue
        entries = _entries(body)
        if entries is None:
            entries = _url_list(body)
        if not entries:
            yield IngestError(source, "neither a feed nor a list of URLs")
            continue
        for entry in entries:
            yield fetch_page(fetcher, entry)
