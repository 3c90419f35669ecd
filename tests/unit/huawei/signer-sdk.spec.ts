/**
 * Our signer against the official Node SDK's (@huaweicloud/huaweicloud-sdk-core, a dev
 * dependency only) over generated requests. The generator is seeded, so a failure names a case
 * that reruns the same way.
 */
import * as assert from "node:assert/strict";

import { AKSKSigner } from "@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner";
import { BasicCredentials } from "@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials";
import { HttpRequestImpl } from "@huaweicloud/huaweicloud-sdk-core/http/IHttpRequest";

import { canonicalUri } from "../../../provider/huawei/signer/canonical-uri";
import { signRequest } from "../../../provider/huawei/signer";
import { expectedAuthorization } from "../../rig/huawei-gateway/verify";

const SEED = 20240501;
const CASES = 400;

/** Mulberry32: a small seeded generator, so that every run sees the same requests. */
function seededRandom(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

/** Characters that `url.parse` leaves alone in a path, so the SDK's own path handling applies. */
const PATH_SAFE = [..."abcXYZ019-_.~!$&()*+,;=:@[]%", "é", "ß", "ключ", "漢字", "😀"];
/** Characters that `url.parse` escapes (space, quotes, braces, ...), on top of PATH_SAFE. */
const PATH_ANY = [...PATH_SAFE, ..." \"'<>^`{|}"];
const QUERY_CHARS = [..."abcXYZ019-_.~ !$&'()*+,;=:@/?#[]%", "é", "一", "😀"];

class Generator {
    private readonly random: () => number;

    constructor(seed: number) {
        this.random = seededRandom(seed);
    }

    int(min: number, max: number): number {
        return min + Math.floor(this.random() * (max - min + 1));
    }

    pick<T>(items: readonly T[]): T {
        return items[this.int(0, items.length - 1)];
    }

    text(alphabet: readonly string[], min: number, max: number): string {
        return Array.from({ length: this.int(min, max) }, () => this.pick(alphabet)).join("");
    }
}

interface GeneratedRequest {
    method: "GET" | "POST" | "DELETE" | "PUT";
    host: string;
    /** Decoded path segments after the project id. */
    segments: string[];
    query: [string, string][];
    headers: Record<string, string>;
    body?: Record<string, unknown>;
    date: Date;
    credentials: { accessKey: string; secretKey: string; securityToken?: string };
    projectId: string;
}

/** A path segment; "." and ".." are left out, because URLs resolve them away before sending. */
function segment(g: Generator, alphabet: readonly string[]): string {
    for (;;) {
        const text = g.text(alphabet, 1, 8);
        if (text !== "." && text !== "..") {
            return text;
        }
    }
}

function generate(g: Generator, pathAlphabet: readonly string[]): GeneratedRequest {
    const method = g.pick(["GET", "POST", "DELETE", "PUT"] as const);
    const segments = Array.from({ length: g.int(1, 3) }, () => segment(g, pathAlphabet));
    const names = Array.from({ length: g.int(0, 3) }, () => g.text(QUERY_CHARS, 1, 5));
    const query: [string, string][] = [];
    for (const name of names) {
        // Some names repeat with several values, some values are empty.
        for (let i = g.int(1, 3); i > 0; i--) {
            query.push([name, g.text(QUERY_CHARS, 0, 6)]);
        }
    }
    const headers: Record<string, string> = {};
    for (let i = g.int(0, 3); i > 0; i--) {
        headers[`x-custom-${g.text([..."abc123-"], 1, 4)}`] = g.text([..."abc XYZ012;=/"], 1, 10).trim() || "v";
    }
    if (method === "POST" || method === "PUT" || g.int(0, 3) === 0) {
        headers["content-type"] = "application/json";
    }
    const body =
        method === "POST" || method === "PUT"
            ? { keypair: { name: g.text(PATH_ANY, 1, 10), public_key: `ssh-ed25519 ${g.text([..."AZaz09+/"], 20, 40)} é😀`, n: g.int(0, 99) } }
            : undefined;
    const temporary = g.int(0, 1) === 1;
    return {
        method,
        host: g.pick(["ecs.ap-southeast-1.myhuaweicloud.com", "127.0.0.1:18774", "ecs.example:8443"]),
        segments,
        query,
        headers,
        body,
        date: new Date(Date.UTC(2020 + g.int(0, 6), g.int(0, 11), g.int(1, 28), g.int(0, 23), g.int(0, 59), g.int(0, 59))),
        credentials: {
            accessKey: g.text([..."ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"], 20, 20),
            secretKey: g.text([..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"], 40, 40),
            securityToken: temporary ? g.text([..."abcXYZ019-_+/="], 40, 200) : undefined,
        },
        projectId: g.text([..."0123456789abcdef"], 32, 32),
    };
}

/** The request as the provider sends it: encoded path and query in a WHATWG URL. */
function providerUrl(req: GeneratedRequest): URL {
    const url = new URL(`https://${req.host}/v2.1/${req.projectId}/${req.segments.map(encodeURIComponent).join("/")}`);
    for (const [name, value] of req.query) {
        url.searchParams.append(name, value);
    }
    return url;
}

function oursFor(req: GeneratedRequest): string {
    const url = providerUrl(req);
    const signed = signRequest(
        {
            method: req.method,
            url,
            headers: { ...req.headers, host: url.host, "x-project-id": req.projectId },
            body: req.body === undefined ? "" : JSON.stringify(req.body),
        },
        req.credentials,
        req.date,
    );
    return signed.headers.authorization;
}

function sdkQuery(req: GeneratedRequest): Record<string, string | string[]> {
    const params: Record<string, string | string[]> = {};
    for (const [name, value] of req.query) {
        const existing = params[name];
        params[name] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
    }
    return params;
}

function sdkDate(date: Date): string {
    return date.toISOString().replace(/\.\d{3}Z$/, "Z").replace(/[-:]/g, "");
}

/**
 * Signs through the SDK's own credential path (BasicCredentials.processAuthRequest), which adds
 * X-Project-Id and, for temporary credentials, X-Security-Token before AKSKSigner signs.
 */
async function sdkFor(req: GeneratedRequest): Promise<string> {
    const credentials = new BasicCredentials()
        .withAk(req.credentials.accessKey)
        .withSk(req.credentials.secretKey)
        .withProjectId(req.projectId);
    if (req.credentials.securityToken) {
        credentials.withSecurityToken(req.credentials.securityToken);
    }
    const request = new HttpRequestImpl();
    request.method = req.method;
    request.endpoint = `https://${new URL(`https://${req.host}`).host}`;
    request.url = `/v2.1/${req.projectId}/${req.segments.join("/")}`;
    request.headers = { ...req.headers, "X-Sdk-Date": sdkDate(req.date) };
    request.queryParams = sdkQuery(req);
    request.data = req.body;
    const signed = await credentials.processAuthRequest(undefined as never, request);
    return (signed.headers as Record<string, string>).Authorization;
}

describe("signRequest against the official Node SDK", () => {
    it(`agrees on ${CASES} generated requests`, async () => {
        const g = new Generator(SEED);
        for (let i = 0; i < CASES; i++) {
            const req = generate(g, PATH_SAFE);
            assert.equal(oursFor(req), await sdkFor(req), `case ${i} (seed ${SEED}): ${JSON.stringify(req)}`);
        }
    });

    it("covers temporary keys, bodies, repeated names and unicode", () => {
        const g = new Generator(SEED);
        const requests = Array.from({ length: CASES }, () => generate(g, PATH_SAFE));
        const repeated = (req: GeneratedRequest) => new Set(req.query.map(([name]) => name)).size < req.query.length;
        assert.ok(requests.filter((r) => r.credentials.securityToken).length > CASES / 4, "temporary credentials");
        assert.ok(requests.filter((r) => r.body !== undefined).length > CASES / 4, "non-empty bodies");
        assert.ok(requests.filter((r) => r.body === undefined).length > CASES / 4, "empty bodies");
        assert.ok(requests.filter(repeated).length > CASES / 10, "repeated query names");
        assert.ok(requests.filter((r) => r.segments.some((s) => /[^\x00-\x7f]/.test(s))).length > CASES / 4, "unicode segments");
        assert.ok(requests.filter((r) => r.query.some(([, v]) => v === "")).length > CASES / 10, "empty query values");
    });

    // AKSKSigner encodes url.parse's pathname, which has already escaped these characters, so
    // for them the SDK is compared step by step and through the gateway's decoding adapter.
    it("agrees on the canonical URI of any segment", () => {
        const g = new Generator(SEED + 1);
        const sdkCanonicalUri = (AKSKSigner as unknown as { CanonicalURI(path: string): string }).CanonicalURI.bind(AKSKSigner);
        for (let i = 0; i < CASES; i++) {
            const segments = Array.from({ length: g.int(1, 4) }, () => g.text(PATH_ANY, 0, 8));
            const decoded = `/${segments.join("/")}`;
            const encoded = `/${segments.map(encodeURIComponent).join("/")}`;
            assert.equal(canonicalUri(encoded), sdkCanonicalUri(decoded), `case ${i}: ${JSON.stringify(segments)}`);
        }
    });

    it("agrees with the gateway's check on any segment", () => {
        const g = new Generator(SEED + 2);
        for (let i = 0; i < CASES / 4; i++) {
            const req = generate(g, PATH_ANY);
            const url = providerUrl(req);
            const body = req.body === undefined ? "" : JSON.stringify(req.body);
            const signed = signRequest(
                { method: req.method, url, headers: { ...req.headers, host: url.host, "x-project-id": req.projectId }, body },
                req.credentials,
                req.date,
            );
            const received = {
                method: req.method,
                rawPath: url.pathname,
                rawQuery: url.search.slice(1),
                headers: signed.headers,
                body: Buffer.from(body),
            };
            const signedHeaders = /SignedHeaders=([^,]+)/.exec(signed.headers.authorization)![1].split(";");
            const expected = expectedAuthorization(received, signedHeaders, req.credentials.accessKey, req.credentials.secretKey);
            assert.equal(signed.headers.authorization, expected, `case ${i}: ${JSON.stringify(req)}`);
        }
    });
});
