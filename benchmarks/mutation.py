"""Mutation check of credscore's core modules: does a one-line change fail a test?

Usage (from the repository root)::

    .venv/bin/python benchmarks/mutation.py --sample 80 --timeout 300 --out benchmarks/MUTATION.md

The script copies ``src/``, ``tests/``, ``models/``, ``conftest.py`` and ``pyproject.toml``
to a temporary directory (the working tree is never modified, so others can
keep working in it), then, for each mutant:

1. writes the module with one change into the copy,
2. runs that module's fast tests on the copy (``-x``, ``-m "not slow and not
   corpora"``, ``CREDSCORE_DATA=/nonexistent``, with ``PYTHONPATH`` pointing at
   the copied ``src``) with a timeout,
3. restores the module.

A mutant is *killed* when pytest reports a failure (exit status 1), stops on a
collection or import error (status 2: the change broke the import, which a
user would notice at once) or runs past the timeout. It *survives* when the
tests pass. Statuses 3-5 (internal error, usage, no tests) are reported as
errors and left out of the rate.

Mutants are found with :mod:`ast` (so comments, docstrings and messages are
never mutated): a comparison operator turned into its neighbour (``<`` and
``<=``, ``==`` and ``!=``...), an arithmetic operator swapped (``+``/``-``,
``*``/``/``), ``and``/``or`` swapped, a ``not`` dropped, a number changed
(``0``/``1`` swapped, others plus one), ``True``/``False`` swapped; for the
signal catalogue, one alternative removed from one pattern's alternation.
Every mutant is parsed before it is run and dropped if its AST equals the
original's. A fixed random sample (``--seed``), the same size for each module, is taken, and four
named mutants from issue 15 are always run:

* the z-clip dropped from the model's standardisation,
* ``risk_level`` with ``<=`` instead of ``<`` at the "high" threshold,
* "anonymous" removed from anonymous_sourcing's ``unnamed_source`` pattern,
* signal rates per 100 words instead of per 1,000.

It writes a Markdown report (kill rate per module, the surviving mutants)
and a JSON file with every result next to it.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

# module -> (tests to run, names of the functions/classes whose lines may be
# mutated; None for the whole module)
TARGETS: dict[str, tuple[list[str], tuple[str, ...] | None]] = {
    "_model.py": (
        ["tests/test_verdicts.py", "tests/test_model_io.py", "tests/test_model_bounds.py", "tests/test_unit_edges.py",
         "tests/test_api_edges.py", "tests/test_groups_and_labels.py"],
        None,
    ),
    "_features.py": (
        ["tests/test_feature_units.py", "tests/test_verdicts.py", "tests/test_api.py", "tests/test_api_edges.py",
         "tests/test_unit_edges.py", "tests/test_token_parity.py"],  # token_parity: featurize in pieces
        None,
    ),
    # What of a text is read as body: the repeated headline and page furniture left out, offsets placed back.
    "_body.py": (["tests/test_body.py", "tests/test_headline_repeat.py", "tests/test_photo_credits.py"], None),
    "_api.py": (
        ["tests/test_api.py", "tests/test_verdicts.py", "tests/test_feature_units.py", "tests/test_api_edges.py",
         "tests/test_unit_edges.py", "tests/test_model_io.py"],
        None,
    ),
    "_io.py": (
        ["tests/test_io.py", "tests/test_reader_errors.py", "tests/test_io_edges.py", "tests/test_unit_edges.py"],
        # The readers (the output helpers and path formatting are left out). Every
        # name must exist: main() stops on a stale one.
        ("read_records", "_read_csv", "_read_jsonl", "_read_txt", "next_csv_row", "sniff", "_sniffed_kind",
         "_open_binary", "_read_head", "_rewound", "_lines", "record_from", "json_error", "decode_text",
         "_swallowed_row", "_first_fields", "_own_id", "_refuse_binary", "_check_title", "_jsonl_id", "csv_header",
         "_escape_or_lone", "_decode"),
    ),
    "_signals.py": (["tests/test_signals.py", "tests/test_catalogue_coverage.py", "tests/test_expert_validator.py"], None),
    # The whitespace-collapsed copy and the analysis of which patterns may scan it.
    "_spaces.py": (["tests/test_spaces.py", "tests/test_engine_edges.py", "tests/test_dense_memory.py"], None),
    # Starts found from ends: the reversal, its prefixes, the windows.
    "_starts.py": (["tests/test_starts.py"], None),
    "_engine.py": (
        ["tests/test_signals.py", "tests/test_properties.py", "tests/test_engine_edges.py", "tests/test_unit_edges.py",
         "tests/test_db_cache.py", "tests/test_line_gate.py", "tests/test_spaces.py", "tests/test_native.py",
         "tests/test_shared_checks.py", "tests/test_last_words.py", "tests/test_greedy.py", "tests/test_dense_memory.py",
         "tests/test_not_after.py", "tests/test_not_before.py"],
        ("_byte_to_char", "to_byte_regex", "Matcher", "_Compiled", "_read_db", "_write_db", "_Checks", "_greedy", "_greedy_rows", "_first_seen",
         "_read_after", "_words_after", "word_after", "word_before", "_word_in",
         "_Run", "_scan_joined", "_resolve_scanned", "_gather", "_cluster_opens", "_doc_starts", "inside_quotes",
         "_QuoteLines", "_sort_rows", "_rows_of"),
    ),
    # Hyperscan scans with compiled match handlers, held to the Python handlers.
    "_native.py": (["tests/test_native.py", "tests/test_dense_memory.py"], None),
    # token_parity and kernels: the stream and the n-gram counts in passes of a few bytes or tokens
    "_ngrams.py": (["tests/test_ngrams.py", "tests/test_content_words.py", "tests/test_ngram_edges.py",
                    "tests/test_token_parity.py", "tests/test_kernels.py"], None),
    # The compiled loops, mutated as the plain Python they are; their tests hold them to the NumPy steps.
    "_kernels.py": (["tests/test_kernels.py", "tests/test_shared_checks.py", "tests/test_last_words.py", "tests/test_greedy.py"], None),
    "_stylometry.py": (
        ["tests/test_stylometry.py", "tests/test_token_parity.py", "tests/test_kernels.py", "tests/test_feature_units.py"],
        None,
    ),
    # The one tokenisation pass shared by stylometry, n-grams and the English check (test_api: how the
    # text is read, Unicode spaces and characters that print as nothing).
    "_tokens.py": (
        ["tests/test_token_parity.py", "tests/test_ngrams.py", "tests/test_stylometry.py", "tests/test_language.py",
         "tests/test_ngram_edges.py", "tests/test_unit_edges.py", "tests/test_api.py", "tests/test_reading.py"],
        None,
    ),
    # Platt scaling (recalibration's targets), the label checks, the guard against an inverted calibration,
    # folds that keep copies of a text together, the options checked before a fit.
    "_train.py": (
        ["tests/test_verdicts.py", "tests/test_evaluate_data.py", "tests/test_groups_and_labels.py", "tests/test_signs.py",
         "tests/test_sample_weight.py", "tests/test_recalibrate_checks.py"],
        ("platt", "check_labels", "recalibrate_model", "fit_model", "duplicate_keys", "stratified_folds",
         "out_of_fold_logits", "_check_fit_args", "_signed_fit", "sample_weights", "calibration_weights",
         "check_sample_weight", "merged_groups"),
    ),
    # Evaluation on users' own data: verdicts (unknown for texts not judged), the report's caveats, labels.
    "_evaluate.py": (
        ["tests/test_evaluate_data.py", "tests/test_metrics.py", "tests/test_groups_and_labels.py",
         "tests/test_mutation_guards.py"],
        ("verdict_table", "Verdicts", "_caveats", "_eval_labels", "_metrics_by_group",
         "BenchmarkReport", "evaluate", "Metrics", "_with_interval", "_markdown_row"),
    ),
    # The HTML report's table cells (the shares with their intervals).
    "_report.py": (["tests/test_html_report.py"], ("_shown", "_marked")),
    "_benchmark_report.py": (["tests/test_evaluate_data.py", "tests/test_html_report.py"],
                             ("_cell", "_auc_cell", "_share_cell", "_metric_cells")),
    # Missing values and group names in users' data; what may stand for a list of texts.
    "_validation.py": (
        ["tests/test_groups_and_labels.py", "tests/test_api_edges.py", "tests/test_api.py", "tests/test_data.py",
         "tests/test_evaluate_data.py"],
        ("is_missing", "group_name", "check_iterable", "binary_label", "binary_labels", "same_index"),
    ),
    # Where the command line writes, checked before any work (in-process tests only).
    "cli.py": (["tests/test_cli_outputs.py", "tests/test_data.py", "tests/test_groups_and_labels.py",
                "tests/test_cli_fields.py"],
               ("_check_output", "_run", "_parse_label_map", "_output_format", "_check_fields")),
    # Where the command line's evaluate checks its options before any work.
    "_cli_evaluate.py": (["tests/test_cli_evaluate_report.py", "tests/test_evaluate_data.py"],
                         ("_folds", "_check_plots", "_labeled_row")),
    # The one all-or-nothing writer (a device or a pipe written as it is).
    "_atomic.py": (["tests/test_model_io.py", "tests/test_cli_outputs.py", "tests/test_db_cache.py"], None),
    # The pip command a missing extra's message names.
    "_version.py": (["tests/test_install_command.py"], ("install_command",)),
    # Labels read from files (CSV cells as JSON values), the training manifest.
    "_data.py": (["tests/test_data.py", "tests/test_evaluate_data.py", "tests/test_sample_weight.py",
                  "tests/test_reader_errors.py", "tests/test_groups_and_labels.py"],
                 ("parse_label", "parse_weight", "file_manifest", "read_labeled", "_loose_key", "_loose_keys", "map_labels",
                  "as_written", "binary_label_missing", "clashing_names")),
}

NAMED: list[tuple[str, str, str, str]] = [
    # (module, label, original text, replacement): the four examples.
    (
        "_model.py",
        "issue: z-clip dropped",
        "np.clip((X - self.mean) / self.scale, -self.z_clip, self.z_clip)",
        "(X - self.mean) / self.scale",
    ),
    ("_api.py", "issue: <= at the high threshold", 'if score_value < RISK_THRESHOLDS["high"]', 'if score_value <= RISK_THRESHOLDS["high"]'),
    ("_signals.py", "issue: 'anonymous' dropped from unnamed_source", r"(?:unnamed|anonymous|unidentified)", r"(?:unnamed|unidentified)"),
    ("_features.py", "issue: signal rate per 100 words", "np.log1p(1000.0 * counts[:, text_cols]", "np.log1p(100.0 * counts[:, text_cols]"),
]

_CMP_SWAP = {
    ast.Lt: "<=", ast.LtE: "<", ast.Gt: ">=", ast.GtE: ">", ast.Eq: "!=", ast.NotEq: "==",
    ast.Is: "is not", ast.IsNot: "is", ast.In: "not in", ast.NotIn: "in",
}
_CMP_TEXT = {
    ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!=",
    ast.Is: "is", ast.IsNot: "is not", ast.In: "in", ast.NotIn: "not in",
}
_BIN_SWAP = {ast.Add: ("+", "-"), ast.Sub: ("-", "+"), ast.Mult: ("*", "/"), ast.Div: ("/", "*"), ast.FloorDiv: ("//", "/")}


@dataclass
class Mutant:
    module: str
    line: int
    kind: str
    before: str  # the original line
    after: str  # the mutated line
    status: str = ""
    seconds: float = 0.0
    failed_test: str = ""


def _replace_between(lines: list[str], node_a: ast.AST, node_b: ast.AST, old: str, new: str) -> str | None:
    """The line with ``old`` (between the end of node_a and the start of node_b) replaced by ``new``."""
    la, ca = node_a.end_lineno, node_a.end_col_offset  # type: ignore[attr-defined]
    lb, cb = node_b.lineno, node_b.col_offset  # type: ignore[attr-defined]
    if la != lb:
        return None
    line = lines[la - 1]
    gap = line[ca:cb]
    k = gap.find(old)
    if k < 0 or gap[:k].strip(" ()") or gap[k + len(old) :].strip(" ()"):
        return None
    return line[: ca + k] + new + line[ca + k + len(old) :]


def _allowed_lines(tree: ast.Module, names: tuple[str, ...] | None) -> set[int] | None:
    if names is None:
        return None
    allowed: set[int] = set()
    seen: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name in names:
            seen.add(node.name)
            allowed.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    missing = sorted(set(names) - seen)
    if missing:  # renamed or removed since the list was written: the sample would silently shrink
        raise SystemExit(f"TARGETS names no function or class in the module: {missing}; update TARGETS")
    return allowed


def code_mutants(module: str, source: str, names: tuple[str, ...] | None) -> list[Mutant]:
    tree = ast.parse(source)
    lines = source.splitlines()
    allowed = _allowed_lines(tree, names)
    # Docstrings and annotations are not code to mutate.
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.arg, ast.AnnAssign)) and getattr(node, "annotation", None) is not None:
            ann = node.annotation  # type: ignore[union-attr]
            skip.update(range(ann.lineno, (ann.end_lineno or ann.lineno) + 1)) if isinstance(node, ast.arg) else None
    out: list[Mutant] = []

    def add(lineno: int, kind: str, new_line: str | None) -> None:
        if new_line is None or (allowed is not None and lineno not in allowed):
            return
        old_line = lines[lineno - 1]
        if new_line == old_line:
            return
        out.append(Mutant(module, lineno, kind, old_line.strip(), new_line.strip()))

    for node in ast.walk(tree):
        if isinstance(node, ast.Compare) and len(node.ops) == 1:
            op = type(node.ops[0])
            if op in _CMP_SWAP:
                add(node.lineno, "compare", _replace_between(lines, node.left, node.comparators[0], _CMP_TEXT[op], _CMP_SWAP[op]))
        elif isinstance(node, ast.BinOp) and type(node.op) in _BIN_SWAP:
            old, new = _BIN_SWAP[type(node.op)]
            add(node.lineno, "arith", _replace_between(lines, node.left, node.right, old, new))
        elif isinstance(node, ast.BoolOp) and len(node.values) == 2:
            old, new = ("and", "or") if isinstance(node.op, ast.And) else ("or", "and")
            add(node.lineno, "boolop", _replace_between(lines, node.values[0], node.values[1], old, new))
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not) and node.lineno == node.end_lineno:
            line = lines[node.lineno - 1]
            seg = line[node.col_offset : node.end_col_offset]
            if seg.startswith("not "):
                add(node.lineno, "not", line[: node.col_offset] + seg[4:] + line[node.end_col_offset :])
        elif isinstance(node, ast.Constant) and node.lineno == node.end_lineno and node.lineno not in skip:
            line = lines[node.lineno - 1]
            seg = line[node.col_offset : node.end_col_offset]
            v = node.value
            if isinstance(v, bool):
                add(node.lineno, "bool", line[: node.col_offset] + str(not v) + line[node.end_col_offset :])
            elif isinstance(v, (int, float)) and seg.replace("_", "").replace(".", "").isdigit():
                new = {0: "1", 1: "0"}.get(v, repr(type(v)(v + 1)))  # type: ignore[call-overload]
                add(node.lineno, "number", line[: node.col_offset] + new + line[node.end_col_offset :])
    return out


def catalogue_mutants(source: str) -> list[Mutant]:
    """One alternative removed from a pattern literal written on a ``Pattern(...)`` line."""
    from test_catalogue_coverage import alternations

    out: list[Mutant] = []
    tree = ast.parse(source)
    lines = source.splitlines()
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Pattern" and len(node.args) == 2):
            continue
        rx_node = node.args[1]
        for lit in ast.walk(rx_node):
            if not (isinstance(lit, ast.Constant) and isinstance(lit.value, str) and lit.lineno == lit.end_lineno):
                continue
            line = lines[lit.lineno - 1]
            seg = line[lit.col_offset : lit.end_col_offset]
            if not seg.startswith(('r"', "r'")):
                continue
            body = seg[2:-1]
            try:
                groups = alternations(body)
            except (AssertionError, IndexError):  # a fragment with unbalanced parentheses
                continue
            for start, end, alts in groups:
                for a, b in alts:
                    kept = "|".join(body[x:y] for x, y in alts if (x, y) != (a, b))
                    new_body = body[:start] + kept + body[end:]
                    new_line = line[: lit.col_offset] + seg[:2] + new_body + seg[-1] + line[lit.end_col_offset :]
                    out.append(Mutant("_signals.py", lit.lineno, f"drop alternative {body[a:b]!r}", line.strip()[:120], new_line.strip()[:120]))
                    out[-1].after_full = new_line  # type: ignore[attr-defined]
    return out


def apply(source: str, m: Mutant) -> str | None:
    lines = source.splitlines(keepends=True)
    old = lines[m.line - 1]
    full = getattr(m, "after_full", None)
    if full is None:
        indent = old[: len(old) - len(old.lstrip())]
        full = indent + m.after
    new_source = "".join(lines[: m.line - 1]) + full.rstrip("\n") + "\n" + "".join(lines[m.line :])
    try:
        if ast.dump(ast.parse(new_source)) == ast.dump(ast.parse(source)):
            return None
    except SyntaxError:
        return None
    return new_source


def named_mutants(sources: dict[str, str]) -> list[Mutant]:
    out = []
    for module, label, old, new in NAMED:
        src = sources[module]
        assert src.count(old) == 1, f"{label}: {old!r} is not in {module} exactly once (update NAMED)"
        k = src.index(old)
        lineno = src.count("\n", 0, k) + 1
        line = src.splitlines()[lineno - 1]
        m = Mutant(module, lineno, label, line.strip(), line.replace(old, new).strip())
        m.after_full = line.replace(old, new)  # type: ignore[attr-defined]
        out.append(m)
    return out


def run_tests(copy: Path, tests: list[str], timeout: float, cache: Path) -> tuple[str, float, str]:
    env = dict(os.environ)
    env.update(
        PYTHONPATH=str(copy / "src"),
        CREDSCORE_DATA="/nonexistent",
        CREDSCORE_CACHE_DIR=str(cache),
        PYTHONDONTWRITEBYTECODE="1",
    )
    cmd = [sys.executable, "-m", "pytest", *tests, "-x", "-q", "-p", "no:cacheprovider", "-m", "not slow and not corpora", "--no-header", "-rf"]
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(cmd, cwd=copy, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return "killed (timeout)", time.perf_counter() - t0, ""
    dt = time.perf_counter() - t0
    failed = next((ln.split(" ", 2)[1] for ln in proc.stdout.splitlines() if ln.startswith("FAILED ")), "")
    status = {0: "survived", 1: "killed", 2: "killed (import/collection error)"}.get(proc.returncode, f"error (pytest status {proc.returncode})")
    return status, dt, failed


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sample", type=int, default=80, help="random mutants in all (besides the four named ones)")
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--timeout", type=float, default=300.0, help="seconds per mutant's test run")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "MUTATION.md")
    ap.add_argument("--only", help="comma-separated modules to mutate (e.g. _api.py,_model.py)")
    ap.add_argument("--functions", help="comma-separated functions, methods or classes: mutate only their lines "
                    "(in the modules that define them; each name must be defined in one of the modules mutated)")
    ap.add_argument("--list", action="store_true", help="print the candidate mutants and exit")
    ap.add_argument("--rerun", type=Path, metavar="JSON",
                    help="run again the mutants that survived in this earlier report's JSON (after adding tests)")
    ap.add_argument("--exclude", type=Path, nargs="*", default=[], metavar="JSON",
                    help="leave out every mutant listed in these earlier reports (a sample no test was written for)")
    args = ap.parse_args(argv)

    src_dir = ROOT / "src" / "credscore"
    modules = [m for m in TARGETS if not args.only or m in args.only.split(",")]
    sources = {m: (src_dir / m).read_text(encoding="utf-8") for m in TARGETS}
    pools: dict[str, list[Mutant]] = {}
    wanted = set(args.functions.split(",")) if args.functions else None
    if wanted is not None:
        defined = {m: {n.name for n in ast.walk(ast.parse(sources[m])) if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
                   for m in modules}
        missing = sorted(wanted - set().union(*defined.values()))
        if missing:
            raise SystemExit(f"--functions names nothing in the modules mutated: {missing}")
        modules = [m for m in modules if wanted & defined[m]]
    for m in modules:
        names = TARGETS[m][1] if wanted is None else tuple(sorted(wanted & defined[m]))
        # the catalogue's alternatives, unless functions are named (session 36: --functions of _signals.py
        # mutated the catalogue, not the validators named)
        pool = catalogue_mutants(sources[m]) if m == "_signals.py" and wanted is None else code_mutants(m, sources[m], names)
        pools[m] = [x for x in pool if apply(sources[m], x) is not None]
    seen = {_identity(row) for path in args.exclude for row in json.loads(path.read_text(encoding="utf-8"))}
    if seen:
        before = sum(len(p) for p in pools.values())
        pools = {m: [x for x in pool if _identity(asdict(x)) not in seen] for m, pool in pools.items()}
        print(f"--exclude: {before - sum(len(p) for p in pools.values())} candidates seen in earlier reports left out",
              flush=True)
    rng = random.Random(args.seed)
    total = sum(len(p) for p in pools.values())
    chosen: list[Mutant] = [x for x in named_mutants(sources) if x.module in modules]
    # The same number from each module (not in proportion to the pools: the
    # catalogue alone has two thirds of the candidates).
    for m, pool in pools.items():
        chosen += rng.sample(pool, min(len(pool), round(args.sample / len(pools))))
    if args.rerun is not None:
        previous = json.loads(args.rerun.read_text(encoding="utf-8"))
        chosen = []
        for row in previous:
            if row["status"] != "survived" or row["module"] not in modules:
                continue
            m = Mutant(**{k: row[k] for k in ("module", "line", "kind", "before", "after")})
            # Found by content: other edits may have moved the line.
            lines = sources[m.module].splitlines()
            at = [i for i, ln in enumerate(lines, 1) if ln.strip().startswith(m.before.strip())]
            if len(at) != 1:
                print(f"{m.module}:{m.line} {m.before[:60]!r} is gone or ambiguous now; skipped", flush=True)
                continue
            m.line = at[0]
            if "after_full" in row:
                # A catalogue mutant deletes "alternative|" (or "|alternative") from the line as it is now.
                current, mutated = lines[m.line - 1], row["after_full"]
                cut = [current[:i] + current[j:] for i in range(len(current)) for j in (i + len(current) - len(mutated),)]
                if mutated not in cut:
                    print(f"{m.module}:{m.line} changed since the earlier run; skipped", flush=True)
                    continue
                m.after_full = mutated  # type: ignore[attr-defined]
            chosen.append(m)
    if args.list:
        for x in chosen:
            print(f"{x.module}:{x.line} [{x.kind}] {x.before!r} -> {x.after!r}")
        print(f"{len(chosen)} chosen of {total} candidates: " + ", ".join(f"{m} {len(p)}" for m, p in pools.items()))
        return 0

    with tempfile.TemporaryDirectory(prefix="credscore-mutation-") as tmp:
        copy = Path(tmp) / "repo"
        copy.mkdir()
        for name in ("src", "tests", "models"):  # models/: a source checkout reads the shipped model there
            shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__", ".hypothesis"))
        for name in ("conftest.py", "pyproject.toml"):
            if (ROOT / name).exists():
                shutil.copy2(ROOT / name, copy / name)
        cache = Path(tmp) / "cache"
        cache.mkdir()
        baseline: dict[str, tuple[str, float]] = {}
        for m in modules:
            status, dt, failed = run_tests(copy, TARGETS[m][0], args.timeout * 2, cache)
            baseline[m] = (status, dt)
            print(f"baseline {m}: {status} in {dt:.0f}s {failed}", flush=True)
            if status != "survived":
                print(f"  the unmutated tests of {m} do not pass; its mutants are skipped", flush=True)
        for i, x in enumerate(chosen, 1):
            if baseline[x.module][0] != "survived":
                x.status = "skipped (baseline fails)"
                continue
            target = copy / "src" / "credscore" / x.module
            mutated = apply(sources[x.module], x)
            if mutated is None:
                x.status = "skipped (equivalent AST)"
                continue
            target.write_text(mutated, encoding="utf-8")
            try:
                x.status, x.seconds, x.failed_test = run_tests(copy, TARGETS[x.module][0], args.timeout, cache)
            finally:
                target.write_text(sources[x.module], encoding="utf-8")
            print(f"[{i}/{len(chosen)}] {x.status:10s} {x.seconds:5.0f}s {x.module}:{x.line} {x.kind}: {x.after[:90]!r}", flush=True)

    write_report(args.out, chosen, baseline, total, pools, args)
    return 0


def _identity(row: dict[str, object]) -> tuple[object, ...]:
    """What makes two mutants the same, whatever line they have moved to."""
    return (row["module"], row["kind"], str(row["before"]).strip(), str(row["after"]).strip())


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def write_report(out: Path, chosen: list[Mutant], baseline: dict[str, tuple[str, float]], total: int,
                 pools: dict[str, list[Mutant]], args: argparse.Namespace) -> None:
    ran = [x for x in chosen if x.status.startswith(("killed", "survived"))]
    killed = [x for x in ran if x.status.startswith("killed")]
    rows = []
    for m, pool in pools.items():
        r = [x for x in ran if x.module == m]
        k = [x for x in r if x.status.startswith("killed")]
        rows.append(f"| {m} | {len(pool)} | {len(r)} | {len(k)} | {100 * len(k) / max(len(r), 1):.0f} % | {baseline.get(m, ('', 0))[1]:.0f} s |")
    lines = [
        "# Mutation check",
        "",
        (
            f"`benchmarks/mutation.py --sample {args.sample} --seed {args.seed} --timeout {args.timeout:g}`, "
            f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, without the shared corpora "
            "(`CREDSCORE_DATA=/nonexistent`, a copy of the repository with no `../shared`)."
        ),
        "",
        (
            f"**{len(killed)} of {len(ran)} mutants killed ({100 * len(killed) / max(len(ran), 1):.0f} %)**, "
            f"sampled from {total} candidates."
        ),
        "",
        "| module | candidates | run | killed | rate | baseline test time |",
        "|---|---|---|---|---|---|",
        *rows,
        "",
        "## The four mutants named in issue 15",
        "",
        "| mutant | status | first failing test |",
        "|---|---|---|",
        *[f"| {x.kind} | {x.status} | `{x.failed_test}` |" for x in chosen if x.kind.startswith("issue:")],
        "",
        "## Surviving mutants",
        "",
        "| module:line | kind | mutated line |",
        "|---|---|---|",
        *[f"| {x.module}:{x.line} | {x.kind} | `{_cell(x.after[:140])}` |" for x in chosen if x.status == "survived"],
        "",
    ]
    out.write_text("\n".join(lines), encoding="utf-8")
    rows = [{**asdict(x), **({"after_full": x.after_full} if hasattr(x, "after_full") else {})} for x in chosen]
    out.with_suffix(".json").write_text(json.dumps(rows, indent=1), encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    raise SystemExit(main())
