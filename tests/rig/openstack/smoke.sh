#!/usr/bin/env bash
# Check the running OpenStack test rig end to end with curl: Nova's version document, Keystone
# password tokens and the os-keypairs API at microversions 2.1, 2.2, 2.10, 2.35 and 2.92, on the
# paths with and without a project id. Start the rig with up.sh first. Prints each check to
# stderr and a summary line to stdout, exits non-zero when any check fails, and deletes the key
# pairs it created.
#
# Environment: OS_RIG_DIR selects the state dir, as for up.sh.
set -euo pipefail

RIG_SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
source "$RIG_SCRIPT_DIR/lib.sh"

RIG_JSON=$RIG_STATE_DIR/rig.json
[[ -f $RIG_JSON ]] || rig_die "$RIG_JSON not found: start the rig with up.sh first"

WORK_DIR=$(mktemp -d)
DEMO_TOKEN=
PASSED=0
FAILED=0
# Names of the key pairs of demo that the script created, deleted again at exit.
CREATED=()

AUTH_URL=$(jq -r .authUrl "$RIG_JSON")
NOVA_URL=$(jq -r .novaUrl "$RIG_JSON")
DEMO_ID=$(jq -r .users.demo.id "$RIG_JSON")
DEMO_PROJECT_ID=$(jq -r .users.demo.projectId "$RIG_JSON")
PREFIX=smoke-$$-$RANDOM

pass() {
  PASSED=$((PASSED + 1))
  printf 'ok    %s\n' "$1" >&2
}

fail() {
  FAILED=$((FAILED + 1))
  printf 'FAIL  %s\n' "$1" >&2
  if [[ -s $WORK_DIR/body ]]; then
    printf '      response body: %s\n' "$(head -c 600 "$WORK_DIR/body")" >&2
  fi
}

# Send an HTTP request. Sets STATUS, and leaves the body in $WORK_DIR/body and the response
# headers in $WORK_DIR/headers.
#   request METHOD URL TOKEN MICROVERSION [JSON_BODY]
# An empty TOKEN or MICROVERSION leaves that header out.
request() {
  local method=$1 url=$2 token=$3 microversion=$4 body=${5:-}
  local arguments=(-s -X "$method" -o "$WORK_DIR/body" -D "$WORK_DIR/headers" -w '%{http_code}'
    --max-time 60 --noproxy '*')
  [[ -n $token ]] && arguments+=(-H "X-Auth-Token: $token")
  [[ -n $microversion ]] && arguments+=(-H "OpenStack-API-Version: compute $microversion")
  # The body goes through stdin, so passwords in it do not show in the process list.
  [[ -n $body ]] && arguments+=(-H 'Content-Type: application/json' --data-binary @-)
  STATUS=$(curl "${arguments[@]}" "$url" <<<"$body") || STATUS="curl-error-$?"
}

expect_status() {
  local description=$1 expected=$2
  if [[ $STATUS == "$expected" ]]; then
    pass "$description: HTTP $STATUS"
  else
    fail "$description: expected HTTP $expected, got $STATUS"
  fi
}

# Check a jq expression that must be true for the last response body.
expect_json() {
  local description=$1 filter=$2
  shift 2
  if jq -e "$@" "$filter" "$WORK_DIR/body" >/dev/null 2>&1; then
    pass "$description"
  else
    fail "$description (jq: $filter)"
  fi
}

header_value() {
  sed -n "s/^$1: *//Ip" "$WORK_DIR/headers" | tr -d '\r' | head -n 1
}

# Request a project-scoped token for a user in rig.json and store it in the named variable.
issue_token() {
  local user=$1 variable=$2 body
  body=$(jq -c --arg user "$user" '.users[$user] | {auth: {
      identity: {methods: ["password"], password: {user: {
        name: .name, password: .password, domain: {name: .domain}}}},
      scope: {project: {name: .projectName, domain: {name: .domain}}}}}' "$RIG_JSON")
  request POST "$AUTH_URL/auth/tokens" "" "" "$body"
  expect_status "Keystone password token for $user" 201
  printf -v "$variable" '%s' "$(header_value X-Subject-Token)"
}

