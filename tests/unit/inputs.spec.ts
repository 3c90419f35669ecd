import * as assert from "node:assert/strict";

import { checkInputs, generateName, UNKNOWN, validateName } from "../../provider/inputs";
import { newPrivateKey, newPublicKey } from "../support/keys";

describe("validateName", () => {
    for (const name of ["a", "deploy key", "web_01-prod", "x".repeat(255)]) {
        it(`accepts ${JSON.stringify(name.slice(0, 20))}`, () => {
            assert.equal(validateName(name), undefined);
        });
    }

    const rejected: [string, RegExp][] = [
        ["", /1 to 255 characters long, got 0/],
        ["x".repeat(256), /1 to 255 characters long, got 256/],
        [" leading", /starts or ends with a space/],
        ["trailing ", /starts or ends with a space/],
        ["dots.and/slash", /contains "\.\/"/],
        ["ünicode", /contains "ü"/],
    ];
    for (const [name, reason] of rejected) {
        it(`rejects ${JSON.stringify(name.slice(0, 20))}`, () => {
            const failure = validateName(name);
            assert.equal(failure?.property, "name");
            assert.match(failure!.reason, reason);
        });
    }

    it("names the accepted characters", () => {
        assert.match(validateName("a.b")!.reason, /use letters, digits, spaces, '_' and '-'/);
    });
});

describe("generateName", () => {
    it("adds a 7-digit hex suffix", () => {
        assert.match(generateName("deploy"), /^deploy-[0-9a-f]{7}$/);
    });

    it("replaces characters Nova rejects", () => {
        assert.match(generateName("my.app/key"), /^my-app-key-[0-9a-f]{7}$/);
    });

    it("stays within 255 characters", () => {
        const name = generateName("k".repeat(400));
        assert.equal(name.length, 255);
        assert.equal(validateName(name), undefined);
    });

    it("falls back when nothing usable is left", () => {
        assert.match(generateName("..."), /^keypair-[0-9a-f]{7}$/);
    });
});

describe("checkInputs", () => {
    it("generates a name from the resource name", () => {
        const { inputs, failures } = checkInputs({}, { autoNamePrefix: "web" });
        assert.deepEqual(failures, []);
        assert.match(String(inputs.name), /^web-[0-9a-f]{7}$/);
        assert.equal(inputs.autoNamePrefix, "web");
    });

    it("keeps a generated name across runs", () => {
        const key = newPublicKey();
        const first = checkInputs({}, { autoNamePrefix: "web", publicKey: key }).inputs;
        const second = checkInputs(first, { autoNamePrefix: "web", publicKey: key.replace("test@example", "renamed") }).inputs;
        assert.equal(second.name, first.name);
    });

    it("picks a new generated name when the key changes", () => {
        const first = checkInputs({}, { autoNamePrefix: "web", publicKey: newPublicKey() }).inputs;
        const second = checkInputs(first, { autoNamePrefix: "web", publicKey: newPublicKey() }).inputs;
        assert.notEqual(second.name, first.name);
    });

    it("keeps an explicit name and drops the prefix", () => {
        const { inputs } = checkInputs({}, { name: "fixed", autoNamePrefix: "web" });
        assert.equal(inputs.name, "fixed");
        assert.equal(inputs.autoNamePrefix, undefined);
    });

    it("reports each invalid property", () => {
        const { failures } = checkInputs({}, { name: "bad.name", publicKey: "garbage", type: "pgp", userId: "a b" });
        assert.deepEqual(
            failures.map((f) => f.property).sort(),
            ["name", "publicKey", "type", "userId"],
        );
        assert.match(failures.find((f) => f.property === "type")!.reason, /use "ssh" \(the default\) or "x509"/);
    });

    it("never echoes a private key in a failure", () => {
        const pem = newPrivateKey("ed25519").toString("openssh");
        const { failures } = checkInputs({}, { name: "k", publicKey: pem });
        assert.equal(failures.length, 1);
        assert.ok(!failures[0].reason.includes(pem.split("\n")[1]));
    });

    it("skips values unknown during preview", () => {
        const { failures } = checkInputs({}, { name: UNKNOWN, publicKey: UNKNOWN, userId: UNKNOWN });
        assert.deepEqual(failures, []);
    });
});
