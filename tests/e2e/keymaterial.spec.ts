/**
 * End-to-end through the real CLI: the getKeypairs data source over 2,500 keypairs, locally
 * generated keys, adoption, Keypair.get, and private keys kept out of the state and the logs.
 */
import * as assert from "node:assert/strict";

import { fingerprintOfPrivateKey } from "../../provider/keys";
import { deleteMany, importMany } from "../support/bulk";
import { md5Fingerprint, newPublicKey } from "../support/keys";
import { NovaTestClient, testName } from "../support/nova";
import { keypairsOf, PulumiProject } from "../support/project";
import { osEnv } from "../support/rig";

describe("key material through the Pulumi CLI", function () {
    this.timeout(600_000);

    describe("getKeypairs", () => {
        const demo2 = new NovaTestClient("demo2");
        const prefix = testName("list");
        let names: string[] = [];
        let project: PulumiProject;

        before(async () => {
            names = await importMany(demo2, prefix, 2500);
            project = new PulumiProject(
                `
import * as pulumi from "@pulumi/pulumi";
import { getKeypairs, getKeypairsOutput } from "pulumi-os-keypairs";

const config = new pulumi.Config();
const all = getKeypairs({ nameRegex: config.require("regex") });
export const count = all.then((r) => r.names.length);
export const distinct = all.then((r) => new Set(r.names).size);
export const firstFingerprint = all.then((r) => r.keypairs[0]?.fingerprint);
export const byKey = getKeypairsOutput({ publicKey: config.get("publicKey") }).names;
`,
                osEnv("demo2"),
            );
            await project.init();
            await project.setConfig("regex", `^${prefix}-`);
        });

        after(async () => {
            await deleteMany(demo2, names);
            project.dispose();
        });

        it("lists all 2,500 keypairs at microversion 2.35", async () => {
            const { body } = await demo2.call("GET", "/os-keypairs", undefined, "2.35");
            assert.equal(body.keypairs.length, 1000, "the server pages at 1,000");
            await project.up();
            const outputs = await project.outputs();
            assert.equal(outputs.count, 2500);
            assert.equal(outputs.distinct, 2500);
            assert.equal(outputs.firstFingerprint, (await demo2.get(`${prefix}-00000`))?.fingerprint);
        });

        it("matches a public key by material, ignoring comment and whitespace", async () => {
            const key = newPublicKey("ed25519", "comment one");
            const name = `${prefix}-match`;
            await demo2.import(name, key);
            names.push(name);
            const [type, blob] = key.split(" ");
            await project.setConfig("publicKey", `${type}  ${blob}  different comment\n`);
            await project.up();
            assert.deepEqual((await project.outputs()).byKey, [name]);
        });

        it("fails preview with a clear error for an invalid filter", async () => {
            await project.setConfig("regex", "(unclosed");
            const result = await project.run(["preview"]);
            assert.notEqual(result.code, 0);
            assert.match(result.stdout + result.stderr, /getKeypairs: nameRegex "\(unclosed" is not a valid regular expression/);
            await project.setConfig("regex", `^${prefix}-`);
        });
    });

    describe("locally generated keys", () => {
        const demo = new NovaTestClient("demo");
        const base = testName("local");
        let project: PulumiProject;

        before(async () => {
            project = new PulumiProject(
                `
import { Keypair } from "pulumi-os-keypairs";

const base = ${JSON.stringify(base)};
const rsa = new Keypair("rsa", { name: base + "-rsa", keyAlgorithm: "rsa", keyBits: 2048 });
const ecdsa = new Keypair("ecdsa", { name: base + "-ecdsa", keyAlgorithm: "ecdsa", keyBits: 384 });
const ed25519 = new Keypair("ed25519", { name: base + "-ed25519", keyAlgorithm: "ed25519" });
export const keys = [rsa, ecdsa, ed25519].map((k) => ({
    name: k.name,
    fingerprint: k.fingerprint,
    publicKey: k.publicKey,
    privateKey: k.privateKey,
    privateKeyPem: k.privateKeyPem,
}));
`,
                osEnv("demo"),
            );
            await project.init();
        });

        after(async () => {
            for (const suffix of ["rsa", "ecdsa", "ed25519"]) {
                await demo.delete(`${base}-${suffix}`);
            }
            project.dispose();
        });

        it("imports each algorithm with fingerprints matching Nova's", async () => {
            const result = await project.ok(["up", "--yes", "--skip-preview", "-v=9", "--logtostderr", "--logflow"]);
            const { keys } = (await project.outputs()) as {
                keys: { name: string; fingerprint: string; publicKey: string; privateKey: string; privateKeyPem: string }[];
            };
            assert.equal(keys.length, 3);
            for (const key of keys) {
                const onServer = await demo.get(key.name);
                assert.ok(onServer, `${key.name} exists`);
                assert.equal(onServer.fingerprint, key.fingerprint);
                assert.equal(fingerprintOfPrivateKey(key.privateKey), onServer.fingerprint);
                assert.equal(fingerprintOfPrivateKey(key.privateKeyPem), onServer.fingerprint);
                assert.equal(onServer.private_key, undefined);
            }

            const logs = result.stdout + result.stderr;
            const exported = await project.exportStack();
            for (const key of keys) {
                // The OpenSSH format embeds the public key, so a line of it can be public data.
                const publicBlob = key.publicKey.split(" ")[1];
                for (const text of [key.privateKey, key.privateKeyPem]) {
                    const lines = text
                        .split("\n")
                        .filter((line) => line.length > 20 && !line.startsWith("-----") && !publicBlob.includes(line));
                    assert.ok(lines.length > 0);
                    for (const line of lines) {
                        assert.ok(!logs.includes(line), `a line of ${key.name}'s private key is in the -v=9 logs`);
                        assert.ok(!exported.includes(line), `a line of ${key.name}'s private key is in the state`);
                    }
                }
            }
        });

        it("a second up keeps the generated keys", async () => {
            const before = (await project.outputs()).keys;
            await project.ok(["preview", "--expect-no-changes"]);
            await project.refresh();
            await project.ok(["preview", "--expect-no-changes"]);
            assert.deepEqual((await project.outputs()).keys, before);
        });

        it("destroy removes them", async () => {
            await project.destroy();
            for (const suffix of ["rsa", "ecdsa", "ed25519"]) {
                assert.equal(await demo.get(`${base}-${suffix}`), undefined);
            }
        });
    });

    describe("adoption", () => {
        const demo = new NovaTestClient("demo");
        const PROGRAM = `
import * as pulumi from "@pulumi/pulumi";
import { Keypair } from "pulumi-os-keypairs";

const config = new pulumi.Config();
const keypair = new Keypair("adopted", {
    name: config.require("keypairName"),
    publicKey: config.require("publicKey"),
    adoptExisting: config.getBoolean("adopt"),
});
export const fingerprint = keypair.fingerprint;
`;

        it("explains how to adopt when the keypair exists", async () => {
            const name = testName("exists");
            await demo.import(name, newPublicKey());
            const project = new PulumiProject(PROGRAM, osEnv("demo"));
            try {
                await project.init();
                await project.setConfig("keypairName", name);
                await project.setConfig("publicKey", newPublicKey());
                const result = await project.run(["up", "--yes", "--skip-preview"]);
                assert.notEqual(result.code, 0);
                const output = result.stdout + result.stderr;
                assert.match(output, new RegExp(`keypair "${name}" already exists`));
                assert.match(output, /set adoptExisting: true with a publicKey that matches its key/);
                assert.equal(keypairsOf(await project.resources()).length, 0);
            } finally {
                await demo.delete(name);
                project.dispose();
            }
        });

        it("adopts a keypair whose key matches", async () => {
            const name = testName("adopt");
            const key = newPublicKey("ed25519", "on the server");
            await demo.import(name, key);
            const project = new PulumiProject(PROGRAM, osEnv("demo"));
            try {
                await project.init();
                await project.setConfig("keypairName", name);
                await project.setConfig("publicKey", key.replace("on the server", "in the program"));
                await project.setConfig("adopt", "true");
                await project.up();
                assert.equal((await project.outputs()).fingerprint, md5Fingerprint(key));
                assert.equal(keypairsOf(await project.resources()).length, 1);
                await project.destroy();
                assert.equal(await demo.get(name), undefined, "destroy deletes the adopted keypair");
            } finally {
                await demo.delete(name);
                project.dispose();
            }
        });

        it("refuses a keypair whose key differs", async () => {
            const name = testName("mismatch");
            const existing = newPublicKey();
            await demo.import(name, existing);
            const project = new PulumiProject(PROGRAM, osEnv("demo"));
            try {
                await project.init();
                await project.setConfig("keypairName", name);
                await project.setConfig("publicKey", newPublicKey());
                await project.setConfig("adopt", "true");
                const result = await project.run(["up", "--yes", "--skip-preview"]);
                assert.notEqual(result.code, 0);
                assert.match(result.stdout + result.stderr, new RegExp(`it has fingerprint ${md5Fingerprint(existing)}`));
                assert.equal((await demo.get(name))?.fingerprint, md5Fingerprint(existing), "the existing keypair is untouched");
                assert.equal(keypairsOf(await project.resources()).length, 0);
            } finally {
                await demo.delete(name);
                project.dispose();
            }
        });
    });

    describe("Keypair.get", () => {
        it("reads an existing keypair into a program", async () => {
            const demo = new NovaTestClient("demo");
            const name = testName("get");
            const key = newPublicKey();
            await demo.import(name, key);
            const project = new PulumiProject(
                `
import { Keypair } from "pulumi-os-keypairs";
const existing = Keypair.get("existing", ${JSON.stringify(name)});
export const fingerprint = existing.fingerprint;
export const publicKey = existing.publicKey;
`,
                osEnv("demo"),
            );
            try {
                await project.init();
                await project.up();
                const outputs = await project.outputs();
                assert.equal(outputs.fingerprint, md5Fingerprint(key));
                assert.equal(outputs.publicKey, key);
                await project.destroy();
                assert.ok(await demo.get(name), "destroy leaves a keypair that was only read");
            } finally {
                await demo.delete(name);
                project.dispose();
            }
        });
    });
});
