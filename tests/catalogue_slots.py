"""Generated examples for every word of the catalogue's nested word lists ("slot substitution").

A word list nested in a pattern (``(?:unnamed|anonymous|unidentified)``) is
pinned alternative by alternative: for each alternative there is a stored text
that fires the signal *only because of that alternative*, so a catalogue that
loses it fails ``test_catalogue_coverage.py::test_generated_text_fires_its_signal``.

How a text is made, for the alternative ``alt`` of the alternation ``G`` in
pattern ``P`` of signal ``S``:

1. Take a text of the catalogue (``S``'s examples first, then every other
   example of the same scope) on which ``P`` matches (Python :mod:`re`, which
   reads the catalogue's syntax, ``(?-i:...)`` included) with ``G`` taking part
   in the match; the substring ``G`` matched is the *slot*.
2. Replace the slot with a literal instance of ``alt`` generated from its
   parse tree (:mod:`re._parser`): the first branch of an inner alternation,
   the fewest repeats, the first character of a class (two variants: with and
   without optional single characters, "rumours" and "rumrs").
3. If ``G`` takes part in no match, go one level out: the enclosing
   alternation (or the whole match of ``P``) is the slot, and its instance is
   generated with ``G`` forced to ``alt``.
4. Keep the first text on which the real signal fires (the compiled
   catalogue, validators included) while the signal with ``P`` minus ``alt``
   would not: no other pattern of ``S`` fires alone, and the mutant pattern
   has no match its validator accepts (:func:`mutant_fires`).

The texts are stored in ``tests/data/catalogue_slots.json`` (regenerate with
``.venv/bin/python tests/catalogue_slots.py --write`` after changing a word
list, and review the diff). Stored rather than regenerated inside the test,
because a catalogue that has lost a word no longer generates a text for it.
"""

from __future__ import annotations

import hashlib
import importlib
import itertools
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from credscore import CATALOGUE, Pattern, Signal
from credscore import _signals as S
from credscore._api import default_matcher
from credscore._engine import _VALIDATE_WINDOW, to_byte_regex

try:  # the regular expression parser: re._parser from Python 3.11, sre_parse before
    C: Any = importlib.import_module("re._constants")
    P: Any = importlib.import_module("re._parser")
except ImportError:  # pragma: no cover - Python 3.10
    C = importlib.import_module("sre_constants")
    P = importlib.import_module("sre_parse")

STORE = Path(__file__).resolve().parent / "data" / "catalogue_slots.json"

# --- the alternations of a pattern ---------------------------------------------------
# Building blocks shared by several patterns: their inner alternatives are not
# mutated (pinned by the span tables of test_signals.py instead).
SHARED_BLOCKS = sorted(
    {
        S.APOS, S.OPEN_Q, S.CLOSE_Q, S.ANY_Q, S.NAME, S.ROLE, S._TITLE, S._HONORIFIC, S._ROLE_ADJ,
        S._SPEECH, S._WORD, S._CAP_WORD, S._OF_ORG, S._DISPUTED_OBJECT, S._DISMISSIVE_LABEL, S._MONTH,
        S._NUM,
    },
    key=len,
    reverse=True,
)


def _skip_class(rx: str, i: int) -> int:
    """Index just past the character class that opens at ``rx[i] == "["``."""
    j = i + 1
    if rx[j : j + 1] == "^":
        j += 1
    if rx[j : j + 1] == "]":
        j += 1
    while rx[j] != "]":
        j += 2 if rx[j] == "\\" else 1
    return j + 1


def _shared_regions(rx: str) -> list[tuple[int, int]]:
    regions: list[tuple[int, int]] = []
    for block in SHARED_BLOCKS:
        start = rx.find(block)
        while start != -1:
            regions.append((start, start + len(block)))
            start = rx.find(block, start + 1)
    return regions


def _split(start: int, end: int, bars: list[int]) -> list[tuple[int, int]]:
    edges = [start - 1, *bars, end]
    return [(edges[k] + 1, edges[k + 1]) for k in range(len(edges) - 1)]


