#!/usr/bin/env bash
# The whole test suite on a fresh Debian 12 machine: installs what is missing, then
#   1. checks formatting (clang-format),
#   2. builds with ASan+UBSan and runs every unit, integration and corpus-replay test (ctest),
#      which also builds the firmware bridge for the Cortex-M0+ and runs its QEMU self-test,
#      then prints the firmware's size report against its budgets,
#   3. builds the libFuzzer targets with clang and fuzzes each for a short while,
#   4. builds Release (the programs and benchmarks; the tests ran in step 2) and runs the
#      benchmarks, which print their figures and ratios,
#   5. packages that Release build as a .deb (lintian) and installs, upgrades and purges it in
#      a clean Debian root (debootstrap; Depends come from deb.debian.org),
#   6. cross-builds for the Raspberry Pi (arm64), runs the unit tests under qemu-user and packs
#      the arm64 .deb (tests/cross/run-arm64-tests.sh; build/packages has both .debs).
# Environment: BAKEN_FUZZ_SECONDS (per fuzz target, default 30; one target per core at a
# time), BAKEN_SKIP_BENCH=1, BAKEN_SKIP_FUZZ=1, BAKEN_SKIP_PACKAGE=1, BAKEN_SKIP_ARM64=1.
# The Release build is configured without tests (BAKEN_TESTS=OFF stays in build/release's cache).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)

# Each step's heading says how long the suite has run, so a slow step shows in the CI log.
step() { printf '\n==== %s  [%dm%02ds]\n' "$*" $((SECONDS / 60)) $((SECONDS % 60)); }

step "dependencies"
deploy/scripts/install-deps.sh

step "format"
tests/check-format.sh

step "build and test (ASan + UBSan)"
cmake --preset asan >/dev/null
cmake --build build/asan -j "$jobs"
ctest_log=build/asan/ctest-summary.log
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build/asan --output-on-failure --timeout 300 -j "$jobs" | tee "$ctest_log"

step "firmware bridge: Cortex-M0+ sizes against budgets (linker maps in build/asan/firmware-mcu)"
cmake -P build/asan/firmware-mcu/check_size_budgets.cmake

if [ "${BAKEN_SKIP_FUZZ:-0}" != 1 ]; then
    step "fuzz (clang, libFuzzer)"
    tests/fuzz/run-fuzzers.sh "${BAKEN_FUZZ_SECONDS:-30}"
fi

if [ "${BAKEN_SKIP_BENCH:-0}" != 1 ]; then
    step "benchmarks (Release)"
    cmake --preset release -DBAKEN_TESTS=OFF >/dev/null
    cmake --build build/release -j "$jobs"
    tests/bench/run-benchmarks.sh build/release
fi

if [ "${BAKEN_SKIP_PACKAGE:-0}" != 1 ]; then
    step "Debian package: build, lintian, install / upgrade / purge in a clean Debian root"
    cmake --preset release -DBAKEN_TESTS=OFF >/dev/null
    cmake --build build/release -j "$jobs"  # incremental: nothing to do after the benchmarks
    arch=$(dpkg --print-architecture)
    version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' build/release/CMakeCache.txt)
    mkdir -p build/packages
    deploy/package/build-deb.sh build/release "$arch" build/packages
    as_root=""
    [ "$(id -u)" -eq 0 ] || as_root="sudo"  # debootstrap and chroot need root
    $as_root tests/deploy/package/install_in_chroot.sh \
        "build/packages/baken_${version}-${REVISION:-1}_${arch}.deb" build/packages
fi

if [ "${BAKEN_SKIP_ARM64:-0}" != 1 ]; then
    step "Raspberry Pi (arm64): cross build, unit tests under qemu-user, the arm64 .deb"
    JOBS="$jobs" tests/cross/run-arm64-tests.sh build/arm64 build/packages
fi

# One closing line with the ctest counts, after the fuzz and benchmark output.
summary=$(grep -E '^[0-9]+% tests passed, [0-9]+ tests failed out of [0-9]+' "$ctest_log" | tail -n 1)
total=$(sed -E 's/.* out of ([0-9]+)/\1/' <<<"$summary")
failed=$(sed -E 's/.*passed, ([0-9]+) tests failed.*/\1/' <<<"$summary")
step "done"
echo "tests: $((total - failed)) passed, $failed failed"
