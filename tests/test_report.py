import json
import re

from storyline.pipeline import build, export_document, ingest
from storyline.report import render, validate, write_outputs

PAYLOAD = (
    ' date 2025-03-04 Harbour union <script>alert("x")</script> rejects offer on Tuesday, '
    'its leader said in a statement with an <img src=x onerror="alert(1)"> image.\n\n'
    'A link <a href="javascript:alert(2)">here</a> and a closing </textarea> tag appear too.'
)


def test_article_text_is_escaped_in_the_html_report(tmp_path, store):
    (tmp_path / "evil.txt").write_text(PAYLOAD)
    ingest(store, [str(tmp_path / "evil.txt")])
    build(store)
    page = render(export_document(store), "html")
    assert "<script>" not in page and "<img" not in page and 'href="javascript:' not in page
    assert "</textarea>" not in page
    assert "&lt;script&gt;" in page and "onerror=&#34;alert(1)&#34;" in page
    # self-contained: no external references
    assert not re.search(r'(?:src|href)="(?:https?:)?//', page)
    assert "<link" not in page


def test_outputs_validate_against_the_schema(tmp_path, store):
    (tmp_path / "a.txt").write_text(
        " date 2025-03-04 The union rejected the offer on Monday, its leader said on Tuesday."
    )
    (tmp_path / "b.jsonl").write_text(
        '{"text": "no date here at all, said the minister."}\n{oops\n'
    )
    report = ingest(store, [str(tmp_path)])
    build(store)
    doc = export_document(store)
    validate(doc)
    assert doc["errors"] == [
        {"path": str(tmp_path / "b.jsonl"), "line": 2, "error": report.errors[0].error}
    ]
    paths = write_outputs(doc, tmp_path / "out")
    assert json.loads(paths["json"].read_text()) == doc
    assert "### 2025-03-03" in paths["md"].read_text()
    assert paths["html"].read_text().startswith("<!doctype html>")


def test_json_is_deterministic(tmp_path, store):
    (tmp_path / "a.txt").write_text(
        " date 2025-03-04 The union rejected the offer on Monday, its leader said."
    )
    ingest(store, [str(tmp_path)])
    build(store)
    one = export_document(store)
    build(store)
    two = export_document(store)
    one.pop("generated_at"), two.pop("generated_at")
    assert one == two


def test_also_reported_lists_other_articles_once():
    from storyline.report import also_reported

    sources = [
        {"article_id": "a", "sentence_index": 0},
        {"article_id": "a", "sentence_index": 3},
        {"article_id": "b", "sentence_index": 1},
        {"article_id": "b", "sentence_index": 2},
        {"article_id": "c", "sentence_index": 5},
    ]
    assert [(s["article_id"], s["sentence_index"]) for s in also_reported(sources, 1)] == [
        ("b", 1),
        ("c", 5),
    ]
