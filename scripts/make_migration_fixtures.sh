#!/usr/bin/env bash
# Writes Tests/ReadinessStoreTests/Fixtures/v1.sqlite, v2.sqlite, v3.sqlite: a database as each released
# schema left it (migrated up to that schema only, then filled with that schema's SQL), holding the first
# three communes of the shipped sample with their events and a same-day correction. The tests open copies
# of them; the files themselves only change when this is run (read the diff of the test results first).
# Usage: scripts/make_migration_fixtures.sh
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --build-tests
UPDATE_FIXTURES=1 swift test --skip-build --filter "MigrationFixtureTests/writeFixtures"
ls -l Tests/ReadinessStoreTests/Fixtures/
