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

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "install-deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
