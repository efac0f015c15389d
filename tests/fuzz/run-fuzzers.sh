#!/usr/bin/env bash
# Builds the fuzz targets (clang++, `fuzz` preset, build/fuzz) and runs each for SECONDS
# (default 60), starting from a copy of its checked-in seed corpus, JOBS targets at a time
# (default: one per core; each fuzzer is one process):
#
#   JOBS=2 tests/fuzz/run-fuzzers.sh [SECONDS]
#
# Each target's output goes to build/fuzz/fuzz-logs/<target>.log; this script prints how many
# inputs each ran, and the whole log of one that failed.
# New inputs go to build/fuzz/fuzz-corpus/<name>/ (kept between runs, re-seeded each run),
# never into tests/fuzz/corpus/. A crash, leak, timeout or broken invariant leaves its input
# in build/fuzz/fuzz-artifacts/<target>/ and makes the script exit non-zero. To keep a
# finding as a regression seed, copy it to tests/fuzz/corpus/<name>/regression_<what>.bin.
set -euo pipefail

seconds="${1:-60}"
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -lt 1 ]; then
    echo "usage: $0 [SECONDS]" >&2
    exit 2
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

# target -> its corpus directory under tests/fuzz/corpus/
targets=(envelope_fuzz:envelope frame_decoder_fuzz:frame_decoder handshake_fuzz:handshake
         cap_reader_fuzz:cap bundle_reader_fuzz:bundle_reader kiss_decoder_fuzz:kiss_decoder
         ax25_parser_fuzz:ax25_parser fragment_reassembly_fuzz:fragment_reassembly
         radio_link_fuzz:radio_link modem_serial_fuzz:modem_serial)

cmake --preset fuzz >/dev/null
ninja -C build/fuzz "${targets[@]%%:*}"

# Stop at the first UBSan report too (the fuzz build compiles UBSan checks as recoverable).
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
# The harness keeps an LMDB store in a temp dir and every accepted input commits with fsync:
# keep it in memory when we can.
if [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then
    export TMPDIR=/dev/shm
fi

# One target: its own corpus copy and artifacts (the caller sends the output to its log).
# Exit status is the fuzzer's, or the copy's when that failed.
fuzz_one() {
    local target="${1%%:*}" corpus_name="${1#*:}"
    local work_corpus="build/fuzz/fuzz-corpus/$corpus_name"
    local artifacts="build/fuzz/fuzz-artifacts/$target"
    mkdir -p "$work_corpus" "$artifacts"
    cp -f "tests/fuzz/corpus/$corpus_name"/* "$work_corpus"/
    "build/fuzz/tests/fuzz/$target" "$work_corpus" \
        -max_len=20000 -timeout=10 -rss_limit_mb=2048 \
        -max_total_time="$seconds" -print_final_stats=1 \
        -artifact_prefix="$artifacts/"
}

# Prints how one finished target went; remembers it when it failed.
report() {
    local target="$1" status="$2"
    if [ "$status" -ne 0 ]; then
        echo "== $target FAILED (exit $status); inputs in build/fuzz/fuzz-artifacts/$target/:" >&2
        cat "$logs/$target.log" >&2 || true
        failed+=("$target")
    else
        echo "== $target: no crash in ${seconds} s ($(grep -m1 -o 'stat::number_of_executed_units: [0-9]*' \
            "$logs/$target.log" | sed 's/.*: //') runs; log $logs/$target.log)"
    fi
}

# Waits for any running target to finish and reports it.
reap_one() {
    local status=0 done_pid
    wait -n -p done_pid "${!running[@]}" || status=$?
    report "${running[$done_pid]}" "$status"
    unset "running[$done_pid]"
}

jobs="${JOBS:-$(nproc)}"
if ! [[ "$jobs" =~ ^[1-9][0-9]*$ ]]; then
    echo "JOBS must be a whole number of at least 1, not '$jobs'" >&2
    exit 2
fi
logs="build/fuzz/fuzz-logs"
mkdir -p "$logs"
echo "== ${#targets[@]} targets, ${seconds} s each, $jobs at a time"
failed=()
declare -A running=()  # pid -> target
# An interrupted run (Ctrl-C, a CI timeout) stops the fuzzers it started.
trap '[ "${#running[@]}" -eq 0 ] || kill "${!running[@]}" 2>/dev/null || true' EXIT
for entry in "${targets[@]}"; do
    while [ "${#running[@]}" -ge "$jobs" ]; do reap_one; done
    fuzz_one "$entry" >"$logs/${entry%%:*}.log" 2>&1 &
    running[$!]="${entry%%:*}"
done
while [ "${#running[@]}" -gt 0 ]; do reap_one; done

if [ "${#failed[@]}" -ne 0 ]; then
    echo "fuzz targets that failed: ${failed[*]}" >&2
    exit 1
fi
