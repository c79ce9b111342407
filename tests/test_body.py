"""Page furniture between an article's paragraphs is not read as body (credscore._body).

"Advertisement", "Read more", "Share this article" on lines of their own
moved scores (one "Read more" after every paragraph of 300 shared articles:
+0.10 on average) and taught the model a publisher's boilerplate. Every path
now reads the body without them, and explain() still places its spans in the
text as given.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import credscore
from credscore._body import FURNITURE, LIGATURES, REPEAT_MIN_BYTES, bodies, furniture_key, headline_key, read_body
from credscore._features import featurize

P1 = (
    "Sources said the council passed the budget on Monday, allegedly after a private deal with the unions. "
    "The mayor dismissed the reports as baseless."
)
P2 = (
    '"We followed every rule," said Maria Lopez, a professor at Stanford University, who reviewed the plan. '
    "The budget runs to 4,200 pages and takes effect in January 2026, according to documents released by the "
    "city clerk."
)
CLEAN = f"{P1}\n\n{P2}"


@pytest.mark.parametrize(
    "line",
    ["Advertisement", "ADVERTISEMENT", "  [Advertisement]  ", "Read more:", "READ MORE »", "Share this article",
     "↓ Continue reading below", "Story continues below advertisement", "Take Our Poll - Story Continues Below",
     "Loading...", "• Related stories", "Advertisement\r",
     # dressed in markup or typography (an audit of session 26 found each read as body)
     "<p>Read more</p>", '<div class="ad">Advertisement</div>', "Read\u200b more", "\uff32\uff45\uff41\uff44 more",
     "&gt; Read more&hellip;", "En Espan\u0303ol", "<p><strong>Share this article</strong></p>"],
)
def test_a_furniture_line_is_left_out(line: str) -> None:
    text = f"{P1}\n\n{line}\n{P2}"
    body = read_body(text)
    assert body.text == CLEAN
    assert body.furniture == (line.strip(),) and not body.headline
    assert credscore.score(text) == credscore.score(CLEAN)
    s = credscore.score_many([text, CLEAN])
    assert s[0] == s[1]


def test_reading_them_would_change_the_score() -> None:
    """The test above can fail: read as body, the lines move the score."""
    from credscore._api import _score_lists
    from credscore._model import CredibilityModel

    model = credscore.default_model()
    assert isinstance(model, CredibilityModel)
    text = "\n\nRead more\n\n".join([P1, P2, P1 + " " + P2])
    # credscore reads it without them; scored as written (no body read), it differs.
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("credscore._features.bodies", lambda texts, titles: list(texts))
        raw = float(_score_lists([text], [None], model)[0])
    assert raw != credscore.score(text)


@pytest.mark.parametrize(
    "text",
    [
        "Read more about the study in the journal Nature, the authors said on Monday.",
        "Share this article with your friends.",  # a sentence that says it: body
        f"{P1} Advertisement\n{P2}",  # the word inside a paragraph
        f"{P1}\nAdvertisement feature: the council's new budget\n{P2}",  # a line that goes on
        f"{P1}\n<p>Read more about the study</p>\n{P2}",  # dressed, and still a sentence
        f"{P1}\n<a href=\"/ad\">budget</a>\n{P2}",  # markup whose tag holds an entry's word
        CLEAN,
    ],
)
def test_words_of_the_body_are_kept(text: str) -> None:
    body = read_body(text)
    assert body.text == text and body.gaps == () and body.furniture == () and not body.headline
    assert bodies([text], [None])[0] is text


def test_a_text_of_furniture_only_has_nothing_to_judge() -> None:
    text = "Advertisement\nRead more\nShare this article"
    ex = credscore.explain(text)
    assert ex.words == 0 and ex.risk == "unknown"
    assert credscore.risk_levels([text], credscore.score_many([text])).tolist() == ["unknown"]


def test_explain_places_spans_in_the_text_as_given_and_says_what_it_left_out() -> None:
    title = "Council passes budget"
    text = f"{title}\n\n{P1}\nAdvertisement\n\n{P2}\nShare this:\nRead more"
    ex = credscore.explain(text, title)
    plain = credscore.explain(CLEAN + "\n", title)
    assert ex.score == credscore.score(text, title) == plain.score
    spans = [e for s in ex.signals for e in s.spans if e.field == "text"]
    assert len(spans) == sum(len(s.spans) for s in plain.signals if s.spans and s.spans[0].field == "text")
    assert spans and all(text[e.start:e.end] == e.text for e in spans)
    assert any(e.start > text.index(P2) for e in spans)  # after a line left out, placed past it
    assert any("3 lines of page furniture" in n and '"Advertisement"' in n for n in ex.notes), ex.notes
    assert any("opens with its headline" in n for n in ex.notes)


def test_training_reads_the_body_alone() -> None:
    f = featurize([f"{P1}\nAdvertisement\n{P2}", f"{P1}\n{P2}"], [None, None])
    assert np.array_equal(f.X[0], f.X[1]) and f.words[0] == f.words[1]
    assert all(np.array_equal(a, b) for a, b in zip(f.ngrams[0], f.ngrams[1]))


def test_ligatures_are_read_as_their_letters() -> None:
    """Text taken from a PDF keeps its typeface's ligatures ("o\ufb03cial", "\ufb01nancial"): read as
    written, each such word was another word (an audit of session 26: 277 of 304 shared articles moved,
    2 verdicts). Read spelled out, the score is the plain text's, and explain's spans index the text as
    given, on the ligatures."""
    plain = f"{P1}\n\n{P2} The official financial filings were flawed, the staff said."
    written = plain.replace("ffi", "\ufb03").replace("fi", "\ufb01").replace("fl", "\ufb02").replace("ff", "\ufb00")
    assert written != plain and read_body(written).text == plain
    assert credscore.score(written) == credscore.score(plain)
    assert credscore.score_many([written, plain]).tolist() == [credscore.score(plain)] * 2
    ex, ex_plain = credscore.explain(written), credscore.explain(plain)
    assert ex.score == ex_plain.score
    spans = [(e.start, e.end, e.text) for r in ex.signals for e in r.spans]
    assert spans and all(written[a:b] == t for a, b, t in spans)
    assert [t.replace("\ufb03", "ffi").replace("\ufb01", "fi") for _, _, t in spans] == [
        e.text for r in ex_plain.signals for e in r.spans]
    assert LIGATURES["\ufb03"] == "ffi" and all(len(k) == 1 for k in LIGATURES)


def test_the_list_is_written_as_it_is_read() -> None:
    """Every entry is its own key (else it could never match), and the longest line read holds them."""
    assert all(furniture_key(w) == w for w in FURNITURE)
    from credscore import _body

    assert all(len(w) <= _body._LONGEST for w in FURNITURE)


furniture = st.sampled_from(["Advertisement", " Read more: ", "Share", "SHARE THIS", "Loading..."])
words = st.text(st.sampled_from("ab .\t\ufb01\ufb03"), min_size=0, max_size=15)  # with two ligatures (fi, ffi)


def _reads_as(original: str, ch: str) -> bool:
    """Whether a character of the body, ``ch``, is read from ``original``: itself, or a letter of the
    ligature it spells."""
    return original == ch or ch in LIGATURES.get(original, "")


@settings(max_examples=300, deadline=None)
@given(
    parts=st.lists(st.one_of(words, furniture), max_size=8),
    title=st.one_of(st.none(), st.sampled_from(["ab", "Read more", "a b"])),
    ending=st.sampled_from(["\n", "\r\n"]),
)
def test_every_character_of_the_body_is_placed_in_the_text(parts: list[str], title: str | None, ending: str) -> None:
    text = ending.join(parts)
    body = read_body(text, title)
    assert all(_reads_as(text[body.place(i)], ch) for i, ch in enumerate(body.text))
    placed = [body.place(i) for i in range(len(body.text))]
    assert placed == sorted(placed)
    # a character of the text is read once, or as many times as the ligature it is has letters
    assert all(placed.count(at) == len(LIGATURES.get(text[at], "x")) for at in set(placed))
    # what is not placed is what was left out: furniture lines, the headline's and sentences repeated word
    # for word (a line of 30 bytes or more written twice), with their whitespace
    kept = set(placed)
    gone = "".join(ch if i not in kept else "\n" for i, ch in enumerate(text))
    repeated = set(body.repeats)
    assert all(len(r.encode()) >= REPEAT_MIN_BYTES and text.count(r) >= 2 for r in repeated)
    heading = []  # the lines left out that are no furniture and no copy: the headline's, repeated, maybe wrapped
    for line in gone.split("\n"):
        if line.strip() and furniture_key(line) not in FURNITURE and line.strip() not in repeated:
            heading.append(line)
    if heading:
        assert title and body.headline
        words = headline_key(" ".join(heading)).split()
        want = headline_key(title).split()
        assert words and words == want * (len(words) // len(want))
    assert len(body.furniture) == sum(furniture_key(ln) in FURNITURE for ln in gone.split("\n") if ln.strip())
    for a in range(len(body.text) + 1):
        for b in range(a, min(len(body.text), a + 3) + 1):
            s, e = body.place_span(a, b)
            assert s <= e and (a == b or (_reads_as(text[s], body.text[a]) and _reads_as(text[e - 1], body.text[b - 1])))
    again = read_body(body.text, title)  # no headline or furniture left to leave out: one reading takes them all
    assert not again.headline and again.furniture == () and again.credits == ()
    assert not any(c in body.text for c in LIGATURES)


@settings(max_examples=400, deadline=None)
@given(
    entry=st.sampled_from(sorted(FURNITURE)),
    upper=st.lists(st.booleans(), min_size=60, max_size=60),
    before=st.sampled_from(["", "  ", "• ", "↓ ", "[", "\t", "» "]),
    after=st.sampled_from(["", ":", ".", "...", " »", "]", " ", "\r", "!"]),
    spaces=st.sampled_from([" ", "  ", "\t"]),
)
def test_every_entry_is_found_however_it_is_written(
    entry: str, upper: list[bool], before: str, after: str, spaces: str
) -> None:
    written = "".join(c.upper() if u else c for c, u in zip(entry, upper)).replace(" ", spaces)
    text = f"{P1}\n{before}{written}{after}\n{P2}"
    assert read_body(text).text == f"{P1}\n{P2}", repr(written)


def test_a_headline_among_furniture_at_the_top_and_furniture_further_down() -> None:
    """Every character placed where it stands, with a repeated headline, furniture before and after it, and
    furniture between paragraphs (distinct letters: a misplaced offset cannot land on an equal character)."""
    text = "Share\n  Title here\nRead more\n\nabcdefghij\nAdvertisement\nklmnop\nLoading...\nEmail\nqrstuv"
    body = read_body(text, "Title here")
    assert body.text == "abcdefghij\nklmnop\nqrstuv"
    assert body.headline and body.furniture == ("Share", "Read more", "Advertisement", "Loading...", "Email")
    assert [text[body.place(i)] for i in range(len(body.text))] == list(body.text)
    assert body.place(0) == text.index("abc") and body.place(11) == text.index("klm")
    assert body.place(18) == text.index("qrs")
    assert body.place_span(8, 13) == (text.index("ij"), text.index("mnop"))  # over a line left out: it inside
    assert body.place_span(3, 3) == (text.index("defg"), text.index("defg"))
    text = "Title here\n\nShare\nabcdef"  # furniture right where the body begins, after the headline's space
    body = read_body(text, "Title here")
    assert body.text == "abcdef" and body.place(0) == text.index("abc") and body.gaps == ((0, text.index("abc")),)


def test_the_longest_line_read_as_furniture() -> None:
    """A furniture line padded to the longest line read is found, one character longer is read as body;
    a text that is such a line alone likewise."""
    from credscore._body import _LONGEST

    fits = "Advertisement".center(_LONGEST)
    assert read_body(f"{P1}\n{fits}\n{P2}").text == f"{P1}\n{P2}"
    assert read_body(f"{P1}\n{fits} \n{P2}").furniture == ()
    assert read_body(fits).text == "" and bodies([fits], [None]) == [""]
    assert read_body(fits + " ").furniture == ()
    assert all(len(w) * 2 <= _LONGEST for w in FURNITURE)  # room for an entry's edges and spacing


def test_a_body_is_a_value() -> None:
    from dataclasses import FrozenInstanceError

    body = read_body(f"{P1}\nAdvertisement\n{P2}")
    with pytest.raises(FrozenInstanceError):
        body.text = ""  # type: ignore[misc]


def test_every_format_character_is_dropped_from_a_plain_line() -> None:
    """The format characters _plain drops are written out as ranges: every one this Python's Unicode
    database has is among them (a newer Python may know more; the list is Unicode 15's)."""
    import sys
    import unicodedata

    from credscore import _body

    format_chars = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"]
    assert len(format_chars) > 150
    assert _body._FORMAT.sub("", "".join(format_chars)) == ""
    assert _body._FORMAT.sub("", "a\u00e9b\u200dc") == "a\u00e9bc"  # a letter that is not one stays


def test_old_mac_line_ends_read_as_line_breaks() -> None:
    """An audit (session 27): lone carriage returns (old Mac files) were no line breaks: a dateline at a
    line's start and furniture lines went unread, and quotes ran on over lines. They read as "\\n" now, the
    body as long as the text, every place the same."""
    text = f"WASHINGTON (Reuters) - {P1}\n\nAdvertisement\n{P2}"
    mac = text.replace("\n", "\r")
    body = read_body(mac)
    assert body.text == read_body(text).text and body.furniture == ("Advertisement",)
    assert body.place(len(body.text) - 1) == len(mac) - 1 and body.place(0) == 0
    assert credscore.score(mac) == credscore.score(text)
    assert credscore.score_many([mac, text]).tolist() == [credscore.score(text)] * 2
    crlf = CLEAN.replace("\n", "\r\n")
    assert bodies([crlf], [None])[0] is crlf  # CRLF as it was
    found = {s.name for s in credscore.explain(mac).signals}
    assert "named_place" in found and found == {s.name for s in credscore.explain(text).signals}


def test_characters_that_print_as_nothing_do_not_hide_a_repeated_headline() -> None:
    """An audit (session 27): a variation selector (U+FE0F after an emoji, U+FE0E) or a combining grapheme
    joiner on the first line kept it from being read as the repeated headline; 60 of 64 titled articles
    moved. What the headline comparison drops is all the token steps drop (credscore._tokens.IGNORABLE)."""
    from credscore._body import _FORMAT
    from credscore._tokens import IGNORABLE

    assert all(_FORMAT.fullmatch(chr(c)) for lo, hi in IGNORABLE for c in range(lo, hi + 1))
    title = "Council passes the budget"
    for mark in ("\ufe0f", "\ufe0e", "\u034f", "\U000e0100", "\u180b"):
        text = f"Council pass{mark}es the bud{mark}get\n\n{CLEAN}"
        assert read_body(text, title).text == CLEAN, repr(mark)
        assert credscore.score(text, title) == credscore.score(CLEAN, title)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("The office did not respond to a request for\ncomment.\nThe council met.", True),  # a wrapped sentence's end
        ("The office had no answer, no\ncomment, and no date.\nThe council met.", True),
        ("The mayor had nothing to add,\ncomment.\nThe council met.", True),  # after a comma
        ("I\ncomment.\nThe council met.", True),  # the line before is one letter at the very start
        ("The mayor had nothing to add;\ncomment.\nThe council met.", False),  # a semicolon ends a clause
        ("The office did not respond.\ncomment\nThe council met.", False),  # after a full stop: furniture
        ("The office did not respond to a request for\nComments\nThe council met.", False),  # in capitals: furniture
        ("The office did not respond to a request for\n\ncomment\nThe council met.", False),  # after a blank line
    ],
)
def test_a_short_line_that_ends_a_wrapped_sentence_is_not_furniture(text: str, kept: bool) -> None:
    line = text.split("\n")[1] or text.split("\n")[2]
    assert (line in read_body(text).text) is kept


