import json

import pytest

from storyline.ingest import Refused, decode, expand_inputs, read_documents, read_file
from storyline.model import Document, IngestError


def only(items):
    items = list(items)
    assert len(items) == 1, items
    return items[0]


def test_jsonl_records_with_field_names_and_a_bad_line(tmp_path):
    path = tmp_path / "export.jsonl"
    lines = [
        json.dumps(
            {
                "id": "a1",
                "headline": "One",
                "body": "Text one.",
                "link": "https://x.example/1",
                "date": "2025-03-04",
                "source": "X",
            }
        ),
        "{not json",
        json.dumps({"title": "no text"}),
        json.dumps({"text": "Text two.", "published": "Tue, 04 Mar 2025 10:00:00 GMT"}),
    ]
    path.write_text("\n".join(lines) + "\n")
    items = list(read_file(str(path)))
    assert isinstance(items[0], Document)
    assert (
        items[0].source_id,
        items[0].title,
        items[0].raw,
        items[0].url,
        items[0].published,
        items[0].outlet,
    ) == ("a1", "One", "Text one.", "https://x.example/1", "2025-03-04", "X")
    assert (
        isinstance(items[1], IngestError)
        and items[1].line == 2
        and "malformed JSON" in items[1].error
    )
    assert isinstance(items[2], IngestError) and items[2].line == 3 and "'text'" in items[2].error
    assert items[3].line == 4 and items[3].raw == "Text two."


