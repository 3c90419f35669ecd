/**
 * CanonicalRequest = HTTPRequestMethod \n CanonicalURI \n CanonicalQueryString \n
 * CanonicalHeaders \n SignedHeaders \n HexEncode(Hash(RequestPayload)). CanonicalHeaders ends in
 * its own "\n", so an empty line separates it from SignedHeaders.
 */
export interface CanonicalRequestParts {
    method: string;
    canonicalUri: string;
    canonicalQueryString: string;
    canonicalHeaders: string;
    signedHeaders: string[];
    payloadHash: string;
}

export function buildCanonicalRequest(parts: CanonicalRequestParts): string {
    return [
        parts.method.toUpperCase(),
        parts.canonicalUri,
        parts.canonicalQueryString,
        parts.canonicalHeaders,
        parts.signedHeaders.join(";"),
        parts.payloadHash,
    ].join("\n");
}