cleanup() {
  local name
  for name in "${CREATED[@]}"; do
    curl -s -o /dev/null --max-time 30 --noproxy '*' -X DELETE \
      -H "X-Auth-Token: $DEMO_TOKEN" "$NOVA_URL/v2.1/os-keypairs/$name" || true
  done
  rm -rf "$WORK_DIR"
}
trap cleanup EXIT

keypair_body() {
  local name=$1 public_key=${2:-} type=${3:-} user_id=${4:-}
  jq -cn --arg name "$name" --arg public_key "$public_key" --arg type "$type" \
    --arg user_id "$user_id" '{keypair: ({name: $name}
      + (if $public_key != "" then {public_key: $public_key} else {} end)
      + (if $type != "" then {type: $type} else {} end)
      + (if $user_id != "" then {user_id: $user_id} else {} end))}'
}

# ---------------------------------------------------------------------------------------------

request GET "$NOVA_URL/" "" ""
expect_status "Nova version document GET /" 200
expect_json "version document lists v2.1 as CURRENT from 2.1 up to at least 2.92" \
  '.versions[] | select(.id == "v2.1") | .status == "CURRENT" and .min_version == "2.1"
    and (.version | split(".") | .[1] | tonumber) >= 92'
expect_json "version document lists the legacy v2.0 API" '.versions | any(.id == "v2.0")'

issue_token demo DEMO_TOKEN
issue_token admin ADMIN_TOKEN
issue_token demo2 DEMO2_TOKEN
[[ -n $DEMO_TOKEN && -n $ADMIN_TOKEN && -n $DEMO2_TOKEN ]] || {
  fail "Keystone returned no X-Subject-Token header"
  exit 1
}

request GET "$NOVA_URL/v2.1/os-keypairs" "" ""
expect_status "os-keypairs without a token" 401

# Server-generated key pair at 2.1, on the path without a project id.
name=$PREFIX-generated
request POST "$NOVA_URL/v2.1/os-keypairs" "$DEMO_TOKEN" 2.1 "$(keypair_body "$name")"
expect_status "create generated key pair at 2.1" 200
CREATED+=("$name")
expect_json "generated key pair has a private key, public key and fingerprint" \
  '.keypair | (.private_key | startswith("-----BEGIN")) and (.public_key | startswith("ssh-rsa "))
    and (.fingerprint | test("^([0-9a-f]{2}:){15}[0-9a-f]{2}$"))'
expect_json "generated key pair belongs to demo" '.keypair.user_id == $id' --arg id "$DEMO_ID"
if [[ $(header_value OpenStack-API-Version) == "compute 2.1" ]]; then
  pass "response names microversion 2.1"
else
  fail "response header OpenStack-API-Version is '$(header_value OpenStack-API-Version)', expected 'compute 2.1'"
fi

# The legacy path with the project id in the URL. /v2 is Nova's frozen v2.0-compatible API,
# which ignores microversion headers, so its status codes are those of 2.1.
name=$PREFIX-legacy-v2
request POST "$NOVA_URL/v2/$DEMO_PROJECT_ID/os-keypairs" "$DEMO_TOKEN" "" "$(keypair_body "$name")"
expect_status "create key pair on /v2/{project_id}" 200
CREATED+=("$name")
request GET "$NOVA_URL/v2/$DEMO_PROJECT_ID/os-keypairs/$name" "$DEMO_TOKEN" ""
expect_status "show key pair on /v2/{project_id}" 200
request GET "$NOVA_URL/v2.1/os-keypairs/$name" "$DEMO_TOKEN" 2.1
expect_status "key pair made on /v2/{project_id} is visible on /v2.1" 200