def test_field_map_renames_columns(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text('story,kop\n"The strike began.",Head\n', encoding="utf-8")
    doc = only(read_file(str(path), field_map={"text": "story", "title": "kop"}))
    assert (doc.raw, doc.title, doc.line) == ("The strike began.", "Head", 2)


def test_json_array_and_articles_object(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps([{"text": "A."}, {"text": "B."}]))
    (tmp_path / "b.json").write_text(
        json.dumps({"articles": [{"text": "C.", "source": {"name": "Wire"}}]})
    )
    docs = list(read_documents([str(tmp_path)]))
    assert [d.raw for d in docs] == ["A.", "B.", "C."]
    assert docs[2].outlet == "Wire"


def test_html_page_main_text_and_metadata(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Strike ends | Coast Daily</title>"
        '<meta property="og:site_name" content="Coast Daily">'
        '<meta property="article:published_time" content="2025-03-21T08:00:00Z">'
        '<link rel="canonical" href="https://coastdaily.example/news/strike-ends"></head>'
        "<body><nav>Home News Sport</nav><article><h1>Strike ends</h1>"
        + "".join(
            f"<p>Paragraph {i} says the dockworkers voted to accept the deal after three weeks.</p>"
            for i in range(5)
        )
        + "</article><footer>Contact us</footer></body></html>"
    )
    doc = only(read_file(str(page)))
    assert doc.fmt == "html"
    assert doc.site_name == "Coast Daily"
    assert doc.html_date == "2025-03-21"
    assert doc.url == "https://coastdaily.example/news/strike-ends"
    assert "Paragraph 3 says" in doc.text and "Contact us" not in doc.text


def test_encodings_are_detected_and_nothing_is_dropped():
    text, warnings = decode("Café société — “quoted”".encode())
    assert text == "Café société — “quoted”" and warnings == []
    text, warnings = decode("Le café était fermé à Marseille, déclaré le ministre".encode("cp1252"))
    assert text == "Le café était fermé à Marseille, déclaré le ministre"
    assert warnings and "not UTF-8" in warnings[0]
    mixed = "naïve “smart” quotes ".encode() + "and café".encode("cp1252")
    text, warnings = decode(mixed)
    assert text == "naïve “smart” quotes and café"
    assert "mixed encoding" in warnings[0]
    assert decode("\ufeffBOM text".encode("utf-8"))[0] == "BOM text"


def test_binary_empty_and_oversized_files(tmp_path):
    (tmp_path / "img.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("   \n\n ")
    (tmp_path / "big.txt").write_bytes(b"word " * 5000)
    errors = {
        e.path.rsplit("/", 1)[-1]: e.error
        for e in read_documents([str(tmp_path)], max_bytes=10_000)
    }
    assert errors["img.txt"].startswith("binary file")
    assert errors["empty.txt"] == "empty file"
    assert errors["blank.txt"] == "file holds only whitespace"
    assert (
        errors["big.txt"] == "file is 25 kB, over the 10 kB limit (raise it with --max-file-size)"
    )
    with pytest.raises(Refused):
        decode(b"\x00\x01\x02binary\x00")


def test_inputs_directories_globs_and_missing(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("A.")
    (tmp_path / "b.md").write_text("B.")
    (tmp_path / "notes.bin").write_text("ignored")
    found = list(
        expand_inputs(
            [
                str(tmp_path),
                str(tmp_path / "*.md"),
                str(tmp_path / "nope.txt"),
                str(tmp_path / "*.xyz"),
            ]
        )
    )
    paths = [f for f in found if isinstance(f, str)]
    errors = [f for f in found if isinstance(f, IngestError)]
    assert [p.rsplit("/", 1)[-1] for p in paths] == ["b.md", "a.txt", "b.md"]
    assert [e.error for e in errors] == [
        "no such file or directory",
        "no file matches this pattern",
    ]


def test_stdin(monkeypatch):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Piped article text.")))
    doc = only(read_file("-"))
    assert doc.raw == "Piped article text." and doc.path is None


def _page(title: str, n: int) -> bytes:
    body = "".join(
        f"<p>Paragraph {i}: the harbour authority said {n} ships were waiting at anchor on day {n}.</p>"
        for i in range(4)
    )
    return f"<html><head><title>{title}</title></head><body><article>{body}</article></body></html>".encode()


def test_warc_archive_responses_become_articles(tmp_path):
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawl.warc.gz"
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        pages = [
            (
                "https://quay.example/2025/03/04/ships",
                "200 OK",
                "text/html",
                _page("Ships wait", 12),
            ),
            ("https://quay.example/missing", "404 Not Found", "text/html", b"<html>gone</html>"),
            ("https://quay.example/logo.png", "200 OK", "image/png", b"\x89PNG...."),
            (
                "https://quay.example/2025/03/05/more",
                "200 OK",
                "text/html; charset=utf-8",
                _page("More ships", 15),
            ),
        ]
        for url, status, ctype, body in pages:
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                url, "response", payload=BytesIO(body), http_headers=headers
            )
            writer.write_record(record)
    docs = list(read_file(str(path)))
    assert [(d.url, d.title) for d in docs] == [
        ("https://quay.example/2025/03/04/ships", "Ships wait"),
        ("https://quay.example/2025/03/05/more", "More ships"),
    ]
    assert "15 ships were waiting" in docs[1].text
    assert [p for p in expand_inputs([str(tmp_path)])] == [str(path)]


def test_corrupt_warc_is_one_error(tmp_path):
    path = tmp_path / "bad.warc"
    path.write_bytes(b"WARC/1.0\r\nnonsense\r\n\r\n" * 3)
    items = list(read_file(str(path)))
    assert items == [IngestError(str(path), "WARC archive holds no HTML response with status 200")]
    path.write_bytes(b"this is no archive at all\n" * 50)
    (item,) = read_file(str(path))
    assert item.error == "not a WARC archive (no WARC/1.x header)"


def test_jsonl_gz_is_streamed_without_the_size_limit(tmp_path):
    import gzip

    path = tmp_path / "export.jsonl.gz"
    rows = [
        json.dumps({"id": str(i), "text": f"Article {i} about the strike."}) for i in range(300)
    ]
    rows[7] = "{bad"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write("\n".join(rows) + "\n")
    items = list(read_file(str(path), max_bytes=100))
    errors = [i for i in items if isinstance(i, IngestError)]
    assert len(items) == 300 and [(e.line, e.error[:19]) for e in errors] == [
        (8, "malformed JSON line")
    ]
    assert items[299].source_id == "299" and items[299].line == 300
