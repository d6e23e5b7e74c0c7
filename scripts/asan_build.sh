#!/usr/bin/env bash
# A clang build with AddressSanitizer + UndefinedBehaviorSanitizer (and libFuzzer instrumentation, so the
# fuzz targets share it) in its own folder, without CUDA: only the targets asked for.
#   bash scripts/asan_build.sh BUILD_DIR TARGET...
set -euo pipefail
cd "$(dirname "$0")/.."
build="$1"
shift
# clang 14 and its runtime libraries (libFuzzer, ASan, UBSan) from Debian, installed when missing.
missing=()
for p in clang-14 libclang-rt-14-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo_cmd=()
  [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
cxx="$(command -v clang++-14 || command -v clang++)"
launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
if [ ! -f "$build/CMakeCache.txt" ]; then
  # -O1 -gline-tables-only: the cheapest build that still gives sanitizer reports with file:line.
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" \
    -DCMAKE_CXX_COMPILER="$cxx" "${launcher[@]}" -DSCMP_CUDA=OFF -DSCMP_FUZZ=ON \
    -DCMAKE_CXX_FLAGS="-fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined -fsanitize=fuzzer-no-link" \
    -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
fi
cmake --build "$build" -j "$(nproc)" --target "$@"
