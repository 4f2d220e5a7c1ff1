"""The ``storyline`` command: parse options, call one library function, print.

Errors the library raises on purpose become one line on stderr and a
non-zero exit; no traceback reaches the user (``-v`` shows debug logs).
"""

from __future__ import annotations

import functools
import logging
import sys
from pathlib import Path

import click

from .errors import StorylineError
from .ingest import MAX_FILE_BYTES
from .llm import EXTRACTORS
from .model import IngestError

DEFAULT_DB = "storyline.db"


def _settings():
    """The settings as this command starts (read again each time: a few variables, one
    small file)."""
    from .config import load

    return load()


def _setting(name: str):
    """A click default read from the environment or storyline.toml (``storyline.config``)."""

    def default():
        from .config import ConfigError

        try:
            return getattr(_settings(), name)
        except ConfigError as exc:
            raise click.ClickException(str(exc)) from None

    return default


def _progress(command: str):
    """The progress display of a long command (quiet under -q, plain lines off a terminal)."""
    from .progress import StepProgress

    root = click.get_current_context().find_root()
    return StepProgress(command, quiet=bool(root.params.get("quiet")))


def _console(stderr: bool = True):
    """A rich console that reads no markup or emoji codes in what it prints: titles,
    outlets, file names and error lines come from the inputs (``[/]`` would crash it,
    ``[link=...]`` make a link, ``:100:`` an emoji)."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, emoji=False, markup=False)


def _shown(value: str):
    """Text from an input, for the terminal: control characters (ANSI escapes) written
    as ``\\xNN``, and never read as rich markup."""
    from rich.text import Text

    return Text("".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in value))


def _friendly(func):
    """Turn StorylineError (and OS errors) into a one-line message."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except StorylineError as exc:
            raise click.ClickException(str(exc)) from None
        except OSError as exc:
            raise click.ClickException(
                f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": ")
            ) from None

    return wrapper


