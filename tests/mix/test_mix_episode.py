"""A real short episode built from espeak-ng speech, read back by ffprobe, mutagen, ffmpeg's
loudnorm, pyloudnorm and webvtt-py."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import wave
from pathlib import Path

import numpy as np
import pyloudnorm
import pytest
import srt
import webvtt
from mutagen.id3 import CTOCFlags
from mutagen.mp3 import MP3, BitrateMode
from scipy import signal

from digestcast.config import Settings
from digestcast.errors import AudioError
from digestcast.mix import mix_episode
from digestcast.mix.assemble import played_durations, prepare_speech, speech_rate
from digestcast.mix.cover import ensure_cover
from digestcast.mix.encode import decode_blocks, encode_episode
from digestcast.models import Clip, Episode, Script
from tests.mix.mix_audio import (
    clip,
    espeak_wav,
    ffmpeg_loudness,
    ffprobe,
    segment,
    write_wav,
)

SCRIPT = Script("Issue 7: Rockets and Robots", (), date=dt.date(2024, 5, 17))


def resampled_copy(src: Path, dst: Path, rate: int) -> Path:
    """The same speech at another sample rate (a second voice with another engine)."""
    with wave.open(str(src), "rb") as w:
        src_rate = w.getframerate()
        x = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2") / 32768.0
    return write_wav(dst, signal.resample_poly(x, rate, src_rate), rate)


@pytest.fixture(scope="module")
def clips(tmp_path_factory: pytest.TempPathFactory) -> list[Clip]:
    d = tmp_path_factory.mktemp("speech")
    say = {
        "hello": "Welcome to the show. Two stories today.",
        "rocket": "A small rocket reached orbit on its first try.",
        "why": "That matters for cheaper launches.",
        "robot": "A robot learned to fold laundry.",
        "bye": "Thanks for listening.",
    }
    w = {k: espeak_wav(d / f"{k}.wav", text) for k, text in say.items()}
    robot16k = resampled_copy(w["robot"], d / "robot16k.wav", 16000)
    return [
        clip(segment("Intro", speaker="Joe"), (w["hello"], say["hello"], False)),
        clip(
            segment("Rockets reach orbit", url="https://news.example/rockets", speaker="Amy"),
            (w["rocket"], say["rocket"], True),
            (w["why"], say["why"], False),
        ),
        clip(
            segment("Robots fold laundry", url="https://news.example/robots", speaker="Amy"),
            (robot16k, say["robot"], False),
        ),
        clip(segment("Outro", speaker="Joe"), (w["bye"], say["bye"], False)),
    ]


@pytest.fixture(scope="module")
def built(clips: list[Clip], tmp_path_factory: pytest.TempPathFactory) -> tuple[Episode, Path]:
    out = tmp_path_factory.mktemp("episode")
    settings = Settings().with_overrides(output_dir=str(out))
    cover = ensure_cover(settings, out)
    seen: list[float] = []
    ep = mix_episode(
        clips, SCRIPT, settings, out / "episode.mp3", cover=cover, on_progress=seen.append
    )
    assert seen[-1] == 1.0 and seen == sorted(seen)
    return ep, out


def test_files_beside_the_episode(built: tuple[Episode, Path]) -> None:
    ep, out = built
    assert ep.audio_path == out / "episode.mp3"
    assert ep.files == {
        "vtt": out / "episode.vtt",
        "srt": out / "episode.srt",
        "txt": out / "episode.txt",
        "chapters": out / "episode.chapters.json",
    }
    assert ep.size_bytes == ep.audio_path.stat().st_size
    assert ep.mime_type == "audio/mpeg"
    leftovers = [p.name for p in out.iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_ffprobe_sees_a_44k_mono_mp3_with_our_chapters(built: tuple[Episode, Path]) -> None:
    ep, _ = built
    info = ffprobe(ep.audio_path)
    (stream,) = [s for s in info["streams"] if s["codec_type"] == "audio"]
    (art,) = [s for s in info["streams"] if s["codec_type"] == "video"]
    assert art["disposition"]["attached_pic"] == 1
    assert stream["codec_name"] == "mp3"
    assert stream["sample_rate"] == "44100" and stream["channels"] == 1
    assert stream["bit_rate"] == "64000"
    assert float(info["format"]["duration"]) == pytest.approx(ep.duration, abs=0.06)
    probed = sorted(info["chapters"], key=lambda c: c["start"])
    assert [(c["tags"]["title"], c["start"], c["end"]) for c in probed] == [
        (c.title, round(c.start * 1000), round(c.end * 1000)) for c in ep.chapters
    ]
    assert [c.title for c in ep.chapters] == [
        "Intro",
        "Rockets reach orbit",
        "Robots fold laundry",
        "Outro",
    ]
    assert ep.chapters[0].start == 0.0
    assert ep.chapters[-1].end <= ep.duration


def test_id3v23_tag_with_one_ordered_toc_and_chapter_frames(built: tuple[Episode, Path]) -> None:
    ep, _ = built
    mp3 = MP3(ep.audio_path)
    assert mp3.tags is not None and mp3.tags.version[:2] == (2, 3)
    assert mp3.info.bitrate_mode == BitrateMode.CBR and mp3.info.sample_rate == 44100
    assert mp3.tags["TIT2"].text == [SCRIPT.title]
    assert mp3.tags["TALB"].text == [Settings().show.title]
    assert mp3.tags["TCON"].text == ["Podcast"]
    assert str(mp3.tags["TDRC"].text[0]).startswith("2024")
    (toc,) = mp3.tags.getall("CTOC")
    assert toc.flags == CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED
    chaps = {c.element_id: c for c in mp3.tags.getall("CHAP")}
    assert toc.child_element_ids == [f"chp{k}" for k in range(len(ep.chapters))]
    starts = [chaps[i].start_time for i in toc.child_element_ids]
    assert starts == sorted(starts)
    for cid, ch in zip(toc.child_element_ids, ep.chapters, strict=True):
        frame = chaps[cid]
        assert frame.start_offset == frame.end_offset == 0xFFFFFFFF
        assert (frame.start_time, frame.end_time) == (round(ch.start * 1000), round(ch.end * 1000))
        assert frame.sub_frames["TIT2"].text == [ch.title]
        urls = [f.url for f in frame.sub_frames.getall("WXXX")]
        assert urls == ([ch.url] if ch.url else [])
    (art,) = mp3.tags.getall("APIC")
    assert art.mime == "image/jpeg" and len(art.data) < 500_000
    with open(ep.audio_path, "rb") as fh:
        head = fh.read(10)
    assert head[:4] == b"ID3\x03"
    assert int.from_bytes(head[6:10], "big") < 500_000 * 2  # synchsafe size, well under 1 MB


def test_loudness_on_target_by_ffmpeg_and_pyloudnorm(built: tuple[Episode, Path]) -> None:
    ep, _ = built
    lufs, peak = ffmpeg_loudness(ep.audio_path)
    assert -17.0 <= lufs <= -15.0
    assert peak <= -1.0
    pcm = np.concatenate(list(decode_blocks(ep.audio_path, 44100, 44100))).astype(np.float64)
    assert pyloudnorm.Meter(44100).integrated_loudness(pcm) == pytest.approx(-16.0, abs=0.5)


def test_json_chapters_equal_the_id3_chapters(built: tuple[Episode, Path]) -> None:
    ep, _ = built
    doc = json.loads(ep.files["chapters"].read_text(encoding="utf-8"))
    assert doc["version"] == "1.2.0"
    mp3 = MP3(ep.audio_path)
    chaps = sorted(mp3.tags.getall("CHAP"), key=lambda c: c.start_time)
    assert [(c["title"], round(c["startTime"] * 1000), c.get("url")) for c in doc["chapters"]] == [
        (
            f.sub_frames["TIT2"].text[0],
            f.start_time,
            f.sub_frames.getall("WXXX")[0].url if f.sub_frames.getall("WXXX") else None,
        )
        for f in chaps
    ]


def test_transcripts_parse_and_follow_the_audio(
    built: tuple[Episode, Path], clips: list[Clip]
) -> None:
    ep, _ = built
    vtt = webvtt.read(str(ep.files["vtt"]))
    texts = [s.text for c in clips for s in c.sentences]
    assert [" ".join(c.text.split()) for c in vtt] == texts
    assert [c.voice for c in vtt] == ["Joe", "Amy", "Amy", "Amy", "Joe"]
    times = [(c.start_in_seconds, c.end_in_seconds) for c in vtt]
    assert all(a < b for a, b in times)
    assert all(b1 <= a2 for (_, b1), (a2, _) in itertools.pairwise(times))
    assert times[-1][1] <= ep.duration
    assert ep.files["vtt"].read_text(encoding="utf-8").startswith("WEBVTT\n")
    subs = list(srt.parse(ep.files["srt"].read_text(encoding="utf-8")))
    assert [s.start.total_seconds() for s in subs] == pytest.approx([c.start for c in ep.cues])
    assert "," in ep.files["srt"].read_text(encoding="utf-8").splitlines()[1]
    txt = ep.files["txt"].read_text(encoding="utf-8")
    assert "Amy:" in txt and "fold laundry" in txt
    # each cue's sentence is sounding at its time: speech from its first to its last 50 ms
    pcm = np.concatenate(list(decode_blocks(ep.audio_path, 44100, 44100)))
    for cue in ep.cues:
        a, b = int(cue.start * 44100), int(cue.end * 44100)
        assert np.sqrt(np.mean(pcm[a:b] ** 2)) > 0.02
        assert np.abs(pcm[a : a + 2205]).max() > 0.01
        assert np.abs(pcm[b - 2205 : b]).max() > 0.01
    # and the middle of the story gap is silent
    gap = (ep.cues[2].end + ep.cues[3].start) / 2
    window = pcm[int(gap * 44100) - 2000 : int(gap * 44100) + 2000]
    assert np.abs(window).max() < 0.01


def test_interrupted_encode_leaves_no_file(
    clips: list[Clip], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = encode_episode
    calls: list[int] = []

    def crash_mid_write(blocks, out, **kw):  # type: ignore[no-untyped-def]
        def some():  # the first chunk reaches ffmpeg, then the build is interrupted
            for b in blocks:
                yield b
                raise KeyboardInterrupt

        calls.append(1)
        real(some(), out, **kw)

    monkeypatch.setattr("digestcast.mix.encode_episode", crash_mid_write)
    out = tmp_path / "episode.mp3"
    with pytest.raises(KeyboardInterrupt):
        mix_episode(clips, SCRIPT, Settings(), out)
    assert calls == [1]
    assert list(tmp_path.iterdir()) == []


def test_no_sentences_is_an_audio_error(clips: list[Clip], tmp_path: Path) -> None:
    empty = [Clip(c.segment, (), c.sample_rate) for c in clips]
    with pytest.raises(AudioError, match="no spoken sentences"):
        mix_episode(empty, SCRIPT, Settings(), tmp_path / "e.mp3")
    assert not (tmp_path / "e.mp3").exists()


def test_m4a_with_chapters_and_chime(clips: list[Clip], tmp_path: Path) -> None:
    settings = Settings().with_overrides(**{"audio.format": "m4a", "audio.chime": True})
    ep = mix_episode(clips, SCRIPT, settings, tmp_path / "episode.m4a")
    assert ep.mime_type == "audio/x-m4a"
    info = ffprobe(ep.audio_path)
    (stream,) = [s for s in info["streams"] if s["codec_type"] == "audio"]
    assert stream["codec_name"] == "aac" and stream["sample_rate"] == "44100"
    probed = sorted(info["chapters"], key=lambda c: float(c["start_time"]))
    assert [c["tags"]["title"] for c in probed] == [c.title for c in ep.chapters]
    assert [float(c["start_time"]) for c in probed] == pytest.approx(
        [c.start for c in ep.chapters], abs=0.002
    )
    assert info["format"]["tags"]["title"] == SCRIPT.title
    lufs, peak = ffmpeg_loudness(ep.audio_path)
    assert -17.0 <= lufs <= -15.0 and peak <= -1.0
    # the chime opens the episode: sound before the first word
    pcm = np.concatenate(list(decode_blocks(ep.audio_path, 44100, 44100)))
    assert ep.cues[0].start > 1.5
    assert np.abs(pcm[: int(0.5 * 44100)]).max() > 0.05


def test_music_bed_under_the_speech_and_stinger_between_stories(
    clips: list[Clip], tmp_path: Path
) -> None:
    t = np.arange(10 * 44100) / 44100
    music = write_wav(tmp_path / "bed.wav", 0.3 * np.sin(2 * np.pi * 110 * t), 44100)
    sting = write_wav(tmp_path / "sting.wav", 0.3 * np.sin(2 * np.pi * 880 * t[:44100]), 44100)
    settings = Settings().with_overrides(
        **{"audio.intro_music": str(music), "audio.stinger": str(sting)}
    )
    ep = mix_episode(clips, SCRIPT, settings, tmp_path / "out" / "episode.mp3")
    assert ep.cues[0].start == pytest.approx(6.0)  # the speech enters over the bed
    pcm = np.concatenate(list(decode_blocks(ep.audio_path, 44100, 44100)))

    def level(a: float, b: float) -> float:
        return float(np.sqrt(np.mean(pcm[int(a * 44100) : int(b * 44100)] ** 2)))

    full, under = level(1.0, 5.0), level(ep.cues[0].start, ep.cues[0].end)
    assert full > 0.02 and under > 0.02  # music alone, then speech with the bed
    # the bed is ducked: after the first sentence, before the stinger, only quiet music plays
    gap_start = ep.cues[0].end + 0.02
    assert 0.0 < level(gap_start, gap_start + 0.25) < full / 4
    # each story begins with the stinger, at the chapter's start
    for ch in ep.chapters[1:]:
        assert level(ch.start + 0.1, ch.start + 0.9) > 0.02
    lufs, peak = ffmpeg_loudness(ep.audio_path)
    assert -17.0 <= lufs <= -15.0 and peak <= -1.0


def test_halves_encoded_at_once_play_as_the_whole(
    clips: list[Clip], built: tuple[Episode, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The MP3 encoded as two halves on two cores and joined: one CBR file whose cues after
    the cut moved by the padding of the first half, and whose audio at each cue is the audio
    the one-piece encode has at that cue."""
    import digestcast.mix

    whole, _ = built
    monkeypatch.setattr(digestcast.mix, "PARALLEL_MIN_SECONDS", 0.0)
    settings = Settings(jobs=2).with_overrides(output_dir=str(tmp_path))
    ep = mix_episode(clips, SCRIPT, settings, tmp_path / "halves.mp3")
    moved = [b.start - a.start for a, b in zip(whole.cues, ep.cues, strict=True)]
    assert moved[0] == 0.0 and 0.02 < moved[-1] < 0.06  # 1105-2256 samples at 44.1 kHz
    assert sorted(moved) == moved and len({round(m, 3) for m in moved}) == 2  # one cut
    info = MP3(ep.audio_path).info
    assert info.bitrate_mode == BitrateMode.CBR and info.sample_rate == 44100
    one = np.concatenate(list(decode_blocks(whole.audio_path, 44100, 44100)))
    two = np.concatenate(list(decode_blocks(ep.audio_path, 44100, 44100)))
    # gapless: the decoder drops LAME's delay and padding, so the join adds only the pause
    assert two.size - one.size == pytest.approx(moved[-1] * 44100, abs=2)
    assert MP3(ep.audio_path).info.length == pytest.approx(two.size / 44100, abs=0.001)
    for a, b in zip(whole.cues, ep.cues, strict=True):  # times are to the millisecond
        x = one[int(a.start * 44100) :][100:22050]
        y = two[int(b.start * 44100) :][:22150]
        best = max(np.corrcoef(x, y[100 + k : 100 + k + x.size])[0, 1] for k in range(-45, 46))
        assert best > 0.99, (a, b)
    assert [c.start for c in ep.chapters][1:] == pytest.approx(
        [c.start + m for c, m in zip(whole.chapters[1:], moved[1:], strict=False)], abs=0.05
    )
    assert not list(tmp_path.glob("*.1")) and not list(tmp_path.glob(".*"))


def test_durations_from_the_samples_scan_are_the_prepared_ones(
    clips: list[Clip], tmp_path: Path
) -> None:
    """Real espeak-ng sentences: the fast scan an unchanged rebuild lays its timeline out
    from gives exactly the durations of the speech the mix prepares."""
    rate = speech_rate(clips)
    _, prepared = prepare_speech(clips, rate, tmp_path / "speech.f32")
    assert played_durations(clips, rate) == prepared
