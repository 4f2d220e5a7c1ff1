"""The story page of the web app as one self-contained HTML file (``storyline export --format page``).

The same template as ``/stories/{id}``, with the app's stylesheet and script inlined
and the articles' texts appended (links to an article jump to its text further
down). A Content-Security-Policy meta tag allows exactly the inlined style and
script, by their SHA-256 hashes, and nothing else: no network, no other script.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import replace
from datetime import UTC, datetime

from ..errors import StorylineError
from ..store import Store
from ..version import __version__
from . import views


def _sha256(text: str) -> str:
    return (
        "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"
    )


def story_page(store: Store, story_id: str | None = None) -> str:
    """The page of ``story_id`` (default: the story with most articles) from ``store``."""
    from markupsafe import Markup

    from ..dates.tagger import tag_article
    from .app import STATIC, story_context, templates

    stories = store.stories()
    if not stories:
        raise StorylineError(f"{store.path} holds no stories; build them with: storyline build")
    if story_id is None:
        story = max(stories, key=lambda s: len(s.get("article_ids", [])))
    else:
        found = [s for s in stories if s["id"] == story_id]
        if not found:
            raise StorylineError(
                f"no story {story_id!r} in {store.path}; list them with: storyline stories"
            )
        story = found[0]
    copy_of = store.analysis("duplicate_of")
    articles = {}
    for article_id in story.get("article_ids", []):
        article = store.article(article_id)
        if article is not None:
            if copy_of.get(article_id):
                article = replace(article, duplicate_of=str(copy_of[article_id]))
            articles[article_id] = article
    css = (STATIC / "app.css").read_text(encoding="utf-8")
    js = (STATIC / "app.js").read_text(encoding="utf-8")
    texts = []
    for article in articles.values():
        tagged = tag_article(article)
        texts.append(
            {
                "article": tagged,
                "body": views.article_body(tagged, views.article_spans(tagged, story)),
            }
        )
    csp = (
        f"default-src 'none'; script-src {_sha256(js)}; style-src {_sha256(css)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    standalone = {
        "css": Markup(css),  # the app's own files, inlined as they are
        "js": Markup(js),
        "csp": csp,
        "articles": texts,
        "generated_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }
    context = story_context(story, articles)
    return (
        templates()
        .get_template("story.html.j2")
        .render(version=__version__, standalone=standalone, **context)
    )