def _size(value: str) -> int:
    units = {"k": 1e3, "m": 1e6, "g": 1e9}
    value = value.strip().lower().rstrip("b")
    try:
        if value and value[-1] in units:
            return int(float(value[:-1]) * units[value[-1]])
        return int(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a size such as 100M") from None


def _field_map(pairs: tuple[str, ...]) -> dict[str, str]:
    mapping = {}
    for pair in pairs:
        key, sep, name = pair.partition("=")
        if not sep or key not in {"text", "title", "url", "published", "outlet", "id"}:
            raise click.BadParameter(
                f"{pair!r}: use FIELD=NAME with FIELD one of text, title, url, published, outlet, id"
            )
        mapping[key] = name
    return mapping


ingest_options = [
    click.option(
        "--max-file-size",
        "max_size",
        default=str(MAX_FILE_BYTES // 1_000_000) + "M",
        show_default=True,
        help="Refuse files larger than this.",
    ),
    click.option(
        "--field",
        "fields",
        multiple=True,
        metavar="FIELD=NAME",
        help="Read FIELD (text, title, url, published, outlet, id) of JSON/CSV records from column NAME.",
    ),
    click.option("--strict", is_flag=True, help="Exit non-zero if any input could not be read."),
    click.option(
        "--engine",
        type=click.Choice(["local", "spark"]),
        default="local",
        show_default=True,
        help="Run the per-article stages here or on Apache Spark (extra `spark`).",
    ),
    click.option(
        "--master",
        default="local[*]",
        show_default=True,
        help="Spark master URL (with --engine spark).",
    ),
    click.option(
        "--parquet",
        default=None,
        help="Where the Spark engine writes Parquet [default: DB.parquet/].",
    ),
]


vectors_option = click.option(
    "--vectors",
    type=click.Choice(["tfidf", "minilm"]),
    default=_setting("vectors"),
    show_default="tfidf, or STORYLINE_VECTORS / storyline.toml",
    help="Article vectors for story clustering (minilm needs the 'embeddings' extra).",
)

extractor_option = click.option(
    "--extractor",
    type=click.Choice(EXTRACTORS),
    default="rules",
    show_default=True,
    help="Who reads positions: the offline rules, or a model behind an OpenAI-compatible "
    "endpoint (llm: STORYLINE_LLM_BASE_URL, STORYLINE_LLM_MODEL, STORYLINE_LLM_API_KEY).",
)


def _check_extractor(extractor: str, engine: str) -> None:
    """Fail before any work when the llm extractor cannot run (one line, no traceback)."""
    if extractor == "llm":
        if engine == "spark":
            raise click.UsageError("--extractor llm runs with the local engine")
        import os

        from .llm import ENV, settings

        for key, value in _settings().llm_settings().items():  # storyline.toml's [llm]
            os.environ.setdefault(ENV[key], value)  # (the environment wins; workers see it)
        settings()


db_option = click.option(
    "--db",
    default=_setting("store"),
    show_default=f"{DEFAULT_DB}, or STORYLINE_STORE / storyline.toml",
    help="The store (SQLite file).",
)


def _with(options):
    def decorate(func):
        for option in reversed(options):
            func = option(func)
        return func

    return decorate


def _do_ingest(
    store,
    inputs,
    max_size,
    fields,
    strict,
    feeds=(),
    delay=None,
    engine="local",
    master="local[*]",
    parquet=None,
):
    from .pipeline import ingest

    console = _console()
    extra = ()
    if feeds:
        from .feeds import DEFAULT_DELAY, Fetcher, read_feeds

        extra = read_feeds(feeds, Fetcher(delay=DEFAULT_DELAY if delay is None else delay))

    def on_error(error: IngestError) -> None:
        from rich.text import Text

        line = Text("error", style="red")
        line.append(" ")
        line.append(_shown(str(error)))
        console.print(line, soft_wrap=True)

    if engine == "spark":
        from .engines.spark import ingest_spark

        if feeds:
            raise click.UsageError("--feed is fetched by the local engine only")
        report = ingest_spark(
            store,
            inputs,
            master=master,
            parquet=parquet,
            max_bytes=_size(max_size),
            field_map=_field_map(fields),
            on_error=on_error,
        )
    else:
        count = 0

        def on_article(_article) -> None:
            nonlocal count
            count += 1
            progress("ingest", count, None)

        with _progress("ingest") as progress:
            progress("ingest", 0, None)
            report = ingest(
                store,
                inputs,
                max_bytes=_size(max_size),
                field_map=_field_map(fields),
                on_error=on_error,
                on_article=on_article,
                extra=extra,
            )
            progress("ingest", count, count)
    console.print(
        f"ingested {report.added} new article(s), {report.unchanged} already stored, "
        f"{len(report.errors)} input(s) could not be read"
    )
    if report.read == 0 or (strict and report.errors):
        raise click.exceptions.Exit(1)
    return report


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="storyline")
@click.option("-v", "--verbose", count=True, help="More logging (-vv for debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors.")
def cli(verbose: int, quiet: bool) -> None:
    """Turn news articles about an unfolding story into a dated, sourced timeline."""
    level = (
        logging.ERROR if quiet else (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)]
    )
    logging.basicConfig(
        level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "--out", "out", required=True, type=click.Path(file_okay=False), help="Folder for the outputs."
)
@click.option("--db", default=None, help="Store to use [default: OUT/storyline.db].")
@_with(ingest_options)
@vectors_option
@extractor_option
@_friendly
def run(inputs, out, db, max_size, fields, strict, engine, master, parquet, vectors, extractor):
    """Ingest ARTICLES, analyse them and write OUT/storyline.json, timeline.md and report.html.

    ARTICLES are files, directories (recursive), globs, or - for stdin.
    """
    from .pipeline import build, default_db, export_document
    from .report import write_outputs
    from .store import Store

    _check_extractor(extractor, engine)
    Path(out).mkdir(parents=True, exist_ok=True)
    with Store(db or default_db(out)) as store:
        _do_ingest(
            store, inputs, max_size, fields, strict, engine=engine, master=master, parquet=parquet
        )
        with _progress("run") as progress:
            if engine == "spark":
                from .engines.spark_build import build_spark

                build_spark(store, master=master, vectors=vectors)
            else:
                build(
                    store,
                    vectors=vectors,
                    workers=_settings().workers,
                    extractor=extractor,
                    progress=progress,
                )
            paths = write_outputs(export_document(store, progress=progress), out)
    for path in paths.values():
        click.echo(f"wrote {path}")


