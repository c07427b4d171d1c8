"""A listener's lint over a corpus (scripts/eval-script): defects per kind, pace, intro share.

For every issue of the corpus (../shared/corpus by default): ingest it, write its script with
the default settings, run `digestcast script --check`'s lint, and estimate the episode's length
from the words and the default voice's measured pace plus the pauses. Prints one line per
issue, then the defects per kind over the corpus, the pace and the intro's largest share."""

from __future__ import annotations

import argparse
import collections
import sys
import warnings
from pathlib import Path

from digestcast.config import Settings, load_voice_profile
from digestcast.errors import DigestcastError
from digestcast.ingest import load_issue
from digestcast.write import write_script
from digestcast.write.lint import KINDS, lint
from digestcast.write.timing import estimate_seconds

SKIP = {"README.md", "manifest.json"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"
    parser.add_argument("corpus", nargs="?", type=Path, default=default)
    parser.add_argument("--length", choices=("brief", "standard", "full"), default=None)
    parser.add_argument("-v", "--verbose", action="store_true", help="print every defect")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"{args.corpus}: no such folder", file=sys.stderr)
        return 2
    settings = Settings()
    if args.length:
        settings = settings.with_overrides(**{"write.length": args.length})
    host = load_voice_profile(settings.voices.host, settings)
    counts: collections.Counter[str] = collections.Counter()
    shares: list[float] = []
    files = sorted(
        p
        for p in args.corpus.iterdir()
        if p.is_file() and p.name not in SKIP and not p.name.endswith(".wanted.json")
    )
    warnings.simplefilter("ignore")
    for path in files:
        try:
            script = write_script(load_issue(str(path), settings.ingest), settings)
        except DigestcastError as exc:
            print(f"{path.name}: skipped ({exc})")
            continue
        defects = lint(script)
        counts.update(d.kind for d in defects)
        total = estimate_seconds(script.segments, settings)
        intro = estimate_seconds([s for s in script.segments if s.kind == "intro"], settings)
        shares.append(intro / total)
        chapters = len(dict.fromkeys(s.chapter for s in script.segments))
        print(
            f"{path.name}: {len(defects)} defects, {chapters} chapters, "
            f"{total / 60:.1f} min, intro {intro / total:.0%}"
        )
        if args.verbose:
            for d in defects:
                print(f"    {d}")
    print("\ndefects per kind over", len(shares), "issues:")
    for kind in KINDS:
        print(f"  {kind:14s} {counts[kind]}")
    print(f"  {'total':14s} {sum(counts.values())}")
    print(f"pace of the host voice {host.name!r}: {host.words_per_minute:.0f} words a minute")
    if shares:
        print(f"intro share: largest {max(shares):.1%}, mean {sum(shares) / len(shares):.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
