/**
 * The rig's Nova through its legacy /v2 API, which has no microversions: plain ssh keypairs
 * work, and what needs a microversion fails check naming the input.
 */
import * as assert from "node:assert/strict";

import { setConfigLookup } from "../../provider/context";
import { check, create, remove } from "../../provider/lifecycle";
import { md5Fingerprint, newPublicKey } from "../support/keys";
import { NovaTestClient, testName } from "../support/nova";
import { loadRig, osEnv, withoutCloudEnv } from "../support/rig";

describe("legacy v2 compute API", function () {
    this.timeout(60_000);
    const demo = new NovaTestClient("demo");
    let savedEnv: NodeJS.ProcessEnv;

    before(() => {
        savedEnv = process.env;
        process.env = { ...withoutCloudEnv(savedEnv), ...osEnv("demo") };
        setConfigLookup((key) => (key === "openstack:computeEndpoint" ? `${loadRig().novaUrl}/v2` : undefined));
    });

    after(() => {
        setConfigLookup(() => undefined);
        process.env = savedEnv;
    });

    it("imports and deletes an ssh keypair", async () => {
        const name = testName("v2");
        const publicKey = newPublicKey();
        const { inputs, failures } = await check({}, { name, publicKey });
        assert.deepEqual(failures, []);
        try {
            const { id, outs } = await create(inputs);
            assert.equal(outs.fingerprint, md5Fingerprint(publicKey));
            assert.equal(outs.type, "ssh");
            assert.equal((await demo.get(name))?.fingerprint, outs.fingerprint);
            await remove(id, { ...outs });
            assert.equal(await demo.get(name), undefined);
        } finally {
            await demo.delete(name);
        }
    });

    it("fails check for x509, which needs 2.2", async () => {
        const { failures } = await check({}, { name: testName("v2"), type: "x509", serverGenerated: true });
        assert.equal(failures.length, 1);
        assert.equal(failures[0].property, "type");
        assert.match(failures[0].reason, /type "x509" needs compute API microversion 2.2 or later, but the endpoint supports no microversions/);
    });

    it("fails check for userId, which needs 2.10", async () => {
        const { failures } = await check({}, { name: testName("v2"), userId: loadRig().users.demo2.id, publicKey: newPublicKey() });
        assert.equal(failures[0].property, "userId");
        assert.match(failures[0].reason, /userId needs compute API microversion 2.10/);
    });
});
