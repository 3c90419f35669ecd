import * as assert from "node:assert/strict";
import { createHash } from "node:crypto";

import { canonicalHeaders, signedHeaderNames } from "../../../provider/huawei/signer/canonical-headers";
import { canonicalQueryString } from "../../../provider/huawei/signer/canonical-query";
import { canonicalUri } from "../../../provider/huawei/signer/canonical-uri";
import { hashPayload } from "../../../provider/huawei/signer/payload-hash";
import { nodeCrypto, SigningCrypto } from "../../../provider/huawei/signer/crypto";
import { uriEncode } from "../../../provider/huawei/signer/uri-encode";
import { EMPTY_PAYLOAD_HASH, formatSdkDate, signRequest } from "../../../provider/huawei/signer";
import { queryVectors, signerVectors } from "./signer.vectors";

describe("signRequest: published vectors", () => {
    for (const vector of signerVectors) {
        it(vector.name, () => {
            const { request, expected } = vector;
            const signed = signRequest(
                { method: request.method, url: new URL(request.url), headers: request.headers, body: request.body },
                request.credentials,
                new Date(request.date),
            );
            if (expected.canonicalRequest !== undefined) {
                assert.equal(signed.canonicalRequest, expected.canonicalRequest);
            }
            if (expected.hashedCanonicalRequest !== undefined) {
                assert.equal(createHash("sha256").update(signed.canonicalRequest).digest("hex"), expected.hashedCanonicalRequest);
            }
            if (expected.stringToSign !== undefined) {
                assert.equal(signed.stringToSign, expected.stringToSign);
            }
            if (expected.signature !== undefined) {
                assert.equal(signed.signature, expected.signature);
            }
            if (expected.authorization !== undefined) {
                assert.equal(signed.headers.authorization, expected.authorization);
            }
        });
    }
});

describe("canonicalQueryString: published vectors", () => {
    for (const vector of queryVectors) {
        it(vector.name, () => {
            assert.equal(canonicalQueryString(vector.params), vector.expected);
        });
    }
});

describe("uriEncode", () => {
    it("keeps only unreserved characters", () => {
        assert.equal(uriEncode("AZaz09-_.~"), "AZaz09-_.~");
        assert.equal(uriEncode("!'()*"), "%21%27%28%29%2A");
        assert.equal(uriEncode(" /?#[]@$&+,;=:%"), "%20%2F%3F%23%5B%5D%40%24%26%2B%2C%3B%3D%3A%25");
    });

    it("encodes UTF-8 bytes in upper-case hex", () => {
        assert.equal(uriEncode("é"), "%C3%A9");
        assert.equal(uriEncode("ключ"), "%D0%BA%D0%BB%D1%8E%D1%87");
        assert.equal(uriEncode("😀"), "%F0%9F%98%80");
    });
});

describe("canonicalUri", () => {
    it("adds a trailing slash for signing", () => {
        assert.equal(canonicalUri("/v2.1/p1/os-keypairs"), "/v2.1/p1/os-keypairs/");
        assert.equal(canonicalUri("/v2.1/"), "/v2.1/");
        assert.equal(canonicalUri("/"), "/");
    });

    it("signs an encoded segment and its raw form alike", () => {
        assert.equal(canonicalUri("/os-keypairs/my%20key"), "/os-keypairs/my%20key/");
        assert.equal(canonicalUri("/os-keypairs/my key"), "/os-keypairs/my%20key/");
        assert.equal(canonicalUri("/os-keypairs/%C3%A9t%C3%A9"), "/os-keypairs/%C3%A9t%C3%A9/");
        assert.equal(canonicalUri("/os-keypairs/été"), "/os-keypairs/%C3%A9t%C3%A9/");
    });

    it("encodes sub-delimiters that URLs leave raw", () => {
        assert.equal(canonicalUri("/a/b!c*d(e)f'g"), "/a/b%21c%2Ad%28e%29f%27g/");
    });

    it("keeps a stray percent sign", () => {
        assert.equal(canonicalUri("/a/100%/b"), "/a/100%25/b/");
    });
});

