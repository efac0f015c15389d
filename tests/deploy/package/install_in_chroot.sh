#!/bin/bash
# install_in_chroot.sh: installs the amd64 baken .deb in a clean Debian 12 root (debootstrap
# minbase, no container) and checks that the files are where docs/admin-guide.md says, with
# the owners and modes it says; then upgrades to a later revision whose default config
# changed while the administrator had edited theirs (the edit must survive), and purges
# (configuration, data, binaries and unit must be gone). Needs root, debootstrap and
# deb.debian.org (Depends are installed from there).
#
#   tests/deploy/package/install_in_chroot.sh DEB [WORK_PARENT]
#     DEB          the package, as made by deploy/package/build-deb.sh
#     WORK_PARENT  where the temporary root is made (default: the directory of DEB); the
#                  debootstrap download is cached there as debootstrap-bookworm-minbase.tgz
#                  so that later runs do not download the base system again
# shellcheck disable=SC2015,SC2016 # `check && pass || fail`: pass cannot fail; dpkg-query formats are literal
set -euo pipefail

deb=$(realpath "$1")
work_parent=$(realpath "${2:-$(dirname "$deb")}")
suite=bookworm
mirror=http://deb.debian.org/debian
cache="$work_parent/debootstrap-$suite-minbase.tgz"

[ "$(id -u)" = 0 ] || { echo "install_in_chroot.sh: needs root (chroot, debootstrap)" >&2; exit 2; }
command -v debootstrap >/dev/null || { echo "install_in_chroot.sh: apt-get install debootstrap" >&2; exit 2; }
case "$work_parent" in
    /tmp/* | */build/*) ;;
    *) echo "install_in_chroot.sh: WORK_PARENT must be under /tmp or a build directory" >&2; exit 2 ;;
esac

work=$(mktemp -d "$work_parent/chroot-test.XXXXXX")
root="$work/root"
failures=0

# Unmounts whatever is still mounted in the root (deepest first), then removes the temporary
# directory, but only the one this script made and without crossing into a mount.
cleanup() {
    local mount_point start
    start=$(now)
    if [ -d "$root" ]; then
        awk -v r="$root" '$2 == r || index($2, r "/") == 1 { print $2 }' /proc/mounts | sort -r |
            while read -r mount_point; do umount -l "$mount_point" || true; done
    fi
    case "$work" in
        "$work_parent"/chroot-test.?*) [ -d "$work" ] && rm -rf --one-file-system -- "$work" ;;
    esac
    echo "time removing the root: $(seconds_since "$start") s"
}
trap cleanup EXIT

now() { date +%s.%N; }
seconds_since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C.UTF-8 \
    DEBIAN_FRONTEND=noninteractive "$@"; }

pass() { echo "ok   $*"; }
fail() { echo "FAIL $*"; failures=$((failures + 1)); }

# check_file PATH OWNER:GROUP MODE
check_file() {
    local actual
    # stat in the root: the names of its user and group ids, not the host's
    if ! actual=$(in_root stat -c '%U:%G %a' "$1" 2>/dev/null); then
        fail "$1 missing"
    elif [ "$actual" != "$2 $3" ]; then
        fail "$1 is $actual, want $2 $3"
    else
        pass "$1 $actual"
    fi
}

check_gone() {
    if [ -e "$root$1" ]; then fail "$1 still there after purge"; else pass "$1 gone"; fi
}

make_base_system() {
    local start cache_note="cached download used"
    start=$(now)
    if [ ! -s "$cache" ]; then
        cache_note="downloaded, cached in $cache"
        rm -f -- "$cache.part"  # a download that failed earlier
        debootstrap --variant=minbase --make-tarball="$cache.part" "$suite" "$work/download" "$mirror" \
            >"$work/debootstrap-download.log" 2>&1 || { tail -20 "$work/debootstrap-download.log"; exit 1; }
        mv "$cache.part" "$cache"
        rm -rf --one-file-system -- "$work/download"
    fi
    debootstrap --variant=minbase --unpack-tarball="$cache" "$suite" "$root" "$mirror" \
        >"$work/debootstrap.log" 2>&1 || { tail -20 "$work/debootstrap.log"; exit 1; }
    echo "time debootstrap minbase $suite ($cache_note): $(seconds_since "$start") s"
    start=$(now)
    cp /etc/resolv.conf "$root/etc/resolv.conf"
    cat >"$root/etc/apt/sources.list" <<EOF
deb $mirror $suite main
deb $mirror $suite-updates main
deb http://deb.debian.org/debian-security $suite-security main
EOF
    in_root apt-get update -qq >"$work/apt-update.log" 2>&1 || { tail -20 "$work/apt-update.log"; exit 1; }
    echo "time apt-get update: $(seconds_since "$start") s"
}

# The upgrade: DEB repacked as revision 2 whose default config has one more line, as when a
# release changes a default. With the administrator's edit as well, dpkg must keep theirs
# (--force-confold) and put the new default beside it as bakend.toml.dpkg-dist.
make_upgrade_package() {
    local unpacked="$work/upgrade" version
    dpkg-deb -R "$deb" "$unpacked"
    version=$(dpkg-deb -f "$deb" Version)
    sed -i "s/^Version: .*/Version: ${version%-*}-2/" "$unpacked/DEBIAN/control"
    echo "# a new default in revision 2" >>"$unpacked/etc/baken/bakend.toml"
    (cd "$unpacked" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | LC_ALL=C sort -z |
        xargs -0 md5sum >DEBIAN/md5sums)
    dpkg-deb --root-owner-group --build "$unpacked" "$root/tmp/baken-upgrade.deb" >/dev/null
    rm -rf --one-file-system -- "$unpacked"
}

