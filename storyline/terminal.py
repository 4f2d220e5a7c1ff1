"""What the ``storyline`` commands share for the terminal: the settings they start from,
their progress display, a console that never reads input text as markup, one-line errors,
and the ``--json`` / ``--csv`` form of the listings (``storyline.cli``, ``storyline.listings``).
"""

from __future__ import annotations

import functools

import click

from .errors import StorylineError

DEFAULT_DB = "storyline.db"


def settings():
    """The settings as this command starts (read again each time: a few variables, one
    small file)."""
    from .config import load

    return load()


def setting(name: str):
    """A click default read from the environment or storyline.toml (``storyline.config``)."""

    def default():
        from .config import ConfigError

        try:
            return getattr(settings(), name)
        except ConfigError as exc:
            raise click.ClickException(str(exc)) from None

    return default


def progress_for(command: str):
    """The progress display of a long command (quiet under -q, plain lines off a terminal)."""
    from .progress import StepProgress

    root = click.get_current_context().find_root()
    return StepProgress(command, quiet=bool(root.params.get("quiet")))


def safe_console(stderr: bool = True):
    """A rich console that reads no markup or emoji codes in what it prints: titles,
    outlets, file names and error lines come from the inputs (``[/]`` would crash it,
    ``[link=...]`` make a link, ``:100:`` an emoji)."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, emoji=False, markup=False)


def shown(value: str):
    """Text from an input, for the terminal: control characters (ANSI escapes) written
    as ``\\xNN``, and never read as rich markup."""
    from rich.text import Text

    return Text("".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in value))


def friendly(func):
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


def listing_options(func):
    func = click.option(
        "--csv", "as_csv", is_flag=True, help="Print CSV (a header row) instead of a table."
    )(func)
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")(
        func
    )


def print_rows(columns, rows, as_json: bool, as_csv: bool) -> bool:
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


db_option = click.option(
    "--db",
    default=setting("store"),
    show_default=f"{DEFAULT_DB}, or STORYLINE_STORE / storyline.toml",
    help="The store (SQLite file).",
)
