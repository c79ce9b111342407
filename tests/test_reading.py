"""How a text is read before any signal or token (credscore._tokens.READ_AS): Unicode spaces as spaces,
letters drawn like ASCII ones as them, characters that print as nothing dropped, HTML character references
as their characters. The fast paths
(a scan of the non-ASCII bytes, a code-point table) must read exactly what tests/reading_oracle.py reads."""

from __future__ import annotations

import textwrap
import unicodedata
from pathlib import Path

import pytest
import reading_oracle
from hypothesis import example, given, settings
from hypothesis import strategies as st
from strategies import caps_text, html_text, markdown_text, wrapped_text

import credscore
from credscore import _tokens
from credscore._tokens import COMBINING, IGNORABLE, READ_AS, encode_text, read_ends, read_positions, read_text

FIXTURES = Path(__file__).parent / "fixtures"


def test_every_character_read_otherwise_is_found_by_the_byte_scan() -> None:
    # encode_text translates a text only when its non-ASCII bytes hold one of these characters: a
    # character the scan misses would be read as written (a hidden evasion).
    missed = [f"U+{cp:04X}" for cp in READ_AS if not _tokens._changed(chr(cp), chr(cp).encode("utf-8"))]
    assert missed == []


def test_the_ignorable_ranges_are_unicodes_invisible_characters() -> None:
    # Every format character (Cf) that prints as nothing in the ranges, and the ranges' Hangul fillers,
    # variation selectors and combining grapheme joiner, and the ASCII controls that are no whitespace:
    # nothing there prints.
    for a, b in IGNORABLE:
        for cp in range(a, b + 1):
            cat = unicodedata.category(chr(cp))
            assert cat in ("Cf", "Mn", "Lo", "Cn") or (cat == "Cc" and cp < 0x80 and not chr(cp).isspace()), f"U+{cp:04X} is {cat}"
    assert [cp for cp in range(0x80) if unicodedata.category(chr(cp)) == "Cc" and not chr(cp).isspace()
            and READ_AS.get(cp, "kept") is not None] == []
    assert all(READ_AS[cp] is None for a, b in IGNORABLE for cp in range(a, b + 1))
    assert all(unicodedata.category(chr(cp)) == "Mn" and READ_AS[cp] is None for cp in range(COMBINING[0], COMBINING[1] + 1))


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("sou\u200brces\u200e said", "sources said"),
        ("al\u034flegedly", "allegedly"),
        ("Sources\u2800said", "Sources said"),  # the braille blank prints as a space
        ("\u0455\u043eurces \u0455a\u0131d", "sources said"),  # Cyrillic, and the dotless i
        ("\u017fources", "sources"),  # the long s
        ("\U000e0041\U000e0042x", "x"),  # tag characters
        ("co\u0301unci\u0301l", "council"),  # combining accents
        ("\u00abHi\u00bb \u2033 \u201a", '"Hi" " \''),  # guillemets, a double prime, a low single quote
        ("well\u2010known", "well-known"),  # the Unicode hyphen
        # marks drawn as emoji or doubled, as posts write them (an emoji's variation selector dropped)
        ("\u2757\ufe0fWake up\u203c Is it true\u2753 Share\u2755\u2762 Why\u2754", "!Wake up! Is it true? Share!! Why?"),
        # HTML character references: named, decimal, hexadecimal; Windows-1252's apostrophe as HTML reads it;
        # one for a character read otherwise (a no-break space, a zero-width space); one level only
        ("&quot;No,&quot; she said it&#8217;s &#X27;&#x2019;", '"No," she said it\u2019s \'\u2019'),
        ("it&#146;s&nbsp;a&#8203;b &amp;amp;", "it\u2019s ab &amp;"),
        # read as written: no semicolon, no such name, one letter, NUL, a surrogate, past U+10FFFF
        ("&amp &bogus; AT&T; &#0; &#xD800; &#1114112; &#x110000;", "&amp &bogus; AT&T; &#0; &#xD800; &#1114112; &#x110000;"),
        # A word broken by a hyphen at a line's end, as a PDF's text keeps it, is one word; a hyphen before a
        # digit, a capital, or after no letter, and a dash, stay
        ("a reli-\nable and trust-\r\nworthy source", "a reliable and trustworthy source"),
        ("Covid-\n19 and pre-\nCovid and 3-\nyear and - \nnot -\nthis", "Covid-\n19 and pre-\nCovid and 3-\nyear and - \nnot -\nthis"),
        # A hard-wrapped paragraph reads as one line; its last line, a heading and a blank line keep their breaks
        (
            ("Heading\n\nThe council said on Monday that the new bridge\r\nwould open in May, said Jane Doe, a\n"
             "professor at Yale University, who studies\nbridges.\nA new paragraph."),
            ("Heading\n\nThe council said on Monday that the new bridge  would open in May, said Jane Doe, a "
             "professor at Yale University, who studies bridges.\nA new paragraph."),
        ),
        # Not hard-wrapped: a line of several words over 150 characters; lines under 30; a paragraph to a line
        ("The council said on Monday that\nthe new bridge would open in May, said Jane\nDoe. " + "x " * 80,
         "The council said on Monday that\nthe new bridge would open in May, said Jane\nDoe. " + "x " * 80),
        ("Apples and\npears and\nplums and\nfigs", "Apples and\npears and\nplums and\nfigs"),
        ("The council met on Monday.\nThe bridge opens in May, said Jane Doe.\nIt cost $5 million.",
         "The council met on Monday.\nThe bridge opens in May, said Jane Doe.\nIt cost $5 million."),
    ],
)
def test_read_text(text: str, read: str) -> None:
    assert read_text(text) == read == reading_oracle.read(text)
    assert encode_text(text) == read.encode()


