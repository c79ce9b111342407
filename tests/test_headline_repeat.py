"""A headline repeated at the top of the text is read once, as the title.

Scraped articles often carry the headline twice: as ``title`` and as the
first line of ``text``. Session 24 measured what reading it twice did (a mean
score shift of 0.013 and 3.5 % of verdicts changed on the shared corpora's
articles that do it); now every path reads such a text as its body alone:
``score``, ``score_many``, ``explain`` (spans still placed in the text as
given), ``risk_levels``, ``FeatureExtractor`` and training (``featurize``).
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import credscore
from credscore._body import bodies, headline_key, headline_repeat, read_body
from credscore._features import feature_matrix, featurize

TITLE = "Council passes the budget after a long night"
BODY = (
    "Sources said the council passed the budget on Monday, allegedly after a private deal with the unions. "
    "The mayor dismissed the reports as baseless. \"We followed every rule,\" said Maria Lopez, a professor "
    "at Stanford University, who reviewed the plan. The budget runs to 4,200 pages and takes effect in "
    "January 2026, according to documents released by the city clerk."
)


@pytest.mark.parametrize(
    "text",
    [
        f"{TITLE}\n\n{BODY}",
        f"  {TITLE}\r\n{BODY}",
        f"{TITLE.upper()}\n{BODY}",
        f"{TITLE.replace(' ', '   ')}\n\n{BODY}",
        f"{TITLE}\n{TITLE}\n\n{BODY}",  # the headline twice (a page's meta title and its h1)
        # Its words, whatever the markup or typography around them (an audit of session 26: each of these
        # was read as body).
        f"# {TITLE}\n\n{BODY}",
        f"**{TITLE}**\n{BODY}",
        f"<h1>{TITLE}</h1>\n{BODY}",
        f"<h1 class=\"headline\"><a href=\"/budget\">{TITLE}</a></h1>{BODY}",  # the heading ends the line
        TITLE.replace("long", "lo\u200bng") + f"\n{BODY}",
        f"{TITLE.replace(' ', '&nbsp;', 1)}.\n{BODY}",
        TITLE.replace("after", "after\n") + f"\n\n{BODY}",  # wrapped over two lines
    ],
)
def test_a_repeated_headline_is_not_read_as_body(text: str) -> None:
    assert text[headline_repeat(text, TITLE):] == BODY
    assert credscore.score(text, TITLE) == credscore.score(BODY, TITLE)
    got = credscore.score_many([{"text": text, "title": TITLE}, {"text": BODY, "title": TITLE}])
    assert got[0] == got[1] == credscore.score(BODY, TITLE)
    assert np.array_equal(credscore.FeatureExtractor().transform([{"text": text, "title": TITLE}]),
                          feature_matrix([BODY], [TITLE]))


def test_how_long_a_line_may_be_and_still_repeat_the_headline() -> None:
    """A line is read for the headline's words when it is at most twice the headline's length plus 64
    characters, or longer only for markup, references or whitespace runs, and when it ends within 3 x the
    headline's length plus 320 characters (mutation run 29 found these bounds untested)."""
    width = 2 * len(TITLE) + 64
    shouted = TITLE + "!" * (width - len(TITLE))  # the headline's words and punctuation only
    assert len(shouted) == width
    assert headline_repeat(f"{shouted}\n{BODY}", TITLE) == len(shouted) + 1
    assert headline_repeat(f"{shouted}!\n{BODY}", TITLE) == 0  # one more: body, without reading its words
    dressed = f'<div class="{"headline " * 30}">{TITLE}</div>'  # long for its markup: read
    assert len(dressed) > width + 1 and headline_repeat(f"{dressed}\n{BODY}", TITLE) == len(dressed) + 1
    window = 3 * len(TITLE) + 320
    spaced = TITLE.replace(" ", " " * 40, 1)
    spaced = spaced.replace(" " * 40, " " * (40 + window - 1 - len(spaced)), 1)  # the line break is the window's last
    assert len(spaced) == window - 1 and headline_repeat(f"{spaced}\n{BODY}", TITLE) == window
    assert headline_repeat(f"{spaced} \n{BODY}", TITLE) == 0  # its line break past the window


def test_furniture_on_the_headings_line_after_it_is_left_out_too() -> None:
    """``<h1>Headline</h1>Advertisement`` then the body: the furniture line was read whole before the heading
    was cut, so its rest stayed as body (5 of 266 shared articles so written moved, "En Español", "Ad")."""
    for after in ("Advertisement", "En Espa\u00f1ol", " Read more: "):
        text = f"<h1>{TITLE}</h1>{after}\n\n{BODY}"
        body = read_body(text, TITLE)
        assert body.text == BODY and body.headline and body.furniture == (after.strip(),)
        assert credscore.score(text, TITLE) == credscore.score(BODY, TITLE)
        assert [text[body.place(i)] for i in range(len(body.text))] == list(BODY)
    text = f"<h1>{TITLE}</h1>Advertisement follows the story\n{BODY}"  # a sentence: body
    assert read_body(text, TITLE).text == f"Advertisement follows the story\n{BODY}"


