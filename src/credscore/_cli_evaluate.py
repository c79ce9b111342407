"""The ``credscore evaluate`` command: your own labeled files, or the corpus study.

``credscore evaluate DATA...`` measures a model (the shipped one by default)
on labeled JSONL, CSV or Parquet files through :func:`credscore._evaluate.evaluate_batches`:
the files are read and scored in batches, so memory follows the batch size
(``--cv`` and ``--baseline`` keep the texts, which retraining needs).
``credscore evaluate --data DIR`` (or no files at all) runs the
leave-one-corpus-out study over the shared corpora, as before.

Like the rest of :mod:`credscore.cli`, this module may write to stdout and stderr.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ._validation import group_name, workers_of
from ._version import install_command
from .cli import (
    PROG,
    FieldOption,
    UsageError,
    _add_model,
    _add_progress,
    _add_reading,
    _check_inputs,
    _check_output,
    _chunks,
    _data_dir,
    _err,
    _load_model,
    _n_jobs,
    _parse_label_map,
    _positive,
    _prior_value,
    _progress_bar,
    _want_progress,
    text_field_name,
    warn_unseen_fields,
)

__all__ = ["add_evaluate_parser", "cmd_evaluate"]

#: Options that only make sense with DATA files (the corpus study takes none of them).
_FILE_ONLY = ("model", "prior", "label_map", "group_field", "format", "cv", "json", "html")
#: The field options of DATA files, with their defaults: another value given without DATA files is refused.
_FILE_FIELDS = (("text_field", "text"), ("label_field", "label"), ("title_field", "title"))


def _folds(value: str) -> int:
    try:
        k = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be an integer >= 2, got {value!r}") from None
    if k < 2:  # one message for 0, 1 and below (an audit: "--cv 0" said "a positive integer", and 1 is one)
        raise argparse.ArgumentTypeError(f"must be an integer >= 2, got {k}")
    return k


def _bootstrap(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a non-negative integer, got {value!r}") from None
    if n < 0:
        raise argparse.ArgumentTypeError(f"must be a non-negative integer, got {n}")
    return n


def add_evaluate_parser(sub: Any, formatter: type[argparse.HelpFormatter]) -> None:
    """Add the ``evaluate`` subcommand to ``sub`` (the subparsers of :func:`credscore.cli.build_parser`)."""
    p = sub.add_parser(
        "evaluate",
        help="measure a model on your own labeled files (or, with --data DIR, the corpus study)",
        description="Score labeled JSONL, CSV or Parquet files (label 1 = credible, 0 = not credible) with a model "
        "(the shipped one by default) and print, overall and per group: articles, label balance, ROC AUC with a "
        "bootstrap 95 % interval, accuracy at 0.5, Brier score, expected calibration error (10 bins) and the "
        "verdicts at the risk thresholds: false alarms (credible called high risk), misses (not credible called "
        "low risk) and the share left at medium. --cv K also retrains credscore on the files by K-fold "
        "cross-validation; --baseline adds a TF-IDF + logistic regression baseline on the same folds.\n\n"
        "Without DATA files, or with --data DIR, runs the leave-one-corpus-out study over the shared corpora "
        "(the model card's table) instead.",
        epilog="Files are read and scored in batches: memory follows --batch-size, not the file size (--cv and "
        "--baseline keep the texts in memory, since they retrain). A row that cannot be used (bad JSON, a missing "
        "text or label field, a label that is not 0/1 after --label-map) stops the run with its file and line "
        "(exit 2); files are read once before scoring, so all their bad rows are counted and the first 10 named "
        "before any is scored (stdin is read once: it stops at its first bad row); empty texts (and texts too short or not English to judge) are counted and score the model's prior, risk unknown. For Parquet, the line is the 1-based row number.\n\n"
        "exit status: 0 report written, 2 usage error or bad data.",
        formatter_class=formatter,
        allow_abbrev=False,
    )
    p.add_argument("data", nargs="*", metavar="DATA", help="labeled .jsonl, .csv or .parquet files")
    _add_model(p)
    p.add_argument("--text-field", default="text", type=text_field_name, action=FieldOption, metavar="NAME", help="default: text")
    p.add_argument("--label-field", default="label", metavar="NAME", help="default: label")
    p.add_argument("--title-field", default="title", action=FieldOption, metavar="NAME", help="default: title ('' for none)")
    p.add_argument("--group-field", metavar="NAME", help="e.g. publisher or source: metrics per group, grouped CV folds")
    p.add_argument("--label-map", metavar="MAP", help="named labels, e.g. fake=0,real=1")
    p.add_argument("--prior", type=_prior_value, metavar="P",
                   help="score with the model moved to this prior (share of credible articles, in (0, 1)), as "
                   "CredibilityModel.with_prior does: the verdicts a stream with that share would get")
    p.add_argument("--format", choices=("jsonl", "csv", "parquet"), help="input format (default: from the extension)")
    p.add_argument("--cv", type=_folds, metavar="K", help="also retrain credscore on the files, K-fold cross-validation")
    p.add_argument("--baseline", action="store_true",
                   help="also a TF-IDF (word 1-2 grams) + logistic regression baseline, on the --cv folds (else 5)")
    p.add_argument("--json", metavar="OUT.json", help="write every number as JSON (with the model's SHA-256 and versions)")
    p.add_argument("--html", metavar="OUT.html", help="write a self-contained HTML report with the tables and plots")
    p.add_argument("--plots", metavar="DIR", help="write the plots as PNG files into this folder (needs matplotlib)")
    p.add_argument("--batch-size", type=_positive, default=1000, metavar="N", help="articles per batch (default: 1000)")
    p.add_argument("--n-jobs", type=_n_jobs, default=1, metavar="N",
                   help="worker processes for scoring; -1 = every core, -2 = every core but one..., at most the machine's cores (default: 1)")
    p.add_argument("--bootstrap", type=_bootstrap, default=1000, metavar="N",
                   help="bootstrap resamples for the AUC interval (default: 1000; 0 for none)")
    _add_reading(p)
    study = p.add_argument_group("corpus study (leave-one-corpus-out over the shared corpora)")
    study.add_argument("--data", dest="data_dir", metavar="DIR",
                       help="the folder holding corpora/ (default without DATA files: $CREDSCORE_DATA, ../shared/data, or shared/data beside the source checkout)")
    study.add_argument("--update-card", action="store_true", help="rewrite the model card's evaluation section")
    study.add_argument("--card", default="models/MODEL_CARD.md", metavar="PATH",
                       help="model card to update (default: models/MODEL_CARD.md)")
    _add_progress(p)
    p.set_defaults(func=cmd_evaluate)


def cmd_evaluate(args: argparse.Namespace) -> int:
    """Run ``credscore evaluate``: on DATA files, or the corpus study."""
    if args.data and args.data_dir is not None:
        raise UsageError("pass DATA files (evaluate on your data) or --data DIR (the corpus study), not both")
    _check_plots(args.plots)
    if not args.data:
        given = [f"--{name.replace('_', '-')}" for name in _FILE_ONLY if getattr(args, name) is not None]
        given += ["--baseline"] if args.baseline else []
        given += [f"--{name.replace('_', '-')}" for name, default in _FILE_FIELDS if getattr(args, name) != default]
        if given:
            raise UsageError(f"{', '.join(given)} need DATA files; the corpus study (--data DIR) does not take them")
        return _corpus_study(args)
    if args.update_card:
        raise UsageError("--update-card belongs to the corpus study (--data DIR), not to DATA files")
    return _evaluate_files(args)


def _check_plots(plots: str | None) -> None:
    """``--plots DIR`` needs matplotlib and a folder (one that is or can be made): checked before any input
    is read.

    Found missing only when the plots are drawn, it cost the whole run (scoring, ``--cv`` retraining) and
    left DIR created and empty.
    """
    if plots is None:
        return
    # And the folder, as the other outputs are checked (an audit: "--plots afile" ran to the end, wrote
    # --json's file, then stopped with "File exists (afile)").
    where = Path(plots)
    if where.exists() and not where.is_dir():
        raise UsageError(f"--plots {plots}: is a file; --plots takes a folder, where the PNG files are written")
    above = next((p for p in where.absolute().parents if p.exists()), None)
    if not where.exists() and (above is None or not above.is_dir()):
        raise UsageError(f"--plots {plots}: no folder can be made there ({above} is no folder)")
    try:
        import matplotlib  # noqa: F401 - importable is all that is asked here
    except ImportError:
        raise UsageError(f"plots need matplotlib: {install_command('plots')}") from None
    # And that a file can be written there, as --json and --html are checked (an audit, session 40:
    # "--plots /proc/nope/plots" ran the whole evaluation, then stopped with "No such file or directory"):
    # the folder is made now (removed again if the run fails and leaves it empty) and a file tried in it.
    try:
        _check_output(str(where / "plot.png"), option="--plots")
    except UsageError as exc:
        raise UsageError(f"--plots {plots}: {exc}") from None


def _study_function() -> Any:
    """``evaluate_corpora`` from wherever the study lives (it is moving to credscore._study)."""
    try:
        from . import _study

        return getattr(_study, "evaluate_corpora")  # noqa: B009 - the name may not exist yet
    except (ImportError, AttributeError):
        from ._evaluate import evaluate_corpora

        return evaluate_corpora


def _corpus_study(args: argparse.Namespace) -> int:
    evaluate_corpora = _study_function()
    data_dir = _data_dir(args.data_dir)
    out_card = None
    if args.update_card:
        out_card = Path(args.card)
        if not out_card.parent.is_dir():
            raise UsageError(
                f"cannot update {out_card}: folder {out_card.parent} does not exist "
                "(run from the repository root or pass --card)"
            )
        _check_output(args.card, option="--card")  # a folder, or a file that cannot be written: before the study
    plots = Path(args.plots) if args.plots else None
    if plots is not None:
        plots.mkdir(parents=True, exist_ok=True)
    # Said before the minutes it takes: a user who meant their own data (piped, without "-") learns at once.
    shown = "" if _want_progress(args.progress) else "; --progress shows its progress"
    if args.data_dir is None:
        _err(f"{PROG}: no DATA files: the leave-one-corpus-out study of {data_dir} (several minutes{shown}); to "
             "evaluate your own labeled articles, name their files (- reads stdin)")
    else:  # (an audit: "no DATA files" read oddly beside --data, and nothing showed for minutes off a terminal)
        _err(f"{PROG}: the leave-one-corpus-out study of {data_dir} (several minutes{shown})")
    report = evaluate_corpora(data_dir, out_card=out_card, plots_dir=plots, progress=_want_progress(args.progress))
    print(report.to_markdown())
    return 0


def _labeled_row(
    rec: Any, args: argparse.Namespace, label_map: dict[str, int] | None, seen: set[str] | None
) -> tuple[int, str | None]:
    """The label and group (None without --group-field) of one reader record; a bad row raises
    :class:`UsageError` naming it."""
    from ._data import fields_note, parse_label

    label_field, group_field = args.label_field, args.group_field
    if rec.error is not None:
        raise UsageError(f"bad data: {rec.error}")
    where = f"{rec.source}:{rec.line}" if rec.line is not None else rec.source
    fields = rec.fields or {}
    if label_field not in fields:
        if seen and label_field in seen:
            raise UsageError(f"bad data: {where}: missing label field {label_field!r} ({fields_note(label_field, seen)})")
        named = f"the rows' fields: {sorted(seen)}; " if seen else ""
        raise UsageError(
            f"bad data: {where}: missing label field {label_field!r} ({named}pass --label-field NAME; "
            "evaluate reads labeled JSONL, CSV or Parquet rows)"
        )
    try:
        label = parse_label(fields[label_field], label_map, where, written=True)
    except ValueError as exc:
        raise UsageError(f"bad data: {exc}") from None
    if not group_field:
        return label, None
    value = fields.get(group_field)
    if group_field not in fields:  # named with the fields, as a missing label is (an audit: only the group was not)
        raise UsageError(f"bad data: {where}: missing group field {group_field!r} "
                         f"({fields_note(group_field, seen or set(fields))}; pass --group-field NAME)")
    if value is None or value == "":
        raise UsageError(f"bad data: {where}: missing or empty group field {group_field!r}")
    try:
        return label, group_name(value, f"{where}: group field {group_field!r}")
    except ValueError as exc:
        raise UsageError(f"bad data: {exc}") from None


#: How many bad rows the check before scoring names at most.
_BAD_ROWS_SHOWN = 10


def _check_rows(
    records: Iterator[Any], args: argparse.Namespace, label_map: dict[str, int] | None, seen: set[str] | None = None
) -> None:
    """Read every row once before scoring: raise :class:`UsageError` naming up to :data:`_BAD_ROWS_SHOWN` bad
    rows and how many there are (an audit: a typo near the end of 25,000 rows stopped the run after scoring
    every row before it, and named only itself)."""
    bad: list[str] = []
    count = 0
    for rec in records:
        try:
            _labeled_row(rec, args, label_map, seen)
        except UsageError as exc:
            count += 1
            if len(bad) < _BAD_ROWS_SHOWN:
                bad.append(str(exc).removeprefix("bad data: "))
    if count == 1:
        raise UsageError(f"bad data: {bad[0]}")
    if count:
        more = f" (the first {len(bad)} here)" if count > len(bad) else ""
        raise UsageError(f"bad data: {count} rows cannot be used{more}:\n  " + "\n  ".join(bad))


def _labeled_batches(
    records: Iterator[Any], args: argparse.Namespace, label_map: dict[str, int] | None, seen: set[str] | None = None
) -> Iterator[Any]:
    """Batches of (texts, titles, labels, groups, where each row was read) from reader records; a bad row stops
    the run, named."""
    workers = workers_of(args.n_jobs)
    # batch_size rows per worker: memory follows batch_size * workers, as in `credscore score`.
    for chunk in _chunks(records, args.batch_size * workers):
        texts: list[str] = []
        titles: list[str | None] = []
        labels: list[int] = []
        groups: list[str] = []
        places: list[str] = []
        for rec in chunk:
            label, group = _labeled_row(rec, args, label_map, seen)
            labels.append(label)
            if group is not None:
                groups.append(group)
            texts.append(rec.text or "")
            titles.append(rec.title)
            places.append(f"{rec.source}:{rec.line}" if rec.line is not None else str(rec.source))
        yield texts, titles, labels, (groups if args.group_field else None), places


def _evaluate_files(args: argparse.Namespace) -> int:
    from ._evaluate import evaluate_batches
    from ._io import STDIN, Progress, read_records

    paths = list(args.data)
    _check_inputs(paths, "pass the labeled files in it (JSONL, CSV or Parquet, e.g. {p}/*.jsonl), or --data for the shared corpora")
    inputs = [*paths, *([args.model] if isinstance(args.model, str) else [])]  # the data and the model read
    _check_output(args.json, inputs, "--json")  # not "-": standard output carries the tables
    _check_output(args.html, inputs, "--html")
    if args.json is not None and args.html is not None and Path(args.json).resolve() == Path(args.html).resolve():
        raise UsageError(f"--json and --html both name {args.json}: one report would replace the other")
    model = _load_model(args.model)
    if args.prior is not None:
        from ._api import resolve_model

        model = resolve_model(model).with_prior(args.prior)
    label_map = _parse_label_map(args.label_map)
    progress = Progress()
    total_bytes = None if STDIN in paths else sum(os.path.getsize(p) for p in paths)
    show = _want_progress(args.progress)
    bar = _progress_bar(
        show,
        total=total_bytes,
        unit="B" if total_bytes is not None else " articles",
        unit_scale=total_bytes is not None,
        unit_divisor=1024,
        desc="scoring",
    )
    extra = [args.label_field] + ([args.group_field] if args.group_field else [])
    seen: set[str] = set()
    reading = functools.partial(
        read_records,
        paths,
        fmt=args.format,
        text_field=args.text_field,
        title_field=args.title_field or None,
        id_field=None,
        encoding_errors=args.encoding_errors,
        encoding=args.encoding,
        html=args.strip_html,
        extra_fields=extra,
        articles=False,
    )
    if STDIN not in paths:  # files can be read twice: every bad row is named before any is scored
        checked: set[str] = set()
        _check_rows(reading(notify=lambda msg: None, seen_fields=checked), args, label_map, checked)
    records = reading(progress=progress, notify=lambda msg: _err(f"{PROG}: {msg}"), seen_fields=seen)
    done = {"rows": 0}

    def on_batch(n: int) -> None:
        done["rows"] += n
        if bar is None:
            return
        if total_bytes is not None:
            bar.update(progress.bytes_read - bar.n)
            bar.set_postfix_str(f"{done['rows']} articles", refresh=False)
        else:
            bar.update(n)

    def say(msg: str) -> None:
        if show:
            _err(f"{PROG}: {msg}")

    try:
        report = evaluate_batches(
            _labeled_batches(records, args, label_map, seen),
            model=model,
            cv=args.cv,
            baseline=args.baseline,
            n_boot=args.bootstrap,
            on_batch=on_batch,
            report=say,
            batch_size=args.batch_size,
            n_jobs=args.n_jobs,
        )
    except ValueError as exc:
        raise UsageError(f"bad data: {exc}") from None
    finally:
        if bar is not None:
            bar.close()
    warn_unseen_fields(args, seen)
    if args.model is not None or args.prior is not None:
        # The file's SHA-256 (or the shipped model's), and what was done to it: a model given a prior here
        # is no file, and its own fingerprint would name nothing a reader could find.
        if args.model is not None:
            digest, source = hashlib.sha256(Path(args.model).read_bytes()).hexdigest(), args.model
        else:
            from ._api import shipped_model_bytes

            digest, source = shipped_model_bytes()[1], "shipped"
        if args.prior is not None:
            source += f", its prior set to {args.prior:g} (--prior)"
        report = dataclasses.replace(report, model_sha256=digest, model_source=source)
    print(report.to_markdown())
    _write_outputs(report, args)
    return 0


def _write_outputs(report: Any, args: argparse.Namespace) -> None:
    from ._io import atomic_output

    if args.json:
        data = {
            "inputs": [{"path": p, "bytes": os.path.getsize(p)} for p in args.data if os.path.isfile(p)],
            "fields": {"text": args.text_field, "label": args.label_field, "title": args.title_field or None,
                       "group": args.group_field, "label_map": _parse_label_map(args.label_map)},
            **report.to_dict(),
        }
        with atomic_output(args.json) as fh:
            json.dump(data, fh, indent=1, allow_nan=False)
            fh.write("\n")
        _err(f"{PROG}: wrote {args.json}")
    if args.plots:
        from ._benchmark_report import write_benchmark_plots

        try:
            paths = write_benchmark_plots(report, args.plots)
        except ImportError as exc:
            raise UsageError(str(exc)) from None
        _err(f"{PROG}: wrote {', '.join(str(p) for p in paths)}")
    if args.html:
        from ._benchmark_report import render_benchmark_html

        title = "credscore evaluation: " + ", ".join(Path(p).name for p in args.data)
        try:
            page = render_benchmark_html(report, title=title)
        except ImportError as exc:
            _err(f"{PROG}: {exc}; the HTML report has the tables only")
            page = render_benchmark_html(report, title=title, plots=False)
        with atomic_output(args.html) as fh:
            fh.write(page)
        _err(f"{PROG}: wrote {args.html}")
