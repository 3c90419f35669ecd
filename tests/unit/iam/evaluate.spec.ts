import * as assert from "node:assert/strict";

import { KEYPAIR_ACTIONS, requiredActions } from "../../../provider/iam/actions";
import { evaluateAction, evaluateActions, HeldPermission } from "../../../provider/iam/evaluate";

const IDENTITY = { userName: "alice", userId: "u-1", domainName: "example", projectName: "cn-north-4" };
const CREATE = KEYPAIR_ACTIONS.create;

function custom(displayName: string, ...statements: object[]): HeldPermission {
    return { displayName, document: { Version: "1.1", Statement: statements } };
}

/** A role that allows keypair creation and depends on Tenant Guest. */
const NEEDS_GUEST: HeldPermission = {
    displayName: "needs-guest",
    document: {
        Version: "1.0",
        Statement: [{ Effect: "Allow", Action: [KEYPAIR_ACTIONS.create] }],
        Depends: [{ catalog: "BASE", display_name: "Tenant Guest" }],
    },
};

function decide(action: string, ...permissions: HeldPermission[]) {
    return evaluateAction(action, { identity: IDENTITY, permissions });
}

describe("evaluateAction", () => {
    it("denies implicitly without permissions", () => {
        const result = decide(CREATE);
        assert.equal(result.decision, "denied");
        assert.equal(result.decidedBy, undefined);
        assert.match(result.reason, /no statement/);
    });

    it("lets a Deny win across permissions", () => {
        const result = decide(
            CREATE,
            custom("allow-keypairs", { Effect: "Allow", Action: ["ecs:serverKeypairs:*"] }),
            custom("deny-create", { Effect: "Deny", Action: [CREATE] }),
        );
        assert.equal(result.decision, "denied");
        assert.equal(result.decidedBy?.permission, "deny-create");
        assert.equal(result.considered.length, 2);
    });

    it("lets a Deny win within one document", () => {
        const result = decide(
            CREATE,
            custom("mixed", { Effect: "Allow", Action: ["ecs:*:*"] }, { Effect: "Deny", Action: ["ecs:serverKeypairs:create"] }),
        );
        assert.equal(result.decision, "denied");
        assert.equal(result.decidedBy?.statementNumber, 2);
    });

    it("leaves an undecidable Deny unknown", () => {
        const result = decide(
            CREATE,
            custom("allow", { Effect: "Allow", Action: ["ecs:serverKeypairs:*"] }),
            custom("deny-without-mfa", { Effect: "Deny", Action: [CREATE], Condition: { Bool: { "g:MFAPresent": ["false"] } } }),
        );
        assert.equal(result.decision, "unknown");
        assert.match(result.reason, /may deny/);
        assert.match(result.reason, /deny-without-mfa/);
    });

    it("drops a Deny whose condition is false", () => {
        const result = decide(
            CREATE,
            custom("allow", { Effect: "Allow", Action: ["ecs:serverKeypairs:*"] }),
            custom("deny-bob", { Effect: "Deny", Action: [CREATE], Condition: { StringEquals: { "g:UserName": ["bob"] } } }),
        );
        assert.equal(result.decision, "allowed");
        assert.equal(result.considered.find((outcome) => outcome.permission === "deny-bob")?.applies, "no");
    });

    it("leaves an undecidable Allow unknown", () => {
        const result = decide(CREATE, custom("from-office", { Effect: "Allow", Action: [CREATE], Condition: { IpAddress: { "g:SourceIp": ["10.0.0.0/8"] } } }));
        assert.equal(result.decision, "unknown");
        assert.match(result.reason, /may allow/);
    });

    it("accepts a JSON string document", () => {
        const document = JSON.stringify({ Version: "1.1", Statement: [{ Effect: "Allow", Action: [CREATE] }] });
        assert.equal(decide(CREATE, { displayName: "as-text", document }).decision, "allowed");
    });

    it("reports a 5.0 identity policy as unresolved", () => {
        const result = decide(CREATE, { displayName: "identity-policy", document: { Version: "5.0", Statement: [{ Effect: "Allow", Action: [CREATE] }] } });
        assert.equal(result.decision, "unknown");
        assert.equal(result.unresolved.length, 1);
        assert.match(result.unresolved[0].reason, /Version "5.0"/);
    });

    it("denies despite an unreadable permission", () => {
        const result = decide(CREATE, { displayName: "broken", document: "{not json" }, custom("deny", { Effect: "Deny", Action: [CREATE] }));
        assert.equal(result.decision, "denied");
    });

    it("lets an unreadable policy spoil Allow", () => {
        const result = decide(CREATE, { displayName: "broken", document: "{not json" }, custom("allow", { Effect: "Allow", Action: [CREATE] }));
        assert.equal(result.decision, "unknown");
        assert.match(result.reason, /may deny/);
    });

    it("leaves unknown names unresolved", () => {
        const result = decide(CREATE, { name: "some_custom_role" });
        assert.equal(result.decision, "unknown");
        assert.equal(result.unresolved[0].mayDeny, true);
    });

    it("lets documentless system permissions only allow", () => {
        const withAllow = decide(CREATE, { displayName: "FullAccess" }, custom("allow", { Effect: "Allow", Action: [CREATE] }));
        assert.equal(withAllow.decision, "allowed");
        assert.equal(withAllow.unresolved[0].mayDeny, false);
        const alone = decide(CREATE, { displayName: "FullAccess" });
        assert.equal(alone.decision, "unknown");
    });

    it("flags unknown statement elements", () => {
        const result = decide(CREATE, custom("with-sid", { Sid: "one", Effect: "Allow", Action: [CREATE] }));
        assert.equal(result.decision, "unknown");
        assert.match(result.reason, /Sid/);
    });

    it("counts an invalid Effect as Deny", () => {
        const result = decide(CREATE, custom("allow", { Effect: "Allow", Action: [CREATE] }), custom("odd", { Effect: "deny", Action: [CREATE] }));
        assert.equal(result.decision, "unknown");
        assert.match(result.reason, /odd/);
    });

    it("ignores statements whose Action cannot match", () => {
        const result = decide(CREATE, custom("odd", { Effect: "deny", Action: ["obs:*:*"] }), custom("allow", { Effect: "Allow", Action: [CREATE] }));
        assert.equal(result.decision, "allowed");
        assert.equal(result.considered.length, 1);
    });
});

