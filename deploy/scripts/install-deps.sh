#!/usr/bin/env bash
# Installs the Debian 12 packages Baken needs to build, run and test.
# Only installs what is missing, so re-running it is cheap. Needs root (or sudo).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  protobuf-compiler libprotobuf-dev
  libsodium-dev zlib1g-dev
  liblmdb-dev lmdb-utils
  libboost-dev
  libtomlplusplus-dev
  libcli11-dev
  libqrencode-dev libzbar-dev libpng-dev libjpeg62-turbo-dev
  dosfstools mtools
  socat
  libxml2-dev libxml2-utils
  libgtest-dev libgmock-dev
  libbenchmark-dev
  libsystemd-dev
  clang libclang-rt-14-dev clang-format
  curl procps
)
# The firmware bridge's Cortex-M0+ build and its self-test under emulation (firmware-bridge/).
packages+=(gcc-arm-none-eabi libnewlib-arm-none-eabi libstdc++-arm-none-eabi-newlib qemu-system-arm)
# The Debian package (deploy/package/build-deb.sh): dpkg-shlibdeps, lintian, and a clean Debian
# root to install it in (tests/deploy/package/install_in_chroot.sh); groff checks the man pages.
packages+=(dpkg-dev lintian debootstrap groff-base)
# The browser tests (tests/browser) drive Debian's chromium from Node; Node may come from
# elsewhere (nodesource, nvm), so nodejs and npm only when there is no node at all.
packages+=(chromium)
command -v node >/dev/null 2>&1 || packages+=(nodejs npm)

# --- Raspberry Pi (arm64) cross build: cmake/toolchains/aarch64-linux-gnu.cmake and
# tests/cross/run-arm64-tests.sh. Debian multiarch: the arm64 -dev packages install beside the
# amd64 ones (same versions). protoc stays the host's (protobuf-compiler:arm64 would replace
# it); qemu-user runs the arm64 test binaries (qemu-aarch64). On request only, BAKEN_ARM64=1
# (tests/cross/run-arm64-tests.sh sets it): tests/run.sh does not run the cross build yet.
add_arm64_cross_packages() {
  [ "${BAKEN_ARM64:-0}" = "1" ] || return 0
  if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    echo "install-deps: adding the arm64 architecture (dpkg --add-architecture arm64)"
    # Its package lists come with the apt-get update below (the arm64 packages are missing).
    if [ "$(id -u)" -eq 0 ]; then dpkg --add-architecture arm64; else sudo dpkg --add-architecture arm64; fi
  fi
  packages+=(g++-aarch64-linux-gnu binutils-aarch64-linux-gnu qemu-user)
  local arm64_dev=(
    libprotobuf-dev libsodium-dev zlib1g-dev liblmdb-dev libboost-dev libtomlplusplus-dev
    libqrencode-dev libpng-dev libjpeg62-turbo-dev libxml2-dev
    libgtest-dev libgmock-dev libsystemd-dev
    # NOT libzbar-dev:arm64: it needs libmagick++-dev (Architecture: all, not Multi-Arch:
    # foreign), so apt silently REMOVES libzbar-dev:amd64 to install it. The runtime library
    # is enough: the toolchain file points pkg-config and the linker at it (shared headers).
    libzbar0
  )
  local p
  for p in "${arm64_dev[@]}"; do packages+=("$p:arm64"); done
  # libcli11-dev is Architecture: all (header-only): the amd64 install above serves both.
}
add_arm64_cross_packages
# --- end of the arm64 cross build block

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q " ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "install-deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends --no-remove "${missing[@]}"