def test_a_headline_with_its_standfirst_is_one_repeat() -> None:
    title = f"{TITLE}\n\nThe vote came at dawn"
    text = f"{TITLE}\n\nThe vote came at dawn\n\n{BODY}"
    assert text[headline_repeat(text, title):] == BODY
    assert text[headline_repeat(text, TITLE):] == f"The vote came at dawn\n\n{BODY}"  # the standfirst is body here
    # The headline's lines, and a line that only begins with the standfirst: no repeat, nothing cut.
    assert headline_repeat(f"{TITLE}\n\nThe vote came at dawn {BODY}", title) == 0
    assert headline_key("<p>Don\u2019t&#8217;s</p>") == headline_key("don't's") == "don t s"


def test_reading_it_twice_would_change_the_score() -> None:
    """The test above can fail: the repeat, read as body, moves the score."""
    text = f"{TITLE}\n\n{BODY}"
    assert credscore.score(text) != credscore.score(BODY)


@pytest.mark.parametrize(
    "text",
    [
        f"{TITLE} and the mayor\n{BODY}",  # a line that only begins with the headline
        f"{TITLE} {BODY}",  # the headline run into the first sentence: those may be the body's own words
        f"Breaking\n{TITLE}\n{BODY}",  # not at the top
        f"{TITLE}{' ' * 200}and the mayor\n{BODY}",  # the line goes on after a long run of spaces
        f"\n  {BODY}",  # leading whitespace alone is no headline
        f"<h1>Budget news</h1><p>{TITLE}</p>\n{BODY}",  # another heading
        f"{TITLE.split(' after')[0]}\n\n{BODY}",  # the headline's first words alone
        BODY,
    ],
)
def test_text_that_does_not_repeat_the_headline_is_read_whole(text: str) -> None:
    assert headline_repeat(text, TITLE) == 0
    assert bodies([text], [TITLE])[0] is text


# A title of no words is repeated by no line; CI found it looping for ever on an empty text (session 26):
# the time limit makes a loop a failure here, not a hung run (pytest-timeout's own alarm: an alarm of the
# test's had cancelled it).
@pytest.mark.timeout(60)
def test_no_title_or_a_blank_one_cuts_nothing() -> None:
    text = f"{TITLE}\n\n{BODY}"
    assert headline_repeat(text, None) == headline_repeat(text, "") == headline_repeat(text, " \n") == 0
    for title in ("!!!", " - ", "<h1></h1>", "**"):
        for body in ("", " ", "---", "---\n", "\n\n", f"{title}\n{BODY}", BODY):
            assert headline_repeat(body, title) == 0
    assert credscore.score(text, None) == credscore.score(text, "  ")


def test_explain_places_spans_in_the_text_as_given() -> None:
    text = f"{TITLE}\n\n{BODY}"
    ex = credscore.explain(text, TITLE)
    plain = credscore.explain(BODY, TITLE)
    cut = len(text) - len(BODY)
    assert ex.score == credscore.score(text, TITLE) == plain.score
    spans = [e for s in ex.signals for e in s.spans if e.field == "text"]
    assert spans and all(text[e.start:e.end] == e.text for e in spans)
    assert sorted((e.start - cut, e.end) for e in spans) == sorted(
        (e.start, e.end + cut) for s in plain.signals for e in s.spans if e.field == "text"
    )
    assert any("opens with its headline" in n and f"first {cut} characters" in n for n in ex.notes), ex.notes
    assert not any("headline" in n for n in plain.notes)


def test_a_text_that_is_only_its_headline_has_nothing_to_judge() -> None:
    title = "Sources said the mayor allegedly took bribes from the unions and he denied it all"
    docs = [{"text": title * 1, "title": title}, {"text": title, "title": None}]
    s = credscore.score_many(docs)
    ex = credscore.explain(title, title)
    assert s[0] == ex.score == credscore.default_model().prior
    assert ex.risk == "unknown"
    assert credscore.risk_levels(docs, s).tolist()[0] == "unknown"
    # Without the title the same words are a (short) body: judged or not, they were read.
    assert credscore.explain(title).words > 0 and ex.words == 0


