"""The named_expert validator's shape prefilter gives the shape regexes' own verdicts.

``_signals._confirmed_shape`` checks a few necessary conditions of each
confirming shape (first and last word) before running its regex, for speed.
The reference here runs every shape regex on every candidate, as the
validator did before; both must agree on every candidate the automaton
produces: from the catalogue's texts and the annotated precision set here,
and from every article and headline of the shared corpora (marked
``corpora``).
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from credscore import CATALOGUE, Matcher, Signal
from credscore import _signals as S

ANNOTATIONS = Path(__file__).parent / "data" / "annotations.jsonl"


#: The shape regexes with the role and title lists as plain alternations
#: (``_words``), not the prefix trees (``prefix_tree``) the validator uses.
PLAIN_CONFIRM = S._confirm_shapes(S._words(*S._ROLE_WORDS), "(?-i:" + S._words(*S._TITLE_WORDS) + ")")


def reference(text: str) -> bool:
    """The validator without the shape prefilter: every shape regex is tried."""
    if S._SPEECH_THAT.match(text) or S._spoken_to_or_about(text):
        return False
    words = {t.lower() for t in S._TOKEN.findall(text)}
    if words.isdisjoint(S._ROLE_HEADS) and not any(t.endswith(S._ROLE_SUFFIX) for t in words):
        return False
    return any(rx.fullmatch(text) for rx in PLAIN_CONFIRM) and S._names_person(text)


def test_prefix_trees_keep_the_plain_alternations_language() -> None:
    assert S.ROLE != S._words(*S._ROLE_WORDS) and len(PLAIN_CONFIRM) == len(S._EXPERT_CONFIRM)
    role, plain = re.compile(S.ROLE, re.IGNORECASE), re.compile(S._words(*S._ROLE_WORDS), re.IGNORECASE)
    title, plain_title = re.compile(S._TITLE), re.compile("(?-i:" + S._words(*S._TITLE_WORDS) + ")")
    words = [w.replace("\\", "") for w in S._ROLE_WORDS + S._TITLE_WORDS]
    probes = words + [w[:-1] for w in words] + [w + "s" for w in words] + [w.upper() for w in words]
    probes += ["hepatologist", "pediatricians", "co-founder", "vice  president", "Sen", "Sen.", "Vice President", ""]
    for p in probes:
        assert bool(role.fullmatch(p)) == bool(plain.fullmatch(p)), p
        assert bool(title.fullmatch(p)) == bool(plain_title.fullmatch(p)), p
    assert sum(bool(role.fullmatch(p)) for p in probes) > 150


@pytest.fixture(scope="module")
def recording_matcher() -> tuple[Matcher, set[str]]:
    """A matcher of named_expert alone whose validator records every candidate it is asked about."""
    seen: set[str] = set()
    expert = next(s for s in CATALOGUE if s.name == "named_expert")

    def record(text: str) -> bool:
        seen.add(text)
        return S._expert_source(text)

    # Without the patterns' last_word checks and the line gate, so that every candidate reaches the validator.
    return Matcher([dataclasses.replace(_without_last_word(expert), validate=record, lines=())]), seen


def _without_last_word(sig: Signal) -> Signal:
    return dataclasses.replace(sig, patterns=tuple(dataclasses.replace(p, last_word=None) for p in sig.patterns))


def _found(m: Matcher, texts: list[str]) -> list[list[tuple[str, int, int]]]:
    return [[(e.signal, e.start, e.end) for e in m.find(t)] for t in texts]


def candidates(matcher: tuple[Matcher, set[str]], texts: Iterable[str]) -> list[str]:
    m, seen = matcher
    seen.clear()
    m.count(list(texts))
    return sorted(seen)


def catalogue_texts() -> list[str]:
    out = [t for s in CATALOGUE for t in s.examples + s.counterexamples]
    with ANNOTATIONS.open(encoding="utf-8") as f:
        out += [json.loads(line)["text"] for line in f]
    return out


def test_prefilter_agrees_with_every_shape_on_catalogue_candidates(recording_matcher: tuple[Matcher, set[str]]) -> None:
    cands = candidates(recording_matcher, catalogue_texts())
    assert len(cands) > 100
    accepted = [c for c in cands if reference(c)]
    assert len(accepted) > 40  # the check sees both verdicts
    assert [c for c in cands if S._expert_source(c) != reference(c)] == []


@pytest.mark.parametrize(
    "text, shape",
    [
        ("said Jane Smith, a senior fellow", "said_name_role"),
        ("Jane Smith, a professor at Yale, said", "name_role_said"),
        ("Dr. Omar Haddad of Mount", "title_name_of"),
        ("Epidemiologist Marc Lipsitch said", "role_name_said"),
        ("said Fire Chief Dana Reyes", "said_role_name"),
        ("the superintendent, Dr. Lisa Grant, told", "role_at_org_name"),
    ],
)
def test_each_shape_is_reached_through_its_prefilter(text: str, shape: str) -> None:
    # Each text matches exactly one shape, so a prefilter condition that
    # wrongly rules its shape out turns the verdict to False.
    matching = [n for n, rx in zip(S._SHAPE_NAMES, S._EXPERT_CONFIRM) if rx.fullmatch(text)]
    assert matching == [shape]
    assert S._confirmed_shape(text) and S._expert_source(text)


@pytest.mark.corpora
def test_prefilter_agrees_with_every_shape_on_the_shared_corpora(recording_matcher: tuple[Matcher, set[str]]) -> None:
    from credscore._corpora import find_data_dir

    data = find_data_dir()
    if data is None:
        pytest.skip("shared corpora not found (set CREDSCORE_DATA)")
    texts: list[str] = []
    for path in sorted((data / "corpora").glob("*/articles.jsonl")):
        with path.open(encoding="utf-8") as f:
            rows = [json.loads(line) for line in f]
        texts += [r["text"] for r in rows] + [r.get("title") or "" for r in rows]
    cands = candidates(recording_matcher, texts)
    assert len(cands) > 10_000
    assert [c for c in cands if S._expert_source(c) != reference(c)] == []


def test_last_word_rejects_only_what_the_validator_would_on_catalogue_texts() -> None:
    # Pattern.last_word runs before the validator to save its cost: it must
    # be a necessary condition of the validator, so that dropping it changes nothing.
    assert any(p.last_word for s in CATALOGUE for p in s.patterns)
    texts = catalogue_texts()
    plain = Matcher([_without_last_word(s) for s in CATALOGUE])
    assert _found(Matcher(), texts) == _found(plain, texts)


@pytest.mark.corpora
def test_last_word_rejects_only_what_the_validator_would_on_the_shared_corpora() -> None:
    import numpy as np

    from credscore._corpora import find_data_dir

    data = find_data_dir()
    if data is None:
        pytest.skip("shared corpora not found (set CREDSCORE_DATA)")
    texts: list[str] = []
    for path in sorted((data / "corpora").glob("*/articles.jsonl")):
        with path.open(encoding="utf-8") as f:
            texts += [json.loads(line)["text"] for line in f]
    expert = [s for s in CATALOGUE if any(p.last_word for p in s.patterns)]
    with_check = Matcher(expert).count(texts)
    assert with_check.sum() > 1000
    assert np.array_equal(with_check, Matcher([_without_last_word(s) for s in expert]).count(texts))


def _confirmed_by_every_token(text: str) -> bool:
    """_confirmed_shape as first written: all letter runs found, the first and last read."""
    if not text[-1:].isalpha():
        return False
    tokens = S._LETTERS.findall(text)
    first, last = tokens[0].casefold(), tokens[-1].casefold()
    ends_role = last in S._ROLE_HEADS or last.endswith(S._ROLE_SUFFIX)
    ends_speech = last in S._SPEECH_WORDS
    ends_name = tokens[-1][0].isupper()
    may = {
        "said_name_role": first in S._SAID_FIRST and ends_role,
        "name_role_said": ends_speech,
        "title_name_of": first in S._TITLE_FIRST and ends_name,
        "role_name_said": ends_speech,
        "said_role_name": first in S._SAID_ROLE_FIRST and ends_name,
        "role_at_org_name": ends_speech,
    }
    return any(may[name] and rx.fullmatch(text) for name, rx in zip(S._SHAPE_NAMES, S._EXPERT_CONFIRM))


_PIECES = ["said ", "according to ", "Dr. ", "Jane ", "Smith", ", ", "a ", "professor", " at ", "Yale", " said", "told ",
           "é", "ſ", "²", "1", "_", "K", "İ", "Ǆ", "-", "'", "’", " ", "Chief ", "epidemiologist"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=14))
def test_the_first_and_last_words_are_read_as_all_runs_would_give_them(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert S._confirmed_shape(text) == _confirmed_by_every_token(text)
    assert S._expert_source(text) == (
        not (S._SPEECH_THAT.match(text) or S._spoken_to_or_about(text))
        and not ({t.lower() for t in S._TOKEN.findall(text)}.isdisjoint(S._ROLE_HEADS)
                 and not any(t.lower().endswith(S._ROLE_SUFFIX) for t in S._TOKEN.findall(text)))
        and _confirmed_by_every_token(text) and S._names_person(text)
    )


def test_an_appositive_speaker_survives_a_doubled_comma_and_a_name_is_no_appositive() -> None:
    # named_attribution's appositive shapes: a typo's empty part between two commas is no organisation's
    # appositive, and the name before the first comma is read as a name, not as an appositive
    assert S._speaker_named("Jane Doe, a retiree,, said")
    assert S._speaker_named("The Jane Maker, a retiree, said")  # "maker" would make an appositive an organisation's
    assert not S._speaker_named("Jane Doe, the drug maker, said")
    assert S._appositive_names_org("the maker of the pills") and not S._appositive_names_org("a member of the union")
    assert not S._appositive_names_org("")
