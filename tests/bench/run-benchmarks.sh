#!/usr/bin/env bash
# Runs every benchmark of a Release build and prints its figures and ratios to the baseline
# measured in the same run. Figures are reported, not asserted: machines here are noisy.
# Usage: tests/bench/run-benchmarks.sh [BUILD_DIR]   (default build/release)
# radio_bench measures in simulated time: its figures are exact for its
# model, so it accepts the --benchmark_* flags and ignores them. startup_bench starts the real
# bakend of the same build (5 measured starts per data directory; it too ignores those flags) and
# keeps its 100,000-message data directory in BUILD_DIR/tests/bench/startup-fixture/: the first
# run generates it (signing and storing take a while), later runs reuse it for a week.
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