# --- quotation marks (session 30) --------------------------------------------------------------------------

_BRITISH = (
    "Judge Sarah Cole said the 54-year-old had shown \u2018a callous disregard for his victims\u2019. "
    "\u2018I was terrified,\u2019 said Maria Lopez, who lost her savings. "
    "\u2018We had no warning at all. You could not have known,\u2019 she told the County Court on Tuesday. "
    "Prosecutor Mark Hall said the scheme ran from 2017 to 2021 and took $2 million from 40 investors, "
    "and the teachers' union, which lost $300,000, said it welcomed the sentence. He won't appeal."
)


def test_single_quotation_marks_are_read_as_double_ones() -> None:
    from credscore._body import requote

    american = _BRITISH.replace("\u2018", "\u201c").replace("\u2019 ", "\u201d ").replace("\u2019.", "\u201d.")
    assert requote([_BRITISH]) == [american]  # apostrophes ("teachers'", "won't") keep theirs
    # Scare quotes (under four words, no sentence's punctuation inside) are a mark of their own: kept.
    scare = "The so-called \u2018experts\u2019 and their \u2018new normal\u2019 agree, 'Max' said 'no.' today"
    assert requote([scare]) == ["The so-called \u2018experts\u2019 and their \u2018new normal\u2019 agree, 'Max' said \"no.\" today"]
    assert requote(["a 'three word phrase' and a 'four word long phrase' end"]) == [
        "a 'three word phrase' and a \"four word long phrase\" end"]
    straight = _BRITISH.replace("\u2018", "'").replace("\u2019", "'")
    assert requote([straight]) == [american.replace("\u201c", '"').replace("\u201d", '"').replace("\u2019", "'")]
    for text in ('He said "it is \'fine and well, you know\' now" twice.', "'Unclosed quote\nhere' no", "Don't, won't, the teachers' union"):
        assert requote([text])[0] is text  # nested in double quotes; no pair in a line; apostrophes
    # A batch reads each text as alone: no pair runs from one text into the next.
    batch = ["'a", "b' and 'c.'", "x", _BRITISH]
    assert requote(batch) == [requote([t])[0] for t in batch]
    assert requote(batch)[1] == "b' and \"c.\""


