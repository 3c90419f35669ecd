import * as assert from "node:assert/strict";

import { readIam } from "../../../provider/iam/reader";
import { IAM_PROJECT as PROJECT, IAM_USER as USER, TableIam } from "../../support/iam-table";

const FULL = { Version: "1.1", Statement: [{ Effect: "Allow", Action: ["ecs:*:*"] }] };

function tokenBody(extra: Record<string, unknown> = {}) {
    return {
        token: {
            user: { id: USER, name: "alice", domain: { id: "d-1", name: "acme" } },
            project: { id: PROJECT, name: "ap-southeast-1", domain: { id: "d-1" } },
            roles: [{ id: "r-1", name: "system_all_3" }],
            ...extra,
        },
    };
}

describe("IAM reader", () => {
    it("joins group grants on the project and for all projects", async () => {
        const iam = new TableIam({
            "/v3/auth/tokens": { status: 200, body: tokenBody() },
            [`/v3/users/${USER}/groups`]: { status: 200, body: { groups: [{ id: "g-1", name: "dev" }] } },
            [`/v3/projects/${PROJECT}/users/${USER}/roles`]: { status: 404 },
            [`/v3/OS-INHERIT/domains/d-1/users/${USER}/roles/inherited_to_projects`]: { status: 404 },
            [`/v3/projects/${PROJECT}/groups/g-1/roles`]: { status: 200, body: { roles: [{ id: "r-1", name: "system_all_3" }] } },
            "/v3/OS-INHERIT/domains/d-1/groups/g-1/roles/inherited_to_projects": {
                status: 200,
                body: { roles: [{ id: "r-2", name: "custom", display_name: "Keys", policy: FULL }] },
            },
            "/v3/roles/r-1": { status: 200, body: { role: { id: "r-1", name: "system_all_3", display_name: "ECS FullAccess", policy: FULL } } },
        });

        const reading = await readIam(iam);

        assert.deepEqual(reading.problems, []);
        assert.equal(reading.token?.identity.userName, "alice");
        assert.deepEqual(
            reading.grants?.map((grant) => [grant.displayName, grant.via, grant.document !== undefined]),
            [
                ["ECS FullAccess", "project grant to group dev", true],
                ["Keys", "grant to group dev for all projects", true],
            ],
        );
        assert.equal(reading.calls, iam.requested.length);
        assert.ok(!iam.requested.includes("/v3/roles/r-2"), "a grant list that carries the document needs no role read");
    });

    it("reports unreadable grants and keeps the token", async () => {
        const iam = new TableIam({
            "/v3/auth/tokens": { status: 200, body: tokenBody() },
            [`/v3/users/${USER}/groups`]: { status: 200, body: { groups: [] } },
        });

        const reading = await readIam(iam);

        assert.equal(reading.grants, undefined);
        assert.deepEqual(reading.token?.roles, [{ id: "r-1", name: "system_all_3" }]);
        assert.equal(reading.problems.length, 2);
        assert.match(reading.problems[0], /HTTP 403, the caller may not read it/);
    });

    it("reads an agency's grants for an assumed-role token", async () => {
        const iam = new TableIam({
            "/v3/auth/tokens": { status: 200, body: tokenBody({ assumed_by: { user: { id: "u-9", name: "bob" } } }) },
            [`/v3.0/OS-AGENCY/projects/${PROJECT}/agencies/${USER}/roles`]: {
                status: 200,
                body: { roles: [{ id: "r-3", name: "custom", display_name: "Agency keys", policy: FULL }] },
            },
            [`/v3.0/OS-INHERIT/domains/d-1/agencies/${USER}/roles/inherited_to_projects`]: { status: 200, body: { roles: [] } },
        });

        const reading = await readIam(iam);

        assert.equal(reading.token?.agencyId, USER);
        assert.deepEqual(
            reading.grants?.map((grant) => grant.via),
            ["project grant to the agency"],
        );
        assert.ok(!iam.requested.some((path) => path.includes("/groups")), "an agency has no user groups to read");
    });

    it("finds the owner of an access key", async () => {
        const iam = new TableIam(
            {
                "/v3.0/OS-CREDENTIAL/credentials/AKEXAMPLE": { status: 200, body: { credential: { user_id: USER } } },
                [`/v3/users/${USER}`]: { status: 200, body: { user: { id: USER, name: "ci-bot", domain_id: "d-1" } } },
            },
            "AKEXAMPLE",
        );

        const reading = await readIam(iam);

        assert.equal(reading.token?.identity.userName, "ci-bot");
        assert.ok(!iam.requested.includes("/v3/auth/tokens"), "a signed request has no token to read");
    });
});