def alternations(rx: str) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """Every alternation in ``rx``: (content start, content end, [(alt start, alt end)]).

    The whole pattern counts as a group (its top-level alternatives). Groups
    that lie inside a shared building block are left out.
    """
    out: list[tuple[int, int, list[tuple[int, int]]]] = []
    stack: list[tuple[int, list[int]]] = [(0, [])]
    i = 0
    while i < len(rx):
        c = rx[i]
        if c == "\\":
            i += 2
        elif c == "[":
            i = _skip_class(rx, i)
        elif c == "(":
            j = i + 1
            for prefix in ("?:", "?-i:"):
                if rx.startswith(prefix, j):
                    j += len(prefix)
                    break
            else:
                assert not rx.startswith("?", j), f"unexpected group syntax {rx[i : i + 6]!r}"
            stack.append((j, []))
            i = j
        elif c == "|":
            stack[-1][1].append(i)
            i += 1
        elif c == ")":
            start, bars = stack.pop()
            if bars:
                out.append((start, i, _split(start, i, bars)))
            i += 1
        else:
            i += 1
    start, bars = stack.pop()
    assert not stack, "unbalanced parentheses"
    if bars:
        out.append((start, len(rx), _split(start, len(rx), bars)))
    shared = _shared_regions(rx)
    return [g for g in out if not any(a <= g[0] and g[1] <= b for a, b in shared)]


def nested_alternatives(sig: Signal, pat: Pattern) -> Iterator[tuple[str, int, int, tuple[int, int], str]]:
    """(key, group start, group end, (alt start, alt end), mutant regex) for every
    alternative of every alternation nested in ``pat`` (not the top level)."""
    rx = pat.regex
    seen: dict[str, int] = {}
    for start, end, alts in alternations(rx):
        if start == 0 and end == len(rx):
            continue
        group = rx[start:end]
        k = seen[group] = seen.get(group, 0) + 1
        # Long lists are named by their start and a digest (keys stay short and stable).
        where = group if len(group) <= 100 else f"{group[:60]}... {hashlib.sha256(group.encode()).hexdigest()[:8]}"
        where = where if k == 1 else f"{where} #{k}"
        for a, b in alts:
            kept = "|".join(rx[x:y] for x, y in alts if (x, y) != (a, b))
            key = f"{sig.name}/{pat.name}: {rx[a:b]} in ({where})"
            yield key, start, end, (a, b), rx[:start] + kept + rx[end:]


def all_nested() -> dict[str, tuple[Signal, Pattern, int, int, tuple[int, int], str]]:
    """Every nested alternative of the catalogue, by key."""
    out: dict[str, tuple[Signal, Pattern, int, int, tuple[int, int], str]] = {}
    for sig in CATALOGUE:
        for pat in sig.patterns:
            for key, start, end, alt, mutant in nested_alternatives(sig, pat):
                assert key not in out, key
                out[key] = (sig, pat, start, end, alt, mutant)
    return out


# --- does a signal, or a mutant pattern, fire? ---------------------------------------
_FLAGS = re.IGNORECASE | re.MULTILINE


def _bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def mutant_fires(sig: Signal, regex: str, text: str) -> bool:
    """Would a signal with the single pattern ``regex`` (and ``sig``'s validator) fire on ``text``?

    An emulation of the engine with Python :mod:`re` on the same UTF-8 bytes
    Hyperscan scans (:func:`~credscore._engine.to_byte_regex`, ASCII case
    folding, multi-line ``^``): without a validator, the signal fires iff the
    pattern matches anywhere. With one, Hyperscan reports every match end with
    its leftmost start and the engine keeps the first candidate the validator
    accepts, so the signal fires iff for some end the text from the leftmost
    start that can reach it (found with a look-ahead pinning the end) is
    accepted. ``test_catalogue_coverage.py`` checks this emulation against the
    compiled pseudo-signals of the top-level mutants.
    """
    data = _bytes(text)
    brx = to_byte_regex(regex)
    if re.search(brx, data, _FLAGS) is None:
        return False
    if sig.validate is None:
        return True
    for j in range(1, len(data) + 1):
        pinned = re.compile(b"(?:" + brx + b")(?=" + re.escape(data[j:]) + b"\\Z)", _FLAGS)
        m = pinned.search(data)
        if m is not None and m.end() == j:
            window = data[m.start() : min(j, m.start() + _VALIDATE_WINDOW)].decode("utf-8", "replace")
            if sig.validate(window):
                return True
    return False


