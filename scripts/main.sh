#!/usr/bin/env bash
# The main job: install, build, run the default sweep (configs/quickstart.yaml) on the CPU backend, and write
# results/quickstart.h5 plus the report in results/quickstart_report/. Idempotent (the old results are replaced).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
mkdir -p results
rm -f results/quickstart.h5
build/bin/scmp sweep configs/quickstart.yaml -o results/quickstart.h5 --backend cpu --jobs "$(nproc)"
/usr/bin/python3 -m analysis.report results/quickstart.h5 -o results/quickstart_report
echo "scmp: results in results/quickstart.h5, report in results/quickstart_report/report.md"
