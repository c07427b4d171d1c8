"""`digestcast check`: a podcast feed, its artwork, episodes, chapters and transcripts checked
against the numbered rules podcast apps need (rules.py). Not a build stage: it reads any feed,
local or served, ours or not."""

from digestcast.feedcheck.feed import CheckReport, Problem, check_feed
from digestcast.feedcheck.rules import RULES, Rule

__all__ = ["RULES", "CheckReport", "Problem", "Rule", "check_feed"]
