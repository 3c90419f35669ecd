import * as assert from "node:assert/strict";

import { evaluateAction } from "../../../provider/iam/evaluate";
import { POLICY_EXAMPLES } from "./policy-examples";

describe("evaluateAction on Huawei's documented examples", () => {
    for (const example of POLICY_EXAMPLES) {
        it(example.name, () => {
            const result = evaluateAction(example.action, { identity: example.identity, permissions: example.permissions });
            const context = `${example.source}\n${result.reason}`;
            assert.equal(result.decision, example.expected, context);
            if (example.decidedBy !== undefined) {
                assert.equal(result.decidedBy?.permission, example.decidedBy.permission, context);
                assert.equal(result.decidedBy?.statementNumber, example.decidedBy.statementNumber, context);
            } else {
                assert.equal(result.decidedBy, undefined, context);
            }
        });
    }
});
