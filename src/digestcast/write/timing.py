"""How long a script takes to hear: its words at each voice's measured pace, plus pauses."""

from __future__ import annotations

from collections.abc import Sequence

from digestcast.config import Settings, VoiceProfile, load_voice_profile
from digestcast.models import Segment


def estimate_seconds(segments: Sequence[Segment], settings: Settings) -> float:
    """The segments' length as the mix lays them out: speech at the voice's words per minute
    (measured while speaking), the pauses after sentences and paragraphs, and between
    segments (longer between chapters)."""
    profiles: dict[str, VoiceProfile] = {}
    total = 0.0
    previous: Segment | None = None
    for seg in segments:
        profile = profiles.get(seg.voice)
        if profile is None:
            profile = profiles[seg.voice] = load_voice_profile(seg.voice, settings)
        pauses = profile.pauses
        said = [u for u in seg.utterances if u.spoken]
        paragraphs = sum(1 for u in said if u.paragraph_end)
        total += len(seg.spoken.split()) * 60 / profile.words_per_minute
        total += (len(said) - paragraphs) * pauses.sentence + paragraphs * pauses.paragraph
        if previous is not None:
            total += pauses.segment if previous.chapter == seg.chapter else pauses.story
        previous = seg
    return total
