"""The JSON API's OpenAPI document types its responses with the shipped JSON Schema."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from storyline.cli import cli

pytest.importorskip("fastapi")
jsonschema = pytest.importorskip("jsonschema")


def _refs(node):
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            yield node["$ref"]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_api_responses_are_typed_and_real_responses_match(tmp_path):
    from fastapi.testclient import TestClient

    from storyline.web.app import create_app

    source = tmp_path / "a.jsonl"
    source.write_text(
        json.dumps(
            {
                "title": "Bridge closed for repairs",
                "published": "2025-05-02",
                "outlet": "River Daily",
                "text": "The county closed the old bridge on Thursday, May 1, 2025, for repairs "
                "that the works department said would take six weeks.",
            }
        )
    )
    result = CliRunner().invoke(cli, ["-q", "run", str(source), "--out", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    client = TestClient(
        create_app(tmp_path / "o" / "storyline.db"), base_url="http://127.0.0.1:8765"
    )
    spec = client.get("/openapi.json").json()
    components = spec["components"]["schemas"]
    assert {"story", "article", "position", "timeline_entry", "article_detail"} <= set(components)
    assert all(r.split("/")[-1] in components for r in _refs(spec)), "a $ref points nowhere"

    def schema_of(path: str) -> dict:
        return spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"][
            "schema"
        ]

    assert schema_of("/api/stories") == {
        "type": "array",
        "items": {"$ref": "#/components/schemas/story"},
    }
    assert schema_of("/api/stories/{story_id}") == {"$ref": "#/components/schemas/story"}
    assert schema_of("/api/articles/{article_id}") == {
        "$ref": "#/components/schemas/article_detail"
    }

    def check(path: str, url: str) -> None:
        document = {**schema_of(path), "components": spec["components"]}
        jsonschema.Draft202012Validator(document).validate(client.get(url).json())

    stories = client.get("/api/stories").json()
    check("/api/stories", "/api/stories")
    check("/api/stories/{story_id}", f"/api/stories/{stories[0]['id']}")
    check("/api/articles/{article_id}", f"/api/articles/{stories[0]['article_ids'][0]}")
    check("/api/search", "/api/search?q=bridge")
    broken = {**schema_of("/api/stories/{story_id}"), "components": spec["components"]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(broken).validate({"id": 3})
