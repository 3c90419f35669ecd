#!/usr/bin/env bash
# `npm test`: prepares the rig (Node 22, the Pulumi CLI, a local Keystone and Nova), type-checks
# everything, then runs the unit, lifecycle and end-to-end tests in one mocha run. The OpenStack
# is stopped afterwards unless it was already running (set OS_RIG_KEEP=1 to keep it anyway).
set -euo pipefail

source "$(dirname "$0")/setup.sh"

trap stop_rig_unless_kept EXIT

npx tsc -p tests/tsconfig.json --noEmit
npx mocha --reporter tests/support/reporter.js \
  'tests/unit/**/*.spec.ts' 'tests/integration/**/*.spec.ts' 'tests/e2e/**/*.spec.ts' "$@"
