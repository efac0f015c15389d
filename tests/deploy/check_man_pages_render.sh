#!/bin/sh
# Renders the hand-written man pages and fails on any warning: groff's own (-ww: every
# warning, -z: no output), and man's as lintian runs it (its manpage-has-errors-from-man tag
# comes from exactly this command), so the package's pages stay lintian-clean.
#
# Usage: check_man_pages_render.sh PAGE...   Exit 77 (skipped) when groff is missing.
set -eu

if ! command -v groff >/dev/null 2>&1; then
    echo "SKIP: groff is not installed (apt-get install groff-base)"
    exit 77
fi

failed=0
for page in "$@"; do
    warnings=$(groff -man -ww -z "$page" 2>&1)
    if command -v man >/dev/null 2>&1; then
        warnings=$warnings${warnings:+
}$(LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 \
            man --warnings -E UTF-8 -l -Tutf8 -Z "$page" 2>&1 >/dev/null)
    fi
    if [ -n "$warnings" ]; then
        echo "FAIL: $page:"
        echo "$warnings"
        failed=1
    else
        echo "ok: $page renders without warnings"
    fi
done
exit "$failed"
