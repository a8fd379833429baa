#!/usr/bin/env bash
# Sets everything up, then builds the dev preset (warnings are errors) and runs the whole
# test suite: Boost.Test per area, every scenario file, and pytest (bindings and CLI).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cmake --preset dev -DLSMSIM_BUILD_PYTHON=ON -DPython3_EXECUTABLE="$PY" \
  -DLSMSIM_INSTALLED_CLI="$VENV/bin/lsmsim" >/dev/null
cmake --build --preset dev
ctest --preset dev "$@"
