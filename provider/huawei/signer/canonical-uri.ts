/**
 * CanonicalURI: the request path with each segment URI-encoded and a trailing "/" added. The
 * slash is for signing only, so the request itself goes out without it.
 *
 * The path is percent-decoded first and then split at "/", as Huawei's Python SDK signer does
 * (huaweicloudsdkcore, `unquote(path).split("/")`), so a segment that the URL carries encoded
 * ("my%20key") and the same segment written raw sign alike.
 *
 * NOTE: the official Node SDK encodes the path as it appears in the URL, so it signs
 * "my%2520key" for an escaped space. Which form Huawei's gateway expects has not been checked
 * against a real endpoint; keypair names with spaces are the case that depends on it.
 */
import { uriEncode } from "./uri-encode";

export function canonicalUri(pathname: string): string {
    const segments = decodePath(pathname).split("/");
    const encoded = segments.map(uriEncode).join("/");
    return encoded.endsWith("/") ? encoded : `${encoded}/`;
}

/** Decodes each run of %XX escapes. A run that is not valid UTF-8, and a stray "%", stay unchanged. */
function decodePath(pathname: string): string {
    return pathname.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
        try {
            return decodeURIComponent(run);
        } catch {
            return run;
        }
    });
}
