#!/usr/bin/env bash
# Check the permission fixture of the running OpenStack test rig with curl. For each fixture
# user, and for admin, demo and demo2, it gets a project-scoped token and sends Nova's four
# os-keypairs requests:
#   list    GET /v2.1/os-keypairs                     200 allowed, 403 denied
#   get     GET /v2.1/os-keypairs/{missing name}      404 allowed, 403 denied
#   create  POST /v2.1/os-keypairs, an ed25519 import 201 allowed, 403 denied
#   delete  DELETE /v2.1/os-keypairs/{missing name}   404 allowed, 403 denied
# Nova checks the policy before it looks the key pair up, so a 404 means the rule allowed the
# request. Then it reads Keystone the way the provider's permission check does: the user's own
# token and groups, its grant lists and the granted roles, which must carry `policy` and
# `display_name`. Users with iam_reader may read grants and roles, the others get 403.
#
# Prints both tables to stdout and the reason of each mismatch to stderr, exits non-zero on any
# mismatch, and deletes the key pairs it created. Start the rig with up.sh first.
#
# Environment: OS_RIG_DIR selects the state dir, as for up.sh.
set -euo pipefail

RIG_SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
source "$RIG_SCRIPT_DIR/lib.sh"

RIG_JSON=$RIG_STATE_DIR/rig.json
[[ -f $RIG_JSON ]] || rig_die "$RIG_JSON not found: start the rig with up.sh first"
if ! jq -e '.permissionUsers | type == "object"' "$RIG_JSON" >/dev/null; then
  rig_die "$RIG_JSON has no permissionUsers: rerun up.sh to create the permission fixture"
fi

AUTH_URL=$(jq -r .authUrl "$RIG_JSON")
NOVA_URL=$(jq -r .novaUrl "$RIG_JSON")
WORK_DIR=$(mktemp -d)
PREFIX=perm-smoke-$$-$RANDOM
MISSING_NAME=$PREFIX-missing
FAILED=0
ADMIN_TOKEN=
# "user_id name" of each key pair that a create check made, deleted by admin at exit.
CREATED=()

# Expected Nova verdicts per user, for list, get, create and delete.
declare -A EXPECTED_NOVA=(
  [kp-full]="allow allow allow allow"
  [kp-readonly]="allow allow deny deny"
  [kp-nodelete]="allow allow allow deny"
  [kp-group]="allow allow allow allow"
  [kp-noiam]="allow allow deny deny"
  [kp-createonly]="deny deny allow deny"
  [admin]="allow allow allow allow"
  [demo]="allow allow allow allow"
  [demo2]="allow allow allow allow"
)
NOVA_USERS=(kp-full kp-readonly kp-nodelete kp-group kp-noiam kp-createonly admin demo demo2)
# Users whose Keystone reads are checked, and whether they may read grants and roles.
declare -A IAM_READER=(
  [kp-full]=yes [kp-readonly]=yes [kp-nodelete]=yes [kp-group]=yes [kp-noiam]=no [kp-createonly]=yes [demo]=no
)
IAM_USERS=(kp-full kp-readonly kp-nodelete kp-group kp-noiam kp-createonly demo)

fail() {
  FAILED=$((FAILED + 1))
  printf 'FAIL  %s\n' "$1" >&2
  if [[ -s $WORK_DIR/body ]]; then
    printf '      response body: %s\n' "$(head -c 400 "$WORK_DIR/body")" >&2
  fi
}

