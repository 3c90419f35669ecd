#!/usr/bin/env bash
# `npm run bench`: prepares the rig as `npm test` does, then runs the benchmarks under tests/bench.
# The OpenStack is stopped afterwards unless it was already running.
set -euo pipefail

source "$(dirname "$0")/setup.sh"

stop_rig() {
  if [[ $RIG_WAS_RUNNING == 0 && ${OS_RIG_KEEP:-0} != 1 ]]; then
    bash tests/rig/openstack/down.sh >&2 || true
  fi
}
trap stop_rig EXIT

npx ts-node --project tests/tsconfig.json tests/bench/permission-check.ts
