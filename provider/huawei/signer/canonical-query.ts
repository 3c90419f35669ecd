/**
 * CanonicalQueryString: each name and value URI-encoded, sorted by name and, for a name that
 * appears more than once, by value, joined as `name=value` with "&". A parameter without a
 * value signs as `name=`. Sorting compares the decoded strings by UTF-16 code unit, as the
 * official Node and Go SDK signers do.
 */
import { uriEncode } from "./uri-encode";

/** Builds the canonical query from decoded pairs, for example `url.searchParams`. */
export function canonicalQueryString(params: Iterable<[string, string]>): string {
    const pairs = [...params];
    pairs.sort(([nameA, valueA], [nameB, valueB]) => compareCodeUnits(nameA, nameB) || compareCodeUnits(valueA, valueB));
    return pairs.map(([name, value]) => `${uriEncode(name)}=${uriEncode(value)}`).join("&");
}

function compareCodeUnits(a: string, b: string): number {
    if (a === b) {
        return 0;
    }
    return a < b ? -1 : 1;
}
