#!/usr/bin/env bash
# CTest `compat_cli`: the command line parsed by Boost.Program_options (scmp) and by app/compat (scmp_compat,
# the same program built over app/compat/boost/program_options.hpp) must behave the same: for every command
# line below both print the same stdout and stderr and exit with the same code.
# Usage: compat_cli_test.sh <scmp> <scmp_compat> <scratch folder>
set -u
boost=$(realpath "$1") compat=$(realpath "$2") work=$3
rm -rf "$work" && mkdir -p "$work"
cases=(
  "--help" "--version" "no-such-command"
  "list --help" "list rng" "list multiplier" "list nothing" "list rng extra"
  "rng --help" "rng --kind sobol --bits 4" "rng --kind lfsr --bits 5 --taps 4,2 --count 7"
  "rng --kind" "rng --kind sobol --kind lfsr" "rng --bogus 1" "rng -x" "rng --allow-non-maximal=1 --kind lfsr"
  "rng --kind sobol --bits=4 --count=3" "rng --kind prng --seed 7 --count 4 extra"
  "sweep --help" "sweep --bogus" "sweep --config" "sweep"
  "merge --help" "merge --bogus" "merge"
  "golden --help" "golden --bogus"
  "bench --help" "bench --bogus"
  "bench-cpu --help" "bench-cpu --bogus"
  "bench-sim --help" "bench-sim --bogus"
  "calibrate --help" "calibrate --bogus" "calibrate"
  "status --help" "status --bogus" "status" "golden" "bench-cpu --n"
  "array --fields-markdown --section workload" "array --fields-markdown --section bogus"
)
fail=0
for c in "${cases[@]}"; do
  read -r -a args <<< "$c"
  (cd "$work" && "$boost" "${args[@]}" > b.out 2> b.err; echo $? > b.rc)
  (cd "$work" && "$compat" "${args[@]}" > c.out 2> c.err; echo $? > c.rc)
  for f in out err rc; do
    if ! cmp -s "$work/b.$f" "$work/c.$f"; then
      echo "DIFFERS: scmp $c ($f)"; diff "$work/b.$f" "$work/c.$f" | head -10; fail=1
    fi
  done
done
[ $fail -eq 0 ] && echo "compat_cli: ${#cases[@]} command lines behave the same"
exit $fail
