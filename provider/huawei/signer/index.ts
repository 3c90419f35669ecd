/**
 * Huawei Cloud's AK/SK request signing (SDK-HMAC-SHA256), built from one pure function per step
 * of the API Request Signing Guide. Nothing here reads the clock: the caller passes the signing
 * time, and the hash functions too when it wants others than node:crypto.
 */
import { formatAuthorization } from "./authorization";
import { canonicalHeaders, signedHeaderNames } from "./canonical-headers";
import { canonicalQueryString } from "./canonical-query";
import { buildCanonicalRequest } from "./canonical-request";
import { canonicalUri } from "./canonical-uri";
import { HEADER_AUTHORIZATION, HEADER_SDK_DATE, HEADER_SECURITY_TOKEN } from "./constants";
import { nodeCrypto, SigningCrypto } from "./crypto";
import { hashPayload } from "./payload-hash";
import { formatSdkDate } from "./sdk-date";
import { computeSignature } from "./signature";
import { buildStringToSign } from "./string-to-sign";

export * from "./constants";
export { formatSdkDate } from "./sdk-date";
export type { SigningCrypto } from "./crypto";

/** An access key pair, with `securityToken` set for temporary credentials. */
export interface AccessKeyCredentials {
    accessKey: string;
    secretKey: string;
    securityToken?: string;
}

/** The parts of a request that the signature covers. */
export interface SignableRequest {
    method: string;
    url: URL;
    /** Headers to sign, all of them. Add `host` to have it signed, as the guide's examples do. */
    headers: Record<string, string>;
    /** The exact body that will be sent, or "" for none. */
    body: string | Uint8Array;
}

/** The headers to send, and the intermediate strings for debugging a rejected signature. */
export interface SignedRequest {
    /** The request's headers with X-Sdk-Date, X-Security-Token and Authorization added. */
    headers: Record<string, string>;
    canonicalRequest: string;
    stringToSign: string;
    signature: string;
}

/**
 * Signs a request. X-Sdk-Date is set from `signingDate`, X-Security-Token from the credentials
 * when they are temporary, and both are signed together with every header already present.
 */
export function signRequest(
    request: SignableRequest,
    credentials: AccessKeyCredentials,
    signingDate: Date,
    crypto: SigningCrypto = nodeCrypto,
): SignedRequest {
    const sdkDate = formatSdkDate(signingDate);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
        if (name.toLowerCase() !== HEADER_AUTHORIZATION) {
            headers[name.toLowerCase()] = value;
        }
    }
    headers[HEADER_SDK_DATE] = sdkDate;
    if (credentials.securityToken) {
        headers[HEADER_SECURITY_TOKEN] = credentials.securityToken;
    }

    const signedHeaders = signedHeaderNames(headers);
    const canonicalRequest = buildCanonicalRequest({
        method: request.method,
        canonicalUri: canonicalUri(request.url.pathname),
        canonicalQueryString: canonicalQueryString(request.url.searchParams),
        canonicalHeaders: canonicalHeaders(headers, signedHeaders),
        signedHeaders,
        payloadHash: hashPayload(request.body, crypto),
    });
    const stringToSign = buildStringToSign(sdkDate, canonicalRequest, crypto);
    const signature = computeSignature(credentials.secretKey, stringToSign, crypto);
    headers[HEADER_AUTHORIZATION] = formatAuthorization(credentials.accessKey, signedHeaders, signature);
    return { headers, canonicalRequest, stringToSign, signature };
}
