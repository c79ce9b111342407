#!/usr/bin/env bash
# Run the atheris harnesses for a fixed budget.
#
#   tests/fuzz/run.sh [scorer|model_loader|all] [extra libFuzzer flags...]
#
# Budget: FUZZ_TIME seconds per harness (default 300), or FUZZ_RUNS executions
# if set (-atheris_runs). New corpus entries, crash artifacts and findings go to
# FUZZ_WORKDIR (default tests/fuzz/.work, git-ignored); the hand-written seeds
# in tests/fuzz/corpus/<harness>/ are read, never written. By default the run
# keeps going after a finding (CREDSCORE_FUZZ_KEEP_GOING=1) and records the
# first input of each distinct finding in $FUZZ_WORKDIR/findings/<harness>/;
# set CREDSCORE_FUZZ_KEEP_GOING=0 to stop at the first one (crash-* file).
# Replay one input: python tests/fuzz/fuzz_<harness>.py path/to/input
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
python="${PYTHON:-$repo/.venv/bin/python}"
workdir="${FUZZ_WORKDIR:-$here/.work}"
which="${1:-all}"; shift || true
export CREDSCORE_FUZZ_KEEP_GOING="${CREDSCORE_FUZZ_KEEP_GOING:-1}"
export CREDSCORE_FUZZ_FINDINGS="$workdir/findings"

run_one() {
    local name="$1"; shift
    local corpus="$workdir/corpus/$name" art="$workdir/artifacts/$name/"
    mkdir -p "$corpus" "$art" "$CREDSCORE_FUZZ_FINDINGS"
    local budget=(-max_total_time="${FUZZ_TIME:-300}")
    if [[ -n "${FUZZ_RUNS:-}" ]]; then budget=(-atheris_runs="$FUZZ_RUNS"); fi
    echo "== $name: ${budget[*]} (log: $workdir/$name.log)"
    # -timeout: a single input slower than this is a finding (the engine is
    # documented linear-time). -max_len bounds input size (and so exec/s);
    # -len_control=0 lets inputs reach it at once (libFuzzer's default grows
    # the limit slowly: 8 minutes at ~40 exec/s never got past 76 bytes).
    "$python" "$here/fuzz_$name.py" "${budget[@]}" -timeout=20 -rss_limit_mb=3072 \
        -max_len="${FUZZ_MAX_LEN:-2048}" -len_control="${FUZZ_LEN_CONTROL:-0}" \
        -print_final_stats=1 -artifact_prefix="$art" \
        "$@" "$corpus" "$here/corpus/$name" 2>&1 | tee "$workdir/$name.log"
    echo "== $name findings:"; ls "$CREDSCORE_FUZZ_FINDINGS/$name" 2>/dev/null || echo "   none"
}

case "$which" in
    scorer|model_loader) run_one "$which" "$@" ;;
    all) run_one scorer "$@"; run_one model_loader "$@" ;;
    *) echo "usage: $0 [scorer|model_loader|all] [libFuzzer flags...]" >&2; exit 2 ;;
esac
