#!/bin/bash
# build-deb.sh: makes the Debian package baken_VERSION-REVISION_ARCH.deb from a build directory
# that is already built (Release), without debhelper: the files go into a staging root laid
# out as docs/admin-guide.md describes, dpkg-shlibdeps and dpkg-gencontrol write the control
# file (Depends, Installed-Size), dpkg-deb packs it and lintian checks it.
#
#   deploy/package/build-deb.sh [BUILD_DIR [ARCH [OUTDIR]]]
#     BUILD_DIR  built CMake build directory (default build/release)
#     ARCH       Debian architecture of that build (default: this machine's, dpkg
#                --print-architecture); arm64 for the cross build, which needs the arm64
#                libraries installed through multiarch (dpkg-shlibdeps reads their shlibs)
#     OUTDIR     where the .deb goes (default BUILD_DIR)
#   Environment:
#     REVISION           Debian revision (default 1); another revision than the newest entry
#                        in deploy/debian/changelog gets a changelog entry of its own (the
#                        upgrade test builds -2 this way)
#     BAKEN_SOURCE_DIR   source tree to take the unit, man pages, config and debian/ files
#                        from (default: the tree this script is in)
#     LINTIAN=0          skip lintian (it is run, with --fail-on error, by default)
set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source_dir=${BAKEN_SOURCE_DIR:-$(cd "$script_dir/../.." && pwd)}
build_dir=$(cd "${1:-build/release}" && pwd)
arch=${2:-$(dpkg --print-architecture)}
out_dir=${3:-$build_dir}
revision=${REVISION:-1}
debian_dir="$source_dir/deploy/debian"

fail() {
    echo "build-deb.sh: $*" >&2
    exit 1
}

# The upstream version is CMake's project(VERSION), read from the build directory's cache so
# that the package says what was built.
project_version() {
    local version
    version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build_dir/CMakeCache.txt")
    [ -n "$version" ] || fail "no CMAKE_PROJECT_VERSION in $build_dir/CMakeCache.txt"
    echo "$version"
}

# The strip of the target architecture: binutils' GNU-triplet-prefixed one when cross
# building (aarch64-linux-gnu-strip for arm64), the plain one otherwise.
strip_program() {
    if [ "$arch" = "$(dpkg --print-architecture)" ]; then
        echo strip
    else
        echo "$(dpkg-architecture -a"$arch" -qDEB_HOST_GNU_TYPE 2>/dev/null)-strip"
    fi
}

# Refuses a binary built for another machine than ARCH (an amd64 build dir packed as arm64).
check_machine() {
    local binary=$1 expected machine
    case "$arch" in
        amd64) expected="X86-64" ;;
        arm64) expected="AArch64" ;;
        *) return 0 ;;
    esac
    machine=$(LC_ALL=C readelf -h "$binary" | sed -n 's/^ *Machine: *//p')
    case "$machine" in
        *"$expected"*) ;;
        *) fail "$binary is for '$machine', not $arch" ;;
    esac
}

# The changelog shipped and read by dpkg-gencontrol: deploy/debian/changelog, with an entry on
# top when REVISION asks for a revision that has none.
write_changelog() {
    local target=$1 newest
    newest=$(dpkg-parsechangelog -l "$debian_dir/changelog" -SVersion)
    if [ "$newest" = "$debian_version" ]; then
        cp "$debian_dir/changelog" "$target"
        return
    fi
    [ "${newest%-*}" = "$version" ] ||
        fail "deploy/debian/changelog's newest entry is $newest but CMake builds $version: add an entry"
    {
        printf 'baken (%s) bookworm; urgency=medium\n\n' "$debian_version"
        printf '  * Rebuild of %s as Debian revision %s.\n\n' "$newest" "$revision"
        printf ' -- Baken Engineering <dev@baken.invalid>  %s\n\n' "$(date -R -u -d "@$SOURCE_DATE_EPOCH")"
        cat "$debian_dir/changelog"
    } >"$target"
}

require_file() {
    [ -f "$1" ] || fail "missing $1"
}

