/**
 * The keypair list behind `getKeypairs`: every page from the server, then the filters.
 */
import { KeypairError } from "./errors";
import { KeypairType, parsePublicKey } from "./keys";
import { ComputeClient } from "./nova/compute";
import { listKeypairs } from "./nova/keypairs/requests";
import { chooseListMicroversion } from "./nova/microversions";

/** Page size asked for at 2.35 and later; Nova's default `max_limit` caps pages at 1,000. */
export const PAGE_SIZE = 1000;

export interface ListFilters {
    name?: string;
    nameRegex?: string;
    fingerprint?: string;
    publicKey?: string;
    type?: KeypairType;
    userId?: string;
}

export interface KeypairSummary {
    name: string;
    fingerprint: string;
    publicKey: string;
    type: KeypairType;
}

/** Checks the filters before any request; throws INVALID_INPUT naming the field. */
export function validateFilters(filters: ListFilters): { regex?: RegExp; keyFingerprint?: string } {
    let regex: RegExp | undefined;
    if (filters.nameRegex !== undefined) {
        try {
            regex = new RegExp(filters.nameRegex);
        } catch (error) {
            throw new KeypairError(
                "INVALID_INPUT",
                `nameRegex ${JSON.stringify(filters.nameRegex)} is not a valid regular expression (${(error as Error).message}); ` +
                    "give a JavaScript regular expression such as ^deploy-",
            );
        }
    }
    if (filters.type !== undefined && filters.type !== "ssh" && filters.type !== "x509") {
        throw new KeypairError("INVALID_INPUT", `type ${JSON.stringify(filters.type)} is invalid; use "ssh" or "x509"`);
    }
    let keyFingerprint: string | undefined;
    if (filters.publicKey !== undefined) {
        const parsed = parsePublicKey(filters.publicKey, filters.type ?? "ssh");
        if (!parsed.ok) {
            throw new KeypairError("INVALID_INPUT", `publicKey ${parsed.reason}`);
        }
        keyFingerprint = parsed.key.fingerprint;
    }
    if (filters.fingerprint !== undefined && !/^([0-9a-f]{2}:){15,}[0-9a-f]{2}$/i.test(filters.fingerprint)) {
        throw new KeypairError(
            "INVALID_INPUT",
            `fingerprint ${JSON.stringify(filters.fingerprint)} is invalid; give it as Nova shows it, colon-separated hex such as 1e:2c:...`,
        );
    }
    return { regex, keyFingerprint };
}

/** Lists the keypairs of the caller (or of `userId`) that match every given filter. */
export async function findKeypairs(compute: ComputeClient, filters: ListFilters): Promise<KeypairSummary[]> {
    const { regex, keyFingerprint } = validateFilters(filters);
    const { microversion, paginated } = chooseListMicroversion(await compute.versionRange(), { userId: filters.userId });
    const all = await listKeypairs(compute, {
        userId: filters.userId,
        limit: paginated ? PAGE_SIZE : undefined,
        microversion,
    });
    return all
        .map((k) => ({ name: k.name, fingerprint: k.fingerprint, publicKey: k.publicKey, type: k.type ?? "ssh" }))
        .filter((k) => filters.name === undefined || k.name === filters.name)
        .filter((k) => regex === undefined || regex.test(k.name))
        .filter((k) => filters.fingerprint === undefined || k.fingerprint.toLowerCase() === filters.fingerprint.toLowerCase())
        .filter((k) => keyFingerprint === undefined || k.fingerprint === keyFingerprint)
        .filter((k) => filters.type === undefined || k.type === filters.type);
}