def test_risk_levels_reads_the_body_after_the_headline() -> None:
    """Title + a body too short to judge: the score is the prior, and risk_levels says unknown as explain does
    (reading the whole text, headline and all, it would count enough words to call it medium)."""
    title = " ".join(["The council met on Monday to pass the city budget for the coming year"] * 2)
    text = f"{title}\n\nIt passed."
    s = credscore.score_many([{"text": text, "title": title}])
    assert s[0] == credscore.default_model().prior
    assert credscore.explain(text, title).risk == "unknown"
    assert credscore.risk_levels([{"text": text, "title": title}], s).tolist() == ["unknown"]
    # As score_many takes them: titles= beside the texts (an audit found risk_levels had no such parameter,
    # and the README's Dask example read the whole text, headline and all, and said "medium").
    assert credscore.score_many([text], titles=[title]).tolist() == s.tolist()
    assert credscore.risk_levels([text], s, titles=[title]).tolist() == ["unknown"]
    assert credscore.risk_levels([text], s).tolist() == ["medium"]  # without its title: a body long enough
    with pytest.raises(ValueError, match="one entry per text"):
        credscore.risk_levels([text], s, titles=[title, title])


def test_training_reads_the_body_alone() -> None:
    f = featurize([f"{TITLE}\n\n{BODY}", BODY], [TITLE, TITLE])
    assert np.array_equal(f.X[0], f.X[1]) and f.words[0] == f.words[1]
    assert all(np.array_equal(a, b) for a, b in zip(f.ngrams[0], f.ngrams[1]))


lines = st.text(st.sampled_from("ab A\t\r!-#*<>/"), max_size=12)  # punctuation and markup too: titles of no words


@settings(max_examples=300, deadline=None)
@given(title=lines, parts=st.lists(st.one_of(lines, st.just("AB a")), max_size=5), seps=st.sampled_from(["\n", "\r\n", "\n\n"]))
def test_the_cut_is_idempotent_and_takes_only_whole_headline_lines(title: str, parts: list[str], seps: str) -> None:
    text = re.sub(r"\r(?!\n)", "\n", seps.join(parts))  # as read_body reads a lone carriage return: a line break
    cut = headline_repeat(text, title)
    body = text[cut:]
    assert headline_repeat(body, title) == 0  # all of the repeats, in one cut
    assert bodies([body], [title])[0] is body
    if cut:
        # The lines taken hold the headline's words, once or more (a repeat may be wrapped over lines), and
        # the cut falls at a line's end (and the whitespace after it).
        want = headline_key(title).split()
        taken = " ".join(headline_key(line) for line in text[:cut].split("\n")).split()  # line by line, as read
        assert want and taken == want * (len(taken) // len(want))
        assert not body[:1].isspace() and (cut == len(text) or "\n" in text[:cut][-len(seps) - len(text):].lstrip(" \tAab"))
        assert text[:cut].rstrip(" \t\r\n") == text[:cut].rstrip(" \t\r\n") and text[cut - 1].isspace() or cut == len(text)


def test_the_notes_read_the_body() -> None:
    """Whether the body is English, or written in lower case, is told from the body, as its score is."""
    title = ("The council met on Monday to pass the city budget for the coming year, and the mayor said the vote "
             "was fair and open to all of the people who came")
    german = " ".join([("Der Stadtrat hat am Montag den Haushalt beschlossen, und der Bürgermeister sagte, "
                       "die Abstimmung sei fair gewesen.")] * 3)
    ex = credscore.explain(f"{title}\n\n{german}", title)
    assert ex.risk == "unknown" and any("does not look like English" in n for n in ex.notes)
    lower = ("the council met on monday to pass the city budget, and the mayor said the vote was fair. the budget "
             "funds two new libraries and a pool. opponents said the costs were too high for the city, and a "
             "resident who spoke at the meeting asked the council to publish every figure before the next vote.")
    ex = credscore.explain(f"Council Passes Budget\n\n{lower}", "Council Passes Budget")
    assert any("no capital" in n or "lower" in n for n in ex.notes), ex.notes


# Session 36's mutation check (run 39): a test for each survivor that could change behaviour.


def test_furniture_after_a_heading_longer_than_a_furniture_line_is_left_out() -> None:
    title = ("Council passes the budget after a long night of talks that ran past midnight and into the "
             "small hours of Tuesday morning")
    assert len(f"<h1>{title}</h1>") > 106  # past _LONGEST
    text = f"<h1>{title}</h1>Advertisement\n\n{BODY}"
    body = read_body(text, title)
    assert body.text == BODY and body.headline and body.furniture == ("Advertisement",)
    short = "The council voted the budget through."
    body = read_body(f"<h1>Budget passes</h1>Advertisement\n{short}", "Budget passes")
    assert body.text == short and body.furniture == ("Advertisement",)
