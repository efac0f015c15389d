#!/usr/bin/env bash
# Runs every benchmark of a Release build and prints its figures and ratios to the baseline
# measured in the same run. Figures are reported, not asserted: machines here are noisy.
# Usage: tests/bench/run-benchmarks.sh [BUILD_DIR]   (default build/release)
# radio_bench (built with BAKEN_TESTS) measures in simulated time: its figures are exact for its
# model, so it accepts the --benchmark_* flags and ignores them.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build/release}
status=0
for bench in "$build"/tests/bench/*_bench; do
    [ -x "$bench" ] || continue
    echo "---- $(basename "$bench")"
    "$bench" --benchmark_repetitions=3 --benchmark_report_aggregates_only=true || status=1
done
exit $status
