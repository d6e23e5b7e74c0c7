#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/) with clang and -fsanitize=fuzzer,address,undefined in a separate
# build folder, then runs each for a bounded time from its seed corpus and dictionary.
#   bash scripts/fuzz.sh [SECONDS_PER_TARGET=60] [TARGET...]
# Env: SCMP_FUZZ_BUILD_DIR (default build-fuzz), SCMP_FUZZ_JOBS (parallel fuzzing processes per target,
# default 1). A crash leaves crash-* / timeout-* / oom-* files in $SCMP_FUZZ_BUILD_DIR/findings/<target>/
# and fails the script; turn each into a regression test (tests/experiments/reliability_tests.cpp; for
# fuzz_python_args tests/python/python_args_tests.cpp and tests/python/test_fuzz.py).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
build="${SCMP_FUZZ_BUILD_DIR:-build-fuzz}"
jobs="${SCMP_FUZZ_JOBS:-1}"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then targets=(fuzz_yaml_config fuzz_npy fuzz_results_file fuzz_golden_file fuzz_python_args); fi

bash scripts/asan_build.sh "$build" "${targets[@]}"

status=0
for t in "${targets[@]}"; do
  name="${t#fuzz_}"
  corpus_src="fuzz/corpus/$name"
  work="$build/corpus/$name"          # grows while fuzzing; the repository's seeds stay as they are
  findings="$build/findings/$t"
  mkdir -p "$work" "$findings"
  cp -n "$corpus_src"/* "$work"/ 2>/dev/null || true
  extra=()
  if [ -f "fuzz/$name.dict" ]; then extra+=(-dict="fuzz/$name.dict"); fi
  # -jobs spawns child processes logging to fuzz-N.log; only for more than one.
  if [ "$jobs" -gt 1 ]; then extra+=(-jobs="$jobs" -workers="$jobs"); fi
  echo "== $t: ${seconds}s, corpus $(ls "$work" | wc -l) inputs"
  # -timeout: an input taking 10 s is a hang; -rss_limit_mb: an input needing 2 GB is a missing limit.
  if ! ASAN_OPTIONS="detect_leaks=0:allocator_may_return_null=0" UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
      "$build/bin/$t" "$work" "${extra[@]}" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -max_len=4096 -artifact_prefix="$findings/" -print_final_stats=1 2>"$build/$t.log"; then
    echo "!! $t found a problem: $(ls "$findings")"; tail -40 "$build/$t.log"; status=1
  else
    grep -E "stat::number_of_executed_(runs|units)|stat::peak_rss_mb|^Done" "$build/$t.log" | sed "s/^/   /" || true
  fi
done
exit $status