# Send an HTTP request. Sets STATUS, and leaves the body in $WORK_DIR/body and the response
# headers in $WORK_DIR/headers.
#   request METHOD URL TOKEN JSON_BODY [EXTRA_HEADER...]
# An empty TOKEN or JSON_BODY leaves that part out.
request() {
  local method=$1 url=$2 token=$3 body=$4
  shift 4
  local arguments=(-s -X "$method" -o "$WORK_DIR/body" -D "$WORK_DIR/headers" -w '%{http_code}'
    --max-time 60 --noproxy '*')
  [[ -n $token ]] && arguments+=(-H "X-Auth-Token: $token")
  local header
  for header in "$@"; do
    arguments+=(-H "$header")
  done
  # The body goes through stdin, so passwords in it do not show in the process list.
  [[ -n $body ]] && arguments+=(-H 'Content-Type: application/json' --data-binary @-)
  STATUS=$(curl "${arguments[@]}" "$url" <<<"$body") || STATUS="curl-error-$?"
}

# Print the rig.json entry of a user, from permissionUsers or users.
user_entry() {
  jq -c --arg user "$1" '.permissionUsers[$user] // .users[$user]' "$RIG_JSON"
}

# Request a project-scoped token for a user in rig.json. Sets TOKEN, and leaves the token
# document in $WORK_DIR/token.json.
issue_token() {
  local user=$1 body
  body=$(user_entry "$user" | jq -c '{auth: {
      identity: {methods: ["password"], password: {user: {
        name: .name, password: .password, domain: {name: .domain}}}},
      scope: {project: {name: .projectName, domain: {name: .domain}}}}}')
  request POST "$AUTH_URL/auth/tokens" "" "$body"
  TOKEN=$(sed -n 's/^X-Subject-Token: *//Ip' "$WORK_DIR/headers" | tr -d '\r' | head -n 1)
  if [[ $STATUS != 201 || -z $TOKEN ]]; then
    fail "Keystone password token for $user: expected HTTP 201 with X-Subject-Token, got $STATUS"
    return 1
  fi
  cp "$WORK_DIR/body" "$WORK_DIR/token.json"
}

cleanup() {
  local entry user_id name
  for entry in "${CREATED[@]}"; do
    read -r user_id name <<<"$entry"
    curl -s -o /dev/null --max-time 30 --noproxy '*' -X DELETE \
      -H "X-Auth-Token: $ADMIN_TOKEN" -H 'OpenStack-API-Version: compute 2.10' \
      "$NOVA_URL/v2.1/os-keypairs/$name?user_id=$user_id" || true
  done
  rm -rf "$WORK_DIR"
}
trap cleanup EXIT

# Translate the status of a Nova request into allow or deny.
#   nova_verdict ALLOWED_STATUS
nova_verdict() {
  case $STATUS in
    "$1") printf 'allow' ;;
    403) printf 'deny' ;;
    *) printf 'HTTP-%s' "$STATUS" ;;
  esac
}

# Send the four os-keypairs requests as a user. Sets VERDICTS to "list get create delete".
check_nova() {
  local user=$1 token=$2 user_id=$3 list get create delete name body
  request GET "$NOVA_URL/v2.1/os-keypairs" "$token" "" 'OpenStack-API-Version: compute 2.92'
  list=$(nova_verdict 200)
  request GET "$NOVA_URL/v2.1/os-keypairs/$MISSING_NAME" "$token" "" \
    'OpenStack-API-Version: compute 2.92'
  get=$(nova_verdict 404)

  rm -f "$WORK_DIR/key" "$WORK_DIR/key.pub"
  ssh-keygen -q -t ed25519 -N '' -C "$PREFIX" -f "$WORK_DIR/key" >/dev/null
  name=$PREFIX-$user
  body=$(jq -cn --arg name "$name" --arg key "$(<"$WORK_DIR/key.pub")" \
    '{keypair: {name: $name, public_key: $key}}')
  request POST "$NOVA_URL/v2.1/os-keypairs" "$token" "$body" 'OpenStack-API-Version: compute 2.92'
  create=$(nova_verdict 201)
  [[ $create == allow ]] && CREATED+=("$user_id $name")

  request DELETE "$NOVA_URL/v2.1/os-keypairs/$MISSING_NAME" "$token" "" \
    'OpenStack-API-Version: compute 2.92'
  delete=$(nova_verdict 404)
  VERDICTS="$list $get $create $delete"
}

