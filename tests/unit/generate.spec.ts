import * as assert from "node:assert/strict";
import * as sshpk from "sshpk";

import { generateKey, validateKeyBits } from "../../provider/generate";
import { checkInputs } from "../../provider/inputs";
import { fingerprintOfPrivateKey, parsePublicKey } from "../../provider/keys";

describe("generateKey", () => {
    const cases: [Parameters<typeof generateKey>[0], number | undefined, string][] = [
        ["rsa", undefined, "ssh-rsa"],
        ["rsa", 2048, "ssh-rsa"],
        ["ecdsa", undefined, "ecdsa-sha2-nistp256"],
        ["ecdsa", 384, "ecdsa-sha2-nistp384"],
        ["ecdsa", 521, "ecdsa-sha2-nistp521"],
        ["ed25519", undefined, "ssh-ed25519"],
    ];
    for (const [algorithm, bits, sshType] of cases) {
        it(`makes a matching ${algorithm}${bits ? `-${bits}` : ""} pair`, () => {
            const key = generateKey(algorithm, bits, "kp-name");
            assert.ok(key.publicKey.startsWith(`${sshType} `));
            assert.ok(key.publicKey.endsWith(" kp-name"));
            const parsed = parsePublicKey(key.publicKey, "ssh");
            assert.ok(parsed.ok);
            assert.equal(parsed.key.fingerprint, key.fingerprint);
            assert.equal(fingerprintOfPrivateKey(key.privateKeyOpenssh), key.fingerprint);
            assert.equal(fingerprintOfPrivateKey(key.privateKeyPem), key.fingerprint);
            assert.match(key.privateKeyOpenssh, /^-----BEGIN OPENSSH PRIVATE KEY-----/);
            assert.match(key.privateKeyPem, /^-----BEGIN (RSA |EC )?PRIVATE KEY-----/);
        });
    }

    it("uses 3072 bits for rsa by default", () => {
        const key = generateKey("rsa", undefined, "k");
        assert.equal(sshpk.parseKey(key.publicKey, "ssh").size, 3072);
    });
});

describe("validateKeyBits", () => {
    it("accepts the documented sizes", () => {
        for (const bits of [2048, 3072, 4096]) {
            assert.equal(validateKeyBits("rsa", bits), undefined);
        }
        for (const bits of [256, 384, 521]) {
            assert.equal(validateKeyBits("ecdsa", bits), undefined);
        }
    });

    it("rejects other sizes with what is accepted", () => {
        assert.match(validateKeyBits("rsa", 1024)!, /use a whole number from 2048 to 4096/);
        assert.match(validateKeyBits("ecdsa", 512)!, /use 256, 384 or 521/);
        assert.match(validateKeyBits("ed25519", 256)!, /does not apply to ed25519/);
    });
});

describe("checkInputs key source", () => {
    it("defaults to a locally generated rsa key", () => {
        const { inputs, failures } = checkInputs({}, { name: "k" });
        assert.deepEqual(failures, []);
        assert.equal(inputs.keyAlgorithm, "rsa");
    });

    it("rejects keyAlgorithm with publicKey", () => {
        const { failures } = checkInputs({}, { name: "k", publicKey: "ssh-ed25519 AAAA", keyAlgorithm: "ed25519" });
        assert.ok(failures.some((f) => f.property === "keyAlgorithm" && /cannot go with publicKey/.test(f.reason)));
    });

    it("rejects serverGenerated with publicKey", () => {
        const { failures } = checkInputs({}, { name: "k", publicKey: "x", serverGenerated: true });
        assert.ok(failures.some((f) => f.property === "serverGenerated" && /contradict/.test(f.reason)));
    });

    it("rejects an unknown algorithm", () => {
        const { failures } = checkInputs({}, { name: "k", keyAlgorithm: "dsa" });
        assert.equal(failures[0].property, "keyAlgorithm");
        assert.match(failures[0].reason, /use "rsa" \(the default\), "ecdsa" or "ed25519"/);
    });

    it("rejects local generation of x509", () => {
        const { failures } = checkInputs({}, { name: "k", type: "x509" });
        assert.equal(failures[0].property, "type");
        assert.match(failures[0].reason, /cannot be generated locally/);
    });

    it("rejects adoptExisting without publicKey", () => {
        const { failures } = checkInputs({}, { name: "k", adoptExisting: true });
        assert.equal(failures[0].property, "adoptExisting");
        assert.match(failures[0].reason, /adoptExisting needs publicKey/);
    });
});