def _reads_as_the_reference(text: str) -> None:
    """``text`` is read, and its characters placed, as tests/reading_oracle.py reads them."""
    read, starts, ends = reading_oracle.reference_read(text)
    assert read_text(text) == read
    at = read_positions(text)
    assert (at is None and starts == list(range(len(text)))) or (at is not None and at[:-1].tolist() == starts)
    if at is not None:
        assert read_ends(text, at).tolist() == ends


@settings(max_examples=300, deadline=None)
@given(wrapped_text())
def test_wrapped_text_reads_as_the_reference_reads_it(text: str) -> None:
    _reads_as_the_reference(text)


# Every width: at 44, 52, 64, 68 and 84 columns the fixture's "did not respond to a request for" left "comment."
# alone on a line, read as page furniture ("Comment") until session 28; a line that goes on a sentence is not.
@pytest.mark.parametrize("width", sorted({50, 72, *range(40, 101, 4)}))
def test_a_hard_wrapped_article_scores_and_explains_as_written_a_paragraph_to_a_line(width: int) -> None:
    # Before session 22 (6 December) a line break ended every name and role: the fixture wrapped at 72 columns lost
    # its named expert ("said Maria Lopez, an\nassociate professor"), and 600 corpus articles wrapped so moved by
    # 0.005 on average (1.3 % changed verdict); with words broken by hyphens, by 0.019 (5.3 %). Now 0.0013 and
    # 0.00004, no verdict changed (what is left: a paragraph's last line that happens to be full reads as going on).
    for name in ("well_sourced.txt", "rumor_style.txt"):
        plain = (FIXTURES / name).read_text(encoding="utf-8")
        wrapped = "\n".join(textwrap.fill(p, width, break_on_hyphens=False) for p in plain.split("\n"))
        assert wrapped != plain and wrapped.count("\n") > plain.count("\n") + 2
        assert credscore.score(wrapped) == credscore.score(plain)
        found = credscore.explain(wrapped).evidence
        assert [(e.signal, e.text.replace("\n", " ")) for e in found] == [
            (e.signal, e.text) for e in credscore.explain(plain).evidence
        ]
        for e in found:
            assert wrapped[e.start : e.end] == e.text
        if name == "well_sourced.txt" and width == 50:  # a name broken over two lines is still a name
            assert "said Maria\nLopez, an associate professor" in [e.text for e in found if e.signal == "named_expert"]