check_installed_files() {
    local version
    version=$(dpkg-deb -f "$deb" Version)
    [ "$(in_root dpkg-query -W -f '${Status} ${Version}' baken)" = "install ok installed $version" ] &&
        pass "dpkg: baken $version installed" || fail "dpkg status: $(in_root dpkg-query -W -f '${Status} ${Version}' baken)"

    check_file /usr/bin/bakend root:root 755
    check_file /usr/bin/baken root:root 755
    check_file /lib/systemd/system/bakend.service root:root 644
    check_file /usr/lib/sysusers.d/baken.conf root:root 644
    check_file /usr/lib/modules-load.d/baken.conf root:root 644
    check_file /etc/baken root:root 755
    check_file /etc/baken/bakend.toml root:baken 640
    check_file /usr/share/man/man8/bakend.8.gz root:root 644
    check_file /usr/share/man/man1/baken.1.gz root:root 644
    local doc
    for doc in copyright changelog.Debian.gz bakend.example.toml README.md.gz; do
        check_file "/usr/share/doc/baken/$doc" root:root 644
    done
    if dpkg-deb -c "$deb" | grep 'usr/share/doc/baken/admin-guide.md.gz$' >/dev/null; then
        check_file /usr/share/doc/baken/admin-guide.md.gz root:root 644
    else
        fail "the package has no /usr/share/doc/baken/admin-guide.md.gz"
    fi

    in_root dpkg-query -W -f '${Conffiles}\n' baken | grep -q '^ /etc/baken/bakend.toml ' &&
        pass "/etc/baken/bakend.toml is a conffile" || fail "/etc/baken/bakend.toml is not a conffile"

    local user
    user=$(in_root getent passwd baken || true)
    local uid home shell
    IFS=: read -r _ _ uid _ _ home shell <<<"$user"
    if [ -n "$user" ] && [ "$uid" -lt 1000 ] && [ "$home" = /var/lib/baken ] && [ "$shell" = /usr/sbin/nologin ]; then
        pass "system user: $user"
    else
        fail "system user baken: '$user'"
    fi
    in_root getent group baken >/dev/null && pass "group baken" || fail "no group baken"

    local out
    out=$(in_root bakend --version 2>&1) && [ "$out" = "bakend ${version%-*}" ] &&
        pass "bakend --version: $out" || fail "bakend --version: $out"
    out=$(in_root baken --help 2>&1) && grep -q '^Usage: baken' <<<"$out" &&
        pass "baken --help" || fail "baken --help: $(head -3 <<<"$out")"
    in_root zcat /usr/share/man/man8/bakend.8.gz | grep -q '^\.TH BAKEND 8' &&
        pass "bakend(8) is a man page" || fail "bakend.8.gz has no .TH BAKEND 8"
    in_root zcat /usr/share/man/man1/baken.1.gz | grep -q '^\.TH BAKEN 1' &&
        pass "baken(1) is a man page" || fail "baken.1.gz has no .TH BAKEN 1"
}

