import * as assert from "node:assert/strict";

import { diff, makeId, parseId } from "../../provider/lifecycle";
import { UNKNOWN } from "../../provider/inputs";
import { md5Fingerprint, newPrivateKey, newPublicKey } from "../support/keys";

function importedState(publicKey: string, name = "k") {
    return { name, publicKey, fingerprint: md5Fingerprint(publicKey), type: "ssh", userId: "u1" };
}

describe("diff", () => {
    // diff checks permissions for a replacement, which would call the cloud.
    const savedEnv = process.env;
    before(() => {
        process.env = { ...savedEnv, OS_KEYPAIRS_PERMISSION_CHECK: "off" };
    });
    after(() => {
        process.env = savedEnv;
    });

    it("finds no change when only the comment differs", async () => {
        const key = newPublicKey("ed25519", "old comment");
        const result = await diff("k", importedState(key), { name: "k", publicKey: key.replace("old comment", "new") });
        assert.equal(result.changes, false);
        assert.deepEqual(result.replaces, []);
    });

    it("finds no change for a trailing newline and extra spaces", async () => {
        const key = newPublicKey();
        const [type, blob] = key.split(" ");
        const result = await diff("k", importedState(key), { name: "k", publicKey: `${type}    ${blob}\n\n` });
        assert.equal(result.changes, false);
    });

    it("replaces a changed key, deleting first under the same name", async () => {
        const result = await diff("k", importedState(newPublicKey()), { name: "k", publicKey: newPublicKey() });
        assert.deepEqual(result.replaces, ["publicKey"]);
        assert.equal(result.deleteBeforeReplace, true);
    });

    it("replaces a renamed keypair without deleting first", async () => {
        const key = newPublicKey();
        const result = await diff("k", importedState(key), { name: "other", publicKey: key });
        assert.deepEqual(result.replaces, ["name"]);
        assert.equal(result.deleteBeforeReplace, false);
    });

    it("replaces on a type change", async () => {
        const key = newPublicKey();
        const result = await diff("k", importedState(key), { name: "k", publicKey: key, type: "x509" });
        assert.ok(result.replaces.includes("type"));
    });

    it("replaces when userId changes", async () => {
        const key = newPublicKey();
        const result = await diff("u1/k", importedState(key), { name: "k", publicKey: key });
        assert.deepEqual(result.replaces, ["userId"]);
        assert.equal(result.deleteBeforeReplace, false);
    });

    it("keeps a server-generated key whose fingerprint still matches", async () => {
        const privateKey = newPrivateKey("rsa");
        const publicKey = privateKey.toPublic().toString("ssh");
        const state = { ...importedState(publicKey), privateKey: privateKey.toString("pkcs1") };
        const result = await diff("k", state, { name: "k" });
        assert.equal(result.changes, false);
    });

    it("replaces a server-generated key that changed behind Pulumi's back", async () => {
        const privateKey = newPrivateKey("rsa");
        const state = { ...importedState(newPublicKey()), privateKey: privateKey.toString("pkcs1") };
        const result = await diff("k", state, { name: "k" });
        assert.deepEqual(result.replaces, ["publicKey"]);
    });

    it("replaces an imported keypair that should now be generated", async () => {
        const result = await diff("k", importedState(newPublicKey()), { name: "k" });
        assert.deepEqual(result.replaces, ["publicKey"]);
    });

    it("treats an unknown key as a replacement during preview", async () => {
        const result = await diff("k", importedState(newPublicKey()), { name: "k", publicKey: UNKNOWN });
        assert.deepEqual(result.replaces, ["publicKey"]);
    });
});

describe("resource id", () => {
    it("is the name for the caller's own keypair", () => {
        assert.equal(makeId("k", undefined), "k");
        assert.deepEqual(parseId("k"), { name: "k" });
    });

    it("carries the owner for another user's keypair", () => {
        assert.equal(makeId("k 1", "abc"), "abc/k 1");
        assert.deepEqual(parseId("abc/k 1"), { name: "k 1", userId: "abc" });
    });
});
