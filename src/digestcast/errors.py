"""One exception root. Only the CLI turns these into messages and exit codes."""


class DigestcastError(Exception):
    """Root of every error digestcast raises on purpose."""


class ConfigError(DigestcastError, ValueError):
    """podcast.toml, a voice profile or a command-line option is wrong."""


class IngestError(DigestcastError, ValueError):
    """A source cannot be read, or holds no stories."""


class ScriptError(DigestcastError, ValueError):
    """A script cannot be written or parsed."""


class SynthesisError(DigestcastError, RuntimeError):
    """A TTS engine is missing or failed."""


class AudioError(DigestcastError, RuntimeError):
    """Mixing, encoding or tagging failed."""


class PublishError(DigestcastError, RuntimeError):
    """The catalog, feed or site cannot be written, or a feed check failed."""