check_upgrade_keeps_local_config() {
    local edit="# edited by the administrator before the upgrade"
    echo "$edit" >>"$root/etc/baken/bakend.toml"
    in_root apt-get install -y -q -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
        /tmp/baken-upgrade.deb >"$work/apt-upgrade.log" 2>&1 || { tail -20 "$work/apt-upgrade.log"; fail "upgrade"; return; }
    local version
    version=$(in_root dpkg-query -W -f '${Version}' baken)
    [[ "$version" == *-2 ]] && pass "upgraded to $version" || fail "version after upgrade: $version"
    grep -qxF "$edit" "$root/etc/baken/bakend.toml" && pass "the administrator's edit survived" ||
        fail "the administrator's edit was lost"
    grep -q "new default in revision 2" "$root/etc/baken/bakend.toml.dpkg-dist" 2>/dev/null &&
        pass "the new default is beside it as bakend.toml.dpkg-dist" || fail "no bakend.toml.dpkg-dist"
    check_file /etc/baken/bakend.toml root:baken 640
}

check_purge() {
    # What the service would have left: its state directory with the node key.
    install -d -m 0700 "$root/var/lib/baken"
    echo key >"$root/var/lib/baken/node.key"
    in_root chown -R baken:baken /var/lib/baken
    in_root apt-get purge -y -q baken >"$work/apt-purge.log" 2>&1 || { tail -20 "$work/apt-purge.log"; fail "purge"; return; }
    local status
    status=$(in_root dpkg-query -W -f '${Status}' baken 2>/dev/null || true)
    [ -z "$status" ] || [ "$status" = "unknown ok not-installed" ] &&
        pass "dpkg: baken purged" || fail "dpkg status after purge: $status"
    local path
    for path in /etc/baken /var/lib/baken /usr/bin/bakend /usr/bin/baken \
        /lib/systemd/system/bakend.service /usr/lib/sysusers.d/baken.conf \
        /usr/lib/modules-load.d/baken.conf /usr/share/doc/baken \
        /usr/share/man/man8/bakend.8.gz /usr/share/man/man1/baken.1.gz; do
        check_gone "$path"
    done
    in_root getent passwd baken >/dev/null && pass "user baken left in place (Debian practice)" ||
        fail "user baken was removed"
}

total_start=$(now)
make_base_system
cp "$deb" "$root/tmp/baken.deb"
make_upgrade_package

start=$(now)
in_root apt-get install -y -q /tmp/baken.deb >"$work/apt-install.log" 2>&1 || { tail -30 "$work/apt-install.log"; exit 1; }
echo "time apt-get install (package and its Depends): $(seconds_since "$start") s"
check_installed_files

start=$(now)
check_upgrade_keeps_local_config
echo "time upgrade: $(seconds_since "$start") s"

start=$(now)
check_purge
echo "time purge: $(seconds_since "$start") s"

echo "time total: $(seconds_since "$total_start") s"
if [ "$failures" -ne 0 ]; then
    echo "install_in_chroot: $failures check(s) failed"
    exit 1
fi
echo "install_in_chroot: all checks passed"
