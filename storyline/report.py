"""Outputs: ``storyline.json`` (the contract, see docs/output.md), ``timeline.md`` and ``report.html``.

The HTML report is one self-contained file: no external assets, and every
piece of article-derived text goes through Jinja2's autoescaping.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from .dates.export import sentence_dates_json
from .model import Article, IngestError, Story, TimelineEntry
from .version import __version__

STORY_SECTIONS = ("actors", "positions", "quotes", "figures")


def entry_to_json(entry: TimelineEntry) -> dict:
    return {
        "date": entry.date,
        "date_precision": entry.date_precision,
        "summary": list(entry.summary),
        "sources": [
            {
                "article_id": s.article_id,
                "sentence_index": s.sentence_index,
                "outlet": s.outlet,
                "sentence": s.sentence,
                "published": s.published,
            }
            for s in entry.sources
        ],
    }


def story_to_json(story: Story, articles: Mapping[str, Article] | None = None) -> dict:
    data: dict = {
        "id": story.id,
        "title": story.title,
        "article_ids": list(story.article_ids),
        "timeline": [entry_to_json(e) for e in story.timeline if not e.background],
        "background": [entry_to_json(e) for e in story.timeline if e.background],
    }
    for key in STORY_SECTIONS:
        data[key] = story.extra.get(key, [])
    data["coverage"] = story.extra.get("coverage", {})
    for key, value in story.extra.items():
        data.setdefault(key, value)
    return data


def article_to_json(article: Article, story_id: str | None, *, tagged: bool = False) -> dict:
    """One article of ``storyline.json`` (``tagged``: its time mentions are complete)."""
    return {
        "id": article.id,
        "source_id": article.source_id,
        "path": article.path,
        "url": article.url,
        "title": article.title,
        "outlet": article.outlet,
        "outlet_source": article.outlet_source,
        "published": article.published,
        "published_precision": article.published_precision,
        "published_source": article.published_source,
        "published_confidence": article.published_confidence,
        "duplicate_of": article.duplicate_of,
        "story_id": story_id,
        "n_sentences": len(article.sentences),
        "warnings": list(article.warnings),
        "sentence_dates": sentence_dates_json(article, tagged=tagged),
    }


def build_document(
    articles: Iterable[Article],
    stories: Sequence[dict],
    errors: Iterable[IngestError],
    *,
    generated_at: str | None = None,
    tagged: Collection[str] = (),
) -> dict:
    """The whole ``storyline.json`` object (``tagged``: ids of the articles whose time
    mentions are complete, read back from the store, so they are not tagged again)."""
    story_of = {a: s["id"] for s in stories for a in s["article_ids"]}
    return {
        "storyline_version": __version__,
        "generated_at": generated_at or datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "articles": [
            article_to_json(a, story_of.get(a.id), tagged=a.id in tagged) for a in articles
        ],
        "stories": list(stories),
        "errors": [asdict(e) for e in errors],
    }


def schema() -> dict:
    text = resources.files("storyline").joinpath("schema/storyline.schema.json").read_text("utf-8")
    return json.loads(text)


def validate(document: dict) -> None:
    """Raise jsonschema.ValidationError when ``document`` breaks the contract (extra ``dev``)."""
    from .errors import require

    jsonschema = require("jsonschema", "dev")

    jsonschema.validate(document, schema())


#: Top-level lists written one item per line: an article's JSON is mostly its
#: ``sentence_dates``, and indenting those made writing a 3,000-article export take longer
#: than building it (Python's C encoder does not indent); one line per article also diffs
#: and greps well. Everything else is indented.
ONE_PER_LINE = frozenset({"articles"})


def to_json(document: dict) -> str:
    """``storyline.json`` text: indented, with the ``ONE_PER_LINE`` lists one item a line."""
    parts = []
    for key, value in document.items():
        name = json.dumps(key, ensure_ascii=False)
        if key in ONE_PER_LINE and isinstance(value, list) and value:
            rows = ",\n".join("    " + json.dumps(v, ensure_ascii=False) for v in value)
            parts.append(f"  {name}: [\n{rows}\n  ]")
        else:
            text = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n  ")
            parts.append(f"  {name}: {text}")
    return "{\n" + ",\n".join(parts) + "\n}\n" if parts else "{}\n"


def _cite(source: dict, articles: Mapping[str, dict]) -> str:
    article = articles.get(source["article_id"], {})
    outlet = source.get("outlet") or "unknown outlet"
    when = source.get("published") or "undated"
    title = f", “{article['title']}”" if article.get("title") else ""
    return f"{outlet}, {when}{title} [{source['article_id']}#s{source['sentence_index']}]"


#: Keys whose values are ids, written inside code spans (where a backslash shows).
_ID_KEYS = frozenset({"id", "article_id", "article_ids", "copy_of", "story_id"})
#: ASCII punctuation that Markdown reads as markup: emphasis, code, links, HTML, tables.
_MARKDOWN_CHARS = re.compile(r"([\\`*_\[\]<>&|#~!])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def escape_markdown(text: str) -> str:
    """Article text as literal Markdown: no HTML, links or emphasis, one line, no NULs."""
    text = _CONTROL.sub("", text).replace("\r", " ").replace("\n", " ")
    return _MARKDOWN_CHARS.sub(r"\\\1", text)


def _escaped(value: Any, key: str = "") -> Any:
    """A copy of the document with every string from an input escaped for Markdown
    (ids stay as they are; the issue and actor keys of a position matrix are escaped
    like the values that look them up)."""
    if key in _ID_KEYS:
        return value
    if isinstance(value, str):
        return escape_markdown(value)
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    if isinstance(value, dict):
        if key == "cells":
            return {
                escape_markdown(issue): {escape_markdown(a): _escaped(c) for a, c in row.items()}
                for issue, row in value.items()
            }
        return {k: _escaped(v, k) for k, v in value.items()}
    return value


def also_reported(sources: list[dict], quoted: int) -> list[dict]:
    """The sources after the first ``quoted`` (the summary's own), one per article and none
    from an article already quoted."""
    seen = {s["article_id"] for s in sources[:quoted]}
    out = []
    for source in sources[quoted:]:
        if source["article_id"] not in seen:
            seen.add(source["article_id"])
            out.append(source)
    return out


def to_markdown(document: dict) -> str:
    """The readable timeline: one section per story, each line with its sources.

    Every text from an article is escaped (``escape_markdown``): a viewer shows
    ``<script>`` as text instead of running it."""
    document = _escaped(document)
    articles = {a["id"]: a for a in document["articles"]}
    lines: list[str] = []
    for story in document["stories"]:
        lines += [f"# {story['title']}", ""]
        n_outlets = len({articles[a]["outlet"] for a in story["article_ids"] if a in articles})
        lines += [
            f"{len(story['article_ids'])} articles from {n_outlets} outlets. Story `{story['id']}`.",
            "",
        ]
        lines += ["## Timeline", ""]
        if not story["timeline"]:
            lines += ["No dated events found.", ""]
        for entry in story["timeline"]:
            lines.append(f"### {entry['date']}")
            lines.append("")
            # The timeline lists each summary sentence's source first, in order; the
            # summary's text may differ from it (a dateline cut), so match by position.
            sources = entry["sources"]
            for i, sentence in enumerate(entry["summary"]):
                cite = f" — {_cite(sources[i], articles)}" if i < len(sources) else ""
                lines.append(f"- {sentence}{cite}")
            more = also_reported(sources, len(entry["summary"]))
            if more:
                lines.append("- Also reported by: " + "; ".join(_cite(s, articles) for s in more))
            lines.append("")
        background = story.get("background") or []
        if background:
            lines += ["## Background (dates the story refers back to)", ""]
            for entry in background:
                source = entry["sources"][0]
                lines.append(
                    f"- {entry['date']}: {entry['summary'][0]} — {_cite(source, articles)}"
                )
            lines.append("")
        lines += who_wants_what_markdown(story, articles)
        lines += coverage_markdown(story.get("coverage") or {})
        lines += ["## Articles", ""]
        for article_id in story["article_ids"]:
            a = articles.get(article_id)
            if a:
                lines.append(
                    f"- `{a['id']}` {a['outlet'] or 'unknown outlet'} ({a['outlet_source'] or '-'}), "
                    f"{a['published'] or 'undated'} ({a['published_source'] or '-'}): {a['title'] or '(no title)'}"
                )
        lines.append("")
    if document["errors"]:
        lines += ["## Inputs that could not be read", ""]
        for e in document["errors"]:
            where = e["path"] + (f":{e['line']}" if e.get("line") else "")
            lines.append(f"- {where}: {e['error']}")
        lines.append("")
    return "\n".join(lines)


def coverage_markdown(coverage: dict) -> list[str]:
    """The "Coverage" section of one story in timeline.md (empty when there is none)."""
    if not coverage.get("outlets"):
        return []
    lines = [
        "## Coverage",
        "",
        "| outlet | articles | copies | share | first | last |",
        "|---|---|---|---|---|---|",
    ]
    for o in coverage["outlets"]:
        lines.append(
            f"| {o['outlet']} | {o['articles']} | {o['copies']} | {o['share']:.0%} | "
            f"{o['first_published'] or '-'} | {o['last_published'] or '-'} |"
        )
    lines.append("")
    for e in coverage.get("events", []):
        first = e["first"]
        who = f"; first: {first['outlet']} ({first['published'] or 'undated'})" if first else ""
        lines.append(f"- {e['date']}: {', '.join(e['outlets']) or 'no outlet'}{who}")
    for c in coverage.get("exclusive_claims", []):
        lines.append(f"- Only {c['outlet']} ({c['date']}): {c['sentence']}")
    for c in coverage.get("copies", []):
        lines.append(
            f"- `{c['article_id']}` ({c['outlet']}) is a {c['kind']} copy of "
            f"`{c['copy_of']}` ({c['copy_of_outlet'] or 'unknown outlet'})"
        )
    lines.append("")
    return lines


def who_wants_what_markdown(story: dict, articles: Mapping[str, dict]) -> list[str]:
    """The "Who wants what" section: the position matrix, gaps, shifts, quotes and figures."""
    matrix = story.get("position_matrix")
    if not matrix or not matrix.get("issues"):
        return []
    sides = matrix["actors"]
    lines = ["## Who wants what", ""]
    lines.append("| issue | " + " | ".join(sides) + " |")
    lines.append("|---|" + "---|" * len(sides))
    for row in matrix["issues"]:
        cells = matrix["cells"][row["issue"]]
        values = []
        for side in sides:
            cell = cells.get(side)
            if cell:
                history = " → ".join(dict.fromkeys(h["stance"] for h in cell["history"]))
                values.append(f"{history} ({len(cell['history'])})")
            else:
                values.append("")
        lines.append(f"| {row['issue']} | " + " | ".join(values) + " |")
    lines.append("")
    for gap in story.get("gaps", []):
        pro = ", ".join(f"{g['actor']} ({g['stance']})" for g in gap["for"])
        con = ", ".join(f"{g['actor']} ({g['stance']})" for g in gap["against"])
        lines.append(f"- Gap on **{gap['issue']}**: {pro} vs {con}")
    for shift in story.get("shifts", []):
        lines.append(
            f"- Shift: {shift['actor']} on **{shift['issue']}** from {shift['from']} "
            f"({shift['from_date'] or 'undated'}) to {shift['to']} ({shift['to_date'] or 'undated'})"
        )
    lines.append("")
    lines += ["### Positions", ""]
    for p in story.get("positions", []):
        cite = _cite({**p, "published": p["date"]}, articles)
        lines.append(
            f"- {p['actor']} **{p['stance']}** {p['issue']} (CAMEO {p['cameo']}, {p['plover']}) — {cite}"
        )
    lines.append("")
    if story.get("quotes"):
        lines += ["### Quotes", ""]
        for q in story["quotes"]:
            cite = _cite({**q, "published": q["date"]}, articles)
            role = f", {q['role']}" if q.get("role") else ""
            lines.append(f"- {q['speaker']}{role}: “{q['text']}” — {cite}")
        lines.append("")
    if story.get("figures"):
        lines += ["### Figures", ""]
        for f in story["figures"]:
            sources = "; ".join(
                _cite({**m, "sentence": m["text"], "published": m["date"]}, articles)
                for m in f["mentions"]
            )
            lines.append(f"- {f['what']}: {figure_value(f)} ({f['verdict']}) — {sources}")
        lines.append("")
    return lines


def figure_value(figure: dict) -> str:
    """A figure's value as its words state it: "145 percent", "12,000 dollars", or the vague
    words themselves ("several dozen hostages") when it has no number."""
    value = figure.get("value")
    if value is None:
        mentions = figure.get("mentions") or [{}]
        return str(mentions[0].get("text") or "")
    unit = figure.get("unit")
    return f"{value:,.10g}" + (f" {unit}" if unit else "")


def to_html(document: dict) -> str:
    """One self-contained, escaped HTML page."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(
        loader=PackageLoader("storyline", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    articles = {a["id"]: a for a in document["articles"]}
    return env.get_template("report.html.j2").render(doc=document, articles=articles)


def write_outputs(document: dict, out: str | Path) -> dict[str, Path]:
    """Write storyline.json, timeline.md and report.html into ``out``."""
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    paths = {
        "json": folder / "storyline.json",
        "md": folder / "timeline.md",
        "html": folder / "report.html",
    }
    paths["json"].write_text(to_json(document), encoding="utf-8")
    paths["md"].write_text(to_markdown(document), encoding="utf-8")
    paths["html"].write_text(to_html(document), encoding="utf-8")
    return paths


RENDERERS = {"json": to_json, "md": to_markdown, "html": to_html}


def render(document: dict, fmt: str) -> str:
    try:
        return RENDERERS[fmt](document)
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; choose one of: {', '.join(RENDERERS)}") from None