@cli.command()
@click.argument("inputs", nargs=-1)
@db_option
@click.option(
    "--feed",
    "feeds",
    multiple=True,
    metavar="URL",
    help="An RSS/Atom feed or a list of URLs (URL or local file) whose pages to fetch; repeatable.",
)
@click.option(
    "--delay", type=float, default=None, help="Seconds between requests to one host [default: 1]."
)
@_with(ingest_options)
@_friendly
def ingest(inputs, db, feeds, delay, max_size, fields, strict, engine, master, parquet):
    """Add ARTICLES (files, directories, globs, or - for stdin) or fetched feeds to a store."""
    from .store import Store

    if not inputs and not feeds:
        raise click.UsageError("name ARTICLES to read or a --feed to fetch")
    with Store(db) as store:
        _do_ingest(store, inputs, max_size, fields, strict, feeds, delay, engine, master, parquet)


@cli.command()
@db_option
@vectors_option
@click.option("--rebuild", is_flag=True, help="Forget every story and place all articles anew.")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes for the per-article and per-story work "
    "[default: STORYLINE_WORKERS / storyline.toml, else the cores].",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "spark"]),
    default="local",
    show_default=True,
    help="Run the per-article and per-story work here or on Apache Spark (extra `spark`).",
)
@click.option(
    "--master",
    default="local[*]",
    show_default=True,
    help="Spark master URL (with --engine spark).",
)
@extractor_option
@_friendly
def build(db, vectors, rebuild, workers, engine, master, extractor):
    """Bring the analysis up to date: only new articles and the stories they touch."""
    from .pipeline import build as build_store
    from .store import open_existing

    if engine == "spark" and workers is not None:
        raise click.UsageError("--workers is for the local engine; Spark uses --master")
    _check_extractor(extractor, engine)
    if workers is None and engine == "local":
        workers = _settings().workers
    with open_existing(db) as store, _progress("build") as progress:
        if engine == "spark":
            from .engines.spark_build import build_spark

            stories = build_spark(store, master=master, vectors=vectors, rebuild=rebuild)
        else:
            stories = build_store(
                store,
                vectors=vectors,
                rebuild=rebuild,
                workers=workers,
                extractor=extractor,
                progress=progress,
            )
        count = store.count_articles()
    click.echo(f"built {len(stories)} story(ies) from {count} article(s)")


EXPORT_FORMATS = ("json", "md", "html", "page", "timelinejs", "csv", "ics", "parquet")


@cli.command()
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    default="json",
    show_default=True,
    help="html with --story: that story's page from the web app as one self-contained file; "
    "html alone: the report of every story; page: the story page (--story, else the largest); "
    "timelinejs: TimelineJS3 JSON of one story (--story, else the largest); csv: the timeline, "
    "positions, figures, quotes, coverage, copies and articles tables (--out DIR or FILE.zip); "
    "ics: the timeline as an iCalendar file; parquet: the same tables as csv (--out DIR, "
    "extra `spark`).",
)
@click.option("--out", "out", default=None, help="File (or folder) to write [default: stdout].")
@click.option("--story", "story_id", default=None, help="Only this story.")
@_friendly
def export(db, fmt, out, story_id):
    """Write the analysis as JSON, Markdown, HTML, TimelineJS, CSV, iCalendar or Parquet."""
    from . import exports
    from .pipeline import export_document
    from .report import render
    from .store import open_existing

    if fmt in {"csv", "parquet"} and not out:
        raise click.UsageError(f"--format {fmt} writes several tables: name --out DIR")
    if fmt == "parquet":
        from .errors import require

        require("pyarrow", "spark")  # before the work, not after it
    with open_existing(db) as store:
        if fmt == "page" or (fmt == "html" and story_id):
            from .web.standalone import story_page

            text = story_page(store, story_id)
        else:
            with _progress("export") as progress:
                document = export_document(store, story_id=story_id, progress=progress)
    if fmt in {"csv", "parquet"}:
        write = exports.write_csv if fmt == "csv" else exports.write_parquet
        for path in write(document, out):
            click.echo(f"wrote {path}", err=True)
        return
    if fmt == "timelinejs":
        text = exports.timelinejs_json(document, story_id)
    elif fmt == "ics":
        text = exports.ics(document, story_id)
    elif fmt != "page" and not (fmt == "html" and story_id):
        text = render(document, fmt)
    if out:
        newline = "" if fmt == "ics" else None  # ics lines end in CRLF already
        Path(out).write_text(text, encoding="utf-8", newline=newline)
        click.echo(f"wrote {out}", err=True)
    else:
        click.echo(text, nl=False)


def _listing_options(func):
    func = click.option(
        "--csv", "as_csv", is_flag=True, help="Print CSV (a header row) instead of a table."
    )(func)
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")(
        func
    )


