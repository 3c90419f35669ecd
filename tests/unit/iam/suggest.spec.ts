import * as assert from "node:assert/strict";

import { KEYPAIR_ACTIONS, requiredActions } from "../../../provider/iam/actions";
import { EvaluationRequest, evaluateAction } from "../../../provider/iam/evaluate";
import { describeDenial, suggestPolicy } from "../../../provider/iam/suggest";

describe("suggestPolicy", () => {
    const cases: [operation: Parameters<typeof requiredActions>[0], expected: string][] = [
        ["create", "ECS CommonOperations"],
        ["replace", "ECS CommonOperations"],
        ["destroy", "ECS CommonOperations"],
        ["refresh", "ECS ReadOnlyAccess"],
        ["list", "ECS ReadOnlyAccess"],
    ];
    for (const [operation, expected] of cases) {
        it(`suggests ${expected} for ${operation}`, () => {
            assert.equal(suggestPolicy(requiredActions(operation))?.displayName, expected);
        });
    }

    it("falls back to broader policies", () => {
        const catalogue = [
            { displayName: "ECS FullAccess", aliases: [], kind: "policy" as const, source: "", scopeRank: 4, document: { Version: "1.1", Statement: [{ Effect: "Allow", Action: ["ecs:*:*"] }] } },
            { displayName: "ECS CommonOperations", aliases: [], kind: "policy" as const, source: "", scopeRank: 3, document: { Version: "1.1", Statement: [{ Effect: "Allow", Action: ["ecs:serverKeypairs:*"] }] } },
        ];
        assert.equal(suggestPolicy([KEYPAIR_ACTIONS.create], catalogue)?.displayName, "ECS CommonOperations");
    });

    it("suggests nothing for IAM actions", () => {
        assert.equal(suggestPolicy(["iam:users:createUser"]), undefined);
    });
});

describe("describeDenial", () => {
    const request: EvaluationRequest = {
        identity: { userName: "alice", userId: "u-1", projectName: "cn-north-4", projectId: "p-9" },
        permissions: [{ displayName: "ECS ReadOnlyAccess" }, { name: "readonly" }],
    };

    it("lists action, user, project, policy", () => {
        const decision = evaluateAction(KEYPAIR_ACTIONS.create, request);
        const message = describeDenial(decision, request);
        assert.match(message, /ecs:serverKeypairs:create/);
        assert.match(message, /IAM user "alice" \(ID u-1\)/);
        assert.match(message, /project "cn-north-4" \(ID p-9\)/);
        assert.match(message, /Granted in this project: ECS ReadOnlyAccess, Tenant Guest\./);
        assert.match(message, /Grant the system policy "ECS CommonOperations"/);
    });

    it("covers every action of the operation", () => {
        const decision = evaluateAction(KEYPAIR_ACTIONS.delete, request);
        const message = describeDenial(decision, request, requiredActions("replace"));
        assert.match(message, /allows ecs:serverKeypairs:create and ecs:serverKeypairs:delete/);
    });

    it("names the explicit Deny statement", () => {
        const denying: EvaluationRequest = {
            identity: { userName: "alice" },
            permissions: [
                { displayName: "ECS FullAccess" },
                { displayName: "deny-delete", document: { Version: "1.1", Statement: [{ Effect: "Deny", Action: [KEYPAIR_ACTIONS.delete] }] } },
            ],
        };
        const message = describeDenial(evaluateAction(KEYPAIR_ACTIONS.delete, denying), denying);
        assert.match(message, /statement 1 of "deny-delete"/);
        assert.match(message, /explicit Deny/);
        assert.doesNotMatch(message, /Grant the system policy/);
    });

    it("explains enterprise-project grants", () => {
        const through: EvaluationRequest = {
            identity: {},
            permissions: [{ displayName: "ECS CommonOperations", grantedThrough: "enterpriseProject" }],
        };
        const message = describeDenial(evaluateAction(KEYPAIR_ACTIONS.create, through), through);
        assert.match(message, /^the caller in the project is not allowed/);
        assert.match(message, /only per IAM project/);
    });

    it("reports an unknown decision", () => {
        const unknown: EvaluationRequest = { identity: {}, permissions: [{ displayName: "FullAccess" }] };
        const message = describeDenial(evaluateAction(KEYPAIR_ACTIONS.create, unknown), unknown);
        assert.match(message, /cannot tell/);
        assert.match(message, /FullAccess/);
    });

    it("reports no holdings", () => {
        const empty: EvaluationRequest = { identity: {}, permissions: [] };
        assert.match(describeDenial(evaluateAction(KEYPAIR_ACTIONS.list, empty), empty), /No permissions are granted/);
    });
});
