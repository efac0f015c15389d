#!/usr/bin/env bash
# Runs many mesh-simulator seeds on every core, on demand (CI runs 300 through ctest).
#
#   tests/simulation/run-seeds.sh [COUNT] [FIRST] [BUILD_DIR]
#       COUNT      seeds to run (default 2000)
#       FIRST      first seed (default 1)
#       BUILD_DIR  a configured build tree holding mesh_sim (default build/release)
#   BAKEN_SIM_JOBS=N   parallel processes (default: nproc)
#   BAKEN_SIM_ARGS="--nodes 15 --adversary 1"   extra options for every seed
#
# Prints each failing seed with its violations and the command that replays it, then one
# summary line. Exit status 1 when a seed failed, 2 when mesh_sim is missing.
set -euo pipefail
count=${1:-2000}
first=${2:-1}
build=${3:-build/release}
cd "$(dirname "$0")/../.."
sim="$build/tests/simulation/mesh_sim"
if [ ! -x "$sim" ]; then
    echo "run-seeds: $sim is not built; try: cmake --preset release && cmake --build build/release --target mesh_sim" >&2
    exit 2
fi
jobs=${BAKEN_SIM_JOBS:-$(nproc)}
chunk=$(( (count + jobs - 1) / jobs ))
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
started=$(date +%s)
pids=()
for ((j = 0; j < jobs; j++)); do
    start=$(( first + j * chunk ))
    n=$(( first + count - start ))
    (( n > chunk )) && n=$chunk
    (( n <= 0 )) && break
    # shellcheck disable=SC2086  # BAKEN_SIM_ARGS is a list of options
    "$sim" --seeds "$start:$n" --quiet ${BAKEN_SIM_ARGS:-} > "$logs/seeds $start:$n.log" 2>&1 &
    pids+=($!)
done
status=0
for pid in "${pids[@]}"; do wait "$pid" || status=1; done
grep -hv -E '^[0-9]+ seeds, [0-9]+ failed' "$logs"/*.log || true
failed=$(cat "$logs"/*.log | grep -c -E '^seed [0-9]+: FAIL' || true)
# A process that ends without its summary line was killed or crashed (a sanitizer report,
# an abort): its seeds are not all accounted for.
for log in "$logs"/*.log; do
    if ! grep -q -E '^[0-9]+ seeds, [0-9]+ failed' "$log"; then
        echo "run-seeds: the process for $(basename "$log" .log) ended without a summary (killed or crashed); its log ends:"
        tail -n 20 "$log"
        status=1
    fi
done
elapsed=$(( $(date +%s) - started ))
echo "run-seeds: $count seeds from $first, $failed failed, ${elapsed} s on ${#pids[@]} processes"
exit $status
