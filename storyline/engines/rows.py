"""Articles as flat rows (Parquet, Arrow) and back, derived from the dataclass fields.

Scalars stay columns; tuples of strings or of nested dataclasses become JSON text
columns. Deriving the schema from ``model.Article`` keeps the layout in step with
the model without a second list of fields to maintain.
"""

from __future__ import annotations

import dataclasses
import json
import re
import typing

from .. import model
from ..model import Article, IngestError

_SCALARS = {"str": "string", "float": "double", "int": "long", "bool": "boolean"}


def _column_type(annotation: str) -> str:
    base = annotation.replace(" | None", "").strip()
    return _SCALARS.get(base, "json")


def article_columns() -> list[tuple[str, str]]:
    """(name, type) for every Article field; type is a Spark SQL type or "json"."""
    return [(f.name, _column_type(str(f.type))) for f in dataclasses.fields(Article)]


def spark_schema() -> str:
    """The DDL of the rows the Spark engine produces."""
    columns = [f"{name} {'string' if kind == 'json' else kind}" for name, kind in article_columns()]
    return ", ".join(["kind string", "line long", "error string", *columns])


def _element_class(annotation: str) -> type | None:
    match = re.match(r"tuple\[(\w+), \.\.\.\]", annotation)
    if match and hasattr(model, match.group(1)):
        candidate = getattr(model, match.group(1))
        return (
            candidate
            if isinstance(candidate, type) and dataclasses.is_dataclass(candidate)
            else None
        )
    return None


def sentences_to_json(article: Article) -> str:
    """The sentence offsets as stored: ``[[start, end, paragraph], ...]``."""
    return json.dumps([[s.start, s.end, s.paragraph] for s in article.sentences])


def article_to_row(article: Article, line: int | None) -> dict:
    row: dict[str, typing.Any] = {"kind": "article", "line": line, "error": None}
    for field in dataclasses.fields(Article):
        value = getattr(article, field.name)
        if field.name == "sentences":
            row[field.name] = sentences_to_json(article)
        elif _column_type(str(field.type)) == "json":
            items = [
                dataclasses.asdict(v)
                if dataclasses.is_dataclass(v) and not isinstance(v, type)
                else v
                for v in value
            ]
            row[field.name] = json.dumps(items, ensure_ascii=False)
        else:
            row[field.name] = value
    return row


def error_to_row(error: IngestError) -> dict:
    row: dict[str, object] = {name: None for name, _ in article_columns()}
    row.update({"kind": "error", "line": error.line, "error": error.error, "path": error.path})
    return row


def row_to_article(row: typing.Mapping) -> tuple[Article, int | None]:
    values: dict[str, typing.Any] = {}
    text = row["text"]
    for field in dataclasses.fields(Article):
        value = row.get(field.name)
        if field.name == "sentences":
            values[field.name] = tuple(
                model.Sentence(i, text[s:e], s, e, p)
                for i, (s, e, p) in enumerate(json.loads(value or "[]"))
            )
        elif _column_type(str(field.type)) == "json":
            items = json.loads(value) if value else []
            cls = _element_class(str(field.type))
            values[field.name] = tuple(cls(**item) for item in items) if cls else tuple(items)
        elif value is not None and value == value:  # NaN from pandas means missing
            values[field.name] = value
    line = row.get("line")
    return Article(**values), (int(line) if line is not None and line == line else None)
