/**
 * Listing keypairs against the rig's Nova: pagination at 2.35, a server that ignores the page
 * parameters, and the filters.
 */
import * as assert from "node:assert/strict";

import { KeypairError } from "../../provider/errors";
import { findKeypairs, validateFilters } from "../../provider/list";
import { currentCompute } from "../../provider/context";
import { listKeypairs } from "../../provider/nova/keypairs/requests";
import { deleteMany, importMany } from "../support/bulk";
import { md5Fingerprint, newPublicKey } from "../support/keys";
import { NovaTestClient, testName } from "../support/nova";
import { osEnv, withoutCloudEnv } from "../support/rig";

describe("keypair list against Nova", function () {
    this.timeout(600_000);
    const demo2 = new NovaTestClient("demo2");
    const prefix = testName("bulk");
    let names: string[] = [];
    let savedEnv: NodeJS.ProcessEnv;

    before(async () => {
        savedEnv = process.env;
        process.env = { ...withoutCloudEnv(savedEnv), ...osEnv("demo2") };
        names = await importMany(demo2, prefix, 1050);
    });

    after(async () => {
        process.env = savedEnv;
        await deleteMany(demo2, names);
    });

    it("serves pages of at most 1,000 at 2.35", async () => {
        const { body } = await demo2.call("GET", "/os-keypairs", undefined, "2.35");
        assert.equal(body.keypairs.length, 1000);
        assert.ok(body.keypairs_links?.some((link: { rel: string }) => link.rel === "next"), "a next link is given");
    });

    it("lists all 1,050 keypairs across two pages", async () => {
        const found = await findKeypairs(currentCompute().compute, { nameRegex: `^${prefix}-` });
        assert.equal(found.length, 1050);
        assert.equal(new Set(found.map((k) => k.name)).size, 1050);
        assert.deepEqual(found.map((k) => k.name).sort(), [...names].sort());
    });

    it("works where the server ignores limit and marker", async () => {
        const all = await listKeypairs(currentCompute().compute, { limit: 1000, microversion: [2, 10] });
        assert.equal(all.filter((k) => k.name.startsWith(`${prefix}-`)).length, 1050);
    });

    it("filters by name, fingerprint, public key and type", async () => {
        const compute = currentCompute().compute;
        const key = newPublicKey("ecdsa", "original comment");
        const name = `${prefix}-filtered`;
        await demo2.import(name, key);
        names.push(name);

        const byName = await findKeypairs(compute, { name });
        assert.deepEqual(byName.map((k) => k.name), [name]);
        assert.equal(byName[0].fingerprint, md5Fingerprint(key));

        const byFingerprint = await findKeypairs(compute, { fingerprint: md5Fingerprint(key) });
        assert.deepEqual(byFingerprint.map((k) => k.name), [name]);

        const [type, blob] = key.split(" ");
        const byKey = await findKeypairs(compute, { publicKey: `  ${type}   ${blob} other comment\n` });
        assert.deepEqual(byKey.map((k) => k.name), [name]);

        const x509 = await findKeypairs(compute, { nameRegex: `^${prefix}-`, type: "x509" });
        assert.deepEqual(x509, []);
    });

    it("rejects invalid filters naming the field", () => {
        assert.throws(() => validateFilters({ nameRegex: "(" }), (error: unknown) => {
            assert.ok(KeypairError.isInstance(error));
            assert.match(error.message, /^nameRegex "\(" is not a valid regular expression/);
            return true;
        });
        assert.throws(() => validateFilters({ publicKey: "garbage" }), /^KeypairError: publicKey is not an OpenSSH public key|publicKey is not an OpenSSH public key/);
        assert.throws(() => validateFilters({ fingerprint: "abc" }), /fingerprint "abc" is invalid/);
    });
});
