/**
 * The provider's lifecycle functions, called in process against the rig's real Keystone and Nova.
 */
import * as assert from "node:assert/strict";

import { create, diff, read, remove } from "../../provider/lifecycle";
import { checkInputs } from "../../provider/inputs";
import { KeypairError } from "../../provider/errors";
import { fingerprintOfPrivateKey } from "../../provider/keys";
import { md5Fingerprint, newPublicKey } from "../support/keys";
import { NovaTestClient, testName } from "../support/nova";
import { loadRig, osEnv, withoutCloudEnv } from "../support/rig";

/** Runs `body` with process.env holding exactly the given cloud settings. */
async function withEnv<T>(env: Record<string, string>, body: () => Promise<T>): Promise<T> {
    const saved = process.env;
    process.env = { ...withoutCloudEnv(saved), ...env };
    try {
        return await body();
    } finally {
        process.env = saved;
    }
}

async function checked(news: Record<string, unknown>): Promise<Record<string, unknown>> {
    const { inputs, failures } = checkInputs({}, news);
    assert.deepEqual(failures, []);
    return inputs;
}

describe("lifecycle against Nova", function () {
    this.timeout(60_000);
    const demo = new NovaTestClient("demo");
    const admin = new NovaTestClient("admin");
    const made: { name: string; query: string }[] = [];

    after(async () => {
        for (const { name, query } of made) {
            await admin.delete(name, query);
        }
    });

    function track(name: string, userId?: string): string {
        made.push({ name, query: userId ? `?user_id=${userId}` : `?user_id=${loadRig().users.demo.id}` });
        return name;
    }

    it("imports keys whose fingerprints match Nova's", async () => {
        await withEnv(osEnv("demo"), async () => {
            for (const algorithm of ["ed25519", "ecdsa", "rsa"] as const) {
                const publicKey = newPublicKey(algorithm);
                const name = track(testName(algorithm));
                const { id, outs } = await create(await checked({ name, publicKey }));
                assert.equal(id, name);
                const onServer = await demo.get(name);
                assert.ok(onServer, `${name} exists on the server`);
                assert.equal(outs.fingerprint, onServer.fingerprint);
                assert.equal(md5Fingerprint(publicKey), onServer.fingerprint);
                assert.equal(outs.type, "ssh");
                assert.equal(outs.userId, loadRig().users.demo.id);
                assert.ok(outs.createdAt, "createdAt is set");
                assert.equal(outs.privateKey, undefined);
            }
        });
    });

    it("returns the private key of a server-generated keypair", async () => {
        await withEnv(osEnv("demo"), async () => {
            const name = track(testName("gen"));
            const { outs } = await create(await checked({ name, serverGenerated: true }));
            assert.ok(outs.privateKey, "privateKey is returned");
            assert.equal(outs.privateKeyPem, undefined);
            assert.equal(fingerprintOfPrivateKey(outs.privateKey), outs.fingerprint);
            const again = await diff(name, { ...outs }, await checked({ name, serverGenerated: true }));
            assert.equal(again.changes, false);
        });
    });

    it("reports a 409 with the name and how to import", async () => {
        await withEnv(osEnv("demo"), async () => {
            const name = track(testName("dup"));
            await demo.import(name, newPublicKey());
            await assert.rejects(create(await checked({ name, publicKey: newPublicKey() })), (error: unknown) => {
                assert.ok(KeypairError.isInstance(error));
                assert.equal(error.code, "KEYPAIR_EXISTS");
                assert.match(error.message, new RegExp(`keypair "${name}" already exists`));
                assert.match(error.message, /set adoptExisting: true with a publicKey that matches its key/);
                assert.match(error.message, new RegExp(`Keypair\\.get\\("<resource name>", "${name}"\\)`));
                return true;
            });
        });
    });

    it("reads drift: a new key, then a deleted keypair", async () => {
        await withEnv(osEnv("demo"), async () => {
            const name = track(testName("drift"));
            const publicKey = newPublicKey();
            const { id, outs } = await create(await checked({ name, publicKey }));

            const same = await read(id, { ...outs });
            assert.equal(same.id, id);
            assert.equal(same.props.fingerprint, outs.fingerprint);

            await demo.delete(name);
            const other = newPublicKey();
            await demo.import(name, other);
            const changed = await read(id, { ...outs });
            assert.equal(changed.props.fingerprint, md5Fingerprint(other));
            const next = await diff(id, changed.props, await checked({ name, publicKey }));
            assert.deepEqual(next.replaces, ["publicKey"]);
            assert.equal(next.deleteBeforeReplace, true);

            await demo.delete(name);
            const gone = await read(id, { ...outs });
            assert.equal(gone.id, "");
        });
    });

    it("deletes, and treats an already deleted keypair as done", async () => {
        await withEnv(osEnv("demo"), async () => {
            const name = track(testName("del"));
            const { id, outs } = await create(await checked({ name, publicKey: newPublicKey() }));
            await remove(id, { ...outs });
            assert.equal(await demo.get(name), undefined);
            await remove(id, { ...outs });
        });
    });

    it("lets an admin manage another user's keypair", async () => {
        const demoUser = loadRig().users.demo.id;
        await withEnv(osEnv("admin"), async () => {
            const name = track(testName("admin"), demoUser);
            const { id, outs } = await create(await checked({ name, userId: demoUser, publicKey: newPublicKey() }));
            assert.equal(id, `${demoUser}/${name}`);
            assert.equal(outs.userId, demoUser);
            assert.ok(await demo.get(name), "the demo user sees the keypair");
            assert.equal((await read(id, { ...outs })).id, id);
            await remove(id, { ...outs });
            assert.equal(await demo.get(name), undefined);
        });
    });

    it("creates an x509 keypair", async () => {
        await withEnv(osEnv("demo"), async () => {
            const name = track(testName("x509"));
            const { outs } = await create(await checked({ name, type: "x509", serverGenerated: true }));
            assert.equal(outs.type, "x509");
            assert.match(outs.publicKey, /BEGIN CERTIFICATE/);
            assert.equal((await demo.get(name))?.type, "x509");
        });
    });

    it("authenticates with a token given in advance", async () => {
        const rig = loadRig();
        const env = osEnv("demo");
        const response = await fetch(`${rig.authUrl}/auth/tokens`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({
                auth: {
                    identity: {
                        methods: ["password"],
                        password: { user: { name: env.OS_USERNAME, domain: { name: "Default" }, password: env.OS_PASSWORD } },
                    },
                    scope: { project: { name: env.OS_PROJECT_NAME, domain: { name: "Default" } } },
                },
            }),
        });
        const token = response.headers.get("x-subject-token")!;
        await withEnv({ OS_AUTH_URL: rig.authUrl, OS_TOKEN: token }, async () => {
            const name = track(testName("token"));
            const { outs } = await create(await checked({ name, publicKey: newPublicKey() }));
            assert.equal((await demo.get(name))?.fingerprint, outs.fingerprint);
        });
    });

    it("explains rejected credentials", async () => {
        await withEnv({ ...osEnv("demo"), OS_PASSWORD: "wrong" }, async () => {
            await assert.rejects(create(await checked({ name: testName("badpw"), serverGenerated: true })), (error: unknown) => {
                assert.ok(KeypairError.isInstance(error));
                assert.equal(error.code, "AUTH_FAILED");
                assert.match(error.message, /Keystone rejected the credentials \(HTTP 401/);
                assert.ok(!error.message.includes("wrong"), "the password is not echoed");
                return true;
            });
        });
    });
});