stage_files() {
    local root=$1 strip
    DESTDIR="$root" cmake --install "$build_dir" --prefix /usr >/dev/null
    for program in bakend baken; do
        require_file "$root/usr/bin/$program"
        check_machine "$root/usr/bin/$program"
    done
    # As dh_strip does: no debug symbols, no compiler comment, nothing cmake --strip would miss.
    strip=$(strip_program)
    command -v "$strip" >/dev/null || fail "$strip not found (binutils for $arch)"
    "$strip" --strip-unneeded --remove-section=.comment --remove-section=.note \
        "$root/usr/bin/bakend" "$root/usr/bin/baken"

    install -D -m 0644 "$source_dir/deploy/systemd/bakend.service" \
        "$root/lib/systemd/system/bakend.service"
    install -D -m 0644 "$source_dir/deploy/systemd/baken.sysusers" \
        "$root/usr/lib/sysusers.d/baken.conf"
    install -D -m 0644 "$source_dir/deploy/systemd/baken-modules.conf" \
        "$root/usr/lib/modules-load.d/baken.conf"
    # 0640 from the start, so the file is never world-readable; postinst gives it to group baken.
    install -D -m 0640 "$source_dir/daemon/config/bakend.example.toml" "$root/etc/baken/bakend.toml"

    local man
    for man in man8/bakend.8 man1/baken.1; do
        require_file "$source_dir/deploy/man/${man#*/}"
        install -D -m 0644 "$source_dir/deploy/man/${man#*/}" "$root/usr/share/man/$man"
        gzip -9n "$root/usr/share/man/$man"
    done

    local doc="$root/usr/share/doc/baken"
    install -D -m 0644 "$debian_dir/copyright" "$doc/copyright"
    install -m 0644 "$source_dir/daemon/config/bakend.example.toml" "$doc/bakend.example.toml"
    install -m 0644 "$work/debian/changelog" "$doc/changelog.Debian"
    gzip -9n "$doc/changelog.Debian"
    install -m 0644 "$source_dir/README.md" "$doc/README.md"
    gzip -9n "$doc/README.md"
    if [ -f "$source_dir/docs/admin-guide.md" ]; then
        install -m 0644 "$source_dir/docs/admin-guide.md" "$doc/admin-guide.md"
        gzip -9n "$doc/admin-guide.md"
    else
        echo "build-deb.sh: note: docs/admin-guide.md does not exist yet, not packaged" >&2
    fi
    if [ -f "$debian_dir/lintian-overrides" ]; then
        install -D -m 0644 "$debian_dir/lintian-overrides" "$root/usr/share/lintian/overrides/baken"
    fi
}

write_control_files() {
    local root=$1
    install -d -m 0755 "$root/DEBIAN"
    install -m 0755 "$debian_dir/postinst" "$debian_dir/prerm" "$debian_dir/postrm" "$root/DEBIAN/"
    install -m 0644 "$debian_dir/conffiles" "$root/DEBIAN/conffiles"
    (
        cd "$work"
        # dpkg-shlibdeps maps each NEEDED library to its package through the dpkg database;
        # dpkg-architecture -a sets the host architecture so that a cross build's
        # aarch64-linux-gnu libraries (multiarch, installed as :arm64) are the ones looked up.
        dpkg-architecture -a"$arch" -f -c \
            dpkg-shlibdeps -Tdebian/substvars "$root/usr/bin/bakend" "$root/usr/bin/baken"
        echo "misc:Depends=" >>debian/substvars
        dpkg-architecture -a"$arch" -f -c \
            dpkg-gencontrol -pbaken -v"$debian_version" -Tdebian/substvars -P"$root"
    )
    (cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | LC_ALL=C sort -z |
        xargs -0 md5sum >DEBIAN/md5sums)
    chmod 0644 "$root/DEBIAN/md5sums"
}

version=$(project_version)
debian_version="$version-$revision"
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(dpkg-parsechangelog -l "$debian_dir/changelog" -STimestamp)}
umask 022

work=$(mktemp -d "${TMPDIR:-/tmp}/baken-deb.XXXXXX")
trap 'rm -rf -- "$work"' EXIT
mkdir -p "$work/debian" "$out_dir"
cp "$debian_dir/control" "$work/debian/control"
write_changelog "$work/debian/changelog"

root="$work/root"
stage_files "$root"
write_control_files "$root"

deb="$out_dir/baken_${debian_version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "built $deb"
dpkg-deb --info "$deb" | sed -n '/Package:/,$p'

if [ "${LINTIAN:-1}" != 0 ]; then
    command -v lintian >/dev/null || fail "lintian not installed (apt-get install lintian), or LINTIAN=0"
    echo "lintian:"
    lintian --fail-on error --display-info "$deb"
    echo "lintian: no errors"
fi
