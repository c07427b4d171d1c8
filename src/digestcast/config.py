"""Settings from podcast.toml, loaded once into a frozen, validated object and passed in."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from digestcast.errors import ConfigError
from digestcast.patterns import check_pattern

BUILTIN_VOICES_DIR = Path(__file__).resolve().parent / "voices"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ShowSettings(_Frozen):
    title: str = "My Newsletter Podcast"
    description: str = "Newsletter issues, read aloud with a chapter per story."
    author: str = "digestcast"
    email: str | None = None
    language: str = "en"
    link: str | None = None  # the show's website; defaults to base_url
    base_url: str = "http://127.0.0.1:8000/"
    category: str = "Technology"
    subcategory: str | None = None
    explicit: bool = False
    type: Literal["episodic", "serial"] = "episodic"
    cover: Path | None = None  # JPEG or PNG; one is generated when absent
    locked: bool = False
    podcast_guid: str | None = None  # set once; derived from the feed URL when absent
    copyright: str | None = None
    # `update` builds one episode per day or week from every new issue (else one per issue)
    combine: Literal["daily", "weekly"] | None = None

    @field_validator("base_url")
    @classmethod
    def _slash(cls, v: str) -> str:
        if not v.startswith(("http://", "https://")):
            raise ValueError("base_url must start with http:// or https://")
        return v if v.endswith("/") else v + "/"

    @property
    def feed_url(self) -> str:
        return self.base_url + "feed.xml"

    @property
    def website(self) -> str:
        return self.link or self.base_url


class VoiceSettings(_Frozen):
    host: str = "joe"  # profile reading the intro, transitions and outro
    story: str = "joe"  # profile reading the stories
    dir: Path | None = None  # extra profiles (*.toml); the built-in ones are always there


# The constant bitrates MP3 allows: MPEG-1 at 32-48 kHz, MPEG-2 (from 32 kbit/s here) below.
MP3_BITRATES = {
    "MPEG-1": (32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    "MPEG-2": (32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}


class AudioSettings(_Frozen):
    format: Literal["mp3", "m4a"] = "mp3"
    bitrate_kbps: int = Field(64, ge=32, le=320)
    sample_rate: Literal[16000, 22050, 24000, 32000, 44100, 48000] = 44100
    channels: Literal[1, 2] = 1
    loudness_lufs: float = Field(-16.0, ge=-30, le=-10)
    true_peak_db: float = Field(-1.0, ge=-6, le=0)
    intro_music: Path | None = None
    outro_music: Path | None = None
    stinger: Path | None = None  # played between stories
    chime: bool = False  # use the built-in generated chime as intro/outro/stinger

    @model_validator(mode="after")
    def _mp3_bitrate(self) -> AudioSettings:
        allowed = MP3_BITRATES["MPEG-1" if self.sample_rate >= 32000 else "MPEG-2"]
        if self.format == "mp3" and self.bitrate_kbps not in allowed:
            raise ValueError(
                f"bitrate_kbps {self.bitrate_kbps}: MP3 at {self.sample_rate} Hz allows "
                + ", ".join(map(str, allowed))
                + " kbit/s"
            )
        return self


class LLMSettings(_Frozen):
    base_url: str  # an OpenAI-compatible server, e.g. http://127.0.0.1:11434/v1
    model: str
    api_key_env: str | None = None
    prompt: Path | None = None
    timeout_s: float = Field(60.0, gt=0, le=3600)
    retries: int = Field(3, ge=0, le=20)


class WriteSettings(_Frozen):
    length: Literal["brief", "standard", "full"] = "standard"
    templates: Path | None = None  # a folder whose *.j2 files override the built-in ones
    lexicon: Path | None = None  # extra pronunciations, merged over voices/lexicon.toml
    llm: LLMSettings | None = None


class IngestSettings(_Frozen):
    drop_patterns: tuple[str, ...] = ()  # regexes; a block matching one is dropped
    story_heading_patterns: tuple[str, ...] = ()  # regexes; a line matching one starts a story
    max_bytes: int = Field(20_000_000, ge=1)  # the most a source may send
    timeout_s: float = Field(20.0, gt=0, le=3600)  # for the whole fetch of one source
    source_budget_s: float = Field(300.0, gt=0)  # `update`: reading one source, fetch to stories

    @field_validator("drop_patterns", "story_heading_patterns")
    @classmethod
    def _patterns_compile(cls, patterns: tuple[str, ...]) -> tuple[str, ...]:
        for pattern in patterns:
            check_pattern(pattern)
        return patterns


class ExecutorSettings(_Frozen):
    """[executor]: where sentences are synthesized. `local`: worker processes on this machine;
    `ray`: engine actors on a Ray cluster (pip install 'digestcast[ray]')."""

    kind: Literal["local", "ray"] = "local"
    address: str | None = None  # the Ray head, host:port or "auto"; else a private local Ray
    actors: int | None = Field(None, ge=1)  # sentences at a time; one per CPU of the cluster


class Settings(_Frozen):
    show: ShowSettings = ShowSettings()
    voices: VoiceSettings = VoiceSettings()
    audio: AudioSettings = AudioSettings()
    write: WriteSettings = WriteSettings()
    ingest: IngestSettings = IngestSettings()
    output_dir: Path = Path("output")
    cache_dir: Path | None = None  # the segment cache; the user cache folder when absent
    cache_max_mb: int = Field(2048, ge=1)  # the segment cache's size limit (LRU eviction)
    engine: str | None = None  # forces every voice onto this engine's default profile
    jobs: int | None = Field(None, ge=1, le=256)  # synthesis workers; default: the cores
    executor: ExecutorSettings = ExecutorSettings()
    source_feeds: tuple[str, ...] = ()  # for `digestcast update`
    # imaps://user@host/Folder, maildir:///path, mbox:///path: newsletters read by `update`
    source_mailboxes: tuple[str, ...] = ()
    allow_senders: tuple[str, ...] = ()  # addresses, globs or List-Id values; nothing else is read
    mailbox_password_env: str = "DIGESTCAST_IMAP_PASSWORD"  # else the system keyring
    config_path: Path | None = None

    @model_validator(mode="after")
    def _mail_needs_allow_list(self) -> Settings:
        if self.source_mailboxes and not self.allow_senders:
            raise ValueError(
                "source_mailboxes needs allow_senders: only newsletters you allow are read"
            )
        from digestcast.ingest.mailbox import parse_mailbox_url

        for url in self.source_mailboxes:
            parse_mailbox_url(url)
        return self

    def with_overrides(self, **changes: Any) -> Settings:
        """A copy with some top-level or dotted (`show.base_url`) fields changed."""
        data = self.model_dump()
        for key, value in changes.items():
            if value is None:
                continue
            node = data
            *parents, leaf = key.split(".")
            for p in parents:
                node = node[p]
            node[leaf] = value
        return _validate(data, str(self.config_path or "settings"))


CONFIG_NAME = "podcast.toml"


def _resolve_paths(data: dict[str, Any], base: Path) -> None:
    """Relative paths in podcast.toml are relative to the file itself."""
    spots = [
        ("show", "cover"),
        ("voices", "dir"),
        ("audio", "intro_music"),
        ("audio", "outro_music"),
        ("audio", "stinger"),
        ("write", "templates"),
        ("write", "lexicon"),
        (None, "output_dir"),
        (None, "cache_dir"),
    ]
    for table, key in spots:
        node = data.get(table, {}) if table else data
        if isinstance(node, dict) and isinstance(node.get(key), str):
            node[key] = str((base / node[key]).resolve())
    llm = data.get("write", {}).get("llm")
    if isinstance(llm, dict) and isinstance(llm.get("prompt"), str):
        llm["prompt"] = str((base / llm["prompt"]).resolve())


def _lift_combine(data: dict[str, Any]) -> None:
    """`combine` belongs to the show; written at the top of a show's table ([shows.NAME]) or of
    the file, it is moved under `show`."""
    if "combine" in data:
        show = data.setdefault("show", {})
        if isinstance(show, dict):
            show.setdefault("combine", data.pop("combine"))


def _validate(data: dict[str, Any], where: str) -> Settings:
    _lift_combine(data)
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"])
        message = first["msg"].removeprefix("Value error, ")
        raise ConfigError(f"{where}: {loc}: {message}") from None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config file ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _show_data(path: Path, data: dict[str, Any], name: str) -> dict[str, Any]:
    """One show of a several-show podcast.toml: the top-level keys, overlaid by [shows.NAME]."""
    shows = data.get("shows", {})
    if name not in shows:
        raise ConfigError(f"{path}: no show named {name!r} (shows: {', '.join(shows) or 'none'})")
    base = {k: v for k, v in data.items() if k != "shows"}
    merged = _merge(base, shows[name])
    merged.setdefault("output_dir", str(Path(base.get("output_dir", "output")) / name))
    return merged


def config_file(given: Path | None) -> Path | None:
    """The podcast.toml to read: the one given, else ./podcast.toml when present, else none
    (the defaults)."""
    if given is None and Path(CONFIG_NAME).is_file():
        return Path(CONFIG_NAME)
    return given


def show_names(path: Path) -> list[str]:
    """The shows a podcast.toml defines under [shows.NAME]; empty for a one-show file."""
    return list(_read_toml(path).get("shows", {}))


def load_settings(path: Path | None, show: str | None = None) -> Settings:
    """Read podcast.toml (or return the defaults when `path` is None). A file with several
    [shows.NAME] tables needs `show`; each show gets its own output folder and feed."""
    if path is None:
        if show is not None:
            raise ConfigError(f"--show {show}: needs a podcast.toml that defines shows")
        return Settings()
    data = _read_toml(path)
    if "shows" in data:
        if show is None:
            names = ", ".join(data["shows"])
            raise ConfigError(f"{path}: defines several shows ({names}); pick one with --show")
        data = _show_data(path, data, show)
    elif show is not None:
        raise ConfigError(f"{path}: defines no shows, so --show {show} cannot be used")
    data.setdefault("output_dir", "output")  # next to the config file, like every other path
    _resolve_paths(data, path.resolve().parent)
    data["config_path"] = str(path.resolve())
    return _validate(data, str(path))


class Pauses(_Frozen):
    """Silence, in seconds, inserted by the mixer after a sentence, paragraph, segment or story."""

    sentence: float = Field(0.3, ge=0, le=5)
    paragraph: float = Field(0.65, ge=0, le=5)
    segment: float = Field(0.9, ge=0, le=5)
    story: float = Field(1.4, ge=0, le=10)


class VoiceProfile(_Frozen):
    """voices/NAME.toml: which engine reads, with which voice and options, and how it pauses."""

    name: str
    engine: str  # "piper", "pyttsx3" or a plugin's engine id
    voice: str = (
        ""  # engine-specific: "joe" (the bundled Piper voice), a .onnx path, an espeak voice id
    )
    speaker: str = "Host"  # the name used in transcripts
    options: dict[str, Any] = Field(default_factory=dict)  # checked against the engine's Options
    pauses: Pauses = Pauses()
    # the pace while speaking, measured (scripts/bench): the episode's announced length
    words_per_minute: float = Field(160.0, gt=0, le=400)


def voice_dirs(settings: Settings) -> list[Path]:
    """Where voice profiles are looked up, most specific first."""
    dirs = [settings.voices.dir] if settings.voices.dir else []
    return [*dirs, BUILTIN_VOICES_DIR]


def load_voice_profile(name: str, settings: Settings) -> VoiceProfile:
    for folder in voice_dirs(settings):
        path = folder / f"{name}.toml"
        if path.is_file():
            try:
                data = tomllib.loads(path.read_text(encoding="utf-8"))
                return VoiceProfile.model_validate({"name": name, **data})
            except (tomllib.TOMLDecodeError, ValidationError) as exc:
                raise ConfigError(f"{path}: invalid voice profile ({exc})") from None
    raise ConfigError(
        f"voice profile {name!r} not found in {', '.join(map(str, voice_dirs(settings)))}"
    )