ssh-keygen -q -t ed25519 -N '' -C smoke -f "$WORK_DIR/ed25519" >/dev/null
ED25519_PUBLIC_KEY=$(<"$WORK_DIR/ed25519.pub")
ssh-keygen -q -t rsa -b 2048 -N '' -C smoke -f "$WORK_DIR/rsa" >/dev/null
RSA_PUBLIC_KEY=$(<"$WORK_DIR/rsa.pub")
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=smoke \
  -keyout "$WORK_DIR/x509.key" -out "$WORK_DIR/x509.pem" 2>/dev/null
X509_CERTIFICATE=$(<"$WORK_DIR/x509.pem")

# Microversion 2.2 adds the type field (ssh or x509) and returns 201 on create.
name=$PREFIX-x509-import
request POST "$NOVA_URL/v2.1/os-keypairs" "$DEMO_TOKEN" 2.2 \
  "$(keypair_body "$name" "$X509_CERTIFICATE" x509)"
expect_status "import x509 key pair at 2.2" 201
CREATED+=("$name")
expect_json "imported x509 key pair has type x509" '.keypair.type == "x509"'
name=$PREFIX-x509-generated
request POST "$NOVA_URL/v2.1/os-keypairs" "$DEMO_TOKEN" 2.2 "$(keypair_body "$name" "" x509)"
expect_status "create generated x509 key pair at 2.2" 201
CREATED+=("$name")
expect_json "generated x509 key pair has a certificate and a private key" \
  '.keypair | .type == "x509" and (.public_key | startswith("-----BEGIN CERTIFICATE"))
    and (.private_key | length > 0)'
name=$PREFIX-ssh-import
request POST "$NOVA_URL/v2.1/os-keypairs" "$DEMO_TOKEN" 2.2 \
  "$(keypair_body "$name" "$RSA_PUBLIC_KEY" ssh)"
expect_status "import ssh key pair at 2.2" 201
CREATED+=("$name")
expect_json "imported ssh key pair has type ssh and no private key" \
  '.keypair | .type == "ssh" and (has("private_key") | not)'

# Microversion 2.92 removes server-side generation, so public_key is required.
name=$PREFIX-import-292
request POST "$NOVA_URL/v2.1/os-keypairs" "$DEMO_TOKEN" 2.92 "$(keypair_body "$name")"
expect_status "create without public_key at 2.92" 400
request POST "$NOVA_URL/v2.1/os-keypairs" "$DEMO_TOKEN" 2.92 \
  "$(keypair_body "$name" "$ED25519_PUBLIC_KEY")"
expect_status "import ed25519 key pair at 2.92" 201
CREATED+=("$name")
expect_json "imported key pair returns the public key unchanged" \
  '.keypair.public_key == $key' --arg key "$ED25519_PUBLIC_KEY"
name=$PREFIX-import-292-project
request POST "$NOVA_URL/v2.1/$DEMO_PROJECT_ID/os-keypairs" "$DEMO_TOKEN" 2.92 \
  "$(keypair_body "$name" "$ED25519_PUBLIC_KEY")"
expect_status "import key pair at 2.92 on /v2.1/{project_id}" 201
CREATED+=("$name")

# List and show.
request GET "$NOVA_URL/v2.1/os-keypairs" "$DEMO_TOKEN" 2.1
expect_status "list key pairs at 2.1" 200
expect_json "list at 2.1 contains the generated and imported key pairs" \
  '[.keypairs[].keypair.name] | index($a) != null and index($b) != null' \
  --arg a "$PREFIX-generated" --arg b "$PREFIX-import-292"
request GET "$NOVA_URL/v2.1/os-keypairs/$PREFIX-ssh-import" "$DEMO_TOKEN" 2.10
expect_status "show key pair at 2.10" 200
expect_json "show at 2.10 returns name, type and user_id" \
  '.keypair | .name == $name and .type == "ssh" and .user_id == $id' \
  --arg name "$PREFIX-ssh-import" --arg id "$DEMO_ID"

# Microversion 2.35 adds limit and marker.
request GET "$NOVA_URL/v2.1/os-keypairs?limit=2" "$DEMO_TOKEN" 2.35
expect_status "list key pairs at 2.35 with limit=2" 200
expect_json "page has 2 key pairs and a next link" \
  '(.keypairs | length) == 2 and (.keypairs_links | any(.rel == "next"))'
