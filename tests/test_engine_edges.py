"""The Matcher's contract at its edges: construction errors, the container
protocol, input checks of count/find, the byte regex translation and the
byte-to-character map (checked against offsets computed by decoding)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tracing import traced_peak

from credscore import CATALOGUE, Matcher, Pattern, Signal, _engine
from credscore._corpora import find_data_dir
from credscore._engine import _byte_to_char, to_byte_regex

HEDGING = next(s for s in CATALOGUE if s.name == "hedging")
CLICKBAIT = next(s for s in CATALOGUE if s.scope == "title")
SMALL = (HEDGING, CLICKBAIT)


def test_matcher_refuses_what_is_not_a_catalogue() -> None:
    with pytest.raises(TypeError, match="Matcher expects Signal objects, got str: 'hedging'"):
        Matcher(["hedging"])  # type: ignore[list-item]
    with pytest.raises(ValueError) as info:
        Matcher([HEDGING, CLICKBAIT, HEDGING, CLICKBAIT])
    assert str(info.value) == f"Signal names must be unique; duplicated: {sorted([HEDGING.name, CLICKBAIT.name])}"


def test_container_protocol() -> None:
    m = Matcher(SMALL)
    assert len(m) == 2 and repr(m) == "Matcher(2 signals)"
    assert "hedging" in m and "nothing" not in m and 3 not in m
    assert m.index("hedging") == 0 and m.index(CLICKBAIT.name) == 1
    with pytest.raises(KeyError, match=r"No signal named 'nothing'; known: \['clickbait_title', 'hedging'\]"):
        m.index("nothing")
    assert m.scope_indices("text") == (0,) and m.scope_indices("title") == (1,)
    full = Matcher()
    text, title = full.scope_indices("text"), full.scope_indices("title")
    assert sorted(text + title) == list(range(len(full))) and not set(text) & set(title)
    assert all(full.signals[i].scope == "title" for i in title)


def test_count_checks_its_input_and_keeps_rows_in_place() -> None:
    m = Matcher(SMALL)
    for single in ("It may be so.", b"It may be so."):
        with pytest.raises(TypeError) as info:
            m.count(single)  # type: ignore[arg-type]
        assert str(info.value) == f"texts must be a sequence of str, not a single {type(single).__name__}"
    with pytest.raises(TypeError) as info2:
        m.count(["It may be so.", "", 7])  # type: ignore[list-item]
    assert str(info2.value) == "texts[2] must be str, got int"
    out = m.count(["", "It may be so. It might be.", "", "Perhaps."])
    assert out.dtype == np.int64 and out.shape == (4, 2)
    assert out[:, 0].tolist() == [0, 2, 0, 1] and out[:, 1].tolist() == [0, 0, 0, 0]  # title column stays 0
    titles = m.count(["Shocking?!", "It may be so."], "title")
    assert titles[:, 0].tolist() == [0, 0] and titles[0, 1] >= 1 and titles[1, 1] == 0
    assert m.count([]).shape == (0, 2)


def test_find_checks_its_input() -> None:
    m = Matcher(SMALL)
    with pytest.raises(TypeError, match="text must be str, got bytes"):
        m.find(b"It may be so.")  # type: ignore[arg-type]
    assert m.find("") == []
    found = [(e.start, e.end, e.text, e.field) for e in m.find("Shocking?!", "title")]
    assert found == [(0, 8, "Shocking", "title"), (8, 9, "?", "title"), (9, 10, "!", "title")]
    assert m.find("Shocking?!") == []  # title signals read titles only


def test_load_databases_leaves_compiled_scopes_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CREDSCORE_CACHE_DIR", "")
    m = Matcher(SMALL)
    before = m._get("text")
    m.load_databases({"text": ("0" * 64, str(tmp_path / "missing.hsdb"))})
    assert m._get("text") is before  # not replaced (and the missing file is never read)
    fresh = Matcher(SMALL)
    fresh.load_databases({"text": ("0" * 64, str(tmp_path / "missing.hsdb"))})
    assert fresh._get("text").origin == "compiled"  # an unusable file: compiled instead


def test_byte_regex_translation() -> None:
    assert to_byte_regex(r"\bsaid\b") == rb"\bsaid\b"
    assert to_byte_regex("we\u2019re") == rb"we\xe2\x80\x99re"
    assert to_byte_regex(r"we\u2019re") == rb"we\xe2\x80\x99re"  # an escape in the pattern text
    assert to_byte_regex("caf\u00e9 \U0001f600") == rb"caf\xc3\xa9 \xf0\x9f\x98\x80"


@pytest.mark.parametrize("text", ["plain ascii", "caf\u00e9", "\u20ac5 \U0001f600!", "\u00e9\u00e9\u00e9", "a\U0001f600b\u2019c"])
def test_byte_to_char_map_matches_decoding(text: str) -> None:
    data = text.encode("utf-8")
    mapping = _byte_to_char(data)
    if data.isascii():
        assert mapping is None
        return
    assert mapping is not None and len(mapping) == len(data) + 1
    for b in range(len(data) + 1):
        if b == len(data) or (data[b] & 0xC0) != 0x80:  # a character boundary
            assert mapping[b] == len(data[:b].decode("utf-8"))


def test_a_batch_without_straddling_matches_is_scanned_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Joined documents are scanned in one pass; a document is rescanned alone
    only when a match leaves it (performance contract of scan_documents)."""
    from credscore._engine import _Compiled

    calls: list[int] = []
    real = _Compiled.scan

    def counting(self: _Compiled, buf: bytes) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        calls.append(len(buf))
        return real(self, buf)

    m = Matcher(SMALL)
    m._get("text")
    monkeypatch.setattr(_Compiled, "scan", counting)
    docs = ["It may be so.", "Perhaps not.", "It might rain, apparently."] * 4
    out = m.count(docs)
    assert len(calls) == 1
    assert out[:, 0].tolist() == [len(m.find(d)) for d in docs]