# Check a Keystone GET as a user. Records the status in IAM_RESULT, with a "!" appended when it
# differs from the expected one.
#   check_keystone USER TOKEN LABEL EXPECTED_STATUS URL [EXTRA_HEADER...]
declare -A IAM_RESULT=()
check_keystone() {
  local user=$1 token=$2 label=$3 expected=$4 url=$5
  shift 5
  request GET "$url" "$token" "" "$@"
  if [[ $STATUS == "$expected" ]]; then
    IAM_RESULT[$user/$label]=$STATUS
  else
    IAM_RESULT[$user/$label]="$STATUS!"
    fail "$user GET ${url#"$AUTH_URL"}: expected HTTP $expected, got $STATUS"
  fi
}

# Check that every role in the last response's list carries a policy document and a
# display_name.
check_role_documents() {
  local user=$1 what=$2 filter=$3
  if ! jq -e "$filter | all(has(\"display_name\") and (.policy | type == \"object\"))" \
    "$WORK_DIR/body" >/dev/null 2>&1; then
    fail "$user: $what lacks policy or display_name"
  fi
}

# Read the user's own token, groups, grants and roles, as the provider's permission check does.
check_iam() {
  local user=$1 token=$2 grant_status role_status user_id project_id domain_id group_id
  local role_id url roles_file=$WORK_DIR/granted-$user
  if [[ ${IAM_READER[$user]} == yes ]]; then
    grant_status=200 role_status=200
  else
    grant_status=403 role_status=403
  fi
  user_id=$(jq -r .token.user.id "$WORK_DIR/token.json")
  domain_id=$(jq -r .token.user.domain.id "$WORK_DIR/token.json")
  project_id=$(jq -r .token.project.id "$WORK_DIR/token.json")
  jq -r '.token.roles[].id' "$WORK_DIR/token.json" >"$WORK_DIR/token-roles"
  : >"$roles_file"

  check_keystone "$user" "$token" token 200 "$AUTH_URL/auth/tokens" "X-Subject-Token: $token"
  check_keystone "$user" "$token" groups 200 "$AUTH_URL/users/$user_id/groups"
  jq -r '.groups[].id' "$WORK_DIR/body" 2>/dev/null >"$WORK_DIR/groups" || : >"$WORK_DIR/groups"

  check_keystone "$user" "$token" user-grants "$grant_status" \
    "$AUTH_URL/projects/$project_id/users/$user_id/roles"
  : >"$WORK_DIR/direct-roles"
  if [[ $STATUS == 200 ]]; then
    check_role_documents "$user" "project grant list of the user" '.roles'
    jq -r '.roles[].id' "$WORK_DIR/body" >"$WORK_DIR/direct-roles"
    cat "$WORK_DIR/direct-roles" >>"$roles_file"
  fi
  check_keystone "$user" "$token" user-inherited "$grant_status" \
    "$AUTH_URL/OS-INHERIT/domains/$domain_id/users/$user_id/roles/inherited_to_projects"
  [[ $STATUS == 200 ]] && jq -r '.roles[].id' "$WORK_DIR/body" >>"$roles_file"

  while read -r group_id; do
    [[ -n $group_id ]] || continue
    check_keystone "$user" "$token" group-grants "$grant_status" \
      "$AUTH_URL/projects/$project_id/groups/$group_id/roles"
    [[ $STATUS == 200 ]] && jq -r '.roles[].id' "$WORK_DIR/body" >>"$roles_file"
    check_keystone "$user" "$token" group-inherited "$grant_status" \
      "$AUTH_URL/OS-INHERIT/domains/$domain_id/groups/$group_id/roles/inherited_to_projects"
    if [[ $STATUS == 200 ]]; then
      check_role_documents "$user" "inherited grant list of group $group_id" '.roles'
      jq -r '.roles[].id' "$WORK_DIR/body" >>"$roles_file"
    fi
  done <"$WORK_DIR/groups"

  # The grant lists that the user may read must add up to the roles in its token.
  local listed_roles token_roles
  listed_roles=$(sort -u "$roles_file" | tr '\n' ' ')
  token_roles=$(sort -u "$WORK_DIR/token-roles" | tr '\n' ' ')
  if [[ $grant_status == 200 && $listed_roles != "$token_roles" ]]; then
    : >"$WORK_DIR/body"
    fail "$user: the grant lists name roles $listed_roles, the token roles $token_roles"
  fi

  # identity:check_grant, on a direct grant of the user or else on the grant that its first group
  # passes on to the domain's projects.
  role_id=$(head -n 1 "$WORK_DIR/token-roles")
  group_id=$(head -n 1 "$WORK_DIR/groups")
  if [[ -s $WORK_DIR/direct-roles || -z $group_id ]]; then
    url=$AUTH_URL/projects/$project_id/users/$user_id/roles/$role_id
  else
    url=$AUTH_URL/OS-INHERIT/domains/$domain_id/groups/$group_id/roles/$role_id/inherited_to_projects
  fi
  check_keystone "$user" "$token" check-grant \
    "$([[ $grant_status == 200 ]] && echo 204 || echo 403)" "$url"
  check_keystone "$user" "$token" role "$role_status" "$AUTH_URL/roles/$role_id"
  [[ $STATUS == 200 ]] && check_role_documents "$user" "GET /v3/roles/$role_id" '[.role]'
  check_keystone "$user" "$token" roles "$role_status" "$AUTH_URL/roles"
}

