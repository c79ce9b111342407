"""How a text is read, character by character in plain Python: the oracle for credscore._tokens' reading.

The scorer reads a text through a code-point table in NumPy blocks, finds HTML character references with
one regular expression and maps positions back with arrays. This reads it one character at a time from
the same data (credscore._tokens.READ_AS, and the standard library's tables of HTML references), so a
slip in the blocks, the table look-up or the position arrays shows as a difference.
"""

from __future__ import annotations

import html
import html.entities
import re

from credscore._tokens import CAPS_MIN, CAPS_RATIO, COMBINING, HTML_BLOCK, HTML_HIDDEN, HTML_INLINE, HTML_MAX, READ_AS

_ACCENT_FIRST, _ACCENT_LAST = COMBINING


def _attached(ch: str, before: str) -> bool:
    """Whether ``ch`` belongs to the character ``before`` it: a combining accent (not the grapheme joiner), or
    a variation selector (U+FE00-FE0F, U+E0100-E01EF) after a symbol, emoji or ideograph (U+2000 and up:
    "\u2757\ufe0f" is one emoji; after a letter it is an invisible character put into a word)."""
    o = ord(ch)
    if _ACCENT_FIRST <= o <= _ACCENT_LAST:
        return ch != "\u034f"
    return (0xFE00 <= o <= 0xFE0F or 0xE0100 <= o <= 0xE01EF) and ord(before) >= 0x2000

_NAMED = {k[:-1]: v for k, v in html.entities.html5.items() if k.endswith(";") and len(v) == 1}
_AT_AMPERSAND = re.compile(r"&(?:#[xX]([0-9a-fA-F]+)|#([0-9]+)|([A-Za-z][A-Za-z0-9]*));")


def _reference(text: str, i: int) -> tuple[str, int] | None:
    """The character a reference at ``text[i]`` stands for and where the reference ends, or None."""
    m = _AT_AMPERSAND.match(text, i)
    if m is None:
        return None
    hexa, dec, name = m.groups()
    if name is not None:
        return (_NAMED[name], m.end()) if 2 <= len(name) <= 31 and name in _NAMED else None
    digits = hexa if hexa is not None else dec
    if len(digits) > (6 if hexa is not None else 7):
        return None
    cp = int(digits, 16 if hexa is not None else 10)
    if 0x80 <= cp <= 0x9F:  # HTML reads these as Windows-1252 (the standard library's own table)
        return html._invalid_charrefs.get(cp, chr(cp)), m.end()  # type: ignore[attr-defined]
    if cp == 0 or cp > 0x10FFFF or 0xD800 <= cp <= 0xDFFF:
        return None
    return chr(cp), m.end()


def _is_letter(c: str) -> bool:
    """A letter as ``re`` reads ``[^\\W\\d_]``: alphanumeric, not a decimal digit, not "_"."""
    return c.isalnum() and not c.isdecimal()


def _lines(text: str) -> list[tuple[int, int]]:
    """Each line of ``text`` (split at "\\n") as (start, end without its trailing whitespace), one character at
    a time."""
    lines = []
    start = 0
    for i, c in enumerate(text + "\n"):
        if c == "\n":
            end = i
            while end > start and text[end - 1].isspace():
                end -= 1
            lines.append((start, end))
            start = i + 1
    return lines


def _several_words(line: str) -> bool:
    """A space between two characters that are no whitespace."""
    chars = [i for i, c in enumerate(line) if not c.isspace()]
    return any(c == " " for c in line[chars[0] : chars[-1]]) if chars else False


def line_breaks(text: str) -> tuple[set[int], set[int]]:
    """The characters read as a space (a hard-wrapped text's full lines' breaks, with a "\\r" before them),
    and those dropped (a letter, "-", "\\r"?, "\\n", a lowercase ASCII letter: the "-" to the "\\n"), as
    the docstring of credscore._tokens._wrapped_lines states the rule."""
    drops: set[int] = set()
    for i in range(1, len(text) - 2):
        if text[i] == "-" and _is_letter(text[i - 1]):
            nl = i + 1 if text[i + 1] == "\n" else i + 2 if text[i + 1 : i + 3] == "\r\n" else None
            if nl is not None and nl + 1 < len(text) and "a" <= text[nl + 1] <= "z":
                drops.update(range(i, nl + 1))
    lines = _lines(text)
    texts = [text[a:b] for a, b in lines]
    spaces: set[int] = set()
    if len(lines) < 3 or any(len(t) > 150 and _several_words(t) for t in texts):
        return spaces, drops
    width = max([len(t) for t in texts if _several_words(t)], default=0)
    if width < 30:
        return spaces, drops
    full, evidence, mid = [], 0, 0
    for k in range(len(lines) - 1):
        line, after = texts[k], texts[k + 1]
        if not line or not after or after[0].isspace():
            continue
        is_full = len(line) + 1 + len(after.split()[0]) > width or 4 * len(line) >= 3 * width
        ends_sentence = line.rstrip("\"')]")[-1:] in {".", "!", "?"}
        if is_full:
            full.append(k)
        if not ends_sentence:
            mid += 1
            evidence += is_full
    if evidence >= 2 and 2 * evidence >= mid:
        for k in full:
            nl = lines[k + 1][0] - 1
            spaces.add(nl)
            if text[nl - 1] == "\r":
                spaces.add(nl - 1)
    return spaces, drops


