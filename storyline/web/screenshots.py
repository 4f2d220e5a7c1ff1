"""Screenshots of the main pages, for the docs: ``python -m storyline.web.screenshots``.

Ingests the given article folders into a fresh store, builds it, serves it on a
free loopback port and captures the pages in headless Chromium::

    python -m storyline.web.screenshots examples --out docs/screenshots --query strike

The committed screenshots show the fictional ``examples/`` corpus, so that no
third-party article text ends up in the repository.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlencode

log = logging.getLogger(__name__)

VIEWPORT = {"width": 1280, "height": 860}

#: An article written for the upload screenshot (not from any corpus).
UPLOAD_SAMPLE = (
    "Negotiators to meet again next week\n\n"
    "Negotiators met again on Monday, March 17, 2025, officials said, and agreed to meet "
    "again next week after what one of them called a useful first session.\n"
)


def build_store(db: Path, data: list[Path]) -> None:
    """Ingest ``data`` (folders or files) into ``db`` and build its stories."""
    from ..errors import StorylineError
    from ..pipeline import build, ingest
    from ..store import Store

    with Store(db) as store:
        report = ingest(store, [str(p) for p in data])
        if report.read == 0:
            raise StorylineError(f"no article could be read from {', '.join(map(str, data))}")
        build(store)


def capture(
    base: str, out: Path, upload_file: Path | None = None, browser=None, query: str = "talks"
) -> list[Path]:
    """Capture the story list, a story (timeline, matrix, coverage), an article and the upload page.

    ``browser``: a launched Playwright browser to use; by default one is started here.
    ``query``: the words searched for the search page's screenshot.
    """
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def shot(page, name: str, *, full: bool = False, locator=None) -> None:
        path = out / f"{name}.png"
        if locator is not None:
            locator.screenshot(path=str(path))
        else:
            page.screenshot(path=str(path), full_page=full)
        written.append(path)

    if browser is None:
        from playwright.sync_api import sync_playwright

        from .live import launch_chromium

        with sync_playwright() as p:
            own = launch_chromium(p)
            try:
                return capture(base, out, upload_file, browser=own, query=query)
            finally:
                own.close()
    page = browser.new_page(viewport=VIEWPORT)
    page.goto(base + "/")
    shot(page, "stories")
    page.click("a.story-link")
    page.wait_for_selector("#entries")
    page.click("#entries li.entry summary")
    page.locator("#timeline").scroll_into_view_if_needed()
    shot(page, "story-timeline", locator=page.locator("#timeline"))
    cell = page.locator("#position-matrix button.cell")
    if cell.count():
        cell.first.click()
    shot(page, "story-positions", locator=page.locator("#positions"))
    shot(page, "story-coverage", locator=page.locator("#coverage"))
    page.locator("#entries li.entry").first.locator("a[href^='/articles/']").first.click()
    page.wait_for_selector("#article-body")
    shot(page, "article")
    page.goto(base + "/?" + urlencode({"q": query}))
    shot(page, "search")
    if upload_file is not None:
        page.goto(base + "/upload")
        page.set_input_files("#upload-files", str(upload_file))
        page.click("#upload-submit")
        page.wait_for_selector("#upload-status[data-state=done]", timeout=120_000)
        shot(page, "upload")
    page.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m storyline.web.screenshots", description=__doc__
    )
    parser.add_argument("data", nargs="+", type=Path, help="article folders or files to show")
    parser.add_argument(
        "--out", type=Path, default=Path("docs/screenshots"), help="folder for the PNGs"
    )
    parser.add_argument("--query", default="talks", help="words to search for the search page")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")

    from .live import chromium_missing, live_server

    missing = chromium_missing()
    if missing:
        print(f"screenshots: {missing}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="storyline-shots-") as tmp:
        db = Path(tmp) / "storyline.db"
        build_store(db, args.data)
        sample = Path(tmp) / "sample" / "negotiators-meet.txt"
        sample.parent.mkdir()
        sample.write_text(UPLOAD_SAMPLE, encoding="utf-8")
        with live_server(db) as base:
            for path in capture(base, args.out, upload_file=sample, query=args.query):
                print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