def test_a_match_across_the_separator_is_rescanned_in_both_documents() -> None:
    """A custom pattern that can cross the separator between joined documents:
    the match hides the end document's own match (Hyperscan reports the
    leftmost start of an end), so both documents are scanned again alone."""
    from credscore import Pattern, Signal

    cross = Signal("cross", "test", "test", (Pattern("p", r"(?:end[^a-z]+)?start"),), ("start",), ("end",))
    m = Matcher([cross])
    docs = ["the end", "start here", "nothing", "start", "end"]
    assert m.count(docs)[:, 0].tolist() == [0, 1, 0, 1, 0]
    assert m.count(docs)[:, 0].tolist() == [len(m.find(d)) for d in docs]


def test_a_pattern_that_sees_buffer_edges_scans_each_document_alone() -> None:
    r"""\A sees the edge of the scanned buffer, so such a catalogue is never
    joined: every document is scanned alone and counts as itself."""
    from credscore import Pattern, Signal

    # The validator reads each candidate's text, so offsets into the wrong document would show.
    first = Signal(
        "first_word", "test", "test", (Pattern("p", r"\AThe\b"),), ("The end",), ("So, The end",),
        validate=lambda t: t.lower() == "the",
    )
    m = Matcher([first])
    assert not m._get("text").joinable
    docs = ["A dog. The end", "The cat", "", "The", "the end", "x The"]
    assert m.count(docs)[:, 0].tolist() == [0, 1, 0, 1, 1, 0]
    assert m.count(docs)[:, 0].tolist() == [len(m.find(d)) for d in docs]
    assert [(e.start, e.end) for e in m.find("The The")] == [(0, 3)]