def test_the_house_style_of_quoting_moves_no_score_and_spans_show_the_text_as_given() -> None:
    american = _BRITISH.replace("\u2018", "\u201c").replace("\u2019 ", "\u201d ").replace("\u2019.", "\u201d.")
    assert credscore.score(_BRITISH) == credscore.score(american)
    assert credscore.score_many([_BRITISH, american]).tolist() == [credscore.score(american)] * 2
    ex = credscore.explain(_BRITISH)
    assert ex.score == credscore.score(_BRITISH)
    assert ex.evidence and all(_BRITISH[e.start : e.end] == e.text for e in ex.evidence)
    assert any("\u2019" in e.text for e in ex.evidence)  # ",’ said Maria Lopez": the mark as written
    # The writer's own voice: "I" and "You" are quoted speech, not counted.
    assert not [e for e in ex.evidence if e.signal in ("first_person", "reader_address")]


# --- sentences repeated word for word (session 30) ----------------------------------------------------------

_GAMED = (
    "They do not want you to know the truth about the meters. Wake up and do your own research.\n\n"
    + '"This is a matter of public record," said Dr. John Smith, a professor at Oxford University, on Monday. '
)


def test_a_sentence_repeated_word_for_word_is_read_once() -> None:
    from credscore._body import repeated_sentences

    once = _GAMED
    many = _GAMED + _GAMED.split("\n\n")[1] * 9
    assert credscore.score(many) == credscore.score(once.rstrip() + " ")
    ex = credscore.explain(many)
    assert ex.score == credscore.score(many)
    assert sum(e.signal == "named_expert" for e in ex.evidence) == 1
    assert any(note.startswith("18 repeated sentences read once") for note in ex.notes)
    # A text written twice: the note names three sentences, cut short, not the whole copy (an audit: 101,674
    # characters for a 200 KB text).
    long = " ".join(f"Sentence number {i} of the report says the council voted on Monday." for i in range(400))
    note = next(n for n in credscore.explain(long + "\n" + long).notes if "repeated sentence" in n)
    assert note.startswith("400 repeated sentences read once") and note.endswith(" and 397 more") and len(note) < 500
    # The spans: every copy after the first, with the space after it, in characters (an accent before them).
    text = "Café. " + "The council voted on Monday to close the pool. " * 3 + "It reopens."
    spans = repeated_sentences([text, "x", text.replace("Café", "Cafe")])
    assert spans[0] == [(53, 100), (100, 147)] and spans[1] == [] and spans[2] == spans[0]
    assert [text[a:b] for a, b in spans[0]] == ["The council voted on Monday to close the pool. "] * 2


