#!/usr/bin/env bash
# Sets everything up, then runs the flagship scenarios and prints their reports.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
exec lsmsim run "$LSMSIM_ROOT"/scenarios/flagship/*.yaml "$@"
