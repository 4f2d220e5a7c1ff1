"""The web app through FastAPI's TestClient: pages, JSON API, search, uploads, security.

Views are tested as pure functions; the app on a store built from articles written
here (always) and from the end-to-end corpus (``../shared/seeds``; skipped when absent).
"""

from __future__ import annotations

import html
import json
import re
from datetime import date
from pathlib import Path

import markupsafe
import pytest
from web_support import (
    OWN_ARTICLES,
    XSS_RECORD,
    XSS_TEXT,
    build_store,
    copy_store,
    wait_for_job,
    write_records,
)

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from storyline.errors import StorylineError  # noqa: E402
from storyline.model import Article  # noqa: E402
from storyline.web import search, uploads, views  # noqa: E402
from storyline.web.app import create_app  # noqa: E402
from storyline.web.security import resolve_token  # noqa: E402

LOOPBACK = "http://127.0.0.1:8765"
POST_HEADERS = {"X-Storyline-Request": "1"}


# -- fixtures ----------------------------------------------------------------------


@pytest.fixture
def corpus_db(built, corpus, tmp_path) -> Path:
    return copy_store(built(corpus), tmp_path / "storyline.db")


@pytest.fixture
def own_db(tmp_path) -> Path:
    return build_store(tmp_path / "own.db", write_records(tmp_path / "own", OWN_ARTICLES))


def client_for(db: Path, **kwargs) -> TestClient:
    return TestClient(create_app(db, **kwargs), base_url=LOOPBACK)


def upload(client: TestClient, files=(), **form) -> dict:
    response = client.post("/api/uploads", files=list(files), data=form, headers=POST_HEADERS)
    assert response.status_code == 202, response.text
    return wait_for_job(lambda url: client.get(url).json(), response.json()["id"])


# -- views: pure functions -------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "first", "last"),
    [
        ("2024-03-25", "2024-03-25", "2024-03-25"),
        ("2024-02", "2024-02-01", "2024-02-29"),
        ("2023", "2023-01-01", "2023-12-31"),
        ("2024-W13", "2024-03-25", "2024-03-31"),
        ("2020s", "2020-01-01", "2029-12-31"),
        ("2024-03-01/2024-04", "2024-03-01", "2024-04-30"),
    ],
)
def test_date_span(value, first, last):
    assert views.date_span(value) == (date.fromisoformat(first), date.fromisoformat(last))


@pytest.mark.parametrize("value", ["", None, "2024-13", "2024-02-30", "soon", "24-03-01"])
def test_date_span_rejects(value):
    assert views.date_span(value) is None


def _entry(day: str, n_sources: int = 1, precision: str = "day") -> dict:
    source = {
        "article_id": "a" * 16,
        "sentence_index": 0,
        "outlet": "X",
        "sentence": "s",
        "published": day,
    }
    return {
        "date": day,
        "date_precision": precision,
        "summary": [f"on {day}"],
        "sources": [source] * n_sources,
    }


def test_time_axis_is_a_real_time_scale_with_gaps():
    timeline = [_entry("2024-01-01"), _entry("2024-01-11"), _entry("2024-03-31", 3)]
    axis = views.time_axis(timeline)
    xs = [d["x"] for d in axis["dots"]]
    assert xs == sorted(xs)
    # 10 days then 80 days: the distances keep that ratio (within rounding).
    assert (xs[2] - xs[1]) / (xs[1] - xs[0]) == pytest.approx(8.0, rel=0.02)
    assert [g["days"] for g in axis["gaps"]] == [79]
    assert axis["dots"][2]["r"] > axis["dots"][0]["r"]  # more sources, bigger dot
    assert [t["label"] for t in axis["ticks"]] == ["Jan 2024", "Feb", "Mar"]