def test_short_sentences_and_near_copies_are_kept() -> None:
    from credscore._body import REPEAT_MIN_BYTES, repeated_sentences

    short = "x" * (REPEAT_MIN_BYTES - 2) + ". "
    exact = "y" * (REPEAT_MIN_BYTES - 1) + ". "
    assert repeated_sentences([short * 3]) == [[]]
    assert repeated_sentences([exact * 2]) == [[(REPEAT_MIN_BYTES + 1, 2 * REPEAT_MIN_BYTES + 2)]]
    near = "The council voted on Monday to close the pool. The council voted on Monday to close the pond. "
    same_sum = "The council voted on Monday to close the ab. The council voted on Monday to close the ba. "
    assert repeated_sentences([near, same_sum]) == [[], []]  # same length and byte sum: their bytes decide
    # One text's sentence is no copy of another text's.
    assert repeated_sentences(["The council voted on Monday to close the pool."] * 2) == [[], []]
    # Blanks at a sentence's ends are not its bytes: a line of 29 bytes ending "\r\n" (30 with its "\r"), or
    # after a second space, is too short (found by CI's hypothesis draw, ["aaaaa" + 8 ligatures] x 2 with "\r\n").
    line = "a" * 5 + "\ufb01" * 8
    assert len(line.encode()) == REPEAT_MIN_BYTES - 1
    assert repeated_sentences([f"{line}\r\n{line}\r\n", f"x.  {line}\n  {line}\n"]) == [[], []]
    assert repeated_sentences([f"{line}a\r\n{line}a\r\n"]) == [[(16, 32)]]  # with its line end


