"""Atheris harness for the public scoring API: score, explain, score_many, Matcher.

Input layout: byte 0 is a flag byte, the rest becomes text.

* bits 0-1 choose the decoding of the rest:
  0 UTF-8 (``errors="replace"``; seed-friendly: a seed starting with "0" is
  plain text), 1 ``FuzzedDataProvider.ConsumeUnicodeNoSurrogates``,
  2 ``FuzzedDataProvider.ConsumeUnicode`` (lone surrogates included),
  3 UTF-16-LE with ``surrogatepass`` (any code unit, lone surrogates included);
* bit 2: the text before the first U+001E is the title (headline signals);
* bit 3: the text is also split at U+001D into several documents, which are
  scored together (joined scan buffers, see credscore._engine) and alone.

For ``str`` input nothing is documented to raise, so every exception is a
finding; so is any broken invariant below (each one is documented in the
docstrings of credscore.score / explain / score_many / Evidence / Explanation
or credscore._engine):

* score is a float, finite, in [0, 1]; exactly 0.5 for empty/whitespace text;
* explain(text, title).score == score(text, title) exactly;
* every span: 0 <= start < end <= len(src) and src[start:end] == span.text,
  src being the body or the title by ``span.field``; spans of a signal are
  in text order and do not overlap; ``count == len(spans)``;
* baseline + all contributions == logit(score) (non-empty text, up to 1e-6);
* risk is one of low/medium/high/unknown; words == the reference tokenizer's
  words of the body read (credscore._body.read_body: no repeated sentence,
  furniture line, repeated headline or photo credit);
* score_many([text], titles=[title])[0] == score(text, title) exactly, and
  for several documents score_many(docs)[i] == score(docs[i]) whatever
  batch_size; Matcher.count over the batch equals counting each alone and
  equals the number of Matcher.find spans;
* wrong types raise TypeError (documented in credscore._validation).

Run: ``tests/fuzz/run.sh scorer`` or ``python tests/fuzz/fuzz_scorer.py [libFuzzer flags] [corpus dirs | files]``.
"""

from __future__ import annotations

import math
import os
import sys

import atheris

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _fuzzutil as fu

with atheris.instrument_imports(include=fu.INSTRUMENT, exclude=fu.NO_INSTRUMENT):
    import credscore
    from credscore._body import read_body

# The reference tokenizer of tests/ (after credscore, which it imports: credscore stays instrumented).
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import ngram_oracle
import numpy as np

HARNESS = "scorer"
RISKS = {"low", "medium", "high", "unknown"}
TITLE_SEP = "\x1e"
DOC_SEP = "\x1d"
MAX_DOCS = 8