def test_time_axis_stacks_close_dates_and_spans_months():
    timeline = [
        _entry("2024-01-01"),
        _entry("2024-01-02"),
        _entry("2024-06", precision="month"),
        _entry("2024-12-31"),
        _entry("x"),
    ]
    axis = views.time_axis(timeline)
    lanes = {d["index"]: d["lane"] for d in axis["dots"]}
    assert (
        lanes[0] != lanes[1]
    )  # one day apart on a year-long axis: stacked, not on top of each other
    assert lanes[3] == 0
    month = next(d for d in axis["dots"] if d["index"] == 2)
    assert not month["point"] and month["x2"] - month["x1"] > 25 * (
        axis["dots"][1]["x"] - axis["dots"][0]["x"]
    )
    assert axis["undated"] == [4]


def test_position_matrix_latest_stance_history_gaps_and_shifts():
    story = {
        "actors": [{"id": "a1", "name": "Hamas"}, {"id": "a2", "name": "Israel"}],
        "positions": [
            {
                "actor": "a1",
                "stance": "demand",
                "issue": "permanent ceasefire",
                "date": "2024-03-26",
            },
            {
                "actor": "a2",
                "stance": "reject",
                "issue": "permanent ceasefire",
                "date": "2024-03-26",
            },
            {
                "actor": "a2",
                "stance": "reject",
                "issue": "return to north Gaza",
                "date": "2024-02-01",
            },
            {
                "actor": "a2",
                "stance": "accept",
                "issue": "return to north Gaza",
                "date": "2024-05-01",
            },
        ],
        "gaps": [{"issue": "permanent ceasefire", "actors": ["a1", "a2"]}],
        "shifts": [
            {"actor": "Israel", "issue": "return to north Gaza", "from": "reject", "to": "accept"}
        ],
    }
    matrix = views.position_matrix(story)
    assert matrix["issues"] == [
        "permanent ceasefire",
        "return to north Gaza",
    ]  # by count, then name
    assert matrix["actors"] == ["Israel", "Hamas"]
    north = matrix["cells"]["return to north Gaza"]["Israel"]
    assert north["stance"] == "accept" and [p["date"] for p in north["history"]] == [
        "2024-02-01",
        "2024-05-01",
    ]
    assert north["shift"] and not north["gap"]
    assert matrix["cells"]["permanent ceasefire"]["Hamas"]["gap"]
    assert matrix["cells"]["permanent ceasefire"]["Hamas"]["family"] == "demand"
    assert matrix["gap_issues"] == ["permanent ceasefire"]
    assert not matrix["cells"]["permanent ceasefire"]["Israel"]["shift"]
    # Without a shifts list, a cell whose stances changed family counts as shifted.
    del story["shifts"]
    assert views.position_matrix(story)["cells"]["return to north Gaza"]["Israel"]["shift"]


def test_position_matrix_of_the_positions_stage_is_used_as_stored():
    # The shape storyline.positions writes: issues × sides, history items without sentences.
    position = {
        "actor": "Netanyahu",
        "side": "Israel",
        "stance": "reject",
        "issue": "end of the war",
        "sentence": "Netanyahu rejected an end of the war.",
        "sentence_index": 3,
        "article_id": "c" * 16,
        "outlet": "X",
        "date": "2024-03-26",
        "cameo": "12",
    }
    story = {
        "positions": [position],
        "position_matrix": {
            "issues": [
                {"issue": "end of the war", "phrases": ["end of the war", "permanent ceasefire"]}
            ],
            "actors": ["Israel"],
            "cells": {
                "end of the war": {
                    "Israel": {
                        "stance": "reject",
                        "date": "2024-03-26",
                        "history": [
                            {
                                k: position[k]
                                for k in (
                                    "stance",
                                    "actor",
                                    "date",
                                    "article_id",
                                    "sentence_index",
                                    "outlet",
                                )
                            }
                        ],
                    }
                }
            },
        },
        "gaps": [
            {
                "issue": "end of the war",
                "for": [{"actor": "Hamas", "stance": "demand"}],
                "against": [{"actor": "Israel", "stance": "reject"}],
            }
        ],
        "shifts": [],
    }
    matrix = views.position_matrix(story)
    cell = matrix["cells"]["end of the war"]["Israel"]
    assert (
        cell["history"][0]["sentence"] == position["sentence"]
        and cell["history"][0]["cameo"] == "12"
    )
    assert cell["gap"] and not cell["shift"]
    assert matrix["phrases"] == {"end of the war": ["permanent ceasefire"]}


