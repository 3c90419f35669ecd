import * as assert from "node:assert/strict";

import { KeypairError } from "../../../provider/errors";
import {
    authMethodOf,
    ecsBaseUrl,
    iamBaseUrl,
    huaweiSettingsPresent,
    resolveHuaweiSettings,
    tokenUrl,
} from "../../../provider/huawei/settings";

const noConfig = () => undefined;
const akskEnv = { HW_REGION_NAME: "ap-southeast-1", HW_ACCESS_KEY: "AK", HW_SECRET_KEY: "SK" };

function invalidConfig(run: () => unknown): string {
    try {
        run();
    } catch (error) {
        assert.ok(KeypairError.isInstance(error), "a KeypairError");
        assert.equal(error.code, "INVALID_CONFIG");
        return error.message;
    }
    assert.fail("no error was thrown");
}

describe("resolveHuaweiSettings", () => {
    it("reads AK/SK from the environment", () => {
        const settings = resolveHuaweiSettings(noConfig, { ...akskEnv, HW_SECURITY_TOKEN: "tok", HW_PROJECT_ID: "p1" });
        assert.equal(settings.kind, "huaweicloud");
        assert.equal(settings.region, "ap-southeast-1");
        assert.equal(settings.accessKey, "AK");
        assert.equal(settings.secretKey, "SK");
        assert.equal(settings.securityToken, "tok");
        assert.equal(settings.projectId, "p1");
        assert.equal(settings.cloud, "myhuaweicloud.com");
        assert.equal(settings.insecure, false);
        assert.equal(authMethodOf(settings), "aksk");
    });

    it("prefers stack config over the environment", () => {
        const config = (key: string) => ({ "huaweicloud:region": "cn-north-4", "huaweicloud:secretKey": "from-config" })[key];
        const settings = resolveHuaweiSettings(config, akskEnv);
        assert.equal(settings.region, "cn-north-4");
        assert.equal(settings.secretKey, "from-config");
        assert.equal(settings.accessKey, "AK");
    });

    it("reads password auth with both password variables", () => {
        const base = { HW_REGION_NAME: "r1", HW_USER_NAME: "u", HW_DOMAIN_NAME: "acct" };
        assert.equal(resolveHuaweiSettings(noConfig, { ...base, HW_PASSWORD: "a" }).password, "a");
        assert.equal(resolveHuaweiSettings(noConfig, { ...base, HW_USER_PASSWORD: "b" }).password, "b");
        assert.equal(resolveHuaweiSettings(noConfig, { ...base, HW_PASSWORD: "a", HW_USER_PASSWORD: "b" }).password, "a");
        assert.equal(authMethodOf(resolveHuaweiSettings(noConfig, { ...base, HW_PASSWORD: "a" })), "password");
    });

    it("derives the default endpoints", () => {
        const settings = resolveHuaweiSettings(noConfig, akskEnv);
        assert.equal(ecsBaseUrl(settings), "https://ecs.ap-southeast-1.myhuaweicloud.com");
        assert.equal(iamBaseUrl(settings), "https://iam.ap-southeast-1.myhuaweicloud.com");
        assert.equal(tokenUrl(settings), "https://iam.ap-southeast-1.myhuaweicloud.com/v3/auth/tokens");
    });

    it("uses the cloud's domain suffix", () => {
        const settings = resolveHuaweiSettings(noConfig, { ...akskEnv, HW_CLOUD: "example.test" });
        assert.equal(ecsBaseUrl(settings), "https://ecs.ap-southeast-1.example.test");
        assert.equal(iamBaseUrl(settings), "https://iam.ap-southeast-1.example.test");
    });

    it("takes endpoint overrides as JSON", () => {
        const config = (key: string) =>
            key === "huaweicloud:endpoints" ? JSON.stringify({ ecs: "http://127.0.0.1:1/", iam: "http://127.0.0.1:2" }) : undefined;
        const settings = resolveHuaweiSettings(config, akskEnv);
        assert.equal(ecsBaseUrl(settings), "http://127.0.0.1:1");
        assert.equal(iamBaseUrl(settings), "http://127.0.0.1:2");
        assert.equal(tokenUrl(settings), "http://127.0.0.1:2/v3/auth/tokens");
    });

    it("derives IAM from the auth URL", () => {
        const settings = resolveHuaweiSettings(noConfig, { ...akskEnv, HW_AUTH_URL: "http://127.0.0.1:3/v3/" });
        assert.equal(iamBaseUrl(settings), "http://127.0.0.1:3");
        assert.equal(tokenUrl(settings), "http://127.0.0.1:3/v3/auth/tokens");
    });

    it("names each missing setting", () => {
        const message = invalidConfig(() => resolveHuaweiSettings(noConfig, { HW_PROJECT_ID: "p" }));
        assert.match(message, /region is missing: set huaweicloud:region or HW_REGION_NAME/);
        assert.match(message, /no credentials: set huaweicloud:accessKey or HW_ACCESS_KEY and huaweicloud:secretKey or HW_SECRET_KEY/);
        assert.match(message, /huaweicloud:password or HW_PASSWORD or HW_USER_PASSWORD/);
    });

    it("rejects half an access key", () => {
        const noSecret = invalidConfig(() => resolveHuaweiSettings(noConfig, { HW_REGION_NAME: "r", HW_ACCESS_KEY: "AK" }));
        assert.match(noSecret, /secret key is missing: set huaweicloud:secretKey or HW_SECRET_KEY/);
        const noKey = invalidConfig(() => resolveHuaweiSettings(noConfig, { HW_REGION_NAME: "r", HW_SECRET_KEY: "SK" }));
        assert.match(noKey, /access key is missing: set huaweicloud:accessKey or HW_ACCESS_KEY/);
    });

    it("rejects a security token alone", () => {
        const message = invalidConfig(() => resolveHuaweiSettings(noConfig, { HW_REGION_NAME: "r", HW_SECURITY_TOKEN: "t" }));
        assert.match(message, /huaweicloud:securityToken or HW_SECURITY_TOKEN is set without an access key/);
    });

    it("rejects an access key with a password", () => {
        const message = invalidConfig(() => resolveHuaweiSettings(noConfig, { ...akskEnv, HW_USER_NAME: "u", HW_PASSWORD: "p" }));
        assert.match(message, /both an access key \(huaweicloud:accessKey or HW_ACCESS_KEY\) and a user password/);
    });

    it("asks for the account of a password", () => {
        const message = invalidConfig(() => resolveHuaweiSettings(noConfig, { HW_REGION_NAME: "r", HW_USER_NAME: "u", HW_PASSWORD: "p" }));
        assert.match(message, /account name is missing: set huaweicloud:domainName or HW_DOMAIN_NAME/);
    });

    it("rejects malformed values", () => {
        const badRegion = invalidConfig(() => resolveHuaweiSettings(noConfig, { ...akskEnv, HW_REGION_NAME: "Not A Region" }));
        assert.match(badRegion, /huaweicloud:region or HW_REGION_NAME is "Not A Region"/);
        const badBool = invalidConfig(() => resolveHuaweiSettings(noConfig, { ...akskEnv, HW_INSECURE: "maybe" }));
        assert.match(badBool, /huaweicloud:insecure or HW_INSECURE is "maybe"; use true or false/);
        const badUrl = invalidConfig(() => resolveHuaweiSettings(noConfig, { ...akskEnv, HW_AUTH_URL: "iam.example/v3" }));
        assert.match(badUrl, /huaweicloud:authUrl or HW_AUTH_URL must be an http or https URL/);
    });

    it("rejects unknown or malformed endpoints", () => {
        const endpoints = (value: string) => (key: string) => (key === "huaweicloud:endpoints" ? value : undefined);
        assert.match(invalidConfig(() => resolveHuaweiSettings(endpoints("{"), akskEnv)), /huaweicloud:endpoints is not a JSON object/);
        assert.match(
            invalidConfig(() => resolveHuaweiSettings(endpoints('{"vpc": "http://x"}'), akskEnv)),
            /huaweicloud:endpoints.vpc is not supported; the services are ecs and iam/,
        );
        assert.match(
            invalidConfig(() => resolveHuaweiSettings(endpoints('{"ecs": "ftp://x"}'), akskEnv)),
            /huaweicloud:endpoints.ecs must be an http or https URL/,
        );
    });
});

describe("huaweiSettingsPresent", () => {
    it("lists config keys and HW_ variables", () => {
        const config = (key: string) => (key === "huaweicloud:region" ? "r" : undefined);
        assert.deepEqual(huaweiSettingsPresent(config, { HW_ACCESS_KEY: "AK", HW_EMPTY: "", OS_AUTH_URL: "x" }), [
            "huaweicloud:region",
            "HW_ACCESS_KEY",
        ]);
    });

    it("is empty without Huawei settings", () => {
        assert.deepEqual(huaweiSettingsPresent(noConfig, { OS_AUTH_URL: "x" }), []);
    });
});
