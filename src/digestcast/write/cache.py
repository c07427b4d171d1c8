"""Scripts written before, kept beside the segment cache (`<cache>/scripts/<key>.json`).

A script is a pure function of the issue, the settings, the user's template, lexicon and voice
files, and digestcast's own code (the phrasing's choices are seeded by the issue): the key
hashes all of them, so an unchanged issue is written once and any change writes it again.
Writing an hour-long issue takes about a second (sentence splitting and normalization), most
of an unchanged rebuild; the sentence splits the speak stage needs are kept with it.
Scripts rewritten by an LLM are not kept: its answers differ each time.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from digestcast import __version__, sbd
from digestcast.config import Settings
from digestcast.fsio import atomic_path
from digestcast.models import Issue, Script, Segment, Utterance

SCHEMA = 3
KEEP = 64  # the most recently used scripts kept
_SOURCE_SUFFIXES = frozenset({".py", ".j2", ".toml"})


@functools.cache
def _code_identity() -> str:
    """A hash of digestcast's version and of every source file, template and built-in voice
    file in the installed package (a development checkout changes without a new version)."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(f"{__version__} {SCHEMA}".encode())
    for path in sorted(root.rglob("*")):
        if path.suffix in _SOURCE_SUFFIXES and path.is_file():
            digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _add_files(digest: Any, path: Path | None) -> None:
    """The user's files the script depends on: a file, or a folder's files."""
    if path is None:
        return
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for file in files:
        with contextlib.suppress(OSError):
            digest.update(str(file).encode() + b"\0" + file.read_bytes())


def script_key(issue: Issue, settings: Settings) -> str | None:
    """The key of the script `write_script(issue, settings)` makes, or None when it cannot be
    kept (an LLM writes it)."""
    if settings.write.llm is not None:
        return None
    digest = hashlib.sha256(_code_identity().encode())
    digest.update(repr(issue).encode())
    digest.update(settings.model_dump_json().encode())
    for path in (settings.write.templates, settings.write.lexicon, settings.voices.dir):
        _add_files(digest, path)
    return digest.hexdigest()


@dataclasses.dataclass(frozen=True)
class KeptScript:
    script: Script
    splits: tuple[sbd.Split, ...]  # the sentence splits of its segments


def _to_json(kept: KeptScript) -> str:
    data = dataclasses.asdict(kept.script)
    data["date"] = kept.script.date.isoformat() if kept.script.date else None
    return json.dumps({"schema": SCHEMA, "script": data, "splits": kept.splits}, ensure_ascii=False)


def _from_json(text: str) -> KeptScript:
    data = json.loads(text)
    if data.get("schema") != SCHEMA:
        raise ValueError("another schema")
    fields = data["script"]
    script = Script(
        title=fields["title"],
        segments=tuple(_segment(s) for s in fields["segments"]),
        date=dt.date.fromisoformat(fields["date"]) if fields["date"] else None,
        description=fields["description"],
        source_url=fields["source_url"],
    )
    splits = tuple((str(t), str(lang), tuple(map(str, found))) for t, lang, found in data["splits"])
    return KeptScript(script, splits)


def _segment(fields: dict[str, Any]) -> Segment:
    said = tuple(Utterance(**u) for u in fields.pop("utterances", ()))
    return Segment(**fields, utterances=said)


class ScriptCache:
    def __init__(self, root: Path) -> None:
        self.folder = root / "scripts"

    def get(self, key: str) -> KeptScript | None:
        path = self.folder / f"{key}.json"
        try:
            kept = _from_json(path.read_text(encoding="utf-8"))
            os.utime(path)
        except (OSError, ValueError, KeyError, TypeError):
            return None  # missing, unreadable or from another version: written again
        return kept

    def put(self, key: str, kept: KeptScript) -> None:
        """Keep a script (best effort: a cache that cannot be written is no error)."""
        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True)
            with atomic_path(self.folder / f"{key}.json") as part:
                part.write_text(_to_json(kept), encoding="utf-8")
            self._prune()

    def _prune(self) -> None:
        kept = sorted(self.folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in kept[KEEP:]:
            old.unlink(missing_ok=True)


def written(
    issue: Issue, settings: Settings, root: Path, write: Callable[[Issue, Settings], Script]
) -> KeptScript:
    """`write(issue, settings)`, or the script it made before for the same inputs; with the
    sentence splits of its segments (sbd.SentenceSplitter), for the speak stage."""
    key = script_key(issue, settings)
    kept = ScriptCache(root).get(key) if key is not None else None
    if kept is not None:
        return kept
    script = write(issue, settings)
    splitter = sbd.SentenceSplitter(settings.show.language)  # as the speak stage splits
    for segment in script.segments:
        splitter.split(segment.spoken)
    kept = KeptScript(script, splitter.splits())
    if key is not None:
        ScriptCache(root).put(key, kept)
    return kept
