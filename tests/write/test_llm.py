"""LLM rewriting against a local OpenAI-compatible server, failures included."""

from __future__ import annotations

import json
import warnings

import pytest
from pytest_httpserver import HTTPServer

from digestcast.config import LLMSettings, Settings
from digestcast.errors import ScriptError
from digestcast.models import Issue
from digestcast.write import ScriptWarning, write_script
from digestcast.write.llm import rewrite_story

ANSWER = {
    "choices": [{"message": {"role": "assistant", "content": "A **retold** story, 3 facts."}}]
}


def llm(server: HTTPServer, **extra: object) -> LLMSettings:
    return LLMSettings(base_url=server.url_for("/v1"), model="tiny", timeout_s=2, **extra)


def test_rewrite_speaks_the_protocol(
    httpserver: HTTPServer, issue: Issue, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TEST_LLM_KEY", "secret")
    httpserver.expect_oneshot_request(
        "/v1/chat/completions", method="POST", headers={"Authorization": "Bearer secret"}
    ).respond_with_json(ANSWER)
    text = rewrite_story(issue.stories[0], llm(httpserver, api_key_env="TEST_LLM_KEY"))
    assert text == "A **retold** story, 3 facts."
    body = json.loads(httpserver.log[0][0].get_data())
    assert body["model"] == "tiny" and body["messages"][0]["role"] == "system"
    assert issue.stories[0].title in body["messages"][1]["content"]


def test_retries_429_and_5xx_with_backoff(httpserver: HTTPServer, issue: Issue) -> None:
    httpserver.expect_ordered_request("/v1/chat/completions").respond_with_data("slow", status=429)
    httpserver.expect_ordered_request("/v1/chat/completions").respond_with_data("oops", status=503)
    httpserver.expect_ordered_request("/v1/chat/completions").respond_with_json(ANSWER)
    waits: list[float] = []
    text = rewrite_story(
        issue.stories[0], llm(httpserver, retries=3), backoff_s=0.5, sleep=waits.append
    )
    assert text.startswith("A **retold**")
    assert waits == [0.5, 1.0]


def test_gives_up_after_retries(httpserver: HTTPServer, issue: Issue) -> None:
    httpserver.expect_request("/v1/chat/completions").respond_with_data("down", status=500)
    waits: list[float] = []
    with pytest.raises(ScriptError, match="HTTP 500 after 3 attempts"):
        rewrite_story(issue.stories[0], llm(httpserver, retries=2), sleep=waits.append)
    assert waits == [1.0, 2.0]


def test_client_errors_and_bad_answers_fail_at_once(httpserver: HTTPServer, issue: Issue) -> None:
    httpserver.expect_oneshot_request("/v1/chat/completions").respond_with_data("no", status=401)
    with pytest.raises(ScriptError, match="HTTP 401"):
        rewrite_story(issue.stories[0], llm(httpserver))
    httpserver.expect_oneshot_request("/v1/chat/completions").respond_with_json({"choices": []})
    with pytest.raises(ScriptError, match="not an OpenAI chat completion"):
        rewrite_story(issue.stories[0], llm(httpserver))


def test_write_script_uses_the_model_and_falls_back_with_a_warning(
    httpserver: HTTPServer, issue: Issue
) -> None:
    httpserver.expect_request("/v1/chat/completions").respond_with_json(ANSWER)
    settings = Settings().with_overrides(**{"write.llm": llm(httpserver).model_dump(mode="json")})
    story = next(s for s in write_script(issue, settings).segments if s.kind == "story")
    assert "A retold story, three facts." in story.spoken
    httpserver.clear()
    httpserver.expect_request("/v1/chat/completions").respond_with_data("no", status=404)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        script = write_script(issue, settings)
    assert any(
        issubclass(w.category, ScriptWarning) and "HTTP 404" in str(w.message) for w in caught
    )
    story = next(s for s in script.segments if s.kind == "story")
    assert "Harbor Labs released Tidewater" in story.text
