"""The Hyperscan build credscore runs on finds every match its patterns have.

Vectorscan 5.4.12 (the library inside ``hyperscan`` 0.7.23 to 0.9.1) misses
matches in block mode: a database of ``unnamed_informant`` alone, without
start-of-match, misses "A friend told" in the sentence below, and one of
``money`` alone, with start-of-match, misses every match after the first
when a couple of kilobytes lie between them. Vectorscan 5.4.11 (``hyperscan``
0.7.8 to 0.7.21) misses none of these, nor any match of any body pattern in
1,500 shared articles. ``pyproject.toml`` asks for such a build (but on Python
3.14, which has wheels of 0.9.1 on only: there the engine scans every pattern
with start-of-match, which missed none of them); these tests fail on a build
that misses. The texts are made up: they reproduce the misses
found in the shared corpora.
"""

from __future__ import annotations

import re

import pytest

from credscore import CATALOGUE, Matcher
from credscore._engine import _flags, to_byte_regex

hyperscan = pytest.importorskip("hyperscan")

_PATTERNS = {f"{sig.name}.{pat.name}": to_byte_regex(pat.regex) for sig in CATALOGUE for pat in sig.patterns}
INFORMANT = b"ab, cd efghijk lmn o pqr stu vwxyzab cd efghijklm. A friend told him a"
MONEY = b"$5tn a year. " + b"word " * 400 + b"at a cost of \xc2\xa317 a"
CASES = [("anonymous_sourcing.unnamed_informant", INFORMANT), ("specific_figure.money", MONEY)]


def _ends(regex: bytes, data: bytes, som: bool) -> set[int]:
    with_som, without = _flags()
    db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    db.compile(expressions=[regex], ids=[0], elements=1, flags=[with_som if som else without])
    ends: set[int] = set()
    db.scan(data, match_event_handler=lambda pid, start, end, flags, ctx: ends.add(end))
    return ends


@pytest.mark.parametrize("som", [True, False], ids=["start-of-match", "ends only"])
@pytest.mark.parametrize(("name", "data"), CASES, ids=[name for name, _ in CASES])
def test_a_pattern_compiled_alone_finds_every_match_python_finds(name: str, data: bytes, som: bool) -> None:
    regex = _PATTERNS[name]
    want = {m.end() for m in re.finditer(regex, data, re.IGNORECASE | re.MULTILINE)}
    assert want, "the text must hold a match"
    assert want <= _ends(regex, data, som), f"{hyperscan.__version__} misses matches of {name}"


def test_the_engine_finds_them() -> None:
    found = Matcher().find(INFORMANT.decode())
    assert [e.text for e in found if e.signal == "anonymous_sourcing"] == ["A friend told"]
    money = [e.text for e in Matcher().find(MONEY.decode()) if e.signal == "specific_figure"]
    assert money == ["$5tn", "\u00a317"]  # "tn": trillion (a scale since session 21)


@pytest.mark.parametrize(("version", "found"), [("0.7.21", True), ("0.7.23", False), ("0.9.1", False), ("1.0.0rc1", True)])
def test_a_build_that_misses_matches_scans_with_start_of_match(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, version: str, found: bool
) -> None:
    # Python 3.14 has wheels of 0.9.1 on only: there credscore must not trust a scan without start-of-match.
    from credscore import _engine

    monkeypatch.setattr(hyperscan, "__version__", version)
    monkeypatch.setenv("CREDSCORE_CACHE_DIR", "")
    _engine._warn_missing_matches.cache_clear()
    matcher = Matcher([s for s in CATALOGUE if s.name == "specific_figure"])
    comp = matcher._get("text")
    assert (comp.recovered_db is not None) is found
    assert (comp.collapsed_db is not None) is not found
    assert any("misses some matches" in r.getMessage() for r in caplog.records) is not found
    assert [e.text for e in matcher.find(MONEY.decode())] == ["$5tn", "\u00a317"]  # this build misses nothing, either way
