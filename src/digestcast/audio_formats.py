"""The episode file formats digestcast makes, and the media types that name them: the one
table the mix, the feed, the server and the checker read."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AudioFormat:
    suffix: str
    enclosure_type: str  # in the feed's enclosure: the type Apple's podcast guide lists
    content_type: str  # sent by `serve`: the registered media type

    @property
    def accepted_types(self) -> frozenset[str]:
        """The enclosure types podcast apps accept for it (`check`)."""
        return frozenset({self.enclosure_type, self.content_type})


AUDIO_FORMATS: dict[str, AudioFormat] = {
    "mp3": AudioFormat(".mp3", "audio/mpeg", "audio/mpeg"),
    "m4a": AudioFormat(".m4a", "audio/x-m4a", "audio/mp4"),
}
BY_SUFFIX = {f.suffix: f for f in AUDIO_FORMATS.values()}
