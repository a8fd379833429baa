#!/usr/bin/env bash
# Installs everything lsmsim needs on a fresh Debian machine, idempotently and quickly when
# nothing changed: Debian packages (apt-get), a Python virtual environment in .venv with
# the build and test tools (pip), and the lsmsim package itself with its `lsmsim` command
# (reinstalled on every run; the build in build/python is incremental). Sourced by scripts/demo.sh and scripts/test.sh.
set -euo pipefail

LSMSIM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$LSMSIM_ROOT"

# ---- system packages (Debian) ----
APT_PACKAGES=(
  g++ pkg-config ccache
  libboost-graph-dev libboost-test-dev libselinux1-dev libbenchmark-dev
  libyaml-cpp-dev libfmt-dev libcli11-dev nlohmann-json3-dev
  # `lsmsim graph --svg`: Graphviz's layout library, linked in (libgvc)
  libgraphviz-dev
  # SELinux oracles for the tests: checkpolicy compiles policy.conf, libsepol (static, linked
  # into one test only) decides as the kernel's security server does, and the reference
  # policy is the large real input (its postinst builds policy.33 and file_contexts).
  checkpolicy libsepol-dev selinux-utils selinux-policy-default
  # AppArmor oracles: apparmor_parser (accept/reject, the compiled DFA) and the profiles
  # Debian ships, the real inputs the profile parser must read.
  apparmor apparmor-profiles apparmor-profiles-extra
  # The referee: a real Linux kernel (6.1, SELinux/Smack/AppArmor built in) that runs as an
  # ordinary process, booted by tests/referee to answer the same queries as lsmsim.
  user-mode-linux
  # Audit readers as oracles (docs/audit-readers.md): ausearch/aureport (auditd), auparse
  # (python3-audit), audit2allow (policycoreutils-python-utils) and the sepolgen library. The
  # auparse and sepolgen modules live in /usr/bin/python3's dist-packages, not in .venv.
  auditd python3-audit policycoreutils-python-utils python3-sepolgen
  # The JSON Schema test reads scenario YAML with PyYAML under /usr/bin/python3
  python3-yaml
)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  # auditd's postinst would start the daemon (it would then take the host's audit netlink
  # socket); a policy-rc.d that exits 101 forbids that. Keep an existing one, else remove ours.
  POLICY_RC=/usr/sbin/policy-rc.d
  ours_policy_rc=0
  if [[ ! -e $POLICY_RC ]]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$POLICY_RC" >/dev/null
    $SUDO chmod +x "$POLICY_RC"
    ours_policy_rc=1
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null || {
    if ((ours_policy_rc)); then $SUDO rm -f "$POLICY_RC"; fi
    exit 1
  }
  if ((ours_policy_rc)); then $SUDO rm -f "$POLICY_RC"; fi
fi

# ---- Python environment (PyPI) ----
VENV="$LSMSIM_ROOT/.venv"
if [[ ! -x "$VENV/bin/python" ]]; then
  echo "setup: creating $VENV"
  python3 -m venv "$VENV"
fi
PY="$VENV/bin/python"
REQS="$LSMSIM_ROOT/scripts/requirements-dev.txt"
STAMP="$VENV/.lsmsim-requirements"
if [[ ! -f "$STAMP" ]] || ! cmp -s "$REQS" "$STAMP"; then
  echo "setup: installing Python build and test tools"
  "$PY" -m pip install -q --upgrade pip
  "$PY" -m pip install -q -r "$REQS"
  cp "$REQS" "$STAMP"
fi

# ---- the lsmsim package: a regular install (rebuilt incrementally in build/python), so
# tests that put the dev build on PYTHONPATH are not shadowed by an editable import hook ----
if [[ -f "$LSMSIM_ROOT/pyproject.toml" ]]; then
  if ! "$PY" -c "import lsmsim._core" 2>/dev/null || [[ "${LSMSIM_REINSTALL:-1}" == 1 ]]; then
    "$PY" -m pip install -q --no-build-isolation "$LSMSIM_ROOT"
  fi
fi

export PATH="$VENV/bin:$PATH"
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
# Paths relative to the checkout, and the build directory left out of the hash (it only
# changes the debug info's compilation dir), so a fresh clone elsewhere reuses the cache.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$LSMSIM_ROOT}"
export CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-1}"
