#!/usr/bin/env bash
# Start a local Keystone and Nova compute API from Debian 12's packages, on 127.0.0.1 only.
#
# Installs the missing packages (as root), initializes MariaDB, Keystone and Nova in the state
# dir on first use, starts whatever is not running and waits until both APIs respond. Progress
# goes to stderr, and the only line on stdout is the state dir, so that callers can run
# `dir=$(tests/rig/openstack/up.sh)`. The state dir then contains rig.json and env.sh.
#
# Environment:
#   OS_RIG_DIR               state dir (default ${XDG_CACHE_HOME:-$HOME/.cache}/os-keypairs-rig/openstack)
#   OS_RIG_KEYSTONE_PORT     Keystone port on 127.0.0.1 (default 35357)
#   OS_RIG_NOVA_PORT         Nova API port on 127.0.0.1 (default 18774)
#   OS_RIG_NOVA_WORKERS      nova-api worker processes (default 4)
#   OS_RIG_KEYSTONE_WORKERS  Keystone worker processes, with 4 threads each (default 2)
#   OS_RIG_KEYPAIR_QUOTA     key pairs allowed per user (default 10000; Nova's own default is 100)
#   OS_RIG_START_TIMEOUT     seconds to wait for each service to answer (default 180)
set -euo pipefail

RIG_SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
source "$RIG_SCRIPT_DIR/lib.sh"
# shellcheck source=configs.sh
source "$RIG_SCRIPT_DIR/configs.sh"

NOVA_WORKERS=${OS_RIG_NOVA_WORKERS:-4}
KEYSTONE_WORKERS=${OS_RIG_KEYSTONE_WORKERS:-2}
KEYPAIR_QUOTA=${OS_RIG_KEYPAIR_QUOTA:-10000}
START_TIMEOUT=${OS_RIG_START_TIMEOUT:-180}
for setting in NOVA_WORKERS KEYSTONE_WORKERS KEYPAIR_QUOTA START_TIMEOUT; do
  if ! [[ ${!setting} =~ ^[1-9][0-9]*$ ]]; then
    rig_die "invalid OS_RIG_$setting '${!setting}': expected a positive integer"
  fi
done

# Debian 12 packages. python3-keystoneclient is used by keystone_setup.py, openssl by Nova to
# generate x509 key pairs, and curl, jq and openssh-client by the health checks and smoke.sh.
PACKAGES=(
  python3-keystone python3-keystonemiddleware python3-keystoneclient python3-nova
  python3-pymysql mariadb-server mariadb-client uwsgi-core uwsgi-plugin-python3
  curl jq openssl openssh-client
)

KEYSTONE_DIR=$RIG_STATE_DIR/keystone
NOVA_DIR=$RIG_STATE_DIR/nova
MYSQL_DIR=$RIG_STATE_DIR/mysql
STAMP_DIR=$RIG_STATE_DIR/stamps
SECRETS_FILE=$RIG_STATE_DIR/secrets.env
# Password variables of the permission fixture's users (PERMISSION_USER_ROLES in
# keystone_setup.py, which derives each name from the user name).
PERMISSION_PASSWORD_VARIABLES=(
  RIG_KP_FULL_PASSWORD RIG_KP_READONLY_PASSWORD RIG_KP_NODELETE_PASSWORD RIG_KP_GROUP_PASSWORD
  RIG_KP_NOIAM_PASSWORD RIG_KP_CREATEONLY_PASSWORD
)
# Debian's own keystone and nova-api packages run these APIs under uwsgi (they ship
# keystone-uwsgi.ini and nova-api-uwsgi.ini), so uwsgi-core with uwsgi-plugin-python3 serves
# them here too. Its pre-forked workers serve concurrent requests, and need-app stops the server
# as soon as a worker fails to load the application, so up.sh reports start-up errors at once.
UWSGI=/usr/bin/uwsgi-core

# ---------------------------------------------------------------------------------------------
# Packages

missing_packages() {
  local package status
  for package in "${PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$package" 2>/dev/null || true)
    [[ $status == ii* ]] || printf '%s\n' "$package"
  done
}

