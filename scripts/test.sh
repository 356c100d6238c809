#!/usr/bin/env bash
# The test command: installs what the tests need when missing, then runs every module's tests.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-test-deps.sh
mvn -B -ntp verify
