import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";

import { check, HUAWEI_MAX_PUBLIC_KEY_BYTES } from "../../provider/lifecycle";
import { withoutCloudEnv } from "../support/rig";
import { newPublicKey } from "../support/keys";

/** An RSA-6144 public key: valid everywhere, but longer than Huawei ECS accepts. */
const LONG_KEY = readFileSync(path.join(__dirname, "..", "fixtures", "rsa-6144.pub"), "utf8");

/** Runs `body` with only `env` as cloud settings, and the permission check off: it would call the cloud. */
async function withEnv<T>(env: Record<string, string>, body: () => Promise<T>): Promise<T> {
    const saved = process.env;
    process.env = { ...withoutCloudEnv(saved), OS_KEYPAIRS_PERMISSION_CHECK: "off", ...env };
    try {
        return await body();
    } finally {
        process.env = saved;
    }
}

describe("check against the cloud's limits", () => {
    it("rejects keys too long for Huawei ECS", async () => {
        assert.ok(Buffer.byteLength(LONG_KEY.trim()) > HUAWEI_MAX_PUBLIC_KEY_BYTES);
        const { failures } = await withEnv({ HW_REGION_NAME: "r1", HW_ACCESS_KEY: "AK", HW_SECRET_KEY: "SK" }, () =>
            check({}, { name: "k", publicKey: LONG_KEY }),
        );
        assert.equal(failures.length, 1);
        assert.equal(failures[0].property, "publicKey");
        assert.match(failures[0].reason, /publicKey is 1081 bytes long, but Huawei Cloud ECS accepts at most 1024/);
    });

    it("accepts the same key for OpenStack", async () => {
        const { failures } = await withEnv({}, () => check({}, { name: "k", publicKey: LONG_KEY }));
        assert.deepEqual(failures, []);
    });

    it("accepts an ordinary key for Huawei ECS", async () => {
        const { failures } = await withEnv({ HW_REGION_NAME: "r1", HW_ACCESS_KEY: "AK", HW_SECRET_KEY: "SK" }, () =>
            check({}, { name: "k", publicKey: newPublicKey("rsa", "c", 4096) }),
        );
        assert.deepEqual(failures, []);
    });

    it("fails on invalid permission settings for an existing keypair", async () => {
        const key = newPublicKey("ed25519");
        const { failures } = await withEnv(
            { OS_KEYPAIRS_PERMISSION_CHECK: "enforce", OS_KEYPAIRS_PERMISSION_POLICIES: "{not json" },
            () => check({ name: "k", publicKey: key }, { name: "k", publicKey: key }),
        );
        assert.equal(failures.length, 1);
        assert.equal(failures[0].property, "");
        assert.match(failures[0].reason, /os-keypairs:permissionPolicies or OS_KEYPAIRS_PERMISSION_POLICIES is not valid JSON/);
    });
});