def test_sentences_end_at_any_mark_and_at_line_breaks() -> None:
    from credscore._body import repeated_sentences

    asked = "Who approved the budget for the pool? "
    shouted = "They closed the pool without a vote!!! "
    caption = "The pool on Elm Street, closed since May\n"
    text = asked + shouted + caption + asked + shouted + caption + "It reopens."
    spans = repeated_sentences([text])[0]
    assert [text[a:b] for a, b in spans] == [asked, shouted, caption]
    # A mark inside a word ends no sentence: "3.5" here, so the whole line is one sentence and no copy.
    line = "The budget rose 3.5 percent this year, the clerk said. "
    assert repeated_sentences([line + line.replace("3.5", "4.5")]) == [[]]


# --- share counters (session 31) ------------------------------------------------------------------------

_REPORT = ("The Senate voted 52-48 on Tuesday to pass the bill, according to the chamber's records. Senator Ann Lee "
           "said the measure would fund two hospitals, and the budget office said it would cost $4 billion.")


@pytest.mark.parametrize("counter", ["24.8k SHARES SHARE THIS STORY", "7.5k SHARES Facebook Twitter", "12k SHARES",
                                     "16505 SHARES SHARES FacebookTwitter GooglePinterestDiggLinkedin Reddit Stumbleupon",
                                     "2.2K Shares Facebook"])
def test_a_share_counter_line_is_furniture(counter: str) -> None:
    text = f"{counter}\n{_REPORT}"
    body = read_body(text)
    assert body.text == _REPORT and body.furniture == (counter,)
    assert credscore.score(text) == credscore.score(_REPORT)
    ex = credscore.explain(text)
    assert any(counter in note for note in ex.notes)
    assert all(text[e.start : e.end] == e.text for e in ex.evidence) and ex.evidence


def test_a_counter_glued_to_the_first_sentence_leaves_the_sentence() -> None:
    body = read_body("804 SHARES Share TweetThe Senate voted on Tuesday.\n8.9k SHARES SHARE THIS STORYIt passed.")
    assert body.text == "The Senate voted on Tuesday.\nIt passed."
    assert body.furniture == ("804 SHARES Share Tweet", "8.9k SHARES SHARE THIS STORY")


@pytest.mark.parametrize("text", ["300 shares of the company were sold on Monday.", "12 Shares Printing presses stopped.",
                                  "9 shares this year went to the fund.", "The fund sold 300 SHARES Facebook bought.",
                                  "1,000 shares were traded."])
def test_a_sentence_about_shares_is_body(text: str) -> None:
    assert read_body(text).text == text


def test_spans_alike_to_the_byte_have_the_same_sampled_key() -> None:
    from credscore._body import _sampled_key

    rng = np.random.default_rng(0)
    unit = rng.integers(0, 256, 5_000, dtype=np.uint8)
    data = np.concatenate([unit, unit])
    first = np.sort(rng.integers(0, 4_900, 3_000))
    last = np.minimum(first + rng.integers(8, 5_000, 3_000), 5_000)
    key = _sampled_key(data, first, last)
    assert key.tolist() == _sampled_key(data, first + 5_000, last + 5_000).tolist()
    assert 0 <= key.min() and key.max() < 65_536 and len(set(key.tolist())) > 2_500  # other spans mostly apart


# --- the rules' triggers (credscore._body._may_find) ---------------------------------------------------------

def _rules() -> list[tuple[int, Callable[[str], object]]]:
    from credscore import _body as b

    return [(b._MAY_SHARE, b.share_counters), (b._MAY_LABEL, b.label_lines), (b._MAY_EMBED, b.embed_credits),
            (b._MAY_CREDIT, b.photo_credits), (b._MAY_LIGATURE, lambda t: any(c in t for c in LIGATURES)),
            (b._MAY_DRESS, b._DRESSED.search)]


def _fields(body: credscore._body.Body) -> tuple[object, ...]:
    return body.text, body.gaps, body.headline, body.furniture, body.credits, body.repeats, body.spelled.tolist()


def _read_both(text: str, title: str | None) -> None:
    """The body of ``text`` read with the rules its triggers allow is the one every rule reads, and a rule
    that finds something in it has its trigger there."""
    from credscore._body import _LONE_CR, _MAY_ALL, _may_find, _read

    may = _may_find([text.encode("utf-8", "surrogatepass")])[0]
    assert _fields(_read(text, title, (), may)) == _fields(_read(text, title, (), _MAY_ALL))
    read = _LONE_CR.sub("\n", text)  # as _read reads it
    for bit, rule in _rules():
        assert not rule(read) or may & bit, (bit, text)


def test_the_other_cases_are_every_character_ignorecase_reads_as_an_ascii_letter() -> None:
    import re

    from credscore._body import _OTHER_CASES

    every = "".join(map(chr, range(0x110000)))
    for c in "abcdefghijklmnopqrstuvwxyz":
        assert set(re.findall(c, every, re.IGNORECASE)) == {c, c.upper(), *_OTHER_CASES.get(c, "")}, c


