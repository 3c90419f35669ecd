/**
 * Compute API microversions: parsing, comparison, and the choice of the version a request needs.
 */
import { KeypairError } from "../errors";

/** A microversion such as 2.10, as [major, minor]. */
export type Microversion = readonly [number, number];

/** The range a compute endpoint supports; undefined range means the legacy v2.0 API without microversions. */
export interface VersionRange {
    min: Microversion;
    max: Microversion;
}

/** `type` appears in requests and responses from 2.2 on. */
export const TYPE_MICROVERSION: Microversion = [2, 2];
/** `user_id` in requests (an admin acting for another user) from 2.10 on. */
export const USER_ID_MICROVERSION: Microversion = [2, 10];
/** Paginated lists (`limit`, `marker`, `keypairs_links`) from 2.35 on. */
export const PAGINATION_MICROVERSION: Microversion = [2, 35];
/** From 2.92 on the server no longer generates keys: `public_key` is required. */
export const IMPORT_ONLY_MICROVERSION: Microversion = [2, 92];

export function parseMicroversion(text: string): Microversion | undefined {
    const match = /^(\d+)\.(\d+)$/.exec(text.trim());
    return match ? [Number(match[1]), Number(match[2])] : undefined;
}

export function formatMicroversion(version: Microversion): string {
    return `${version[0]}.${version[1]}`;
}

export function compareMicroversions(a: Microversion, b: Microversion): number {
    return a[0] !== b[0] ? a[0] - b[0] : a[1] - b[1];
}

/** What a keypair request uses that needs a microversion. */
export interface KeypairFeatures {
    type?: "ssh" | "x509";
    userId?: string;
}

/**
 * Chooses the microversion for a keypair request: 2.10 when `userId` is set, else 2.2 so that
 * the response carries `type` (required when `type` is x509), else no header at all. Throws when
 * the server's range lacks what the inputs need.
 */
export function chooseKeypairMicroversion(range: VersionRange | undefined, features: KeypairFeatures): Microversion | undefined {
    const needed: { version: Microversion; input: string }[] = [];
    if (features.userId !== undefined) {
        needed.push({ version: USER_ID_MICROVERSION, input: "userId" });
    }
    if (features.type === "x509") {
        needed.push({ version: TYPE_MICROVERSION, input: 'type "x509"' });
    }
    for (const { version, input } of needed) {
        if (!range || compareMicroversions(range.max, version) < 0) {
            throw new KeypairError(
                "UNSUPPORTED_MICROVERSION",
                `${input} needs compute API microversion ${formatMicroversion(version)} or later, but the endpoint ` +
                    `supports ${range ? `up to ${formatMicroversion(range.max)}` : "no microversions (legacy v2 API)"}; ` +
                    `remove ${input.split(" ")[0]} or use the endpoint's /v2.1 API`,
            );
        }
    }
    if (needed.length > 0) {
        return needed.map((n) => n.version).reduce((a, b) => (compareMicroversions(a, b) >= 0 ? a : b));
    }
    if (range && compareMicroversions(range.max, TYPE_MICROVERSION) >= 0) {
        return TYPE_MICROVERSION;
    }
    return undefined;
}

/**
 * Chooses the microversion of a list request: 2.35 for pages (with `limit` and `marker`) where
 * the server has it, else 2.10 with `userId`, else 2.2 for `type`, else none.
 */
export function chooseListMicroversion(
    range: VersionRange | undefined,
    features: KeypairFeatures,
): { microversion?: Microversion; paginated: boolean } {
    const base = chooseKeypairMicroversion(range, features);
    if (range && compareMicroversions(range.max, PAGINATION_MICROVERSION) >= 0) {
        return { microversion: PAGINATION_MICROVERSION, paginated: true };
    }
    return { microversion: base, paginated: false };
}
