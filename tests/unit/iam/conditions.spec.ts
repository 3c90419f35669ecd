import * as assert from "node:assert/strict";

import { conditionContext, evaluateCondition } from "../../../provider/iam/conditions";
import { Truth } from "../../../provider/iam/match";

const CONTEXT = conditionContext({
    userName: "TestUser01",
    userId: "0a1b2c",
    domainName: "ExampleAccount",
    projectName: "cn-north-4",
    projectId: "p-123",
});

describe("evaluateCondition", () => {
    const cases: [name: string, condition: Record<string, Record<string, string[]>>, expected: Truth][] = [
        ["StringEquals is case-sensitive", { StringEquals: { "g:DomainName": ["exampleaccount"] } }, "no"],
        ["StringEquals matches any value", { StringEquals: { "g:ProjectName": ["eu-west-0", "cn-north-4"] } }, "yes"],
        ["StringNotEquals needs every value to differ", { StringNotEquals: { "g:ProjectName": ["eu-west-0", "cn-north-4"] } }, "no"],
        ["StringNotEquals with other values", { StringNotEquals: { "g:ProjectName": ["eu-west-0"] } }, "yes"],
        ["StringEqualsIgnoreCase ignores case", { StringEqualsIgnoreCase: { "g:DomainName": ["exampleaccount"] } }, "yes"],
        ["StringNotEqualsIgnoreCase ignores case", { StringNotEqualsIgnoreCase: { "g:DomainName": ["EXAMPLEACCOUNT"] } }, "no"],
        ["StringStartWith ignores case", { StringStartWith: { "g:UserName": ["testuser"] } }, "yes"],
        ["StringNotStartWith", { StringNotStartWith: { "g:UserName": ["Admin"] } }, "yes"],
        ["StringEndWith", { StringEndWith: { "g:UserName": ["01"] } }, "yes"],
        ["StringNotEndWith", { StringNotEndWith: { "g:UserName": ["01"] } }, "no"],
        ["StringLike means contains", { StringLike: { "g:UserName": ["user0"] } }, "yes"],
        ["StringNotLike", { StringNotLike: { "g:UserName": ["admin"] } }, "yes"],
        ["StringMatch takes * and ?", { StringMatch: { "g:UserName": ["Test*0?"] } }, "yes"],
        ["StringMatch is case-sensitive", { StringMatch: { "g:UserName": ["test*"] } }, "no"],
        ["StringNotMatch", { StringNotMatch: { "g:UserName": ["Test*"] } }, "no"],
        ["AnyOf form", { StringEqualsAnyOf: { "g:UserId": ["ffff", "0a1b2c"] } }, "yes"],
        ["IfExists with a known value", { StringEqualsIfExists: { "g:UserName": ["someone"] } }, "no"],
        ["ForAnyValue qualifier", { "ForAnyValue:StringEquals": { "g:ProjectName": ["cn-north-4"] } }, "yes"],
        ["ForAllValues qualifier", { "ForAllValues:StringNotEquals": { "g:ProjectName": ["cn-north-4"] } }, "no"],
        ["Null false on a known key", { Null: { "g:UserName": ["false"] } }, "yes"],
        ["Null true on a known key", { Null: { "g:UserName": ["true"] } }, "no"],
        ["keys are combined with AND", { StringEquals: { "g:UserName": ["TestUser01"], "g:ProjectName": ["eu-west-0"] } }, "no"],
        ["operators are combined with AND", { StringEquals: { "g:UserName": ["TestUser01"] }, StringStartWith: { "g:ProjectName": ["cn-"] } }, "yes"],
        ["false wins over unknown", { Bool: { "g:MFAPresent": ["true"] }, StringEquals: { "g:UserName": ["other"] } }, "no"],
        ["g:CurrentTime is unknown", { DateLessThan: { "g:CurrentTime": ["2030-01-01T00:00:00Z"] } }, "unknown"],
        ["g:MFAPresent is unknown", { Bool: { "g:MFAPresent": ["true"] } }, "unknown"],
        ["a service key is unknown", { StringEquals: { "ecs:keypairType": ["ssh"] } }, "unknown"],
        ["undocumented g:ProjectId is unknown", { StringEquals: { "g:ProjectId": ["p-123"] } }, "unknown"],
        ["an unknown operator is unknown", { StringSoundsLike: { "g:UserName": ["TestUser01"] } }, "unknown"],
        ["a number operator on a name is unknown", { NumberEquals: { "g:UserName": ["1"] } }, "unknown"],
        ["Null with IfExists is unknown", { NullIfExists: { "g:UserName": ["false"] } }, "unknown"],
        ["Null with another value is unknown", { Null: { "g:UserName": ["maybe"] } }, "unknown"],
        ["key names are exact", { StringEquals: { "g:username": ["TestUser01"] } }, "unknown"],
        ["true and unknown is unknown", { StringEquals: { "g:UserName": ["TestUser01"] }, Bool: { "g:MFAPresent": ["true"] } }, "unknown"],
    ];
    for (const [name, condition, expected] of cases) {
        it(name, () => {
            const check = evaluateCondition(condition, CONTEXT);
            assert.equal(check.result, expected, check.reason);
        });
    }

    it("treats an absent Condition as true", () => {
        assert.equal(evaluateCondition(undefined, CONTEXT).result, "yes");
    });

    it("leaves missing identity fields unknown", () => {
        const check = evaluateCondition({ StringEquals: { "g:UserName": ["TestUser01"] } }, conditionContext({ projectName: "cn-north-4" }));
        assert.equal(check.result, "unknown");
        assert.match(check.reason ?? "", /g:UserName/);
    });

    it("ignores Object prototype members", () => {
        assert.equal(evaluateCondition({ constructor: { "g:UserName": ["x"] } }, CONTEXT).result, "unknown");
        assert.equal(evaluateCondition({ StringEquals: { toString: ["x"] } }, CONTEXT).result, "unknown");
    });

    it("names the condition in the reason", () => {
        const check = evaluateCondition({ StringStartWith: { "g:UserName": ["TestUser"] } }, CONTEXT);
        assert.equal(check.result, "yes");
        assert.match(check.reason ?? "", /StringStartWith g:UserName \["TestUser"\] is true for "TestUser01"/);
    });
});
