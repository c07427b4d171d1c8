from digestcast.sbd import SentenceSplitter, SentenceText


def test_paragraphs_and_sentences() -> None:
    text = "The lab shipped a model. It runs on a laptop, says Dr. Ng.\n\nPrices fell 3.5%. Why?"
    assert SentenceSplitter("en-us").split(text) == (
        SentenceText("The lab shipped a model.", False),
        SentenceText("It runs on a laptop, says Dr. Ng.", True),
        SentenceText("Prices fell 3.5%.", False),
        SentenceText("Why?", False),
    )


def test_whitespace_is_collapsed_and_wordless_pieces_dropped() -> None:
    text = "  First   line\nof a sentence.  \n\n  ***  \n\n Last one. "
    assert [s.text for s in SentenceSplitter().split(text)] == [
        "First line of a sentence.",
        "Last one.",
    ]


def test_overlong_sentence_is_split_at_clauses() -> None:
    clause = "one two three four five six seven eight nine ten"
    text = ", ".join([clause] * 9) + "."  # 90 words, no full stop until the end
    pieces = SentenceSplitter(max_words=25).split(text)
    assert all(len(p.text.split()) <= 25 for p in pieces)
    assert " ".join(p.text for p in pieces) == text
    assert len(pieces) == 5


def test_unknown_language_falls_back_to_english() -> None:
    assert SentenceSplitter("xx-YY").language == "en"
    assert SentenceSplitter("de").language == "de"


def test_empty_text_has_no_sentences() -> None:
    assert SentenceSplitter().split("") == ()