# Print the pids of all MariaDB servers on the machine. It reads /proc because a bare Debian
# image has no procps (pgrep).
mariadb_server_pids() {
  local comm_file name
  for comm_file in /proc/[0-9]*/comm; do
    read -r name 2>/dev/null <"$comm_file" || continue
    if [[ $name == mariadbd || $name == mysqld ]]; then
      comm_file=${comm_file#/proc/}
      printf '%s\n' "${comm_file%/comm}"
    fi
  done
}

# Stop MariaDB servers that the package scripts started during the install, by pid. Servers that
# ran before the install and the rig's own server are left alone.
stop_package_started_mariadb() {
  local before=$1 pid own_pid
  own_pid=$(rig_running_pid mysql || true)
  for pid in $(mariadb_server_pids); do
    [[ " $before " == *" $pid "* || $pid == "$own_pid" ]] && continue
    rig_log "stopping MariaDB server pid $pid that the mariadb-server package started"
    kill -TERM "$pid" 2>/dev/null || true
    rig_wait_for_exit 30 "$pid" || kill -KILL "$pid" 2>/dev/null || true
  done
}

apt_install() {
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    -o DPkg::Lock::Timeout=600 "$@" >>"$RIG_LOG_DIR/apt.log" 2>&1
}

apt_update() {
  DEBIAN_FRONTEND=noninteractive apt-get update -q \
    -o DPkg::Lock::Timeout=600 >>"$RIG_LOG_DIR/apt.log" 2>&1
}

install_packages() {
  local missing created_policy_rc=0 servers_before candidate
  missing=$(missing_packages)
  [[ -z $missing ]] && return 0
  # shellcheck disable=SC2086
  set -- $missing
  if ((EUID != 0)); then
    rig_die "missing Debian packages: $*. Run up.sh once as root, or install them with apt-get."
  fi
  rig_log "installing Debian packages: $* (log: $RIG_LOG_DIR/apt.log)"

  # invoke-rc.d skips starting a service when policy-rc.d exits with 101, so the mariadb-server
  # postinst leaves the system-wide server stopped. An existing policy-rc.d is kept as it is.
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    created_policy_rc=1
  fi
  servers_before=$(mariadb_server_pids | tr '\n' ' ')

  candidate=$(apt-cache policy python3-nova 2>/dev/null | sed -n 's/^ *Candidate: //p')
  if [[ -z $candidate || $candidate == "(none)" ]]; then
    rig_log "package lists do not contain python3-nova, running apt-get update"
    apt_update || rig_log "apt-get update failed, trying the install anyway"
  fi
  local status=0
  if ! apt_install "$@"; then
    rig_log "apt-get install failed, retrying once after apt-get update"
    apt_update && apt_install "$@" || status=$?
  fi

  if ((created_policy_rc)); then
    rm -f /usr/sbin/policy-rc.d
    trap - EXIT
  fi
  stop_package_started_mariadb "$servers_before"
  if ((status != 0)); then
    rig_show_log_tail "$RIG_LOG_DIR/apt.log"
    rig_die "apt-get install failed for: $*"
  fi
}

# nova-common contains api-paste.ini, nova-api-wsgi and nova-manage. Its postinst creates a nova
# system user, writes /etc/nova/nova.conf and can configure databases and Keystone through
# debconf, so the package is unpacked into the state dir with dpkg -x and its scripts never run.
# python3-nova contains the code that these files load.
NOVA_VERSION=
NOVA_FILES=
unpack_nova_common() {
  NOVA_VERSION=$(dpkg-query -W -f='${Version}' python3-nova)
  # uwsgi expands % in its ini files, so the epoch colon becomes an underscore, not %3a.
  NOVA_FILES=$RIG_STATE_DIR/pkg/nova-common_${NOVA_VERSION//:/_}
  if [[ -f $NOVA_FILES/usr/bin/nova-api-wsgi && -f $NOVA_FILES/usr/bin/nova-manage &&
    -f $NOVA_FILES/usr/share/nova-common/api-paste.ini ]]; then
    return 0
  fi

  local download_dir
  download_dir=$(mktemp -d "$RIG_STATE_DIR/pkg/download.XXXXXX")
  rig_log "downloading nova-common $NOVA_VERSION to unpack api-paste.ini and nova-api-wsgi"
  if ! (cd "$download_dir" && apt-get download -q "nova-common=$NOVA_VERSION") >>"$RIG_LOG_DIR/apt.log" 2>&1; then
    # The mirror may have moved on to a newer stable update than the installed python3-nova.
    rig_log "nova-common $NOVA_VERSION is not available, using the candidate version instead"
    (cd "$download_dir" && apt-get download -q nova-common) >>"$RIG_LOG_DIR/apt.log" 2>&1 || {
      rig_show_log_tail "$RIG_LOG_DIR/apt.log"
      rig_die "apt-get download nova-common failed"
    }
  fi
  rm -rf "$NOVA_FILES.tmp"
  dpkg -x "$download_dir"/nova-common_*.deb "$NOVA_FILES.tmp"
  rm -rf "$download_dir" "$NOVA_FILES"
  mv "$NOVA_FILES.tmp" "$NOVA_FILES"
}

# ---------------------------------------------------------------------------------------------
# Secrets

random_secret() {
  # 18 random bytes give 24 base64 characters without padding. Replacing + and / keeps the
  # secret safe inside URLs, ini files and shell words.
  head -c 18 /dev/urandom | base64 | tr '+/' 'xy'
}

load_or_create_secrets() {
  local name
  touch "$SECRETS_FILE"
  chmod 600 "$SECRETS_FILE"
  # shellcheck source=/dev/null
  source "$SECRETS_FILE"
  for name in RIG_ADMIN_PASSWORD RIG_DEMO_PASSWORD RIG_DEMO2_PASSWORD RIG_NOVA_SERVICE_PASSWORD \
    RIG_MYSQL_KEYSTONE_PASSWORD RIG_MYSQL_NOVA_PASSWORD "${PERMISSION_PASSWORD_VARIABLES[@]}"; do
    if [[ -z ${!name:-} ]]; then
      printf -v "$name" '%s' "$(random_secret)"
      printf '%s=%s\n' "$name" "${!name}" >>"$SECRETS_FILE"
    fi
  done
}

# ---------------------------------------------------------------------------------------------
# Starting and checking processes

# Run a setup command with its output appended to a log file, and exit with the log's tail
# when it fails. The log names the step, not the command line, which can contain passwords.
run_logged() {
  local log_file=$1 description=$2
  shift 2
  printf '\n== %s: %s\n' "$(date '+%F %T')" "$description" >>"$log_file"
  if ! "$@" >>"$log_file" 2>&1; then
    rig_show_log_tail "$log_file"
    rig_die "$description failed (log: $log_file)"
  fi
}

# Start a long-running command in its own session, detached from the terminal, and store its
# pid. setsid execs the command in place here, because a background job of a non-interactive
# shell does not lead a process group, so $! is the server's own pid. The server must not
# inherit file descriptor 9, which holds the state dir's lock.
start_process() {
  local name=$1 log_file=$2
  shift 2
  printf '\n== %s: starting %s\n' "$(date '+%F %T')" "$name" >>"$log_file"
  setsid "$@" </dev/null >>"$log_file" 2>&1 9>&- &
  printf '%s\n' "$!" >"$RIG_RUN_DIR/$name.pid"
}

config_hash() {
  cat -- "$@" | sha256sum | cut -d' ' -f1
}

# Stop a rig process started by an earlier run, for a restart after a configuration change.
# The uwsgi workers are waited for too, because they share the listening socket.
stop_process() {
  local name=$1 pid children
  pid=$(rig_running_pid "$name") || return 0
  children=$(rig_child_pids "$pid")
  kill -TERM "$pid" 2>/dev/null || true
  # shellcheck disable=SC2086
  if ! rig_wait_for_exit 30 "$pid" $children; then
    rig_log "$name pid $pid did not exit 30 s after SIGTERM, sending SIGKILL"
    # shellcheck disable=SC2086
    kill -KILL "$pid" $children 2>/dev/null || true
    # shellcheck disable=SC2086
    rig_wait_for_exit 5 "$pid" $children || rig_die "$name pid $pid did not exit after SIGKILL"
  fi
  rm -f "$RIG_RUN_DIR/$name.pid"
}

# Wait until an HTTP URL returns a status below 400, while the process is alive.
wait_for_http() {
  local name=$1 url=$2 log_file=$3 pid deadline status
  deadline=$((SECONDS + START_TIMEOUT))
  while :; do
    status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 --noproxy '*' "$url" || true)
    if [[ $status =~ ^[23][0-9][0-9]$ ]]; then
      return 0
    fi
    if ! pid=$(rig_running_pid "$name"); then
      rig_show_log_tail "$log_file"
      rig_die "$name exited during start-up (log: $log_file)"
    fi
    if ((SECONDS >= deadline)); then
      rig_show_log_tail "$log_file"
      rig_die "$name pid $pid did not answer GET $url within $START_TIMEOUT s (last HTTP status: $status)"
    fi
    sleep 0.2
  done
}

# Wait until all uwsgi workers have loaded the application. The first worker answers the health
# check while the others may still import it, and until then requests queue on fewer workers.
wait_for_workers() {
  local name=$1 log_file=$2 log_offset=$3 workers=$4 deadline ready
  deadline=$((SECONDS + START_TIMEOUT))
  while :; do
    ready=$(tail -c "+$((log_offset + 1))" -- "$log_file" | grep -c "WSGI app 0 (mountpoint='') ready" || true)
    ((ready >= workers)) && return 0
    if ((SECONDS >= deadline)); then
      rig_log "warning: only $ready of $workers $name workers loaded the application within $START_TIMEOUT s"
      return 0
    fi
    sleep 0.2
  done
}

port_in_use() {
  (exec 3<>"/dev/tcp/$RIG_HOST/$1") 2>/dev/null
}

# Start a uwsgi service unless it already runs with the current configuration files. Records in
# STARTED_LOG_OFFSET where this start's output begins in the log, for wait_for_uwsgi_service.
#   start_uwsgi_service NAME PORT CONFIG_FILE...
declare -A STARTED_LOG_OFFSET=()
start_uwsgi_service() {
  local name=$1 port=$2
  shift 2
  local log_file=$RIG_LOG_DIR/$name.log hash_file=$RIG_RUN_DIR/$name.config-hash hash
  hash=$(config_hash "$@")
  if rig_running_pid "$name" >/dev/null; then
    [[ -f $hash_file && $(<"$hash_file") == "$hash" ]] && return 0
    rig_log "restarting $name because its configuration changed"
    stop_process "$name"
  fi
  if port_in_use "$port"; then
    rig_die "cannot start $name: another process listens on $RIG_HOST:$port (pick another port with the OS_RIG_*_PORT variables)"
  fi
  rig_log "starting $name on $RIG_HOST:$port (log: $log_file)"
  STARTED_LOG_OFFSET[$name]=$(stat -c %s -- "$log_file" 2>/dev/null || echo 0)
  start_process "$name" "$log_file" "$UWSGI" --ini "$RIG_STATE_DIR/$name/uwsgi.ini"
  printf '%s\n' "$hash" >"$hash_file"
}

# Wait until the service answers and, when this run started it, until all workers are ready.
#   wait_for_uwsgi_service NAME URL WORKERS
wait_for_uwsgi_service() {
  local name=$1 url=$2 workers=$3 log_file=$RIG_LOG_DIR/$1.log
  wait_for_http "$name" "$url" "$log_file"
  if [[ -n ${STARTED_LOG_OFFSET[$name]:-} ]]; then
    wait_for_workers "$name" "$log_file" "${STARTED_LOG_OFFSET[$name]}" "$workers"
  fi
}

# mariadb-install-db --auth-root-socket-user creates an account named after the OS user, which
# authenticates through the unix socket (for root it is root@localhost itself).
mysql_client() {
  mariadb --no-defaults --socket="$RIG_MYSQL_SOCKET" --user="$(id -un)" "$@"
}

# ---------------------------------------------------------------------------------------------
# MariaDB

start_mysql() {
  local log_file=$RIG_LOG_DIR/mysqld.log pid tick
  if [[ ! -d $MYSQL_DIR/data/mysql ]]; then
    rig_log "initializing MariaDB data dir $MYSQL_DIR/data"
    rm -rf "$MYSQL_DIR/data"
    run_logged "$RIG_LOG_DIR/mysql-install-db.log" "mariadb-install-db" \
      mariadb-install-db --defaults-file="$MYSQL_DIR/my.cnf" --skip-test-db \
      --auth-root-authentication-method=socket --auth-root-socket-user="$(id -un)"
  fi

  local hash hash_file=$RIG_RUN_DIR/mysql.config-hash
  hash=$(config_hash "$MYSQL_DIR/my.cnf")
  if rig_running_pid mysql >/dev/null && [[ -f $hash_file && $(<"$hash_file") != "$hash" ]]; then
    rig_log "restarting MariaDB because its configuration changed"
    stop_process nova
    stop_process keystone
    stop_process mysql
  fi
  if ! rig_running_pid mysql >/dev/null; then
    rig_log "starting MariaDB on $RIG_MYSQL_SOCKET (log: $log_file)"
    start_process mysql "$log_file" /usr/sbin/mariadbd --defaults-file="$MYSQL_DIR/my.cnf"
    printf '%s\n' "$hash" >"$hash_file"
  fi

  local client_error
  for ((tick = 0; tick < START_TIMEOUT * 5; tick++)); do
    if client_error=$(mysql_client --batch --skip-column-names -e 'SELECT 1' 2>&1 >/dev/null); then
      return 0
    fi
    if [[ $client_error == *"Access denied"* ]]; then
      rig_die "MariaDB rejected the OS user $(id -un) on $RIG_MYSQL_SOCKET: $client_error. The data dir was initialized by another user; run up.sh as that user or remove $MYSQL_DIR/data."
    fi
    if ! pid=$(rig_running_pid mysql); then
      rig_show_log_tail "$log_file"
      rig_die "MariaDB exited during start-up (log: $log_file)"
    fi
    sleep 0.2
  done
  rig_show_log_tail "$log_file"
  rig_die "MariaDB pid $pid did not accept connections on $RIG_MYSQL_SOCKET within $START_TIMEOUT s"
}

# Create the databases and accounts, or reset the account passwords to the stored secrets.
ensure_databases() {
  local sql
  sql=$(
    cat <<EOF
CREATE DATABASE IF NOT EXISTS keystone;
CREATE DATABASE IF NOT EXISTS nova_api;
CREATE DATABASE IF NOT EXISTS nova;
CREATE DATABASE IF NOT EXISTS nova_cell0;
CREATE USER IF NOT EXISTS 'keystone'@'localhost';
ALTER USER 'keystone'@'localhost' IDENTIFIED BY '$RIG_MYSQL_KEYSTONE_PASSWORD';
GRANT ALL PRIVILEGES ON keystone.* TO 'keystone'@'localhost';
CREATE USER IF NOT EXISTS 'nova'@'localhost';
ALTER USER 'nova'@'localhost' IDENTIFIED BY '$RIG_MYSQL_NOVA_PASSWORD';
GRANT ALL PRIVILEGES ON nova_api.* TO 'nova'@'localhost';
GRANT ALL PRIVILEGES ON nova.* TO 'nova'@'localhost';
GRANT ALL PRIVILEGES ON nova_cell0.* TO 'nova'@'localhost';
EOF
  )
  # The statements go through stdin, so the passwords do not show in the process list.
  if ! mysql_client --batch <<<"$sql" 2>>"$RIG_LOG_DIR/mysqld.log"; then
    rig_show_log_tail "$RIG_LOG_DIR/mysqld.log"
    rig_die "creating the MariaDB databases and accounts failed"
  fi
}

# ---------------------------------------------------------------------------------------------
# Keystone and Nova set-up

keystone_manage() {
  "$RIG_PYTHON" /usr/bin/keystone-manage --config-file "$KEYSTONE_DIR/keystone.conf" "$@"
}

nova_manage() {
  "$RIG_PYTHON" "$NOVA_FILES/usr/bin/nova-manage" --config-file "$NOVA_DIR/nova.conf" "$@"
}

# A stamp file contains the package version that last initialized a component, so that a
# package upgrade reruns the schema migrations.
stamp_matches() {
  [[ -f $STAMP_DIR/$1 && $(<"$STAMP_DIR/$1") == "$2" ]]
}

init_keystone() {
  local version log_file=$RIG_LOG_DIR/keystone-manage.log
  version=$(dpkg-query -W -f='${Version}' python3-keystone)
  stamp_matches keystone "$version" && return 0
  rig_log "initializing Keystone $version (log: $log_file)"
  if [[ ! -f $KEYSTONE_DIR/fernet-keys/0 ]]; then
    run_logged "$log_file" "keystone-manage fernet_setup" keystone_manage fernet_setup \
      --keystone-user "$(id -un)" --keystone-group "$(id -gn)"
  fi
  if [[ ! -f $KEYSTONE_DIR/credential-keys/0 ]]; then
    run_logged "$log_file" "keystone-manage credential_setup" keystone_manage credential_setup \
      --keystone-user "$(id -un)" --keystone-group "$(id -gn)"
  fi
  run_logged "$log_file" "keystone-manage db_sync" keystone_manage db_sync
  # bootstrap creates the Default domain, the admin, member and reader roles, the admin user and
  # project, RegionOne and the identity endpoint. keystone_setup.py creates everything else.
  # The password goes through the environment, so it does not show in the process list.
  OS_BOOTSTRAP_PASSWORD=$RIG_ADMIN_PASSWORD run_logged "$log_file" "keystone-manage bootstrap" \
    keystone_manage bootstrap --bootstrap-username admin \
    --bootstrap-project-name admin --bootstrap-role-name admin \
    --bootstrap-service-name keystone --bootstrap-region-id "$RIG_REGION" \
    --bootstrap-public-url "$RIG_AUTH_URL"
  printf '%s\n' "$version" >"$STAMP_DIR/keystone"
}

# Run keystone_setup.py when rig.json is missing or one of its inputs changed since the last run.
ensure_keystone_objects() {
  local inputs
  inputs=$(
    sha256sum "$RIG_SCRIPT_DIR/keystone_setup.py" "$SECRETS_FILE" | cut -d' ' -f1
    printf '%s\n' "$RIG_AUTH_URL" "$RIG_NOVA_URL" "$RIG_REGION" "$(<"$STAMP_DIR/keystone")"
  )
  inputs=$(printf '%s' "$inputs" | sha256sum | cut -d' ' -f1)
  if [[ -f $RIG_STATE_DIR/rig.json ]] && stamp_matches keystone-objects "$inputs"; then
    return 0
  fi
  rig_log "creating Keystone projects, users, the permission fixture and catalog entries"
  local log_file=$RIG_LOG_DIR/keystone-setup.log
  printf '\n== %s: keystone_setup.py\n' "$(date '+%F %T')" >>"$log_file"
  # The subshell exports the fixture passwords to keystone_setup.py alone. Like the assignments
  # before the command, environment variables do not show in the process list.
  if ! (
    export "${PERMISSION_PASSWORD_VARIABLES[@]}"
    RIG_AUTH_URL=$RIG_AUTH_URL RIG_NOVA_URL=$RIG_NOVA_URL RIG_REGION=$RIG_REGION \
      RIG_JSON_PATH=$RIG_STATE_DIR/rig.json \
      RIG_ADMIN_PASSWORD=$RIG_ADMIN_PASSWORD RIG_DEMO_PASSWORD=$RIG_DEMO_PASSWORD \
      RIG_DEMO2_PASSWORD=$RIG_DEMO2_PASSWORD RIG_NOVA_SERVICE_PASSWORD=$RIG_NOVA_SERVICE_PASSWORD \
      "$RIG_PYTHON" "$RIG_SCRIPT_DIR/keystone_setup.py"
  ) >>"$log_file" 2>&1; then
    rig_show_log_tail "$log_file"
    rig_show_log_tail "$RIG_LOG_DIR/keystone.log" 20
    rig_die "keystone_setup.py failed (log: $log_file)"
  fi
  printf '%s\n' "$inputs" >"$STAMP_DIR/keystone-objects"
}

init_nova() {
  local log_file=$RIG_LOG_DIR/nova-manage.log
  stamp_matches nova "$NOVA_VERSION" && return 0
  rig_log "initializing the Nova databases for Nova $NOVA_VERSION (log: $log_file)"
  # Key pairs live in the API database. nova-api also needs the main (cell) database at start-up,
  # where it registers its service record, and `db sync` migrates cell0 once it is mapped.
  run_logged "$log_file" "nova-manage api_db sync" nova_manage api_db sync
  # map_cell0 derives the cell0 database (nova_cell0) from [database]/connection, and does
  # nothing when cell0 is mapped already.
  run_logged "$log_file" "nova-manage cell_v2 map_cell0" nova_manage cell_v2 map_cell0
  run_logged "$log_file" "nova-manage db sync" nova_manage db sync
  printf '%s\n' "$NOVA_VERSION" >"$STAMP_DIR/nova"
}

write_env_file() {
  local demo_password=$RIG_DEMO_PASSWORD
  {
    printf '# Credentials of the demo user of the OpenStack test rig, for `source`.\n'
    printf 'export OS_AUTH_URL=%q\n' "$RIG_AUTH_URL"
    printf 'export OS_IDENTITY_API_VERSION=3\n'
    printf 'export OS_USERNAME=demo\n'
    printf 'export OS_PASSWORD=%q\n' "$demo_password"
    printf 'export OS_PROJECT_NAME=demo\n'
    printf 'export OS_USER_DOMAIN_NAME=Default\n'
    printf 'export OS_PROJECT_DOMAIN_NAME=Default\n'
    printf 'export OS_REGION_NAME=%q\n' "$RIG_REGION"
  } | write_if_changed "$RIG_STATE_DIR/env.sh"
}

# ---------------------------------------------------------------------------------------------

main() {
  umask 077
  mkdir -p "$RIG_STATE_DIR"
  cd "$RIG_STATE_DIR"
  mkdir -p "$RIG_RUN_DIR" "$RIG_LOG_DIR" "$STAMP_DIR" "$RIG_STATE_DIR/pkg" \
    "$KEYSTONE_DIR" "$NOVA_DIR/state" "$NOVA_DIR/lock" "$MYSQL_DIR"
  # A unix socket path is limited to 107 bytes on Linux.
  if ((${#RIG_MYSQL_SOCKET} > 107)); then
    rig_die "state dir path is too long for the MariaDB socket $RIG_MYSQL_SOCKET; set OS_RIG_DIR to a shorter path"
  fi

  # Concurrent runs of up.sh or down.sh for the same state dir wait for each other.
  exec 9>"$RIG_STATE_DIR/lock"
  flock -w 900 9 || rig_die "timed out waiting for the lock $RIG_STATE_DIR/lock held by another up.sh or down.sh"

  install_packages
  unpack_nova_common
  load_or_create_secrets
  write_mysql_config
  write_keystone_config
  write_nova_config

  start_mysql
  ensure_databases
  init_keystone
  start_uwsgi_service keystone "$RIG_KEYSTONE_PORT" "$KEYSTONE_DIR/uwsgi.ini" "$KEYSTONE_DIR/keystone.conf"
  # nova-api needs Keystone only when the first request arrives, so its workers load the
  # application while Keystone starts and keystone_setup.py runs.
  init_nova
  start_uwsgi_service nova "$RIG_NOVA_PORT" "$NOVA_DIR/uwsgi.ini" "$NOVA_DIR/nova.conf" \
    "$NOVA_DIR/api-paste.ini"
  wait_for_uwsgi_service keystone "$RIG_AUTH_URL" "$KEYSTONE_WORKERS"
  ensure_keystone_objects
  wait_for_uwsgi_service nova "$RIG_NOVA_URL/" "$NOVA_WORKERS"
  write_env_file

  rig_log "Keystone $RIG_AUTH_URL and Nova $RIG_NOVA_URL are up"
  printf '%s\n' "$RIG_STATE_DIR"
}

main "$@"