def test_coverage_of_the_coverage_stage_is_used_as_stored():
    story = {
        "timeline": [
            {"date": "2024-03-25", "summary": ["a"]},
            {"date": "2024-03-26", "summary": ["b"]},
        ],
        "coverage": {
            "outlets": [
                {
                    "outlet": "Bloomberg",
                    "articles": 2,
                    "copies": 0,
                    "first_published": "2024-03-25",
                    "last_published": "2024-03-26",
                    "share": 0.667,
                },
                {
                    "outlet": None,
                    "articles": 1,
                    "copies": 1,
                    "first_published": None,
                    "last_published": None,
                    "share": 0.333,
                },
            ],
            "events": [
                {"date": "2024-03-25", "first": {"outlet": "Bloomberg"}},
                {"date": "2024-03-26", "first": None},
            ],
            "matrix": {
                "outlets": ["Bloomberg", None],
                "dates": ["2024-03-25", "2024-03-26"],
                "cells": [[1, 2], [0, 1]],
            },
            "copies": [
                {"article_id": "d" * 16, "outlet": None, "copy_of": "e" * 16, "kind": "rewrite"}
            ],
            "exclusive_claims": [],
            "notes": ["kept"],
        },
    }
    table = views.coverage_matrix(story, {})
    assert table["unit"] == "articles" and table["outlets"] == ["Bloomberg", "unknown outlet"]
    assert table["counts"] == {"Bloomberg": [1, 2], "unknown outlet": [0, 1]}
    assert [e["first"] for e in table["events"]] == [["Bloomberg"], []]
    assert [(r["outlet"], r["n_events"], r["n_first"]) for r in table["stats"]] == [
        ("Bloomberg", 2, 1),
        ("unknown outlet", 1, 0),
    ]
    assert views.copy_groups(story, {}) == [
        {
            "canonical": "e" * 16,
            "copies": [{"id": "d" * 16, "kind": "rewrite", "outlet": "unknown outlet"}],
        }
    ]
    assert views.coverage_rest(story) == {"notes": ["kept"]}


def test_empty_sections_are_not_present():
    assert not views.present([]) and not views.present({}) and not views.present({"a": [], "b": {}})
    assert views.present([{"x": 1}]) and views.present({"matrix": {"a": [1]}})
    assert views.position_matrix({"positions": []})["issues"] == []


def test_highlight_segments_overlap_without_nesting():
    text = "On Tuesday Hamas said no."
    spans = [(0, 10, "date", "date: 2024-03-26"), (3, 16, "quote", "quote: X")]
    segments = views.highlight_segments(text, 0, len(text), spans)
    assert "".join(s["text"] for s in segments) == text
    assert [(s["text"], s["kinds"]) for s in segments] == [
        ("On ", ["date"]),
        ("Tuesday", ["date", "quote"]),
        (" Hamas", ["quote"]),
        (" said no.", []),
    ]


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://example.org/a?b=1", True),
        ("http://example.org", True),
        ("javascript:alert(1)", False),
        (" JaVaScRiPt:alert(1)", False),
        ("data:text/html,<script>x</script>", False),
        ('https://example.org/"onmouseover=x', False),
        ("//example.org", False),
        (None, False),
    ],
)
def test_safe_url(url, safe):
    assert (views.safe_url(url) is not None) is safe