def decode(data: bytes) -> tuple[int, str]:
    flags = data[0] if data else 0
    rest = data[1:]
    mode = flags & 3
    if mode == 0:
        text = rest.decode("utf-8", "replace")
    elif mode == 1:
        fdp = atheris.FuzzedDataProvider(rest)
        text = fdp.ConsumeUnicodeNoSurrogates(len(rest))
    elif mode == 2:
        fdp = atheris.FuzzedDataProvider(rest)
        text = fdp.ConsumeUnicode(len(rest))
    else:
        text = rest[: len(rest) // 2 * 2].decode("utf-16-le", "surrogatepass")
    return flags, text


def check_score(value: object, what: str) -> float:
    fu.check(isinstance(value, float), "score-is-float", f"{what}: {type(value).__name__}")
    assert isinstance(value, float)
    fu.check(math.isfinite(value) and 0.0 <= value <= 1.0, "score-in-unit-interval", f"{what}: {value!r}")
    return value


def check_explanation(ex: credscore.Explanation, text: str, title: str | None, s: float) -> None:
    fu.check(ex.score == s, "explain-score-equals-score", f"{ex.score!r} != {s!r}")
    fu.check(ex.risk in RISKS, "risk-value", ex.risk)
    # Words are the word tokens of the distorted stream (runs of letters of any
    # script) of the body read, counted independently by the reference tokenizer
    # (scorer run 9: the harness counted the whole text, which read_body cuts).
    want_words = int(ngram_oracle.analyse([read_body(text, title).text])[1][0])
    fu.check(ex.words == want_words, "words", f"{ex.words} != {want_words}")
    total = ex.baseline
    for rep in ex.signals:
        fu.check(rep.count == len(rep.spans), "count-equals-spans", f"{rep.name}: {rep.count} vs {len(rep.spans)}")
        fu.check(math.isfinite(rep.contribution), "contribution-finite", f"{rep.name}: {rep.contribution!r}")
        total += rep.contribution
        last_end = -1
        for sp in rep.spans:
            fu.check(sp.signal == rep.name, "span-signal-name", f"{sp.signal} in report {rep.name}")
            fu.check(sp.field in ("text", "title"), "span-field", sp.field)
            src = title if sp.field == "title" else text
            fu.check(src is not None, "title-span-without-title", sp)
            assert src is not None
            fu.check(0 <= sp.start < sp.end <= len(src), "span-bounds", f"{sp!r} len={len(src)}")
            fu.check(
                src[sp.start : sp.end] == sp.text, "span-text-equals-slice", f"{sp!r} slice={src[sp.start : sp.end]!r}"
            )
            fu.check(sp.start >= last_end, "spans-ordered-non-overlapping", f"{rep.name}: {rep.spans!r}")
            last_end = sp.end
    for name, part in ex.style.items():
        fu.check(math.isfinite(part), "style-contribution-finite", f"{name}: {part!r}")
        total += part
    # Documented exception: text the model cannot judge scores its prior.
    if ex.risk != "unknown" and 1e-9 < s < 1 - 1e-9:
        logit = math.log(s / (1.0 - s))
        fu.check(
            abs(total - logit) <= 1e-6 * max(1.0, abs(logit)),
            "contributions-add-up-to-logit",
            f"{total!r} vs {logit!r}",
        )


def check_batch(docs: list[str]) -> None:
    alone = np.array([credscore.score(d) for d in docs], dtype=np.float64)
    for bs in (1000, 1, 2):
        many = credscore.score_many(docs, batch_size=bs)
        fu.check(
            many.shape == (len(docs),) and many.dtype == np.float64, "score-many-shape", f"{many.shape} {many.dtype}"
        )
        fu.check(np.array_equal(many, alone), "score-many-equals-score", f"batch_size={bs}: {many!r} vs {alone!r}")
    matcher = credscore._api.default_matcher()
    for scope in ("text", "title"):
        together = matcher.count(docs, scope)
        each = np.vstack([matcher.count([d], scope) for d in docs])
        fu.check(np.array_equal(together, each), "batch-count-equals-alone", f"scope={scope}")
        for d, row in zip(docs, each):
            found = np.zeros(len(matcher), dtype=np.int64)
            for ev in matcher.find(d, scope):
                found[matcher.index(ev.signal)] += 1
            fu.check(np.array_equal(row, found), "count-equals-find", f"scope={scope} doc={d!r}")


def one_input(data: bytes) -> None:
    fu.run_warning_free(HARNESS, _one_input, data)


def _one_input(data: bytes) -> None:
    flags, text = decode(data)
    title: str | None = None
    if flags & 4:
        title, _, text = text.partition(TITLE_SEP)
    try:
        s = check_score(credscore.score(text), "score(text)")
        if not text or text.isspace():
            fu.check(s == 0.5, "empty-text-scores-half", repr(s))
        st = check_score(credscore.score(text, title=title), "score(text, title)") if title is not None else s
        ex = credscore.explain(text, title)
        check_explanation(ex, text, title, st)
        if title is not None:
            fu.check(credscore.explain(text).score == s, "explain-score-equals-score", "without title")
        many = credscore.score_many([text], titles=[title])
        fu.check(many.shape == (1,) and many[0] == st, "score-many-equals-score", f"{many!r} vs {st!r}")
        many = credscore.score_many([{"text": text, "title": title}])
        fu.check(many[0] == st, "score-many-mapping-equals-score", f"{many!r} vs {st!r}")
        # count and find agree for the body (explain already checked find's spans)
        matcher = credscore._api.default_matcher()
        row = matcher.count([text])[0]
        found = np.zeros(len(matcher), dtype=np.int64)
        for ev in matcher.find(text):
            found[matcher.index(ev.signal)] += 1
        fu.check(np.array_equal(row, found), "count-equals-find", "scope=text")
        if flags & 8:
            docs = text.split(DOC_SEP)[:MAX_DOCS]
            check_batch(docs)
        if flags & 16:
            # Documented type errors (credscore._validation).
            for call in (
                lambda: credscore.score(data),
                lambda: credscore.score(text, title=data),
                lambda: credscore.explain(data),
                lambda: credscore.score_many(text),
            ):
                try:
                    call()
                except TypeError:
                    pass
                else:
                    fu.check(False, "wrong-type-raises-TypeError", "no exception")
    except Exception as exc:  # noqa: BLE001 - every other exception is a finding
        fu.report(HARNESS, data, exc)


def warm_up() -> None:
    """Compile both Hyperscan databases and load the model before fuzzing (~10 s)."""
    credscore.score("Sources said it.", title="WOW!!")
    credscore.explain("Sources said it.", title="WOW!!")
    credscore.score_many(["a", "b"])


def main() -> None:
    warm_up()
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
