"""Create the rig's Keystone projects, users, role assignments and catalog, then write rig.json.

The objects include the permission fixture: roles that carry IAM policy documents, a group
and the users that hold them (see PERMISSION_ROLES).

up.sh runs this with Debian's /usr/bin/python3 after `keystone-manage bootstrap` has created
the admin user, project and role. It is idempotent: objects are looked up by name and created
or corrected, so a rerun after a port change moves the catalog endpoints to the new port.
Inputs come from the RIG_* environment variables that up.sh sets.
"""

import json
import os
import sys

from keystoneauth1 import exceptions as ks_exceptions
from keystoneauth1 import session as ks_session
from keystoneauth1.identity import v3 as ks_identity
from keystoneclient.v3 import client as ks_client

DOMAIN_ID = "default"
DOMAIN_NAME = "Default"
INTERFACES = ("public", "internal", "admin")

# The permission fixture. Its roles carry a Huawei Cloud IAM policy document in a `policy`
# attribute and a console name in `display_name`, as Huawei Cloud IAM returns its system roles
# on the Keystone paths. Its users get these roles on project PERMISSION_PROJECT, and the
# os-keypairs rules in nova/policy.yaml (configs.sh) make Nova allow what the documents allow.
PERMISSION_PROJECT = "permissions"
PERMISSION_ROLES = {
    "kp_fullaccess": (
        "ECS FullAccess",
        {"Version": "1.1", "Statement": [{"Effect": "Allow", "Action": ["ecs:*:*"]}]},
    ),
    "kp_readonly": (
        "ECS ReadOnlyAccess",
        {
            "Version": "1.1",
            "Statement": [{"Effect": "Allow", "Action": ["ecs:*:get*", "ecs:*:list*"]}],
        },
    ),
    "kp_deny_delete": (
        "Deny keypair delete",
        {
            "Version": "1.1",
            "Statement": [{"Effect": "Deny", "Action": ["ecs:serverKeypairs:delete"]}],
        },
    ),
    "kp_create_only": (
        "Keypair create only",
        {
            "Version": "1.1",
            "Statement": [{"Effect": "Allow", "Action": ["ecs:serverKeypairs:create"]}],
        },
    ),
    # The Keystone policy (keystone/policy.yaml) lets holders of this role read grants and roles.
    "iam_reader": (
        "IAM ReadOnlyAccess",
        {
            "Version": "1.1",
            "Statement": [
                {"Effect": "Allow", "Action": ["iam:*:get*", "iam:*:list*", "iam:*:check*"]}
            ],
        },
    ),
    # Huawei Cloud IAM's internal name of the system role "Tenant Guest".
    "readonly": (
        "Tenant Guest",
        {"Version": "1.0", "Statement": [{"Effect": "Allow", "Action": ["*:*:get*", "*:*:list*"]}]},
    ),
}
# Direct grants of each fixture user on PERMISSION_PROJECT. kp-group has none and gets its
# roles through PERMISSION_GROUP. kp-noiam lacks iam_reader, so it cannot read its grants.
PERMISSION_USER_ROLES = {
    "kp-full": ("kp_fullaccess", "iam_reader"),
    "kp-readonly": ("kp_readonly", "iam_reader"),
    "kp-nodelete": ("kp_fullaccess", "kp_deny_delete", "iam_reader"),
    "kp-group": (),
    "kp-noiam": ("readonly",),
    "kp-createonly": ("kp_create_only", "iam_reader"),
}
# Roles of this group on domain Default, inherited by every project in it (OS-INHERIT).
PERMISSION_GROUP = "kp-operators"
PERMISSION_GROUP_ROLES = ("kp_fullaccess", "iam_reader")
PERMISSION_GROUP_MEMBERS = ("kp-group",)


def require_env(name):
    value = os.environ.get(name)
    if not value:
        sys.exit(f"keystone_setup.py: missing environment variable {name}")
    return value


def password_variable(user_name):
    """Return the environment variable that up.sh sets to a fixture user's password."""
    return "RIG_" + user_name.upper().replace("-", "_") + "_PASSWORD"