def patterns_firing(text: str, scope: str) -> set[str]:
    """The catalogue patterns ("signal/pattern") that, each on its own, fire on ``text``.

    Read from the raw matches of the session's compiled catalogue (Hyperscan
    reports each pattern's matches independently of the others): a raw match
    whose text its signal's validator accepts.
    """
    comp = default_matcher()._get(scope)
    data = _bytes(text)
    out: set[str] = set()
    for p, start, end in zip(*(a.tolist() for a in comp.scan(data))):
        sig = comp.signals[comp.pattern_signal[p]]
        name = f"{sig.name}/{comp.pattern_names[p]}"
        if name in out:
            continue
        window = data[start : min(end, start + _VALIDATE_WINDOW)].decode("utf-8", "replace")
        if sig.validate is None or sig.validate(window):
            out.add(name)
    return out


def signal_fires(sig: Signal, texts: list[str]) -> list[bool]:
    """Whether the real (compiled) catalogue finds ``sig`` in each text."""
    m = default_matcher()
    counts = m.count(texts, sig.scope)
    return [bool(c) for c in counts[:, m.index(sig.name)].tolist()]


def other_patterns_fire(sig: Signal, pat: Pattern, text: str) -> bool:
    """True if a pattern of ``sig`` other than ``pat`` fires on ``text`` on its own."""
    others = patterns_firing(text, sig.scope)
    return any(f"{sig.name}/{p.name}" in others for p in sig.patterns if p is not pat)


def can_match_exactly(regex: str, data: bytes, start: int, end: int) -> bool:
    """True if ``regex`` has a match of exactly ``data[start:end]`` (the text
    around it seen by ``\\b`` and ``^``, as when Hyperscan scans ``data``)."""
    pinned = re.compile(b"(?:" + to_byte_regex(regex) + b")(?=" + re.escape(data[end:]) + b"\\Z)", _FLAGS)
    return pinned.match(data, start) is not None


def char_to_byte(text: str, i: int) -> int:
    return len(_bytes(text[:i]))


#: How a stored text pins an alternative: the signal fires on it only through
#: the alternative ("fires"); it does not fire, but would without the
#: alternative ("silent": the alternative is an optional prefix that a
#: validator rejects, such as "the" in "the reports said"); it reports an
#: evidence span that only the alternative can produce ("span": the signal
#: fires either way, through a shorter span or another pattern); or the span
#: is reported by this pattern and, without the alternative, could only come
#: from another one ("pattern": the evidence's pattern name changes).
KINDS = ("fires", "silent", "span", "pattern")


def judge(sig: Signal, pat: Pattern, mutant: str, text: str, kinds: tuple[str, ...] = KINDS) -> dict[str, Any] | None:
    """The entry ``text`` gives for the alternative whose removal leaves ``mutant``
    (see :data:`KINDS`), or None if the text cannot tell the mutant apart."""
    fires = signal_fires(sig, [text])[0]
    mutant_signal = other_patterns_fire(sig, pat, text) or mutant_fires(sig, mutant, text)
    if "fires" in kinds and fires and not mutant_signal:
        return {"kind": "fires", "text": text}
    if "silent" in kinds and not fires and mutant_signal:
        return {"kind": "silent", "text": text}
    if ("span" in kinds or "pattern" in kinds) and fires:
        data = _bytes(text)
        for ev in default_matcher().find(text, sig.scope):
            if ev.signal != sig.name or ev.pattern != pat.name:
                continue
            s, e = char_to_byte(text, ev.start), char_to_byte(text, ev.end)
            if can_match_exactly(mutant, data, s, e):
                continue
            others = any(can_match_exactly(p.regex, data, s, e) for p in sig.patterns if p is not pat)
            for kind in ("span", "pattern"):
                if kind in kinds and (kind == "pattern" or not others):
                    return {"kind": kind, "text": text, "start": ev.start, "end": ev.end}
    return None


