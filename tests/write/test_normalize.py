# ruff: noqa: E501
"""Speech normalization, table-driven: written form -> what the voice says."""

from __future__ import annotations

import re

import pytest

from digestcast.config import Settings
from digestcast.write.normalize import load_lexicon, normalize_for_speech

CASES = [
    ("7", "seven"),
    ("42", "forty-two"),
    ("100", "one hundred"),
    ("105", "one hundred five"),
    ("1,000", "one thousand"),
    ("6,000", "six thousand"),
    ("1,234,567", "one million two hundred thirty-four thousand five hundred sixty-seven"),
    ("0", "zero"),
    ("007", "zero zero seven"),
    ("-5", "minus five"),
    ("3.14", "three point one four"),
    ("0.5", "zero point five"),
    ("1st", "first"),
    ("2nd", "second"),
    ("3rd", "third"),
    ("4th", "fourth"),
    ("21st", "twenty-first"),
    ("100th", "one hundredth"),
    ("2019", "twenty nineteen"),
    ("1999", "nineteen ninety-nine"),
    ("2000", "two thousand"),
    ("2005", "two thousand five"),
    ("1900", "nineteen hundred"),
    ("2026", "twenty twenty-six"),
    ("In 2019 the", "In twenty nineteen the"),
    ("from 2019-2021", "from twenty nineteen to twenty twenty-one"),
    ("1990s", "nineteen nineties"),
    ("the '90s", "the nineties"),
    ("80s music", "eighties music"),
    ("2010s", "twenty tens"),
    ("83.1%", "eighty-three point one percent"),
    ("99%", "ninety-nine percent"),
    ("5-10%", "five to ten percent"),
    ("0.5%", "zero point five percent"),
    ("100 percent", "one hundred percent"),
    ("$100", "one hundred dollars"),
    ("$1", "one dollar"),
    ("$3.99", "three dollars and ninety-nine cents"),
    ("$0.50", "fifty cents"),
    ("$1,200", "one thousand two hundred dollars"),
    ("$100 million", "one hundred million dollars"),
    ("$4M", "four million dollars"),
    ("$1.5B", "one point five billion dollars"),
    ("$2bn", "two billion dollars"),
    ("from November 15th - 20th, in order", "from November fifteenth to twentieth, in order"),
    ("payments---payments not preceded", "payments, payments not preceded"),
    ("use --enable-experimental-features here", "use --enable-experimental-features here"),
    ("for About $33 Billion", "for About thirty-three billion dollars"),
    ("$2-3 Million", "two to three million dollars"),
    ("$100m+", "one hundred million dollars plus"),
    ("Was it..? Yes", "Was it? Yes"),
    ("It ported to .NET last year.", "It ported to dot net last year."),
    ("Vue.js and Three.JS", "Vue J-S and Three J-S"),
    (
        "crypto/x509 and net/http/pprof",
        "crypto slash x five hundred nine and net slash http slash pprof",
    ),
    ("he/she", "he or she"),
    ("Press (x) to close it.", "Press x to close it."),
    ("Rep. Jo Hale (R-TX) said no.", "Representative Jo Hale, Republican of Texas, said no."),
    ("a letter to Ann Lee (D-MA).", "a letter to Ann Lee, Democrat of Massachusetts."),
    ("Edit your .bashrc, not the .md files.", "Edit your dot bashrc, not the dot md files."),
    ("Drop your `.DS_Store` files now.", "Drop your dot D-S Store files now."),
    ("DRIVING THE DAY", "driving the day"),
    ("Harbor money, TAKE TWO", "Harbor money, take two"),
    (
        "the 14TH district in the 21ST century",
        "the fourteenth district in the twenty-first century",
    ),
    ("HOW TO use THE API", "how to use the A-P-I"),
    ("It's neat. And it's by @ann2013. Try it.", "It's neat. Try it."),
    ("Ann Lee tl;dr: tides rise.", "Ann Lee T-L-D-R: tides rise."),
    ("Harbourly \u2019s new app ships.", "Harbourly's new app ships."),
    (
        "A new theme for the editor. Made by @ann2013. Try it.",
        "A new theme for the editor. Try it.",
    ),
    ("It calls React.memo and os.path.join.", "It calls React dot memo and os dot path dot join."),
    ("Please e-mail me at . Thanks!", "Please email me at the address in the show notes. Thanks!"),
    ("boats and/or ferries", "boats and or ferries"),
    (
        "wharf/tide/v2 and wharf/tide, not boat/ferry",
        "wharf slash tide slash version two and wharf slash tide, not boat or ferry",
    ),
    ("Photo(s) of friend(s) at Park(ing) Day", "Photos of friends at Parking Day"),
    (
        "a detour on Walnut St Bridge and 23rd St.",
        "a detour on Walnut Street Bridge and twenty-third Street.",
    ),
    ("meet at Harbor St. near the pier", "meet at Harbor Street near the pier"),
    ("on 23rd St. Read more", "on twenty-third Street. Read more"),
    ("St. Louis, Mount St Helens", "St. Louis, Mount St Helens"),
    ("see pkg.go.dev today", "see pkg dot go dot dev today"),
    ("on r/ferries and in /dev/kvm", "on r slash ferries and in slash dev slash kvm"),
    ("patchwork 1.3.0", "patchwork one point three point oh"),
    ("Ferry Weekly 2024-W39", "Ferry Weekly week thirty-nine of twenty twenty-four"),
    ("Tides as sums of squares. by @ida2013nz", "Tides as sums of squares."),
    ("version 2.0.3.9001", "version two point oh point three point nine thousand one"),
    (
        "A 404 page, and 404.5 units.",
        "A four oh four page, and four hundred four point five units.",
    ),
    ("$3b", "three billion dollars"),
    ("$25/$125 per million", "twenty-five dollars and one hundred twenty-five dollars per million"),
    ("$10-20 million", "ten to twenty million dollars"),
    ("a $40 million grant", "a forty million dollar grant"),
    ("a letter to Sen. Ada Mirren", "a letter to Senator Ada Mirren"),
    ("Gov. Lee and Dr. Ruiz spoke", "Governor Lee and Doctor Ruiz spoke"),
    ("bought an $18,500 boat", "bought an eighteen thousand five hundred dollar boat"),
    ("an $8 fee", "an eight dollar fee"),
    ("a $2.49 snack", "a two dollars and forty-nine cents snack"),
    (
        "closed at 14,702.53 points",
        "closed at fourteen thousand seven hundred two point five three points",
    ),
    ("€5", "five euros"),
    ("£30", "thirty pounds"),
    ("500K users", "five hundred thousand users"),
    ("12M downloads", "twelve million downloads"),
    ("~12M", "about twelve million"),
    ("40+ organizations", "forty plus organizations"),
    ("1.3B-parameter model", "one point three billion-parameter model"),
    ("405B", "four hundred five billion"),
    ("7B", "seven billion"),
    ("10k followers", "ten thousand followers"),
    ("28-29", "twenty-eight to twenty-nine"),
    ("pages 10-12", "pages ten to twelve"),
    ("GPT-5.4", "G-P-T five point four"),
    ("GPT-4o", "G-P-T four oh"),
    ("GPT-2", "G-P-T two"),
    ("GPT-3", "G-P-T three"),
    ("GPT-4", "G-P-T four"),
    ("Claude Opus 4.6", "Claude Opus four point six"),
    ("Harbor Lantern Preview", "Harbor Lantern Preview"),
    ("Gemini 3.1 Pro", "Gemini three point one Pro"),
    ("Llama 3.1 405B", "Llama three point one four hundred five billion"),
    ("Terminal-Bench 2.0", "Terminal Bench two point oh"),
    ("Qwen2.5", "Qwen two point five"),
    ("H100", "H one hundred"),
    ("x86", "x eighty-six"),
    ("3D printing", "three D printing"),
    ("5G", "five G"),
    ("version 3.10", "version three point ten"),
    ("v2.1", "version two point one"),
    ("Python 3.11", "Python three point eleven"),
    ("AI", "A-I"),
    ("LLM", "L-L-M"),
    ("LLMs", "L-L-M's"),
    ("GPQA", "G-P-Q-A"),
    ("NASA", "Nasa"),
    ("API", "A-P-I"),
    ("CNN", "C-N-N"),
    ("RNA", "R-N-A"),
    ("DNA", "D-N-A"),
    ("AWS", "A-W-S"),
    ("NATO", "Nato"),
    ("OpenAI", "Open A-I"),
    ("JPMorganChase", "J-P Morgan Chase"),
    ("iOS", "i O-S"),
    ("macOS", "mac O-S"),
    ("OpenBSD", "Open B-S-D"),
    ("nginx", "engine x"),
    ("AI & AGENTS", "A-I and agents"),
    ("NEW COURSE AVAILABLE", "new course available"),
    ("U.S. policy", "U-S policy"),
    ("T-cell", "T cell"),
    ("10.04.2026", "April tenth, twenty twenty-six"),
    ("2026-04-10", "April tenth, twenty twenty-six"),
    ("04/10/2026", "April tenth, twenty twenty-six"),
    ("April 28-29", "April twenty-eighth to twenty-ninth"),
    ("April 28", "April twenty-eighth"),
    ("April 28, 2026", "April twenty-eighth, twenty twenty-six"),
    ("Sept. 3", "September third"),
    ("28 April 2026", "the twenty-eighth of April, twenty twenty-six"),
    ("March 2026", "March twenty twenty-six"),
    ("3:30 pm", "three thirty p m"),
    ("3 pm", "three p m"),
    ("10am", "ten a m"),
    ("15:00", "fifteen hundred"),
    ("9:00", "nine o'clock"),
    ("9:05", "nine oh five"),
    ("https://example.com/story", ""),
    ("see https://example.com/a.", "see the link in the show notes."),
    ("Read more at www.example.org.", "Read more at the link in the show notes."),
    ("(https://example.com)", ""),
    ("mail me@example.com", "mail the address in the show notes"),
    ("drop me@example.com now", "drop now"),
    ("BBC.com", "B-B-C dot com"),
    ("Great news 🎉", "Great news"),
    ("Nice 👍🏽 work", "Nice work"),
    ("wow 😀", "wow"),
    ("A & B", "A and B"),
    ("C++", "C plus plus"),
    ("1 + 1 = 2", "one plus one equals two"),
    ("A/B testing", "A-B testing"),
    ("↳ Admin panel for Node apps.", "Admin panel for Node apps."),
    ("Read the post online →", "Read the post online"),
    ("powered by Brevity® tools", "powered by Brevity tools"),
    ("input/output", "input slash output"),
    # this round: what a listener heard wrong in the dumps of every issue
    ("he/she", "he or she"),
    ("the acme/widgetkit repository", "the acme slash widgetkit repository"),
    ("an audio i/o mixer", "an audio i slash o mixer"),
    ("Issue 2031/12 is out.", "Issue twenty thirty-one slash twelve is out."),
    ("They won 98–91.", "They won ninety-eight to ninety-one."),
    ("We meet on 15 January.", "We meet on the fifteenth of January."),
    ("deadline 20 December", "deadline the twentieth of December"),
    ("It weighs 3,5 tonnes.", "It weighs three point five tonnes."),
    ("rents fell 1,2% in a year", "rents fell one point two percent in a year"),
    ("It raised 14.000 Euro.", "It raised fourteen thousand Euro."),
    ("we have 41.200 readers", "we have forty-one thousand two hundred readers"),
    ("about 1.125 of it", "about one point one two five of it"),
    ("more than 2016 blocks", "more than two thousand sixteen blocks"),
    ("it had 1784 total bidders", "it had one thousand seven hundred eighty-four total bidders"),
    ("the 2020 elections", "the twenty twenty elections"),
    ("generics landed in 1.18.", "generics landed in one point eighteen."),
    ("a 401(k)-style plan", "a four oh one k-style plan"),
    ("a 501(c)(3) charity", "a five oh one c three charity"),
    ("free for under-18s.", "free for under-eighteens."),
    ("It needs Toolkit 31.x now.", "It needs Toolkit thirty-one point x now."),
    ("v2.1.0-beta.3", "version two point one point oh beta three"),
    ("v4.0.0-rc.1", "version four point oh point oh release candidate one"),
    ("a video, 01:50:14", "a video, one hour fifty minutes fourteen seconds"),
    ("a 9KB core", "a nine kilobyte core"),
    ("a sleep() call", "a sleep call"),
    ("Ten years of (Neo)vim", "Ten years of Neovim"),
    ("the SQLite file", "the S-Q-L ite file"),
    ("NVMe drives over PCIe", "N-V-M-E drives over P-C-I-E"),
    ("SREcon talks", "S-R-E con talks"),
    ("the OP_SUCCESSx opcodes", "the O-P success x opcodes"),
    ("HOUSING BILL FACES A CLOCK", "housing bill faces a clock"),
    ("Open 4–6 May.", "Open the fourth to the sixth of May."),
    ("an RTX 3060 card", "an R-T-X thirty sixty card"),
    ("a 1891 tower", "an eighteen ninety-one tower"),
    ("Keeps designers happy. webnotes.org.", "Keeps designers happy."),
    ("Keeps designers happy. (webnotes.org)", "Keeps designers happy."),
    ("a FAQ and a UN agency and a 9 year wait", "an F-A-Q and a U-N agency and a nine year wait"),
    (
        "I wondered whether it exists in the library, and",
        "I wondered whether it exists in the library.",
    ),
    ("\u5b89\u5a1c\u00b7\u674e", "\u5b89\u5a1c\u00b7\u674e"),
    ("a 5800X3D chip", "a fifty-eight hundred X three D chip"),
    ("the XPS 13 9370", "the X-P-S thirteen ninety-three seventy"),
    ("ISO 8601 dates", "I-S-O eighty-six oh-one dates"),
    ("le 1er avril", "le first avril"),
    ("el 1º de mayo", "el first de mayo"),
    (
        "18 Dec – 3 Jan · Town Hall · £12–£24",
        "the eighteenth of December to the third of January, Town Hall, twelve to twenty-four pounds",
    ),
    ("US ARMY ORDERS DRONES", "U-S army orders drones"),
    ("WHAT IT MEANS FOR US", "what it means for us"),
    ("for [0,1] responses", "for, zero, one, responses"),
    ("our VSCode setup", "our V-S Code setup"),
    ("code: github.com/someone/somethi…", "code."),  # its colon was the last mark: a stop
    ("see pic.twitter.com/Ab3dE5", "see the link in the show notes"),
    ("Good tips.\n\nexampleblog.dev.", "Good tips."),
    ("24/7", "twenty-four seven"),
    ("1/2", "one half"),
    ("3/4", "three quarters"),
    ("22/24", "twenty-two out of twenty-four"),
    ("~5", "about five"),
    ("#1", "number one"),
    ("@user", "at user"),
    ("20°C", "twenty degrees Celsius"),
    ("98.6°F", "ninety-eight point six degrees Fahrenheit"),
    ("90°", "ninety degrees"),
    ("2×3", "two times three"),
    ("10x faster", "ten times faster"),
    ("10 km", "ten kilometers"),
    ("5 GB", "five gigabytes"),
    ("250 ms", "two hundred fifty milliseconds"),
    ("3 GHz", "three gigahertz"),
    ("“quoted”", "quoted"),
    ("it’s", "it's"),
    ("Good — really good", "Good, really good"),
    ("Good – really good", "Good, really good"),
    ("(a parenthesis)", "a parenthesis"),
    ("[bracketed]", "bracketed"),
    ("word (aside) word.", "word aside word."),  # one word: no pauses around it
    ("• first item", "first item."),
    ("- one\n- two", "one. two."),
    ("**bold**", "bold"),
    ("__bold__", "bold"),
    ("_italic_", "italic"),
    ("*italic*", "italic"),
    ("`code`", "code"),
    ("[text](https://example.com)", "text"),
    ("![alt](https://example.com/a.png)", ""),
    ("<b>html</b>", "html"),
    ("# Heading", "Heading."),
    ("> quoted line", "quoted line"),
    ("e.g. this", "for example this"),
    ("i.e. that", "that is that"),
    ("etc.", "et cetera."),
    ("A vs. B", "A versus B"),
    ("No. 5", "number five"),
    (
        "It has (i) an encoder and (ii) a decoder.",
        "It has, first, an encoder and, second, a decoder.",
    ),
    ("the 1st of May", "the first of May"),
    ("Q3 2025", "Q three twenty twenty-five"),
    ("3 of 4", "three of four"),
    ("2x", "two times"),
    ("£3.50", "three pounds and fifty pence"),
    ("$5 billion", "five billion dollars"),
    ("1,500 words", "one thousand five hundred words"),
    ("12.5 million", "twelve point five million"),
    ("0.001", "zero point zero zero one"),
    (
        "The model scored 83.1% on CyberGym versus Claude Opus 4.6 at 66.6%.",
        "The model scored eighty-three point one percent on Cyber Gym versus Claude Opus four point six at sixty-six point six percent.",
    ),
    (
        "They fund $100 million in credits and $4 million in donations.",
        "They fund one hundred million dollars in credits and four million dollars in donations.",
    ),
    (
        "Join us on April 28-29 in San Francisco!",
        "Join us on April twenty-eighth to twenty-ninth in San Francisco!",
    ),
    (
        "A 27-year-old flaw in OpenBSD's TCP stack.",
        "A twenty-seven-year-old flaw in Open B-S-D's T-C-P stack.",
    ),
    (
        "It outputs roughly 6,000 human gene properties or 1,000 mouse properties.",
        "It outputs roughly six thousand human gene properties or one thousand mouse properties.",
    ),
    (
        "Across 50 evaluations, it matched or exceeded earlier models in 47.",
        "Across fifty evaluations, it matched or exceeded earlier models in forty-seven.",
    ),
    ("Published on 10.04.2026", "Published on April tenth, twenty twenty-six"),
    ("Read the paper [here](https://arxiv.org/abs/1234.5678) today.", "Read the paper here today."),
    (
        "We pretrained 64 models and distilled them.",
        "We pretrained sixty-four models and distilled them.",
    ),
    ("The meeting starts at 3:30 pm ET.", "The meeting starts at three thirty p m E-T."),
]

