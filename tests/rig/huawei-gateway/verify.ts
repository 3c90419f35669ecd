/**
 * Checks SDK-HMAC-SHA256 signatures the way Huawei's API gateway does, with the official Node
 * SDK's signer (@huaweicloud/huaweicloud-sdk-core 3.1.211) computing the expected signature.
 * The SDK's `AKSKSigner.sign` covers the canonical request, string to sign and HMAC; two
 * inputs are adapted, each explained where it happens.
 */
import { createHash, timingSafeEqual } from "node:crypto";

import { AKSKSigner } from "@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner";

/**
 * AKSKSigner with the path percent-decoded before the SDK encodes each segment. The SDK encodes
 * `url.parse(endpoint).pathname` unchanged, so a segment that arrives encoded ("my%20key")
 * would be encoded twice (my%2520key); the Python SDK and the signing guide decode first.
 */
export class DecodingAkskSigner extends AKSKSigner {
    protected static override CanonicalURI(inputUri?: string): string | undefined {
        return super.CanonicalURI(inputUri === undefined ? undefined : decodeEscapes(inputUri));
    }
}

/** Decodes each run of %XX escapes that is valid UTF-8, as the provider's signer does. */
export function decodeEscapes(path: string): string {
    return path.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
        try {
            return decodeURIComponent(run);
        } catch {
            return run;
        }
    });
}

/** A request as the gateway received it: raw path and query, lower-case header names, body bytes. */
export interface ReceivedRequest {
    method: string;
    rawPath: string;
    rawQuery: string;
    headers: Record<string, string>;
    body: Buffer;
}

export type VerifyResult =
    | { ok: true; accessKey: string; signedAt: number }
    | { ok: false; reason: "unsigned" | "malformed" | "unknown-key" | "clock-skew" | "signature"; accessKey?: string; message: string };

const AUTHORIZATION = /^SDK-HMAC-SHA256\s+Access=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-fA-F]+)$/;
const SDK_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/**
 * Verifies the Authorization header of `request`. `secretOf` returns the SK of an access key, or
 * undefined for an unknown one. `now` is the gateway's clock in milliseconds, and `maxSkewMs`
 * is how far X-Sdk-Date may be from it.
 */
export function verifySignature(
    request: ReceivedRequest,
    secretOf: (accessKey: string) => string | undefined,
    now: number,
    maxSkewMs: number,
): VerifyResult {
    const authorization = request.headers.authorization;
    if (!authorization) {
        return { ok: false, reason: "unsigned", message: "the request has neither an Authorization nor an X-Auth-Token header" };
    }
    const match = AUTHORIZATION.exec(authorization.trim());
    if (!match) {
        return { ok: false, reason: "malformed", message: "the Authorization header is not of the SDK-HMAC-SHA256 form" };
    }

    const [, accessKey, signedHeaderList, signature] = match;
    const signedHeaders = signedHeaderList.split(";");
    if (!signedHeaders.includes("x-sdk-date") || !signedHeaders.includes("host")) {
        return { ok: false, reason: "malformed", accessKey, message: "SignedHeaders must include host and x-sdk-date" };
    }
    const date = parseSdkDate(request.headers["x-sdk-date"]);
    if (date === undefined) {
        return { ok: false, reason: "malformed", accessKey, message: "X-Sdk-Date is missing or not of the form YYYYMMDDTHHMMSSZ" };
    }
    if (Math.abs(now - date) > maxSkewMs) {
        const minutes = Math.round((now - date) / 60_000);
        return {
            ok: false,
            reason: "clock-skew",
            accessKey,
            message: `X-Sdk-Date is ${Math.abs(minutes)} minutes ${minutes > 0 ? "behind" : "ahead of"} the gateway's time; the allowed difference is ${maxSkewMs / 60_000} minutes`,
        };
    }

    const secretKey = secretOf(accessKey);
    if (secretKey === undefined) {
        return { ok: false, reason: "unknown-key", accessKey, message: `Get secretKey failed, ak:${accessKey}, err:ak not exist` };
    }
    const expected = expectedAuthorization(request, signedHeaders, accessKey, secretKey);
    const expectedSignature = AUTHORIZATION.exec(expected)?.[3] ?? "";
    const expectedList = AUTHORIZATION.exec(expected)?.[2] ?? "";
    if (expectedList !== signedHeaderList || !sameHex(expectedSignature, signature.toLowerCase())) {
        return { ok: false, reason: "signature", accessKey, message: "verify aksk signature fail" };
    }
    return { ok: true, accessKey, signedAt: date };
}

/** Computes the Authorization header that the official SDK would send for `request`. */
export function expectedAuthorization(request: ReceivedRequest, signedHeaders: string[], accessKey: string, secretKey: string): string {
    const headers: Record<string, string> = {};
    for (const name of signedHeaders) {
        // The SDK takes the signing time only from a header spelled exactly "X-Sdk-Date". Under
        // any other spelling it would add a second one with its own clock.
        headers[name === "x-sdk-date" ? "X-Sdk-Date" : name] = request.headers[name] ?? "";
    }
    // The SDK hashes JSON.stringify(request.data), which cannot reproduce arbitrary bytes. Its
    // X-Sdk-Content-Sha256 header supplies the payload hash instead. Because it is not
    // enumerable, buildPayloadHash reads it but the signed headers do not include it.
    Object.defineProperty(headers, "X-Sdk-Content-Sha256", {
        value: createHash("sha256").update(request.body).digest("hex"),
        enumerable: false,
    });
    const signed = DecodingAkskSigner.sign(
        {
            method: request.method,
            endpoint: `http://${request.headers.host}${request.rawPath}`,
            headers,
            queryParams: queryObject(request.rawQuery),
        },
        { getAk: () => accessKey, getSk: () => secretKey } as never,
    ) as Record<string, string>;
    return signed.Authorization;
}

/** Turns a raw query into the SDK's queryParams shape: one string, or an array for a repeated name. */
export function queryObject(rawQuery: string): Record<string, string | string[]> {
    const params: Record<string, string | string[]> = {};
    for (const [name, value] of new URLSearchParams(rawQuery)) {
        const existing = params[name];
        if (existing === undefined) {
            params[name] = value;
        } else {
            params[name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
        }
    }
    return params;
}

function parseSdkDate(value: string | undefined): number | undefined {
    const match = value === undefined ? null : SDK_DATE.exec(value);
    if (!match) {
        return undefined;
    }
    const [, year, month, day, hour, minute, second] = match.map(Number);
    return Date.UTC(year, month - 1, day, hour, minute, second);
}

function sameHex(a: string, b: string): boolean {
    return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
