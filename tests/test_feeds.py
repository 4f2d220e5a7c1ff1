"""Feeds and URL lists fetched from a real HTTP server on 127.0.0.1 started by the test."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from storyline.feeds import Fetcher, FetchError, read_feeds
from storyline.model import Document, IngestError

PAGE = (
    "<html><head><title>{title}</title><meta property='og:site_name' content='Quay Times'></head>"
    "<body><article><h1>{title}</h1>"
    + "<p>Dockworkers at the northern terminal kept their picket lines on day {n}, the union said in a statement.</p>"
    * 4
    + "</article></body></html>"
)


class Handler(BaseHTTPRequestHandler):
    hits: dict = {}

    def log_message(self, *args):
        pass

    def _send(self, code, body=b"", ctype="text/html; charset=utf-8", headers=()):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        Handler.hits[self.path] = Handler.hits.get(self.path, 0) + 1
        base = f"http://{self.headers['Host']}"
        if self.path == "/robots.txt":
            self._send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        elif self.path == "/feed.xml":
            items = "".join(
                f"<item><title>Day {n}</title><link>{base}/news/{n}</link><pubDate>Tue, 0{n} Mar 2025 09:00:00 GMT</pubDate></item>"
                for n in (4, 5)
            )
            items += f"<item><title>Gone</title><link>{base}/news/gone</link></item>"
            items += f"<item><title>Flaky</title><link>{base}/news/flaky</link></item>"
            items += f"<item><title>Hidden</title><link>{base}/private/x</link></item>"
            rss = f"<?xml version='1.0'?><rss version='2.0'><channel><title>Quay Times</title>{items}</channel></rss>"
            self._send(200, rss.encode(), "application/rss+xml")
        elif self.path == "/urls.txt":
            self._send(200, f"{base}/news/4\n# comment\n{base}/news/5\n".encode(), "text/plain")
        elif self.path.startswith("/news/gone"):
            self._send(404, b"not here")
        elif self.path.startswith("/news/flaky"):
            if Handler.hits[self.path] < 2:
                self._send(503, b"busy", headers=[("Retry-After", "0")])
            else:
                self._send(200, PAGE.format(title="Flaky page", n=9).encode())
        elif self.path.startswith("/news/"):
            n = self.path.rsplit("/", 1)[-1]
            self._send(200, PAGE.format(title=f"Strike day {n}", n=n).encode())
        else:
            self._send(404)


@pytest.fixture
def server():
    Handler.hits = {}
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def quick():
    return Fetcher(delay=0.0, timeout=5, retries=3, backoff=0.0)


def test_feed_pages_errors_retries_and_robots(server):
    items = list(read_feeds([f"{server}/feed.xml"], quick()))
    docs = [i for i in items if isinstance(i, Document)]
    errors = {i.path.rsplit("/", 1)[-1]: i.error for i in items if isinstance(i, IngestError)}
    assert [d.title for d in docs] == ["Strike day 4", "Strike day 5", "Flaky page"]
    assert (
        docs[0].url == f"{server}/news/4" and docs[0].published == "Tue, 04 Mar 2025 09:00:00 GMT"
    )
    assert "picket lines on day 4" in docs[0].text
    assert errors == {"gone": "HTTP 404 Not Found", "x": "disallowed by robots.txt"}
    assert Handler.hits["/news/flaky"] == 2  # retried once after a 503
    assert "/private/x" not in Handler.hits


def test_url_list_and_ingest_into_store(server, store):
    from storyline.pipeline import ingest

    report = ingest(store, [], extra=read_feeds([f"{server}/urls.txt"], quick()))
    assert report.added == 2 and not report.errors
    articles = list(store.articles())
    # an IP address is no outlet: the page's site name decides
    assert [(a.outlet, a.outlet_source) for a in articles] == [("Quay Times", "site_name")] * 2
    assert [a.title for a in articles] == ["Strike day 4", "Strike day 5"]
    assert {a.published for a in articles} == {None}


def test_politeness_delay_between_requests_to_one_host(server):
    slept = []
    fetcher = Fetcher(delay=2.0, retries=1, sleep=slept.append)
    fetcher.get(f"{server}/news/1")
    fetcher.get(f"{server}/news/2")
    assert slept and all(0 < s <= 2.0 for s in slept)


def test_unreachable_host_and_bad_scheme():
    fetcher = Fetcher(delay=0, timeout=1, retries=2, backoff=0)
    with pytest.raises(FetchError, match="cannot connect"):
        fetcher.get("http://127.0.0.1:9/nothing")
    with pytest.raises(FetchError, match="only http"):
        fetcher.get("file:///etc/passwd")
