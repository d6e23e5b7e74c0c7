#!/usr/bin/env bash
# On a machine with an NVIDIA GPU (sm_80 or newer), from the repository root: regenerates
# sim/arith/rcp_approx_f32.bin from the GPU's MUFU.RCP, then proves the CPU emulation (sim/arith/triton_div.cpp,
# built with that table) bit-identical to PTX rcp.approx.f32 and div.full.f32 (tools/triton_div/triton_div_check.cu).
# Usage: tools/triton_div/run.sh [ARCH (default 90)] [--check-only]
set -euo pipefail
cd "$(dirname "$0")/../.."
arch=${1:-90}
work=$(mktemp -d)
if [[ ${2:-} != --check-only ]]; then
  nvcc -O2 -arch=sm_$arch -o "$work/rcp_table_gen" tools/triton_div/rcp_table_gen.cu
  "$work/rcp_table_gen" sim/arith/rcp_approx_f32.bin
fi
gcc -c -o "$work/table.o" -DSCMP_RCP_TABLE_FILE="\"$PWD/sim/arith/rcp_approx_f32.bin\"" sim/arith/rcp_approx_table.S
nvcc -O2 -std=c++20 -arch=sm_$arch -I. -Xcompiler -ffp-contract=off -o "$work/triton_div_check" \
  tools/triton_div/triton_div_check.cu sim/arith/triton_div.cpp "$work/table.o"
"$work/triton_div_check"
