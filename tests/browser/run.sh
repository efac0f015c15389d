#!/usr/bin/env bash
# Runs the browser tests of the web UI (cop.test.mjs): Playwright (playwright-core from npm)
# driving Debian's chromium against three real bakend processes on loopback.
#
#   BAKEN_BIN_DIR            where bakend and baken are (default: build/debug/bin)
#   BAKEN_BROWSER_ARTIFACTS  screenshots, GeoJSON and node logs (default: build/browser-artifacts)
#   BAKEN_CHROMIUM           the browser (default: /usr/bin/chromium)
#
# Exits 77 (ctest: skipped) only when node or chromium is not installed; deploy/scripts/
# install-deps.sh installs both.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
chromium=${BAKEN_CHROMIUM:-/usr/bin/chromium}
export BAKEN_CHROMIUM=$chromium

if ! command -v node >/dev/null 2>&1; then
    echo "browser tests skipped: node is not installed (run deploy/scripts/install-deps.sh)"
    exit 77
fi
if [ ! -x "$chromium" ]; then
    echo "browser tests skipped: $chromium is not installed (run deploy/scripts/install-deps.sh)"
    exit 77
fi

cd "$here"
if [ ! -f node_modules/playwright-core/package.json ]; then
    echo "browser tests: installing playwright-core (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
fi
exec node --test --test-concurrency=1 --test-reporter=spec cop.test.mjs
