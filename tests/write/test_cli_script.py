"""`digestcast script`: Markdown, --spoken, --check and errors, on hand-built issues."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

import digestcast.cli  # noqa: F401  (registers the other commands: `script` is a subcommand)
import digestcast.cli.script as script_cli
from digestcast.cli.app import app
from digestcast.config import IngestSettings
from digestcast.errors import IngestError
from digestcast.models import Issue, Segment
from digestcast.write import write_script


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["script", *args])
    return result.exit_code, result.output


@pytest.fixture
def fake_ingest(issue: Issue, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []

    def load_issue(source: str, settings: IngestSettings, *, item: str | None = None) -> Issue:
        seen.append(source)
        if source == "missing.md":
            raise IngestError("missing.md: file not found")
        return issue

    monkeypatch.setattr(script_cli, "load_issue", load_issue)
    monkeypatch.chdir(__import__("tempfile").gettempdir())
    return seen


def test_prints_the_editable_script(fake_ingest: list[str]) -> None:
    code, output = run("issue.md", "--length", "brief")
    assert code == 0 and fake_ingest == ["issue.md"]
    assert output.startswith('---\ntitle: "Weather Models Week"')
    assert "## outro: Outro" in output


def test_spoken_and_check(fake_ingest: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    code, output = run("issue.md", "--spoken")
    assert code == 0 and "April tenth, twenty twenty-six" in output and "##" not in output
    code, output = run("issue.md", "--check")
    assert code == 0 and "no problems" in output
    real = write_script

    def with_digits(issue: Issue, settings: object) -> object:
        script = real(issue, settings)  # type: ignore[arg-type]
        bad = Segment("outro", "Outro", "x", "call 555", "joe")
        return type(script)(script.title, (*script.segments, bad), script.date, "")

    monkeypatch.setattr(script_cli, "write_script", with_digits)
    code, output = run("issue.md", "--check")
    assert code == 1 and "digits" in output


def test_errors_are_one_line(fake_ingest: list[str]) -> None:
    code, output = run("missing.md")
    assert code == 2 and "missing.md: file not found" in output
    code, _ = run("issue.md", "--length", "huge")
    assert code == 2