_RUNS = [
    "WAKE UP " * 40 + "now. THEY ARE LYING TO YOU!!! and THE MEDIA, THE BANKS, THE SCHOOLS.",
    "Sales rose 12.5% to $4.2 billion, 3,400 jobs, 1.2 million people, 45 percent, on May 4, 2021 and 5 June 2020.",
    "In Springfield, Illinois, officials said; the NEW YORK TIMES and the U.S. ARMY said so. " * 3,
    "Sources said the mayor, a former professor at Harvard University, said \"NO WAY\" - reportedly.",
    # A checked pattern (said_name_role must end with a role) whose longest
    # match at a start is rejected and a shorter one accepted: never merged.
    '"It helps this patient population," said Roy Baynes, chief medical officer of Merck Research Laboratories.',
    '"We came up with the recommendations," says Milo Puhan, a physician and epidemiologist at the University of Zurich and senior author.',
]


@pytest.mark.parametrize("scope", ["text", "title"])
def test_keeping_the_longest_match_at_a_start_changes_no_span(monkeypatch: pytest.MonkeyPatch, scope: str) -> None:
    # The scan keeps only the longest of a pattern's matches at one start when
    # no check may reject a match; the evidence must be what every match gave.
    from credscore import _engine

    texts = [*_RUNS, " ".join(_RUNS), _RUNS[0][:50]]
    merged = Matcher()
    spans = [[(e.signal, e.pattern, e.start, e.end) for e in merged.find(t, scope)] for t in texts]
    counts = merged.count(texts, scope)
    monkeypatch.setattr(_engine, "_MERGE_SAME_START", False)
    every = Matcher()
    assert [[(e.signal, e.pattern, e.start, e.end) for e in every.find(t, scope)] for t in texts] == spans
    assert np.array_equal(every.count(texts, scope), counts)


def test_a_run_of_capitals_is_one_raw_match_not_one_per_word(monkeypatch: pytest.MonkeyPatch) -> None:
    # Without the merge, caps_run reports an end after every word from the third.
    from credscore import _engine

    text = ("WAKE UP " * 200).encode()
    comp = Matcher()._get("text")
    pid_of = comp.pattern_names.index("caps_run")
    merged = int(np.count_nonzero(comp.scan(text)[0] == pid_of))
    monkeypatch.setattr(_engine, "_MERGE_SAME_START", False)
    every = int(np.count_nonzero(comp.scan(text)[0] == pid_of))
    assert merged == 1
    assert every >= 300


@pytest.mark.parametrize("members", [b"!", b"!?", b"!?.,", b"!?.,;", bytes(range(0x80, 0x90))])
def test_a_run_pattern_finds_the_maximal_runs_of_its_bytes(members: bytes) -> None:
    # One member (memchr), up to four (SIMD compares) and more (a byte table
    # read by bytes.translate) must all give the maximal runs, as re does.
    import re

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from credscore._engine import _Run

    run = _Run(0, members)
    alphabet = list(members) + list(b"a !.\x00") + [0x85, 0xFF]

    @settings(max_examples=150, deadline=None)
    @given(st.lists(st.sampled_from(alphabet), max_size=60).map(bytes))
    def check(buf: bytes) -> None:
        start, end = run.find(buf)
        want = [(m.start(), m.end()) for m in re.finditer(b"[" + re.escape(members) + b"]+", buf)]
        assert list(zip(start.tolist(), end.tolist())) == want
        assert run.count(buf) == len(want)

    check()


EXCLAMATION = next(s for s in CATALOGUE if s.name == "exclamation")
BANGS = ["Wow! Really!! No!!!", "! ! !", "!", "", "a!b!c", "!!" * 500, "\u00e9!\u00e9 !", "No bang here."]


