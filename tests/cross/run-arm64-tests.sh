#!/usr/bin/env bash
# run-arm64-tests.sh: the Raspberry Pi (arm64) build proven under emulation, as CI runs it.
# Cross-builds the whole project for aarch64 with cmake/toolchains/aarch64-linux-gnu.cmake
# (Debian multiarch libraries), runs the unit tests under qemu-user through ctest (the
# toolchain file sets CMAKE_CROSSCOMPILING_EMULATOR), then packs the arm64 .deb with
# deploy/package/build-deb.sh (which runs lintian --fail-on error on it).
#
#   tests/cross/run-arm64-tests.sh [BUILD_DIR [OUTDIR]]
#     BUILD_DIR  default build/arm64 (relative to the source tree)
#     OUTDIR     where the .deb goes (default BUILD_DIR)
#   Environment:
#     JOBS=2                   parallel compile jobs and ctest jobs
#     BAKEN_ARM64_CMAKE_ARGS   extra configure arguments (e.g. -DCMAKE_CXX_FLAGS_RELEASE=-O1)
#     BAKEN_ARM64_SKIP_DEB=1   stop after the tests
# Installs what is missing first (deploy/scripts/install-deps.sh with its arm64 block,
# BAKEN_ARM64=1). Exit status: 0 only when the build, every selected test and the package
# succeed.
set -euo pipefail

source_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$source_dir"
build_dir=${1:-build/arm64}
out_dir=${2:-$build_dir}
jobs=${JOBS:-2}
TIMEFORMAT='%R s wall, %U s user, %S s sys'

fail() {
    echo "run-arm64-tests: $*" >&2
    exit 1
}

BAKEN_ARM64=1 deploy/scripts/install-deps.sh

for tool in aarch64-linux-gnu-g++ qemu-aarch64 protoc cmake ninja; do
    command -v "$tool" >/dev/null ||
        fail "$tool not found: run BAKEN_ARM64=1 deploy/scripts/install-deps.sh"
done
[ -e /lib/ld-linux-aarch64.so.1 ] ||
    fail "no arm64 loader (libc6:arm64): run BAKEN_ARM64=1 deploy/scripts/install-deps.sh"

# Tests left out under emulation, and why:
#   the system tests (BAKEN_SYSTEM_TESTS=OFF: not even built) start real daemons, networks of
#     nodes or a browser: minutes under qemu, and they test no arm64-specific code the unit
#     tests do not reach. The deploy tests check the unit and man pages with host tools.
#   bench, heavy             measurements (benchmarks are off in this build anyway)
#   firmware_                the Cortex-M0+ build is not part of the arm64 build (its
#                            ExternalProject skips itself when cross compiling)
#   SimulatedRadio tests that start baken-lora-channel themselves (firmware-bridge/host):
#                            the child is an arm64 program started by exec, not through
#                            ctest's emulator, so without a binfmt_misc entry for
#                            qemu-aarch64 (qemu-user-binfmt; not available in containers)
#                            the kernel refuses it (Exec format error). Run when one exists.
# Everything else runs, including the tests on pseudo-terminals (serial modems), TCP and UDP
# sockets on 127.0.0.1, and FAT32 images: qemu-user translates those system calls.
excluded_labels='integration|simulation|browser|deploy|bench|heavy'
excluded_names='^firmware_'
if ! grep -qs '^enabled' /proc/sys/fs/binfmt_misc/qemu-aarch64; then
    excluded_names+='|^SimulatedRadio\.(AFrameReachesRadios|OverlappingTransmissions|AChannelCheckSees'
    excluded_names+='|ARadioThatIsNotReceiving|TheChannelLosesFrames)'
fi

echo "== configure $build_dir (Release, arm64, unit tests on, system tests and benchmarks off)"
time cmake -S "$source_dir" -B "$build_dir" -G Ninja \
    -DCMAKE_TOOLCHAIN_FILE="$source_dir/cmake/toolchains/aarch64-linux-gnu.cmake" \
    -DCMAKE_BUILD_TYPE=Release -DBAKEN_TESTS=ON -DBAKEN_SYSTEM_TESTS=OFF -DBAKEN_BENCHMARKS=OFF \
    ${BAKEN_ARM64_CMAKE_ARGS:-} >/dev/null

echo "== build (-j$jobs; gtest_discover_tests lists each test binary through qemu-aarch64)"
time cmake --build "$build_dir" -j "$jobs"

# A build that silently fell back to the host compiler must not pass as an arm64 one.
for program in "$build_dir/bin/bakend" "$build_dir/bin/baken"; do
    [ -x "$program" ] || fail "$program was not built"
    machine=$(LC_ALL=C readelf -h "$program" | sed -n 's/^ *Machine: *//p')
    [ "$machine" = "AArch64" ] || fail "$program is built for '$machine', not AArch64"
    echo "$program: $machine"
done
# The two programs start on arm64 (under qemu-user) and know their version.
qemu-aarch64 "$build_dir/bin/bakend" --version
qemu-aarch64 "$build_dir/bin/baken" --version

echo "== unit tests under qemu-user (excluded labels: $excluded_labels; names: $excluded_names)"
test_log="$build_dir/arm64-ctest.log"
set +e
time ctest --test-dir "$build_dir" -j "$jobs" --timeout 300 --output-on-failure \
    --label-exclude "$excluded_labels" --exclude-regex "$excluded_names" \
    --output-junit arm64-ctest-junit.xml >"$test_log" 2>&1
test_status=$?
set -e
# ctest's own summary: the pass rate, the failures by name and the total time.
sed -n '/tests passed/,$p' "$test_log"
ran=$(grep -cE 'Test +#[0-9]+: ' "$test_log" || true)
echo "arm64 unit tests run under qemu-user: $ran (full log: $test_log," \
     "JUnit: $build_dir/arm64-ctest-junit.xml)"
[ "$test_status" -eq 0 ] || fail "arm64 unit tests failed (status $test_status): see $test_log"

if [ "${BAKEN_ARM64_SKIP_DEB:-0}" = "1" ]; then
    exit 0
fi

echo "== the arm64 package"
mkdir -p "$out_dir"
time deploy/package/build-deb.sh "$build_dir" arm64 "$out_dir"
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build_dir/CMakeCache.txt")
deb="$out_dir/baken_${version}-${REVISION:-1}_arm64.deb"
[ -f "$deb" ] || fail "build-deb.sh did not write $deb"
dpkg-deb --info "$deb"
[ "$(dpkg-deb --field "$deb" Architecture)" = "arm64" ] || fail "$deb is not Architecture: arm64"
echo "arm64 package (CI artefact): $(cd "$(dirname "$deb")" && pwd)/$(basename "$deb")"
