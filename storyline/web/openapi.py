"""Typed OpenAPI responses, generated from the shipped JSON Schema (storyline.schema.json).

The JSON API returns the objects of ``storyline.json``; rather than restating their
shape as pydantic models, the schema's ``$defs`` become the OpenAPI document's
``components/schemas`` (OpenAPI 3.1 schemas are JSON Schema 2020-12), and each route
names the component it returns. The schema stays the one description of the contract.
"""

from __future__ import annotations

import copy
from typing import Any

REF_FROM = "#/$defs/"
REF_TO = "#/components/schemas/"

#: What ``/api/articles/{id}`` adds to an article: its cleaned text and sentence spans.
ARTICLE_DETAIL = {
    "allOf": [
        {"$ref": REF_TO + "article"},
        {
            "type": "object",
            "required": ["text", "sentences"],
            "properties": {
                "text": {"type": "string"},
                "sentences": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["index", "start", "end", "paragraph"],
                        "properties": {
                            k: {"type": "integer"} for k in ("index", "start", "end", "paragraph")
                        },
                    },
                },
            },
        },
    ]
}
SEARCH_RESULT = {
    "type": "object",
    "required": ["article_id", "title", "snippet"],
    "properties": {
        "article_id": {"type": "string"},
        "outlet": {"type": ["string", "null"]},
        "published": {"type": ["string", "null"]},
        "story_id": {"type": ["string", "null"]},
        "title": {"type": "string"},
        "snippet": {"type": "string"},
    },
}


def _retarget(node: Any) -> Any:
    if isinstance(node, dict):
        out = {k: _retarget(v) for k, v in node.items()}
        ref = out.get("$ref")
        if isinstance(ref, str) and ref.startswith(REF_FROM):
            out["$ref"] = REF_TO + ref[len(REF_FROM) :]
        return out
    if isinstance(node, list):
        return [_retarget(v) for v in node]
    return node


def components() -> dict[str, dict]:
    """The schema's definitions as OpenAPI component schemas (plus the API's own two)."""
    from ..report import schema

    found = {name: _retarget(body) for name, body in schema()["$defs"].items()}
    found["article_detail"] = copy.deepcopy(ARTICLE_DETAIL)
    found["search_result"] = copy.deepcopy(SEARCH_RESULT)
    return found


def returns(component: str, *, many: bool = False, description: str = "") -> dict:
    """A route's ``responses=`` argument: a 200 response of the component (or a list)."""
    body: dict = {"$ref": REF_TO + component}
    if many:
        body = {"type": "array", "items": body}
    return {
        200: {
            "description": description or f"the {component.replace('_', ' ')}",
            "content": {"application/json": {"schema": body}},
        }
    }


def install(app: Any) -> None:
    """Make ``app.openapi()`` carry the components the routes' responses refer to."""
    original = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            document = original()
            schemas = document.setdefault("components", {}).setdefault("schemas", {})
            schemas.update(components())
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi
