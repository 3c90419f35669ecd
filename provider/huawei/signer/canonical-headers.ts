/**
 * CanonicalHeaders and SignedHeaders: the signed headers as `name:value` lines with lower-case
 * names in ascending order and trimmed values, each line ending in "\n", and the same names
 * joined with ";".
 */

/** Returns the sorted lower-case names of `headers`, which are the headers that get signed. */
export function signedHeaderNames(headers: Record<string, string>): string[] {
    return Object.keys(headers)
        .map((name) => name.toLowerCase())
        .sort();
}

/** Builds the CanonicalHeaders block for `names`, which signedHeaderNames returned. */
export function canonicalHeaders(headers: Record<string, string>, names: string[]): string {
    const byName = new Map(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
    return names.map((name) => `${name}:${(byName.get(name) ?? "").trim()}\n`).join("");
}