@pytest.mark.parametrize("signals", [(EXCLAMATION,), (EXCLAMATION, HEDGING), tuple(CATALOGUE)])
def test_a_run_that_is_its_signals_only_pattern_is_counted_without_resolution(
    monkeypatch: pytest.MonkeyPatch, signals: tuple[object, ...]
) -> None:
    # exclamation's one pattern, "!+", is such a run: Matcher.count counts its
    # runs per text (no position per byte) and find() adds their spans. Both
    # must give what the resolution of every match gives.
    m = Matcher(signals)  # type: ignore[arg-type]
    comp = m._get("text")
    assert [r.pid for r in comp.direct] == [comp.pattern_names.index("bang")] and not comp.runs
    texts = BANGS + [" ".join(BANGS)]
    counts = m.count(texts)
    spans = [[(e.signal, e.start, e.end) for e in m.find(t)] for t in texts]
    monkeypatch.setattr(comp, "runs", comp.direct)
    monkeypatch.setattr(comp, "direct", ())
    assert m.count(texts).tolist() == counts.tolist()
    assert [[(e.signal, e.start, e.end) for e in m.find(t)] for t in texts] == spans
    assert counts[texts.index("!!" * 500), m.index("exclamation")] == 1


def test_a_run_shared_with_other_patterns_of_its_signal_is_resolved_with_them() -> None:
    # "!+" next to another pattern of the same signal may overlap it: resolved, not counted apart.
    sig = Signal("bangs", "test", "test", patterns=(Pattern("bang", r"!+"), Pattern("wow", r"wow!+")),
                 examples=("wow!",), counterexamples=("wow",))
    m = Matcher([sig])
    comp = m._get("text")
    assert not comp.direct and len(comp.runs) == 1
    assert m.count(["wow!! and !"]).tolist() == [[2]]


def test_dense_runs_are_counted_in_memory_a_few_times_the_text() -> None:
    # "! ! !": a match every 2 bytes once held five int64 arrays per match
    # through the resolution (4 MB took 268 MB traced, 10 MB 8.8 s).
    m = Matcher([EXCLAMATION])
    m.count(["!"])
    text = "! " * 2_000_000
    peak, counts = traced_peak(lambda: m.count([text]))
    assert counts.tolist() == [[2_000_000]]
    assert peak < 6 * len(text), f"{peak / 1e6:.0f} MB traced for {len(text) / 1e6:.0f} MB of text"


FIND_TEXTS = [
    "Officials said on Monday, according to sources, that the claim was unverified! Really!! Wow!",
    "Sources said. Sources said. Sources said. Reportedly, allegedly, reportedly.",
    "",
    "\u00c9t\u00e9: \u201cSources said,\u201d she said! \u00a1No!",
]


@pytest.mark.parametrize("text", FIND_TEXTS)
@pytest.mark.parametrize("limit", [None, 0, 1, 2, 100])
def test_find_counted_counts_everything_and_lists_each_signals_first_spans(text: str, limit: int | None) -> None:
    m = Matcher()
    evidence, counts = m.find_counted(text, limit=limit)
    assert counts.tolist() == m.count([text])[0].tolist()
    every = m.find(text)
    want = [e for e in every if limit is None or [x for x in every if x.signal == e.signal].index(e) < limit]
    assert evidence == want
    if limit == 1 and "Sources said. Sources" in text:
        assert counts[m.index("anonymous_sourcing")] == 3 and len([e for e in evidence if e.signal == "anonymous_sourcing"]) == 1


def test_find_counted_on_titles_counts_title_signals_only() -> None:
    m = Matcher()
    title = "SHOCKING: You Won't Believe What Happened Next!!!"
    evidence, counts = m.find_counted(title, "title", limit=1)
    assert counts.tolist() == m.count([title], "title")[0].tolist()
    assert counts[list(m.scope_indices("text"))].sum() == 0 and counts.sum() > 0
    assert {e.field for e in evidence} == {"title"}


@pytest.mark.parametrize("limit", [-1, 1.5, True, "3"])
def test_find_counted_refuses_a_bad_limit_by_name(limit: object) -> None:
    with pytest.raises(ValueError, match="limit must be a non-negative int or None"):
        Matcher().find_counted("Sources said so.", limit=limit)  # type: ignore[arg-type]


# Where the other corpus tests look ($CREDSCORE_DATA, ../shared/data): find_data_dir.
_CORPORA = (find_data_dir() or Path("/nonexistent")) / "corpora"