def test_article_spans_cover_dates_actors_quotes_and_positions():
    from storyline.dates.tagger import tag_article
    from storyline.sentences import split_sentences

    text = "Hamas rejected the offer on Tuesday. “We will not accept it,” Hamas said."
    article = tag_article(
        Article(
            id="b" * 16,
            raw=text,
            text=text,
            sentences=split_sentences(text),
            published="2024-03-27",
            published_precision="day",
        )
    )
    story = {
        "actors": [{"id": "h", "name": "Hamas", "aliases": []}],
        "positions": [
            {
                "actor": "h",
                "stance": "reject",
                "issue": "the offer",
                "article_id": "b" * 16,
                "sentence": "Hamas rejected the offer on Tuesday.",
            }
        ],
        "quotes": [{"speaker": "h", "text": "We will not accept it,", "article_id": "b" * 16}],
    }
    spans = views.article_spans(article, story)
    found = {(text[s:e], kind) for s, e, kind, _ in spans}
    assert ("Tuesday", "date") in found or ("on Tuesday", "date") in found
    assert ("Hamas", "actor") in found
    assert ("Hamas rejected the offer on Tuesday.", "position") in found
    assert ("We will not accept it,", "quote") in found


# -- search -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("cease-fire talks", '"cease" "fire" "talks"*'),
        ('NEAR(" OR *:', '"NEAR" "OR"*'),
        ("   ", None),
    ],
)
def test_fts_query_quotes_every_word(text, query):
    assert search.fts_query(text) == query


def test_search_finds_words_and_prefixes_and_skips_superseded(store, tmp_path):
    from storyline.pipeline import ingest

    path = tmp_path / "a.txt"
    path.write_text(
        "Mediators in Doha\n\nThe mediators met in Doha on Monday to discuss hostages.\n"
    )
    ingest(store, [str(path)])
    first = [r["article_id"] for r in search.search(store.db, "doha")]
    assert len(first) == 1
    assert search.search(store.db, "hostage") and search.search(
        store.db, "hostag"
    )  # stemming, prefix
    assert search.search(store.db, "Cairo") == []
    path.write_text(
        "Mediators in Cairo\n\nThe mediators met in Cairo on Monday to discuss hostages.\n"
    )
    ingest(store, [str(path)])  # a new version supersedes the old one
    assert search.search(store.db, "doha") == []
    hit = search.search(store.db, "cairo")[0]
    assert hit["article_id"] != first[0]
    assert any(seg["mark"] and seg["text"].lower() == "cairo" for seg in hit["snippet"])


# -- pages and API on the end-to-end corpus -----------------------------------------------


def test_pages_and_api_on_the_corpus(corpus_db):
    from storyline.dates.tagger import tag_article
    from storyline.pipeline import export_document
    from storyline.store import Store

    with Store(corpus_db) as s:
        document = export_document(s)
    client = client_for(corpus_db)
    stories = client.get("/api/stories").json()
    assert stories == document["stories"]  # the same objects as storyline.json
    home = client.get("/")
    assert home.status_code == 200
    for story in stories:
        assert f'href="/stories/{story["id"]}"' in home.text
        assert client.get(f"/api/stories/{story['id']}").json() == story
        page = client.get(f"/stories/{story['id']}")
        assert page.status_code == 200
        assert str(markupsafe.escape(story["title"])) in page.text  # as Jinja escapes it
        for entry in story["timeline"]:
            assert f'id="entry-{story["timeline"].index(entry)}"' in page.text
            assert f'data-first="{views.date_span(entry["date"])[0].isoformat()}"' in page.text
        outlets = {
            a["outlet"] or "unknown outlet"
            for a in document["articles"]
            if a["story_id"] == story["id"]
        }
        for outlet in outlets:
            assert f'value="{html.escape(outlet)}"' in page.text  # a filter checkbox per outlet
        # Sections other stages have not filled yet say so instead of vanishing.
        for section, label in (("quotes", "Quotes"), ("figures", "Figures")):
            if not story.get(section):
                assert f"{label}: not available yet" in page.text
    for article in document["articles"]:
        data = client.get(f"/api/articles/{article['id']}").json()
        assert {k: data[k] for k in article} == article
        page = client.get(f"/articles/{article['id']}")
        assert page.status_code == 200
        with Store(corpus_db) as s:
            mentions = tag_article(s.article(article["id"])).mentions
        for mention in mentions:  # every date the tagger finds is highlighted with its value
            assert f'title="date: {mention.value} ({mention.precision}' in page.text