def _print_rows(columns, rows, as_json: bool, as_csv: bool) -> bool:
    """Print ``rows`` (dicts) as JSON or CSV when asked; False when a table is wanted."""
    if as_json and as_csv:
        raise click.UsageError("choose one of --json and --csv")
    if as_json:
        import json

        click.echo(
            json.dumps([{c: r.get(c) for c in columns} for r in rows], ensure_ascii=False, indent=2)
        )
    elif as_csv:
        from .exports import csv_text

        click.echo(csv_text(columns, rows), nl=False)
    return as_json or as_csv


ARTICLE_COLUMNS = (
    "id",
    "outlet",
    "published",
    "title",
    "story_id",
    "version",
    "superseded_by",
    "url",
    "path",
)
STORY_COLUMNS = ("id", "title", "articles", "timeline_dates", "first", "last")


@cli.command()
@db_option
@click.option("--all", "show_all", is_flag=True, help="Include superseded versions.")
@_listing_options
@_friendly
def articles(db, show_all, as_json, as_csv):
    """List stored articles: id, outlet, date, title, story, version."""
    from rich.table import Table

    from .store import open_existing

    with open_existing(db) as store:
        rows = [r for r in store.article_rows() if show_all or not r["superseded_by"]]
    if _print_rows(ARTICLE_COLUMNS, rows, as_json, as_csv):
        return
    table = Table("id", "outlet", "published", "title", "story", "version")
    for r in rows:
        table.add_row(
            *map(
                _shown,
                (
                    r["id"],
                    r["outlet"] or "-",
                    r["published"] or "undated",
                    r["title"] or "-",
                    r["story_id"] or "-",
                    str(r["version"]) + (" (old)" if r["superseded_by"] else ""),
                ),
            )
        )
    _console(stderr=False).print(table)


@cli.command()
@db_option
@_listing_options
@_friendly
def stories(db, as_json, as_csv):
    """List stored stories: id, title, article count, timeline span."""
    from rich.table import Table

    from .store import open_existing

    with open_existing(db) as store:
        found = store.stories()
    rows = []
    for s in found:
        dates = [e["date"] for e in s["timeline"]]
        rows.append(
            {
                "id": s["id"],
                "title": s["title"],
                "articles": len(s["article_ids"]),
                "timeline_dates": len(dates),
                "first": min(dates) if dates else None,
                "last": max(dates) if dates else None,
            }
        )
    if _print_rows(STORY_COLUMNS, rows, as_json, as_csv):
        return
    table = Table("id", "title", "articles", "timeline dates", "span")
    for r in rows:
        span = f"{r['first']} … {r['last']}" if r["first"] else "-"
        cells = (r["id"], r["title"], str(r["articles"]), str(r["timeline_dates"]), span)
        table.add_row(*map(_shown, cells))
    _console(stderr=False).print(table)


@cli.command()
@db_option
@click.option("--story", "story_id", default=None, help="Only this story.")
@_listing_options
@_friendly
def positions(db, story_id, as_json, as_csv):
    """Print who wants what: the position matrix (issues x actors) of each story.

    --json / --csv print every position instead (actor, stance, CAMEO and PLOVER codes,
    issue, date, outlet, article and sentence).
    """
    from rich.table import Table

    from .exports import COLUMNS, tables
    from .pipeline import stored_stories
    from .store import open_existing

    with open_existing(db) as store:
        found = stored_stories(store, story_id)
    if _print_rows(COLUMNS["positions"], tables({"stories": found})["positions"], as_json, as_csv):
        return
    console = _console(stderr=False)
    for story in found:
        matrix = story.get("position_matrix") or {"issues": [], "actors": [], "cells": {}}
        table = Table("issue", title=_shown(f"{story['title']} ({story['id']})"))
        for actor in matrix["actors"]:
            table.add_column(_shown(actor))  # a header made of an input's text
        for row in matrix["issues"]:
            cells = matrix["cells"][row["issue"]]
            table.add_row(
                _shown(row["issue"]),
                *(
                    _shown(" → ".join(dict.fromkeys(h["stance"] for h in cells[a]["history"])))
                    if a in cells
                    else ""
                    for a in matrix["actors"]
                ),
            )
        console.print(table)
        for gap in story.get("gaps", []):
            pro = ", ".join(g["actor"] for g in gap["for"])
            con = ", ".join(g["actor"] for g in gap["against"])
            console.print(_shown(f"gap on {gap['issue']}: {pro} vs {con}"))
        for shift in story.get("shifts", []):
            console.print(
                _shown(
                    f"shift: {shift['actor']} on {shift['issue']}: {shift['from']} -> {shift['to']}"
                )
            )


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=8765, show_default=True, type=int)
@click.option(
    "--token",
    default=None,
    envvar="STORYLINE_TOKEN",
    help="Require this token on every request (needed off loopback) [env: STORYLINE_TOKEN].",
)
@_friendly
def serve(db, host, port, token):
    """Browse stories, timelines, positions and coverage in a web browser."""
    from .errors import require
    from .web.app import serve as serve_app
    from .web.security import resolve_token

    for module in ("fastapi", "uvicorn"):  # before saying it serves
        require(module, "web")

    token = resolve_token(host, token)
    click.echo(f"storyline: serving {db} on http://{host}:{port}/ (Ctrl+C to stop)", err=True)
    serve_app(db, host=host, port=port, token=token)