# ---------------------------------------------------------------------------------------------

issue_token admin || exit 1
ADMIN_TOKEN=$TOKEN

nova_table=$(printf '%-12s %-7s %-7s %-7s %-7s %s\n' user list get create delete result)
for user in "${NOVA_USERS[@]}"; do
  if ! issue_token "$user"; then
    nova_table+=$'\n'$(printf '%-12s %s' "$user" "no token")
    continue
  fi
  user_id=$(jq -r .token.user.id "$WORK_DIR/token.json")
  check_nova "$user" "$TOKEN" "$user_id"
  expected=${EXPECTED_NOVA[$user]}
  result=ok
  if [[ $VERDICTS != "$expected" ]]; then
    result="expected $expected"
    # The last response body belongs to one of the four requests, so it would mislead here.
    : >"$WORK_DIR/body"
    fail "$user: Nova answered $VERDICTS to list get create delete, expected $expected"
  fi
  # shellcheck disable=SC2086
  nova_table+=$'\n'$(printf '%-12s %-7s %-7s %-7s %-7s %s' "$user" $VERDICTS "$result")
done

IAM_COLUMNS=(token groups user-grants user-inherited group-grants group-inherited check-grant
  role roles)
iam_table=$(printf '%-12s' user; printf ' %s' "${IAM_COLUMNS[@]}")
for user in "${IAM_USERS[@]}"; do
  if ! issue_token "$user"; then
    iam_table+=$'\n'$(printf '%-12s %s' "$user" "no token")
    continue
  fi
  roles=$(jq -r '[.token.roles[].name] | join(",")' "$WORK_DIR/token.json")
  check_iam "$user" "$TOKEN"
  line=$(printf '%-12s' "$user")
  for column in "${IAM_COLUMNS[@]}"; do
    line+=$(printf ' %-*s' "${#column}" "${IAM_RESULT[$user/$column]:--}")
  done
  iam_table+=$'\n'"$line  token roles: $roles"
done

printf 'Nova os-keypairs policy (allow, deny, or an unexpected HTTP status):\n%s\n\n' "$nova_table"
printf 'Keystone reads (HTTP status, ! when unexpected, - when not sent):\n%s\n\n' "$iam_table"
printf 'permissions smoke: %d failed\n' "$FAILED"
((FAILED == 0))
