"""digestcast: newsletter issues in, podcast episodes out."""

__version__ = "0.1.0"
