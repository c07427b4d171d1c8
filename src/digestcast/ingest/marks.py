"""Marks in an item's own text: that it is paid for, or that it hands over to links about the
item above it."""

from __future__ import annotations

import re

PAID = re.compile(
    r"\((?:sponsor(?:ed)?|ad|advertisement|partner|promoted)\)|\bsponsored\W*$|"
    r"(?-i:\bREFERRAL)\W*$|"  # "...free shipping & returns. *REFERRAL*": a paid referral link
    r"^\W*\U0001f4b8",  # an item marked with money flying away: paid for
    re.IGNORECASE,
)
# A line handing over to links about the item above it: "See also:", "Related:", in a few
# languages ("voir aussi", "à lire aussi", "siehe auch", "ver también", "相关阅读").
SEE_ALSO = re.compile(
    r"^\W*(?:see also|related\b|more on (?:this|that|the topic)|previously\b|"
    r"(?:à )?lire aussi|voir aussi|siehe auch|mehr dazu|ver también|vedi anche|相关|延伸阅读)",
    re.IGNORECASE,
)