def password_session(auth_url, username, password, project_name):
    auth = ks_identity.Password(
        auth_url=auth_url,
        username=username,
        password=password,
        project_name=project_name,
        user_domain_name=DOMAIN_NAME,
        project_domain_name=DOMAIN_NAME,
    )
    return ks_session.Session(auth=auth)


def ensure_project(keystone, name, description):
    for project in keystone.projects.list(name=name, domain=DOMAIN_ID):
        return project
    return keystone.projects.create(name=name, domain=DOMAIN_ID, description=description)


def ensure_role(keystone, name, **attributes):
    """Find or create a global role, and set the extra attributes that differ from `attributes`.

    Keystone stores attributes outside its role schema (such as `display_name` and `policy`) as
    extra properties and returns them with the role.
    """
    for role in keystone.roles.list(name=name):
        changed = {
            key: value for key, value in attributes.items() if getattr(role, key, None) != value
        }
        if changed:
            role = keystone.roles.update(role, **changed)
        return role
    return keystone.roles.create(name=name, **attributes)


def password_works(auth_url, username, password, project_name):
    try:
        password_session(auth_url, username, password, project_name).get_token()
    except ks_exceptions.Unauthorized:
        return False
    return True


def ensure_user(keystone, auth_url, name, password, project, roles, groups=()):
    """Create the user with roles on its default project, or reset its password if it changed.

    The password is only written when it no longer works, because Keystone revokes a user's
    tokens when the password is updated. The check uses a token for the project, so the roles
    and group memberships are added first: a user can hold its roles only through a group.
    """
    users = keystone.users.list(name=name, domain=DOMAIN_ID)
    if users:
        user = users[0]
        if getattr(user, "default_project_id", None) != project.id:
            user = keystone.users.update(user, default_project=project)
    else:
        user = keystone.users.create(
            name=name, domain=DOMAIN_ID, password=password, default_project=project
        )
    # Role grants and group memberships are PUT requests, so repeating one changes nothing.
    for group in groups:
        keystone.users.add_to_group(user, group)
    for role in roles:
        keystone.roles.grant(role, user=user, project=project)
    if users and not password_works(auth_url, name, password, project.name):
        keystone.users.update(user, password=password)
    return user


def revoke_other_grants(keystone, roles, **target):
    """Revoke the target's direct grants of roles that are not in `roles`.

    `target` takes the keyword arguments of keystone.roles.list and keystone.roles.revoke: user
    or group, project or domain, and os_inherit_extension_inherited for the grants that a domain
    passes on to its projects.
    """
    kept = {role.id for role in roles}
    for role in keystone.roles.list(**target):
        if role.id not in kept:
            keystone.roles.revoke(role, **target)


def ensure_permission_fixture(keystone, auth_url, passwords):
    """Create the project, roles, group and users of the permission fixture.

    Returns the project and the list of users. The group and each user end up with exactly the
    grants that PERMISSION_GROUP_ROLES and PERMISSION_USER_ROLES list, so a rerun after a change
    of those tables revokes the grants they no longer contain.
    """
    project = ensure_project(
        keystone, PERMISSION_PROJECT, "Project of the users that hold the IAM policy roles."
    )
    roles = {
        name: ensure_role(keystone, name, display_name=display_name, policy=document)
        for name, (display_name, document) in PERMISSION_ROLES.items()
    }

    groups = keystone.groups.list(name=PERMISSION_GROUP, domain=DOMAIN_ID)
    group = groups[0] if groups else keystone.groups.create(name=PERMISSION_GROUP, domain=DOMAIN_ID)
    group_roles = [roles[name] for name in PERMISSION_GROUP_ROLES]
    inherited_target = {"group": group, "domain": DOMAIN_ID, "os_inherit_extension_inherited": True}
    for role in group_roles:
        keystone.roles.grant(role, **inherited_target)
    revoke_other_grants(keystone, group_roles, **inherited_target)

    users = []
    for name, role_names in PERMISSION_USER_ROLES.items():
        user_roles = [roles[role_name] for role_name in role_names]
        user_groups = [group] if name in PERMISSION_GROUP_MEMBERS else []
        user = ensure_user(
            keystone, auth_url, name, passwords[name], project, user_roles, user_groups
        )
        revoke_other_grants(keystone, user_roles, user=user, project=project)
        users.append(user)
    return project, users


