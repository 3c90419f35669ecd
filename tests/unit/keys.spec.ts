import * as assert from "node:assert/strict";
import * as sshpk from "sshpk";

import { fingerprintOfPrivateKey, parsePublicKey } from "../../provider/keys";
import { md5Fingerprint, newPrivateKey, newPublicKey } from "../support/keys";

describe("parsePublicKey", () => {
    for (const algorithm of ["ed25519", "ecdsa", "rsa"] as const) {
        it(`accepts an ${algorithm} key`, () => {
            const key = newPublicKey(algorithm);
            const result = parsePublicKey(key, "ssh");
            assert.ok(result.ok, JSON.stringify(result));
            assert.equal(result.key.fingerprint, md5Fingerprint(key));
        });
    }

    it("ignores comment, whitespace and trailing newline", () => {
        const key = newPublicKey("ed25519", "first");
        const [type, blob] = key.split(" ");
        const variants = [`${type} ${blob}`, `${type}   ${blob} other comment\n`, `\n  ${type}\t${blob}\r\n\n`];
        const expected = parsePublicKey(key, "ssh");
        assert.ok(expected.ok);
        for (const variant of variants) {
            const result = parsePublicKey(variant, "ssh");
            assert.ok(result.ok, variant);
            assert.equal(result.key.fingerprint, expected.key.fingerprint);
            assert.equal(result.key.normalized, `${type} ${blob}`);
        }
    });

    it("rejects a private key without echoing it", () => {
        const pem = newPrivateKey("ed25519").toString("openssh");
        const result = parsePublicKey(pem, "ssh");
        assert.equal(result.ok, false);
        assert.match(result.ok ? "" : result.reason, /contains a private key/);
        const body = pem.split("\n")[1];
        assert.ok(!(result.ok ? "" : result.reason).includes(body));
    });

    it("rejects an RSA private key in PEM form", () => {
        const pem = newPrivateKey("rsa").toString("pkcs1");
        assert.equal(parsePublicKey(pem, "ssh").ok, false);
    });

    it("rejects garbage", () => {
        const result = parsePublicKey("not a key at all", "ssh");
        assert.equal(result.ok, false);
        assert.match(result.ok ? "" : result.reason, /not an OpenSSH public key of an accepted type/);
    });

    it("rejects corrupt base64 data", () => {
        const result = parsePublicKey("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIbroken", "ssh");
        assert.equal(result.ok, false);
        assert.match(result.ok ? "" : result.reason, /base64 key data is not a valid key/);
    });

    it("rejects several keys in one string", () => {
        const result = parsePublicKey(`${newPublicKey()}\n${newPublicKey()}\n`, "ssh");
        assert.equal(result.ok, false);
        assert.match(result.ok ? "" : result.reason, /contains 2 lines of key material/);
    });

    it("rejects an empty string", () => {
        const result = parsePublicKey(" \n", "ssh");
        assert.equal(result.ok, false);
        assert.match(result.ok ? "" : result.reason, /is empty/);
    });

    it("rejects FIDO security keys", () => {
        const result = parsePublicKey("sk-ssh-ed25519@openssh.com AAAAGnNrLXNzaC1lZDI1NTE5QG9wZW5zc2guY29t", "ssh");
        assert.equal(result.ok, false);
        assert.match(result.ok ? "" : result.reason, /FIDO security-key type/);
    });

    it("rejects RSA keys below 2048 bits", () => {
        const result = parsePublicKey(newPublicKey("rsa", "small", 1024), "ssh");
        assert.equal(result.ok, false);
        assert.match(result.ok ? "" : result.reason, /RSA key of 1024 bits; use at least 2048 bits/);
    });

    it("rejects an ssh key given as x509", () => {
        const result = parsePublicKey(newPublicKey(), "x509");
        assert.equal(result.ok, false);
        assert.match(result.ok ? "" : result.reason, /not a PEM X.509 certificate/);
    });

    it("fingerprints an x509 certificate by SHA-1", () => {
        const key = newPrivateKey("ecdsa");
        const id = sshpk.identityForHost("test.example");
        const cert = sshpk.createSelfSignedCertificate(id, key);
        const result = parsePublicKey(cert.toString("pem"), "x509");
        assert.ok(result.ok);
        assert.equal(result.key.fingerprint, cert.fingerprint("sha1").toString("hex"));
    });
});

describe("fingerprintOfPrivateKey", () => {
    it("matches the public half's fingerprint", () => {
        const key = newPrivateKey("ed25519");
        assert.equal(fingerprintOfPrivateKey(key.toString("openssh")), md5Fingerprint(key.toPublic().toString("ssh")));
    });

    it("returns undefined for text that is no private key", () => {
        assert.equal(fingerprintOfPrivateKey("garbage"), undefined);
    });
});