@settings(max_examples=300, deadline=None)
@given(markdown_text)
# Found by this property: a web address that runs into a character reference is dropped whole, the
# reference with it, even where the sentence's ";" that ends the address is the reference's own.
@example("https://www.cdc.gov/a_b/2019-ncov.html&quot;Sources said&quot; it&#8217;s &amp; so&#x2019; ")
@example("https://www.cdc.gov/a_b/2019-ncov.html&nbsp;&#8203;&bogus;&#146; ")
def test_markdown_reads_as_the_reference_reads_it(text: str) -> None:
    _reads_as_the_reference(text)


@settings(max_examples=300, deadline=None)
@given(html_text)
@example("<script>a <p> b</script> <script>x</script></script>said <!-- <p> --> -->")
@example("<style>" + "x" * 1990 + "</style> and <STYLE>y</style>")  # 2,005 characters: its tags only
def test_html_reads_as_the_reference_reads_it(text: str) -> None:
    _reads_as_the_reference(text)


@settings(max_examples=200, deadline=None)
@given(st.one_of(html_text, markdown_text, wrapped_text(), caps_text), st.integers(1, 40))
def test_a_text_read_in_small_blocks_reads_as_the_reference_reads_it(text: str, block: int) -> None:
    # A text is read in blocks of about a million characters (_READ_AS_BLOCK), the layout of the whole text laid
    # over each block from its offset: with blocks of a few characters every stretch crosses block edges (the
    # mutation run of session 23 found the offset of a stretch's end untested: only texts over 1 MB have two).
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_tokens, "_READ_AS_BLOCK", block)
        assert len(_tokens._blocks(text)) >= min(2, len(text) // (block + _tokens._REFERENCE_MAX))
        _reads_as_the_reference(text)


@settings(max_examples=300, deadline=None)
@given(caps_text)
@example(". A" + " OFFICIALS SAID" * 20)  # a sentence's end before the first letter of the text
@example("\n" * 50 + " 1" + " OFFICIALS SAID" * 20)  # a run of line breaks, then no letter
def test_a_text_in_capitals_reads_as_the_reference_reads_it(text: str) -> None:
    _reads_as_the_reference(text)


def test_an_article_in_capitals_reads_in_sentence_case_and_a_shouted_line_as_written() -> None:
    # Before session 23 (6 December) a text in capitals was read as written: 600 corpus articles in capitals moved
    # by -0.23 on average (56 % changed verdict): their function words, word shapes and writing patterns are those
    # of no text the model saw. Read in sentence case, -0.005 on average (8 %: names and months are lost).
    for name in ("well_sourced.txt", "rumor_style.txt"):
        plain = (FIXTURES / name).read_text(encoding="utf-8").strip()
        shouted = plain.upper()
        read = read_text(shouted)
        assert read != shouted and read.lower() == shouted.lower()
        assert len(read) == len(plain) and read[0].isupper()
        assert all(p.isupper() for r, p in zip(read, plain) if r.isupper())  # a capital kept is a capital as written
        assert abs(credscore.score(shouted) - credscore.score(plain)) < 0.1
        for e in credscore.explain(shouted).evidence:
            assert shouted[e.start : e.end] == e.text
    mixed = "OFFICIALS SAID THE BRIDGE WOULD OPEN IN MAY, AND THEN IT DID NOT. " * 3 + "The council met on Monday. " * 12
    assert read_text(mixed) == mixed  # a shouted paragraph in a text in mixed case: as written
    assert read_text("BREAKING: " + "SHOCKING " * 23) == "BREAKING: " + "SHOCKING " * 23  # 192 capitals: a headline
    assert read_text("SHOCKING NEWS " * 20)[:20] == "Shocking news shocki"


@pytest.mark.parametrize(
    ("upper", "lower", "in_capitals"),
    [(199, 0, False), (200, 0, True), (180, 20, False), (270, 30, True), (270, 31, False), (2000, 222, True)],
)
@pytest.mark.parametrize("where", ["lower first", "lower last", "spread"])
def test_a_text_is_in_capitals_from_200_capitals_and_one_lower_case_letter_for_nine(
    upper: int, lower: int, in_capitals: bool, where: str
) -> None:
    caps = ["WAKE"[i % 4] + (" " if i % 4 == 3 else "") for i in range(upper)]
    small = ["x" + (" " if i % 3 == 2 else "") for i in range(lower)]
    if where == "lower first":
        pieces = small + caps
    elif where == "lower last":
        pieces = caps + small
    else:
        inserted = min(lower, (upper + 8) // 9)  # one after every ninth capital, the rest at the end
        pieces = [c + (small[i // 9] if i % 9 == 0 and i // 9 < inserted else "") for i, c in enumerate(caps)] + small[inserted:]
    text = "".join(pieces) + "."
    assert sum(c.isupper() for c in text) == upper and sum(c.islower() for c in text) == lower
    assert _tokens._in_capitals(text) is in_capitals
    assert _tokens._in_capitals(text, text.encode()) is in_capitals
    assert (reading_oracle.capitals_kept(text) is not None) is in_capitals
    assert (read_text(text) != text) is in_capitals


def _marked(paragraphs: list[str], bold: tuple[str, str], italic: tuple[str, str], link: str) -> list[list[str]]:
    """The words of each paragraph, marked as a converter marks them: the first three of every third paragraph
    in ``bold`` (its opening and closing marks), in the next one a word in ``italic`` and the next word in a
    link (``link`` formats it)."""
    out = []
    for k, para in enumerate(paragraphs):
        words = para.split(" ")
        if k % 3 == 0 and len(words) > 4:
            words[0], words[2] = bold[0] + words[0], words[2] + bold[1]
        if k % 3 == 1 and len(words) > 6:
            words[4] = italic[0] + words[4] + italic[1]
            words[5] = link.format(words[5])
        out.append(words)
    return out


def _as_html(plain: str) -> str:
    """``plain`` as a page's HTML holds it: a head with a title, a script and a style sheet; a heading; each
    paragraph in "<p>", some words in bold or italics, a link on a name, a line break, a comment."""
    paragraphs = plain.split("\n\n")
    out = ['<!DOCTYPE html>\n<html lang="en"><head><title>Local news | The Daily</title>',
           "<script>window.dataLayer = []; if (a < b) { track('<p>'); }</script><style>p { margin: 0 }</style></head>",
           '<body><div class="story">', "<h1>" + paragraphs[0] + "</h1>"]
    link = '<a href="https://example.org/news/2024/a_story?id=7&amp;ref=home" rel="noopener">{}</a>'
    for k, words in enumerate(_marked(paragraphs[1:], ("<strong>", "</strong>"), ("<em>", "</em>"), link)):
        if k % 3 == 2 and len(words) > 8:
            words[7] += "<br/>"
        out.append("<p>" + " ".join(words) + "</p>" + ("<!-- ad slot -->" if k % 2 else ""))
    return "\n".join([*out, "</div></body></html>"])


def test_an_article_in_html_scores_and_explains_as_the_plain_text() -> None:
    # Before session 23 (6 December) HTML's tags were read as words and punctuation: 600 corpus articles with
    # "<p>" around each paragraph moved by -0.037 on average (9.3 % changed verdict), with "<br>" at each line's
    # end by -0.038 (8.5 %), a link on each paragraph by -0.034 (9.3 %). Now under 0.0003, none.
    for name in ("well_sourced.txt", "rumor_style.txt"):
        plain = (FIXTURES / name).read_text(encoding="utf-8").strip()
        page = _as_html(plain)
        assert page.count("<p>") >= 3 and "<a href" in page and "<br/>" in page and "<strong>" in page
        read = read_text(page)
        assert " ".join(read.split()) == " ".join(plain.split())  # the same words, other line breaks
        assert abs(credscore.score(page) - credscore.score(plain)) < 1e-3
        assert credscore.explain(page).risk == credscore.explain(plain).risk
        assert [e.signal for e in credscore.explain(page).evidence] == [e.signal for e in credscore.explain(plain).evidence]
        for e in credscore.explain(page).evidence:
            assert page[e.start : e.end] == e.text


def test_angle_brackets_that_are_not_markup_are_read_as_written() -> None:
    for text in ("<jane@example.org>", "if a < b and c > d", "<sarcasm>sure</sarcasm>", "x <3 y", "</ p>", "<p",
                 "<pp>", "<p-x>", "<blockquotes>", "<" + "b " + "x" * 2000 + ">", "<!-- no end", "<!-- " + "x" * 1995 + " -->"):
        assert read_text(text) == text, text
    assert read_text("<b>Ohio</b> <I>is</I> <br/>") == "Ohio is \n"


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("<!---->x", "x"),  # an empty comment: its "-->" right after its "<!--"
        ("<!--<!-->a-->", "a-->"),  # a comment ends at the first "-->" after its "<!--"
        ("<!--->x-->y", "y"),  # the "-->" must come after the "<!--", not inside it
        ("<!--" + "x" * 1993 + "-->!", "!"),  # 2,000 characters: dropped whole
        ("<!--" + "x" * 1994 + "-->!", "<!--" + "x" * 1994 + "-->!"),  # 2,001: read as written
        ("<script>" + "x" * 1983 + "</script>!", "!"),  # 2,000 characters: dropped whole
        ("<script>" + "x" * 1984 + "</script>!", "x" * 1984 + "!"),  # 2,001: its tags only
        ("<script>a<script>b</script>c</script>", "c"),  # the first start tag opens it, the first end tag closes it
        ("<style>a</script>b</style>c", "c"),  # an end tag of another name does not
        ("</script>a<script>b", "ab"),  # an end tag with none open closes nothing
        ("<TITLE>The Daily</TITLE><P>Text", "\nText"),
        ('<noscript><img src="px.gif"/>Please enable JavaScript.</noscript>Text', "Text"),
        ("<p\tclass=x>a</P\n>b<br/>c", "\na\nb\nc"),
    ],
)
def test_html_comments_and_hidden_elements_end_where_the_rule_says(text: str, read: str) -> None:
    assert read_text(text) == read
    _reads_as_the_reference(text)


def _as_markdown(plain: str) -> str:
    """``plain`` as a page converted to Markdown gives it: a heading, each paragraph's first words in bold,
    a word in italics, a link on a name, a list item."""
    paragraphs = plain.split("\n\n")
    marked = _marked(paragraphs[1:], ("**", "**"), ("_", "_"), "[{}](https://example.org/news/2024/a_story?id=7)")
    out = ["# " + paragraphs[0]] + [("* " if k % 3 == 2 else "") + " ".join(words) for k, words in enumerate(marked)]
    return "\n\n".join(out)


def test_an_article_in_markdown_scores_and_explains_as_the_plain_text() -> None:
    # Before session 22 (6 December) Markdown's marks were read as punctuation: 600 corpus articles with bold
    # on each paragraph's first words moved by -0.037 on average (7.8 % changed verdict), with a link on each
    # paragraph by -0.043 (11 %); the well-sourced fixture below by -0.050. Now they read as the plain text.
    for name in ("well_sourced.txt", "rumor_style.txt"):
        plain = (FIXTURES / name).read_text(encoding="utf-8").strip()
        marked = _as_markdown(plain)
        assert marked.count("**") >= 2 and "](" in marked and "\n* " in marked
        assert read_text(marked).replace("\n ", "\n").lstrip() == plain
        # Only the space after a heading's or a list item's mark is left (2e-5 on the well-sourced fixture).
        assert abs(credscore.score(marked) - credscore.score(plain)) < 1e-3
        assert credscore.explain(marked).risk == credscore.explain(plain).risk
        got = [e.signal for e in credscore.explain(marked).evidence]
        assert got == [e.signal for e in credscore.explain(plain).evidence]
        for e in credscore.explain(marked).evidence:
            assert marked[e.start : e.end] == e.text


def test_web_addresses_are_dropped_and_an_article_with_them_scores_as_without() -> None:
    # Before session 22 an address was read as words, numbers and punctuation: one on every third paragraph
    # of 600 corpus articles moved them by -0.013 or +0.025 on average (3-6 % changed verdict), with the words
    # of its path.
    assert read_text("See https://www.cdc.gov/a_b.html. Or (ftp://x.org/f), 3://x.") == "See . Or (), 3://x."
    assert read_text("git+ssh://host/repo and x://") == " and "
    assert read_text("revisithttps://x.org") == "revisithttps://x.org"  # a scheme glued to a word: as written
    for name in ("well_sourced.txt", "rumor_style.txt"):
        plain = (FIXTURES / name).read_text(encoding="utf-8").strip()
        paragraphs = plain.split("\n\n")
        linked = "\n\n".join(p + (f" Read more: https://www.example.org/2020/05/story-{k}-of-the-day.html" if k % 2 else "")
                               for k, p in enumerate(paragraphs))
        assert abs(credscore.score(linked) - credscore.score(_with_read_more(plain))) < 1e-3
        for e in credscore.explain(linked).evidence:
            assert linked[e.start : e.end] == e.text


def _with_read_more(plain: str) -> str:
    return "\n\n".join(p + (" Read more: " if k % 2 else "") for k, p in enumerate(plain.split("\n\n")))


def test_markdown_marks_that_are_not_markup_are_read_as_written() -> None:
    for text in ("f**k this", "snake_case_name", "5 * 3 * 2", "*Correction appended", "[sic] (2019)", "#MeToo", "a ** b",
                 "####### seven", "    # indented code", "2 + 2", "****four**** marks are no emphasis"):
        assert read_text(text) == text, text


def test_a_word_broken_by_a_hyphen_is_found_whole_and_its_span_keeps_the_break() -> None:
    text = "The claim is unveri-\nfied. \"It is false,\" said Jane Doe, a profes-\nsor at Yale University."
    found = {e.signal: e.text for e in credscore.explain(text).evidence}
    assert found["unverified_claim"] == "unveri-\nfied"
    assert found["named_expert"].endswith("a profes-\nsor")


def test_read_positions_place_each_read_character() -> None:
    text = "a\u200bb\U000e0020c\u00a0d"
    at = read_positions(text)
    assert at is not None
    read = read_text(text)
    assert [text[i] for i in at[:-1].tolist()] == ["a", "b", "c", "\u00a0", "d"] and read == "abc d"
    assert at[-1] == len(text)


def test_the_table_reads_supplementary_characters_and_surrogates_as_themselves() -> None:
    text = "\U0001f600 \ud800 \U0010ffff \u0430"
    assert _tokens._read_as(text) == "\U0001f600 \ud800 \U0010ffff a" == text.translate(READ_AS)


@pytest.mark.parametrize(
    ("mark", "where"),
    [("\u200e", "after every space"), ("\u2061", "after every space"), ("\u3164", "after every space"),
     ("\u2800", "for every space"), ("\u034f", "inside words"), ("\u0301", "inside words")],
)
def test_an_audits_evasions_move_no_score(mark: str, where: str) -> None:
    # Each took the well-sourced fixture from 0.94 to 0.37 or so, or made the rumour "not English" (0.5).
    for name in ("well_sourced.txt", "rumor_style.txt"):
        plain = (FIXTURES / name).read_text(encoding="utf-8")
        if where == "after every space":
            marked = plain.replace(" ", " " + mark)
        elif where == "for every space":
            marked = plain.replace(" ", mark)
        else:
            marked = " ".join(w[:2] + mark + w[2:] if len(w) > 3 else w for w in plain.split(" "))
        assert credscore.score(marked) == credscore.score(plain)
        assert credscore.explain(marked).risk == credscore.explain(plain).risk


def test_every_named_reference_is_found_and_fits_the_block_margin() -> None:
    # A reference the expression misses would be read as written; one longer than _REFERENCE_MAX could be
    # cut between two blocks of a long text.
    missed = [name for name in _tokens.NAMED_REFERENCES if _tokens._REFERENCE.fullmatch(f"&{name};") is None]
    assert missed == []
    longest = max(len(f"&{name};") for name in _tokens.NAMED_REFERENCES)
    assert longest == _tokens._REFERENCE_MAX == max(len("&#1114111;"), len("&#x10FFFF;"), longest)
    assert _tokens._REFERENCE.fullmatch("&" + "a" * (longest - 1) + ";") is None  # no name past the longest


def test_accented_letters_read_as_their_decomposed_form_with_its_accents_dropped() -> None:
    # Every letter of Unicode whose canonical decomposition is a letter and combining accents (which are
    # dropped) reads as that letter, so a text reads the same in NFC and NFD; the table stops below U+2200.
    assert _tokens._accented(0x110000) == _tokens.ACCENTED
    for cp, letter in _tokens.ACCENTED.items():
        parts = unicodedata.normalize("NFD", chr(cp))
        if len(parts) > 1:
            assert READ_AS[cp] == letter == read_text(parts[0]), f"U+{cp:04X}"
        else:  # the Latin letters without a decomposition
            assert chr(cp) in _tokens._LATIN_OWN and letter.isascii() and letter.isalpha()
    assert read_text("\u00f8\u0142\u0111\u0127 \u00df\u00e6\u0153\u00f0\u00fe \u1e9e\u00c6") == "oldh saodt SA"
    assert read_text("\u2260 \u00d7") == "\u2260 \u00d7"  # not letters: read as written


# Latin, Greek and Cyrillic letters with and without accents, combining accents, ASCII around them.
_ACCENT_TEXT = st.text(
    st.sampled_from(list("aeinouyAEIOSZ .,'") + [chr(c) for c in (0xE9, 0xF1, 0xD6, 0x15F, 0x1EA1, 0x3AC, 0x439, 0x301, 0x308, 0x327)]),
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(_ACCENT_TEXT)
def test_a_text_reads_the_same_in_nfc_and_nfd(text: str) -> None:
    nfc, nfd = unicodedata.normalize("NFC", text), unicodedata.normalize("NFD", text)
    assert read_text(nfc) == read_text(nfd) == reading_oracle.read(nfc)
    assert encode_text(nfc) == encode_text(nfd)


def test_an_article_scores_and_explains_alike_in_nfc_and_nfd() -> None:
    # Before session 21 (5 December) the precomposed names read as written: no name pattern took them, and the NFC
    # article below scored 0.64 (medium risk) against 0.67 (low) for the same article in NFD.
    text = (
        "The clinic reopened on March 3, 2024. \"We expect demand to rise,\" said Jos\u00e9 Mart\u00ednez "
        "Ib\u00e1\u00f1ez, a professor of public health at the University of M\u00e1laga. According to Dr. "
        "Zo\u00eb M\u00fcller, an epidemiologist at Charit\u00e9, the outbreak peaked in February."
    )
    nfc, nfd = unicodedata.normalize("NFC", text), unicodedata.normalize("NFD", text)
    assert nfc == text and nfd != text
    assert credscore.score(nfc) == credscore.score(nfd)
    found = {form: [(e.signal, e.text) for r in credscore.explain(t).signals for e in r.spans if r.name == "named_expert"]
             for form, t in (("nfc", nfc), ("nfd", nfd))}
    assert found["nfc"] == [
        ("named_expert", "said Jos\u00e9 Mart\u00ednez Ib\u00e1\u00f1ez, a professor"),
        ("named_expert", "According to Dr. Zo\u00eb M\u00fcller, an epidemiologist"),
    ]
    assert [(s, unicodedata.normalize("NFC", t)) for s, t in found["nfd"]] == found["nfc"]  # spans in the text as given


def test_a_span_ending_on_an_accented_letter_keeps_its_combining_accent() -> None:
    # An audit: in NFD text a span ended before the accent of its last letter ("said Kylian Mbappe" + U+0301
    # left out). The accent belongs to the letter; the characters that print as nothing still stay out.
    nfd = unicodedata.normalize("NFD", "\u201cIt is over,\u201d said Kylian Mbapp\u00e9.\u200b")
    spans = {e.signal: e.text for e in credscore.explain(nfd).evidence}
    assert spans["named_attribution"] == unicodedata.normalize("NFD", "said Kylian Mbapp\u00e9")
    assert spans["attributed_quote"].endswith("Mbappe\u0301")
    for e in credscore.explain(nfd).evidence:
        assert nfd[e.start : e.end] == e.text


def test_an_accent_after_a_character_reference_belongs_to_its_character() -> None:
    # Found by the block-reading property in CI: "&amp;" then U+0300 reads as "&", and the accent's place
    # ends that character as it does a letter's.
    text = "&amp;\u0300 x"
    assert read_text(text) == "& x"
    at = read_positions(text)
    assert at is not None and _tokens.read_ends(text, at).tolist() == [6, 7, 8]
    assert reading_oracle.reference_read(text)[2] == [6, 7, 8]


@pytest.mark.parametrize("unit", ["**a** ", "[a](http://x.org/y) ", "see http://x.org/y ", "a-\nb ", "<br>", "<i>a</i>", "<!---->", "-->"])
def test_the_layout_of_a_text_dense_with_marks_is_held_in_compact_arrays(unit: str) -> None:
    # A crafted text can be nothing but marks. Kept as Python lists of positions, 10 MB of "[a](http://x.org/y) "
    # added 716 MB to score() (the target for a 10 MB article is 250); as stretches in 8-byte arrays, 9 MB.
    import tracemalloc

    text = unit * (1_000_000 // len(unit))
    tracemalloc.start()
    _spaces, drops, _breaks, _kept = _tokens._layout(text)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert len(drops) + len(_breaks) > 40_000 or unit == "-->"
    assert peak < 8 * 1_000_000, peak  # bytes: at most about 8 a character of text


def test_ascii_control_characters_are_read_as_nothing() -> None:
    """A NUL, ESC or DEL inside or between words hides nothing and counts as nothing (an audit: a NUL before
    every space took a credible article from 0.87 to 0.23); whitespace controls stay whitespace."""
    text = "Sources said on Monday that the council voted."
    for c in ("\x00", "\x1b", "\x7f", "\x01"):
        dirty = text.replace(" ", c + " ").replace("said", "sa" + c + "id")
        assert encode_text(dirty) == text.encode() and read_text(dirty) == text
    assert encode_text("a\tb\x0bc\x0cd\ne") != b"abcde"  # tab, vertical tab, form feed, line feed: spaces



def test_a_span_ending_on_an_emoji_keeps_its_variation_selector() -> None:
    # An audit (session 41): "❗" then U+FE0F (the emoji's presentation) gave the span "❗" alone, and the text
    # output printed "[[❗]]\ufe0f". The selector belongs to the character before it, as an accent does.
    text = "Share this now\u2757\ufe0f and tell everyone the truth they are hiding from you about the plan today."
    (bang,) = [e for e in credscore.explain(text).evidence if e.signal == "exclamation"]
    assert (bang.start, bang.end, bang.text) == (14, 16, "\u2757\ufe0f")
    for sample in ("a\ufe0f b", "\u2757\ufe0f\ufe0e x", "e\u0301\ufe0f y", "x\U000e0100 z", "\ufe0fa b"):
        _reads_as_the_reference(sample)