@pytest.mark.corpora
@pytest.mark.skipif(not _CORPORA.is_dir(), reason="shared corpora not present")
def test_the_scan_reports_every_match_pythons_re_finds_in_shared_articles(monkeypatch: pytest.MonkeyPatch) -> None:
    # Hyperscan is trusted to report every match end. This build has been seen to miss matches of a pattern
    # compiled alone ("ab*[ab]" in "x"*15 + "ab"; specific_figure.money alone in one shared article), so the
    # engine's own databases are held to Python's re: every end of a match re finds, each pattern alone,
    # must be among the ends the engine reports for it (its raw reports, before the resolution).
    import json
    import random
    import re

    from credscore import _engine

    rows: list[dict[str, str]] = []
    for path in sorted(_CORPORA.glob("*/articles.jsonl")):
        with path.open(encoding="utf-8") as fh:
            rows += [json.loads(line) for line in fh]
    random.Random(3).shuffle(rows)
    monkeypatch.setattr(_engine, "_MERGE_SAME_START", False)  # every raw report, not the longest per start
    found = missed = 0
    for scope, field, n in (("text", "text", 600), ("title", "title", 3000)):
        comp = Matcher()._get(scope)
        direct = {r.pid for r in comp.direct}  # counted apart, not reported by scan()
        checked = [
            (pid, re.compile(to_byte_regex(p.regex), re.IGNORECASE | re.MULTILINE))
            for pid, p in enumerate(p for s in comp.signals for p in s.patterns)
            if pid not in direct and not comp.signals[comp.pattern_signal[pid]].lines
        ]
        for text in [r.get(field) or "" for r in rows if r.get(field)][:n]:
            data = text.encode("utf-8", "surrogatepass")
            pid, _, end = comp.scan(data)
            ends: dict[int, set[int]] = {}
            for p_, e_ in zip(pid.tolist(), end.tolist()):
                ends.setdefault(p_, set()).add(e_)
            for p_, rx in checked:
                for m in rx.finditer(data):
                    found += 1
                    missed += m.end() not in ends.get(p_, ())
    assert found > 6000
    assert missed == 0


def test_inside_quotes_counts_marks_per_line_and_per_document() -> None:
    from credscore._engine import inside_quotes

    a = b'He said "I am here'  # a quote left open at the end of a document
    b = "I came. \u201cYou too,\u201d she said. You \u201edo\u201c".encode()
    buf = a + b"\x00" + b
    offsets = np.array([0, len(a) + 1])
    at = np.array([9, len(a) + 1, len(a) + 1 + b.index(b"You"), len(a) + 1 + b.rindex(b"You"),
                   len(a) + 1 + b.rindex(b"do")])
    assert inside_quotes(buf, offsets, at).tolist() == [True, False, True, False, True]
    assert inside_quotes(b"no marks", np.array([0]), np.array([3])).tolist() == [False]


def test_the_writers_voice_signals_skip_what_a_quote_says() -> None:
    m = Matcher()
    text = '"I was terrified, you know," said Maria Lopez. I think you should read it.\n"My house'
    found = [(e.signal, e.text) for e in m.find(text) if e.signal in ("first_person", "reader_address")]
    assert found == [("first_person", "I"), ("reader_address", "you")]
    counts = m.count([text])[0]
    assert counts[m.index("first_person")] == 1 and counts[m.index("reader_address")] == 1