def check(sig: Signal, pat: Pattern, mutant: str, entry: dict[str, Any]) -> bool:
    """True if the stored ``entry`` still tells the signal from the ``mutant`` (same kind)."""
    return judge(sig, pat, mutant, entry["text"], (entry["kind"],)) == entry


# --- generating a literal instance of a regex ----------------------------------------
_SPACE = ord(" ")


def _class_char(items: list[tuple[Any, Any]], natural: bool) -> str:
    negate = any(op is C.NEGATE for op, _ in items)
    if negate:
        probe = re.compile("[" + "".join(_class_source(items)) + "]")
        return next(c for c in "ax1 .Z" if probe.fullmatch(c))
    op, av = items[0]
    if op is C.LITERAL:
        return chr(av)
    if op is C.RANGE:
        # "z" rather than "a" for [a-z]+ in the natural variant: "a" is a
        # word the validators treat specially ("said to a ...").
        return chr(av[1] if natural else av[0])
    if op is C.CATEGORY:
        return {C.CATEGORY_DIGIT: "1", C.CATEGORY_SPACE: " ", C.CATEGORY_WORD: "a"}.get(av, "a")
    raise ValueError(f"cannot generate a character for {items!r}")


def _class_source(items: list[tuple[Any, Any]]) -> list[str]:
    out: list[str] = []
    for op, av in items:
        if op is C.NEGATE:
            out.insert(0, "^")
        elif op is C.LITERAL:
            out.append(re.escape(chr(av)))
        elif op is C.RANGE:
            out.append(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is C.CATEGORY:
            out.append({C.CATEGORY_DIGIT: r"\d", C.CATEGORY_SPACE: r"\s", C.CATEGORY_WORD: r"\w",
                        C.CATEGORY_NOT_DIGIT: r"\D", C.CATEGORY_NOT_SPACE: r"\S", C.CATEGORY_NOT_WORD: r"\W"}[av])
        else:
            raise ValueError(f"cannot read class item {op}")
    return out


def _has_force(tree: Any) -> bool:
    for op, av in tree:
        if op is C.SUBPATTERN:
            if av[0] == _FORCE_GROUP or _has_force(av[-1]):
                return True
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT):
            if _has_force(av[2]):
                return True
        elif op is C.BRANCH and any(_has_force(b) for b in av[1]):
            return True
    return False


_FORCE_GROUP = 1  # the forced alternative is wrapped in the pattern's first capturing group


def _generate(tree: Any, natural: bool) -> str:
    out: list[str] = []
    for op, av in tree:
        if op is C.LITERAL:
            out.append(chr(av))
        elif op is C.NOT_LITERAL:
            out.append("a" if av != ord("a") else "b")
        elif op is C.ANY:
            out.append("a")
        elif op is C.IN:
            out.append(_class_char(av, natural))
        elif op is C.AT:
            continue
        elif op is C.SUBPATTERN:
            out.append(_generate(av[-1], natural))
        elif op is C.BRANCH:
            branches = av[1]
            forced = [b for b in branches if _has_force(b)]
            out.append(_generate(forced[0] if forced else branches[0], natural))
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT):
            lo, hi, sub = av
            n = lo
            if _has_force(sub):
                n = max(lo, 1)
            elif natural and lo == 0 and hi == 1 and len(sub) == 1 and sub[0][0] is C.LITERAL:
                n = 1  # "rumou?rs?" -> "rumours"
            out.append(_generate(sub, natural) * n)
        else:
            raise ValueError(f"cannot generate {op}")
    return "".join(out)


