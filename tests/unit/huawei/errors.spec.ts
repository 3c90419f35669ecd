import * as assert from "node:assert/strict";

import { describeErrorBody } from "../../../provider/http/client";
import { describeHuaweiErrorBody, huaweiErrorHint } from "../../../provider/huawei/errors";
import { resolveHuaweiSettings } from "../../../provider/huawei/settings";

describe("describeHuaweiErrorBody", () => {
    it("reads the API gateway's body", () => {
        const body = { error_code: "APIGW.0301", error_msg: "Incorrect IAM authentication information: verify aksk signature fail", request_id: "r-1" };
        assert.deepEqual(describeHuaweiErrorBody(body), {
            serviceCode: "APIGW.0301",
            serviceMessage: "Incorrect IAM authentication information: verify aksk signature fail",
            requestId: "r-1",
        });
    });

    it("reads a service's nested error", () => {
        const body = { error: { code: "Ecs.0314", message: "The request is invalid." } };
        assert.deepEqual(describeHuaweiErrorBody(body), { serviceCode: "Ecs.0314", serviceMessage: "The request is invalid.", requestId: undefined });
    });

    it("reads IAM's body", () => {
        assert.deepEqual(describeHuaweiErrorBody({ error_code: "IAM.0006", error_msg: "The request you have made requires authentication." }), {
            serviceCode: "IAM.0006",
            serviceMessage: "The request you have made requires authentication.",
            requestId: undefined,
        });
    });

    it("leaves Nova and Keystone bodies alone", () => {
        assert.equal(describeHuaweiErrorBody({ itemNotFound: { code: 404, message: "gone" } }), undefined);
        assert.equal(describeHuaweiErrorBody({ error: { code: 401, title: "Unauthorized", message: "no" } }), undefined);
        assert.equal(describeHuaweiErrorBody({ error: { code: "401", title: "Unauthorized", message: "no" } }), undefined);
        assert.equal(describeHuaweiErrorBody("text"), undefined);
    });

    it("feeds describeErrorBody", () => {
        assert.deepEqual(describeErrorBody({ error: { code: "Ecs.0314", message: "m" } }), { serviceCode: "Ecs.0314", serviceMessage: "m" });
        assert.deepEqual(describeErrorBody({ error: { code: 401, title: "Unauthorized", message: "m" } }), {
            serviceCode: "Unauthorized",
            serviceMessage: "m",
        });
    });
});

describe("huaweiErrorHint", () => {
    const aksk = resolveHuaweiSettings(() => undefined, { HW_REGION_NAME: "r1", HW_ACCESS_KEY: "AK1", HW_SECRET_KEY: "SK" });
    const temporary = resolveHuaweiSettings(() => undefined, {
        HW_REGION_NAME: "r1",
        HW_ACCESS_KEY: "AK1",
        HW_SECRET_KEY: "SK",
        HW_SECURITY_TOKEN: "t",
    });
    const password = resolveHuaweiSettings(() => undefined, { HW_REGION_NAME: "r1", HW_USER_NAME: "u", HW_PASSWORD: "p", HW_DOMAIN_NAME: "a" });
    const signatureFailure = { serviceCode: "APIGW.0301", serviceMessage: "Incorrect IAM authentication information: verify aksk signature fail" };
    const signedAt = "20240501T100000Z";
    const request = (url = "https://ecs.r1.myhuaweicloud.com/v2.1/p/os-keypairs/k") => ({
        method: "GET" as const,
        url,
        headers: { "x-sdk-date": signedAt },
        expect: [200],
    });
    const response = (status: number, date = "Wed, 01 May 2024 10:00:02 GMT") => ({ status, headers: { date }, body: undefined });

    it("blames the secret key when clocks agree", () => {
        const hint = huaweiErrorHint(aksk)(request(), response(401), signatureFailure)!;
        assert.match(hint, /check that huaweicloud:secretKey or HW_SECRET_KEY is the secret key of access key AK1/);
        assert.match(hint, /not retried/);
        assert.doesNotMatch(hint, /minutes behind/);
    });

    it("measures a skewed clock", () => {
        const hint = huaweiErrorHint(aksk)(request(), response(401, "Wed, 01 May 2024 10:20:00 GMT"), signatureFailure)!;
        assert.match(hint, /This machine's clock is 20 minutes behind the server's/);
        assert.match(hint, /within 15 minutes/);
    });

    it("names the security token setting", () => {
        const permanent = huaweiErrorHint(aksk)(request(), response(401), signatureFailure)!;
        assert.match(permanent, /if the access key is temporary, also set its security token in huaweicloud:securityToken or HW_SECURITY_TOKEN/);
        const withToken = huaweiErrorHint(temporary)(request(), response(401), signatureFailure)!;
        assert.match(withToken, /temporary credentials expire/);
    });

    it("reports a locked access key", () => {
        const hint = huaweiErrorHint(aksk)(request(), response(401), {
            serviceCode: "APIGW.0301",
            serviceMessage: "Incorrect IAM authentication information: AK access failed to reach the limit,forbidden.",
        })!;
        assert.match(hint, /locked after repeated failed signatures/);
    });

    it("explains an expired IAM token", () => {
        const hint = huaweiErrorHint(password)(request(), response(401), {
            serviceCode: "APIGW.0301",
            serviceMessage: "Incorrect IAM authentication information: token expires, expires_at: 2024-05-01",
        })!;
        assert.match(hint, /The IAM token of user u was rejected as expired/);
    });

    it("explains keypairs of other IAM users", () => {
        const hint = huaweiErrorHint(aksk)(request(), response(403), { serviceMessage: "Policy doesn't allow os_compute_api:os-keypairs:show" });
        assert.match(hint!, /key pairs belong to the IAM user that created them/);
        assert.equal(huaweiErrorHint(aksk)(request("https://ecs/v2.1/p/servers"), response(403), {}), undefined);
    });

    it("adds nothing to other errors", () => {
        assert.equal(huaweiErrorHint(aksk)(request(), response(500), {}), undefined);
    });
});