def test_a_transcripts_speaker_lines_are_speech_not_the_writers_voice() -> None:
    # An audit (session 21): the answers of a Q&A counted as the writer's "I" and "you".
    m = Matcher()
    text = ("Q: Is the outbreak under control?\nA: Not yet. I would not say so. Boil your water.\n"
            "HOLT: Do you regret it?\nSEN. JANE DOE: I don't.\n  A. You know that.\n"
            "EDITOR'S NOTE: I spoke to her later.\nUPDATE: You can read more here.\nAfter: I left.\nI think so.\n"
            "FILE PHOTO: Your masks.")
    found = [(e.signal, text[: e.start].count("\n")) for e in m.find(text) if e.signal in ("first_person", "reader_address")]
    assert found == [("first_person", 5), ("reader_address", 6), ("first_person", 7), ("first_person", 8),
                     ("reader_address", 9)]
    counts = m.count([text, "x\x00Q: I am here"])  # a label after the first byte of a line is none
    assert counts[0, m.index("first_person")] == 3 and counts[1, m.index("first_person")] == 1


@pytest.mark.parametrize("gap", ["  ", "\t", " \t "])
def test_a_speaker_label_reads_any_spacing_between_its_words(gap: str) -> None:
    """A label spaced as a transcript pasted from a table or a PDF ("CHRIS<tab>MATTHEWS:") is still a label:
    the whole interview had counted as the writer's "I" and "you" (session 27; the text as given had its
    "I" and "you" inside the speakers' lines, doubled spaces took them all out)."""
    m = Matcher()
    for label in ("CHRIS MATTHEWS", "SEN. JANE DOE"):
        text = f"{label.replace(' ', gap)}: I think you know.\nI said so."
        assert m.count([text])[0, m.index("first_person")] == 1, label
        assert [e.start for e in m.find(text) if e.signal == "first_person"] == [text.index("\n") + 1]


def test_speech_in_single_quotes_is_not_the_writers_voice() -> None:
    # Session 30: British, Australian and Indian outlets quote in single marks; an unseen audit found
    # their speech counted as the writer's "I" and "you".
    m = Matcher()
    cases = {
        "\u2018I was terrified,\u2019 said Maria Lopez. \u2018Can you believe it?\u2019": [],
        "'I was terrified,' said Maria Lopez. 'Can you believe it?'": [],
        "He said: \u201cI told them, \u2018I won\u2019t go.\u2019\u201d I think so.": [("first_person", "I", 38)],
        "The teachers' union said I should go.": [("first_person", "I", 25)],
        "I'm sure you're right.": [("first_person", "I", 0), ("reader_address", "you", 9)],
        "The 'rock 'n' roll' years, I recall.": [("first_person", "I", 27)],
        "(\u2018I know,\u2019 she said) and you": [("reader_address", "you", 25)],
        "'I\nam' I said": [("first_person", "I", 1), ("first_person", "I", 7)],  # no quote runs past its line
        "It's 'quoted, I say\u2019 now": [],  # a straight mark opens, a curly one closes
        "x \u2018I": [("first_person", "I", 3)],  # a quote left open at the end is none
        "I said 'no' to you.": [("first_person", "I", 0), ("reader_address", "you", 15)],
    }
    for text, expected in cases.items():
        found = [(e.signal, e.text, e.start) for e in m.find(text) if e.signal in ("first_person", "reader_address")]
        assert found == expected, text


def _single_quoted_reference(buf: bytes, offsets: list[int]) -> list[bool]:
    """Which bytes are inside single quotes: the rules of ``_engine._single_quotes`` read a byte at a time."""
    word = set(b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") | set(range(0x80, 0x100)) - {0xE2}
    starts = {0, *offsets} | {i + 1 for i, b in enumerate(buf) if b == 0x0A}
    inside = [False] * len(buf)
    open_at = None
    for i, b in enumerate(buf):
        if i in starts:
            open_at = None
        after = buf[i + 1] if b == 0x27 and i + 1 < len(buf) else (buf[i + 3] if i + 3 < len(buf) else 0)
        before = buf[i - 1] if i not in starts else 0x0A
        left = buf[i : i + 3] == "\u2018".encode()
        right = buf[i : i + 3] == "\u2019".encode()
        if b == 0x27 or right:
            closing = i not in starts and before not in b" \t\r\n" and after not in word
            if open_at is not None and closing:
                for j in range(open_at + 1, i):
                    inside[j] = True
                open_at = None
                continue
        opening = left or (b == 0x27 and (i in starts or before in b' \t\r\n([{"') and i + 1 < len(buf) and buf[i + 1] in word)
        if open_at is None and opening:
            open_at = i
    return inside


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["'", "\u2018", "\u2019", "\n", " ", "I", "a", "(", '"', ",", "\u00e9", "\u201d"]), max_size=40),
       st.booleans())
