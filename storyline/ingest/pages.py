"""Web pages: an HTML page through trafilatura (text, title, site name, the date in its
markup), and the HTML responses of a WARC archive (CC-NEWS layout)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from ..model import Document, IngestError
from .decoding import Refused, check_gzip, decode, human_size


def load_html(
    text: str, path: str, *, url: str | None = None, line: int | None = None
) -> Document | IngestError:
    from trafilatura import bare_extraction

    try:
        doc = bare_extraction(
            text,
            url=url,
            with_metadata=True,
            include_comments=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except (ValueError, TypeError) as exc:
        return IngestError(path, f"cannot parse HTML: {exc}")
    if doc is None or isinstance(doc, dict) or not (doc.text or "").strip():
        return IngestError(path, "HTML page holds no article text")
    return Document(
        raw=text,
        text=doc.text,
        path=None if path == "-" else path,
        fmt="html",
        title=doc.title,
        url=doc.url or url,
        line=line,
        site_name=doc.sitename,
        html_date=doc.date,
    )


def read_warc(path: str, limit: int) -> Iterator[Document | IngestError]:
    """HTML responses in a WARC archive (CC-NEWS layout), one article each; a record
    that cannot be read (binary, over the record limit) is one error naming its number."""
    from ..errors import require

    archive = require("warcio.archiveiterator", "scale")
    found = 0
    try:
        if path.lower().endswith(".gz"):
            check_gzip(path)
        with open(path, "rb") as fh:
            head = fh.read(4)
            if head[:2] != b"\x1f\x8b" and head != b"WARC":
                yield IngestError(path, "not a WARC archive (no WARC/1.x header)")
                return
            fh.seek(0)
            for number, record in enumerate(archive.ArchiveIterator(fh), 1):
                if record.rec_type != "response" or not record.http_headers:
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                status = record.http_headers.get_statuscode()
                ctype = (record.http_headers.get_header("Content-Type") or "").lower()
                if status != "200" or "html" not in ctype:
                    continue
                found += 1
                content = record.content_stream().read(limit + 1)
                if len(content) > limit:
                    yield IngestError(path, f"record is over the {human_size(limit)} limit", number)
                    continue
                try:
                    html, warnings = decode(content)
                except Refused as exc:
                    yield IngestError(path, f"WARC record: {exc}", number)
                    continue
                item = load_html(html, path, url=url, line=number)
                yield (
                    replace(item, warnings=tuple(warnings)) if isinstance(item, Document) else item
                )
    except Refused as exc:
        yield IngestError(path, str(exc))
        return
    except Exception as exc:  # warcio raises bare exceptions for corrupt archives
        yield IngestError(path, f"cannot read WARC archive: {exc}")
        return
    if not found:
        yield IngestError(path, "WARC archive holds no HTML response with status 200")