def test_every_dressing_character_and_ligature_is_a_trigger() -> None:
    from credscore._body import _DRESSED, _MAY_DRESS, _MAY_LIGATURE, _may_find

    dressing = _DRESSED.findall("".join(map(chr, range(0x110000))))
    assert len(dressing) > 200
    assert all(may & _MAY_DRESS for may in _may_find([c.encode("utf-8", "surrogatepass") for c in dressing]))
    assert all(may & _MAY_LIGATURE for may in _may_find([c.encode() for c in LIGATURES]))


@pytest.mark.parametrize("text", [
    "24.8k SHARES SHARE THIS STORY\nThe Senate met.", "804 \u017fHARES Share TweetAnd it voted.", "1\u0663 \u017fHARE\nx",
    "The council voted.\nRead more: Mayor defends the budget\nIt met.", "SEE ALSO | Pools close", "Home \u00bb News",
    "\u0130MAGE: Protesters gather", "Related stories \u2014 Pools close", "Editor\u2019s Pic\u212a: x", "x\n* More \u00bb x",
    "Vote early! \u2014 Jane Doe (@janedoe) March 4, 2024\nThe polls opened.",
    "The mayor spoke. (Photo by Jane Smith/AFP via Getty Images)\nShe left.", "Crowds gathered. REUTERS/Kevin Lamarque",
    "(AP Photo/Evan Vucci)", "Jane Smith/ \tReuters\nx", "Zhang Peng/LightRocket via Getty Images", "o\ufb03cial",
    "x\n<p>Read more</p>\nx", "x\n\uff32\uff45\uff41\uff44 \uff4d\uff4f\uff52\uff45\nx", "x\rRead more: Pools close\rx\r",
])
def test_a_text_a_rule_finds_something_in_holds_its_trigger(text: str) -> None:
    from credscore._body import _LONE_CR

    assert any(rule(_LONE_CR.sub("\n", text)) for _, rule in _rules())
    _read_both(text, None)


_PIECES = ["\n", "\r", " ", "\t", "24", "1.5k", "\u0663", "SHARES", "\u017fhare", "Share", "Tweet", "Read more", "MORE", ":",
           "\u00bb", " - ", "\u2014", "Home", "(@jane)", "March 4, 2024", "/", "AFP", "Reuters", "REUTERS", "Photo", "AP",
           "Getty Images", "via", "Jane Smith", "\ufb01", "<p>", "&amp;", "By", "Updated", "Advertisement", "\u212a",
           "\u0130", "image", "caption", "x", "Budget passes", "#", "\u00e9"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join), st.sampled_from([None, "Budget passes", "!!!"]))
def test_the_rules_a_text_holds_no_trigger_for_find_nothing_in_it(text: str, title: str | None) -> None:
    _read_both(text, title)
    assert bodies([text], [title]) == [read_body(text, title).text]


def test_a_hyperscan_build_that_may_miss_matches_runs_every_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    import hyperscan

    import credscore._engine
    from credscore import _body as b

    assert b._MISSING_MATCHES_FROM == credscore._engine._MISSING_MATCHES_FROM
    monkeypatch.setattr(hyperscan, "__version__", "0.9.1")
    b._trigger_database.cache_clear()
    try:
        assert b._may_find([b"plain", b""]) == [b._MAY_ALL, b._MAY_ALL]
    finally:
        monkeypatch.undo()
        b._trigger_database.cache_clear()
    assert b._may_find([b"plain", b""]) == [0, 0]


@pytest.mark.corpora
def test_the_triggers_leave_every_shared_article_as_every_rule_reads_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import json
    from pathlib import Path

    from credscore import _body as b
    from credscore._corpora import find_data_dir

    data = find_data_dir()
    if data is None:
        pytest.skip("shared corpora not found (set CREDSCORE_DATA)")
    rows = [json.loads(line) for path in sorted(Path(data, "corpora").glob("*/articles.jsonl"))
            for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]
    texts, titles = [r["text"] for r in rows], [r.get("title") or None for r in rows]
    may = b._may_find([t.encode("utf-8", "surrogatepass") for t in texts])
    for bit, rule in _rules():
        missed = [i for i, t in enumerate(texts) if not may[i] & bit and rule(b._LONE_CR.sub("\n", t))]
        assert not missed, (bit, missed[:5])
    got = bodies(texts, titles)
    monkeypatch.setattr(b, "_may_find", lambda encoded: [b._MAY_ALL] * len(encoded))
    assert got == bodies(texts, titles)


# --- the page's own lines: bylines, time stamps, links, share bars (session 32) ------------------------------

_LINK = ("Read more: 'We have a depression on our hands': The chief investment officer of a bearish fund says the "
         "market will grind to new lows")


@pytest.mark.parametrize("line", [
    "Updated: 3:45 p.m. ET, March 4, 2024", "Last updated March 4, 2024 3:45 p.m.", "Published March 4, 2024",
    "Updated at 11:31 p.m. ET", "10:06 PM - 26 Dec 2016", "Date: 2023-09-19", "Posted 2 hours ago",
    "Tuesday, 4th of March 2024", "July 1918", "Sept. 15 at 3:02 p.m. EDT", "By Jane Smith", "By JANE SMITH, Associated Press", "By: Virginia Kruta",
    "by Dr. Jane Smith, MD", "Posted by John Prager on 20 Sep 2016", "By Jane Smith and Li Wei | March 4, 2024",
    "By Jane Smith and Li Wei and Ann Lee",
    "By Rudy Takala, Mediate, May 21st, 2020, 4:44 pm", "Read more: Mayor defends the budget",
    "RELATED: Pools close for the summer", "(MORE: Study finds the budget grew)", "See also | Pools close",
    "Trending: Mayor defends the budget", _LINK, "Image: Protesters gather outside the courthouse on Tuesday.",
    "VIDEO: The mayor speaks", "(GRAPHIC: Where the budget goes - here)", "Home \u00bb News \u00bb Politics", "Share this: Facebook Twitter Email Print", "Facebook Twitter Pinterest",
])
def test_a_page_line_is_left_out(line: str) -> None:
    assert len(_LINK) > 106  # longer than any furniture line: link lines are found by a pass of their own
    for text, kept in ((f"{line}\n{_REPORT}", _REPORT), (f"{_REPORT}\n{line}\n{P1}", f"{_REPORT}\n{P1}"),
                       (f"{_REPORT}\n{line}", f"{_REPORT}\n")):
        body = read_body(text)
        assert body.text == kept and body.furniture == (line,)
        assert credscore.score(text) == credscore.score(kept)
    ex = credscore.explain(f"{line}\n{_REPORT}")
    assert any(line in note for note in ex.notes)


