#!/usr/bin/env bash
# Stop the OpenStack test rig's nova-api, Keystone and MariaDB, by the pids that up.sh stored in
# the state dir, and wait for each to exit. Succeeds when nothing runs. Data and configuration
# stay in the state dir, so the next up.sh starts without initializing again.
#
# Environment:
#   OS_RIG_DIR           state dir, as for up.sh
#   OS_RIG_STOP_TIMEOUT  seconds to wait after SIGTERM before SIGKILL (default 60)
set -euo pipefail

RIG_SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
source "$RIG_SCRIPT_DIR/lib.sh"

STOP_TIMEOUT=${OS_RIG_STOP_TIMEOUT:-60}

[[ -d $RIG_STATE_DIR ]] || exit 0

# Wait while up.sh may be starting processes for this state dir.
exec 9>>"$RIG_STATE_DIR/lock"
flock -w 900 9 || rig_die "timed out waiting for the lock $RIG_STATE_DIR/lock held by another up.sh or down.sh"

# Send SIGTERM to each named service, then wait for all of them. SIGTERM makes uwsgi (with
# die-on-term) stop its workers and exit, and makes mariadbd shut down cleanly. SIGKILL follows
# only for processes still alive after STOP_TIMEOUT seconds.
stop_services() {
  local name pid children entry stopping=()
  for name in "$@"; do
    if ! pid=$(rig_running_pid "$name"); then
      rm -f "$RIG_RUN_DIR/$name.pid"
      continue
    fi
    children=$(rig_child_pids "$pid")
    rig_log "stopping $name (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    stopping+=("$name $pid $children")
  done
  for entry in "${stopping[@]}"; do
    read -r name pid children <<<"$entry"
    # shellcheck disable=SC2086
    if ! rig_wait_for_exit "$STOP_TIMEOUT" "$pid" $children; then
      rig_log "$name pid $pid or its workers ($children) still run $STOP_TIMEOUT s after SIGTERM, sending SIGKILL"
      # shellcheck disable=SC2086
      kill -KILL "$pid" $children 2>/dev/null || true
      # shellcheck disable=SC2086
      rig_wait_for_exit 10 "$pid" $children || rig_die "$name pid $pid did not exit after SIGKILL"
    fi
    rm -f "$RIG_RUN_DIR/$name.pid"
  done
}

# The API services go first, so that they do not log lost database connections.
stop_services nova keystone
stop_services mysql