FORBIDDEN = re.compile(r"\d|https?://|www\.|[*_`#\[\]<>{}|\\$%&@=+~^/°×]")
ARTICLE = """# Big Week for **Open Models**

Anthropic's model scored 83.1% (vs. 66.6%) on SWE-bench — see https://example.com/x.
It costs $25/$125 per million input/output tokens; ~12M users & 40+ orgs signed up 🎉.

- Released on 2026-04-10 at 3:30 pm
- Llama 3.1 405B beats GPT-4o on [GPQA](https://example.com/gpqa), 28-29 points up
"""


@pytest.fixture(scope="module")
def lexicon() -> dict[str, str]:
    return load_lexicon(Settings())


@pytest.mark.parametrize(("written", "spoken"), CASES)
def test_reading(written: str, spoken: str, lexicon: dict[str, str]) -> None:
    assert normalize_for_speech(written, lexicon) == spoken


def test_table_is_large_and_clean() -> None:
    assert len(CASES) >= 150
    for _, spoken in CASES:
        assert not FORBIDDEN.search(spoken), spoken


def test_paragraphs_stay_apart_and_markup_goes(lexicon: dict[str, str]) -> None:
    spoken = normalize_for_speech(ARTICLE, lexicon)
    paragraphs = spoken.split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[0] == "Big Week for Open Models."
    assert "the link in the show notes" in paragraphs[1]
    assert "twenty-five dollars and one hundred twenty-five dollars per million" in paragraphs[1]
    assert paragraphs[2].startswith(
        "Released on April tenth, twenty twenty-six at three thirty p m."
    )
    assert not FORBIDDEN.search(spoken)


def test_without_lexicon_acronyms_are_spelled() -> None:
    assert normalize_for_speech("GPQA and OpenBSD") == "G-P-Q-A and Open B-S-D"
    assert normalize_for_speech("nginx") == "nginx"


def test_show_lexicon_overrides_the_builtin_one(tmp_path: pytest.TempPathFactory) -> None:
    path = tmp_path / "lexicon.toml"  # type: ignore[operator]
    path.write_text('[words]\n"nginx" = "N jinx"\n"Glasswing" = "Glass wing"\n', encoding="utf-8")
    settings = Settings().with_overrides(**{"write.lexicon": str(path)})
    lexicon = load_lexicon(settings)
    assert lexicon["GPQA"] == "G-P-Q-A"  # built-in entries stay
    assert normalize_for_speech("nginx runs Glasswing", lexicon) == "N jinx runs Glass wing"


def test_bad_lexicon_is_a_config_error(tmp_path: pytest.TempPathFactory) -> None:
    from digestcast.errors import ConfigError

    path = tmp_path / "lexicon.toml"  # type: ignore[operator]
    path.write_text("[words]\nnginx = 3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"lexicon\.toml"):
        load_lexicon(Settings().with_overrides(**{"write.lexicon": str(path)}))