def instance(regex: str, natural: bool) -> str:
    """A literal string matched by ``regex`` (case as written); the first capturing
    group, if any, is always taken (the forced alternative)."""
    return _generate(P.parse(regex, re.IGNORECASE), natural)


# --- finding slots and making texts ---------------------------------------------------
def _contexts(sig: Signal) -> list[str]:
    own = list(sig.examples)
    others = sorted({t for s in CATALOGUE if s.scope == sig.scope and s is not sig for t in s.examples + s.counterexamples})
    return own + [t for t in others if t not in own]


def _slots(rx: str, region: tuple[int, int], texts: list[str]) -> Iterator[tuple[str, int, int]]:
    """(text, start, end) of what the part ``region`` of ``rx`` matched, in each text where it took part."""
    a, b = region
    if (a, b) == (0, len(rx)):
        capture = "(" + rx + ")"
    else:
        capture = rx[:a] + "(" + rx[a:b] + ")" + rx[b:]
    cre = re.compile(capture, _FLAGS | re.ASCII)
    for text in texts:
        for m in cre.finditer(text):
            if m.start(1) != -1:
                yield text, m.start(1), m.end(1)
                break


def _enclosing(rx: str, start: int, end: int) -> list[tuple[int, int, tuple[int, int]]]:
    """The alternatives of other alternations that contain the group ``rx[start:end]``,
    innermost first, then the whole pattern: (alt start, alt end, region to capture)."""
    out = []
    for s, e, alts in alternations_all(rx):
        if (s, e) == (start, end):
            continue
        for a, b in alts:
            if a <= start and end <= b:
                out.append((a, b, (s, e)))  # generate the alternative, put it where the group matched
    out.sort(key=lambda t: t[1] - t[0])
    out.append((0, len(rx), (0, len(rx))))
    return out


def alternations_all(rx: str) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """Like :func:`alternations`, shared blocks included."""
    saved = SHARED_BLOCKS[:]
    SHARED_BLOCKS.clear()
    try:
        return alternations(rx)
    finally:
        SHARED_BLOCKS.extend(saved)


def candidates(sig: Signal, pat: Pattern, start: int, end: int, alt: tuple[int, int]) -> Iterator[str]:
    """Texts to try for the alternative ``alt`` of the group ``pat.regex[start:end]``."""
    rx = pat.regex
    texts = _contexts(sig)
    alt_rx = rx[alt[0] : alt[1]]
    seen: set[str] = set()
    for natural in (True, False):
        word = instance(alt_rx, natural)
        for text, s, e in _slots(rx, (start, end), texts):
            new = text[:s] + word + text[e:]
            if new not in seen:
                seen.add(new)
                yield new
    # The alternative followed by one more word: it fills an optional generic
    # word slot after the list ("our urgent requests"), which could otherwise
    # take the word itself.
    for natural in (True, False):
        word = instance(alt_rx, natural)
        word = word + "urgent " if word.endswith(" ") else word + " urgent"
        for text, s, e in _slots(rx, (start, end), texts):
            new = text[:s] + word + text[e:]
            if new not in seen:
                seen.add(new)
                yield new
    for a, b, region in _enclosing(rx, start, end):
        forced = rx[a:start] + "(" + alt_rx + ")" + rx[end:b]
        for natural in (True, False):
            try:
                word = instance(forced, natural)
            except ValueError:
                continue
            for text, s, e in _slots(rx, region, texts):
                new = text[:s] + word + text[e:]
                if new not in seen:
                    seen.add(new)
                    yield new
            # No text matches the region: the instance alone, as a sentence.
            for new in (word, f"It {word} here.", f"{word[:1].upper()}{word[1:]}."):
                if new not in seen:
                    seen.add(new)
                    yield new