describe("evaluateAction on role dependencies", () => {
    it("applies Server Administrator with all its dependencies", () => {
        const result = decide(
            CREATE,
            { name: "server_adm" },
            { name: "readonly" },
            { displayName: "VPC Administrator" },
            { displayName: "BSS Administrator" },
            { displayName: "IMS Administrator" },
        );
        assert.equal(result.decision, "allowed", result.reason);
        assert.equal(result.decidedBy?.permission, "Server Administrator");
        assert.deepEqual(
            result.unresolved.map((permission) => permission.permission),
            ["BSS Administrator", "IMS Administrator"],
        );
    });

    it("leaves Server Administrator alone unknown", () => {
        const result = decide(CREATE, { name: "server_adm" }, { name: "readonly" });
        assert.equal(result.decision, "unknown");
        assert.match(result.reason, /depends on BSS Administrator, VPC Administrator, IMS Administrator/);
    });

    it("resolves dependencies by earlier names", () => {
        assert.equal(decide(CREATE, NEEDS_GUEST, { displayName: "Guest" }).decision, "allowed");
        assert.equal(decide(CREATE, NEEDS_GUEST).decision, "unknown");
    });

    it("ignores dependencies from enterprise projects", () => {
        const result = decide(CREATE, NEEDS_GUEST, { name: "readonly", grantedThrough: "enterpriseProject" });
        assert.equal(result.decision, "unknown");
    });
});

describe("evaluateAction on enterprise projects", () => {
    it("ignores enterprise-project grants for keypairs", () => {
        const result = decide(CREATE, { displayName: "ECS CommonOperations", grantedThrough: "enterpriseProject" });
        assert.equal(result.decision, "denied");
        assert.equal(result.ignored.length, 1);
        assert.match(result.reason, /enterprise project/);
    });

    it("leaves other enterprise-project grants unknown", () => {
        const result = decide("ecs:cloudServers:start", { displayName: "ECS CommonOperations", grantedThrough: "enterpriseProject" });
        assert.equal(result.decision, "unknown");
    });
});

describe("evaluateActions", () => {
    it("decides each action of a replacement", () => {
        const results = evaluateActions(requiredActions("replace"), { identity: IDENTITY, permissions: [{ displayName: "ECS ReadOnlyAccess" }] });
        assert.deepEqual(
            results.map((result) => [result.action, result.decision]),
            [
                [KEYPAIR_ACTIONS.create, "denied"],
                [KEYPAIR_ACTIONS.delete, "denied"],
            ],
        );
    });
});

describe("requiredActions", () => {
    it("maps each operation to its actions", () => {
        assert.deepEqual(requiredActions("create"), ["ecs:serverKeypairs:create"]);
        assert.deepEqual(requiredActions("replace"), ["ecs:serverKeypairs:create", "ecs:serverKeypairs:delete"]);
        assert.deepEqual(requiredActions("refresh"), ["ecs:serverKeypairs:get"]);
        assert.deepEqual(requiredActions("destroy"), ["ecs:serverKeypairs:delete"]);
        assert.deepEqual(requiredActions("list"), ["ecs:serverKeypairs:list"]);
    });
});
