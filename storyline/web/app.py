"""The FastAPI application: server-rendered pages, the JSON API and uploads.

``create_app(db)`` builds the app over one store file; ``serve`` runs it with
uvicorn. Every request opens its own ``Store`` (SQLite connections stay in their
thread), reads the same story objects ``storyline.json`` holds, and renders them
with Jinja2 templates whose autoescaping covers every article-derived string.
Path parameters are ids checked against a fixed pattern; none reaches the
filesystem.

No ``from __future__ import annotations`` here: FastAPI reads the handlers'
annotations at run time, and ``Request`` is imported inside ``create_app``.
"""

import logging
import re
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..errors import require
from ..model import Article
from . import views
from .openapi import install as install_openapi
from .openapi import returns
from .security import HeadAsGet, guard, is_loopback, resolve_token
from .uploads import (
    MAX_FILE_BYTES,
    MAX_FILES,
    MAX_PASTE_CHARS,
    MAX_REQUEST_BYTES,
    FileResult,
    Jobs,
    label,
    pasted_record,
    suffix_for,
)

log = logging.getLogger(__name__)

STORY_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
ARTICLE_ID = re.compile(r"^[0-9a-f]{16}$")
JOB_ID = re.compile(r"^[0-9a-f]{24}$")

#: Story sections other stages add; the story page shows each when non-empty.
SECTIONS = (
    "actors",
    "positions",
    "position_matrix",
    "gaps",
    "shifts",
    "quotes",
    "figures",
    "coverage",
)

STATIC = Path(__file__).with_name("static")

#: Longest search text (characters); a longer one gets an error page, not a 422.
MAX_QUERY_CHARS = 200


class _TooLarge(Exception):
    """The request body grew past ``MAX_REQUEST_BYTES`` while it streamed in."""


def _article_href(context, article_id: str, sentence: int | None = None) -> str:
    """Where a link to an article (sentence) points: its page, or its text further down
    the page in a self-contained export."""
    if context.get("standalone"):
        return f"#article-{article_id}" + (f"-s{sentence}" if sentence is not None else "")
    return f"/articles/{article_id}" + (f"#s{sentence}" if sentence is not None else "")


