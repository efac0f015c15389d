#!/usr/bin/env bash
# Builds the fuzz targets (clang++, `fuzz` preset, build/fuzz) and runs each for SECONDS
# (default 60), starting from a copy of its checked-in seed corpus:
#
#   tests/fuzz/run-fuzzers.sh [SECONDS]
#
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

failed=()
for entry in "${targets[@]}"; do
    target="${entry%%:*}"
    corpus_name="${entry#*:}"
    binary="build/fuzz/tests/fuzz/$target"
    work_corpus="build/fuzz/fuzz-corpus/$corpus_name"
    artifacts="build/fuzz/fuzz-artifacts/$target"
    mkdir -p "$work_corpus" "$artifacts"
    cp -f "tests/fuzz/corpus/$corpus_name"/* "$work_corpus"/

    echo "== $target: ${seconds} s over $work_corpus"
    status=0
    "$binary" "$work_corpus" \
        -max_len=20000 -timeout=10 -rss_limit_mb=2048 \
        -max_total_time="$seconds" -print_final_stats=1 \
        -artifact_prefix="$artifacts/" || status=$?
    if [ "$status" -ne 0 ]; then
        echo "== $target FAILED (exit $status); inputs in $artifacts/" >&2
        failed+=("$target")
    else
        echo "== $target: no crash in ${seconds} s"
    fi
done

if [ "${#failed[@]}" -ne 0 ]; then
    echo "fuzz targets that failed: ${failed[*]}" >&2
    exit 1
fi