#: Texts written by hand for alternatives the generator does not reach; they
#: are tried first and judged like generated ones. (signal/pattern, alternative) -> text.
HAND: dict[tuple[str, str], str] = {
    ("shouting/caps_run", "(?:'|\u2019|\u2018)"): "GO TO DON'T stop",
    ("named_expert/said_role_name", "Rev"): "The service was led, said Rev. Jane Doe.",
    ("named_expert/said_role_name", "Prof"): "The study was flawed, said Prof. Jane Doe.",
    ("named_expert/said_role_name", "[a-z-]+"): "It spread, said top economist Jane Doe.",
    ("named_expert/according_role_name", "Rev"): "The service was led, according to Rev. Jane Doe.",
    ("named_expert/according_role_name", "Prof"): "The study was flawed, according to Prof. Jane Doe.",
    ("named_expert/according_role_name", "[a-z-]+"): "It spread, according to top economist Jane Doe.",
    ("named_expert/role_at_org_name", "[a-z-]+"): "The chief economist at the bank, Jane Doe, said rates would rise.",
    ("named_expert/role_name_said", "[a-z-]+"): "Epidemiologist Marc Lipsitch of Harvard said it spread.",
    ("named_expert/role_name_said", S._OF_ORG): "Epidemiologist Marc Lipsitch of Harvard said it spread.",
    ("named_expert/role_at_org_name", "at"): "Economist at the bank, Jane Doe, said rates would rise.",
    ("named_expert/role_at_org_name", "of"): "Economist of the bank, Jane Doe, said rates would rise.",
    ("named_expert/role_at_org_name", "for"): "Economist for the bank, Jane Doe, said rates would rise.",
    ("named_expert/role_at_org_name", "with"): "Economist with the bank, Jane Doe, said rates would rise.",
}


def hand_text(key: str) -> str | None:
    head, _, rest = key.partition(": ")
    for (sp, alt), text in HAND.items():
        if sp == head and rest.startswith(alt + " in ("):
            return text
    return None


def generate(limit: int = 80) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """An entry for every nested alternative that can get one; the keys that cannot.

    A stored entry that still tells its alternative apart is kept (so are
    texts written by hand for what the generator cannot reach). Otherwise
    texts on which the signal's firing depends on the alternative ("fires",
    "silent") are preferred; a "span" entry is taken only when no candidate
    gives one of those, a "pattern" entry last.
    """
    found: dict[str, dict[str, Any]] = {}
    missing: list[str] = []
    stored = load() if STORE.exists() else {}
    for key, (sig, pat, start, end, alt, mutant) in all_nested().items():
        old = stored.get(key)
        if old is not None and check(sig, pat, mutant, old):
            found[key] = old  # kept: regenerating changes only what has to change
            continue
        hand = hand_text(key)
        for kinds in (("fires", "silent"), ("span",), ("pattern",)):
            entry = None
            tries = candidates(sig, pat, start, end, alt)
            for text in ([hand] if hand else []) + list(itertools.islice(tries, limit)):
                entry = judge(sig, pat, mutant, text, kinds)
                if entry is not None:
                    break
            if entry is not None:
                found[key] = entry
                break
        else:
            missing.append(key)
    return found, missing


def load() -> dict[str, dict[str, Any]]:
    """The stored entries, by key."""
    data: dict[str, dict[str, Any]] = json.loads(STORE.read_text(encoding="utf-8"))
    return data


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from test_catalogue_coverage import BROKEN, EXEMPT

    found, missing = generate()
    print(f"{len(found)} alternatives have a text, {len(missing)} have none "
          f"({sum(k in BROKEN for k in missing)} listed as broken, {sum(k in EXEMPT for k in missing)} as exempt)")
    for key in missing:
        if key not in BROKEN and key not in EXEMPT:
            print("  not listed:", key)
    if "--write" in argv:
        STORE.write_text(json.dumps(found, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {STORE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
