"""End-to-end tests in headless Chromium (Debian's ``chromium`` through Python Playwright).

A real server on a free loopback port serves a store built from the end-to-end
corpus (``../shared/seeds``); the tests click through it as a reader would. They
skip, saying why, where Chromium or Playwright is missing (``make test`` installs
both where it can).
"""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest
from web_support import (
    OWN_ARTICLES,
    XSS_RECORD,
    XSS_TEXT,
    copy_store,
)

pytestmark = pytest.mark.browser
expect = pytest.importorskip(
    "playwright.sync_api", reason="Python Playwright is not installed"
).expect

#: Milliseconds Playwright waits for an element or an upload (a guard, not a timing test).
WAIT_MS = 120_000


@pytest.fixture(scope="module")
def browser():
    """Headless system Chromium, one per module."""
    from storyline.web.live import chromium_missing, launch_chromium

    missing = chromium_missing()
    if missing:
        pytest.skip(f"browser tests need Chromium and Playwright: {missing}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = launch_chromium(p)
        yield chromium
        chromium.close()


@pytest.fixture
def site(browser, built, corpus, tmp_path):
    """``(base_url, db)``: a live server over a private copy of the corpus store."""
    from storyline.web.live import live_server

    db = copy_store(built(corpus), tmp_path / "storyline.db")
    with live_server(db) as base:
        yield base, db


@pytest.fixture
def page(browser):
    """A fresh page that records dialogs, uncaught errors and console errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    page.problems = []  # type: ignore[attr-defined]
    page.on("dialog", lambda d: (page.problems.append(f"dialog: {d.message}"), d.dismiss()))
    page.on("pageerror", lambda e: page.problems.append(f"page error: {e}"))
    page.on("console", lambda m: m.type == "error" and page.problems.append(f"console: {m.text}"))
    yield page
    context.close()


def api(base: str, path: str):
    with urllib.request.urlopen(base + path, timeout=30) as response:  # the test's own server
        return json.loads(response.read())


def words(text: str) -> str:
    return " ".join(text.split())


def test_story_list_story_and_timeline_sources(site, page):
    base, _ = site
    stories = api(base, "/api/stories")
    page.goto(base + "/")
    assert page.locator("a.story-link").count() == len(stories)
    story = stories[0]
    page.click(f"a.story-link[href='/stories/{story['id']}']")
    page.wait_for_selector("#entries")
    assert page.locator("#entries > li.entry").count() == len(story["timeline"])
    assert page.locator("#axis .dot-link").count() == len(story["timeline"])
    # Click the dot of the entry with the most sources on the time axis.
    index = max(range(len(story["timeline"])), key=lambda i: len(story["timeline"][i]["sources"]))
    entry = story["timeline"][index]
    page.click(f"#axis .dot-link[data-entry='{index}']")
    details = page.locator(f"#entry-{index} details")
    assert details.evaluate("d => d.open") is True
    sources = page.locator(f"#entry-{index} li.source")
    assert sources.count() == len(entry["sources"])
    for i, source in enumerate(entry["sources"]):
        item = sources.nth(i)
        assert item.is_visible()
        assert item.locator(".outlet").inner_text() == (source["outlet"] or "unknown outlet")
        assert words(item.locator("mark").inner_text()) == words(source["sentence"])
    # The source link opens the article at that sentence.
    sources.first.locator("a").click()
    page.wait_for_selector("#article-body")
    target = page.locator(f"#s{entry['sources'][0]['sentence_index']}")
    assert words(target.inner_text()) == words(entry["sources"][0]["sentence"])
    assert page.problems == []


def test_filter_by_outlet_and_date(site, page):
    from storyline.web.views import date_span

    base, _ = site
    story = api(base, "/api/stories")[0]
    page.goto(f"{base}/stories/{story['id']}")
    outlets_of = [
        {s["outlet"] or "unknown outlet" for s in e["sources"]} for e in story["timeline"]
    ]
    names = sorted(set().union(*outlets_of))
    keep = min(names, key=lambda o: sum(o in s for s in outlets_of))
    for name in names:
        if name != keep:
            page.locator(f"#filters input[name=outlet][value='{name}']").uncheck()
    expected = [i for i, s in enumerate(outlets_of) if keep in s]
    visible = page.locator("#entries > li.entry:not([hidden])")
    expect(visible).to_have_count(len(expected))
    assert [
        int(x) for x in visible.evaluate_all("els => els.map(e => e.dataset.index)")
    ] == expected
    assert page.locator("#axis .dot-link.filtered").count() == len(story["timeline"]) - len(
        expected
    )
    assert page.inner_text("#filter-count") == f"{len(expected)} of {len(story['timeline'])} dates"
    # Dates: keep only entries from the last entry's first day on.
    page.click("#filters button[type=reset]")
    expect(visible).to_have_count(len(story["timeline"]))
    last = max(e["date"] for e in story["timeline"] if len(e["date"]) == 10)
    page.fill("#filters input[name=from]", last)
    # An entry stays when any day it covers is on or after the date ("2025-03" overlaps "2025-03-21").
    later = [e for e in story["timeline"] if date_span(e["date"])[1].isoformat() >= last]
    expect(visible).to_have_count(len(later))
    assert page.problems == []


def _with_positions(db: Path) -> dict:
    """The stored story, given positions when the positions stage has produced none yet.

    The made-up positions point at real sentences of the stored articles (read here,
    not copied into the project) so the matrix has cells to click.
    """
    from storyline.store import Store

    with Store(db) as store:
        story = store.stories()[0]
        if story.get("positions"):
            return story
        articles = [store.article(a) for a in story["article_ids"][:2]]
        rows = [
            ("Hamas", "demand", articles[0], 1),
            ("Israel", "reject", articles[1], 1),
            ("Israel", "accept", articles[1], 2),
        ]
        story["positions"] = [
            {
                "actor": actor,
                "stance": stance,
                "issue": "test issue",
                "target": None,
                "reported_by": None,
                "date": f"2024-0{i + 1}-01",
                "sentence": a.sentences[n].text,
                "article_id": a.id,
                "outlet": a.outlet,
                "cameo": None,
                "plover": None,
            }
            for i, (actor, stance, a, n) in enumerate(rows)
        ]
        story["gaps"] = [{"issue": "test issue", "actors": ["Hamas", "Israel"]}]
        store.replace_stories([(story["id"], story["title"], story, story["article_ids"])])
    return story


def test_click_a_matrix_cell_for_its_history(site, page):
    from storyline.web.views import position_matrix

    base, db = site
    story = _with_positions(db)
    matrix = position_matrix(story)
    issue = matrix["issues"][0]
    # The first button of the first row: the first actor, in column order, with a cell there.
    cell = next(matrix["cells"][issue][a] for a in matrix["actors"] if a in matrix["cells"][issue])
    page.goto(f"{base}/stories/{story['id']}#positions")
    buttons = page.locator("#position-matrix button.cell")
    assert buttons.count() == sum(len(row) for row in matrix["cells"].values())
    button = buttons.first
    panel = page.locator("#" + button.get_attribute("data-cell"))
    assert panel.is_hidden()
    button.click()
    expect(panel).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "true")
    items = panel.locator("ol.history > li")
    assert items.count() == len(cell["history"])
    assert words(items.last.locator("blockquote").inner_text()) == words(
        cell["history"][-1]["sentence"]
    )
    button.click()
    expect(panel).to_be_hidden()
    assert page.problems == []


def test_upload_an_article_and_see_it_in_the_story(site, page, tmp_path):
    base, _ = site
    record = dict(OWN_ARTICLES[0], title="Mediators report progress in Cairo talks")
    path = tmp_path / "upload" / "cairo.json"
    path.parent.mkdir()
    path.write_text(json.dumps(record), encoding="utf-8")
    bad = tmp_path / "upload" / "picture.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n")
    page.goto(base + "/upload")
    page.set_input_files("#upload-files", [str(path), str(bad)])
    page.click("#upload-submit")
    page.wait_for_selector("#upload-status[data-state=done]")
    assert page.locator("#upload-progress").evaluate("p => p.value") == 1
    lines = page.locator("#upload-files-status li")
    assert lines.count() == 2
    assert "added 1 new article" in lines.nth(0).inner_text()
    assert "unsupported file type" in lines.nth(1).inner_text()
    lines.nth(0).locator("a.story-link").click()
    page.wait_for_selector("#articles")
    assert page.locator("#articles a", has_text=record["title"]).count() == 1
    assert page.locator("#filters input[name=outlet][value='Example Wire']").count() == 1
    assert page.problems == []


def test_stored_xss_does_not_execute(site, page, tmp_path):
    base, _ = site
    path = tmp_path / "payload.json"
    path.write_text(json.dumps(XSS_RECORD), encoding="utf-8")
    page.goto(base + "/upload")
    page.set_input_files("#upload-files", str(path))
    page.click("#upload-submit")
    page.wait_for_selector("#upload-status[data-state=done]")
    assert "added 1 new article" in page.inner_text("#upload-files-status")
    story, article_id = next(
        (s, a)
        for s in api(base, "/api/stories")
        for a in s["article_ids"]
        if api(base, f"/api/articles/{a}")["title"] == XSS_RECORD["title"]
    )
    pages = [f"/articles/{article_id}", f"/stories/{story['id']}", "/", "/?q=truce+script"]
    for url in pages:
        page.goto(base + url)
        page.wait_for_load_state("load")
        injected = page.evaluate(
            """() => ({
                xss: window.__xss === undefined ? null : window.__xss,
                inline: document.querySelectorAll('script:not([src])').length,
                images: document.querySelectorAll('img, svg:not(.axis)').length,
                handlers: document.querySelectorAll('[onerror], [onload]').length,
                js_links: document.querySelectorAll('a[href^="javascript:" i]').length,
            })"""
        )
        assert injected == {"xss": None, "inline": 0, "images": 0, "handlers": 0, "js_links": 0}, (
            url
        )
    page.goto(f"{base}/articles/{article_id}")
    page.click("details.raw summary")
    assert page.locator("details.raw textarea").input_value() == XSS_TEXT
    body = page.inner_text("#article-body")
    assert "<script>window.__xss = 1</script>" in body  # shown as text, not run
    assert page.inner_text("h1.article-title") == XSS_RECORD["title"]
    assert page.problems == []


def test_screenshots_of_the_main_pages(site, browser, corpus, tmp_path):
    from storyline.web.screenshots import UPLOAD_SAMPLE, capture

    if corpus.name != "examples":
        pytest.skip("screenshots are taken of the example corpus (as in docs/screenshots)")
    base, _ = site
    sample = tmp_path / "sample.txt"
    sample.write_text(UPLOAD_SAMPLE, encoding="utf-8")
    written = capture(base, tmp_path / "shots", upload_file=sample, browser=browser)
    names = sorted(p.stem for p in written)
    assert names == sorted(
        [
            "stories",
            "story-timeline",
            "story-positions",
            "story-coverage",
            "article",
            "search",
            "upload",
        ]
    )
    for path in written:
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 5_000


def test_exported_story_page_works_offline(browser, built, corpus, tmp_path):
    """``storyline export --format page``: the same story page as one file, its script
    running under the file's own CSP, with links to the article texts inside it."""
    from storyline.store import Store
    from storyline.web.standalone import story_page

    with Store(built(corpus)) as store:
        html = story_page(store)
        story = max(store.stories(), key=lambda s: len(s["article_ids"]))
    path = tmp_path / "story.html"
    path.write_text(html, encoding="utf-8")
    context = browser.new_context()
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.on("request", lambda r: r.url.startswith("file:") or problems.append(f"request: {r.url}"))
    page.goto(path.as_uri())
    index = len(story["timeline"]) - 1
    page.click(f"#axis .dot-link[data-entry='{index}']")  # the inlined script handles it
    assert page.locator(f"#entry-{index} details").evaluate("d => d.open") is True
    source = story["timeline"][index]["sources"][0]
    page.locator(f"#entry-{index} li.source a").first.click()
    target = page.locator(f"#article-{source['article_id']}-s{source['sentence_index']}")
    assert words(target.inner_text()) == words(source["sentence"])
    assert (
        page.evaluate("location.hash")
        == f"#article-{source['article_id']}-s{source['sentence_index']}"
    )
    assert problems == []
    context.close()