first_page_last=$(jq -r '.keypairs[-1].keypair.name' "$WORK_DIR/body")
request GET "$NOVA_URL/v2.1/os-keypairs?limit=1000&marker=$first_page_last" "$DEMO_TOKEN" 2.35
expect_status "list key pairs at 2.35 after the marker" 200
expect_json "page after the marker leaves out the marker" \
  '[.keypairs[].keypair.name] | index($marker) == null' --arg marker "$first_page_last"
request GET "$NOVA_URL/v2.1/os-keypairs?marker=$PREFIX-no-such-marker" "$DEMO_TOKEN" 2.35
expect_status "list key pairs at 2.35 with an unknown marker" 400

# Microversion 2.10 lets an admin act on another user's key pairs.
name=$PREFIX-admin-for-demo
request POST "$NOVA_URL/v2.1/os-keypairs" "$ADMIN_TOKEN" 2.10 \
  "$(keypair_body "$name" "$RSA_PUBLIC_KEY" ssh "$DEMO_ID")"
expect_status "admin imports a key pair for demo's user_id at 2.10" 201
CREATED+=("$name")
expect_json "key pair created by admin belongs to demo" '.keypair.user_id == $id' --arg id "$DEMO_ID"
request GET "$NOVA_URL/v2.1/os-keypairs/$name" "$DEMO_TOKEN" 2.10
expect_status "demo sees the key pair that admin created" 200
request GET "$NOVA_URL/v2.1/os-keypairs?user_id=$DEMO_ID" "$ADMIN_TOKEN" 2.10
expect_status "admin lists demo's key pairs at 2.10" 200
expect_json "admin's list of demo's key pairs contains it" \
  '[.keypairs[].keypair.name] | index($name) != null' --arg name "$name"
request GET "$NOVA_URL/v2.1/os-keypairs/$name" "$DEMO2_TOKEN" 2.10
expect_status "demo2 cannot see demo's key pair" 404
request POST "$NOVA_URL/v2.1/os-keypairs" "$DEMO2_TOKEN" 2.10 \
  "$(keypair_body "$PREFIX-demo2-for-demo" "$RSA_PUBLIC_KEY" ssh "$DEMO_ID")"
expect_status "demo2 creating a key pair for demo's user_id" 403
expect_json "403 names the denied create rule" \
  '.forbidden.message | contains("os_compute_api:os-keypairs:create")'

request GET "$NOVA_URL/v2.1/os-keypairs?user_id=$DEMO_ID" "$DEMO2_TOKEN" 2.10
expect_status "demo2 listing demo's key pairs" 403
expect_json "403 names the denied index rule" \
  '.forbidden.message | contains("os_compute_api:os-keypairs:index")'

# Delete: 202 at 2.1, 204 from 2.2 on, 404 for a missing key pair.
request DELETE "$NOVA_URL/v2.1/os-keypairs/$PREFIX-generated" "$DEMO_TOKEN" 2.1
expect_status "delete key pair at 2.1" 202
request DELETE "$NOVA_URL/v2.1/os-keypairs/$PREFIX-import-292" "$DEMO_TOKEN" 2.92
expect_status "delete key pair at 2.92" 204
request GET "$NOVA_URL/v2.1/os-keypairs/$PREFIX-import-292" "$DEMO_TOKEN" 2.92
expect_status "show deleted key pair" 404
request DELETE "$NOVA_URL/v2.1/os-keypairs/$PREFIX-import-292" "$DEMO_TOKEN" 2.92
expect_status "delete missing key pair" 404
expect_json "404 body is an itemNotFound fault" '.itemNotFound.code == 404'
request DELETE "$NOVA_URL/v2/$DEMO_PROJECT_ID/os-keypairs/$PREFIX-legacy-v2" "$DEMO_TOKEN" ""
expect_status "delete key pair on /v2/{project_id}" 202

printf 'smoke: %d passed, %d failed\n' "$PASSED" "$FAILED"
((FAILED == 0))
