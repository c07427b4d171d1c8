"""Scripts kept between builds: written once per unchanged input, again on any change."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

from digestcast import sbd
from digestcast.config import Settings
from digestcast.models import Issue, Script
from digestcast.sbd import SentenceSplitter
from digestcast.speak.cache import SegmentCache
from digestcast.write import cache as script_cache
from digestcast.write import write_script
from digestcast.write.cache import KeptScript, ScriptCache, script_key, written


class CountingWriter:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, issue: Issue, settings: Settings) -> Script:
        self.calls += 1
        return write_script(issue, settings)


def test_an_unchanged_issue_is_written_once(issue: Issue, tmp_path: Path) -> None:
    write = CountingWriter()
    first = written(issue, Settings(), tmp_path, write).script
    again = written(issue, Settings(), tmp_path, write).script
    assert write.calls == 1
    assert again == first == write_script(issue, Settings())  # every field, spoken text too
    assert len(list((tmp_path / "scripts").glob("*.json"))) == 1


def test_any_change_to_the_inputs_writes_again(issue: Issue, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "outro.j2").write_text("Bye from {{ show }}.\n")
    base = Settings().with_overrides(**{"write.templates": str(templates)})
    edited_story = dataclasses.replace(issue.stories[0], body=("A new first paragraph.",))
    edited = dataclasses.replace(issue, stories=(edited_story, *issue.stories[1:]))
    keys = {
        script_key(issue, base),
        script_key(edited, base),
        script_key(issue, base.with_overrides(**{"write.length": "brief"})),
        script_key(issue, base.with_overrides(**{"show.title": "Another Show"})),
    }
    (templates / "outro.j2").write_text("Goodbye from {{ show }}.\n")
    keys.add(script_key(issue, base))
    assert len(keys) == 5
    write = CountingWriter()
    script = written(issue, base, tmp_path / "cache", write).script
    assert script.segments[-1].text == "Goodbye from My Newsletter Podcast."
    assert written(issue, base, tmp_path / "cache", write).script == script and write.calls == 1


def test_llm_scripts_are_not_kept(issue: Issue, tmp_path: Path) -> None:
    settings = Settings().with_overrides(
        **{"write.llm": {"base_url": "http://127.0.0.1:9/v1", "model": "m"}}
    )
    assert script_key(issue, settings) is None
    plain = write_script(issue, Settings())
    calls = []

    def rewrite(issue: Issue, settings: Settings) -> Script:  # (an LLM's answer each time)
        calls.append(settings)
        return plain

    written(issue, settings, tmp_path, rewrite)
    written(issue, settings, tmp_path, rewrite)
    assert len(calls) == 2 and not (tmp_path / "scripts").exists()


def test_a_damaged_or_foreign_file_is_written_again(issue: Issue, tmp_path: Path) -> None:
    key = script_key(issue, Settings())
    assert key is not None
    path = tmp_path / "scripts" / f"{key}.json"
    path.parent.mkdir()
    for junk in ("{not json", '{"schema": 99, "script": {}}', '{"schema": 2, "script": {}}'):
        path.write_text(junk)
        write = CountingWriter()
        assert written(issue, Settings(), tmp_path, write).script == write_script(issue, Settings())
        assert write.calls == 1


def test_old_scripts_are_pruned_and_cache_clear_removes_them(
    issue: Issue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(script_cache, "KEEP", 2)
    cache = ScriptCache(tmp_path)
    kept = KeptScript(write_script(issue, Settings()), ())
    for i, key in enumerate(["a", "b", "c"]):
        cache.put(key, kept)
        os.utime(cache.folder / f"{key}.json", (1000 + i, 1000 + i))
    cache.put("d", kept)
    assert sorted(p.stem for p in cache.folder.glob("*.json")) == ["c", "d"]
    SegmentCache(tmp_path).clear()
    assert not cache.folder.exists()


def test_a_kept_script_comes_with_the_splits_the_speak_stage_needs(
    issue: Issue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = written(issue, Settings(), tmp_path, write_script).script
    expected = [SentenceSplitter().split(s.spoken) for s in script.segments]
    sbd._segment.cache_clear()  # a new process: nothing split yet

    def no_pysbd(*args: object, **kwargs: object) -> None:
        raise AssertionError("pysbd ran")

    monkeypatch.setattr(sbd.pysbd, "Segmenter", no_pysbd)
    kept = written(issue, Settings(), tmp_path, write_script)
    speak_splitter = SentenceSplitter(known=kept.splits)
    assert [speak_splitter.split(s.spoken) for s in kept.script.segments] == expected
