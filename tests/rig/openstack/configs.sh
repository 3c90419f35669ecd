# Functions that write the configuration files of the OpenStack test rig, sourced by up.sh.
# They read up.sh's settings and secrets when called.
# shellcheck shell=bash

# Write stdin to a file, but replace the file only when the content differs, so that the mtime
# of an unchanged file stays as it was. A replacement always gets a later mtime than the file
# it replaces, because oslo.policy reloads a policy file only when its mtime grows, and a test
# may have set the old file's mtime into the future.
write_if_changed() {
  local target=$1 temporary old_mtime
  temporary=$(mktemp "$target.XXXXXX")
  cat >"$temporary"
  if [[ -f $target ]] && cmp -s "$temporary" "$target"; then
    rm -f "$temporary"
  else
    chmod 600 "$temporary"
    if [[ -f $target ]]; then
      old_mtime=$(stat -c %Y -- "$target")
      if ((old_mtime >= $(stat -c %Y -- "$temporary"))); then
        touch -d "@$((old_mtime + 1))" -- "$temporary"
      fi
    fi
    mv -f "$temporary" "$target"
  fi
}

mysql_url() {
  local user=$1 password=$2 database=$3
  printf 'mysql+pymysql://%s:%s@localhost/%s?unix_socket=%s&charset=utf8mb4' \
    "$user" "$password" "$database" "$RIG_MYSQL_SOCKET"
}

write_mysql_config() {
  local run_as=
  # mariadbd refuses to run as root unless the user option names root.
  ((EUID == 0)) && run_as="user = root"
  write_if_changed "$MYSQL_DIR/my.cnf" <<EOF
# MariaDB server of the OpenStack test rig, reachable only through the unix socket.
[mysqld]
$run_as
datadir = $MYSQL_DIR/data
socket = $RIG_MYSQL_SOCKET
pid-file = $RIG_RUN_DIR/mariadbd.pid
log-error = $RIG_LOG_DIR/mysqld.log
skip-networking
skip-name-resolve
character-set-server = utf8mb4
collation-server = utf8mb4_general_ci
# Every nova-api worker opens pools for the nova_api and nova databases (oslo.db default pool
# size 5 with up to 50 overflow connections each), so the default limit of 151 can run out.
max_connections = 1000
innodb_buffer_pool_size = 256M
# Write the InnoDB log at each commit but flush it to disk about once a second, so bulk inserts
# of key pairs run faster. An OS crash may lose the last second of test data.
innodb_flush_log_at_trx_commit = 2
EOF
}

write_keystone_config() {
  write_if_changed "$KEYSTONE_DIR/keystone.conf" <<EOF
# Keystone of the OpenStack test rig. Options not set here keep the Keystone 22 defaults.
[DEFAULT]
# With no log_file, oslo.log writes to stdout, which uwsgi appends to log/keystone.log.
debug = false

[database]
connection = $(mysql_url keystone "$RIG_MYSQL_KEYSTONE_PASSWORD" keystone)

[token]
provider = fernet

[fernet_tokens]
key_repository = $KEYSTONE_DIR/fernet-keys

[fernet_receipts]
key_repository = $KEYSTONE_DIR/fernet-keys

[credential]
key_repository = $KEYSTONE_DIR/credential-keys

[identity]
# bcrypt's minimum cost keeps password authentication at about a millisecond. The default of
# 12 rounds took 0.18 s of CPU per hash on a 2-core test VM, and each token request hashes once.
password_hash_rounds = 4

[oslo_messaging_notifications]
driver = noop
transport_url = fake://

[oslo_policy]
policy_file = $KEYSTONE_DIR/policy.yaml
EOF
  write_keystone_policy
  write_if_changed "$KEYSTONE_DIR/uwsgi.ini" <<EOF
# uwsgi (Debian's uwsgi-core with the python3 plugin) runs Keystone as pre-forked workers with
# threads, so concurrent token requests do not queue behind each other.
[uwsgi]
plugins = python3
master = true
http-socket = $RIG_HOST:$RIG_KEYSTONE_PORT
# Each worker closes the connection after the response, and with this header keep-alive
# clients (such as Node's http agent) do not try to reuse it.
add-header = Connection: close
wsgi-file = /usr/bin/keystone-wsgi-public
env = OS_KEYSTONE_CONFIG_FILES=$KEYSTONE_DIR/keystone.conf
chdir = $KEYSTONE_DIR
processes = $KEYSTONE_WORKERS
threads = 4
enable-threads = true
# Each worker imports the application itself, so no database connection is shared across fork.
lazy-apps = true
need-app = true
die-on-term = true
no-orphans = true
worker-reload-mercy = 10
# Workers exit without Py_Finalize, which segfaults in greenlet's thread-state cleanup
# (python3-greenlet 2.0 with Python 3.11) once eventlet is imported.
skip-atexit-teardown = true
buffer-size = 65535
listen = 128
EOF
}

