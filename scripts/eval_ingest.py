"""Benchmark of the story splitter on a corpus of real issues (see scripts/eval-ingest).

For every issue of the corpus's manifest.json: run ingest, match the stories found against the
titles a listener wants (`required`) and the borderline ones (`optional`), and count the rest as
false stories. Matching (the corpus README's rules): titles normalized (case, punctuation,
quotes, Markdown escapes); equal, one a prefix of or contained in the other when that part has
10+ characters, or a close match (difflib ratio >= 0.8). A required title matched twice counts
the second story as false (the same story read twice)."""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from digestcast.config import IngestSettings
from digestcast.errors import DigestcastError
from digestcast.ingest import load_issue

_CLOSE = 0.8
_MIN_PART = 10


def normalize(title: str) -> str:
    text = unicodedata.normalize("NFKC", title).replace("\\", "")
    text = re.sub(r"[\u2018\u2019\u201c\u201d«»\"'`]", "", text).casefold()
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())


def matches(found: str, wanted: str) -> bool:
    a, b = normalize(found), normalize(wanted)
    if not a or not b:
        return False
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    if len(short) >= _MIN_PART and (long.startswith(short) or short in long):
        return True
    return difflib.SequenceMatcher(None, a, b).ratio() >= _CLOSE


@dataclass
class IssueResult:
    name: str
    wanted: int
    found: int = 0  # required titles found
    stories: int = 0  # stories the splitter returned
    missed: list[str] = field(default_factory=list)
    false: list[str] = field(default_factory=list)
    shape: str | None = None
    error: str | None = None
    seconds: float = 0.0


def _item(spec: Any) -> str | None:
    if isinstance(spec, int):
        return str(spec)
    if isinstance(spec, str) and (m := re.search(r"\d+", spec)):
        return m[0]
    return None


def evaluate(corpus: Path, name: str, entry: dict[str, Any]) -> IssueResult:
    required = [str(t) for t in entry.get("required", [])]
    optional = [str(t) for t in entry.get("optional", [])]
    result = IssueResult(name, len(required))
    start = time.process_time()
    try:
        issue = load_issue(str(corpus / name), IngestSettings(), item=_item(entry.get("item")))
    except (DigestcastError, Exception) as exc:
        result.error = f"{type(exc).__name__}: {exc}"
        result.missed = required
        return result
    finally:
        result.seconds = time.process_time() - start
    result.shape = issue.shape
    result.stories = len(issue.stories)
    hit = [False] * len(required)
    for story in issue.stories:
        index = next(
            (i for i, t in enumerate(required) if not hit[i] and matches(story.title, t)), None
        )
        if index is not None:
            hit[index] = True
        elif not any(matches(story.title, t) for t in optional):
            result.false.append(story.title)
    result.found = sum(hit)
    result.missed = [t for t, h in zip(required, hit, strict=True) if not h]
    return result


def totals(results: list[IssueResult]) -> dict[str, Any]:
    wanted = sum(r.wanted for r in results)
    found = sum(r.found for r in results)
    worst = max(results, key=lambda r: len(r.false), default=None)
    return {
        "issues": len(results),
        "wanted": wanted,
        "found": found,
        "recall": round(found / wanted, 3) if wanted else 1.0,
        "false_stories": sum(len(r.false) for r in results),
        "worst_issue": {"name": worst.name, "false": len(worst.false)} if worst else None,
        "issues_over_one_false": sum(1 for r in results if len(r.false) > 1),
        "failures": [r.name for r in results if r.error],
        "cpu_seconds": round(sum(r.seconds for r in results), 2),
    }


def _print_text(results: list[IssueResult], summary: dict[str, Any], verbose: bool) -> None:
    width = max((len(r.name) for r in results), default=10)
    print(f"{'issue':<{width}}  shape         wanted found false")
    for r in results:
        shape = r.shape or "FAILED"
        print(f"{r.name:<{width}}  {shape:<13} {r.wanted:>6} {r.found:>5} {len(r.false):>5}")
        if r.error:
            print(f"    error: {r.error}")
        if verbose:
            for title in r.missed:
                print(f"    missed: {title}")
            for title in r.false:
                print(f"    false:  {title}")
    worst = summary["worst_issue"]
    print(
        f"\nrecall {summary['recall']:.2f} ({summary['found']}/{summary['wanted']}), "
        f"false stories {summary['false_stories']} "
        f"(worst {worst['false'] if worst else 0} in {worst['name'] if worst else '-'}; "
        f"{summary['issues_over_one_false']} issues with more than 1), "
        f"failures {len(summary['failures'])}, CPU {summary['cpu_seconds']} s"
    )


def load_manifest(corpus: Path) -> dict[str, Any] | None:
    """The corpus's manifest.json, or else one FILE.wanted.json per issue (same keys)."""
    path = corpus / "manifest.json"
    if path.is_file():
        return dict(json.loads(path.read_text(encoding="utf-8")))
    suffix = ".wanted.json"
    wanted = sorted(corpus.glob(f"*{suffix}")) if corpus.is_dir() else []
    if not wanted:
        return None
    return {p.name[: -len(suffix)]: json.loads(p.read_text(encoding="utf-8")) for p in wanted}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "corpus", nargs="?", type=Path, help="a directory with manifest.json or FILE.wanted.json"
    )
    parser.add_argument("--json", action="store_true", help="print JSON for machines")
    parser.add_argument("-v", "--verbose", action="store_true", help="list missed/false titles")
    parser.add_argument("--only", help="only the issues whose file name contains this")
    args = parser.parse_args(argv)
    corpus: Path | None = args.corpus
    if corpus is None:
        default = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"
        corpus = default if default.is_dir() else Path("../shared/corpus")
    manifest = load_manifest(corpus)
    if manifest is None:
        print(
            f"eval-ingest: {corpus}: no manifest.json nor FILE.wanted.json "
            "(give a corpus directory)",
            file=sys.stderr,
        )
        return 2
    names = sorted(n for n in manifest if not args.only or args.only in n)
    results = [evaluate(corpus, name, manifest[name]) for name in names]
    summary = totals(results)
    if args.json:
        report = {"corpus": str(corpus), "totals": summary, "issues": [r.__dict__ for r in results]}
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        _print_text(results, summary, args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
