# Settings and helpers shared by up.sh, down.sh and smoke.sh. Source this file, don't run it.
# shellcheck shell=bash

if [[ -z ${OS_RIG_DIR:-} && -z ${XDG_CACHE_HOME:-} && -z ${HOME:-} ]]; then
  printf 'openstack-rig: error: HOME is not set: set OS_RIG_DIR to choose the state dir\n' >&2
  exit 1
fi
RIG_STATE_DIR=${OS_RIG_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/os-keypairs-rig/openstack}
RIG_HOST=127.0.0.1
RIG_KEYSTONE_PORT=${OS_RIG_KEYSTONE_PORT:-35357}
RIG_NOVA_PORT=${OS_RIG_NOVA_PORT:-18774}
RIG_REGION=RegionOne

RIG_RUN_DIR=$RIG_STATE_DIR/run
RIG_LOG_DIR=$RIG_STATE_DIR/log
RIG_MYSQL_SOCKET=$RIG_RUN_DIR/mysqld.sock

# Debian's interpreter, because the python3 first on PATH can be another install (pyenv) that
# lacks the OpenStack modules. The PYTHON* variables of such an install must not leak into it.
RIG_PYTHON=/usr/bin/python3
unset PYTHONHOME PYTHONPATH PYTHONSTARTUP

rig_log() {
  printf 'openstack-rig: %s\n' "$*" >&2
}

rig_die() {
  printf 'openstack-rig: error: %s\n' "$*" >&2
  exit 1
}

rig_validate_port() {
  local name=$1 value=$2
  if ! [[ $value =~ ^[0-9]+$ ]] || ((value < 1 || value > 65535)); then
    rig_die "invalid $name '$value': expected a TCP port number from 1 to 65535"
  fi
}

rig_validate_port OS_RIG_KEYSTONE_PORT "$RIG_KEYSTONE_PORT"
rig_validate_port OS_RIG_NOVA_PORT "$RIG_NOVA_PORT"

RIG_KEYSTONE_URL=http://$RIG_HOST:$RIG_KEYSTONE_PORT
RIG_AUTH_URL=$RIG_KEYSTONE_URL/v3
RIG_NOVA_URL=http://$RIG_HOST:$RIG_NOVA_PORT

# Print the pid stored in $RIG_RUN_DIR/NAME.pid when that process is alive and belongs to this
# rig. A pid number can be reused by an unrelated process after the rig's process exited, so the
# process must also have this state dir in its command line, as every process up.sh starts does.
rig_running_pid() {
  local pid_file=$RIG_RUN_DIR/$1.pid pid cmdline
  [[ -s $pid_file ]] || return 1
  read -r pid <"$pid_file" || return 1
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  cmdline=$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline") || return 1
  [[ $cmdline == *"$RIG_STATE_DIR/"* ]] || return 1
  printf '%s\n' "$pid"
}

# Wait until none of the pids is alive. Returns 1 if some still run after the given seconds.
#   rig_wait_for_exit SECONDS PID...
rig_wait_for_exit() {
  local seconds=$1 tick pid alive
  shift
  for ((tick = 0; tick < seconds * 10; tick++)); do
    alive=0
    for pid in "$@"; do
      kill -0 "$pid" 2>/dev/null && alive=1
    done
    ((alive)) || return 0
    sleep 0.1
  done
  return 1
}

# Print the pids of a process's children (the uwsgi workers) on one line.
rig_child_pids() {
  cat "/proc/$1/task/"*/children 2>/dev/null | tr '\n' ' ' || true
}

# Print the last lines of a log file to stderr, for error messages.
rig_show_log_tail() {
  local file=$1 lines=${2:-40}
  if [[ -s $file ]]; then
    printf 'openstack-rig: last %s lines of %s:\n' "$lines" "$file" >&2
    tail -n "$lines" -- "$file" | sed 's/^/    /' >&2
  else
    printf 'openstack-rig: log file %s is empty or missing\n' "$file" >&2
  fi
}