def ensure_service(keystone, service_type, name, description):
    for service in keystone.services.list(type=service_type):
        return service
    return keystone.services.create(name=name, type=service_type, description=description)


def ensure_endpoint(keystone, service, interface, url, region):
    """Keep exactly one endpoint of the service on the interface, pointing at url in region."""
    endpoints = keystone.endpoints.list(service=service, interface=interface)
    if not endpoints:
        keystone.endpoints.create(service=service, url=url, interface=interface, region=region)
        return
    first, extra = endpoints[0], endpoints[1:]
    if first.url != url or first.region_id != region:
        keystone.endpoints.update(first, url=url, region=region)
    for endpoint in extra:
        keystone.endpoints.delete(endpoint)


def main():
    auth_url = require_env("RIG_AUTH_URL")
    nova_url = require_env("RIG_NOVA_URL")
    region = require_env("RIG_REGION")
    output_path = require_env("RIG_JSON_PATH")
    passwords = {
        "admin": require_env("RIG_ADMIN_PASSWORD"),
        "demo": require_env("RIG_DEMO_PASSWORD"),
        "demo2": require_env("RIG_DEMO2_PASSWORD"),
        "nova": require_env("RIG_NOVA_SERVICE_PASSWORD"),
    }
    for name in PERMISSION_USER_ROLES:
        passwords[name] = require_env(password_variable(name))

    admin_session = password_session(auth_url, "admin", passwords["admin"], "admin")
    # The endpoint override keeps the client off the catalog, which this script may be changing.
    keystone = ks_client.Client(session=admin_session, endpoint_override=auth_url)

    admin_role = ensure_role(keystone, "admin")
    member_role = ensure_role(keystone, "member")
    service_role = ensure_role(keystone, "service")

    admin_project = ensure_project(keystone, "admin", "Bootstrap project for initializing the cloud.")
    demo_project = ensure_project(keystone, "demo", "Project of the demo and demo2 users.")
    service_project = ensure_project(keystone, "service", "Project of the service users.")

    admin_user = keystone.users.list(name="admin", domain=DOMAIN_ID)[0]
    keystone.roles.grant(admin_role, user=admin_user, project=admin_project)
    demo_user = ensure_user(
        keystone, auth_url, "demo", passwords["demo"], demo_project, [member_role]
    )
    demo2_user = ensure_user(
        keystone, auth_url, "demo2", passwords["demo2"], demo_project, [member_role]
    )
    # keystonemiddleware in nova-api authenticates as this user to validate request tokens.
    # Keystone 22's identity:validate_token rule accepts the admin role or the service role.
    ensure_user(
        keystone, auth_url, "nova", passwords["nova"], service_project, [admin_role, service_role]
    )
    permission_project, permission_users = ensure_permission_fixture(
        keystone, auth_url, passwords
    )

    identity_service = ensure_service(keystone, "identity", "keystone", "Keystone Identity Service")
    ensure_endpoint(keystone, identity_service, "public", auth_url, region)
    compute_service = ensure_service(keystone, "compute", "nova", "Nova Compute Service")
    for interface in INTERFACES:
        ensure_endpoint(keystone, compute_service, interface, nova_url + "/v2.1", region)

    def describe(user, project):
        return {
            "name": user.name,
            "password": passwords[user.name],
            "id": user.id,
            "projectName": project.name,
            "projectId": project.id,
            "domain": DOMAIN_NAME,
        }

    rig = {
        "authUrl": auth_url,
        "novaUrl": nova_url,
        "region": region,
        "users": {
            "admin": describe(admin_user, admin_project),
            "demo": describe(demo_user, demo_project),
            "demo2": describe(demo2_user, demo_project),
        },
        "permissionUsers": {
            user.name: describe(user, permission_project) for user in permission_users
        },
    }
    temporary_path = output_path + ".tmp"
    with open(os.open(temporary_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as file:
        json.dump(rig, file, indent=2)
        file.write("\n")
    os.replace(temporary_path, output_path)


if __name__ == "__main__":
    main()
