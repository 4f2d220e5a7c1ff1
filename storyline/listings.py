"""The listing commands: ``storyline articles``, ``stories``, ``positions`` and ``config``,
as tables on the terminal or, with ``--json`` / ``--csv``, as data for other tools."""

from __future__ import annotations

import click

from .terminal import db_option, friendly, listing_options, print_rows, safe_console, shown

#: The columns of ``--json`` / ``--csv``.
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


@click.command()
@db_option
@click.option("--all", "show_all", is_flag=True, help="Include superseded versions.")
@listing_options
@friendly
def articles(db, show_all, as_json, as_csv):
    """List stored articles: id, outlet, date, title, story, version."""
    from rich.table import Table

    from .store import open_existing

    with open_existing(db) as store:
        rows = [r for r in store.article_rows() if show_all or not r["superseded_by"]]
    if print_rows(ARTICLE_COLUMNS, rows, as_json, as_csv):
        return
    table = Table("id", "outlet", "published", "title", "story", "version")
    for r in rows:
        table.add_row(
            *map(
                shown,
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
    safe_console(stderr=False).print(table)


@click.command()
@db_option
@listing_options
@friendly
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
    if print_rows(STORY_COLUMNS, rows, as_json, as_csv):
        return
    table = Table("id", "title", "articles", "timeline dates", "span")
    for r in rows:
        span = f"{r['first']} … {r['last']}" if r["first"] else "-"
        cells = (r["id"], r["title"], str(r["articles"]), str(r["timeline_dates"]), span)
        table.add_row(*map(shown, cells))
    safe_console(stderr=False).print(table)


@click.command()
@db_option
@click.option("--story", "story_id", default=None, help="Only this story.")
@listing_options
@friendly
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
    if print_rows(COLUMNS["positions"], tables({"stories": found})["positions"], as_json, as_csv):
        return
    console = safe_console(stderr=False)
    for story in found:
        matrix = story.get("position_matrix") or {"issues": [], "actors": [], "cells": {}}
        table = Table("issue", title=shown(f"{story['title']} ({story['id']})"))
        for actor in matrix["actors"]:
            table.add_column(shown(actor))  # a header made of an input's text
        for row in matrix["issues"]:
            cells = matrix["cells"][row["issue"]]
            table.add_row(
                shown(row["issue"]),
                *(
                    shown(" → ".join(dict.fromkeys(h["stance"] for h in cells[a]["history"])))
                    if a in cells
                    else ""
                    for a in matrix["actors"]
                ),
            )
        console.print(table)
        for gap in story.get("gaps", []):
            pro = ", ".join(g["actor"] for g in gap["for"])
            con = ", ".join(g["actor"] for g in gap["against"])
            console.print(shown(f"gap on {gap['issue']}: {pro} vs {con}"))
        for shift in story.get("shifts", []):
            console.print(
                shown(
                    f"shift: {shift['actor']} on {shift['issue']}: {shift['from']} -> {shift['to']}"
                )
            )


@click.command(name="config")
@listing_options
@friendly
def config_command(as_json, as_csv):
    """Show the settings (store, vectors, workers, LLM endpoint) and where each comes from.

    Order: command-line options, STORYLINE_* environment variables, storyline.toml
    (or the file STORYLINE_CONFIG names), the defaults.
    """
    from rich.table import Table

    from .config import load

    settings = load()
    rows = [{"setting": n, "value": v, "source": src} for n, v, src in settings.shown()]
    if print_rows(("setting", "value", "source"), rows, as_json, as_csv):
        return
    table = Table("setting", "value", "from")
    for r in rows:
        table.add_row(*map(shown, (r["setting"], r["value"], r["source"])))
    safe_console(stderr=False).print(table)
    if settings.file is None:
        click.echo("no storyline.toml here (and STORYLINE_CONFIG is not set)")


COMMANDS = (articles, stories, positions, config_command)
