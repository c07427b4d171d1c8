"""Numbers inside words of another script (Chinese, Japanese, Korean, Cyrillic, ...) are left
as digits: English number words in the middle ("twenty thirteen年five月") are wrong for any
voice, and a voice for that language reads the digits itself."""

from __future__ import annotations

import re

_LETTERS = (
    r"\u0370-\u03ff\u0400-\u04ff\u0590-\u05ff\u0600-\u06ff\u0900-\u097f\u0e00-\u0e7f"
    r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
)
# letters of the scripts a voice for a Latin-alphabet language cannot read
OTHER_SCRIPT = re.compile(f"[{_LETTERS}]")
_NUMBER = r"\d+(?:[.,:/-]\d+)*"
# a number touching such letters, or one space from them: "2013年", "в 2013 году", "18米x18米"
FOREIGN_NUMBER = re.compile(
    rf"(?:(?<=[{_LETTERS}])|(?<=[{_LETTERS}] )){_NUMBER}"
    rf"|(?:(?<![A-Za-z\d.])|(?<=[{_LETTERS}][x\u00d7])){_NUMBER}(?= ?[{_LETTERS}])"
)
# digits stand in for themselves through the number rules as private-use characters
_HIDDEN = str.maketrans({str(d): chr(0xE000 + d) for d in range(10)})
_SHOWN = str.maketrans({chr(0xE000 + d): str(d) for d in range(10)})


def hide_foreign_numbers(text: str) -> str:
    """The text with the digits of its foreign numbers out of the number rules' reach."""
    return FOREIGN_NUMBER.sub(lambda m: m.group().translate(_HIDDEN), text)


def show_digits(text: str) -> str:
    return text.translate(_SHOWN)


def without_foreign_numbers(text: str) -> str:
    """What a check for digits left in the spoken text looks at."""
    return FOREIGN_NUMBER.sub("", text)
