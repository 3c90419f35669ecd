/**
 * End-to-end: Pulumi programs run by the real CLI (file backend) against the rig's real Keystone
 * and Nova, checked through a direct API client.
 */
import * as assert from "node:assert/strict";

import { md5Fingerprint, newPrivateKey, newPublicKey } from "../support/keys";
import { NovaTestClient, testName } from "../support/nova";
import { keypairsOf, PulumiProject } from "../support/project";
import { loadRig, osEnv } from "../support/rig";

const CONFIG_PROGRAM = `
import * as pulumi from "@pulumi/pulumi";
import { Keypair } from "pulumi-os-keypairs";

const config = new pulumi.Config();
const keypair = new Keypair("e2e", {
    name: config.get("keypairName"),
    publicKey: config.get("publicKey"),
});

export const name = keypair.name;
export const fingerprint = keypair.fingerprint;
export const privateKey = keypair.privateKey;
`;

describe("Keypair through the Pulumi CLI", function () {
    this.timeout(300_000);
    const nova = new NovaTestClient("demo");

    describe("import lifecycle", () => {
        const name = testName("e2e");
        const key = newPublicKey("ed25519", "first comment");
        let project: PulumiProject;

        before(async () => {
            project = new PulumiProject(CONFIG_PROGRAM, osEnv("demo"));
            await project.init();
            await project.setConfig("keypairName", name);
            await project.setConfig("publicKey", key);
        });

        after(async () => {
            await nova.delete(name);
            project.dispose();
        });

        it("preview lists the create", async () => {
            const { stdout } = await project.preview();
            assert.match(stdout, /\+ pulumi-nodejs:dynamic\/os-keypairs:Keypair: \(create\)/);
            assert.match(stdout, /Keypair::e2e\]/);
            assert.equal(await nova.get(name), undefined, "preview created nothing");
        });

        it("up creates the keypair", async () => {
            await project.up();
            const onServer = await nova.get(name);
            assert.ok(onServer, "the keypair exists");
            assert.equal(onServer.fingerprint, md5Fingerprint(key));
            const outputs = await project.outputs();
            assert.equal(outputs.name, name);
            assert.equal(outputs.fingerprint, onServer.fingerprint);
        });

        it("a second up changes nothing", async () => {
            await project.ok(["preview", "--expect-no-changes"]);
            const { stdout } = await project.up();
            assert.match(stdout, /2 unchanged/);
            assert.doesNotMatch(stdout, /to (create|update|replace|delete)/);
        });

        it("a new comment or trailing newline changes nothing", async () => {
            const before = await nova.get(name);
            const [type, blob] = key.split(" ");
            for (const variant of [`${type} ${blob} another-comment`, `${key}\n\n`, `${type}   ${blob}`]) {
                await project.setConfig("publicKey", variant);
                await project.ok(["preview", "--expect-no-changes"]);
            }
            const { stdout } = await project.up();
            assert.match(stdout, /2 unchanged/);
            assert.equal((await nova.get(name))?.fingerprint, before?.fingerprint);
        });

        it("a new key replaces the keypair under the same name", async () => {
            const replacement = newPublicKey("ecdsa");
            await project.setConfig("publicKey", replacement);
            const preview = await project.preview();
            assert.match(preview.stdout, /\+-pulumi-nodejs:dynamic\/os-keypairs:Keypair: \(replace\)/);
            await project.up();
            assert.equal((await nova.get(name))?.fingerprint, md5Fingerprint(replacement));
            const keypairs = keypairsOf(await project.resources());
            assert.equal(keypairs.length, 1);
            assert.equal(keypairs[0].outputs?.fingerprint, md5Fingerprint(replacement));
        });

        it("refresh sees a key changed behind Pulumi's back, and up replaces it", async () => {
            const wanted = (await project.outputs()).fingerprint;
            await nova.delete(name);
            const intruder = newPublicKey();
            await nova.import(name, intruder);
            await project.refresh();
            const [state] = keypairsOf(await project.resources());
            assert.equal(state.outputs?.fingerprint, md5Fingerprint(intruder));
            await project.up();
            assert.equal((await nova.get(name))?.fingerprint, wanted);
        });

        it("refresh drops a keypair deleted behind Pulumi's back, and up creates it again", async () => {
            await nova.delete(name);
            await project.refresh();
            assert.equal(keypairsOf(await project.resources()).length, 0);
            await project.up();
            assert.ok(await nova.get(name), "the keypair exists again");
            assert.equal(keypairsOf(await project.resources()).length, 1);
        });

        it("destroy removes the keypair", async () => {
            await project.destroy();
            assert.equal(await nova.get(name), undefined);
            assert.equal(keypairsOf(await project.resources()).length, 0);
        });
    });

    describe("invalid input fails preview", () => {
        let project: PulumiProject;

        before(async () => {
            project = new PulumiProject(CONFIG_PROGRAM, osEnv("demo"));
            await project.init();
        });

        after(() => project.dispose());

        it("names the property of an invalid name", async () => {
            await project.setConfig("keypairName", "bad.name!");
            const result = await project.run(["preview"]);
            assert.notEqual(result.code, 0);
            const output = result.stdout + result.stderr;
            assert.match(output, /name "bad\.name!" is invalid: it contains "\.!"/);
            assert.match(output, /use letters, digits, spaces, '_' and '-'/);
        });

        it("rejects a private key without printing it", async () => {
            const pem = newPrivateKey("ed25519").toString("openssh");
            await project.setConfig("keypairName", testName());
            await project.setConfig("publicKey", pem, { secret: true });
            const result = await project.run(["preview"]);
            assert.notEqual(result.code, 0);
            const output = result.stdout + result.stderr;
            assert.match(output, /publicKey contains a private key/);
            assert.ok(!output.includes(pem.split("\n")[1]), "no line of the private key is printed");
        });

        it("names the property of garbage key material", async () => {
            await project.setConfig("publicKey", "ssh-rsa not-base64");
            const result = await project.run(["preview"]);
            assert.notEqual(result.code, 0);
            assert.match(result.stdout + result.stderr, /publicKey has the type ssh-rsa but its base64 key data is not a valid key/);
        });
    });

    describe("secrets", () => {
        it("keeps the private key, password and token out of the state", async () => {
            const rig = loadRig();
            const env = osEnv("demo");
            const { OS_PASSWORD: password, ...withoutPassword } = env;
            const project = new PulumiProject(CONFIG_PROGRAM, withoutPassword);
            const name = testName("secret");
            try {
                await project.init();
                await project.setConfig("keypairName", name);
                await project.setConfig("openstack:password", password, { secret: true });
                await project.up();
                const { privateKey } = await project.outputs();
                assert.equal(typeof privateKey, "string");
                assert.match(String(privateKey), /PRIVATE KEY/);

                const exported = await project.exportStack();
                const state = JSON.parse(exported);
                const [keypair] = keypairsOf(state.deployment.resources);
                const stored = keypair.outputs?.privateKey as Record<string, unknown>;
                assert.equal(stored["4dabf18193072939515e22adb298388d"], "1b47061264138c4ac30d75fd1eb44270");
                assert.ok(typeof stored.ciphertext === "string", "the private key is stored as ciphertext");
                for (const line of String(privateKey).split("\n").filter((l) => l.length > 20)) {
                    assert.ok(!exported.includes(line), "no line of the private key is in the state");
                }
                assert.ok(!exported.includes(password), "the password is not in the state");
                assert.ok(!exported.includes("gAAAA"), "no Keystone token is in the state");
                assert.ok(!exported.includes(rig.users.demo.password), "the user's password is not in the state");
                await project.destroy();
                assert.equal(await nova.get(name), undefined);
            } finally {
                await nova.delete(name);
                project.dispose();
            }
        });
    });
});
