#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: C++ Catch2 cases and the analysis tests via CTest, then
# the Python package's tests (tests/python, pytest).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
ctest --test-dir "${SCMP_BUILD_DIR:-build}" --output-on-failure --no-tests=error -j "$(nproc)"
# The Python package (installed into .venv by bootstrap.sh): pytest's exit code is the script's.
SCMP_BINARY="${SCMP_BUILD_DIR:-build}/bin/scmp" .venv/bin/python -m pytest -q tests/python
