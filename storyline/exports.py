"""Exports other tools load: TimelineJS, CSV tables, an iCalendar file, Parquet.

Every export is a function of the ``storyline.json`` document (``pipeline.export_document``),
so each row keeps what ties it to its evidence: the article id, the sentence index, the
outlet. ``tables`` flattens a document into plain tables (timeline sources, positions
with their CAMEO and PLOVER codes, figure mentions, quotes, outlet coverage, copies,
articles) that the CSV and Parquet writers share.

The iCalendar writer is written by hand (RFC 5545 needs only text escaping, line folding
and CRLF for what a timeline holds); the TimelineJS form follows TimelineJS3's JSON
format (``title`` and ``events`` slides with ``start_date`` parts).
"""

from __future__ import annotations

import calendar
import csv
import html
import io
import json
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from .errors import StorylineError, require
from .version import __version__

#: Table name -> its columns, in the order the CSV files and Parquet tables have them.
COLUMNS: dict[str, tuple[str, ...]] = {
    "timeline": (
        "story_id",
        "date",
        "date_precision",
        "summary",
        "article_id",
        "sentence_index",
        "outlet",
        "published",
        "sentence",
    ),
    "positions": (
        "story_id",
        "date",
        "actor",
        "actor_id",
        "side",
        "stance",
        "cameo",
        "cameo_name",
        "plover",
        "issue",
        "phrase",
        "target",
        "reported_by",
        "negated",
        "outlet",
        "article_id",
        "sentence_index",
        "sentence",
    ),
    "figures": (
        "story_id",
        "what",
        "category",
        "event",
        "verdict",
        "value",
        "mention_value",
        "mention_text",
        "qualifier",
        "attribution",
        "outlet",
        "date",
        "article_id",
        "sentence_index",
    ),
    "quotes": (
        "story_id",
        "date",
        "speaker",
        "speaker_id",
        "role",
        "text",
        "outlet",
        "article_id",
        "sentence_index",
        "also_in",
    ),
    "coverage": (
        "story_id",
        "outlet",
        "articles",
        "copies",
        "first_published",
        "last_published",
        "share",
    ),
    "copies": (
        "story_id",
        "article_id",
        "outlet",
        "copy_of",
        "copy_of_outlet",
        "kind",
        "score",
    ),
    "articles": (
        "id",
        "story_id",
        "title",
        "outlet",
        "published",
        "published_precision",
        "published_source",
        "url",
        "path",
        "duplicate_of",
    ),
}

#: A spreadsheet runs a cell that starts with one of these as a formula; such text cells
#: get a leading apostrophe in CSV files (the OWASP advice), Parquet keeps them as they are.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _story_rows(story: Mapping) -> Iterable[tuple[str, dict]]:
    sid = story["id"]
    for entry in story.get("timeline", []):
        for source in entry.get("sources", []):
            yield (
                "timeline",
                {
                    "story_id": sid,
                    "date": entry["date"],
                    "date_precision": entry.get("date_precision"),
                    "summary": source["sentence"] in entry.get("summary", []),
                    **{
                        k: source.get(k)
                        for k in ("article_id", "sentence_index", "outlet", "published")
                    },
                    "sentence": source.get("sentence"),
                },
            )
    for p in story.get("positions", []):
        yield "positions", {"story_id": sid, **p}
    for f in story.get("figures", []):
        for m in f.get("mentions", []):
            yield (
                "figures",
                {
                    "story_id": sid,
                    **{k: f.get(k) for k in ("what", "category", "event", "verdict", "value")},
                    "mention_value": m.get("value"),
                    "mention_text": m.get("text"),
                    "qualifier": m.get("qualifier", f.get("qualifier")),
                    "attribution": f.get("attribution"),
                    **{k: m.get(k) for k in ("outlet", "date", "article_id", "sentence_index")},
                },
            )
    for q in story.get("quotes", []):
        also = q.get("also_in") or []
        yield (
            "quotes",
            {
                "story_id": sid,
                **q,
                "also_in": " ".join(
                    a.get("article_id", "") if isinstance(a, Mapping) else str(a) for a in also
                ),
            },
        )
    coverage = story.get("coverage") or {}
    for o in coverage.get("outlets", []):
        yield "coverage", {"story_id": sid, **o}
    for c in coverage.get("copies", []):
        yield "copies", {"story_id": sid, **c}


