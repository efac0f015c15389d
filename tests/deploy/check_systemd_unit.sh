#!/bin/sh
# Checks deploy/systemd/bakend.service the way systemd will read it: `systemd-analyze verify`
# must print nothing about the unit (systemd only warns about a misspelt key or a bad value
# and then ignores the line, so the output, not the exit code, is what counts), and
# `systemd-analyze security --offline=yes` must rate it at or below the bound stated in the
# unit's header. Also checks that baken.sysusers creates the user the unit runs as.
#
# Usage: check_systemd_unit.sh SOURCE_DIR BAKEND_BINARY [MAX_EXPOSURE_TENTHS]
# The unit is copied to a temporary directory with ExecStart= pointing at BAKEND_BINARY,
# because verify checks that the program exists and /usr/bin/bakend is not installed here.
# Exit 77 (skipped) when systemd-analyze is missing.
set -eu

source_dir=$1
bakend=$2
max_exposure_tenths=${3:-15} # 15 = 1.5, as the unit's header comment says

if ! command -v systemd-analyze >/dev/null 2>&1; then
    echo "SKIP: systemd-analyze is not installed (apt-get install systemd)"
    exit 77
fi
if [ ! -x "$bakend" ]; then
    echo "FAIL: no bakend binary at $bakend"
    exit 1
fi
bakend=$(cd "$(dirname "$bakend")" && pwd)/$(basename "$bakend") # ExecStart= needs it absolute

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
unit=$work/bakend.service

# Only the program path changes; the options must stay as the unit has them.
sed "s#^ExecStart=/usr/bin/bakend #ExecStart=$bakend #" \
    "$source_dir/deploy/systemd/bakend.service" >"$unit"
if ! grep -q "^ExecStart=$bakend --config /etc/baken/bakend.toml --data /var/lib/baken\$" "$unit"; then
    echo "FAIL: ExecStart= is not '/usr/bin/bakend --config /etc/baken/bakend.toml --data /var/lib/baken'"
    grep '^ExecStart=' "$unit" || true
    exit 1
fi

failed=0

# verify loads the default units too (multi-user.target ...); what it says about those is the
# host's business. Anything naming our unit is a failure.
systemd-analyze verify --man=no "$unit" >"$work/verify.out" 2>&1 || {
    echo "FAIL: systemd-analyze verify exited with $?"
    failed=1
}
if grep -e 'bakend' -e "$work" "$work/verify.out" >"$work/verify.ours"; then
    echo "FAIL: systemd-analyze verify complains about bakend.service:"
    cat "$work/verify.ours"
    failed=1
elif [ -s "$work/verify.out" ]; then
    echo "note: systemd-analyze verify said this about other units (ignored):"
    sed 's/^/    /' "$work/verify.out"
fi
[ "$failed" -eq 0 ] && echo "ok: systemd-analyze verify is silent about bakend.service"

# The score line is printed either way; the exit code says whether it is above the bound.
if systemd-analyze security --offline=yes --threshold="$max_exposure_tenths" "$unit" \
    >"$work/security.out" 2>&1; then
    security_ok=1
else
    security_ok=0
fi
score_line=$(grep 'Overall exposure level' "$work/security.out" || true)
if [ -z "$score_line" ]; then
    echo "FAIL: systemd-analyze security printed no score:"
    cat "$work/security.out"
    failed=1
elif [ "$security_ok" -eq 1 ]; then
    echo "ok: $score_line (bound: $max_exposure_tenths tenths)"
else
    echo "FAIL: $score_line, above the bound of $max_exposure_tenths tenths; what is exposed:"
    grep '✗' "$work/security.out" || cat "$work/security.out"
    failed=1
fi

# The user the unit runs as comes from baken.sysusers; create it in an empty root.
if command -v systemd-sysusers >/dev/null 2>&1; then
    mkdir -p "$work/root/etc"
    if systemd-sysusers --root="$work/root" - <"$source_dir/deploy/systemd/baken.sysusers" \
        >"$work/sysusers.out" 2>&1 &&
        grep -q '^baken:x:[0-9]*:[0-9]*:[^:]*:/var/lib/baken:' "$work/root/etc/passwd" &&
        grep -q '^baken:x:' "$work/root/etc/group"; then
        echo "ok: baken.sysusers creates user and group baken, home /var/lib/baken"
    else
        echo "FAIL: baken.sysusers does not create user baken with home /var/lib/baken:"
        cat "$work/sysusers.out" "$work/root/etc/passwd" 2>/dev/null || true
        failed=1
    fi
else
    echo "note: systemd-sysusers is missing; baken.sysusers not checked"
fi

exit "$failed"
