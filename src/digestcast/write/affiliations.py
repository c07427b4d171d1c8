"""A US politician's party and state in brackets, as the press writes them: "Sen. Ann Lee
(D-MA)" is heard as "Senator Ann Lee, Democrat of Massachusetts," not "D-M-A"."""

from __future__ import annotations

import re

PARTIES = {"D": "Democrat", "R": "Republican", "I": "independent"}
STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "FL": "Florida", "GA": "Georgia",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa",
    "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland",
    "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi",
    "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma",
    "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina",
    "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont",
    "VA": "Virginia", "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin",
    "WY": "Wyoming", "DC": "the District of Columbia",
}  # fmt: skip
AFFILIATION = re.compile(r"\s*\((?P<party>[DRI])-(?P<state>[A-Z]{2})\)")


def read_affiliation(m: re.Match[str]) -> str:
    """ "(D-MA)" -> ", Democrat of Massachusetts,"; left as written when the state is unknown."""
    state = STATES.get(m["state"])
    if state is None:
        return m.group(0)
    return f", {PARTIES[m['party']]} of {state},"
