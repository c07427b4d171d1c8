"""The common abbreviations read in full ("e.g." -> "for example", "h/t" -> "hat tip", "Sen."
-> "Senator", "$20/mo" -> "$20 a month"): applied before the number rules, in this order."""

from __future__ import annotations

ABBREVIATIONS = (
    (r"\be\.g\.,?", "for example"),
    (r"\bi\.e\.,?", "that is"),
    (r"\b([Ee])tc\.", r"\1t cetera."),
    (r"\b([Ee])tc\b", r"\1t cetera"),
    (r"\bvs\.?(?=\s)", "versus"),
    (r"\bapprox\.", "approximately"),
    (r"\bw/(?=\s)", "with"),
    (r"\bw/o\b", "without"),
    (r"\b[Hh]/[Tt]\b:?", "hat tip"),
    (r"\bet al\b\.?(?=\s+[a-z])", "and colleagues"),  # "et al will": no stop either
    (r"\bet al\.?", "and colleagues."),
    (r"\bc/o\b", "care of"),
    (r"\band/or\b", "and or"),
    (r"\b24/7\b", "twenty-four seven"),
    # a rate after an amount: "$0.20/M tokens", "$20/mo", "$5/user"
    (r"([$€£]\s?\d[\d.,]*[KkMB]?)/(?:1\s?)?M\b", r"\1 per million"),
    (r"([$€£]\s?\d[\d.,]*[KkMB]?)/(?:1\s?)?[Kk]\b", r"\1 per thousand"),
    (r"(?<=\d)/(?:mo|month)\b", " a month"),
    (r"(?<=\d)/(?:yr|year)\b", " a year"),
    (r"(?<=\d)/(?:wk|week)\b", " a week"),
    (r"(?<=\d)/day\b", " a day"),
    (r"(?<=\d)/(?:hr|hour)\b", " an hour"),
    (r"([$€£]\s?\d[\d.,]*[KkMB]?)/(?=[a-z]{3,}\b)", r"\1 per "),
    (r"\bSen\.(?=\s+[A-Z])", "Senator"),
    (r"\bSens\.(?=\s+[A-Z])", "Senators"),
    (r"\bRep\.(?=\s+[A-Z])", "Representative"),
    (r"\bGov\.(?=\s+[A-Z])", "Governor"),
    (r"\bPres\.(?=\s+[A-Z])", "President"),
    (r"\bProf\.(?=\s+[A-Z])", "Professor"),
    (r"\bGen\.(?=\s+[A-Z])", "General"),
    (r"\bLt\.(?=\s+[A-Z])", "Lieutenant"),
    (r"\bDr\.(?=\s+[A-Z])", "Doctor"),
    (r"\bAld\.(?=\s+[A-Z])", "Alderman"),
    (r"\bSupt\.(?=\s+[A-Z])", "Superintendent"),
    # "Walnut St", "23rd St.": a street after its name (the engine says "saint"); not "St.
    # Louis", nor after a sentence's first word or a "Mount St Helens"
    (
        r"\b((?!(?:The|A|An|In|On|At|To|From|Of|And|For|By|With|Near|Mount|Mt|Fort|Lake|Port)\b)"
        r"[A-Z][a-z]+|\d+(?:st|nd|rd|th)) St(?:\.(?=\s+[a-z0-9])|\b)",
        r"\1 Street",
    ),
    (r"\bNo\.\s?(?=\d)", "number "),
    (r"(?<=\d)ST\b", "st"),  # "21ST", "14TH": an ordinal in capitals
    (r"(?<=\d)ND\b", "nd"),
    (r"(?<=\d)RD\b", "rd"),
    (r"(?<=\d)TH\b", "th"),
    (r"#(?=\d)", "number "),
    (r"\bv(?=\d)", "version "),
)
