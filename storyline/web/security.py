"""Access control and protective headers for the web app.

- Bound to a loopback address, the app answers only requests whose ``Host`` is a
  loopback name (a web page elsewhere cannot reach it through DNS rebinding).
- Bound anywhere else it needs a token (``--token`` or ``STORYLINE_TOKEN``), and every
  request must carry it: ``Authorization: Bearer T``, an ``X-Storyline-Token`` header, or
  the cookie set when a browser first opens a page with ``?token=T`` (the token is
  then removed from the address bar by a redirect).
- Requests that change something (POST) must carry ``X-Storyline-Request: 1``, which a
  cross-site form cannot send, and a matching ``Origin`` when one is sent.
- Every response carries a Content-Security-Policy that allows only the app's own
  scripts and styles (no inline script), so text that slipped past escaping still
  could not run.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from collections.abc import Awaitable, Callable
from urllib.parse import urlencode, urlsplit

from ..errors import StorylineError

TOKEN_ENV = "STORYLINE_TOKEN"
TOKEN_COOKIE = "storyline_token"
TOKEN_HEADER = "x-storyline-token"
REQUEST_HEADER = "x-storyline-request"
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
}


def is_loopback(host: str) -> bool:
    host = host.strip("[]")
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def resolve_token(host: str, token: str | None) -> str | None:
    """The token the app requires: the given one, else the env var; required off loopback."""
    token = token or os.environ.get(TOKEN_ENV) or None
    if token is not None and len(token.strip()) < 8:
        raise StorylineError("the token must be at least 8 characters long, spaces not counted")
    token = token.strip() if token is not None else None
    if token is None and not is_loopback(host):
        raise StorylineError(
            f"binding to {host} exposes the app to the network; give a token with --token "
            f"or the {TOKEN_ENV} environment variable"
        )
    return token


def local_path(path: str) -> str:
    """``path`` as a redirect target that stays on this server: one leading slash
    (``//evil.example/x`` and ``/\\evil.example`` are other hosts to a browser)."""
    return "/" + path.lstrip("/\\")


def same_origin(origin: str, scheme: str, host: str) -> bool:
    """Whether an ``Origin`` header names this server: same scheme and same host."""
    parts = urlsplit(origin)
    return parts.scheme == scheme and parts.netloc == host


class HeadAsGet:
    """ASGI middleware: a HEAD request is answered as its GET, without the body
    (the routes are declared for GET only, and HEAD got 405)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_headers_only(message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, send_headers_only)


def _host_name(host_header: str) -> str:
    if host_header.startswith("["):
        return host_header[1 : host_header.find("]")] if "]" in host_header else host_header
    return host_header.rsplit(":", 1)[0] if host_header.count(":") == 1 else host_header


def _presented_token(request) -> str | None:
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return request.headers.get(TOKEN_HEADER) or request.cookies.get(TOKEN_COOKIE)


def guard(token: str | None, *, loopback_only: bool) -> Callable:
    """An HTTP middleware enforcing the rules above."""
    from fastapi.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response

    def refuse(request, status: int, message: str):
        response: Response
        if request.url.path.startswith("/api/"):
            response = JSONResponse({"detail": message}, status_code=status)
        else:
            response = PlainTextResponse(message + "\n", status_code=status)
        response.headers.update(HEADERS)
        return response

    async def middleware(request, call_next: Callable[..., Awaitable]):
        host = _host_name(request.headers.get("host", ""))
        if loopback_only and not is_loopback(host):
            return refuse(request, 400, "this server answers only on loopback addresses")
        if token is not None:
            presented = _presented_token(request)
            if presented is None or not secrets.compare_digest(presented.encode(), token.encode()):
                query_token = request.query_params.get("token")
                if (
                    query_token
                    and request.method == "GET"
                    and secrets.compare_digest(query_token.encode(), token.encode())
                ):
                    rest = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
                    target = local_path(request.url.path) + ("?" + urlencode(rest) if rest else "")
                    response = RedirectResponse(target, status_code=303)
                    response.set_cookie(
                        TOKEN_COOKIE, token, httponly=True, samesite="strict", path="/"
                    )
                    response.headers.update(HEADERS)
                    return response
                return refuse(
                    request, 401, "a valid token is required (open the app with ?token=...)"
                )
        if request.method not in SAFE_METHODS:
            if request.headers.get(REQUEST_HEADER) != "1":
                return refuse(
                    request, 403, f"requests that change data must send {REQUEST_HEADER}: 1"
                )
            origin = request.headers.get("origin")
            if origin and not same_origin(
                origin, request.url.scheme, request.headers.get("host", "")
            ):
                return refuse(request, 403, "cross-origin request refused")
        response = await call_next(request)
        for key, value in HEADERS.items():
            response.headers.setdefault(key, value)
        return response

    return middleware