def test_single_quotes_pair_as_a_byte_at_a_time_reading_does(pieces: list[str], two_documents: bool) -> None:
    buf = "".join(pieces).encode()
    offsets = [0, len(buf) // 2] if two_documents and len(buf) > 1 else [0]
    at = np.arange(len(buf), dtype=np.int64)
    single = _engine._QuoteLines(buf, np.array(offsets))
    opens, closes = single.single_opens, single.single_closes
    q = np.searchsorted(opens, at) - 1
    got = ((q >= 0) & (at < closes[np.maximum(q, 0)])).tolist() if len(opens) else [False] * len(buf)
    assert got == _single_quoted_reference(buf, offsets)


def test_inside_quotes_reads_a_buffer_cut_inside_a_curly_quote() -> None:
    from credscore._engine import inside_quotes

    # The first two bytes of a curly quote at the very end: no mark, and nothing read past the end.
    assert inside_quotes(b'a " b \xe2\x80', np.array([0]), np.array([3, 5])).tolist() == [True, True]
    assert inside_quotes(b"a b \xe2", np.array([0]), np.array([2])).tolist() == [False]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(['"', "\u201c", "\u201d", "\n", "Q: ", "HOLT: ", "UPDATE: ", "I ", "said ", "x", "'", "\u2018", "\u2019"]),
                max_size=60),
       st.integers(1, 7))
def test_inside_quotes_reads_positions_a_step_at_a_time_as_all_at_once(pieces: list[str], step: int) -> None:
    # Session 23: the positions are read in steps (_QUOTE_STEP, half a million) to bound the temporary arrays of a
    # text with millions of matches; with steps of a few positions every step boundary falls inside a line.
    buf = "".join(pieces).encode()
    offsets = np.array([0, len(buf) // 2]) if len(buf) > 1 else np.array([0])
    at = np.arange(len(buf), dtype=np.int64)
    whole = _engine.inside_quotes(buf, offsets, at)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_engine, "_QUOTE_STEP", step)
        assert _engine.inside_quotes(buf, offsets, at).tolist() == whole.tolist()


@pytest.mark.parametrize("label", ["SHOCKING", "URGENT", "BOMBSHELL", "EXPOSED", "WOW", "JUST IN", "MUST READ"])
def test_a_clickbait_label_opening_a_line_is_no_transcript_speaker(label: str) -> None:
    """An audit (session 27): "SHOCKING: You won't believe..." read as a speaker's line hid its "you" and
    "I" from the writer's voice (+0.03 to +0.045 on a score): a way around the cues."""
    m = Matcher()
    text = f"{label}: You won't believe what I found.\nHOLT: I think you know."
    found = [(e.signal, e.text) for e in m.find(text) if e.signal in ("first_person", "reader_address")]
    assert found == [("reader_address", "You"), ("first_person", "I")]


def test_a_pattern_hyperscan_refuses_is_named() -> None:
    """An audit (session 35): a custom pattern valid for Python's re but not for Hyperscan (a look-behind)
    failed with "A signal pattern failed to compile" naming neither the signal nor the pattern."""
    mine = Signal(name="my_signal", sign=1, description="d", rationale="r",
                  patterns=(Pattern("fine", r"\bplain\b"), Pattern("behind", r"(?<!not )\bplain\b")),
                  examples=("plain",), counterexamples=("other",))
    with pytest.raises(ValueError, match=r"signal pattern my_signal/behind failed to compile: .*not_after"):
        Matcher([mine]).count(["plain text"])
