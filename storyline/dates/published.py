"""An article's publication date from what the file states.

Order of trust: an explicit field, HTML metadata (htmldate via trafilatura),
a ``date YYYY-MM-DD`` marker line, a dateline, the URL path. Inference for
undated articles (from the content and other stored articles) lives in
``storyline.dates.infer``.
"""

from __future__ import annotations

from dataclasses import dataclass

from .parse import date_from_url, parse_date_string, read_stamp

#: How far each kind of evidence is trusted (0..1), reported as published_confidence.
CONFIDENCE = {"field": 1.0, "marker": 0.95, "html": 0.9, "dateline": 0.9, "url": 0.8}


@dataclass(frozen=True, slots=True)
class Published:
    value: str | None
    precision: str | None
    source: str | None
    confidence: float
    warnings: tuple[str, ...] = ()


def stated_published(
    *,
    field: str | None,
    html_date: str | None,
    marker: str | None,
    dateline: str | None,
    url: str | None,
) -> Published:
    """The publication date the article states, or an empty ``Published``."""
    warnings: list[str] = []
    candidates = (
        ("field", field and parse_date_string(field)),
        ("html", html_date and parse_date_string(html_date)),
        ("marker", marker and parse_date_string(marker)),
        (
            "dateline",
            dateline and _stamp_day(dateline),
        ),
        ("url", date_from_url(url)),
    )
    if field and not candidates[0][1]:
        warnings.append(f"unreadable date field {field!r}")
    for source, parsed in candidates:
        if parsed:
            value, precision = parsed
            return Published(value, precision, source, CONFIDENCE[source], tuple(warnings))
    return Published(None, None, None, 0.0, tuple(warnings))


def _stamp_day(line: str) -> tuple[str, str] | None:
    """The publication day a printed byline or timestamp line states (not an updated one)."""
    stamp = read_stamp(line)
    if stamp is None or stamp.kind == "updated":
        return None
    return stamp.day.isoformat(), "day"
