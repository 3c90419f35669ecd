import * as assert from "node:assert/strict";

import { describeErrorBody } from "../../provider/http/client";
import { versionDocumentUrl } from "../../provider/nova/compute";
import { chooseKeypairMicroversion, VersionRange } from "../../provider/nova/microversions";

const zed: VersionRange = { min: [2, 1], max: [2, 93] };

describe("chooseKeypairMicroversion", () => {
    it("asks for 2.2 by default so that type comes back", () => {
        assert.deepEqual(chooseKeypairMicroversion(zed, {}), [2, 2]);
    });

    it("asks for 2.10 with userId", () => {
        assert.deepEqual(chooseKeypairMicroversion(zed, { userId: "u", type: "x509" }), [2, 10]);
    });

    it("sends no version to the legacy v2 API", () => {
        assert.equal(chooseKeypairMicroversion(undefined, { type: "ssh" }), undefined);
    });

    it("rejects x509 where the server lacks 2.2", () => {
        assert.throws(
            () => chooseKeypairMicroversion(undefined, { type: "x509" }),
            /type "x509" needs compute API microversion 2.2 or later, but the endpoint supports no microversions/,
        );
    });

    it("rejects userId below 2.10", () => {
        assert.throws(
            () => chooseKeypairMicroversion({ min: [2, 1], max: [2, 5] }, { userId: "u" }),
            /userId needs compute API microversion 2.10 or later, but the endpoint supports up to 2.5/,
        );
    });
});

describe("versionDocumentUrl", () => {
    it("strips the project id", () => {
        assert.equal(versionDocumentUrl("http://nova:8774/v2.1/p1"), "http://nova:8774/v2.1/");
    });

    it("keeps a path prefix", () => {
        assert.equal(versionDocumentUrl("https://api.example/compute/v2.1/p1"), "https://api.example/compute/v2.1/");
    });

    it("handles the legacy v2 API", () => {
        assert.equal(versionDocumentUrl("https://ecs.example/v2/p1"), "https://ecs.example/v2/");
    });
});

describe("describeErrorBody", () => {
    it("reads a Nova fault", () => {
        assert.deepEqual(describeErrorBody({ conflictingRequest: { code: 409, message: "Key pair 'k' already exists." } }), {
            serviceCode: "conflictingRequest",
            serviceMessage: "Key pair 'k' already exists.",
        });
    });

    it("reads a Keystone error", () => {
        assert.deepEqual(describeErrorBody({ error: { code: 401, title: "Unauthorized", message: "The request you have made requires authentication." } }), {
            serviceCode: "Unauthorized",
            serviceMessage: "The request you have made requires authentication.",
        });
    });
});