def markdown_marks(text: str) -> set[int]:
    """Markdown's marks in ``text``, as credscore._tokens._markdown's docstring states the rule, one character
    at a time: emphasis paired on a line, links, headings' and list items' marks at a line's start."""
    drops: set[int] = set()
    # Emphasis: runs of one "*" or "_" character, 1-3 long, paired left to right on one line.
    open_: dict[str, int] = {}
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\n":
            open_.clear()
        if c not in "*_":
            i += 1
            continue
        j = i
        while j < len(text) and text[j] == c:
            j += 1
        mark = text[i:j]
        if len(mark) <= 3:
            before = text[i - 1] if i else " "
            after = text[j] if j < len(text) else " "
            start = open_.pop(mark, None)
            if start is not None and i - start > 200:
                start = None
            if start is not None and not before.isspace() and not after.isalnum():
                drops.update(range(start, start + len(mark)))
                drops.update(range(i, j))
            else:
                if start is not None:
                    open_[mark] = start  # still open
                if not after.isspace() and not before.isalnum():
                    open_[mark] = i
        i = j
    # Links: "[text](address)", text 1-300 characters without a bracket or line break, the address 1-2000
    # without a parenthesis or whitespace; left to right, each found one skipped whole.
    i = 0
    while i < len(text):
        if text[i] == "[":
            j = i + 1
            while j < len(text) and text[j] not in "[]\n":
                j += 1
            if j < len(text) and text[j] == "]" and 1 <= j - i - 1 <= 300 and text[j + 1 : j + 2] == "(":
                k = j + 2
                while k < len(text) and text[k] not in "()" and not text[k].isspace():
                    k += 1
                if k < len(text) and text[k] == ")" and 1 <= k - j - 2 <= 2000:
                    if i and text[i - 1] == "!":
                        drops.add(i - 1)
                    drops.add(i)
                    drops.update(range(j, k + 1))
                    i = k + 1
                    continue
        i += 1
    # A heading's "#" (1-6) or a list item's "*" or "+", at a line's start after at most three spaces or
    # tabs, a space or tab after it.
    for start in [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]:
        i = start
        while i < len(text) and i - start < 3 and text[i] in " \t":
            i += 1
        j = i
        while j < len(text) and text[j] == "#":
            j += 1
        if 1 <= j - i <= 6 and text[j : j + 1] in (" ", "\t"):
            drops.update(range(i, j))
        elif text[i : i + 1] in ("*", "+") and text[i + 1 : i + 2] in (" ", "\t"):
            drops.add(i)
    return drops


def web_addresses(text: str) -> set[int]:
    """Web addresses with their scheme, as credscore._tokens._addresses's docstring states the rule, one
    character at a time: from each "://" (the next one looked for after the address) to whitespace, a quote
    or a bracket, less the sentence's marks that end it, and back over its scheme."""
    drops: set[int] = set()
    i = 0
    while i < len(text):
        if text[i : i + 3] != "://":
            i += 1
            continue
        z = i + 3
        while z < len(text) and not text[z].isspace() and text[z] not in "<>\"'()[]{}":
            z += 1
        a = i
        while a > 0 and i - a < 10 and (text[a - 1].isascii() and (text[a - 1].isalnum() or text[a - 1] in "+-")):
            a -= 1
        while a < i and not text[a].isalpha():
            a += 1
        glued = a > 0 and (text[a - 1].isalnum() or text[a - 1] == "_")
        if a < i and not glued:
            end = z
            while end > i + 3 and text[end - 1] in ".,;:!?":
                end -= 1
            drops.update(range(a, end))
        i = z
    return drops


def _tag_end(text: str, i: int) -> tuple[int, str | None, bool] | None:
    """The tag or declaration starting at ``text[i]`` (a "<"): where it ends, its name in lower case (None for a
    declaration) and whether it is an end tag; None if there is none."""
    j = i + 1
    end = text[j : j + 1] == "/"
    if text[j : j + 1] == "!" and text[j + 1 : j + 2].isascii() and text[j + 1 : j + 2].isalpha():
        name = None
        j += 1
    else:
        j += end
        k = j
        while k < len(text) and text[k].isascii() and text[k].isalnum():
            k += 1
        name = text[j:k]
        if not 1 <= len(name) <= 10 or not name[0].isalpha() or k == len(text) or not (text[k].isspace() or text[k] in "/>"):
            return None
        j = k
    k = j
    while k < len(text) and text[k] not in "<>" and k - j < HTML_MAX:
        k += 1
    if k < len(text) and text[k] == ">":
        return k + 1, None if name is None else name.lower(), end
    return None


