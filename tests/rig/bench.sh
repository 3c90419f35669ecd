#!/usr/bin/env bash
# `npm run bench`: prepares the rig as `npm test` does, then runs the benchmarks under tests/bench.
# The OpenStack is stopped afterwards unless it was already running.
set -euo pipefail

source "$(dirname "$0")/setup.sh"

trap stop_rig_unless_kept EXIT

npx ts-node --project tests/tsconfig.json tests/bench/permission-check.ts
