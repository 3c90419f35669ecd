import * as assert from "node:assert/strict";

import { ApiError } from "../../../provider/errors";
import { HttpResponse } from "../../../provider/http/client";
import { KEYPAIR_ACTIONS } from "../../../provider/iam/actions";
import { PermissionResolver } from "../../../provider/iam/resolve";
import { ComputeClient, ComputeRequest } from "../../../provider/nova/compute";
import { IAM_PROJECT as PROJECT, IAM_USER as USER, Route, TableIam } from "../../support/iam-table";


const FULL = { Version: "1.1", Statement: [{ Effect: "Allow", Action: ["ecs:*:*"] }] };
const DENY_DELETE = { Version: "1.1", Statement: [{ Effect: "Deny", Action: ["ecs:serverKeypairs:delete"] }] };

/** A compute API whose probes return a fixed status per method. */
function fakeCompute(probeStatus: { GET?: number; DELETE?: number }): { compute: ComputeClient; probes: ComputeRequest[] } {
    const probes: ComputeRequest[] = [];
    const compute = {
        async identity() {
            return { userId: USER, projectId: PROJECT };
        },
        async versionRange() {
            return { min: [2, 1], max: [2, 93] };
        },
        async request(req: ComputeRequest): Promise<HttpResponse> {
            probes.push(req);
            const status = probeStatus[req.method as "GET" | "DELETE"] ?? 500;
            if (!req.expect.includes(status)) {
                throw new ApiError({ status, method: req.method, url: `http://nova.test${req.path}` });
            }
            return { status, headers: {}, body: { keypairs: [] } };
        },
    };
    return { compute: compute as unknown as ComputeClient, probes };
}

function token(roles: string[]): Route {
    return {
        status: 200,
        body: {
            token: {
                user: { id: USER, name: "alice", domain: { id: "d-1", name: "acme" } },
                project: { id: PROJECT, name: "ap-southeast-1" },
                roles: roles.map((name, index) => ({ id: `r-${index}`, name })),
            },
        },
    };
}

/** IAM routes of a caller whose grants, all on the project, are readable. */
function readableGrants(roles: { id: string; name: string; display_name: string; policy: unknown }[]): Record<string, Route> {
    return {
        "/v3/auth/tokens": token(roles.map((role) => role.name)),
        [`/v3/users/${USER}/groups`]: { status: 200, body: { groups: [{ id: "g-1", name: "dev" }] } },
        [`/v3/projects/${PROJECT}/users/${USER}/roles`]: { status: 404 },
        [`/v3/OS-INHERIT/domains/d-1/users/${USER}/roles/inherited_to_projects`]: { status: 404 },
        [`/v3/projects/${PROJECT}/groups/g-1/roles`]: { status: 200, body: { roles } },
        "/v3/OS-INHERIT/domains/d-1/groups/g-1/roles/inherited_to_projects": { status: 200, body: { roles: [] } },
    };
}