def html_markup(text: str) -> tuple[set[int], set[int]]:
    """HTML's markup, as credscore._tokens._html's docstring states the rule, one character at a time: the
    characters dropped (inline tags, declarations, comments, scripts and styles) and the first characters of
    block tags (read as a line break unless dropped; the rest of a block tag is in the first set)."""
    drops: set[int] = set()
    breaks: set[int] = set()
    hidden_at, hidden = -1, ""
    i = 0
    while i < len(text):
        tag = _tag_end(text, i) if text[i] == "<" else None
        if tag is None:
            i += 1
            continue
        z, name, end = tag
        if name is None or name in HTML_INLINE:
            drops.update(range(i, z))
        elif name in HTML_BLOCK:
            breaks.add(i)
            drops.update(range(i + 1, z))
        if name in HTML_HIDDEN:
            if not end and (hidden_at < 0 or i - hidden_at > HTML_MAX):
                hidden_at, hidden = i, name
            elif end and hidden_at >= 0 and name == hidden:
                if z - hidden_at <= HTML_MAX:
                    drops.update(range(hidden_at, z))
                hidden_at = -1
        i = z
    i = 0
    while i < len(text):  # comments: "<!--" to the first "-->" after it
        if text[i : i + 4] == "<!--":
            j = i + 4
            while j < len(text) and text[j : j + 3] != "-->":
                j += 1
            if j == len(text):
                break
            if j + 3 - i <= HTML_MAX:
                drops.update(range(i, j + 3))
                i = j + 3
                continue
        i += 1
    return drops, breaks - drops


def capitals_kept(text: str) -> set[int] | None:
    """None unless ``text`` is written in capitals (at least CAPS_MIN ASCII capitals, at most one lower-case ASCII
    letter for CAPS_RATIO of them); else the capitals that keep their case, as credscore._tokens._capitals_kept's
    docstring states the rule, one character at a time: a sentence's first letter (at the start, after [.!?],
    closing quotes or brackets and a whitespace, or after a line break; opening quotes, brackets, Markdown's marks
    and whitespace before it) and the pronoun "I"."""
    upper = sum("A" <= c <= "Z" for c in text)
    lower = sum("a" <= c <= "z" for c in text)
    if upper < CAPS_MIN or CAPS_RATIO * lower > upper:
        return None
    kept: set[int] = set()
    pending = True  # at a sentence's start: the next letter keeps its case
    i = 0
    while i < len(text):
        c = text[i]
        if pending and _is_letter(c):
            kept.add(i)
            pending = False
        elif pending and (c.isspace() or c in "\"'([*_#"):
            pass
        else:
            pending = False
            if c == "\n":
                pending = True
            elif c in ".!?":
                j = i + 1
                while j < len(text) and text[j] in "\"')]":
                    j += 1
                if j < len(text) and text[j].isspace():
                    pending = True
                    i = j
        i += 1
    for i, c in enumerate(text):
        if c == "I" and not (i and _is_letter(text[i - 1])) and not (i + 1 < len(text) and _is_letter(text[i + 1])):
            kept.add(i)
    return kept


def reference_read(text: str) -> tuple[str, list[int], list[int]]:
    """``text`` as read, and where each read character's source starts and ends in ``text``."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    spaces, drops = line_breaks(text)
    tags, breaks = html_markup(text)
    capitals = capitals_kept(text)
    drops |= markdown_marks(text) | web_addresses(text) | tags
    i = 0
    while i < len(text):
        ref = _reference(text, i) if text[i] == "&" else None
        c, end = ref if ref is not None else (" " if i in spaces else "\n" if i in breaks else text[i], i + 1)
        if i in drops:  # dropped by the layout: a character, or a whole reference whose "&" is
            i = end
            continue
        c = READ_AS.get(ord(c), c)
        if c is not None and capitals is not None and "A" <= c <= "Z" and i not in capitals:
            c = c.lower()  # a text written in capitals, read in sentence case
        if c is not None:
            out.append(c)
            starts.append(i)
            ends.append(end)
        elif ref is None and ends and ends[-1] == i and _attached(text[i], text[i - 1]):
            ends[-1] = end  # a combining accent written after a character is part of it (not the grapheme joiner)
        i = end
    return "".join(out), starts, ends


def read(text: str) -> str:
    """``text`` as read (see :func:`reference_read`)."""
    return reference_read(text)[0]
