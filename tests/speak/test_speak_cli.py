from pathlib import Path

import numpy as np
from typer.testing import CliRunner

import digestcast.cli.cache  # noqa: F401  (registers `cache` on the app)
from digestcast.cli.app import app
from digestcast.speak.base import SynthesisResult
from digestcast.speak.cache import SegmentCache


def test_cache_stats_and_clear(tmp_path: Path) -> None:
    cache = SegmentCache(tmp_path / "c")
    for key in ("a" * 64, "b" * 64):
        cache.store(key, SynthesisResult(np.zeros(8000, dtype=np.int16), 8000))
    runner = CliRunner()
    stats = runner.invoke(app, ["cache", "stats", "--cache-dir", str(tmp_path / "c")])
    assert stats.exit_code == 0, stats.output
    assert "entries: 2" in stats.output
    assert "of 2048.0 MB" in stats.output
    cleared = runner.invoke(app, ["cache", "clear", "--cache-dir", str(tmp_path / "c")])
    assert cleared.exit_code == 0
    assert "removed 2 cached sentences" in cleared.output
    assert cache.stats().entries == 0


def test_cache_dir_from_config(tmp_path: Path) -> None:
    config = tmp_path / "podcast.toml"
    config.write_text('cache_dir = "segs"\ncache_max_mb = 10\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["cache", "stats", "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert str(tmp_path / "segs") in result.output
    assert "of 10.0 MB" in result.output


def test_missing_config_is_a_one_line_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["cache", "stats", "--config", str(tmp_path / "no.toml")])
    assert result.exit_code == 2
    assert "config file not found" in result.output
