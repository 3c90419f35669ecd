"""Create the rig's Keystone projects, users, role assignments and catalog, then write rig.json.

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


def require_env(name):
    value = os.environ.get(name)
    if not value:
        sys.exit(f"keystone_setup.py: missing environment variable {name}")
    return value


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


def ensure_role(keystone, name):
    for role in keystone.roles.list(name=name):
        return role
    return keystone.roles.create(name=name)


def password_works(auth_url, username, password, project_name):
    try:
        password_session(auth_url, username, password, project_name).get_token()
    except ks_exceptions.Unauthorized:
        return False
    return True


def ensure_user(keystone, auth_url, name, password, project, role):
    """Create the user with a role on its default project, or reset its password if it changed.

    The password is only written when it no longer works, because Keystone revokes a user's
    tokens when the password is updated.
    """
    users = keystone.users.list(name=name, domain=DOMAIN_ID)
    if users:
        user = users[0]
    else:
        user = keystone.users.create(
            name=name, domain=DOMAIN_ID, password=password, default_project=project
        )
    # Role grants are PUT requests, so granting an existing assignment again changes nothing.
    keystone.roles.grant(role, user=user, project=project)
    if users and not password_works(auth_url, name, password, project.name):
        keystone.users.update(user, password=password)
    return user


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
    demo_user = ensure_user(keystone, auth_url, "demo", passwords["demo"], demo_project, member_role)
    demo2_user = ensure_user(
        keystone, auth_url, "demo2", passwords["demo2"], demo_project, member_role
    )
    # keystonemiddleware in nova-api authenticates as this user to validate request tokens.
    # Keystone 22's identity:validate_token rule accepts the admin role or the service role.
    nova_user = ensure_user(
        keystone, auth_url, "nova", passwords["nova"], service_project, admin_role
    )
    keystone.roles.grant(service_role, user=nova_user, project=service_project)

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
    }
    temporary_path = output_path + ".tmp"
    with open(os.open(temporary_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as file:
        json.dump(rig, file, indent=2)
        file.write("\n")
    os.replace(temporary_path, output_path)


if __name__ == "__main__":
    main()
