/**
 * A create whose request or response is lost on the way, through a faulty proxy in front of the
 * rig's real Nova: the keypair ends up created exactly once and recorded, or the error names it.
 */
import * as assert from "node:assert/strict";

import { setConfigLookup } from "../../provider/context";
import { KeypairError } from "../../provider/errors";
import { checkInputs } from "../../provider/inputs";
import { create } from "../../provider/lifecycle";
import { FaultyProxy } from "../support/faulty-proxy";
import { md5Fingerprint, newPublicKey } from "../support/keys";
import { NovaTestClient, testName } from "../support/nova";
import { loadRig, osEnv, withoutCloudEnv } from "../support/rig";

describe("create with a lost request or response", function () {
    this.timeout(60_000);
    const demo = new NovaTestClient("demo");
    const names: string[] = [];
    let proxy: FaultyProxy;
    let savedEnv: NodeJS.ProcessEnv;

    before(async () => {
        proxy = new FaultyProxy(loadRig().novaUrl);
        const url = await proxy.start();
        savedEnv = process.env;
        process.env = { ...withoutCloudEnv(savedEnv), ...osEnv("demo") };
        setConfigLookup((key) => (key === "openstack:computeEndpoint" ? `${url}/v2.1` : undefined));
    });

    after(async () => {
        setConfigLookup(() => undefined);
        process.env = savedEnv;
        await proxy.stop();
        for (const name of names) {
            await demo.delete(name);
        }
    });

    function inputsFor(extra: Record<string, unknown>): Record<string, unknown> {
        const name = testName("lost");
        names.push(name);
        const { inputs, failures } = checkInputs({}, { name, ...extra });
        assert.deepEqual(failures, []);
        return inputs;
    }

    function posts(): number {
        return proxy.forwarded.filter((line) => line.startsWith("POST")).length;
    }

    it("sends a lost request once more", async () => {
        const publicKey = newPublicKey();
        const inputs = inputsFor({ publicKey });
        const before = posts();
        proxy.inject("POST", "drop-request");
        const { outs } = await create(inputs);
        assert.equal(posts() - before, 1, "the server received one POST");
        assert.equal(outs.fingerprint, md5Fingerprint(publicKey));
        assert.equal((await demo.get(String(inputs.name)))?.fingerprint, md5Fingerprint(publicKey));
    });

    it("keeps a locally generated key whose response was lost", async () => {
        const inputs = inputsFor({ keyAlgorithm: "ed25519" });
        const before = posts();
        proxy.inject("POST", "drop-response");
        const { outs } = await create(inputs);
        assert.equal(posts() - before, 1, "no second POST");
        assert.ok(outs.privateKey, "the private key is kept");
        assert.equal((await demo.get(String(inputs.name)))?.fingerprint, outs.fingerprint);
    });

    it("names a server-generated keypair whose key was lost", async () => {
        const inputs = inputsFor({ serverGenerated: true });
        proxy.inject("POST", "drop-response");
        await assert.rejects(create(inputs), (error: unknown) => {
            assert.ok(KeypairError.isInstance(error));
            assert.equal(error.code, "NETWORK_ERROR");
            assert.match(error.message, new RegExp(`creating keypair "${inputs.name}" lost its response`));
            assert.match(error.message, /delete the keypair and run the update again/);
            return true;
        });
    });
});
