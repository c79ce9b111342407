"""The "does this look like English?" check and the note explain() adds for it."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reading_oracle import reference_read

import credscore
from credscore import _tokens
from credscore._language import MIN_LETTERS, SAMPLE_CHARS, check_english, looks_english
from credscore._tokens import READ_AS, encode_text

FIXTURES = Path(__file__).parent / "fixtures"

# The same news item in several languages (about 40-60 words each).
FOREIGN = {
    "french": (
        "Le gouvernement a annonc\u00e9 mardi une s\u00e9rie de mesures pour lutter contre la hausse des prix "
        "de l'\u00e9nergie. Selon le ministre de l'\u00c9conomie, ces aides co\u00fbteront pr\u00e8s de deux milliards "
        "d'euros \u00e0 l'\u00c9tat d'ici la fin de l'ann\u00e9e, et elles seront vers\u00e9es aux m\u00e9nages les plus "
        "modestes d\u00e8s le mois prochain."
    ),
    "german": (
        "Die Bundesregierung hat am Dienstag ein neues Ma\u00dfnahmenpaket gegen die steigenden Energiepreise "
        "vorgestellt. Nach Angaben des Finanzministeriums sollen die Hilfen rund zwei Milliarden Euro kosten "
        "und bereits im kommenden Monat an einkommensschwache Haushalte ausgezahlt werden, wie ein Sprecher sagte."
    ),
    "greek": (
        "\u0397 \u03ba\u03c5\u03b2\u03ad\u03c1\u03bd\u03b7\u03c3\u03b7 \u03b1\u03bd\u03b1\u03ba\u03bf\u03af\u03bd\u03c9\u03c3\u03b5 "
        "\u03c3\u03ae\u03bc\u03b5\u03c1\u03b1 \u03cc\u03c4\u03b9 \u03bf \u03c0\u03c1\u03bf\u03cb\u03c0\u03bf\u03bb\u03bf\u03b3\u03b9\u03c3\u03bc\u03cc\u03c2 "
        "\u03b5\u03b3\u03ba\u03c1\u03af\u03b8\u03b7\u03ba\u03b5 \u03b1\u03c0\u03cc \u03c4\u03b7 \u0392\u03bf\u03c5\u03bb\u03ae "
        "\u03bc\u03b5\u03c4\u03ac \u03b1\u03c0\u03cc \u03c0\u03bf\u03bb\u03cd\u03c9\u03c1\u03b7 \u03c3\u03c5\u03b6\u03ae\u03c4\u03b7\u03c3\u03b7, "
        "\u03b5\u03bd\u03ce \u03bf\u03b9 \u03b2\u03bf\u03c5\u03bb\u03b5\u03c5\u03c4\u03ad\u03c2 \u03c4\u03b7\u03c2 "
        "\u03b1\u03bd\u03c4\u03b9\u03c0\u03bf\u03bb\u03af\u03c4\u03b5\u03c5\u03c3\u03b7\u03c2 \u03b1\u03c0\u03ad\u03c7\u03b1\u03bd "
        "\u03b1\u03c0\u03cc \u03c4\u03b7\u03bd \u03c8\u03b7\u03c6\u03bf\u03c6\u03bf\u03c1\u03af\u03b1 \u03c3\u03c4\u03b7\u03bd "
        "\u03bf\u03bb\u03bf\u03bc\u03ad\u03bb\u03b5\u03b9\u03b1 \u03c4\u03bf\u03c5 \u03ba\u03bf\u03b9\u03bd\u03bf\u03b2\u03bf\u03c5\u03bb\u03af\u03bf\u03c5."
    ),
    "russian": (
        "\u041f\u0440\u0430\u0432\u0438\u0442\u0435\u043b\u044c\u0441\u0442\u0432\u043e \u0432\u043e "
        "\u0432\u0442\u043e\u0440\u043d\u0438\u043a \u043e\u0431\u044a\u044f\u0432\u0438\u043b\u043e \u043e "
        "\u043d\u043e\u0432\u043e\u043c \u043f\u0430\u043a\u0435\u0442\u0435 \u043c\u0435\u0440 \u043f\u043e "
        "\u0431\u043e\u0440\u044c\u0431\u0435 \u0441 \u0440\u043e\u0441\u0442\u043e\u043c \u0446\u0435\u043d "
        "\u043d\u0430 \u044d\u043d\u0435\u0440\u0433\u043e\u043d\u043e\u0441\u0438\u0442\u0435\u043b\u0438. "
        "\u041f\u043e \u0434\u0430\u043d\u043d\u044b\u043c \u043c\u0438\u043d\u0438\u0441\u0442\u0435\u0440\u0441\u0442\u0432\u0430 "
        "\u0444\u0438\u043d\u0430\u043d\u0441\u043e\u0432, \u043f\u043e\u043c\u043e\u0449\u044c "
        "\u043e\u0431\u043e\u0439\u0434\u0451\u0442\u0441\u044f \u0431\u044e\u0434\u0436\u0435\u0442\u0443 "
        "\u043f\u0440\u0438\u043c\u0435\u0440\u043d\u043e \u0432 \u0434\u0432\u0430 "
        "\u043c\u0438\u043b\u043b\u0438\u0430\u0440\u0434\u0430 \u0440\u0443\u0431\u043b\u0435\u0439."
    ),
    "chinese": (
        "\u653f\u5e9c\u5468\u4e8c\u5ba3\u5e03\u4e86\u4e00\u7cfb\u5217\u5e94\u5bf9\u80fd\u6e90\u4ef7\u683c"
        "\u4e0a\u6da8\u7684\u65b0\u63aa\u65bd\u3002\u636e\u8d22\u653f\u90e8\u79f0\uff0c\u8fd9\u4e9b\u63f4"
        "\u52a9\u5c06\u82b1\u8d39\u7ea6\u4e8c\u5341\u4ebf\u5143\uff0c\u5e76\u5c06\u4e8e\u4e0b\u4e2a\u6708"
        "\u53d1\u653e\u7ed9\u4f4e\u6536\u5165\u5bb6\u5ead\u3002"
    ),
    "arabic": (
        "\u0623\u0639\u0644\u0646\u062a \u0627\u0644\u062d\u0643\u0648\u0645\u0629 \u064a\u0648\u0645 "
        "\u0627\u0644\u062b\u0644\u0627\u062b\u0627\u0621 \u0639\u0646 \u062d\u0632\u0645\u0629 "
        "\u062c\u062f\u064a\u062f\u0629 \u0645\u0646 \u0627\u0644\u0625\u062c\u0631\u0627\u0621\u0627\u062a "
        "\u0644\u0645\u0648\u0627\u062c\u0647\u0629 \u0627\u0631\u062a\u0641\u0627\u0639 \u0623\u0633\u0639\u0627\u0631 "
        "\u0627\u0644\u0637\u0627\u0642\u0629. \u0648\u0648\u0641\u0642\u0627 \u0644\u0648\u0632\u0627\u0631\u0629 "
        "\u0627\u0644\u0645\u0627\u0644\u064a\u0629\u060c \u0633\u062a\u0643\u0644\u0641 \u0647\u0630\u0647 "
        "\u0627\u0644\u0645\u0633\u0627\u0639\u062f\u0627\u062a \u0646\u062d\u0648 \u0645\u0644\u064a\u0627\u0631\u064a "
        "\u062f\u0648\u0644\u0627\u0631."
    ),
    "spanish": (
        "El gobierno anunci\u00f3 el martes un nuevo paquete de medidas para hacer frente al aumento de los "
        "precios de la energ\u00eda. Seg\u00fan el Ministerio de Hacienda, las ayudas costar\u00e1n unos dos mil "
        "millones de euros y se pagar\u00e1n a los hogares con menos ingresos a partir del mes que viene."
    ),
}

ENGLISH = {
    "well_sourced_fixture": (FIXTURES / "well_sourced.txt").read_text(encoding="utf-8"),
    "rumor_style_fixture": (FIXTURES / "rumor_style.txt").read_text(encoding="utf-8"),
    "wire": (
        "The government on Tuesday announced a new package of measures to counter rising energy prices. "
        "According to the finance ministry, the aid will cost about two billion dollars and will be paid to "
        "low-income households starting next month, a spokesman said."
    ),
    "accented_names": (
        "Caf\u00e9 owner Jos\u00e9 Mu\u00f1oz, 54, of S\u00e3o Paulo, said Z\u00fcrich-based Nestl\u00e9 had cut "
        "prices at his caf\u00e9 in Bogot\u00e1 after the mayor\u2019s office in Medell\u00edn raised taxes."
    ),
    "headline": "Senate passes budget bill after marathon session",
    "results_line": "Manchester United 2, Chelsea 1; Arsenal 3, Everton 0; Liverpool 1, Tottenham 1.",
}


@pytest.mark.parametrize("language", sorted(FOREIGN))
def test_foreign_text_is_flagged(language: str) -> None:
    text = FOREIGN[language]
    assert not looks_english(text)
    ex = credscore.explain(text)
    assert ex.risk == "unknown"
    assert any(
        n.startswith("text does not look like English") and "trained on English news" in n for n in ex.notes
    ), ex.notes
    # The flag is a caveat, not a different score.
    assert ex.score == credscore.score(text)


@pytest.mark.parametrize("name", sorted(ENGLISH))
def test_english_text_is_not_flagged(name: str) -> None:
    text = ENGLISH[name]
    assert looks_english(text), check_english(text)
    assert not any("English" in n for n in credscore.explain(text).notes)


def test_every_catalogue_example_counts_as_english() -> None:
    for signal in credscore.CATALOGUE:
        for text in signal.examples + signal.counterexamples:
            assert looks_english(text), (signal.name, text, check_english(text))


@pytest.mark.parametrize("text", ["", "   ", "12345 67890", "caf\u00e9", "\u4e2d\u6587", "\ud800\x00\U0001f600"])
def test_too_little_text_gets_the_benefit_of_the_doubt(text: str) -> None:
    assert check_english(text).letters < MIN_LETTERS
    assert looks_english(text)


def test_english_with_a_foreign_quote_is_still_english() -> None:
    text = ENGLISH["wire"] + " He added: \u00ab C'est la vie. \u00bb"
    assert looks_english(text)


def test_only_a_bounded_prefix_is_read() -> None:
    # The check is O(SAMPLE_CHARS), so it stays instant on huge inputs; what
    # lies beyond the sample cannot change the answer.
    english = (ENGLISH["wire"] + " ") * (SAMPLE_CHARS // len(ENGLISH["wire"]) + 1)
    assert looks_english(english + FOREIGN["russian"] * 1000)
    assert not looks_english(FOREIGN["russian"] * 1000 + english)


@pytest.mark.parametrize("eol", ["\n", "\r\n"])
@pytest.mark.parametrize("shift", [-2, -1, 0, 1, 2])
def test_the_sample_reads_as_the_whole_text_reads_it_where_a_hyphen_break_meets_its_end(eol: str, shift: int) -> None:
    # A word broken by a hyphen at a line's end reads as one word, which takes the letter after the break: a
    # sample cut inside the break would read "reli-" where the whole text reads "reliable", and the batch, which
    # places the sample's end by reading the sample, would end it two letters into the word.
    from credscore._language import _sample_ends
    from credscore._tokens import encode_batch, encode_text, normalise, read_prefix

    head = "a" * (SAMPLE_CHARS - 7 + shift)  # the "-" at SAMPLE_CHARS - 2 + shift
    for text in (head + " reli-" + eol + "able source, the mayor said.",
                 head[:-40] + " **Officials** said" + " " * 20 + " the [report](https://x.org/a) was final."):
        batch = encode_batch([text])
        sample = batch.buf[batch.starts[0] : _sample_ends(batch)[0]]
        assert sample == normalise(read_prefix(text, SAMPLE_CHARS).encode())
        assert sample == normalise(encode_text(text))[: len(sample)]
        assert check_english(text) == check_english(text[: SAMPLE_CHARS + 3000])


def test_measurements_are_reported() -> None:
    c = check_english(FOREIGN["chinese"])
    assert c.ascii_letter_share == 0.0 and c.tokens > 0
    assert "0% of letters are ASCII" in c.describe()
    # Russian letters drawn like Latin ones ("о", "а", "е", "с", "р") read as them: about a third.
    c = check_english(FOREIGN["russian"])
    assert 0.2 < c.ascii_letter_share < 0.5 and c.tokens > 0
    assert f"{c.ascii_letter_share:.0%} of letters are ASCII or drawn like ASCII letters" in c.describe()
    c = check_english(ENGLISH["wire"])
    assert c.ascii_letter_share == 1.0 and 0.2 < c.marker_share < 0.6


def test_wrong_type() -> None:
    with pytest.raises(TypeError, match=r"text must be str, got bytes"):
        looks_english(b"The council met.")  # type: ignore[arg-type]


def test_only_the_kelvin_sign_lowercases_to_ascii() -> None:
    # english_checks reads a run with non-ASCII letters in Python only when it
    # holds U+212A: no other character's lowercase is all ASCII.
    to_ascii = [cp for cp in range(0x80, 0x110000) if not 0xD800 <= cp <= 0xDFFF and chr(cp).lower().isascii()]
    assert to_ascii == [0x212A]


def test_a_kelvin_sign_word_is_a_marker_when_a_marker_has_a_k() -> None:
    # With a marker holding a "k", "\u212aind" (Kelvin sign) lowercases to it:
    # the batch check must count it as check_english does.
    from credscore import _language
    from credscore._tokens import Lexicon, encode_batch

    markers = frozenset(_language.ENGLISH_MARKERS | {"kind"})
    texts = ["the \u212aind of thing \u212aind is", "\u212aind \u212aind"]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_language, "ENGLISH_MARKERS", markers)
        mp.setattr(_language, "_MARKERS", Lexicon(sorted(markers)))
        checks = _language.english_checks(encode_batch(texts))
        assert checks == [check_english(t) for t in texts]
        assert [round(c.marker_share * c.tokens) for c in checks] == [5, 2]  # "the", "of", "is", two "Kind"s


def test_runs_holding_finds_each_run_that_holds_the_whole_needle() -> None:
    import numpy as np

    from credscore._language import _runs_holding

    k = "\u212a".encode()
    buf = k + b"x " + b"ab" + k + k + b" c" + k[:2] + b"d " + k + b"z"
    # 0-2: in no run; run 0 (5-13) holds two; run 1 (14-18) a part; run 2 (19-23) one
    start, end = np.array([5, 14, 19]), np.array([13, 18, 23])
    assert _runs_holding(buf, k, start, end).tolist() == [0, 2]
    assert _runs_holding(buf, b"\xe2\x84\xab", start, end).tolist() == []  # absent: no run
    # a needle that starts in a run and ends past it is not in it
    assert _runs_holding(buf, k, np.array([19]), np.array([21])).tolist() == []


@pytest.mark.parametrize(
    "text",
    [
        "a" * 19,  # below MIN_LETTERS: passes
        "a" * 20,  # MIN_LETTERS of ASCII, one token: passes
        "\u00e9" * 3 + "a" * 17,  # ASCII share exactly 0.85: passes test 1
        "\u00e9" * 4 + "a" * 16,  # 0.80: fails
        " ".join(["the"] + ["xyz"] * 14),  # 15 tokens, marker share 1/15 < 0.08: fails
        " ".join(["the", "of"] + ["xyz"] * 23),  # 25 tokens, 2/25 = 0.08 exactly: passes
        " ".join(["xyz"] * 14),  # 14 tokens, no marker: test 2 does not run, passes
        "",
    ],
)
def test_the_batch_verdict_is_the_one_verdict_at_every_threshold(text: str) -> None:
    from credscore._language import looks_english_batch
    from credscore._tokens import encode_batch

    texts = [text, "The mayor said that the plan was", text]
    assert looks_english_batch(encode_batch(texts)).tolist() == [check_english(t).looks_english for t in texts]


def test_english_spelled_with_letters_drawn_like_ascii_ones_is_english() -> None:
    # Cyrillic "а", "о", "е"... in place of the Latin letters: a person reads English, and so does the
    # check (a Greek or Russian text is still flagged: see test_foreign_text_is_flagged).
    from credscore._language import english_checks
    from credscore._tokens import encode_batch

    text = (FIXTURES / "rumor_style.txt").read_text(encoding="utf-8")
    disguised = text.translate(str.maketrans("aeopcxysij", "\u0430\u0435\u043e\u0440\u0441\u0445\u0443\u0455\u0456\u0458"))
    assert check_english(text).ascii_letter_share > 0.99
    assert check_english(disguised) == check_english(text)
    assert english_checks(encode_batch([disguised])) == [check_english(text)]


_LOOKALIKE_CHARS = st.sampled_from([chr(cp) for cp in sorted(READ_AS)])
# HTML character references, some standing for characters read otherwise, and near misses read as written.
_REFERENCES = st.sampled_from(["&amp;", "&quot;", "&#8217;", "&#x201C;", "&nbsp;", "&#8203;", "&#146;", "&#x81;",
                               "&#x1F600;", "&bogus;", "&#0;", "&#xD800;", "&", ";", "&amp", "&#1114112;", "&amp;amp;"])


@settings(max_examples=200)
@given(st.lists(st.one_of(_LOOKALIKE_CHARS, _REFERENCES, st.characters(), st.just("\ud800"), st.just("\U0001f600"))).map("".join),
       st.integers(1, 9))
def test_reading_look_alikes_in_blocks_is_the_reference_reading(text: str, block: int) -> None:
    # encode_text reads a text holding look-alikes, Unicode spaces or character references through a
    # code-point table, a block of characters at a time: what reading it a character at a time gives
    # (tests/reading_oracle.py), wherever the blocks end, and each character placed at its source.
    seen, starts, ends = reference_read(text)
    with mock.patch.object(_tokens, "_READ_AS_BLOCK", block):
        assert _tokens._read_as(text) == seen
        at = _tokens.read_positions(text)  # where each character read stands in the text, block by block
        assert (None if len(starts) == len(text) else starts + [len(text)]) == (None if at is None else at.tolist())
        if at is not None:
            assert _tokens.read_ends(text, at).tolist() == ends
    assert encode_text(text) == seen.encode("utf-8", "surrogatepass")