@cli.command(name="config")
@_listing_options
@_friendly
def config_command(as_json, as_csv):
    """Show the settings (store, vectors, workers, LLM endpoint) and where each comes from.

    Order: command-line options, STORYLINE_* environment variables, storyline.toml
    (or the file STORYLINE_CONFIG names), the defaults.
    """
    from rich.table import Table

    from .config import load

    settings = load()
    rows = [{"setting": n, "value": v, "source": src} for n, v, src in settings.shown()]
    if _print_rows(("setting", "value", "source"), rows, as_json, as_csv):
        return
    table = Table("setting", "value", "from")
    for r in rows:
        table.add_row(*map(_shown, (r["setting"], r["value"], r["source"])))
    _console(stderr=False).print(table)
    if settings.file is None:
        click.echo("no storyline.toml here (and STORYLINE_CONFIG is not set)")


@cli.group(name="eval")
def eval_group() -> None:
    """Measure storyline on published benchmarks."""


@eval_group.command(name="tls")
@click.argument("dataset", type=click.Path(exists=True, file_okay=False))
@click.option(
    "--topics", "only", multiple=True, help="Only these topics (repeat or comma-separate)."
)
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(file_okay=False),
    help="Folder for the predicted timelines and results.json.",
)
@click.option(
    "--method",
    "methods",
    multiple=True,
    default=("storyline",),
    show_default=True,
    help="Methods to run: storyline, counts, pubcount, random (repeat for several).",
)
@click.option(
    "--rouge",
    type=click.Choice(["original", "reimpl"]),
    default="original",
    show_default=True,
    help="ROUGE-1.5.5 (original, for reported numbers) or tilse's faster approximation.",
)
@click.option(
    "--loo",
    is_flag=True,
    help="Leave one topic out: score each topic with a date ranker trained on all the others.",
)
@_friendly
def eval_tls(dataset, only, out, methods, rouge, loo):
    """Timeline summarisation on DATASET (T17 layout), the standard protocol.

    For each gold timeline: as many dates as it has, its mean sentences per
    date, input clipped to its span. Writes OUT/<topic>/<timeline>.json and
    OUT/results.json; prints AR-1 F, AR-2 F (align+ m:1) and Date-F1.
    """
    from .evaluate.protocol import evaluate

    topics = tuple(t for item in only for t in item.split(",") if t)
    try:
        with _progress("eval") as progress:
            result = evaluate(
                dataset,
                only=topics,
                methods=methods,
                rouge=rouge,
                out=out,
                loo=loo,
                progress=progress,
            )
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    for name, method in result["methods"].items():
        click.echo(f"{name}: AR-1 F / AR-2 F / Date-F1 per topic (seconds end to end)")
        for topic, row in method["topics"].items():
            a = row["average"]
            click.echo(
                f"  {topic:12s} {a['ar1']['f']:.3f} / {a['ar2']['f']:.3f} / {a['date']['f']:.3f}"
                f"  ({row['seconds']:.1f} s, {row['articles']} articles)"
            )
        a = method["overall"]
        click.echo(
            f"  {'overall':12s} {a['ar1']['f']:.3f} / {a['ar2']['f']:.3f} / {a['date']['f']:.3f}"
            f"  ({method['timelines']} timelines)"
        )
    click.echo(f"peak memory {result['peak_memory_mb']:.0f} MB; wrote {Path(out) / 'results.json'}")


def main() -> None:
    cli(prog_name="storyline")
