"""Time scoring of 10 MB inputs, realistic and pathological (not a test).

Run: ``.venv/bin/python benchmarks/bench_large_inputs.py [kind ...]``.
Each kind runs in its own process so that peak memory is reported per kind:
``peak_rss_mb`` is the process's peak resident set, ``baseline_rss_mb`` the
resident set once credscore is warmed up and the input is built (the
interpreter, NumPy, scikit-learn, the model, the compiled catalogue and the
10 MB string itself, and numba with the compiled loops when they are used:
run with ``CREDSCORE_KERNELS=numba`` to use them, ``numpy`` to leave them out;
unset, a process scores its first 16 MB with NumPy), ``score_over_baseline_mb`` what ``score()`` added to
it, and ``over_baseline_mb`` what ``score()`` and then ``explain()`` added. On Linux the peak is reset
once the input is built, so that what building it peaked at is not taken for the baseline; elsewhere the
baseline is the peak so far, and the figures may read low. Issue 14's target is a peak under 250 MB for
a 10 MB article.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZE = 10_000_000


def make(kind: str) -> str:
    if kind == "news":
        # The fixture articles again and again, each copy numbered in every sentence: a sentence repeated
        # word for word is read once (credscore._body.repeated_sentences), and copies would read as one.
        articles = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "fixtures").glob("*.txt")))
        ends = re.compile(r"(?<![.!?])(?=[.!?]+[ \t\n])|(?<=[^\s.!?])(?=\n)")  # each sentence's and line's end
        out: list[str] = []
        size = j = 0
        while size < SIZE:
            out.append(ends.sub(f" q{j:06d}", articles) + "\n\n")
            size += len(out[-1])
            j += 1
        return "".join(out)[:SIZE]
    if kind == "news_in_capitals":
        return make("news").upper()
    if kind == "appositive":  # one line: named_expert's said_name_role reports an end after every word
        return "said Jane Doe, " + "a " * ((SIZE - 25) // 2) + "professor."
    unit = {
        "dollars": " $5",  # every figure in one group whose matches overlap
        "bangs": "!",
        "spaced_bangs": "! ",  # a match of the exclamation signal every 2 bytes
        "shouting": "WAKE UP ",
        "dense_signal": "Sources said ",
        # Every line passes named_expert's line gate, two gate words a line.
        "gated_lines": "said professor\n",
        "awkward_unicode": "\ud800\x00\u200f\U0001f600e\u0301",
        "long_token": "a",
        "double_spaces": "a  ",  # a whitespace run to collapse every 3 bytes
        "spaces": " ",
        "dotted": "a.",  # one-character tokens with no whitespace or symbol to cut at
        "hyphenated": "ab-",
        # Real non-English text: every letter is two or three UTF-8 bytes.
        "russian": "Городской совет во вторник проголосовал за утверждение бюджета, сообщили чиновники. ",
        "chinese": "市议会周二投票批准了预算，官员们说。",
        # Read otherwise (credscore._tokens.READ_AS): a zero-width space in every word, dropped and mapped
        # back by explain(); Cyrillic look-alikes, read as ASCII through the code-point table.
        "zero_width": "sou\u200brces sa\u200bid ",
        "lookalikes": "\u0455\u043eurces \u0455aid the c\u043eunc\u0456l ",
        # HTML character references, each read as its character and mapped back by explain().
        "references": "&quot;Sources said&quot; it&#8217;s &amp; ",
        # Layout read otherwise (credscore._tokens._layout): Markdown's emphasis paired in one Python pass;
        # HTML's inline tags dropped and block tags read as line breaks, and comments dropped; a text in
        # capitals read in sentence case, a sentence's first letter every two characters, or the pronoun "I".
        "markdown_bold": "**a** ",
        "html_inline": "<b>a</b> ",
        "html_blocks": "<p>",
        "html_comments": "<!---->",
        "capitals_lines": "A\n",
        "capitals_pronouns": "I ",
        "ligatures": "\ufb01",  # every character a ligature, spelled out in the body (two letters each)
        "ligatures_and_gaps": "The \ufb01le.\nRead more\n",  # a ligature and a furniture line left out, in turn
    }[kind]
    return (unit * (SIZE // len(unit) + 1))[:SIZE]


def _status_mb(field: str) -> float | None:
    """A field of ``/proc/self/status`` (``VmRSS``, ``VmHWM``) in MB, or None where there is none (not Linux)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _resident_mb(reset_peak: bool) -> float:
    """The resident set in MB, the process's peak reset to it (Linux: ``/proc/self/clear_refs``); where the
    peak cannot be reset, the peak so far (which the figures then read from: they may be too low)."""
    if reset_peak:
        try:
            with open("/proc/self/clear_refs", "w", encoding="ascii") as f:
                f.write("5")
        except OSError:
            return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    now = _status_mb("VmRSS")
    return now if now is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _peak_mb() -> float:
    """The resident set's peak in MB since :func:`_resident_mb` reset it."""
    peak = _status_mb("VmHWM")
    return peak if peak is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_one(kind: str) -> dict[str, object]:
    import credscore

    # Warm up: compile the matcher, load the model, and (numba installed, $CREDSCORE_KERNELS=numba) the
    # compiled loops, which a text of 64 KB or more loads: numba's import is in the baseline.
    credscore.score("".join(f"The mayor said on Monday that plan {i} would be put to a vote. " for i in range(2000)))
    text = make(kind)
    # The baseline is the resident set now, with the peak so far forgotten: making the input (its copies
    # and pieces) may have peaked well above what stays, and a peak measured from that peak would leave
    # out what score() adds below it (session 37: news read +17 MB that way, +108 from the resident set).
    base = _resident_mb(reset_peak=True)
    t0 = time.perf_counter()
    s = credscore.score(text)
    t_score = time.perf_counter() - t0
    score_rss = _peak_mb()
    t0 = time.perf_counter()
    credscore.explain(text)
    t_explain = time.perf_counter() - t0
    rss = _peak_mb()
    return {"kind": kind, "chars": len(text), "score_s": round(t_score, 2), "explain_s": round(t_explain, 2),
            "peak_rss_mb": round(rss), "baseline_rss_mb": round(base),
            "score_over_baseline_mb": round(score_rss - base), "over_baseline_mb": round(rss - base), "score": s}


KINDS = ["news", "bangs", "spaced_bangs", "shouting", "dense_signal", "gated_lines", "appositive", "dollars",
         "awkward_unicode", "long_token", "double_spaces", "spaces", "dotted", "hyphenated", "russian", "chinese",
         "zero_width", "lookalikes", "references", "markdown_bold", "html_inline", "html_blocks", "html_comments",
         "news_in_capitals", "capitals_lines", "capitals_pronouns", "ligatures", "ligatures_and_gaps"]


def main(argv: list[str]) -> None:
    if argv[:1] == ["--one"]:
        print(json.dumps(run_one(argv[1])))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("kinds", nargs="*", metavar="kind", help="inputs to score (default: all): " + ", ".join(KINDS))
    kinds = parser.parse_args(argv).kinds or KINDS
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        parser.error(f"unknown input {unknown[0]!r}; choose from {', '.join(KINDS)}")
    for kind in kinds:
        out = subprocess.run([sys.executable, __file__, "--one", kind], capture_output=True, text=True, check=True)
        print(out.stdout.strip())


if __name__ == "__main__":
    main(sys.argv[1:])
