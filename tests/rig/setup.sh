# Sourced by test.sh and demo.sh: makes Node 22, the Pulumi CLI and the local OpenStack ready and
# puts them on PATH. Each step is quick when its cache or service is already there.
#
# After sourcing: REPO_ROOT, OS_RIG_DIR (the OpenStack state dir), RIG_WAS_RUNNING (1 when the
# OpenStack answered before this run), and PATH with node 22 and pulumi first.

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$REPO_ROOT"

setup_log() { echo "setup: $*" >&2; }

node_bin=$(bash tests/rig/node/ensure.sh)
export PATH="$node_bin:$PATH"

# npm ci only when the installed tree is missing or older than the lock file.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  setup_log "installing npm dependencies"
  npm ci --no-audit --no-fund --loglevel=error >&2
fi
setup_log "compiling provider/ and sdk/ into bin/"
npx tsc -p tsconfig.json >&2

RIG_WAS_RUNNING=0
if curl -sf -m 2 "http://127.0.0.1:${OS_RIG_NOVA_PORT:-18774}/" >/dev/null 2>&1; then
  RIG_WAS_RUNNING=1
fi

# The OpenStack install mostly waits on downloads and the Pulumi build on the CPU, so they run
# side by side; a cold machine saves several minutes this way.
openstack_out=$(mktemp)
bash tests/rig/openstack/up.sh >"$openstack_out" &
openstack_pid=$!
if ! pulumi_bin=$(bash tests/rig/pulumi/ensure.sh); then
  wait "$openstack_pid" || true
  setup_log "building the Pulumi CLI failed (see above)"
  exit 1
fi
if ! wait "$openstack_pid"; then
  setup_log "starting the local OpenStack failed (see above)"
  exit 1
fi
OS_RIG_DIR=$(tail -n 1 "$openstack_out")
rm -f "$openstack_out"
export OS_RIG_DIR
export PATH="$pulumi_bin:$PATH"
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
setup_log "ready: node $(node --version), pulumi $(pulumi version), OpenStack state in $OS_RIG_DIR"

# Stops the OpenStack again unless it was running before this run or OS_RIG_KEEP=1; for an EXIT trap.
stop_rig_unless_kept() {
  if [[ $RIG_WAS_RUNNING == 0 && ${OS_RIG_KEEP:-0} != 1 ]]; then
    bash tests/rig/openstack/down.sh >&2 || true
  fi
}