def test_seed_story_page_facts(corpus_db, corpus):
    if corpus.name != "seeds":
        pytest.skip("facts of the seed articles")
    client = client_for(corpus_db)
    (story,) = client.get("/api/stories").json()
    assert len(story["article_ids"]) == 5
    page = client.get(f"/stories/{story['id']}").text
    assert ">2024-03-26<" in page  # the day of the Doha walk-out, on the axis and in the list
    assert 'value="Bloomberg"' in page
    row = re.search(r'<tr class="story-row">.*?</tr>', client.get("/").text, re.S).group(0)
    assert re.search(r'<td class="num">5</td>', row)


def test_example_story_page_facts(corpus_db, corpus):
    if corpus.name != "examples":
        pytest.skip("facts of the example corpus (examples/EXPECTED.md)")
    client = client_for(corpus_db)
    stories = client.get("/api/stories").json()
    assert sum(len(s["article_ids"]) for s in stories) == 11
    main = max(stories, key=lambda s: len(s["article_ids"]))
    page = client.get(f"/stories/{main['id']}").text
    for outlet in (
        "Harbour Ledger",
        "Meridian Wire",
        "Coastal Courier",
        "Tideway Times",
        "Cargo Weekly",
    ):
        assert f'value="{outlet}"' in page
    assert "2025-03" in page


def test_search_page_and_api(corpus_db):
    from storyline.store import Store

    client = client_for(corpus_db)
    with Store(corpus_db) as s:
        articles = list(s.articles())

    def holds(article, word: str) -> bool:
        return (
            re.search(rf"\b{word}\b", (article.title or "") + " " + article.text, re.I) is not None
        )

    # A name some articles carry and others do not (it tells search apart from "list all").
    names = sorted({w for a in articles for w in re.findall(r"\b[A-Z][a-z]{4,}\b", a.text)})
    word = next(w for w in names if 1 < sum(holds(a, w) for a in articles) < len(articles))
    expected = {a.id for a in articles if holds(a, word)}
    found = client.get("/api/search", params={"q": word}).json()
    assert {r["article_id"] for r in found} == expected
    page = client.get("/", params={"q": word}).text
    assert page.count('class="result"') == len(expected)
    assert re.search(rf"<mark>{word}</mark>", page, re.I)
    assert client.get("/api/search", params={"q": ""}).status_code == 422


@pytest.mark.parametrize(
    "url",
    [
        "/stories/nope",
        "/stories/..%2F..%2Fetc%2Fpasswd",
        "/articles/0123456789abcdef",
        "/articles/..%2Fstoryline.db",
        "/api/articles/ZZZ",
        "/api/uploads/../../x",
        "/static/../storyline.db",
        "/static/..%2F..%2Fapp.py",
    ],
)
def test_unknown_ids_and_paths_are_404(own_db, url):
    response = client_for(own_db).get(url)
    assert response.status_code == 404
    assert "CREATE TABLE" not in response.text and "import" not in response.text


def test_docs_page_lists_the_api_offline(own_db):
    client = client_for(own_db)
    page = client.get("/docs").text
    for path in (
        "/api/stories",
        "/api/stories/{story_id}",
        "/api/articles/{article_id}",
        "/api/uploads",
    ):
        assert f"<code>{path}</code>" in page
    assert "cdn" not in page.lower()
    assert client.get("/openapi.json").json()["info"]["title"] == "storyline"


# -- security ------------------------------------------------------------------------


def test_every_page_has_a_strict_csp_and_no_inline_script(own_db):
    client = client_for(own_db)
    story_id = client.get("/api/stories").json()[0]["id"]
    for url in ("/", "/upload", "/docs", f"/stories/{story_id}", "/?q=cairo"):
        response = client.get(url)
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", response.text))


def test_loopback_server_refuses_other_host_names(own_db):
    client = client_for(own_db)
    assert client.get("/", headers={"host": "attacker.example"}).status_code == 400
    assert client.get("/", headers={"host": "localhost:8765"}).status_code == 200