# Rules that let a token with the iam_reader role (keystone_setup.py's permission fixture) read
# role grants and roles, the way Huawei Cloud IAM lets a holder of IAM ReadOnlyAccess read them.
# identity:list_grants protects the grant lists of a project and the OS-INHERIT
# inherited_to_projects lists, and identity:check_grant the GET and HEAD of one grant on the
# same paths. Without iam_reader, a user still reads its own token (identity:validate_token)
# and its own groups (identity:list_groups_for_user).
#
# Each rule is the Keystone 22 default (keystone/common/policies/grant.py and role.py) plus
# role:iam_reader. The grant rules leave out the default's clauses for readers with a
# domain-scoped token, which no rig user can get, because none has a role on a domain itself
# (kp-operators' roles there are inherited to projects only). Keystone's enforce_scope is off
# (the oslo.policy 4.0 default), so project-scoped tokens pass these rules.
write_keystone_policy() {
  write_if_changed "$KEYSTONE_DIR/policy.yaml" <<'EOF'
# Keystone rules of the OpenStack test rig: the defaults, plus role:iam_reader for reading
# role grants and roles.
"identity:list_grants": "rule:admin_required or (role:reader and system_scope:all) or role:iam_reader"
"identity:check_grant": "rule:admin_required or (role:reader and system_scope:all) or role:iam_reader"
"identity:get_role": "rule:admin_required or (role:reader and system_scope:all) or role:iam_reader"
"identity:list_roles": "rule:admin_required or (role:reader and system_scope:all) or role:iam_reader"
EOF
}

write_nova_config() {
  write_if_changed "$NOVA_DIR/nova.conf" <<EOF
# nova-api of the OpenStack test rig. Options not set here keep the Nova 26 defaults.
[DEFAULT]
debug = false
# oslo.log's default levels, plus oslo_messaging.rpc.client=ERROR, because Nova 26 builds RPC
# clients in a way that oslo.messaging 14 warns about, hundreds of times per worker start.
default_log_levels = amqp=WARN,amqplib=WARN,boto=WARN,qpid=WARN,sqlalchemy=WARN,suds=INFO,oslo.messaging=INFO,oslo_messaging=INFO,oslo_messaging.rpc.client=ERROR,iso8601=WARN,requests.packages.urllib3.connectionpool=WARN,urllib3.connectionpool=WARN,websocket=WARN,requests.packages.urllib3.util.retry=WARN,urllib3.util.retry=WARN,keystonemiddleware=WARN,routes.middleware=WARN,stevedore=WARN,taskflow=WARN,keystoneauth=WARN,oslo.cache=INFO,oslo_policy=INFO,dogpile.core.dogpile=INFO
# Fixed values, so that Nova never derives them from the hostname or the default route.
host = os-keypairs-rig
my_ip = $RIG_HOST
state_path = $NOVA_DIR/state
# The fake driver of oslo.messaging keeps messages in memory, so nothing connects to a broker.
transport_url = fake://

[api_database]
connection = $(mysql_url nova "$RIG_MYSQL_NOVA_PASSWORD" nova_api)

[database]
connection = $(mysql_url nova "$RIG_MYSQL_NOVA_PASSWORD" nova)

[keystone_authtoken]
www_authenticate_uri = $RIG_AUTH_URL
auth_url = $RIG_AUTH_URL
auth_type = password
username = nova
password = $RIG_NOVA_SERVICE_PASSWORD
project_name = service
user_domain_name = Default
project_domain_name = Default
region_name = $RIG_REGION
# The catalog has only a public identity endpoint (keystonemiddleware's default is internal).
interface = public
service_token_roles_required = true

[oslo_policy]
policy_file = $NOVA_DIR/policy.yaml
# Enforce the new role-based defaults and token scope. oslo.policy 4.0, which Nova 26 uses,
# defaults both to false, and oslo.policy 4.4 (OpenStack 2024.2) and later default them to true.
enforce_new_defaults = true
enforce_scope = true

[oslo_concurrency]
lock_path = $NOVA_DIR/lock

[oslo_messaging_notifications]
driver = noop

[quota]
key_pairs = $KEYPAIR_QUOTA

[wsgi]
api_paste_config = $NOVA_DIR/api-paste.ini
EOF
  # Debian's api-paste.ini, with the healthcheck middleware's disable file moved into the rig.
  sed "s|^disable_by_file_path = .*|disable_by_file_path = $NOVA_DIR/healthcheck_disable|" \
    "$NOVA_FILES/usr/share/nova-common/api-paste.ini" | write_if_changed "$NOVA_DIR/api-paste.ini"
  write_nova_policy
  write_if_changed "$NOVA_DIR/uwsgi.ini" <<EOF
# uwsgi (Debian's uwsgi-core with the python3 plugin) runs nova-api as pre-forked worker
# processes with one thread each, because Nova monkey-patches the standard library with
# eventlet, which does not mix with uwsgi's native threads.
[uwsgi]
plugins = python3
master = true
http-socket = $RIG_HOST:$RIG_NOVA_PORT
# Each worker closes the connection after the response, and with this header keep-alive
# clients (such as Node's http agent) do not try to reuse it.
add-header = Connection: close
wsgi-file = $NOVA_FILES/usr/bin/nova-api-wsgi
# nova.api.openstack.requestlog logs each request already.
disable-logging = true
env = OS_NOVA_CONFIG_DIR=$NOVA_DIR
chdir = $NOVA_DIR
processes = $NOVA_WORKERS
threads = 1
enable-threads = true
# Each worker imports the application itself, so no database connection or eventlet hub is
# shared across fork.
lazy-apps = true
need-app = true
die-on-term = true
no-orphans = true
worker-reload-mercy = 10
# Workers exit without Py_Finalize, which segfaults in greenlet's thread-state cleanup
# (python3-greenlet 2.0 with Python 3.11) once eventlet is imported.
skip-atexit-teardown = true
buffer-size = 65535
listen = 128
EOF
}