def templates():
    from jinja2 import Environment, PackageLoader, pass_context

    env = Environment(
        loader=PackageLoader("storyline.web", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        article_href=pass_context(_article_href),
        stance_family=views.stance_family,
        safe_url=views.safe_url,
        present=views.present,
        outlet_name=views.outlet_name,
        max_files=MAX_FILES,
        max_file_mb=MAX_FILE_BYTES / 1e6,
        max_paste=MAX_PASTE_CHARS,
    )
    return env


def story_context(story: dict, articles: dict[str, Article]) -> dict[str, Any]:
    """What the story page template needs, from a story object and its articles."""
    timeline = story.get("timeline") or []
    return {
        "story": story,
        "row": views.story_row(story, articles),
        "axis": views.time_axis(timeline),
        "entries": views.timeline_entries(timeline, articles),
        "outlets": views.story_outlets(story, articles),
        "matrix": views.position_matrix(story),
        "quote_groups": views.quotes_by_speaker(story),
        "coverage": views.coverage_matrix(story, articles),
        "copies": views.copy_groups(story, articles),
        "exclusive": (story.get("coverage") or {}).get("exclusive_claims") or [],
        "coverage_rest": views.coverage_rest(story),
        "articles": articles,
        "has": {key: views.present(story.get(key)) for key in SECTIONS},
    }


def create_app(db: str | Path, *, token: str | None = None, loopback_only: bool = True):
    """The web app over the store at ``db`` (created empty if missing).

    ``token``: when set, every request must carry it. ``loopback_only``: answer only
    requests addressed to a loopback host name (the default for a loopback bind).
    """
    fastapi = require("fastapi", "web")
    from fastapi import HTTPException, Query, Request
    from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse
    from fastapi.staticfiles import StaticFiles
    from starlette.exceptions import HTTPException as StarletteHTTPException

    from ..report import article_to_json
    from ..store import Store
    from ..version import __version__

    db_path = Path(db)
    with Store(db_path):  # creates and migrates the store up front
        pass
    env = templates()
    jobs = Jobs(db_path)

    app = fastapi.FastAPI(
        title="storyline",
        version=__version__,
        description="Stories, timelines, positions and coverage from a storyline store.",
        docs_url=None,  # FastAPI's own pages load scripts from a CDN; /docs is ours
        redoc_url=None,
    )
    install_openapi(app)
    app.middleware("http")(guard(token, loopback_only=loopback_only))
    app.add_middleware(HeadAsGet)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @contextmanager
    def store():
        with Store(db_path) as s:
            yield s

    def page(name: str, status: int = 200, **context: Any) -> HTMLResponse:
        html = env.get_template(name).render(version=__version__, **context)
        return HTMLResponse(html, status_code=status)

    def not_found(what: str) -> HTTPException:
        return HTTPException(status_code=404, detail=f"no {what} with this id")

    def load_story(s: Store, story_id: str) -> dict:
        story = s.story(story_id) if STORY_ID.match(story_id) else None
        if story is None:
            raise not_found("story")
        return story

    def load_article(s: Store, article_id: str, window: tuple[int, int] | None = None):
        """The article (with ``window``, sentences first..first+count of a long one,
        see ``Store.article_window``); returns it and the window, or the whole."""
        part = None
        article: Article | None = None
        if window is not None and ARTICLE_ID.match(article_id):
            part = s.article_window(article_id, *window)
            if part is not None and part.n_sentences and not part.article.sentences:
                last = (part.n_sentences - 1) // window[1] * window[1]  # past the end
                part = s.article_window(article_id, last, window[1])
            if part is None:
                raise not_found("article")
            if part.chars <= views.LONG_ARTICLE_CHARS:
                part = None  # short: read whole, as always
        if part is not None:
            article = part.article
        else:
            article = s.article(article_id) if ARTICLE_ID.match(article_id) else None
        if article is None:
            raise not_found("article")
        original = s.analysis_of(article.id, "duplicate_of")  # from the copies stage
        article = replace(article, duplicate_of=str(original)) if original else article
        return (article, part) if window is not None else article

    def light(s: Store) -> dict[str, Article]:
        """Every current article without its text: title, outlet, date and copy-of."""
        copy_of = s.analysis("duplicate_of")  # written by the copies stage, when it ran
        found = {}
        for row in s.article_rows():
            if row["superseded_by"] is None:
                original = copy_of.get(row["id"])
                found[row["id"]] = Article(
                    id=row["id"],
                    raw="",
                    text="",
                    title=row["title"],
                    outlet=row["outlet"],
                    published=row["published"],
                    duplicate_of=str(original) if original else None,
                )
        return found

    def members(s: Store, story: dict, full: Iterable[str] = ()) -> dict[str, Article]:
        """The story's articles, without texts except for the ids in ``full``."""
        every = light(s)
        found = {a: every[a] for a in story.get("article_ids", []) if a in every}
        for article_id in set(full) & set(found):
            article = s.article(article_id)
            if article is not None:
                found[article_id] = replace(article, duplicate_of=found[article_id].duplicate_of)
        return found

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        return page("error.html.j2", status=exc.status_code, message=str(exc.detail))

    # -- pages --------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def stories_page(q: str = ""):
        from .search import search

        if len(q) > MAX_QUERY_CHARS:
            return page(
                "error.html.j2",
                status=400,
                message=f"The search text is over {MAX_QUERY_CHARS} characters; shorten it.",
            )
        with store() as s:
            stories = s.stories()
            articles = light(s)
            rows = [views.story_row(story, articles) for story in stories]
            results = search(s.db, q) if q.strip() else []
            titles = {r["id"]: r["title"] for r in rows}
            n_articles = s.count_articles()
        return page(
            "stories.html.j2",
            stories=rows,
            q=q,
            results=results,
            titles=titles,
            n_articles=n_articles,
        )

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(story_id: str):
        with store() as s:
            story = load_story(s, story_id)
            cited = {
                x.get("article_id")
                for e in story.get("timeline") or []
                for x in e.get("sources") or []
            }
            articles = members(s, story, full={a for a in cited if isinstance(a, str)})
        context = story_context(story, articles)
        return page("story.html.j2", **context)

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(article_id: str, page_number: int = Query(1, alias="page", ge=1)):
        from ..dates.tagger import tag_article

        first = (page_number - 1) * views.PAGE_SENTENCES
        with store() as s:
            article, part = load_article(s, article_id, (first, views.PAGE_SENTENCES))
            story_id = s.story_of(article.id)
            story = s.story(story_id) if story_id else None
            siblings = members(s, story) if story else {}
        if article.id in siblings:
            article = replace(article, duplicate_of=siblings[article.id].duplicate_of)
        article = tag_article(article)
        copies = [a for a in siblings.values() if a.duplicate_of == article.id]
        original = siblings.get(article.duplicate_of) if article.duplicate_of else None
        spans = views.article_spans(article, story)
        kinds = sorted({k for _, _, k, _ in spans}, key=views.HIGHLIGHT_KINDS.index)
        n_sentences = part.n_sentences if part else len(article.sentences)
        return page(
            "article.html.j2",
            article=article,
            story=story,
            body=views.article_body(article, spans),
            kinds=kinds,
            copies=copies,
            original=original,
            url=views.safe_url(article.url),
            n_sentences=n_sentences,
            pages=views.page_count(n_sentences) if part else 1,
            page_number=article.sentences[0].index // views.PAGE_SENTENCES + 1 if part else 1,
            raw_inline=part is None and len(article.raw) <= views.RAW_INLINE_CHARS,
        )

    @app.get(
        "/articles/{article_id}/raw", response_class=PlainTextResponse, include_in_schema=False
    )
    def article_raw(article_id: str):
        with store() as s:
            article = load_article(s, article_id)
        return PlainTextResponse(article.raw, headers={"content-disposition": "inline"})

    @app.get("/upload", response_class=HTMLResponse, include_in_schema=False)
    def upload_page():
        return page("upload.html.j2")

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs_page():
        return page("docs.html.j2", api=app.openapi())

    # -- JSON API -----------------------------------------------------------

    @app.get(
        "/api/stories",
        summary="Every story, as in storyline.json",
        response_model=None,
        responses=returns("story", many=True),
    )
    def api_stories() -> list[dict]:
        with store() as s:
            return s.stories()

    @app.get(
        "/api/stories/{story_id}",
        summary="One story, as in storyline.json",
        response_model=None,
        responses=returns("story"),
    )
    def api_story(story_id: str) -> dict:
        with store() as s:
            return load_story(s, story_id)

    @app.get(
        "/api/articles/{article_id}",
        summary="One article, as in storyline.json, plus its cleaned text and sentences",
        response_model=None,
        responses=returns("article_detail"),
    )
    def api_article(
        article_id: str,
        offset: int = Query(0, ge=0, description="First sentence returned"),
        limit: int = Query(views.API_SENTENCES, ge=1, le=views.API_SENTENCES),
    ) -> dict:
        with store() as s:
            article, part = load_article(s, article_id, (offset, limit))
            if part is None:  # short: the whole text, sentences offset..offset+limit
                window = replace(article, sentences=article.sentences[offset : offset + limit])
                data = article_to_json(window, s.story_of(article.id))
                data.update(views.api_text(article, offset, limit))
                data["n_sentences"] = len(article.sentences)
            else:
                data = article_to_json(article, s.story_of(article.id))
                data.update(views.api_window(part, offset, limit))
                data["n_sentences"] = part.n_sentences
        return data

    @app.get(
        "/api/search",
        summary="Full-text search over article titles and texts",
        response_model=None,
        responses=returns("search_result", many=True),
    )
    def api_search(q: str = Query(..., min_length=1, max_length=200)) -> list[dict]:
        from .search import search

        with store() as s:
            results = search(s.db, q)
        return [
            {
                **{k: r[k] for k in ("article_id", "outlet", "published", "story_id")},
                "title": "".join(x["text"] for x in r["title"]),
                "snippet": "".join(x["text"] for x in r["snippet"]),
            }
            for r in results
        ]

    @app.post(
        "/api/uploads",
        status_code=202,
        summary="Upload article files (field 'files') or pasted text (field 'text'); "
        "returns a job to poll",
    )
    async def api_upload(request: Request) -> dict:
        too_large = HTTPException(413, f"upload is over the {MAX_REQUEST_BYTES / 1e6:.0f} MB limit")
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > MAX_REQUEST_BYTES:
            raise too_large
        received = 0

        async def counted() -> Any:
            """The body as it streams in, cut off past the limit (a chunked upload has
            no Content-Length to check first)."""
            nonlocal received
            message = await request.receive()
            received += len(message.get("body", b""))
            if received > MAX_REQUEST_BYTES:
                raise _TooLarge
            return message

        try:
            form = await Request(request.scope, counted).form(
                max_files=MAX_FILES, max_fields=20, max_part_size=MAX_PASTE_CHARS * 4
            )
        except _TooLarge:
            raise too_large from None
        except StarletteHTTPException as exc:
            if "Too many files" in str(exc.detail):
                raise HTTPException(
                    413, f"too many files: at most {MAX_FILES} per upload"
                ) from None
            raise HTTPException(400, f"cannot read the upload: {exc.detail}") from None
        try:
            results: list[FileResult] = []
            payloads: list[tuple[FileResult, bytes, str]] = []
            for item in form.getlist("files"):
                if isinstance(item, str) or not hasattr(item, "read"):
                    continue
                data = await item.read(MAX_FILE_BYTES + 1)
                name = label(item.filename)
                if not data and not item.filename:
                    continue  # an empty file input
                result = FileResult(name=name, size=len(data))
                results.append(result)
                suffix = suffix_for(item.filename)
                if len(data) > MAX_FILE_BYTES:
                    result.status, result.error = (
                        "error",
                        f"over the {MAX_FILE_BYTES / 1e6:.0f} MB limit per file",
                    )
                elif not data:
                    result.status, result.error = "error", "empty file"
                elif suffix is None:
                    result.status, result.error = (
                        "error",
                        "unsupported file type; upload .txt, .md, .html, .json, .jsonl or .csv files",
                    )
                else:
                    payloads.append((result, data, suffix))
            text = form.get("text")
            if isinstance(text, str) and text.strip():
                fields: dict[str, str] = {}
                for key in ("title", "outlet", "published"):
                    value = form.get(key)
                    fields[key] = value if isinstance(value, str) else ""
                title = fields["title"].strip()
                result = FileResult(
                    name=f"pasted text{': ' + label(title) if title else ''}", size=len(text)
                )
                results.append(result)
                if len(text) > MAX_PASTE_CHARS:
                    result.status, result.error = (
                        "error",
                        f"pasted text is over {MAX_PASTE_CHARS} characters",
                    )
                else:
                    payloads.append((result, pasted_record(text, **fields), ".json"))
            if not results:
                raise HTTPException(400, "nothing to upload: choose files or paste text")
            job = jobs.submit(results, payloads)
            return job.to_json()
        finally:
            await form.close()

    @app.get("/api/uploads/{job_id}", summary="Progress and per-file results of an upload")
    def api_upload_status(job_id: str) -> dict:
        job = jobs.get(job_id) if JOB_ID.match(job_id) else None
        if job is None:
            raise not_found("upload")
        return job.to_json()

    app.state.jobs = jobs
    app.state.db_path = db_path
    return app


def serve(
    db: str | Path, *, host: str = "127.0.0.1", port: int = 8765, token: str | None = None
) -> None:
    """Run the app with uvicorn until interrupted."""
    uvicorn = require("uvicorn", "web")
    token = resolve_token(host, token)
    app = create_app(db, token=token, loopback_only=is_loopback(host))
    log.info("serving %s on http://%s:%d/", db, host, port)
    uvicorn.run(app, host=host, port=port, log_level="warning")
