#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test (C++ Catch2 cases and the Python analysis tests) via CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
ctest --test-dir "${SCMP_BUILD_DIR:-build}" --output-on-failure --no-tests=error -j "$(nproc)"