def test_token_required_on_every_request(own_db):
    token = "s3cret-token-value"
    client = TestClient(
        create_app(own_db, token=token, loopback_only=False), base_url="http://10.0.0.5:8765"
    )
    assert client.get("/").status_code == 401
    assert client.get("/api/stories").status_code == 401
    assert client.get("/static/app.js").status_code == 401
    assert (
        client.get("/api/stories", headers={"Authorization": "Bearer wrong-token-x"}).status_code
        == 401
    )
    assert (
        client.get("/api/stories", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    )
    assert client.get("/api/stories", headers={"X-Storyline-Token": token}).status_code == 200
    first = client.get(f"/?token={token}&q=cairo", follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"] == "/?q=cairo"
    assert "httponly" in first.headers["set-cookie"].lower()
    assert client.get("/").status_code == 200  # the cookie now carries the token
    fresh = TestClient(
        create_app(own_db, token=token, loopback_only=False), base_url="http://10.0.0.5:8765"
    )
    assert fresh.get("/?token=wrong-token-x", follow_redirects=False).status_code == 401


def test_binding_off_loopback_needs_a_token(monkeypatch):
    monkeypatch.delenv("STORYLINE_TOKEN", raising=False)
    with pytest.raises(StorylineError, match="--token"):
        resolve_token("0.0.0.0", None)
    with pytest.raises(StorylineError, match="at least 8"):
        resolve_token("127.0.0.1", "short")
    assert resolve_token("127.0.0.1", None) is None
    assert resolve_token("::1", None) is None
    monkeypatch.setenv("STORYLINE_TOKEN", "from-the-environment")
    assert resolve_token("0.0.0.0", None) == "from-the-environment"


def test_serve_command_refuses_a_public_bind_without_token(monkeypatch, tmp_path):
    from click.testing import CliRunner

    from storyline.cli import cli

    monkeypatch.delenv("STORYLINE_TOKEN", raising=False)
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "x.db"), "--host", "0.0.0.0"])
    assert result.exit_code != 0 and "--token" in result.output
    assert "Traceback" not in result.output


def test_posts_need_the_request_header_and_same_origin(own_db):
    client = client_for(own_db)
    files = [("files", ("a.txt", b"Some text about talks in Cairo on Monday.", "text/plain"))]
    assert client.post("/api/uploads", files=files).status_code == 403
    bad_origin = {**POST_HEADERS, "Origin": "https://attacker.example"}
    assert client.post("/api/uploads", files=files, headers=bad_origin).status_code == 403


def test_stored_xss_renders_inert(own_db):
    client = client_for(own_db)
    record = json.dumps(XSS_RECORD).encode()
    job = upload(client, [("files", ("x.json", record, "application/json"))])
    assert job["state"] == "done" and job["files"][0]["status"] == "added", job
    article_id = job["files"][0]["articles"][0]
    story_id = job["files"][0]["stories"][0]
    pages = {
        "article": client.get(f"/articles/{article_id}").text,
        "story": client.get(f"/stories/{story_id}").text,
        "home": client.get("/").text,
        "search": client.get("/", params={"q": "truce <script>"}).text,
    }
    for name, page in pages.items():
        assert "<script>window" not in page, name
        assert not re.search(r"<[a-z]+[^>]*\sonerror\s*=", page, re.I), name
        assert not re.search(r"<[a-z]+[^>]*\sonload\s*=", page, re.I), name
        assert 'href="javascript:' not in page.lower(), name
        assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", page)), name
    article = pages["article"]
    assert "&lt;script&gt;window.__xss = 1&lt;/script&gt;" in article  # shown, as text
    assert article.count("</textarea>") == 1 and "&lt;/textarea&gt;" in article
    assert "&lt;script&gt;window.__xss = 7&lt;/script&gt;Evil Outlet" in article
    assert 'class="source-url"' in article and '<a class="source-url"' not in article  # not a link
    raw = client.get(f"/articles/{article_id}/raw")
    assert raw.headers["content-type"].startswith("text/plain") and raw.text == XSS_TEXT