describe("permission resolver", () => {
    it("decides from IAM grants without probing", async () => {
        const iam = new TableIam(readableGrants([{ id: "r1", name: "full", display_name: "ECS FullAccess", policy: FULL }]));
        const { compute, probes } = fakeCompute({});
        const resolver = new PermissionResolver(compute, iam, []);

        const verdict = await resolver.verdict(KEYPAIR_ACTIONS.create);

        assert.equal(verdict.decision, "allowed");
        assert.match(verdict.source, /^IAM/);
        assert.equal(probes.length, 0);
    });

    it("lets an IAM Deny win over an Allow", async () => {
        const iam = new TableIam(
            readableGrants([
                { id: "r1", name: "full", display_name: "ECS FullAccess", policy: FULL },
                { id: "r2", name: "nodelete", display_name: "No delete", policy: DENY_DELETE },
            ]),
        );
        const resolver = new PermissionResolver(fakeCompute({}).compute, iam, []);

        const verdict = await resolver.verdict(KEYPAIR_ACTIONS.delete);

        assert.equal(verdict.decision, "denied");
        assert.match(verdict.explanation, /statement 1 of "No delete"/);
        assert.match(verdict.explanation, /IAM user "alice"/);
        assert.equal((await resolver.verdict(KEYPAIR_ACTIONS.create)).decision, "allowed");
    });

    it("names a system policy for a missing grant", async () => {
        const iam = new TableIam(readableGrants([]));
        const resolver = new PermissionResolver(fakeCompute({}).compute, iam, []);

        const verdict = await resolver.verdict(KEYPAIR_ACTIONS.create, [KEYPAIR_ACTIONS.create]);

        assert.equal(verdict.decision, "denied");
        assert.match(verdict.explanation, /No permissions are granted/);
        assert.match(verdict.explanation, /Grant the system policy "/);
    });

    it("falls back to the token's roles when grants are unreadable", async () => {
        // "readonly" is Tenant Guest's internal name: reads only.
        const iam = new TableIam({ "/v3/auth/tokens": token(["readonly", "op_gated_ecs_spot"]) });
        const { compute, probes } = fakeCompute({});
        const resolver = new PermissionResolver(compute, iam, []);

        const create = await resolver.verdict(KEYPAIR_ACTIONS.create);
        const list = await resolver.verdict(KEYPAIR_ACTIONS.list);

        assert.equal(create.decision, "denied");
        assert.match(create.source, /roles in the caller's token/);
        assert.equal(list.decision, "allowed");
        assert.equal(probes.length, 0);
    });

    it("fills a token role's document from the configuration", async () => {
        const iam = new TableIam({ "/v3/auth/tokens": token(["custom_keys"]) });
        const resolver = new PermissionResolver(fakeCompute({}).compute, iam, [{ name: "custom_keys", document: FULL }]);

        const verdict = await resolver.verdict(KEYPAIR_ACTIONS.create);

        assert.equal(verdict.decision, "allowed");
        assert.match(verdict.source, /stack configuration/);
    });

    it("notes a configured policy that matches no role read", async () => {
        const iam = new TableIam({ "/v3/auth/tokens": token(["readonly"]) });
        const notes: string[] = [];
        const resolver = new PermissionResolver(fakeCompute({}).compute, iam, [{ name: "ECS FullAcess", document: FULL }], (note) =>
            notes.push(note),
        );

        const verdict = await resolver.verdict(KEYPAIR_ACTIONS.create);

        assert.equal(verdict.decision, "allowed");
        assert.equal(notes.length, 1);
        assert.match(notes[0], /names "ECS FullAcess", which is not among the permissions/);
    });

    it("probes what the documents leave open", async () => {
        const iam = new TableIam({ "/v3/auth/tokens": token(["member"]) });
        const { compute, probes } = fakeCompute({ GET: 404, DELETE: 403 });
        const resolver = new PermissionResolver(compute, iam, []);

        const get = await resolver.verdict(KEYPAIR_ACTIONS.get);
        const remove = await resolver.verdict(KEYPAIR_ACTIONS.delete);
        const create = await resolver.verdict(KEYPAIR_ACTIONS.create);

        assert.equal(get.decision, "allowed");
        assert.equal(get.source, "a probe of the os-keypairs API");
        assert.equal(remove.decision, "denied");
        assert.match(remove.explanation, /DELETE of a keypair that does not exist returned 403/);
        assert.equal(create.decision, "unknown");
        assert.match(create.explanation, /cannot be probed/);
        assert.deepEqual(
            probes.map((probe) => probe.method),
            ["GET", "DELETE"],
        );
        assert.match(probes[0].path, /^\/os-keypairs\/permission-probe-[0-9a-f]{24}$/);
    });

    it("reads IAM once for many verdicts", async () => {
        const iam = new TableIam(readableGrants([{ id: "r1", name: "full", display_name: "ECS FullAccess", policy: FULL }]));
        const resolver = new PermissionResolver(fakeCompute({}).compute, iam, []);

        await resolver.verdict(KEYPAIR_ACTIONS.create);
        const afterOne = iam.requested.length;
        await Promise.all(Array.from({ length: 50 }, () => resolver.verdict(KEYPAIR_ACTIONS.create)));
        await Promise.all(Array.from({ length: 50 }, () => resolver.verdict(KEYPAIR_ACTIONS.delete)));

        assert.ok(afterOne > 0);
        assert.equal(iam.requested.length, afterOne);
        assert.deepEqual(await resolver.requestCounts(), { iam: afterOne, probes: 0 });
    });

    it("turns an unreachable cloud into an unknown verdict", async () => {
        const iam = new TableIam({ "/v3/auth/tokens": token(["member"]) });
        const { compute } = fakeCompute({ GET: 503 });
        const resolver = new PermissionResolver(compute, iam, []);

        const verdict = await resolver.verdict(KEYPAIR_ACTIONS.list);

        assert.equal(verdict.decision, "unknown");
        assert.match(verdict.explanation, /HTTP 503/);
    });
});
