"""The ``storyline`` command: parse options, call one library function, print.

Errors the library raises on purpose become one line on stderr and a
non-zero exit; no traceback reaches the user (``-v`` shows debug logs).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from .ingest import MAX_FILE_BYTES
from .listings import COMMANDS
from .llm import EXTRACTORS
from .model import IngestError
from .terminal import (
    db_option,
    friendly,
    progress_for,
    safe_console,
    setting,
    settings,
    shown,
)


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
    default=setting("vectors"),
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

        from . import llm

        for key, value in settings().llm_settings().items():  # storyline.toml's [llm]
            os.environ.setdefault(llm.ENV[key], value)  # (the environment wins; workers see it)
        llm.settings()


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

    console = safe_console()
    extra = ()
    if feeds:
        from .feeds import DEFAULT_DELAY, Fetcher, read_feeds

        extra = read_feeds(feeds, Fetcher(delay=DEFAULT_DELAY if delay is None else delay))

    def on_error(error: IngestError) -> None:
        from rich.text import Text

        line = Text("error", style="red")
        line.append(" ")
        line.append(shown(str(error)))
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

        with progress_for("ingest") as progress:
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
@friendly
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
        with progress_for("run") as progress:
            if engine == "spark":
                from .engines.spark_build import build_spark

                build_spark(store, master=master, vectors=vectors)
            else:
                build(
                    store,
                    vectors=vectors,
                    workers=settings().workers,
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
@friendly
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
@friendly
def build(db, vectors, rebuild, workers, engine, master, extractor):
    """Bring the analysis up to date: only new articles and the stories they touch."""
    from .pipeline import build as build_store
    from .store import open_existing

    if engine == "spark" and workers is not None:
        raise click.UsageError("--workers is for the local engine; Spark uses --master")
    _check_extractor(extractor, engine)
    if workers is None and engine == "local":
        workers = settings().workers
    with open_existing(db) as store, progress_for("build") as progress:
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
@friendly
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
            with progress_for("export") as progress:
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
@friendly
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
@friendly
def eval_tls(dataset, only, out, methods, rouge, loo):
    """Timeline summarisation on DATASET (T17 layout), the standard protocol.

    For each gold timeline: as many dates as it has, its mean sentences per
    date, input clipped to its span. Writes OUT/<topic>/<timeline>.json and
    OUT/results.json; prints AR-1 F, AR-2 F (align+ m:1) and Date-F1.
    """
    from .evaluate.protocol import evaluate

    topics = tuple(t for item in only for t in item.split(",") if t)
    try:
        with progress_for("eval") as progress:
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


for listing in COMMANDS:  # articles, stories, positions, config (storyline.listings)
    cli.add_command(listing)


def main() -> None:
    cli(prog_name="storyline")