# -- uploads ---------------------------------------------------------------------------


def test_upload_files_and_pasted_text_join_the_story(own_db, tmp_path):
    client = client_for(own_db)
    (story,) = client.get("/api/stories").json()
    text = (
        "Negotiators met again in Cairo on Monday, April 8, 2024, officials said.\n\n"
        "The truce talks in Cairo continued through the week."
    )
    job = upload(
        client,
        [("files", ("cairo.txt", text.encode(), "text/plain"))],
        text="Truce talks in Cairo resumed on Wednesday, April 10, 2024.",
        title="Talks resume",
        outlet="Pasted Post",
        published="2024-04-10",
    )
    assert job["state"] == "done", job
    assert [(f["status"], f["new"]) for f in job["files"]] == [("added", 1), ("added", 1)]
    assert job["files"][1]["name"] == "pasted text: Talks resume"
    new_ids = [a for f in job["files"] for a in f["articles"]]
    stories = client.get("/api/stories").json()
    members = {a for s in stories for a in s["article_ids"]}
    assert set(new_ids) <= members and set(story["article_ids"]) <= members
    pasted = client.get(f"/api/articles/{job['files'][1]['articles'][0]}").json()
    assert (pasted["title"], pasted["outlet"], pasted["published"]) == (
        "Talks resume",
        "Pasted Post",
        "2024-04-10",
    )
    page = client.get(f"/stories/{job['files'][1]['stories'][0]}").text
    assert "Talks resume" in page and "Pasted Post" in page
    again = upload(client, [("files", ("again.txt", text.encode(), "text/plain"))])
    assert again["files"][0]["status"] == "unchanged"
    # Uploads live in one folder beside the store, named by content hash.
    folder = uploads.uploads_dir(own_db)
    saved = sorted(p.name for p in folder.iterdir())
    assert len(saved) == 2 and all(re.fullmatch(r"[0-9a-f]{24}\.(txt|json)", n) for n in saved)


def test_upload_errors_are_per_file(own_db, monkeypatch):
    monkeypatch.setattr("storyline.web.app.MAX_FILE_BYTES", 200)
    client = client_for(own_db)
    good = b"Officials met in Cairo on Monday, April 8, 2024, to talk about the truce."
    job = upload(
        client,
        [
            ("files", ("good.txt", good, "text/plain")),
            ("files", ("big.txt", b"x " * 200, "text/plain")),
            ("files", ("empty.txt", b"", "text/plain")),
            ("files", ("photo.png", b"\x89PNG\r\n", "image/png")),
            ("files", ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "text/plain")),
            (
                "files",
                (
                    "broken.jsonl",
                    b'{"text": "Talks in Cairo went on."}\n{not json\n',
                    "application/json",
                ),
            ),
        ],
    )
    assert job["state"] == "done"
    status = {f["name"]: (f["status"], f["error"] or "") for f in job["files"]}
    assert status["good.txt"] == ("added", "")
    assert status["big.txt"][0] == "error" and "limit" in status["big.txt"][1]
    assert status["empty.txt"] == ("error", "empty file")
    assert status["photo.png"][0] == "error" and "unsupported" in status["photo.png"][1]
    assert status["binary.txt"][0] == "error" and "binary" in status["binary.txt"][1]
    assert status["broken.jsonl"][0] == "added" and "line 2" in status["broken.jsonl"][1]


def test_upload_limits(own_db):
    client = client_for(own_db)
    too_many = [
        ("files", (f"{i}.txt", b"Talks in Cairo on Monday.", "text/plain"))
        for i in range(uploads.MAX_FILES + 1)
    ]
    response = client.post("/api/uploads", files=too_many, headers=POST_HEADERS)
    assert response.status_code == 413 and "files" in response.json()["detail"].lower()
    huge = {**POST_HEADERS, "content-length": str(uploads.MAX_REQUEST_BYTES + 1)}
    response = client.post("/api/uploads", content=b"x", headers=huge)
    assert response.status_code == 413 and "limit" in response.json()["detail"]
    response = client.post("/api/uploads", data={"text": "  "}, headers=POST_HEADERS)
    assert response.status_code == 400 and "nothing to upload" in response.json()["detail"]


