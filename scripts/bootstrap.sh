#!/usr/bin/env bash
# Installs the Debian packages scmp needs (only those missing), then configures and builds into build/.
# Idempotent: a second run installs nothing and rebuilds only what changed.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(cmake g++ ninja-build pkg-config libeigen3-dev libhdf5-dev libboost-program-options-dev catch2
          libyaml-cpp-dev python3 python3-numpy python3-h5py python3-matplotlib
          python3-dev python3-venv python3-pytest python3-pandas python3-yaml python3-torch python3-sklearn)
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

# Python: .venv sees Debian's numpy/h5py/matplotlib/pandas/torch/sklearn; PyPI gives the build tools (nanobind,
# scikit-build-core) and, for the array model's validation test, SCALE-Sim. scalesim's code needs only numpy
# (Debian's) and tqdm: --no-deps keeps pip from pulling numpy 2 / pandas / numba, which would break Debian's h5py.
if [[ ! -x .venv/bin/python ]]; then
  /usr/bin/python3 -m venv --system-site-packages .venv
fi
if ! .venv/bin/python -c "import nanobind, scikit_build_core" 2>/dev/null; then
  pins=.venv/debian-pins.txt
  /usr/bin/python3 -c "import numpy, pandas, matplotlib; print(f'numpy=={numpy.__version__}\npandas=={pandas.__version__}\nmatplotlib=={matplotlib.__version__}')" > "$pins"
  .venv/bin/pip install -q --disable-pip-version-check -c "$pins" "nanobind>=2.0" "scikit-build-core>=0.10"
fi
if ! .venv/bin/python -c "import scalesim.single_layer_sim" 2>/dev/null; then
  .venv/bin/pip install -q --disable-pip-version-check --no-deps scalesim==3.0.0 tqdm
fi

build_dir=${SCMP_BUILD_DIR:-build}
if [[ ! -f $build_dir/CMakeCache.txt ]]; then
  launcher=()
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_CUDA_COMPILER_LAUNCHER=ccache)
  cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release "${launcher[@]}" \
        -DSCMP_PYTHON_MODULE=ON -DPython_EXECUTABLE="$PWD/.venv/bin/python"
fi
# The package `scmp` (pyproject.toml): builds the extension in the same tree, then installs it into .venv.
.venv/bin/pip install -q --disable-pip-version-check --no-build-isolation --no-deps --config-settings=build-dir="$build_dir" .
cmake --build "$build_dir" -j "$(nproc)"