describe("canonical headers", () => {
    it("lower-cases and sorts the names", () => {
        const headers = { "X-Sdk-Date": "20191115T033655Z", Host: "h", "Content-Type": "application/json" };
        assert.deepEqual(signedHeaderNames(headers), ["content-type", "host", "x-sdk-date"]);
    });

    it("trims values and ends each line with a newline", () => {
        const headers = { host: "  h  ", "x-a": "one two" };
        assert.equal(canonicalHeaders(headers, signedHeaderNames(headers)), "host:h\nx-a:one two\n");
    });
});

describe("hashPayload", () => {
    it("hashes the exact bytes", () => {
        assert.equal(hashPayload("", nodeCrypto), EMPTY_PAYLOAD_HASH);
        assert.equal(hashPayload('{"a":1}', nodeCrypto), createHash("sha256").update('{"a":1}').digest("hex"));
        assert.notEqual(hashPayload('{"a":1}', nodeCrypto), hashPayload('{"a": 1}', nodeCrypto));
        assert.equal(hashPayload("é", nodeCrypto), hashPayload(Buffer.from("é", "utf8"), nodeCrypto));
    });
});

describe("formatSdkDate", () => {
    it("formats UTC in basic ISO 8601", () => {
        assert.equal(formatSdkDate(new Date("2019-11-15T03:36:55.789Z")), "20191115T033655Z");
        assert.equal(formatSdkDate(new Date(Date.UTC(2024, 0, 2, 3, 4, 5))), "20240102T030405Z");
    });
});

describe("signRequest", () => {
    const request = {
        method: "GET",
        url: new URL("https://ecs.example/v2.1/p1/os-keypairs"),
        headers: { host: "ecs.example" },
        body: "",
    };
    const date = new Date("2024-05-01T10:00:00Z");

    it("signs the security token of temporary credentials", () => {
        const signed = signRequest(request, { accessKey: "AK", secretKey: "SK", securityToken: "tok" }, date);
        assert.equal(signed.headers["x-security-token"], "tok");
        assert.match(signed.headers.authorization, /SignedHeaders=host;x-sdk-date;x-security-token,/);
        assert.match(signed.canonicalRequest, /\nx-security-token:tok\n/);
    });

    it("sends no security token for permanent keys", () => {
        const signed = signRequest(request, { accessKey: "AK", secretKey: "SK" }, date);
        assert.equal(signed.headers["x-security-token"], undefined);
        assert.match(signed.headers.authorization, /SignedHeaders=host;x-sdk-date,/);
    });

    it("replaces an old Authorization and X-Sdk-Date", () => {
        const stale = { ...request, headers: { ...request.headers, Authorization: "old", "X-Sdk-Date": "20000101T000000Z" } };
        const signed = signRequest(stale, { accessKey: "AK", secretKey: "SK" }, date);
        assert.equal(signed.headers["x-sdk-date"], "20240501T100000Z");
        assert.ok(!("Authorization" in signed.headers), "the old header is gone");
        assert.match(signed.headers.authorization, /^SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date, Signature=[0-9a-f]{64}$/);
    });

    it("changes the signature with the body", () => {
        const first = signRequest({ ...request, method: "POST", body: '{"a":1}' }, { accessKey: "AK", secretKey: "SK" }, date);
        const second = signRequest({ ...request, method: "POST", body: '{"a":2}' }, { accessKey: "AK", secretKey: "SK" }, date);
        assert.notEqual(first.signature, second.signature);
    });

    it("uses the hash functions it is given", () => {
        const calls: string[] = [];
        const fake: SigningCrypto = {
            sha256Hex: (data) => {
                calls.push(`sha256:${String(data).length}`);
                return "h";
            },
            hmacSha256Hex: (key) => {
                calls.push(`hmac:${key}`);
                return "s";
            },
        };
        const signed = signRequest({ ...request, body: "xyz" }, { accessKey: "AK", secretKey: "SK" }, date, fake);
        assert.equal(signed.signature, "s");
        assert.equal(signed.stringToSign, "SDK-HMAC-SHA256\n20240501T100000Z\nh");
        assert.deepEqual(calls, ["sha256:3", `sha256:${signed.canonicalRequest.length}`, "hmac:SK"]);
    });
});
