"""podcast.toml: defaults, validation with one-line errors, relative paths, several shows."""

from __future__ import annotations

from pathlib import Path

import pytest

from digestcast.config import load_settings, load_voice_profile, show_names
from digestcast.errors import ConfigError
from tests.conftest import REPO


def test_defaults_without_a_file() -> None:
    settings = load_settings(None)
    assert settings.audio.loudness_lufs == -16.0
    assert settings.show.feed_url == "http://127.0.0.1:8000/feed.xml"


def test_example_show_loads_and_resolves_paths_next_to_the_file() -> None:
    settings = load_settings(REPO / "podcast.toml")
    assert settings.output_dir == REPO / "output"
    assert settings.show.title


@pytest.mark.parametrize(
    ("toml", "words"),
    [
        ('[show]\nbase_url = "example.org"\n', ["show.base_url", "http"]),
        ("[audio]\nbitrate_kbps = 8\n", ["audio.bitrate_kbps"]),
        ("[audio]\nbitrate_kbps = 65\n", ["audio: bitrate_kbps 65", "44100 Hz allows", "64"]),
        ("[audio]\nsample_rate = 22050\nbitrate_kbps = 192\n", ["22050 Hz allows", "160"]),
        ("[audio]\nsample_rate = 11025\n", ["audio.sample_rate", "44100"]),
        ("[show]\nunknown_key = 1\n", ["show.unknown_key"]),
        ("[show\n", ["not valid TOML"]),
    ],
)
def test_bad_config_names_the_file_and_the_key(tmp_path: Path, toml: str, words: list[str]) -> None:
    path = tmp_path / "podcast.toml"
    path.write_text(toml)
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    message = str(info.value)
    assert str(path) in message and "\n" not in message
    for word in words:
        assert word in message


def test_overrides_validate_too() -> None:
    settings = load_settings(None).with_overrides(**{"show.base_url": "https://x.org/pod"})
    assert settings.show.feed_url == "https://x.org/pod/feed.xml"
    with pytest.raises(ConfigError):
        settings.with_overrides(**{"write.length": "epic"})


def test_several_shows_each_with_its_own_folder(tmp_path: Path) -> None:
    path = tmp_path / "podcast.toml"
    path.write_text(
        '[show]\nauthor = "Both"\n'
        '[shows.tech.show]\ntitle = "Tech Digest"\nbase_url = "https://x.org/tech/"\n'
        '[shows.science.show]\ntitle = "Science Digest"\n'
    )
    assert show_names(path) == ["tech", "science"]
    tech = load_settings(path, "tech")
    science = load_settings(path, "science")
    assert (tech.show.title, tech.show.author) == ("Tech Digest", "Both")
    assert tech.output_dir == tmp_path / "output" / "tech"
    assert science.output_dir == tmp_path / "output" / "science"
    with pytest.raises(ConfigError, match="pick one with --show"):
        load_settings(path)
    with pytest.raises(ConfigError, match="no show named"):
        load_settings(path, "sports")


def test_builtin_voice_profiles() -> None:
    settings = load_settings(None)
    joe = load_voice_profile("joe", settings)
    assert (joe.engine, joe.voice) == ("piper", "joe")
    assert load_voice_profile("system", settings).engine == "pyttsx3"
    with pytest.raises(ConfigError, match="nosuch"):
        load_voice_profile("nosuch", settings)
