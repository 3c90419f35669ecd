import * as assert from "node:assert/strict";

import { matchAction, matchResources, Truth } from "../../../provider/iam/match";

const CREATE = "ecs:serverKeypairs:create";
const GET = "ecs:serverKeypairs:get";

describe("matchAction", () => {
    const cases: [pattern: string, action: string, expected: Truth][] = [
        ["*", CREATE, "yes"],
        ["*:*:*", CREATE, "yes"],
        ["ecs:*:*", CREATE, "yes"],
        ["ecs:*", CREATE, "yes"],
        ["ecs:serverKeypairs:*", CREATE, "yes"],
        ["ecs:serverKeypairs:create", CREATE, "yes"],
        ["ecs:*:get*", GET, "yes"],
        ["ecs:*:get*", CREATE, "no"],
        ["ecs:*:get", GET, "yes"],
        ["ecs:*:list*", "ecs:serverKeypairs:list", "yes"],
        ["ecs:*:list", GET, "no"],
        ["evs:*:*", CREATE, "no"],
        ["identity:*", CREATE, "no"],
        ["ecs:serverKeypairs", CREATE, "no"],
        ["ecs:servers:create", CREATE, "no"],
        // Resource types and operations have no case.
        ["ecs:SERVERKEYPAIRS:CREATE", CREATE, "yes"],
        ["ecs:serverkeypairs:*", CREATE, "yes"],
        ["*:*:Get*", GET, "yes"],
        ["ecs:*:Create", CREATE, "yes"],
        // Service names are lower case only; another spelling is not documented.
        ["ECS:serverKeypairs:create", CREATE, "unknown"],
        ["Ecs:*:*", CREATE, "unknown"],
        ["ECS:*:get*", CREATE, "no"],
        // "?" is documented for condition values only.
        ["ecs:serverKeypairs:?reate", CREATE, "unknown"],
        ["ecs:serverKeypairs:?et", CREATE, "no"],
        [" ecs:serverKeypairs:create", CREATE, "unknown"],
        [" evs:*:*", CREATE, "no"],
    ];
    for (const [pattern, action, expected] of cases) {
        it(`"${pattern}" against ${action} is ${expected}`, () => {
            const check = matchAction(pattern, action);
            assert.equal(check.result, expected, check.reason);
            if (expected === "unknown") {
                assert.ok(check.reason, "an unknown match needs a reason");
            }
        });
    }
});

describe("matchResources", () => {
    const cases: [resources: string[] | undefined, action: string, expected: Truth][] = [
        [undefined, CREATE, "yes"],
        [["*"], CREATE, "yes"],
        [["ecs:*:*:*:*"], CREATE, "yes"],
        [["ecs:*:*:serverKeypairs:*"], CREATE, "yes"],
        [["obs:*:*:bucket:*"], "obs:bucket:ListBucket", "yes"],
        [["OBS:*:*:bucket:*"], "obs:bucket:ListBucket", "yes"],
        [["obs:*:*:bucket:TestBucket*"], "obs:bucket:ListBucket", "unknown"],
        [["ecs:cn-north-4:*:*:*"], CREATE, "unknown"],
        [["obs:*:*:bucket:*"], CREATE, "no"],
        [["obs:*:*:bucket:*", "ecs:*:*:*:*"], CREATE, "yes"],
    ];
    for (const [resources, action, expected] of cases) {
        it(`${JSON.stringify(resources)} for ${action} is ${expected}`, () => {
            assert.equal(matchResources(resources, action).result, expected);
        });
    }
});
