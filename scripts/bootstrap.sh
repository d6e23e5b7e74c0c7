#!/usr/bin/env bash
# Installs the Debian packages scmp needs (only those missing), then configures and builds into build/.
# Idempotent: a second run installs nothing and rebuilds only what changed.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(cmake g++ ninja-build pkg-config libeigen3-dev libhdf5-dev libboost-program-options-dev catch2
          libyaml-cpp-dev python3 python3-numpy python3-h5py python3-matplotlib)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "scmp: installing ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# SCALE-Sim (test-only, PyPI) in .venv for the array model's validation test. Its code needs numpy (Debian's,
# seen through --system-site-packages) and tqdm only; --no-deps keeps pip from pulling numpy 2 / pandas / numba,
# which would break Debian's h5py (TOOLCHAIN.md item 11).
if ! .venv/bin/python -c "import scalesim.single_layer_sim" 2>/dev/null; then
  dpkg-query -W -f='${Status}' python3-venv 2>/dev/null | grep -q "install ok installed" ||
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-venv >/dev/null; }
  [[ -x .venv/bin/python ]] || /usr/bin/python3 -m venv --system-site-packages .venv
  .venv/bin/pip install -q --no-deps scalesim==3.0.0 tqdm
fi

build_dir=${SCMP_BUILD_DIR:-build}
if [[ ! -f $build_dir/CMakeCache.txt ]]; then
  cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release
fi
cmake --build "$build_dir" -j "$(nproc)"

