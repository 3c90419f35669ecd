#!/usr/bin/env bash
# `npm run demo`: starts the local OpenStack, runs `pulumi up` on the root program as the rig's
# demo user, and prints the keypair it made. `npm run demo -- destroy` removes the keypair again.
#
# The demo stack lives in a file backend under the rig's cache dir, with a passphrase secrets
# provider whose passphrase defaults to "demo": fine for a local cloud, not for real credentials.
set -euo pipefail

action=${1:-up}
case $action in
  up | destroy) ;;
  *)
    echo "usage: npm run demo [-- up|destroy]" >&2
    exit 2
    ;;
esac

source "$(dirname "$0")/setup.sh"

state_dir="$(dirname "$OS_RIG_DIR")/demo-state"
mkdir -p "$state_dir"
export PULUMI_BACKEND_URL="file://$state_dir"
export PULUMI_CONFIG_PASSPHRASE=${PULUMI_CONFIG_PASSPHRASE:-demo}
# shellcheck source=/dev/null
source "$OS_RIG_DIR/env.sh"

pulumi stack select demo --create --non-interactive >&2

if [[ $action == destroy ]]; then
  pulumi destroy --yes --non-interactive
  echo
  echo "The demo keypair is gone. Stop the local OpenStack with: bash tests/rig/openstack/down.sh"
  exit 0
fi

pulumi up --yes --non-interactive

echo
echo "The keypair Pulumi made in the local Nova (the private key stays a secret):"
pulumi stack output
cat <<MESSAGE

Print the private key:  PULUMI_BACKEND_URL=$PULUMI_BACKEND_URL PULUMI_CONFIG_PASSPHRASE=demo pulumi stack output privateKey --show-secrets
                        (pulumi is in $(dirname "$(command -v pulumi)"))
Remove the keypair:     npm run demo -- destroy
Stop the local cloud:   bash tests/rig/openstack/down.sh
MESSAGE