def test_upload_file_names_never_become_paths(own_db, tmp_path):
    client = client_for(own_db)
    before = {p for p in tmp_path.rglob("*")}
    names = ["../../escape.txt", "/etc/cron.d/evil.txt", "..\\..\\win.txt", "a/b/../../../c.txt"]
    files = [
        ("files", (n, f"Talks in Cairo, file {i}, on Monday.".encode(), "text/plain"))
        for i, n in enumerate(names)
    ]
    job = upload(client, files)
    assert [f["name"] for f in job["files"]] == ["escape.txt", "evil.txt", "win.txt", "c.txt"]
    created = {p for p in tmp_path.rglob("*")} - before
    folder = uploads.uploads_dir(own_db)
    outside = [
        p
        for p in created
        if folder not in p.parents and p != folder and not p.name.startswith("own.db")
    ]
    assert outside == []
    assert (
        not (tmp_path.parent / "escape.txt").exists() and not Path("/etc/cron.d/evil.txt").exists()
    )


def test_label_and_suffix():
    assert uploads.label("../../x/report.HTML") == "report.HTML"
    assert uploads.suffix_for("../../x/report.HTML") == ".html"
    assert uploads.suffix_for("notes") is None and uploads.suffix_for("a.exe") is None
    assert uploads.label("\x00\n") == "unnamed file"
    with pytest.raises(ValueError):
        uploads.save(Path("/nonexistent"), b"x", "/../../etc")


def test_unknown_job_is_404(own_db):
    client = client_for(own_db)
    assert client.get("/api/uploads/" + "0" * 24).status_code == 404


def test_raw_text_link_is_plain_text(own_db):
    client = client_for(own_db)
    article_id = client.get("/api/stories").json()[0]["article_ids"][0]
    response = client.get(f"/articles/{article_id}/raw")
    assert response.headers["content-type"].startswith("text/plain")
    assert "Cairo" in response.text


def test_an_empty_store_says_what_to_do(tmp_path):
    client = client_for(tmp_path / "fresh.db")
    page = client.get("/").text
    assert "No stories yet" in page and 'href="/upload"' in page
    assert client.get("/api/stories").json() == []
    assert client.get("/?q=anything").status_code == 200


def test_scripts_never_write_html():
    # Article-derived text enters the page through textContent only.
    from storyline.web.app import STATIC

    script = (STATIC / "app.js").read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in script


def test_export_page_is_self_contained(corpus_db, tmp_path):
    import base64
    import hashlib

    from click.testing import CliRunner

    from storyline.cli import cli

    out = tmp_path / "story.html"
    result = CliRunner().invoke(
        cli, ["export", "--db", str(corpus_db), "--format", "page", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert not re.search(r'(?:src|href)="(?!#|data:)', page)  # nothing to fetch, no way out
    script = re.search(r"<script>(.*?)</script>", page, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    csp = html.unescape(
        re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    )
    assert f"script-src 'sha256-{digest}'" in csp and "unsafe-inline" not in csp
    ids = re.findall(r'href="#article-([0-9a-f]{16})', page)
    assert ids and all(f'id="article-{i}"' in page for i in ids)
    result = CliRunner().invoke(
        cli, ["export", "--db", str(corpus_db), "--format", "page", "--story", "nope"]
    )
    assert result.exit_code != 0 and "no story 'nope'" in result.output
    # `--format html --story ID` is that story's page, the same file `page` writes
    stories = CliRunner().invoke(cli, ["export", "--db", str(corpus_db)])
    first = json.loads(stories.output)["stories"][0]["id"]
    as_html, as_page = (
        CliRunner().invoke(cli, ["export", "--db", str(corpus_db), "--format", f, "--story", first])
        for f in ("html", "page")
    )
    assert as_html.exit_code == 0 and as_html.output == as_page.output
    assert "script-src 'sha256-" in html.unescape(as_html.output)
