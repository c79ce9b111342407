r"""What of a text is read as the article's body.

A scraped article carries more than its body: its headline again at the top,
and page furniture between the paragraphs ("Advertisement", "Read more",
"Share this article", "Story continues below"). Read as body, they move a
score for reasons that have nothing to do with the article (one "Read more"
line after every paragraph of 300 shared articles raised their scores by 0.10
on average), and a model trained on them learns a publisher's boilerplate
instead of how its articles are written. So before any signal, column or
n-gram reads a text, :func:`read_body` leaves out

* the leading lines that repeat the headline (:func:`headline_repeat`), and
* every line that is page furniture and nothing else: one of
  :data:`FURNITURE`, letter case, whitespace runs, bullets and the
  punctuation around it aside (:func:`furniture_key`). A sentence that only
  mentions such words ("Read more about the study in the journal.") is body.
* photo credits wherever they are ("(Photo by Jane Smith/AFP via Getty
  Images)", "REUTERS/Kevin Lamarque": :func:`photo_credits`): they say who
  took a picture, not where the reporting came from.
* every copy of a sentence written earlier in the text, word for word
  (:func:`repeated_sentences`): it says nothing new.
* a page's share counter opening a line ("24.8k SHARES SHARE THIS STORY":
  :func:`share_counters`), listed with the furniture lines.
* the page's own lines, listed with the furniture lines too: bylines
  ("By Jane Smith"), time stamps ("Updated: 3:45 p.m. ET, March 4, 2024"),
  rows of share buttons (:func:`_is_page_line`), links to other stories,
  captions and breadcrumbs that a label opens ("Read more: <headline>",
  "Image: ...", "Home » News": :func:`label_lines`).

and spells out the typographic ligatures text taken from a PDF keeps
(:data:`LIGATURES`: "o\ufb03cial" is read "official"), and reads a quote of
speech in single quotation marks as one in double marks (:func:`requote`:
‘We won,’ she said reads as “We won,” she said; scare quotes keep their
marks), so that a house style of quoting moves no score.

The body is a new string; :class:`Body` places each of its offsets back in
the text as given, so :func:`credscore.explain`'s spans index that text.

>>> b = read_body("Budget passes\n\nThe council voted.\nAdvertisement\nIt met at noon.", "Budget passes")
>>> b.text
'The council voted.\nIt met at noon.'
>>> b.place(19), b.headline, b.furniture
(48, True, ('Advertisement',))
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import html
import itertools
import re
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    import hyperscan

__all__ = ["FURNITURE", "LIGATURES", "Body", "bodies", "furniture_key", "headline_key", "headline_repeat", "read_body"]

#: Lines a web page puts between or around an article's paragraphs that are not the article: advertising
#: slots, reading and sharing prompts, navigation. Each entry is a whole line as :func:`furniture_key` reads
#: it. Kept to lines that no article writes as a paragraph of its own; section labels ("Opinion") are not
#: here: they can say something about the article (bylines, time stamps, share bars and labelled lines are read
#: by shape, :func:`_is_page_line` and :func:`label_lines`; photo credits are left out wherever they are:
#: :func:`photo_credits`).
FURNITURE: frozenset[str] = frozenset(
    " ".join(w.split())
    for w in """advertisement|advertisements|advertising|ad|ads|sponsored|sponsored content|paid content|
    advertisement continue reading the main story|continue reading the main story|continue reading|
    continue reading below|continue reading below advertisement|story continues below|story continued below|
    story continues below advertisement|article continues below|article continues below advertisement|
    content continues below|scroll to continue with content|skip advertisement|skip ad|
    take our poll story continues below|read more|read more here|read more below|read the full story|
    read full story|read full article|read the full article|read more about him|read more about her|
    read later|add to favourites|add to favorites|add to collection|
    related|related articles|related stories|related content|related coverage|related posts|related links|
    more stories|more on this story|recommended|recommended for you|recommended stories|you may also like|
    you might also like|trending|trending now|most popular|most read|
    share|share this|share this article|share this story|share this post|share this page|share on facebook|
    share on twitter|share on linkedin|share via email|share by email|tweet|email|e-mail|print|
    print this article|print this page|comments|comment|leave a comment|view comments|show comments|
    click here|click to expand|sign up|subscribe|subscribe now|sign up for our newsletter|
    subscribe to our newsletter|sign up for our daily newsletter|follow us on twitter|follow us on facebook|
    follow us|like us on facebook|back to top|skip to main content|loading|watch|watch now|listen|
    listen to this article|en español|en espanol|advertisement scroll to continue|embedded content|
    enter your email|enter your email address|thank you for subscribing|thanks for subscribing|
    subscribe to our youtube channel""".replace("\n", "").split("|")
)

#: Longest line read as possible furniture (characters, before its edges are stripped).
_LONGEST = 2 * max(len(w) for w in FURNITURE) + 16

#: What may stand around a furniture line's words: whitespace, bullets, arrows, brackets and punctuation
#: ("[Advertisement]", "↓ Continue reading below", "READ MORE:", "Share this:", "Loading...").
_EDGE = " \t\r\n\f\v\u00a0\u200b\ufeff•·▪►▶▸→←↓↑»«›‹|:;.,…!?-–—*#>()[]{}\"'“”‘’"


def _head(line: str) -> str:
    """The first three characters of ``line`` past its leading edge, without edge characters after them,
    case folded: a line's head is an entry's when the line is that entry (:func:`furniture_key`)."""
    return line.lstrip(_EDGE)[:3].rstrip(_EDGE).casefold()


#: The heads of the entries of :data:`FURNITURE` (:func:`_head`): a line with another head is none.
_HEADS = frozenset(map(_head, FURNITURE))


def furniture_key(line: str) -> str:
    """``line`` as :data:`FURNITURE` lists it: its edges (:data:`_EDGE`) stripped, whitespace runs and
    hyphens between words as one space, case folded.

    >>> furniture_key("  ↓ Continue   reading BELOW: "), furniture_key("[Advertisement]")
    ('continue reading below', 'advertisement')
    >>> furniture_key("Take Our Poll - Story Continues Below")
    'take our poll story continues below'
    """
    words = line.strip(_EDGE).replace(" - ", " ").replace(" – ", " ").replace(" — ", " ")
    return " ".join(words.split()).casefold()


#: Markup around a headline's line: an HTML tag, or a Markdown mark (``#`` of a heading, ``>`` of a quote,
#: ``*``/``_`` of emphasis): read as a word break. A tag is at most 300 characters (a long class list).
_MARKUP = re.compile(r"<[^<>]{0,300}>|[#>*_]")
#: The end of an HTML heading: what follows it on its line is the next block (``<h1>Headline</h1><p>Body``).
_HEADING_END = re.compile(r"</[hH][1-6]\s*>")
#: Unicode's format characters (category Cf, as of Unicode 15) and the other characters the token steps
#: drop as printing nothing: a zero-width space, joiner or variation selector inside a word does not break it.
_FORMAT = re.compile(
    "[\x00-\x08\x0e-\x1b\x7f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    "\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
    # and the rest of what the token steps drop as printing nothing (credscore._tokens.IGNORABLE): the
    # combining grapheme joiner, Hangul fillers, Mongolian and other variation selectors, tags' block
    "\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\ufe00-\ufe0f\uffa0\ufff0-\ufff8\U000e0000-\U000e0fff]"
)
#: What may make a headline's line longer than twice the headline (:func:`_may_repeat`).
_LONG_HEADLINE = re.compile(r"[<&\t]|  ")
_NOT_SPACE = re.compile(r"\S")
#: A word of a headline's line: letters and digits, an apostrophe or quote between them is a break.
_WORD = re.compile(r"[^\W_]+")


def headline_key(line: str) -> str:
    """The words of ``line`` as a headline is compared (:func:`headline_repeat`): its markup (HTML tags,
    Markdown's marks), character references, characters that print as nothing, typography (curly or
    straight quotes, fullwidth or ligature letters) and punctuation aside, case folded.

    >>> headline_key("# They **Don’t** Want You&nbsp;To Know!!!"), headline_key("<h1>They don't want you to know</h1>")
    ('they don t want you to know', 'they don t want you to know')
    """
    return " ".join(_WORD.findall(_plain(line))).casefold()


def _plain(line: str) -> str:
    r"""``line`` as a reader sees it: character references read, HTML tags and Markdown's marks as spaces,
    compatibility forms (fullwidth letters, ligatures, no-break spaces) and decomposed accents composed
    (NFKC), format characters (zero-width spaces and joiners, soft hyphens) dropped.

    >>> _plain("<p>\uff32\uff45\uff41\uff44&nbsp;mo\u200bre</p>"), _plain("En Espan\u0303ol") == "En Espa\u00f1ol"
    (' Read more ', True)
    """
    if "&" in line:
        line = html.unescape(line)
    line = _MARKUP.sub(" ", line)
    if not line.isascii():  # compatibility forms; zero-width and other format characters: no break in a word
        line = _FORMAT.sub("", unicodedata.normalize("NFKC", line))
    return line


def headline_repeat(text: str, title: str | None) -> int:
    r"""Where the body begins when ``text`` opens by repeating its headline: 0 when it does not.

    A scraped article often carries its headline twice, as the title and as
    the first line of the text. Read twice, its words would count in the
    title signals and again in the body's signals, rates and style. So the
    leading lines of ``text`` that repeat ``title`` are not body; this returns
    the offset of the first character after them and the whitespace that
    follows. A line repeats the headline when it holds the same words
    (:func:`headline_key`: letter case, whitespace, punctuation, markup such
    as ``# Headline`` or ``<h1>Headline</h1>``, and typography aside); a
    headline wrapped over consecutive lines (blank lines among them, as a
    headline with its standfirst) is one repeat, and an HTML heading ends
    its line (``<h1>Headline</h1><p>Body``). A line that only
    begins with the headline ("Headline Body goes on ...") is kept whole: the
    rule never takes words that may be the body's own.

    >>> text = "Budget passes\n\nThe council passed the budget on Monday."
    >>> text[headline_repeat(text, "Budget  passes"):]
    'The council passed the budget on Monday.'
    >>> text = "## Budget **passes**, at last\n\nThe council voted."
    >>> text[headline_repeat(text, "Budget passes at last"):]
    'The council voted.'
    >>> headline_repeat("Budget passes narrowly, the council said.", "Budget passes")
    0
    >>> headline_repeat("BUDGET PASSES", "Budget passes")  # nothing but the headline: no body
    13
    """
    if not title or title.isspace():
        return 0
    want = None  # the title's words: read when a line may repeat them
    lead = _lead(title)  # their first letter, when it is read without them
    window = 3 * len(title) + 320  # the lines that repeat the title fit, with markup and whitespace runs
    cut = 0
    # Offsets into ``text`` throughout, no copy of what is left of it: a repeat costs the length of its lines,
    # and a headline of many words wrapped a word to a line is read in one pass.
    while True:
        limit = min(cut + window, len(text))
        first = _NOT_SPACE.search(text, cut, limit)
        read = first.start() if first is not None else limit  # the offset read up to
        matched = 0  # characters of ``want`` the lines of this repeat have matched, with a space after each
        while True:  # the lines of one repeat
            stop = text.find("\n", read, limit)
            newline = stop >= 0
            end = stop if newline else limit
            closed = _HEADING_END.search(text, read, end)  # <h1>Headline</h1><p>Body...: the heading ends a line
            if closed is not None:
                end, newline = closed.end(), True
            elif not newline and limit < len(text) or not _may_repeat(text, read, end, len(title)):
                return _past_whitespace(text, cut)  # the line goes on past the window: longer than the headline
            line = text[read:end]
            if not matched and lead is not None and _lead(line) not in (lead, None):
                return _past_whitespace(text, cut)  # another first word than the headline's, read without the words
            if want is None:
                want = headline_key(title)
                if not want:
                    return 0  # a title of no words ("!!!") is repeated by no line
            key = headline_key(line)
            blank = not line.strip()
            read = end
            if not key:
                if matched and blank and newline and closed is None:  # a blank line inside a wrapped repeat
                    read += 1
                    continue
                return _past_whitespace(text, cut)
            after = matched + len(key)
            if not want.startswith(key, matched) or (after < len(want) and want[after] != " "):
                return _past_whitespace(text, cut)  # other words than the headline's next ones
            matched = after + 1
            if matched > len(want):
                break  # the whole headline: one repeat
            if not newline:
                return _past_whitespace(text, cut)
            read += closed is None  # the line break: the repeat goes on on the next line
        cut = read  # the line break goes with the whitespace read next


_ALNUM = re.compile("[A-Za-z0-9]")


def _lead(line: str) -> str | None:
    """The first character of ``line``'s words (:func:`headline_key`), "" when it has none, read without
    them when it is ASCII and holds no character reference or tag (``&``, ``<``); None when it is not: a
    line's words cost about 10 us to read, this 1 us.

    >>> _lead("## **Budget** passes"), _lead("!!!"), _lead("Caf\u00e9"), _lead("AT&amp;T")
    ('b', '', None, None)
    """
    if not line.isascii() or "&" in line or "<" in line:
        return None
    first = _ALNUM.search(line)
    return first.group().lower() if first is not None else ""


def _may_repeat(text: str, start: int, end: int, title_length: int) -> bool:
    """Whether the line ``text[start:end]`` is short enough to be a headline of
    ``title_length`` characters, or holds what may make it longer (HTML tags, character references,
    whitespace runs): a line more than twice as long as the headline, plus 64 characters, is body without
    reading its words (most texts open with a paragraph several times longer than their headline; its words
    cost about 40 us to read)."""
    if end - start <= 2 * title_length + 64:
        return True
    return _LONG_HEADLINE.search(text, start, end) is not None


def _past_whitespace(text: str, cut: int) -> int:
    """``cut``, or past the whitespace that follows it when it is not 0."""
    return len(text) - len(text[cut:].lstrip()) if cut else 0


# --- photo credits ----------------------------------------------------------
# A picture's credit names its photographer and the agency or library that sells it ("Jane Smith/AFP via
# Getty Images", "(AP Photo/Evan Vucci)", "REUTERS/Kevin Lamarque"). It says who took a picture, not where
# the reporting came from: read as body, its agency counts as a wire-service attribution and its shape as
# the writing's, so a page with a caption credit scored higher than the same page without (0.43 -> 0.57
# for an unseen court report) and a fabricated story could buy credibility with one line.

#: Agencies and picture libraries a credit ends with, after the slash ("Name/AP"): longer names first.
_CREDIT_AGENCY = (
    r"(?:AP[ \t]+Images|AP[ \t]+Photo|AP|AFP|Reuters|REUTERS|EPA-EFE|EPA|Getty[ \t]+Images|Bloomberg|Xinhua|"
    r"Shutterstock|iStockphoto|iStock|Alamy|Corbis|Invision|AAP|PA[ \t]+Images|PA[ \t]+Wire|PA|Sipa[ \t]+USA|Sipa|"
    r"SIPA|ZUMA[ \t]+Press|Zuma[ \t]+Press|NurPhoto|Anadolu[ \t]+Agency|Anadolu|Kyodo|Yonhap|TASS|Pool|POOL|UPI|"
    r"CNP|Redux|Polaris)"
)
#: What may follow the agency ("/File Photo", " via Getty Images", ", file"), and where a credit ends: a
#: closing bracket, the end of its line, or before a capitalised word (the caption or text that follows).
_CREDIT_TAIL = (
    r"(?:[ \t]+Photo)?(?:[ \t]*/[ \t]*(?:Getty[ \t]+Images|File(?:[ \t]+Photo)?)|[ \t]+via[ \t]+(?:Getty[ \t]+Images|"
    r"AP|Reuters)|,[ \t]*[Ff]ile){0,2}(?:\)|(?=[ \t]*(?:$|[\n\r)]|[ \t][A-Z\"\u201c(])))"
)
#: The part of a credit after its slash: an agency, or any distributor's name "via Getty Images"
#: (``_VIA_GETTY``, read only in a text that holds "Getty"). Each begins with a slash, which ``re`` finds
#: by a plain search: a text's other characters cost nothing, each slash one attempt.
_AFTER_SLASH = re.compile(r"/[ \t]*" + _CREDIT_AGENCY + _CREDIT_TAIL, re.MULTILINE)
_VIA_GETTY = re.compile(
    r"/[ \t]*[A-Z][\w&'\u2019-]*(?:[ \t]+[A-Z][\w&'\u2019-]*){0,3}[ \t]+via[ \t]+Getty[ \t]+Images" + _CREDIT_TAIL,
    re.MULTILINE)
_CREDIT_WORD = r"(?:[A-Z]\.|[A-Z][\w'\u2019-]*)"
#: "AP Photo/Name" and "REUTERS/Name": the agency first, then a name of one to three words. Found from
#: "Photo" and "REUTERS", which ``re`` finds by a plain search; "AP", "AFP" or "EPA" is read back before "Photo".
_AGENCY_NAME = (r"[ \t]*/[ \t]*" + _CREDIT_WORD + r"(?:[ \t]+(?:" + _CREDIT_WORD + r"|de|da|van|von|der|del|la|le|bin|al)){0,2}"
                + _CREDIT_TAIL)
_PHOTO_FIRST = re.compile(r"Photo" + _AGENCY_NAME, re.MULTILINE)
_REUTERS_FIRST = re.compile(r"REUTERS" + _AGENCY_NAME, re.MULTILINE)
_PHOTO_AGENCY = re.compile(r"(?<![\w/])(?:AP|AFP|EPA)[ \t]+\Z")
#: At most one credit (or what may begin one: a slash and an agency) in this many characters, and a few
#: more in all: a text denser in them is no article with captions, and is read whole (nothing left out), so
#: that a crafted one costs no more than its first ones.
_CREDIT_SPACING = 100
#: What may open a credit, read back from its name: "(Photo by ", "Photograph: ", "Featured image via ", "©".
_CREDIT_OPENER = re.compile(
    r"(?:\([ \t]*|©[ \t]*)?(?:(?i:(?:featured[ \t]+)?(?:photo(?:graph)?s?(?:[ \t]+illustration)?|image|picture|credit|"
    r"photo[ \t]+credit(?:[ \t]+should[ \t]+read)?)(?:[ \t]+(?:by|via|courtesy[ \t]+of))?)[ \t]*:?[ \t]*)?\Z")
_OPENER_REACH = 48  # characters: the longest opener and some whitespace
#: The last characters of the openers: "(", "\u00a9", ":" and the last letters of their words ("by", "via",
#: "of", "photo", "photograph", "photos", "image", "picture", "credit", "illustration", "read").
_OPENER_ENDS = frozenset("(\u00a9:" + "yafohsetnd" + "yafohsetnd".upper())
_NAME_WORD = re.compile(_CREDIT_WORD)
#: What ends a name's word, read back: whitespace, a slash, brackets, quotes and the punctuation after a word.
_NAME_EDGES = frozenset(" \t\n\r/()\u00a9\"\u201c\u201d,;:")  # not an apostrophe: O\u2019Reilly
_PARTICLES = frozenset(["de", "da", "van", "von", "der", "del", "la", "le", "bin", "al"])
#: Outlets whose "CBS/AP" is a byline (the story is partly the agency's), not a photo credit.
_NOT_PHOTOGRAPHERS = frozenset(("By", "CBS", "NBC", "ABC", "CNN", "Fox", "Staff"))


def _name_back(text: str, end: int, most: int = 4) -> int:
    """Where a name of at most ``most`` words that ends at ``end`` (after its whitespace) begins: -1 when
    none does. Words are separated by spaces or tabs; the first must be a capitalised word or an initial
    ("Sara D. Davis", "Ahn Young-joon"), the others may be particles ("Ludwig van Beethoven")."""
    i = end
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    begin = -1
    for _ in range(most):
        j = i
        while j > 0 and text[j - 1] not in _NAME_EDGES:
            j -= 1
        word = text[j:i]
        if not word:
            break
        if _NAME_WORD.fullmatch(word) is not None:
            begin = j
        elif word not in _PARTICLES:
            break
        i = j
        if i == 0 or text[i - 1] not in " \t":
            break
        while i > 0 and text[i - 1] in " \t":
            i -= 1
    return begin


def _opener_back(text: str, start: int) -> int:
    """``start``, or where the opener of the credit that starts there begins ("(Photo by " and the like)."""
    k = start
    while k > 0 and text[k - 1] in " \t":
        k -= 1
    if k == 0 or text[k - 1] not in _OPENER_ENDS:  # most credits have none: no search
        return start
    m = _CREDIT_OPENER.search(text, max(0, start - _OPENER_REACH), start)
    if m is None or m.start() == m.end():
        return start
    return m.start()


# --- share counters ------------------------------------------------------------------------------------
# A page's share counter and its buttons, scraped as the first words of a line ("24.8k SHARES SHARE THIS
# STORY", "7.5k SHARES Facebook Twitter", "804 SHARES Share Tweet" glued to the first sentence): a
# publisher's boilerplate, which a model learns as the publisher. In the shared corpora 57 articles carry
# one (fakenewsnet_old 43, of both labels; llmfake 10 and recovery 4, all fake).
#: The networks and actions a page's share buttons name (a share counter's and a share bar's, :data:`_BUTTON`).
_NETWORKS = ("facebook|twitter|tweet|pinterest|digg|linkedin|reddit|stumbleupon|print|pocket|tumblr|email|whatsapp|"
             "flipboard|messenger")
_BUTTONS = (r"share\s+this\s+(?:story|post|article)|share\s+on\s+(?:facebook|twitter)|shares|share|google|delicious|"
            + _NETWORKS)
#: A count (digits, "24.8k", "1,204") and "shares" opening a line, then its buttons (each ending where no
#: lower-case letter follows: "TweetAnd once again" keeps "And", "Printing" is no button) or the line's end.
_SHARE_COUNTER = re.compile(
    r"^[ \t]*\d[\d.,]{0,12}[kKmM]?[ \t]+(?i:shares?)(?:(?:[ \t]*(?i:" + _BUTTONS + r")(?![a-z]))+[ \t]*|[ \t]*(?=\n|\Z))",
    re.MULTILINE,
)


def share_counters(text: str) -> list[tuple[int, int]]:
    """The share counters opening lines of ``text``: ``(start, end)`` of each, in order, with the spaces
    after it and, when it is the whole line, its line break (see :data:`_SHARE_COUNTER`). A sentence that
    opens with a count of shares is no counter.

    >>> t = "24.8k SHARES SHARE THIS STORY\\nThe Senate met.\\n804 SHARES Share TweetAnd it voted."
    >>> [t[a:b] for a, b in share_counters(t)]
    ['24.8k SHARES SHARE THIS STORY\\n', '804 SHARES Share Tweet']
    >>> share_counters("300 shares of the company were sold.\\n12 Shares Printing presses stopped.\\n9 shares this year.")
    []
    """
    if "hare" not in text and "HARE" not in text:
        return []
    return [(m.start(), m.end() + 1 if text.startswith("\n", m.end()) else m.end()) for m in _SHARE_COUNTER.finditer(text)]


# --- the page's own lines: bylines, time stamps, share bars, links, captions, breadcrumbs --------------------
# A scraped page carries lines that say who wrote the article and when the page was published or updated,
# links to other stories ("Read more: <headline>", "Related: <headline>") and rows of share buttons. They say
# nothing about how the article is reported, and read as body they moved scores (an audit, session 32, on
# 600 articles of the shared corpora): a stamp "Updated: 3:45 p.m. ET, March 4, 2024" at the top raised
# them by 0.04-0.06 on average (its date read as the reporting's specificity), and "Last updated ..." at
# the foot by 0.05-0.07, changing the verdict of one in six; a link line in the middle by 0.03, a labelled
# caption ("Image: Protesters gather outside the courthouse on Tuesday.") by 0.03, a breadcrumb by 0.015; a byline
# "By Jane Smith" lowered them by 0.01; "Share this: Facebook Twitter Email Print" by 0.02. In the corpora
# they are a publisher's: stamps mostly in recovery's credible articles, bylines in its fakes (and in
# fakehealth's credible HealthDay copy), "Date: <date>" lines in LLM-written fakes. Each such line is left
# out of the body with the furniture lines (:func:`_is_page_line`, :func:`label_lines`).

_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_WEEKDAY = r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\.?"
_ORDINAL = r"(?:st|nd|rd|th)?"
#: A date: "March 2024", "March 4, 2024", "Sept. 15", "4 March 2024", "4th of March", "2024-03-04", "3/4/2024"
#: (after a weekday or not). A date is read atomically (:data:`_WHEN`), so the month and year come first:
#: "July 1918" is not "July 19" and then "18".
_DATE = (r"(?:" + _WEEKDAY + r",?\s+)?(?:" + _MONTH + r"\s+\d{4}(?!\d)|" + _MONTH + r"\s+\d{1,2}" + _ORDINAL
         + r"(?!\d)(?:,?\s+\d{4})?|\d{1,2}" + _ORDINAL + r"\s+(?:of\s+)?" + _MONTH + r",?(?:\s+\d{4})?|\d{4}-\d{1,2}-\d{1,2}|"
         r"\d{1,2}[/.]\d{1,2}[/.](?:\d{4}|\d{2}))")
#: A time of day ("3:45 p.m. ET", "10:25 AM PST", "9 pm", "3:02"), or how long ago ("2 hours ago").
_TIME = (r"(?:\d{1,2}(?::\d{2}){1,2}(?:\s*[ap]\.?\s?m\.?)?|\d{1,2}\s*[ap]\.?\s?m\.?)(?:\s+(?-i:[A-Z]{2,4}\b|(?:GMT|UTC)"
         r"[+-]\d{1,2}(?::?\d{2})?))?|\d+\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?)\s+ago")
#: A date or a time, read as one piece: an atomic group (once it has matched, no other reading of its characters
#: is tried), so that a line of many dates and times costs its length, not one try per way of splitting it (a
#: line of "12:00 " repeated took 0.6 s to refuse before).
_WHEN = r"(?>" + _DATE + "|" + _TIME + ")"
#: What may stand between two dates or times: spaces, or a comma, slash, dash, "at" or "on" between spaces.
_WHEN_SEP = r"(?>\s*(?:[,/\u2013\u2014-]|at|on)?\s*)"
#: A time stamp: up to four dates and times, after a label ("Updated:", "Published on", "Last modified"). Each part
#: and each repeat is bounded, so that refusing a crafted line costs a few tries of :data:`_WHEN`, whatever it holds.
_STAMP = re.compile(
    r"(?i:(?>(?:last\s+)?(?:updated|modified|edited|published|posted|first\s+published|originally\s+published|created|"
    r"date|released)(?:\s+(?:on|at))?\s*[:\u2013\u2014-]?\s*)?" + _WHEN + r"(?:" + _WHEN_SEP + _WHEN + r"){0,3})")
#: A word of a name in a byline: capitalised ("Jane", "ERIC", "O'Neil", "Smith-Jones"), an initial, an
#: honorific, or a particle ("van", "de").
_BY_WORD = r"(?:(?:Dr|Prof|Mr|Mrs|Ms|Rev)\.|[A-Z]\.|[A-Z][\w'\u2019-]*(?:\.\w+)?|de|da|van|von|der|del|la|le|bin|al)"
_BY_NAME = r"(?>" + _BY_WORD + r"(?:\s+" + _BY_WORD + r"){0,4})"
#: A byline: "By Jane Smith", "By ERIC HEINZ, City News Service", "Posted by Jane Smith on 20 Sep 2016",
#: "by Dr. Jane Smith, MD". Every word of the name and its affiliations capitalised: "By Monday, the
#: council ..." and "By then, ..." are sentences. Names and affiliations are atomic groups, as dates are: up to
#: three names and four affiliations or dates.
_BYLINE = re.compile(
    r"(?:(?i:written|posted|story|words|reporting|reported|article|text)\s+)?(?i:by)\s*:?\s+" + _BY_NAME
    + r"(?:\s+(?:and|&)\s+" + _BY_NAME + r"){0,2}(?:\s*,\s*(?>(?i:" + _WHEN + r")|[A-Z][\w&'.\u2019-]*(?:\s+(?:"
    r"[A-Z][\w&'.\u2019-]*|of|for|and|the|in|at)){0,6})){0,4}(?:\s+(?i:(?:on|at)\s+" + _WHEN + r"))?")
#: A row of share buttons: "Share this: Facebook Twitter Email Print", "Facebook Twitter Pinterest".
_BUTTON = (r"(?:share(?:\s+(?:this|on|via))?(?:\s+(?:story|post|article|page))?|e-mail|copy\s+link|telegram|google\+?|"
           r"sms|save|" + _NETWORKS + ")")
_SHARE_BAR = re.compile(r"(?i:(?>" + _BUTTON + r")(?:(?>\s*[:|\u2022\u00b7,/]?\s*)(?>" + _BUTTON + r"))+)")
#: Where a line of several pieces parts them: "By Jane Smith | March 4, 2024"; at most _MOST_PIECES.
_PIECES = re.compile(r"\s*[|\u2022\u00b7]\s*")
_MOST_PIECES = 4
#: The heads (:func:`_head`) a byline, a time stamp or a share bar can have, besides a digit's.
_PAGE_HEADS = frozenset((
    "by", "wri", "pos", "sto", "wor", "rep", "art", "tex", "upd", "las", "mod", "edi", "pub", "fir", "ori", "cre",
    "dat", "rel", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "mon", "tue",
    "wed", "thu", "fri", "sat", "sun", "sha", "fac", "twi", "ema", "e-m", "pri", "pin", "lin", "red", "wha", "mes",
    "fli", "tum", "poc", "cop", "tel", "goo", "stu", "dig", "sms", "sav",
))


def _is_page_line(line: str, head: str | None = None) -> bool:
    """Whether ``line`` (stripped of its edges, :data:`_EDGE`) is a byline, a time stamp, both (pieces parted
    by ``|`` or a bullet) or a row of share buttons (``head``: its :func:`_head`, when the caller has it).

    >>> [_is_page_line(x) for x in ("By Jane Smith | Updated 3:45 p.m. ET, March 4, 2024", "Date: 2023-09-19",
    ...  "Facebook Twitter Pinterest", "By Monday, the council had voted", "March madness")]
    [True, True, True, False, False]
    """
    head = _head(line) if head is None else head
    if not (head[:1].isdigit() or head in _PAGE_HEADS):
        return False
    line = line.strip(_EDGE)
    if _SHARE_BAR.fullmatch(line) is not None:
        return True
    pieces = [p for p in _PIECES.split(line) if p]
    return 0 < len(pieces) <= _MOST_PIECES and all(_STAMP.fullmatch(p) is not None or _BYLINE.fullmatch(p) is not None for p in pieces)


#: The labels that open a line pointing elsewhere on the page: a link to another story ("Read more:
#: <headline>", "RELATED: ...", "See also | ...", "MORE: ...", "Trending: ..."), before a colon, a guillemet, a
#: bar or a dash between spaces; a picture's or a video's caption ("Image: ...", "VIDEO: ...", "GRAPHIC: ..."),
#: before a colon or such a dash; a breadcrumb trail ("Home \u00bb News \u00bb Politics").
_LABELS = (r"(?i:(?:read[ \t]+more|read[ \t]+also|also[ \t]+read|related(?:[ \t]+(?:articles?|stories|story|content|coverage|"
           r"posts?|links?|news|reading))?|see[ \t]+also|more[ \t]+on[ \t]+this(?:[ \t]+story)?|recommended(?:[ \t]+reading)?|"
           r"don['\u2019]?t[ \t]+miss|must[ \t]+read|more|watch|listen|trending|editor['\u2019]?s[ \t]+picks?)"
           r"[ \t]*(?:[:\u00bb|>]|[ \t][\u2013\u2014-][ \t])"
           r"|(?:image(?:[ \t]+(?:caption|source|copyright|credit))?|photo(?:graph)?|pictured|caption|video|graphic|"
           r"illustration)[ \t]*(?::|[ \t][\u2013\u2014-][ \t])|home[ \t]*[\u00bb>\u203a/|])")
_LABEL_EDGE = "[ \t\u00a0\u2022\u00b7\u25aa\u25ba\u25b6\u25b8\u2192*#>\\[(\"'\u201c\u2018]*"
#: A labelled line after a line break (the first line is read by ``_LABEL_FIRST``): its label, then words up to
#: :data:`_LABEL_LONGEST` characters in all, to the line's end.
_LABEL_LONGEST = 250
_LABEL_LINE = re.compile(r"\n(" + _LABEL_EDGE + _LABELS + r"[ \t]*\S[^\n]{0," + str(_LABEL_LONGEST) + r"}+)(?![^\n])")
_LABEL_FIRST = re.compile(_LABEL_EDGE + _LABELS + r"[ \t]*\S[^\n]{0," + str(_LABEL_LONGEST) + r"}+(?![^\n])")


def label_lines(text: str) -> list[tuple[int, int]]:
    """The lines of ``text`` that a page's label opens (:data:`_LABELS`: links to other stories, captions,
    breadcrumbs): ``(start, end)`` of each, with its line break.

    >>> t = "The council voted.\\nRead more: Mayor defends the budget\\nIt met at noon.\\nSEE ALSO | Pools close"
    >>> [t[a:b] for a, b in label_lines(t)]
    ['Read more: Mayor defends the budget\\n', 'SEE ALSO | Pools close']
    >>> label_lines("More than 300 people came.\\nWatch the video below.\\nVideo games sold well.")
    []
    """
    found = [(m.start(1), min(m.end() + 1, len(text))) for m in _LABEL_LINE.finditer(text)
             if not _continues(text, m.start(1), m.group(1))]
    first = _LABEL_FIRST.match(text)
    return [(0, min(first.end() + 1, len(text))), *found] if first else found


#: An embedded post's attribution, as a page prints it under the post: a tweet's "— Jane Doe (@janedoe) March 4,
#: 2024", an Instagram post's "A post shared by Jane Doe (@janedoe) on Mar 4, 2024 at 3:45pm PST". Its date is
#: the post's, not the reporting's: read as body it counted as a specific date (+0.02 to +0.04 on average in the
#: session 32 audit). Found from the handle and its date; the opener is read back on the handle's line.
_EMBED_HANDLE = re.compile(r"\(@\w{1,30}\)[ \t]*(?i:(?:on[ \t]+)?" + _DATE + r"(?:,?[ \t]+at[ \t]+" + _TIME + r")?)")
_EMBED_SHARED = "A post shared by "
_EMBED_DASHES = ("\u2014", "\u2013", "--")
#: The longest name read back from a handle to its opener (characters).
_EMBED_NAME = 64


def embed_credits(text: str) -> list[tuple[int, int]]:
    r"""The attributions of embedded posts in ``text`` (:data:`_EMBED_HANDLE`): ``(start, end)`` of each, from
    its dash (an em or en dash, or "--") or "A post shared by" to its date, in order; an attribution on a line of its own is that line
    and its line break. The post's own words stay.

    >>> t = "Vote early! pic.twitter.com/AbC123 — Jane Doe (@janedoe) March 4, 2024\nThe polls opened."
    >>> [t[a:b] for a, b in embed_credits(t)]
    ['— Jane Doe (@janedoe) March 4, 2024']
    >>> embed_credits("Jane Doe (@janedoe) March 4, 2024 was the day she posted it.")  # no dash: a sentence
    []
    """
    if "(@" not in text:
        return []
    out: list[tuple[int, int]] = []
    for m in _EMBED_HANDLE.finditer(text):
        reach = max(0, m.start() - _EMBED_NAME - len(_EMBED_SHARED) - 1)  # read back no further: linear in the text
        newline = text.rfind("\n", reach, m.start())
        line = newline + 1 if newline >= 0 else 0 if reach == 0 else -1  # -1: the line begins before the reach
        lo = max(reach, line, out[-1][1] if out else 0)
        dash = after = -1  # the last dash before the handle ("--" as text folded to ASCII writes it), and past it
        for mark in _EMBED_DASHES:
            at = text.rfind(mark, lo, m.start())
            if at > dash:
                dash, after = at, at + len(mark)
        shared = text.rfind(_EMBED_SHARED, lo, m.start())
        start, name = (dash, text[after : m.start()]) if dash > shared else (shared, text[shared + len(_EMBED_SHARED) : m.start()])
        if start >= 0 and 0 < len(name.strip()) <= _EMBED_NAME and "(" not in name and ")" not in name:
            end = m.end()
            if line >= 0 and not text[line:start].strip() and text.startswith("\n", end):  # a whole line: with its break
                start, end = line, end + 1
            out.append((start, end))
    return out


def photo_credits(text: str) -> list[tuple[int, int]]:
    """The photo credits in ``text``: ``(start, end)`` of each, in order, with the spaces before it.

    A credit is a photographer's name (or a chain of them and intermediaries, up to four) and a slash
    before an agency or picture library (:data:`_CREDIT_AGENCY`), or "AP Photo/" or "REUTERS/" before a
    name; with what may open it ("(Photo by ", "Photograph: ", "©") and close it. It ends where its line
    does, at a closing bracket, or before a capitalised word, so that "a Reuters/Ipsos poll" and "the
    AP/NORC survey" are not credits. Each slash is read once, and a name is read back from it a word at a
    time: the cost is linear in the text.

    >>> t = "The mayor spoke on Monday. (Photo by Jane Smith/AFP via Getty Images)\\nShe left."
    >>> [t[a:b] for a, b in photo_credits(t)]
    [' (Photo by Jane Smith/AFP via Getty Images)']
    >>> [t[a:b] for t in ["Crowds gathered. REUTERS/Kevin Lamarque", "A Reuters/Ipsos poll found it."]
    ...  for a, b in photo_credits(t)]
    [' REUTERS/Kevin Lamarque']
    """
    if "/" not in text:
        return []
    most = len(text) // _CREDIT_SPACING + 8
    found: list[tuple[int, int]] = []
    last = -1  # where the last credit found ends: a chain is not read back into it again
    after = _AFTER_SLASH.finditer(text)
    if "Getty" in text:
        after = iter(sorted([*after, *_VIA_GETTY.finditer(text)], key=lambda m: (m.start(), -m.end())))
    seen = 0
    for m in after:
        seen += 1
        if seen > most:
            return []
        if m.start() < last:
            continue
        # Name/AGENCY, or a chain: Name/Intermediary/AGENCY ("Zhang Peng/LightRocket via Getty Images").
        slash, start = m.start(), -1
        for _ in range(4):
            begin = _name_back(text, slash)
            if begin < 0:
                break
            start = begin
            k = begin
            while k > 0 and text[k - 1] in " \t":
                k -= 1
            if k <= last or text[k - 1] != "/":
                break
            slash = k - 1
        name = _NAME_WORD.match(text, start) if start >= 0 else None
        if name is None or name.group() in _NOT_PHOTOGRAPHERS:
            continue
        found.append((_opener_back(text, start), m.end()))
        last = m.end()
    for word, rx in (("REUTERS", _REUTERS_FIRST), ("Photo", _PHOTO_FIRST)):
        if word not in text:
            continue
        for m in rx.finditer(text):
            seen += 1
            if seen > most:
                return []
            head = m if word == "REUTERS" else _PHOTO_AGENCY.search(text, max(0, m.start() - 8), m.start())
            if head is not None:
                found.append((_opener_back(text, head.start()), m.end()))
    if not found:
        return []
    found.sort()
    out: list[tuple[int, int]] = []
    for a, b in found:
        while a > 0 and text[a - 1] in " \t":  # with the spaces before it: "Texas. (Photo ...) More" reads "Texas. More"
            a -= 1
        if out and a < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


@dataclass(frozen=True)
class Body:
    """The body read from a text (:func:`read_body`), and where it lies in that text.

    Attributes
    ----------
    text : str
        The body: the text without a repeated headline and furniture lines, its
        quotes of speech in single marks read as in double ones (:func:`requote`).
    gaps : tuple of (int, int)
        Where text was left out: ``(at, n)``, ``n`` characters of the text
        as given left out just before the body's offset ``at``, in order of
        ``at``; none when the body is the text.
    spelled : numpy.ndarray of int32 (int64 for a body of 700 million characters or more)
        The body's offsets of the letters a ligature adds (:data:`LIGATURES`: each
        letter of one after its first), in order: each is placed on its ligature,
        as the letter before it. Empty when the text held no ligature.
    headline : bool
        Whether the text opened by repeating its headline.
    furniture : tuple of str
        The furniture lines left out, stripped, in order: with them share
        counters, bylines, time stamps, share bars and labelled lines (links,
        captions, breadcrumbs).
    credits : tuple of str
        The photo credits left out (:func:`photo_credits`), stripped, in order.
    repeats : tuple of str
        The copies of sentences left out (:func:`repeated_sentences`), in order.
    """

    text: str
    gaps: tuple[tuple[int, int], ...] = ()
    headline: bool = False
    furniture: tuple[str, ...] = ()
    credits: tuple[str, ...] = ()
    repeats: tuple[str, ...] = ()
    spelled: np.ndarray = dataclasses.field(default_factory=lambda: np.zeros(0, np.int64), compare=False, repr=False)

    @functools.cached_property
    def _index(self) -> tuple[list[int], list[int]]:
        """The gaps' offsets, and the characters left out at or before each: read once, so that placing
        every span of a text costs a search each, not a pass over its gaps (an audit, session 35: a text
        with 40,000 furniture lines took 41 s to explain)."""
        return [at for at, _ in self.gaps], list(itertools.accumulate(n for _, n in self.gaps))

    def place(self, at: int) -> int:
        """The offset in the text as given of the body's character ``at``."""
        offsets, left_out = self._index
        k = bisect.bisect_right(offsets, at)  # the gaps at or before ``at``
        placed = at + (left_out[k - 1] if k else 0)
        return placed - int(np.searchsorted(self.spelled, at, side="right")) if len(self.spelled) else placed

    def place_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the text as given that holds the body's ``[start, end)`` (and any line left out
        inside it)."""
        if end <= start:
            p = self.place(start)
            return p, p
        return self.place(start), self.place(end - 1) + 1


#: What may dress a furniture line so that its head is no entry's: HTML's tags and references, decomposed
#: accents, format characters (zero-width, soft hyphen, BOM), fullwidth forms, ligatures. A short line that
#: holds one is read plain (:func:`_plain`) and looked up again ("<p>Read more</p>", "Ｒｅａｄ ｍｏｒｅ").
_DRESSING = "<&\u0300-\u036f\u00ad\u200b-\u200f\u2060-\u2064\ufeff\ufb00-\ufb06\uff01-\uff5e"  # ranges, no escapes
_DRESSED = re.compile("[" + _DRESSING + "]")


#: Typographic ligatures, as text taken from a PDF keeps them ("o\ufb03cial", "\ufb01nancial"), and the letters
#: they stand for: spelled out in the body, so that its words read as written. (A character read as two is
#: beyond the reading table of :mod:`credscore._tokens`, which reads one character as one or none.)
LIGATURES: dict[str, str] = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
                             "\ufb05": "st", "\ufb06": "st"}
_SPELL = str.maketrans(LIGATURES)
_FIRST_LIGATURE = 0xFB00
#: The letters a ligature adds (its spelling's length - 1), by code point from U+FB00.
_LIGATURE_EXTRA = np.array([len(LIGATURES[chr(_FIRST_LIGATURE + i)]) - 1 for i in range(len(LIGATURES))], dtype=np.uint8)
#: Characters of a body whose code points :func:`_spell_ligatures` reads at a time (4 MB of them).
_SPELL_BLOCK = 1 << 20
#: Bodies shorter than this (in characters) have :attr:`Body.spelled` in 4 bytes an offset: spelled out,
#: their offsets stay under 2**31 (a ligature adds two letters at most).
_SPELLED_IN_4_BYTES = (1 << 31) // 3


#: A carriage return that ends a line on its own (not before "\n"), as old Mac files end their lines.
_LONE_CR = re.compile(r"\r(?!\n)")

#: A line short enough to be furniture (:data:`_LONGEST`), without its line break; empty lines are none.
#: ``_SHORT_LINE`` finds the lines after a line break (its first character, a literal, is what ``re``
#: searches for), ``_SHORT_FIRST_LINE`` reads the first; neither reads a long line's bytes twice.
_SHORT_LINE = re.compile(r"\n([^\n]{1," + str(_LONGEST) + r"}+)(?![^\n])")
_SHORT_FIRST_LINE = re.compile(r"[^\n]{1," + str(_LONGEST) + r"}+(?![^\n])")


def _is_furniture(line: str, dressed: bool = True) -> bool:
    """Whether ``line`` (without its line break) is page furniture and nothing else (see :func:`_furniture_lines`;
    ``dressed``: whether it may hold a character of :data:`_DRESSED`)."""
    if not 0 < len(line) <= _LONGEST:
        return False
    head = _head(line)
    return (head in _HEADS and furniture_key(line) in FURNITURE
            or dressed and _DRESSED.search(line) is not None and furniture_key(_plain(line)) in FURNITURE
            or _is_page_line(line, head))


def _continues(text: str, start: int, line: str) -> bool:
    """Whether ``line`` (at ``start``, after a line break) ends a hard-wrapped sentence rather than standing
    alone: it starts in lower case and the line before it ends with a word, a digit or a comma ("... did not
    respond to a request for\\ncomment." keeps its last word, wherever the text was wrapped).

    >>> _continues("did not respond to a request for\\ncomment.", 33, "comment.")
    True
    >>> _continues("The council voted.\\ncomments", 19, "comments"), _continues("for\\n\\ncomment", 5, "comment")
    (False, False)
    """
    if not line.lstrip()[:1].islower():
        return False
    end = start - 1  # the line break before the line
    while end > 0 and text[end - 1] in " \t":
        end -= 1
    return end > 0 and (text[end - 1].isalnum() or text[end - 1] == ",")


def _furniture_lines(text: str, dressed: bool = True) -> list[tuple[int, int]]:
    """The furniture lines of ``text``: ``(start, end)`` of each, its line break included (``dressed``:
    whether ``text`` may hold a character of :data:`_DRESSED`; False when it is known to hold none).

    A line is looked up only when it is short (:data:`_SHORT_LINE` finds those, about one line in six of
    news) and its head is an entry's (:data:`_HEADS`), or, read plain, when it is dressed in markup or
    typography (:data:`_DRESSED`).
    """
    found = [(m.start(1), min(m.end() + 1, len(text))) for m in _SHORT_LINE.finditer(text)
             if _is_furniture(m.group(1), dressed) and not _continues(text, m.start(1), m.group(1))]
    first = _SHORT_FIRST_LINE.match(text)
    return [(0, min(first.end() + 1, len(text))), *found] if first and _is_furniture(first.group(), dressed) else found


# --- what a text may hold ------------------------------------------------------------------------------
# Most articles hold nothing that most of the rules above look for: in the shared corpora one in 150 has a
# share counter, one in 60 a labelled line, one in 45 an embedded post's attribution, one in 20 a photo
# credit, one in 4,000 a ligature. Run on every text, those rules cost about 7 ms/MB, and reading each short
# line for dressing (:data:`_DRESSED`) 0.4 more. So :func:`bodies` first scans each text's UTF-8 once with one
# Hyperscan database of their triggers (about 1 ms/MB for all of them, :func:`_may_find`), and runs a rule
# only on the texts that hold its trigger. A trigger is a piece of text that every match of its rule holds,
# read as the rule reads it (letter case as ``re.IGNORECASE`` reads it, :func:`_any_case`): a text without it
# is one the rule finds nothing in, and its body is the one every rule would read. No trigger holds a line
# break or a carriage return, so that reading a lone carriage return as a line break (:func:`_read`) changes
# none. Kept in step with the rules' patterns: a test checks each trigger against its rule on the shared
# corpora and on made-up texts.

#: The rules a text may find something for, as the bits of an int (:func:`_may_find`).
_MAY_SHARE, _MAY_LABEL, _MAY_EMBED, _MAY_CREDIT, _MAY_LIGATURE, _MAY_DRESS = 1, 2, 4, 8, 16, 32
_MAY_ALL = 63

#: The characters besides its two cases that ``re.IGNORECASE`` reads as an ASCII letter (Python 3.11 to
#: 3.13; a test reads every character).
_OTHER_CASES = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}


def _utf8(chars: Iterable[str]) -> str:
    r"""A Hyperscan pattern of any one of ``chars``, as their UTF-8 bytes: a class of the ASCII ones, or the
    bytes of another.

    >>> print(_utf8("ab\u00bb"))
    (?:[\x61\x62]|\xc2\xbb)
    """
    ascii_ = sorted(c for c in set(chars) if c.isascii())
    parts = ["[" + "".join(f"\\x{ord(c):02x}" for c in ascii_) + "]"] if ascii_ else []
    parts += ["".join(f"\\x{b:02x}" for b in c.encode("utf-8")) for c in sorted(set(chars)) if not c.isascii()]
    return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"


def _any_case(words: str) -> str:
    """A Hyperscan pattern of ``words`` (ASCII letters; words parted by a space, read as ``[ \\t]+``) in any
    letter case, as ``re.IGNORECASE`` reads them: "ſhare" is "share"."""
    return "[ \\t]+".join("".join(_utf8(c + c.upper() + _OTHER_CASES.get(c, "")) for c in word) for word in words.split())


def _spelled(members: str) -> str:
    """The characters a character class's ``members`` stand for (no escapes; "a-z" a range).

    >>> _spelled("<a-c")
    '<abc'
    """
    out: list[str] = []
    i = 0
    while i < len(members):
        if members[i + 1 : i + 2] == "-" and i + 2 < len(members):
            out.extend(map(chr, range(ord(members[i]), ord(members[i + 2]) + 1)))
            i += 3
        else:
            out.append(members[i])
            i += 1
    return "".join(out)


#: The last words of the labels of :data:`_LABELS` (and "image" with the word after it): each label ends with one.
_LABEL_ENDS = ("more", "also", "read", "related", "article", "articles", "stories", "story", "content", "coverage",
               "post", "posts", "link", "links", "news", "reading", "this", "recommended", "miss", "watch", "listen",
               "trending", "pick", "picks", "image", "image caption", "image source", "image copyright", "image credit",
               "photo", "photograph", "pictured", "caption", "video", "graphic", "illustration")
#: Each rule's trigger (:func:`_may_find`), a Hyperscan pattern of UTF-8 bytes, and the rule's bit.
_TRIGGERS = (
    # a share counter's count and "shares" (_SHARE_COUNTER): the count ends with an ASCII digit, "." "," or a
    # scale, or with a digit of another script, whose UTF-8 ends with a continuation byte
    (_MAY_SHARE, "(?:[0-9.,kKmM]|[\\x80-\\xbf])[ \\t]+" + _any_case("share")),
    # a label and the mark after it (_LABELS)
    (_MAY_LABEL, "(?:" + "|".join(map(_any_case, _LABEL_ENDS)) + ")[ \\t]*(?:" + _utf8(":\u00bb|>") + "|[ \\t]"
     + _utf8("\u2013\u2014-") + "[ \\t])|" + _any_case("home") + "[ \\t]*" + _utf8("\u00bb>\u203a/|")),
    (_MAY_EMBED, "\\(@"),  # embed_credits reads a text that holds it
    # a slash and an agency (_AFTER_SLASH), "via Getty" (_VIA_GETTY), "REUTERS/" and "Photo/" (_REUTERS_FIRST and
    # _PHOTO_FIRST); with a slash and no spaces first, a literal Hyperscan finds at its speed
    (_MAY_CREDIT, "/" + _CREDIT_AGENCY + "|/[ \\t]+" + _CREDIT_AGENCY + "|via[ \\t]+Getty|REUTERS[ \\t]*/|Photo[ \\t]*/"),
    (_MAY_LIGATURE, _utf8(LIGATURES)),
    (_MAY_DRESS, _utf8(_spelled(_DRESSING))),
)


#: The first ``hyperscan`` release whose Vectorscan misses matches in block mode: credscore._engine's
#: ``_MISSING_MATCHES_FROM``, which this module, a layer below the engine, does not import (a test checks
#: they agree).
_MISSING_MATCHES_FROM = (0, 7, 23)


@functools.cache
def _trigger_database() -> hyperscan.Database | None:
    """The Hyperscan database of :data:`_TRIGGERS`, each reported once a scan; None with a Hyperscan build that
    may miss matches (:data:`_MISSING_MATCHES_FROM`): every rule then reads every text."""
    import hyperscan

    try:
        release = tuple(int(x) for x in getattr(hyperscan, "__version__", "").split(".")[:3])
    except ValueError:
        release = ()  # a development build: trusted, as the engine trusts it
    if release >= _MISSING_MATCHES_FROM:
        return None
    db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    db.compile(expressions=[p.encode("ascii") for _, p in _TRIGGERS], ids=[bit for bit, _ in _TRIGGERS],
               elements=len(_TRIGGERS), flags=[hyperscan.HS_FLAG_SINGLEMATCH] * len(_TRIGGERS))
    return db


_LOCAL = threading.local()  # each thread's Hyperscan scratch space: no two scans may share one


def _may_find(encoded: Sequence[bytes]) -> list[int]:
    """Per text (its UTF-8 in ``encoded``), the rules that may find something in it: the bits
    (:data:`_MAY_SHARE` ...) of the triggers it holds (:data:`_TRIGGERS`).

    >>> [bin(may) for may in _may_find([b"Vote! \\xe2\\x80\\x94 Jane (@jane) May 4, 2024", b"No photo, 2 shares."])]
    ['0b100', '0b1']
    """
    db = _trigger_database()
    if db is None:
        return [_MAY_ALL] * len(encoded)
    scratch = getattr(_LOCAL, "scratch", None)
    if scratch is None:
        import hyperscan

        scratch = _LOCAL.scratch = hyperscan.Scratch(db)
    found = 0

    def on_match(bit: int, start: int, end: int, flags: int, context: object) -> None:
        nonlocal found
        found |= bit

    out = []
    for data in encoded:
        found = 0
        db.scan(data, match_event_handler=on_match, scratch=scratch)
        out.append(found)
    return out


def read_body(text: str, title: str | None = None) -> Body:
    """The body of ``text``: without its furniture lines and photo credits, then without the leading lines that repeat
    ``title`` (and furniture left on a heading's line after it), with its ligatures spelled out (see the
    module's docs), a lone carriage return (old Mac line ends) read as a line break and its quotes of
    speech in single marks as in double ones (:func:`requote`). Reading a body again leaves it as it is.

    >>> read_body("The council voted.\\nRead more:\\nIt met.").text
    'The council voted.\\nIt met.'
    >>> read_body("Read more about the study in the journal.").text  # a sentence, not furniture
    'Read more about the study in the journal.'
    >>> read_body("‘We won,’ she said.").text
    '“We won,” she said.'
    """
    utf8 = text.encode("utf-8", "surrogatepass")
    repeats, may = _repeated_sentences([utf8])[0], _may_find([utf8])[0]
    # spelled out, the body is another text: its UTF-8 is not kept while it is read
    data = None if may & _MAY_LIGATURE else utf8
    del utf8
    body = _read(text, title, repeats, may)
    quoted = _requote([body.text], [data if body.text is text else None])[0]
    return body if quoted is body.text else dataclasses.replace(body, text=quoted)


def _read(
    text: str, title: str | None, repeats: Sequence[tuple[int, int]] = (), may: int = _MAY_ALL, *, places: bool = True
) -> Body:
    """:func:`read_body` but for the quotation marks, with the text's repeated sentences (spans of
    :func:`repeated_sentences`) given, and the rules that may find something in it (:func:`_may_find`).
    With ``places`` False, the body's text alone is wanted (:func:`bodies`): a text's ligatures are
    spelled out without the offsets that place its letters (:attr:`Body.spelled`, 8 bytes a ligature
    and more while they are made), so that body's ``spelled`` is empty and its ``gaps`` are not moved
    past the letters: only its ``text`` holds."""
    if "\r" in text:  # old Mac files end their lines with a lone "\r": read as "\n" (same length, same places)
        text = _LONE_CR.sub("\n", text)
    lines = _furniture_lines(text, bool(may & _MAY_DRESS)) if len(text) <= _LONGEST or "\n" in text else []
    # furniture too: a labelled line may be longer than _LONGEST, and a counter or an embedded post's attribution
    # may share its line with words of the body
    page_spans = ((share_counters(text) if may & _MAY_SHARE else []) + (label_lines(text) if may & _MAY_LABEL else [])
                  + (embed_credits(text) if may & _MAY_EMBED else []))
    if page_spans:
        lines = sorted(set(lines + page_spans))
    credits = photo_credits(text) if may & _MAY_CREDIT else []
    if credits and lines:  # a line that is one photo credit ("Photo: Jane Smith/AFP") is read as that credit
        whole = {text[a:b].strip() for a, b in credits}
        lines = [(a, b) for a, b in lines if text[a:b].strip() not in whole]
    kept = text
    gaps: list[tuple[int, int]] = []
    if lines or credits or repeats:
        parts = []
        pos = 0
        for a, b in _merged(lines, credits, list(repeats)):
            parts.append(text[pos:a])
            gaps.append((a - pos + (gaps[-1][0] if gaps else 0), b - a))  # adjacent lines: gaps at one place
            pos = b
        parts.append(text[pos:])
        kept = "".join(parts)
        del parts  # not held while the body is spelled out
    cut = headline_repeat(kept, title)
    left: list[str] = []  # furniture on the heading's line, after it: <h1>Headline</h1>Advertisement
    if cut and kept[kept.rfind("\n", 0, cut) + 1 : cut].strip():  # the cut is inside a line
        stop = kept.find("\n", cut, cut + _LONGEST + 1)
        line = kept[cut : stop if stop >= 0 else cut + _LONGEST + 1]  # longer than _LONGEST: no furniture
        if _is_furniture(line):
            left.append(line.strip())
            cut = _past_whitespace(kept, cut + len(line))
    body = kept[cut:]
    spelled = bool(may & _MAY_LIGATURE) and not body.isascii() and any(c in body for c in LIGATURES)  # 7 searches: 4x one regex's speed
    if not cut and not lines and not credits and not repeats and not spelled:
        return Body(text)
    if cut:  # one gap before the body: the headline, its whitespace and the furniture among them
        lead = cut + sum(n for at, n in gaps if at <= cut)
        gaps = [(0, lead)] + [(at - cut, n) for at, n in gaps if at > cut]
    added = np.zeros(0, np.int64)
    if spelled and places:
        body, gaps, added = _spell_ligatures(body, gaps)
    elif spelled:
        body = body.translate(_SPELL)
    # a line left out many times is one string ("Read more" under every paragraph)
    seen: dict[str, str] = {}
    furniture = [seen.setdefault(line, line) for line in (text[a:b].strip() for a, b in lines)]
    return Body(body, tuple(gaps), bool(cut), tuple(left + furniture) if left else tuple(furniture),
                tuple(text[a:b].strip() for a, b in credits), tuple(text[a:b].strip() for a, b in repeats), added)


def _merged(*spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The ``(start, end)`` spans of all lists, in order, overlapping ones as one."""
    out: list[tuple[int, int]] = []
    for span in sorted(x for s in spans for x in s):
        a, b = span
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append(span)  # the span itself, not a copy: a text of 500,000 furniture lines holds 500,000
    return out


def _spell_ligatures(body: str, gaps: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]], np.ndarray]:
    """``body`` with its ligatures spelled out (:data:`LIGATURES`), ``gaps`` (offsets of ``body``) as
    offsets of the spelled text, and the spelled text's offsets of the letters the ligatures add
    (:attr:`Body.spelled`). Linear in the text: one pass over its code points, whatever the number of
    ligatures and gaps.

    >>> text, gaps, spelled = _spell_ligatures("o\ufb03ce \ufb01le", [(5, 3)])
    >>> text, gaps, spelled.tolist()
    ('office file', [(7, 3)], [2, 3, 8])
    >>> Body(text, tuple(gaps), spelled=spelled).place_span(0, 6), Body(text, tuple(gaps), spelled=spelled).place(8)
    ((0, 4), 8)
    """
    # Offsets in 4 bytes when the spelled text's fit (a ligature adds two letters at most), and the code
    # points read a block at a time: a text of ligatures alone holds as many as it has characters, and
    # whole-text arrays of 8 bytes a character were most of what explaining 10 MB of them cost.
    # Two passes over the blocks: the ligatures counted, then their offsets and the letters each adds
    # (1 or 2) written into arrays made once, so that no list of pieces is joined into a copy.
    dtype = np.int32 if len(body) < _SPELLED_IN_4_BYTES else np.int64
    count = sum(body.count(c) for c in LIGATURES)
    at: np.ndarray = np.empty(count, dtype=dtype)
    extra: np.ndarray = np.empty(count, dtype=_LIGATURE_EXTRA.dtype)
    k = 0
    for a in range(0, len(body), _SPELL_BLOCK):
        codes = np.frombuffer(body[a : a + _SPELL_BLOCK].encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        codes = codes - np.uint32(_FIRST_LIGATURE)  # wraps below U+FB00: no ligature
        here = np.flatnonzero(codes < len(_LIGATURE_EXTRA))
        extra[k : k + len(here)] = _LIGATURE_EXTRA[codes[here]]
        at[k : k + len(here)] = here
        at[k : k + len(here)] += a
        k += len(here)
        del codes, here
    # A gap before body offset ``g`` lies before the spelled offset ``g`` + the letters added before ``g``: the
    # sums of ``extra`` up to each gap's first ligature after it, read by one reduceat (the gaps are in order).
    first_after = np.searchsorted(at, [g for g, _ in gaps], side="left")
    cuts = np.concatenate(([0], first_after))
    sums = np.add.reduceat(np.append(extra, 0), cuts, dtype=np.int64)[:-1] if gaps else np.zeros(0, np.int64)
    sums[cuts[1:] == cuts[:-1]] = 0  # (reduceat gives an element, not 0, for an empty stretch)
    added = np.cumsum(sums).tolist()
    moved = [(g + a, n) for (g, n), a in zip(gaps, added)]
    # each added letter: its ligature's spelled offset (its offset + the letters added before it) + 1, 2, ...,
    # a block of ligatures at a time (no array of the letters added before each: 4 or 8 bytes a ligature)
    total = 0
    for lo in range(0, len(at), _SPELL_BLOCK):
        part = extra[lo : lo + _SPELL_BLOCK]
        before: np.ndarray = np.cumsum(part, dtype=dtype)
        before -= part
        before += total + 1
        at[lo : lo + _SPELL_BLOCK] += before
        total += int(part.sum(dtype=np.int64))
    spelled: np.ndarray
    if len(extra) == total:  # one letter added by each (fi, fl, ff, st): the usual case
        spelled = at
    else:  # an ffi or ffl adds two letters: the second is one on from the first
        spelled = np.repeat(at, extra)
        spelled[1:] += spelled[1:] == spelled[:-1]
    return body.translate(_SPELL), moved, spelled


def bodies(texts: Sequence[str], titles: Sequence[str | None]) -> list[str]:
    r"""The bodies of ``texts`` (:func:`read_body`); a text with nothing left out is the same object.

    >>> bodies(["Budget passes\nThe council voted.", "Budget passes"], ["Budget passes", None])
    ['The council voted.', 'Budget passes']
    """
    out = list(texts)
    utf8 = [t.encode("utf-8", "surrogatepass") for t in texts]
    repeats = _repeated_sentences(utf8)
    may = _may_find(utf8)
    encoded = cast("list[bytes | None]", utf8)  # the same list: an entry set to None is let go
    del utf8
    for i, (text, title) in enumerate(zip(texts, titles)):
        if may[i] & _MAY_LIGATURE:  # spelled out, its body is another text: its UTF-8 is not kept while it is read
            encoded[i] = None
        body = _read(text, title, repeats[i], may[i], places=False)
        if body.text is not text:
            out[i] = body.text
    # one pass over all the texts (as read_body does for one), with the UTF-8 of those that are their own body
    return _requote(out, [data if body is text else None for data, body, text in zip(encoded, out, texts)])


# --- quotation marks ------------------------------------------------------------------------------------
# British, Australian, Irish and Indian outlets quote speech in single marks (‘I was there,’ she said),
# American ones in double. Read apart, the house style moved scores (an audit, session 30: an Australian
# court report fell from 0.78 to 0.66 with its quotes in single marks, the writing-pattern n-grams
# reading ``'`` as an apostrophe's mark), so the body reads a quote of speech in single marks as one in
# double marks: one character for one, at the same places (:func:`requote`).

#: Bytes of a word: ASCII letters and digits, and every byte of a character beyond ASCII but 0xE2, which
#: opens the general punctuation (” — …). A single quote between two of them is an apostrophe ("don't",
#: "don’t"), neither opening nor closing a quote.
_WORDLIKE = np.zeros(256, dtype=bool)
_WORDLIKE[[*range(0x30, 0x3A), *range(0x41, 0x5B), *range(0x61, 0x7B), *range(0x80, 0xE2), *range(0xE3, 0x100)]] = True
#: Bytes after which a straight ``'`` opens a quote (besides a line's start): a space, an opening bracket,
#: a double quote.
_BEFORE_OPENING = np.zeros(256, dtype=bool)
_BEFORE_OPENING[list(b' \t\r\n([{"')] = True
_SPACES = np.zeros(256, dtype=bool)
_SPACES[list(b" \t\r\n")] = True


def single_quote_pairs(data: np.ndarray, breaks: np.ndarray, e2: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The quotes in single quotation marks of ``data`` (lines starting at ``breaks``; ``e2`` the
    positions of its 0xE2 bytes, which begin ‘ and ’), as the positions of their opening and closing
    marks, both sorted.

    A single quote is also an apostrophe, so marks are read by what stands around them: ‘ opens; ``'``
    opens at a line's start or after a space, an opening bracket or a double quote, before a word; ’ or
    ``'`` closes after a non-space and before no word (a space, punctuation, the end). An opening mark
    pairs with the first closing mark after it in its line; marks opened before that close are inside
    the quote ("'rock 'n' roll'" is one). An apostrophe that ends a word ("the teachers' union") can close
    a quote early: a quote is never taken to run past one.

    >>> data = np.frombuffer(b"'I won,' she said. Don't 'x\\n' y", dtype=np.uint8)
    >>> opens, closes = single_quote_pairs(data, np.array([0, 29]), np.flatnonzero(data == 0xE2))
    >>> opens.tolist(), closes.tolist()
    ([0], [7])
    """
    n = len(data)
    straight = np.flatnonzero(data == 0x27)
    curly = e2[e2 + 2 < n]
    curly = curly[(data[curly + 1] == 0x80) & ((data[curly + 2] == 0x98) | (data[curly + 2] == 0x99))]
    left = data[curly + 2] == 0x98
    right = curly[~left]
    line_start = _starts_a_line(straight, breaks)
    before = np.where(line_start, 0x0A, data[straight - 1])
    word_after = _WORDLIKE[_byte_at(data, straight + 1)]
    opens = straight[(line_start | _BEFORE_OPENING[before]) & word_after]
    closes = straight[~line_start & ~_SPACES[before] & ~word_after]
    line_start = _starts_a_line(right, breaks)
    before = np.where(line_start, 0x0A, data[right - 1])
    right = right[~line_start & ~_SPACES[before] & ~_WORDLIKE[_byte_at(data, right + 3)]]
    opens = np.sort(np.concatenate([opens, curly[left]]))  # two sorted runs of distinct positions
    closes = np.sort(np.concatenate([closes, right]))
    if not len(opens) or not len(closes):
        return opens[:0], closes[:0]
    k = np.searchsorted(closes, opens, side="right")  # each opening mark's first closing mark after it
    paired = k < len(closes)
    opens, close = opens[paired], closes[k[paired]]
    line_end = np.append(breaks, n + 1)[np.searchsorted(breaks, opens, side="right")]
    in_line = close < line_end
    opens, close = opens[in_line], close[in_line]
    # Opening marks that share a closing mark (sorted: each run of equal ones): the first opens the quote,
    # the others are inside it.
    first = np.ones(len(close), dtype=bool)
    np.not_equal(close[1:], close[:-1], out=first[1:])
    return opens[first], close[first]


def _starts_a_line(at: np.ndarray, breaks: np.ndarray) -> np.ndarray:
    """Whether each position ``at`` is one of ``breaks`` (sorted; ``breaks[0]`` is 0)."""
    found: np.ndarray = breaks[np.searchsorted(breaks, at, side="right") - 1] == at
    return found


def _byte_at(data: np.ndarray, at: np.ndarray) -> np.ndarray:
    """The bytes of ``data`` at ``at``, 0 past its end."""
    return np.where(at < len(data), data[np.minimum(at, len(data) - 1)], 0)


#: The fewest words of a quote in single marks read as speech (and its marks as double ones) when it does
#: not end with a sentence's punctuation.
_SPEECH_WORDS = 4
_SENTENCE_END = np.zeros(256, dtype=bool)
_SENTENCE_END[list(b",.?!")] = True
#: The UTF-8 of “ ” „ by their third byte (after 0xE2 0x80), the double quotes besides ``"``.
_DOUBLE_THIRD_BYTES = np.array([0x9C, 0x9D, 0x9E], dtype=np.uint8)


def double_quote_marks(data: np.ndarray, e2: np.ndarray) -> np.ndarray:
    """The sorted positions of the double quotes of ``data`` (``"`` “ ” „; ``e2`` the positions of its
    0xE2 bytes, which begin the curly ones).

    >>> data = np.frombuffer("a “b” \u201ec".encode(), dtype=np.uint8)
    >>> double_quote_marks(data, np.flatnonzero(data == 0xE2)).tolist()
    [2, 6, 10]
    """
    curly = e2[e2 + 2 < len(data)]
    curly = curly[(data[curly + 1] == 0x80) & np.isin(data[curly + 2], _DOUBLE_THIRD_BYTES)]
    # two sorted runs of distinct positions (a byte is '"' or 0xE2), which a stable sort merges (5x faster than
    # np.union1d, which sorts them anew)
    return np.sort(np.concatenate([np.flatnonzero(data == 0x22), curly]), kind="stable")


def requote(texts: Sequence[str]) -> list[str]:
    """``texts`` with each pair of single quotation marks (:func:`single_quote_pairs`) that quotes speech
    read as double quotes: ``'`` as ``"``, ‘ as “ and ’ as ”, one character for one. Speech is a quote
    of four words or more, or one that ends with its sentence's punctuation (‘Yes,’ she said); shorter
    ones are scare quotes (so-called ‘experts’) and keep their marks, as do quotes nested in double ones
    (so that those still pair: “He said ‘no’.”). A text with no such pair is the same object.

    >>> requote(["‘I won,’ she said. Don’t.", "He said: “it is ‘fine’ now”", "So-called ‘experts’ agree"])
    ['“I won,” she said. Don’t.', 'He said: “it is ‘fine’ now”', 'So-called ‘experts’ agree']
    """
    return _requote(texts, [None] * len(texts))


def _requote(texts: Sequence[str], known: Sequence[bytes | None]) -> list[str]:
    """:func:`requote`, with the UTF-8 of some of ``texts`` given (``known``: None for the others)."""
    out = list(texts)
    todo = [i for i, t in enumerate(texts) if "'" in t or "‘" in t or "’" in t]
    if not todo:
        return out
    encoded = [texts[i].encode("utf-8", "surrogatepass") if (given := known[i]) is None else given for i in todo]
    joined = bytearray(b"\n").join(encoded)  # a line break between texts: no pair runs from one to the next
    data = np.frombuffer(joined, dtype=np.uint8)  # a view: the marks are rewritten in ``joined`` itself
    breaks = np.flatnonzero(data == 0x0A) + 1
    breaks = np.concatenate([[0], breaks[breaks < len(data)]])
    e2 = np.flatnonzero(data == 0xE2)
    opens, closes = single_quote_pairs(data, breaks, e2)
    if not len(opens):
        return out
    marks = double_quote_marks(data, e2)
    line = breaks[np.searchsorted(breaks, opens, side="right") - 1]
    alone = (np.searchsorted(marks, opens) - np.searchsorted(marks, line)) % 2 == 0  # not inside double quotes
    # Speech, not scare quotes: a quote of at least _SPEECH_WORDS words, or one that ends with its
    # sentence's punctuation (‘I was there,’). Scare quotes ("so-called ‘experts’") are a mark of
    # their own, read as the writer set them.
    length = closes - opens  # >= 1; the quotes are apart, so their bytes are few: only those are read
    first = np.zeros(len(opens), dtype=np.int64)
    np.cumsum(length[:-1], out=first[1:])
    inside = np.repeat(opens - first, length) + np.arange(int(length.sum()), dtype=np.int64)
    words = np.add.reduceat((data[inside] == 0x20).astype(np.int64), first) + 1
    speech = (words >= _SPEECH_WORDS) | _SENTENCE_END[data[closes - 1]]
    opens, closes = opens[alone & speech], closes[alone & speech]
    if not len(opens):
        return out
    for at, third in ((opens, 0x9C), (closes, 0x9D)):
        straight = at[data[at] == 0x27]
        data[straight] = 0x22
        curly = at[data[at] == 0xE2]
        data[curly + 2] = third
    changed = np.zeros(len(encoded), dtype=bool)
    starts = np.zeros(len(encoded), dtype=np.int64)
    np.cumsum([len(x) + 1 for x in encoded[:-1]], out=starts[1:])
    changed[np.searchsorted(starts, opens, side="right") - 1] = True
    for k in np.flatnonzero(changed).tolist():
        a = int(starts[k])
        out[todo[k]] = joined[a : a + len(encoded[k])].decode("utf-8", "surrogatepass")
    return out


# --- sentences repeated word for word ---------------------------------------------------------------------
# A sentence written twice says nothing new, and each copy counted again: an audit (session 30) repeated
# one line ("'This is a matter of public record,' said Dr. John Smith, a professor at Oxford University,
# on Monday.") ten times at the end of a conspiracy post and raised it from 0.12 to 0.61. Scraped pages
# repeat sentences too (pull quotes, captions printed twice). A copy of a sentence of at least
# REPEAT_MIN_BYTES is left out of the body, the first kept (:func:`repeated_sentences`).

#: The shortest sentence (in UTF-8 bytes, spaces at its ends aside) a repeat of which is left out.
REPEAT_MIN_BYTES = 30
#: The blanks: a sentence's last mark (".", "!" or "?") before one ends it.
_BLANK = np.zeros(256, dtype=bool)
_BLANK[list(b" \t\r\n")] = True
_BLANK_BYTES = b" \t\r\n"
#: A sentence's last marks, for bytes.translate: 1 for ".", "!" and "?", 0 for every other byte.
_MARK_BYTES = bytes(int(b in b".!?") for b in range(256))


def repeated_sentences(texts: Sequence[str]) -> list[list[tuple[int, int]]]:
    """Per text, the ``(start, end)`` character spans of the sentences that repeat, word for word, one
    earlier in the same text (each with the whitespace after it).

    A sentence ends at ``.``, ``!`` or ``?`` and the whitespace character after it, and at each line
    break; only sentences of :data:`REPEAT_MIN_BYTES` bytes or more count (the blanks at their ends
    aside), and a copy is one byte for byte (spacing included). Candidates are found by length and byte sum, and confirmed by their bytes.

    >>> s = "The council voted on Monday to close the pool. "
    >>> repeated_sentences([s * 3 + "It reopens.", "Short. Short. Short.", "x"])
    [[(47, 94), (94, 141)], [], []]
    """
    return _repeated_sentences([t.encode("utf-8", "surrogatepass") for t in texts])  # (joined as str first: 4x slower)


def _repeated_sentences(encoded: Sequence[bytes]) -> list[list[tuple[int, int]]]:
    """:func:`repeated_sentences` of the texts whose UTF-8 is ``encoded``."""
    out: list[list[tuple[int, int]]] = [[] for _ in encoded]
    if not any(len(e) >= 2 * REPEAT_MIN_BYTES for e in encoded):
        return out
    joined = b"\n".join([*encoded, b""])  # a line break between texts, and one at the end
    data = np.frombuffer(joined, dtype=np.uint8)
    n = len(data)
    starts = np.zeros(len(encoded), dtype=np.int64)
    np.cumsum([len(e) + 1 for e in encoded[:-1]], out=starts[1:])
    ends = starts + np.fromiter((len(e) for e in encoded), dtype=np.int64, count=len(encoded))
    # A piece runs from a cut to the blank before the next: cuts are after a line break, and after the
    # blank that follows a sentence's last mark (found from the marks, which are far fewer than the
    # blanks: 0.9 against 3.2 ms/MB; the final line break is no mark, so a mark is never the last byte).
    # The marks are read by bytes.translate, at memory speed (0.8 against 1.2 ms/MB for three comparisons).
    marks = np.flatnonzero(np.frombuffer(joined.translate(_MARK_BYTES), dtype=bool)) + 1
    stop = marks[_BLANK[data[marks]]]
    cuts = np.concatenate([stop + 1, np.flatnonzero(data == 0x0A) + 1, starts])
    cuts.sort(kind="stable")  # three sorted runs, which a stable sort merges (15x faster than the default)
    cuts = cuts[np.append(True, cuts[1:] != cuts[:-1]) & (cuts < n)]
    first = cuts
    last = np.append(cuts[1:], n) - 1  # the blank (or line break) before the next cut
    keep = last - first >= REPEAT_MIN_BYTES
    first, last = first[keep], last[keep]
    if len(first) < 2:
        return out
    doc = np.searchsorted(starts, first, side="right") - 1
    # Candidates: pieces of one text with the same length, then the same bytes where they are sampled
    # (_sampled_key); all their bytes decide.
    pick = _shared(doc * n + (last - first))
    first, last, doc = first[pick], last[pick], doc[pick]
    if not len(first):
        return out
    pick = _shared((doc * n + (last - first)) * 65_536 + _sampled_key(data, first, last))
    first, last, doc = first[pick], last[pick], doc[pick]
    seen: set[tuple[int, bytes]] = set()
    repeats = []
    for k, (d, a, b) in enumerate(zip(doc.tolist(), first.tolist(), last.tolist())):  # in order: the first is kept
        sentence = (d, joined[a:b])
        if len(sentence[1].strip(_BLANK_BYTES)) < REPEAT_MIN_BYTES:  # a piece's blanks at its ends are no sentence
            continue
        if sentence in seen:
            repeats.append(k)
        else:
            seen.add(sentence)
    if not repeats:
        return out
    rep = np.array(repeats, dtype=np.int64)
    d = doc[rep]
    lo = first[rep]
    hi = np.minimum(last[rep] + 1, ends[d])  # with the blank after it, within its text
    # Character offsets in its text: a byte's offset less the continuation bytes before it, counted in the
    # texts with repeats alone (in order of ``d``), and in none that is ASCII.
    lo_chars = lo - starts[d]
    hi_chars = hi - starts[d]
    for k in np.unique(d).tolist():
        if encoded[k].isascii():
            continue
        a = int(starts[k])
        continuation = np.flatnonzero((data[a : a + len(encoded[k])] & 0xC0) == 0x80) + a
        i, j = np.searchsorted(d, [k, k + 1]).tolist()
        lo_chars[i:j] -= np.searchsorted(continuation, lo[i:j])
        hi_chars[i:j] -= np.searchsorted(continuation, hi[i:j])
    for k, s, e in zip(d.tolist(), lo_chars.tolist(), hi_chars.tolist()):
        out[k].append((s, e))
    return out


#: Where a candidate is sampled (:func:`_sampled_key`): 8 bytes a place.
_EIGHT = np.arange(8, dtype=np.int64)
_MIX = np.uint64(0x9E3779B97F4A7C15)  # an odd multiplier (Fibonacci hashing): each bit moves the high ones


def _sampled_key(data: np.ndarray, first: np.ndarray, last: np.ndarray) -> np.ndarray:
    """A key of 16 bits of the bytes ``data[first[k]:last[k]]`` for each ``k`` (every span 8 bytes or
    longer), read from 8 bytes at its start, its middle and its end: spans alike to the byte have the same
    key, and a span costs the same however long it is. (Its bytes' sum, read before, cost 1 ms/MB of text
    and kept 114 candidates of 6,056 in 4 MB of the shared corpora, where this keeps 124.)

    >>> data = np.frombuffer(b"one two three four five|one two three four five|one two three four fivE", dtype=np.uint8)
    >>> key = _sampled_key(data, np.array([0, 24, 48]), np.array([23, 47, 71]))
    >>> bool(key[0] == key[1]), bool(key[0] == key[2]), bool(0 <= key.min() and key.max() < 65_536)
    (True, False, True)
    """
    at = np.stack([first, (first + last) // 2 - 4, last - 8], axis=1)
    words = data[at[:, :, None] + _EIGHT].view("<u8")[:, :, 0]  # the three places' bytes, as integers
    mixed = words[:, 0] * _MIX
    mixed = (mixed ^ words[:, 1]) * _MIX
    mixed = (mixed ^ words[:, 2]) * _MIX
    key: np.ndarray = (mixed >> np.uint64(48)).astype(np.int64)
    return key


def _shared(key: np.ndarray) -> np.ndarray:
    """The positions of ``key`` whose value occurs more than once, in order."""
    order = np.argsort(key, kind="stable")
    ranked = key[order]
    same = ranked[1:] == ranked[:-1]
    shared = np.zeros(len(key), dtype=bool)
    shared[order[1:][same]] = True
    shared[order[:-1][same]] = True
    return np.flatnonzero(shared)