# The os-keypairs rules: Nova 26's defaults (nova/policies/keypairs.py) for admin and for
# owners without a role of the permission fixture (keystone_setup.py), and for owners with such
# roles what their Huawei Cloud IAM policy documents allow. ecs:*:* (kp_fullaccess) allows all
# four actions. ecs:*:get* and ecs:*:list* (kp_readonly), and *:*:get* and *:*:list* (readonly,
# "Tenant Guest"), allow show and index. An explicit Deny of ecs:serverKeypairs:delete
# (kp_deny_delete) overrides any Allow of delete. kp_create_only allows create alone, and
# iam_reader allows only iam: actions. up.sh
# rewrites the file only when its content differs, so each run restores these rules after a
# test that edited them.
#
# oslo.policy 4.0 stats the file on every policy check and reloads it when its mtime is newer
# than at the last load, in each worker process separately. A test that edits the file should
# write a temporary file and rename it over policy.yaml, so that no worker reads a half-written
# file. The file system clock ticks every few milliseconds, so two writes in quick succession
# can get the same mtime and the second goes unnoticed: set an mtime later than the previous one
# (for example `touch -d @SECONDS policy.yaml`) when edits come that fast.
write_nova_policy() {
  write_if_changed "$NOVA_DIR/policy.yaml" <<'EOF'
# os-keypairs rules of the OpenStack test rig. context_is_admin means role:admin. Tests may
# rewrite this file, and oslo.policy reloads it when its mtime changes.
#
# The key pair's owner (the user_id of the request's target).
"rig_keypair_owner": "user_id:%(user_id)s"
# Roles of the permission fixture, whose policy documents decide instead of Nova's defaults.
"rig_fixture_role": "role:kp_fullaccess or role:kp_readonly or role:readonly or role:kp_deny_delete or role:iam_reader or role:kp_create_only"
# An owner without a fixture role, such as demo with role member, gets Nova's default rules.
"rig_default_owner": "rule:rig_keypair_owner and not rule:rig_fixture_role"
# Roles whose documents allow ecs:serverKeypairs:get and ecs:serverKeypairs:list.
"rig_keypair_reader": "role:kp_fullaccess or role:kp_readonly or role:readonly"

"os_compute_api:os-keypairs:index": "(rule:context_is_admin) or rule:rig_default_owner or (rule:rig_keypair_owner and rule:rig_keypair_reader)"
"os_compute_api:os-keypairs:show": "(rule:context_is_admin) or rule:rig_default_owner or (rule:rig_keypair_owner and rule:rig_keypair_reader)"
"os_compute_api:os-keypairs:create": "(rule:context_is_admin) or rule:rig_default_owner or (rule:rig_keypair_owner and (role:kp_fullaccess or role:kp_create_only))"
"os_compute_api:os-keypairs:delete": "(rule:context_is_admin) or rule:rig_default_owner or (rule:rig_keypair_owner and role:kp_fullaccess and not role:kp_deny_delete)"
EOF
}