def tables(document: Mapping) -> dict[str, list[dict]]:
    """The document as plain tables (``COLUMNS``), one row per piece of evidence."""
    out: dict[str, list[dict]] = {name: [] for name in COLUMNS}
    for story in document.get("stories", []):
        for name, row in _story_rows(story):
            out[name].append({c: row.get(c) for c in COLUMNS[name]})
    for a in document.get("articles", []):
        out["articles"].append({c: a.get(c) for c in COLUMNS["articles"]})
    return out


def _cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return "" if value is None else value


def csv_text(columns: Sequence[str], rows: Iterable[Mapping]) -> str:
    """One table as CSV (a header row, ``None`` as an empty cell)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return buffer.getvalue()


def write_csv(document: Mapping, out: str | Path) -> list[Path]:
    """Every table as a CSV file: into the folder ``out``, or into one zip when ``out``
    ends in ``.zip``. Returns what was written."""
    out = Path(out)
    found = tables(document)
    if out.suffix.lower() == ".zip":
        out.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, rows in found.items():
                archive.writestr(f"{name}.csv", csv_text(COLUMNS[name], rows))
        return [out]
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, rows in found.items():
        path = out / f"{name}.csv"
        path.write_text(csv_text(COLUMNS[name], rows), encoding="utf-8", newline="")
        paths.append(path)
    return paths


def write_parquet(document: Mapping, out: str | Path) -> list[Path]:
    """Every table as a Parquet file in the folder ``out`` (pyarrow, extra ``spark``)."""
    pa = require("pyarrow", "spark")
    parquet = require("pyarrow.parquet", "spark")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, rows in tables(document).items():
        columns = {c: [r[c] for r in rows] for c in COLUMNS[name]}
        table = pa.table(
            {c: pa.array(v) if v else pa.array([], pa.string()) for c, v in columns.items()}
        )
        path = out / f"{name}.parquet"
        parquet.write_table(table, path)
        paths.append(path)
    return paths


# -- TimelineJS ------------------------------------------------------------------------


def pick_story(document: Mapping, story_id: str | None = None) -> Mapping:
    """The story ``story_id``, else the largest (stories come largest first)."""
    stories = document.get("stories", [])
    if story_id is not None:
        stories = [s for s in stories if s["id"] == story_id]
    if not stories:
        raise StorylineError("no story to export; build the store first: storyline build")
    return stories[0]


def _date_parts(value: str) -> dict[str, str]:
    parts = value.split("-")
    return dict(zip(("year", "month", "day"), (str(int(p)) for p in parts), strict=False))


def _credit(source: Mapping, articles: Mapping[str, Mapping]) -> str:
    article = articles.get(source["article_id"], {})
    outlet = source.get("outlet") or "unknown outlet"
    title = f", “{article['title']}”" if article.get("title") else ""
    when = source.get("published") or "undated"
    return f"{outlet}, {when}{title} [{source['article_id']}#s{source['sentence_index']}]"


def _linked(source: Mapping, articles: Mapping[str, Mapping]) -> str:
    """A source's credit as HTML, linked to the article when its URL is an http(s) one."""
    text = html.escape(_credit(source, articles))
    url = articles.get(source["article_id"], {}).get("url") or ""
    if url.startswith(("https://", "http://")):
        return f"<a href='{html.escape(url, quote=True)}'>{text}</a>"
    return text