@pytest.mark.parametrize("text", [
    "By Monday, the council had voted.", "By then, the CIA calculated the country would be a wreck.",
    "By September deaths from the vaccine were being investigated.", "By June 1, Redfield said, more had died.",
    "By the criminals and thugs.", "More than 300 people came.", "Watch the video below.",
    "Related stories appeared in the press on Monday.", "March madness returns on Friday.",
    "Updated guidance came on March 4, 2024, officials said.", "Share your thoughts on Facebook and Twitter.",
    "May 4 was the day it happened, and 3:45 p.m. the hour.", "Published by Penguin, the book sold well.",
    "By Jane Smith | the pool closes on Monday",  # a byline, but not only page lines
    "By A. Lee | May 1 | May 2 | May 3 | May 4",  # more pieces than a page's line has (_MOST_PIECES): read whole
    "Picture this: a city without a pool.", "Video games sold well on Monday.", "Home prices rose 3 percent.",
])
def test_a_sentence_shaped_like_a_page_line_is_body(text: str) -> None:
    for t in (text, f"{_REPORT}\n{text}\n{P1}"):
        assert read_body(t).text == t


def test_a_lower_case_link_line_that_ends_a_wrapped_sentence_is_body() -> None:
    text = "The mayor asked residents to\nwatch: the council votes on Monday."
    assert read_body(text).text == text


@pytest.mark.parametrize("post, credit", [
    ("Polls open at 7 a.m. pic.twitter.com/AbC123xyz", "\u2014 Jane Doe (@janedoe) March 4, 2024"),
    ("Polls open at 7 a.m.", "\u2014Dr. Robert R. Redfield (@CDCDirector) May 15, 2020"),
    ("Polls open at 7 a.m.", "-- Jane Doe (@janedoe) March 4, 2024"),  # the dash as text folded to ASCII writes it
    ("Dinner is served.", "A post shared by Bronx Night Market (@bronxnightmarket) Apr 5, 2020 at 3:00pm PDT"),
    ("Dinner is served.", "A post shared by Jane Doe (@janedoe) on Mar 4, 2024 at 3:45pm PST"),
    # a post longer than the read-back reach: the line's start is not read, and the post stays whole
    ("The council met for six hours on Monday and voted to keep the pool open through the summer, the mayor said.",
     "\u2014 Jane Doe (@janedoe) March 4, 2024"),
])
def test_an_embedded_posts_attribution_is_left_out_and_its_words_stay(post: str, credit: str) -> None:
    for text, kept in ((f"{_REPORT}\n{post}\n{credit}\n{P1}", f"{_REPORT}\n{post}\n{P1}"),
                       (f"{_REPORT}\n{post} {credit}\n{P1}", f"{_REPORT}\n{post} \n{P1}")):
        body = read_body(text)
        assert body.text == kept and body.furniture == (credit,)
        assert credscore.score(text) == credscore.score(kept)


@pytest.mark.parametrize("text", [
    "Jane Doe (@janedoe) March 4, 2024 was the day she posted it.",  # no dash before the name
    "The account \u2014 run by the campaign (@campaign) \u2014 posted on March 4, 2024.",  # no date after the handle
    "\u2014 Jane (Doe) Smith (@jdoe) March 4, 2024",  # brackets in the name: not a display name as printed
    "\u2014 the campaign (an account) said Jane Doe (@jdoe) March 4, 2024",
    "\u2014 the post (see above, Jane Doe (@jdoe) March 4, 2024",
    "\u2014 " + "x" * 70 + " (@jdoe) March 4, 2024",  # longer than any display name
])
def test_a_handle_without_an_attributions_shape_is_body(text: str) -> None:
    assert read_body(f"{_REPORT}\n{text}").text == f"{_REPORT}\n{text}"


def test_reading_attributions_back_is_linear_in_the_text() -> None:
    """Each attribution's opener is read back a bounded way on its line (a line of a megabyte of attributions
    once read back to the line's start for each: 15x the time of news per byte)."""
    from credscore._body import embed_credits

    read: list[int] = []

    class Counted(str):
        def rfind(self, sub: str, start: int | None = None, end: int | None = None) -> int:  # type: ignore[override]
            read.append((len(self) if end is None else end) - (start or 0))
            return super().rfind(sub, start, end)

    unit = "\u2014 A (@a) May 1, 2020 "
    for k in (1_000, 4_000):
        read.clear()
        found = embed_credits(Counted(unit * k))
        assert len(found) == k
        assert sum(read) <= 4 * 100 * k  # a few reads of at most about 100 characters each


