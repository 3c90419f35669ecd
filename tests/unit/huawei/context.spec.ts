import * as assert from "node:assert/strict";

import { computeFor, resolveCloudSettings } from "../../../provider/context";
import { KeypairError } from "../../../provider/errors";

const noConfig = () => undefined;
const huaweiEnv = { HW_REGION_NAME: "r1", HW_ACCESS_KEY: "AK", HW_SECRET_KEY: "SK" };
const openstackEnv = { OS_AUTH_URL: "http://127.0.0.1:1/v3", OS_USERNAME: "u", OS_PASSWORD: "p", OS_PROJECT_NAME: "demo" };

describe("resolveCloudSettings", () => {
    it("chooses OpenStack without Huawei settings", () => {
        const settings = resolveCloudSettings(noConfig, openstackEnv);
        assert.ok(!("kind" in settings), "OpenStack settings");
        assert.equal(settings.authUrl, "http://127.0.0.1:1/v3");
    });

    it("chooses Huawei for an HW_ variable", () => {
        const settings = resolveCloudSettings(noConfig, huaweiEnv);
        assert.equal((settings as { kind?: string }).kind, "huaweicloud");
    });

    it("chooses Huawei for a huaweicloud: key", () => {
        const config = (key: string) => ({ "huaweicloud:region": "r1", "huaweicloud:accessKey": "AK", "huaweicloud:secretKey": "SK" })[key];
        const settings = resolveCloudSettings(config, {});
        assert.equal((settings as { kind?: string }).kind, "huaweicloud");
    });

    it("rejects a mix of both clouds", () => {
        assert.throws(
            () => resolveCloudSettings(noConfig, { ...huaweiEnv, OS_AUTH_URL: "http://k/v3" }),
            (error: unknown) => {
                assert.ok(KeypairError.isInstance(error));
                assert.equal(error.code, "INVALID_CONFIG");
                assert.match(error.message, /both Huawei Cloud settings \(HW_REGION_NAME, HW_ACCESS_KEY, HW_SECRET_KEY\)/);
                assert.match(error.message, /OpenStack settings \(OS_AUTH_URL\)/);
                return true;
            },
        );
        const config = (key: string) => (key === "openstack:password" ? "p" : undefined);
        assert.throws(() => resolveCloudSettings(config, huaweiEnv), /OpenStack settings \(openstack:password\)/);
    });

    it("reports invalid Huawei settings", () => {
        assert.throws(() => resolveCloudSettings(noConfig, { HW_ACCESS_KEY: "AK" }), /huaweicloud:secretKey or HW_SECRET_KEY/);
    });
});

describe("computeFor", () => {
    it("shares one client per settings", () => {
        const first = computeFor(resolveCloudSettings(noConfig, huaweiEnv));
        const second = computeFor(resolveCloudSettings(noConfig, { ...huaweiEnv }));
        const other = computeFor(resolveCloudSettings(noConfig, { ...huaweiEnv, HW_SECRET_KEY: "SK2" }));
        assert.equal(first, second);
        assert.notEqual(first, other);
    });
});
