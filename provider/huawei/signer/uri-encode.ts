/**
 * Percent-encodes a string for the canonical request: every UTF-8 byte except RFC 3986's
 * unreserved characters (A-Z a-z 0-9 - _ . ~) becomes %XX with upper-case hex digits. Path
 * segments, query names and query values all use this encoding.
 */
export function uriEncode(value: string): string {
    // encodeURIComponent leaves !'()* alone, which RFC 3986 counts as reserved.
    return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
