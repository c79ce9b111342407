"""Every pattern of the catalogue is the evidence for at least one of its signal's examples.

Generated from :data:`credscore.CATALOGUE`, so a new pattern (or a new
alternative) without an example fails here. The property checked is the one
that makes a mutation of the catalogue fail the example tests in
``test_signals.py``: for each pattern, and for each top-level alternative of a
pattern, *removing it* must make one of the signal's examples stop firing, or
one of its counterexamples start firing.

How it is computed without compiling the catalogue once per mutant: every
mutant pattern (a pattern minus one alternative) becomes a pseudo-signal of
its own with the validator of its signal, and all of them are compiled into
one :class:`~credscore.Matcher`; what each real pattern finds on its own is
read from the raw matches of the session's compiled catalogue. A signal fires
on a text exactly when one of its patterns, alone, has a match its validator
accepts (the engine's overlap resolution always keeps the first accepted
candidate), so

* the signal without pattern P fires on a text iff some other pattern fires alone;
* the signal with P replaced by the mutant P' fires iff P' or another pattern does.

For the word lists inside a pattern (alternations nested in groups), the same
check runs for the patterns listed in :data:`NESTED_CHECKED`; the others are
not covered yet (their lists hold ~2,300 words, and each word would need its
own example). Shared building blocks (``NAME``, ``_SPEECH``, ``ROLE``, the
quote helpers...) are never mutated here: they are used by many patterns and
are pinned by the span tables instead.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

import pytest

from credscore import CATALOGUE, Matcher, Pattern, Signal
from credscore import _signals as S
from credscore._api import default_matcher
from credscore._engine import _VALIDATE_WINDOW

# Building blocks shared by several patterns: their inner alternatives are not
# mutated (see the module docstring).
_SHARED_BLOCKS = sorted(
    {
        S.APOS, S.OPEN_Q, S.CLOSE_Q, S.ANY_Q, S.NAME, S.ROLE, S._TITLE, S._HONORIFIC, S._ROLE_ADJ,
        S._SPEECH, S._WORD, S._CAP_WORD, S._OF_ORG, S._DISPUTED_OBJECT, S._DISMISSIVE_LABEL, S._MONTH,
        S._NUM,
    },
    key=len,
    reverse=True,
)

#: Patterns whose nested word lists are checked alternative by alternative.
NESTED_CHECKED: frozenset[tuple[str, str]] = frozenset(
    {
        ("anonymous_sourcing", "unnamed_source"),
        ("unverified_claim", "unverified_word"),
        ("unverified_claim", "allegedly"),
        ("unverified_claim", "rumour"),
        ("specific_figure", "percent"),
    }
)

#: Patterns whose removal cannot change whether the signal fires, only its
#: span: (signal, pattern) -> (why, the span table row's text that pins it).
SPAN_ONLY: dict[tuple[str, str], tuple[str, str]] = {
    ("official_denial", "neither_confirmed_nor_denied"): (
        "every form holds 'deny' or 'denied', which the denied pattern matches on its own",
        "neither confirmed nor denied",
    ),
}


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
    for block in _SHARED_BLOCKS:
        start = rx.find(block)
        while start != -1:
            regions.append((start, start + len(block)))
            start = rx.find(block, start + 1)
    return regions


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


def _split(start: int, end: int, bars: list[int]) -> list[tuple[int, int]]:
    edges = [start - 1, *bars, end]
    return [(edges[k] + 1, edges[k + 1]) for k in range(len(edges) - 1)]


def mutants(sig: Signal, pat: Pattern) -> Iterator[tuple[str, str]]:
    """(label, regex) for ``pat`` minus each of its alternatives that is checked."""
    rx = pat.regex
    nested = (sig.name, pat.name) in NESTED_CHECKED
    for start, end, alts in alternations(rx):
        top = start == 0 and end == len(rx)
        if not (top or nested):
            continue
        for a, b in alts:
            kept = [rx[x:y] for x, y in alts if (x, y) != (a, b)]
            label = ("top " if top else "") + repr(rx[a:b])
            yield label, rx[:start] + "|".join(kept) + rx[end:]


# --- which patterns fire on which texts ------------------------------------------
_ORIGINAL: dict[str, tuple[Signal, Pattern]] = {}
_MUTANT: dict[str, tuple[Signal, Pattern, str]] = {}
_PSEUDO: list[Signal] = []  # one signal per mutant
for _sig in CATALOGUE:
    for _pat in _sig.patterns:
        _name = f"{_sig.name}/{_pat.name}"
        _ORIGINAL[_name] = (_sig, _pat)
        for _k, (_label, _rx) in enumerate(mutants(_sig, _pat)):
            _mname = f"{_name}/-{_k}"
            _MUTANT[_mname] = (_sig, _pat, _label)
            _PSEUDO.append(Signal(_mname, "", "", (Pattern(_pat.name, _rx),), (), (), _sig.scope, _sig.validate))


def _patterns_firing(text: str, scope: str) -> set[str]:
    """The catalogue patterns that, each on its own, fire on ``text``: a raw
    match of the pattern whose text its signal's validator accepts.

    Read from the session's compiled catalogue (Hyperscan reports each
    pattern's matches independently of the other patterns), so only the
    mutants need compiling.
    """
    comp = default_matcher()._get(scope)
    data = text.encode("utf-8", "surrogatepass")
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


@pytest.fixture(scope="module")
def fired() -> dict[str, set[str]]:
    """For each text of the catalogue, the patterns and mutants that fire on it."""
    matcher = Matcher(_PSEUDO)
    for scope in ("text", "title"):
        default_matcher()._get(scope)  # the session's catalogue, with the session's cache
    # Compile the mutants with the database cache off: these mutants are built by no one
    # else, and saving them could push the real catalogue's database out of
    # the cache the rest of the test session uses.
    old = os.environ.get("CREDSCORE_CACHE_DIR")
    os.environ["CREDSCORE_CACHE_DIR"] = ""
    try:
        texts = {scope: sorted({t for s in CATALOGUE if s.scope == scope for t in s.examples + s.counterexamples})
                 for scope in ("text", "title")}
        out: dict[str, set[str]] = {}
        for scope, batch in texts.items():
            counts = matcher.count(batch, scope)  # type: ignore[arg-type]
            for text, row in zip(batch, counts):
                out[text] = {_PSEUDO[j].name for j in row.nonzero()[0]} | _patterns_firing(text, scope)
    finally:
        if old is None:
            del os.environ["CREDSCORE_CACHE_DIR"]
        else:
            os.environ["CREDSCORE_CACHE_DIR"] = old
    return out


def _other_patterns_fire(fired: set[str], sig: Signal, pat: Pattern) -> bool:
    return any(f"{sig.name}/{p.name}" in fired for p in sig.patterns if p is not pat)


def _mutation_is_detected(fired: dict[str, set[str]], sig: Signal, pat: Pattern, replacement: str | None) -> bool:
    """True if the signal with ``pat`` replaced by pseudo-signal ``replacement``
    (None: removed) stops firing on an example or fires on a counterexample."""
    def fires(text: str) -> bool:
        f = fired[text]
        return _other_patterns_fire(f, sig, pat) or (replacement is not None and replacement in f)

    return any(not fires(t) for t in sig.examples) or any(fires(t) for t in sig.counterexamples)


@pytest.mark.parametrize("name", sorted(_ORIGINAL))
def test_pattern_is_the_only_evidence_of_an_example(fired: dict[str, set[str]], name: str) -> None:
    sig, pat = _ORIGINAL[name]
    if (sig.name, pat.name) in SPAN_ONLY:
        # Its span must then be pinned in the exact span table instead.
        from test_signals import SPAN_TABLE, TITLE_SPAN_TABLE

        _why, span_text = SPAN_ONLY[sig.name, pat.name]
        pinned = [t for s_, _, rows in SPAN_TABLE + TITLE_SPAN_TABLE if s_ == sig.name for _, _, t in rows]
        assert span_text in pinned and re.fullmatch(pat.regex, span_text, re.IGNORECASE)
        return
    assert _mutation_is_detected(fired, sig, pat, None), (
        f"removing pattern {name} changes none of {sig.name}'s examples: add an example that only "
        f"this pattern matches"
    )


@pytest.mark.parametrize("name", sorted(_MUTANT))
def test_each_alternative_is_needed_by_an_example(fired: dict[str, set[str]], name: str) -> None:
    sig, pat, label = _MUTANT[name]
    assert _mutation_is_detected(fired, sig, pat, name), (
        f"removing the alternative {label} from {sig.name}/{pat.name} changes none of the signal's "
        f"examples or counterexamples: add an example that only this alternative matches"
    )


# --- the generator itself ----------------------------------------------------------
def test_alternations_finds_groups_and_skips_classes_and_escapes() -> None:
    rx = r"\b(?:a|b[|(]c)\|x(?-i:d|e)|f"
    groups = [[rx[a:b] for a, b in alts] for _, _, alts in alternations(rx)]
    assert groups == [["a", "b[|(]c"], ["d", "e"], [r"\b(?:a|b[|(]c)\|x(?-i:d|e)", "f"]]


def test_mutants_remove_one_alternative_each() -> None:
    sig = next(s for s in CATALOGUE if s.name == "anonymous_sourcing")
    pat = next(p for p in sig.patterns if p.name == "unnamed_source")
    regexes = [rx for _, rx in mutants(sig, pat)]
    assert regexes[:3] == [
        pat.regex.replace(r"(?:unnamed|anonymous|unidentified)", r"(?:anonymous|unidentified)"),
        pat.regex.replace(r"(?:unnamed|anonymous|unidentified)", r"(?:unnamed|unidentified)"),
        pat.regex.replace(r"(?:unnamed|anonymous|unidentified)", r"(?:unnamed|anonymous)"),
    ]
    assert len(regexes) == len(alternations(pat.regex)[0][2]) + len(alternations(pat.regex)[1][2])


def test_shared_blocks_are_not_mutated() -> None:
    sig = next(s for s in CATALOGUE if s.name == "named_attribution")
    pat = next(p for p in sig.patterns if p.name == "said_name")
    assert list(mutants(sig, pat)) == []  # \b + _SPEECH + \s+ + NAME + \b: all shared