def _python_events(fn: Callable[[], object]) -> int:
    """The Python-level calls and generator resumptions ``fn`` makes (a machine-independent cost: no
    timing), counted with :func:`sys.setprofile`."""
    events = 0

    def count(frame: object, event: str, arg: object) -> None:
        nonlocal events
        events += event == "call"

    sys.setprofile(count)
    try:
        fn()
    finally:
        sys.setprofile(None)
    return events


def _furniture_and_ligatures(n: int) -> str:
    """``n`` short paragraphs, each with a ligature, a signal and a furniture line after it: as many gaps
    and ligatures as spans."""
    return "".join(f"Item {i}: Sources said the \ufb01le was \ufb02awed.\nRead more\n" for i in range(n))


def _place_all(n: int) -> None:
    """Read a text of ``n`` paragraphs and place each of its body's characters back in it, as explain
    places the spans it finds."""
    body = read_body(_furniture_and_ligatures(n))
    for i in range(len(body.text)):
        body.place(i)


@pytest.mark.parametrize("step", [lambda n: read_body(_furniture_and_ligatures(n)), _place_all], ids=["read_body", "place"])
def test_placing_spans_and_ligatures_is_linear_in_gaps(step: Callable[[int], object]) -> None:
    """An audit (session 35): placing each span walked every gap before it, and each gap every ligature
    before it, so a text of many furniture lines, repeats or ligatures explained in time ~ spans x gaps
    (40,000 "Read more" lines: 41 s for 2.6 MB) and scored in ~ gaps x ligatures. Doubling the text must
    no more than double the Python work (counted, not timed)."""
    small, large = (_python_events(lambda n=n: step(n)) for n in (400, 800))
    assert large <= 2.3 * small, (small, large)


def test_ligatures_and_gaps_are_placed_on_a_long_text() -> None:
    """The spans of a long text with furniture and ligatures index it as given."""
    text = _furniture_and_ligatures(3000)
    body = read_body(text)
    assert body.text.count("Read more") == 0 and "\ufb01" not in body.text and len(body.spelled) == 6000
    spans = [e for r in credscore.explain(text).signals for e in r.spans]
    assert all(text[e.start:e.end] == e.text for e in spans)
    sources = [e.start for e in spans if e.signal == "anonymous_sourcing"]  # the first 1,000 listed
    assert sources == [text.index(f"Item {i}: ") + len(f"Item {i}: ") for i in range(1000)]
    placed = [body.place(i) for i in range(0, len(body.text), 7)]
    assert placed == sorted(placed) and all(
        _reads_as(text[p], body.text[i]) for p, i in zip(placed, range(0, len(body.text), 7)))


def _spelled_one_by_one(body: str, gaps: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]], list[int]]:
    """What ``_spell_ligatures`` gives, a character at a time: the oracle."""
    out, spelled, moved = [], [], []
    gap = iter(gaps)
    nxt = next(gap, None)
    for i, c in enumerate(body):
        while nxt is not None and nxt[0] <= i:
            moved.append((len("".join(out)), nxt[1]))
            nxt = next(gap, None)
        at = len("".join(out))
        letters = LIGATURES.get(c, c)
        spelled += range(at + 1, at + len(letters))
        out.append(letters)
    text = "".join(out)
    moved += [(len(text), n) for _, n in ([nxt] if nxt else []) + list(gap)]
    return text, moved, spelled


@pytest.mark.parametrize("block, four_bytes", [(5, 10**9), (1 << 20, 10**9), (3, 0)], ids=["small blocks", "one block", "8-byte offsets"])
def test_ligatures_are_spelled_a_block_at_a_time(monkeypatch: pytest.MonkeyPatch, block: int, four_bytes: int) -> None:
    """Ligatures are read a block of code points at a time and their offsets kept in 4 bytes where they fit
    (10 M ligatures: explain() +373 -> +192 MB): blocks cut anywhere, through a run of them, and 8-byte
    offsets give what spelling them one by one gives."""
    from credscore import _body

    monkeypatch.setattr(_body, "_SPELL_BLOCK", block)
    monkeypatch.setattr(_body, "_SPELLED_IN_4_BYTES", four_bytes)
    body = "o\ufb03ce \ufb01le \ufb00\ufb04\ufb02\ufb05\ufb06 x\ud800 \ufb01" * 3 + "\ufb03"
    gaps = [(0, 2), (4, 1), (17, 3), (30, 5), (len(body), 4)]
    text, moved, spelled = _body._spell_ligatures(body, gaps)
    assert (text, moved, spelled.tolist()) == _spelled_one_by_one(body, gaps)
    assert spelled.dtype == (np.int32 if four_bytes else np.int64)


def test_scores_spell_ligatures_as_explain_reads_them() -> None:
    """score() reads a body's text alone (its ligatures spelled out without the offsets that place them):
    the same text explain's body holds, whatever is left out around them."""
    from credscore._body import bodies

    texts = ["Title\n\nThe \ufb01le was o\ufb03cial.\nRead more\nIt \ufb02owed, \u2018she said\u2019.", "\ufb01" * 50]
    assert bodies(texts, ["Title", None]) == [read_body(t, title).text for t, title in zip(texts, ["Title", None])]
    assert credscore.score_many(texts, titles=["Title", None]).tolist() == [
        credscore.explain(t, title).score for t, title in zip(texts, ["Title", None])]


def test_left_out_spans_merge_when_they_overlap_touch_or_nest() -> None:
    # three lists (lines, credits, repeats), out of order: overlapping, touching and nested spans are one gap
    merged = credscore._body._merged([(0, 5), (10, 12)], [(3, 8), (21, 22)], [(8, 9), (20, 30), (40, 41)])
    assert merged == [(0, 9), (10, 12), (20, 30), (40, 41)]