def timelinejs(document: Mapping, story_id: str | None = None) -> dict:
    """One story as TimelineJS3 JSON: a slide per timeline date, its summary as the text and
    its sources (outlet, date, headline, article and sentence, linked to the article's URL)
    as the slide's credit line. No media: an article's page is not a picture."""
    story = pick_story(document, story_id)
    articles = {a["id"]: a for a in document.get("articles", [])}
    outlets = {articles[a]["outlet"] for a in story["article_ids"] if a in articles}
    events = []
    for index, entry in enumerate(story.get("timeline", [])):
        sources = entry.get("sources", [])
        summary = entry.get("summary") or [s["sentence"] for s in sources[:1]]
        body = "".join(f"<p>{html.escape(s)}</p>" for s in summary[1:])
        body += (
            "<p class='credit'>Sources: "
            + "; ".join(_linked(s, articles) for s in sources)
            + "</p>"
        )
        event: dict = {
            "unique_id": f"{story['id']}-{index}",
            "start_date": _date_parts(entry["date"]),
            "text": {
                "headline": html.escape(summary[0] if summary else entry["date"]),
                "text": body,
            },
        }
        if entry.get("date_precision") != "day":
            event["display_date"] = entry["date"]
        events.append(event)
    return {
        "title": {
            "unique_id": story["id"],
            "text": {
                "headline": html.escape(story["title"]),
                "text": f"<p>{len(story['article_ids'])} articles from {len(outlets)} outlets; "
                f"made by storyline {__version__}.</p>",
            },
        },
        "events": events,
    }


def timelinejs_json(document: Mapping, story_id: str | None = None) -> str:
    return json.dumps(timelinejs(document, story_id), ensure_ascii=False, indent=2) + "\n"


# -- iCalendar (RFC 5545) --------------------------------------------------------------

#: RFC 5545 3.1: content lines are folded at 75 octets.
ICS_LINE_OCTETS = 75


def ics_escape(text: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newlines escaped."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def ics_fold(line: str) -> str:
    """One content line folded into lines of at most 75 octets (never inside a UTF-8
    character), continuation lines starting with a space, joined by CRLF."""
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = ICS_LINE_OCTETS if not pieces else ICS_LINE_OCTETS - 1
        if size + width > limit:
            pieces.append("".join(current))
            current, size = [], 0
        current.append(char)
        size += width
    pieces.append("".join(current))
    return "\r\n ".join(pieces)


def day_span(value: str) -> tuple[str, str] | None:
    """DTSTART and DTEND (exclusive) of an all-day event: a day, or a whole month."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        year, month, day = parts
        last = calendar.monthrange(year, month)[1]
        if day < last:
            end = (year, month, day + 1)
        elif month < 12:
            end = (year, month + 1, 1)
        else:
            end = (year + 1, 1, 1)
        return f"{year:04d}{month:02d}{day:02d}", "{:04d}{:02d}{:02d}".format(*end)
    if len(parts) == 2:
        year, month = parts
        after = (year, month + 1) if month < 12 else (year + 1, 1)
        return f"{year:04d}{month:02d}01", "{:04d}{:02d}01".format(*after)
    return None  # a year alone is too coarse for a calendar


def ics(document: Mapping, story_id: str | None = None) -> str:
    """The timeline as an iCalendar file: one all-day event per dated entry (a month-long
    event for a month-precise one; year-only entries are left out), each with its
    summary and its sources in the description."""
    articles = {a["id"]: a for a in document.get("articles", [])}
    stamp = (document.get("generated_at") or "19700101T000000Z").replace("-", "").replace(":", "")
    stories = [pick_story(document, story_id)] if story_id else document.get("stories", [])
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//storyline//storyline {__version__}//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    for story in stories:
        for index, entry in enumerate(story.get("timeline", [])):
            span = day_span(entry["date"])
            if span is None:
                continue
            sources = entry.get("sources", [])
            summary = entry.get("summary") or [s["sentence"] for s in sources[:1]]
            description = "\n".join(
                [*summary, "", "Sources:", *(_credit(s, articles) for s in sources)]
            )
            lines += [
                "BEGIN:VEVENT",
                f"UID:{story['id']}-{index}@storyline",
                f"DTSTAMP:{stamp}",
                f"DTSTART;VALUE=DATE:{span[0]}",
                f"DTEND;VALUE=DATE:{span[1]}",
                f"SUMMARY:{ics_escape(summary[0] if summary else story['title'])}",
                f"DESCRIPTION:{ics_escape(description)}",
                f"CATEGORIES:{ics_escape(story['title'])}",
                "TRANSP:TRANSPARENT",
            ]
            url = next((articles.get(s["article_id"], {}).get("url") for s in sources), None)
            if url:
                lines.append(f"URL:{url}")
            lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(ics_fold(line) + "\r\n" for line in lines)
