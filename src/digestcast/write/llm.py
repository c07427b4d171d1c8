"""Optional rewriting of a story's summary by a language model behind an OpenAI-compatible
/chat/completions endpoint (Ollama, llama.cpp, vLLM, ...)."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from digestcast.config import LLMSettings
from digestcast.errors import ConfigError, ScriptError
from digestcast.models import Story

if TYPE_CHECKING:
    import httpx

DEFAULT_PROMPT = (
    "You write the script of a news podcast. Retell the story below for listeners in plain "
    "spoken English, in about {words} words: no headings, no lists, no links, no markdown. "
    "Keep names and figures exact. Do not invent facts. Answer with the script only."
)
WORDS = {"brief": 120, "standard": 300, "full": 600}


class ScriptWarning(UserWarning):
    """The script was written, but not the way the settings asked (e.g. the LLM failed)."""


def _prompt(settings: LLMSettings, length: str) -> str:
    template = DEFAULT_PROMPT
    if settings.prompt is not None:
        try:
            template = settings.prompt.read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"{settings.prompt}: cannot read the LLM prompt ({exc})") from None
    return template.replace("{words}", str(WORDS.get(length, 300)))


def _story_text(story: Story) -> str:
    parts = [f"Title: {story.title}", *story.body]
    for section in story.sections:
        items = "\n".join(f"- {i}" for i in section.items)
        parts.append(f"{section.heading}: {section.text}\n{items}".strip())
    return "\n\n".join(p for p in parts if p)


def _headers(settings: LLMSettings) -> dict[str, str]:
    headers = {"Content-Type": "application/json"}
    if settings.api_key_env:
        key = os.environ.get(settings.api_key_env)
        if not key:
            raise ScriptError(
                f"{settings.base_url}: environment variable {settings.api_key_env} is not set"
            )
        headers["Authorization"] = f"Bearer {key}"
    return headers


def _content(response: httpx.Response, where: str) -> str:
    try:
        data = response.json()
        text = data["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError):
        raise ScriptError(f"{where}: answer is not an OpenAI chat completion") from None
    if not isinstance(text, str) or not text.strip():
        raise ScriptError(f"{where}: empty answer")
    return text.strip()


def _delay(response: httpx.Response | None, attempt: int, backoff_s: float) -> float:
    wait: float = backoff_s * (2**attempt)
    if response is not None:
        with contextlib.suppress(ValueError):
            wait = max(wait, min(float(response.headers.get("Retry-After", "0")), 30.0))
    return wait


def rewrite_story(
    story: Story,
    settings: LLMSettings,
    length: str = "standard",
    *,
    backoff_s: float = 1.0,
    sleep: Callable[[float], None] = time.sleep,
) -> str:
    """The model's spoken retelling of `story`. Retries timeouts, connection errors, 429 and
    5xx answers with exponential backoff; raises ScriptError when every attempt failed."""
    url = settings.base_url.rstrip("/") + "/chat/completions"
    payload = {
        "model": settings.model,
        "messages": [
            {"role": "system", "content": _prompt(settings, length)},
            {"role": "user", "content": _story_text(story)},
        ],
        "temperature": 0.3,
        "stream": False,
    }
    headers = _headers(settings)
    problem = "no attempt made"
    attempts = max(1, settings.retries + 1)
    import httpx  # only a build with an LLM needs it

    with httpx.Client(timeout=settings.timeout_s) as client:
        for attempt in range(attempts):
            response: httpx.Response | None = None
            try:
                response = client.post(url, json=payload, headers=headers)
            except httpx.TimeoutException:
                problem = f"timed out after {settings.timeout_s:g} s"
            except httpx.HTTPError as exc:
                problem = f"cannot connect ({exc})"
            else:
                if response.status_code == 429 or response.status_code >= 500:
                    problem = f"HTTP {response.status_code}"
                elif response.status_code >= 400:
                    raise ScriptError(f"{url}: HTTP {response.status_code}: {response.text[:200]}")
                else:
                    return _content(response, url)
            if attempt + 1 < attempts:
                sleep(_delay(response, attempt, backoff_s))
    raise ScriptError(f"{url}: {problem} after {attempts} attempts")
