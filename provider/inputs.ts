/**
 * The Keypair resource's inputs: typed parsing of the engine's property bags, validation for
 * `check`, and the generated name.
 */
import { randomBytes } from "node:crypto";

import { DEFAULT_KEY_ALGORITHM, KEY_ALGORITHMS, KeyAlgorithm, validateKeyBits } from "./generate";
import { KEYPAIR_TYPES, KeypairType, ParsedPublicKey, parsePublicKey } from "./keys";

/**
 * The value Pulumi puts in place of an input that is not known yet during preview (for example
 * the output of a resource that does not exist yet).
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Nova's rule for keypair names (os-keypairs schema, all microversions up to 2.93). */
const NAME_PATTERN = /^(?! )[a-zA-Z0-9 _-]+(?<! )$/;
export const MAX_NAME_LENGTH = 255;

/** Length of the random hex suffix of a generated name, plus its dash. */
const SUFFIX_LENGTH = 8;

/** Inputs after `check`: the name is always resolved. */
export interface KeypairInputs {
    name: string;
    publicKey?: string;
    type?: KeypairType;
    userId?: string;
    /** The resource name that a generated name starts with; absent when the program gave `name`. */
    autoNamePrefix?: string;
    /** Algorithm of a locally generated key; set when neither publicKey nor serverGenerated is. */
    keyAlgorithm?: KeyAlgorithm;
    keyBits?: number;
    /** The server generates the key pair (below microversion 2.92). */
    serverGenerated?: boolean;
    /** Take over an existing keypair of the same name when its fingerprint matches publicKey. */
    adoptExisting?: boolean;
}

/** A property that failed validation and why, in the shape of Pulumi's CheckFailure. */
export interface CheckFailure {
    property: string;
    reason: string;
}

type PropertyBag = Record<string, unknown>;

/**
 * Validates new inputs and resolves the name. A generated name is kept from the previous inputs
 * unless a property that forces replacement changed, in which case a fresh name lets the new
 * keypair be created before the old one is deleted.
 */
export function checkInputs(olds: PropertyBag, news: PropertyBag): { inputs: PropertyBag; failures: CheckFailure[] } {
    const failures: CheckFailure[] = [];
    const inputs: PropertyBag = {};

    const type = news.type;
    if (type !== undefined && type !== UNKNOWN && !KEYPAIR_TYPES.includes(type as KeypairType)) {
        failures.push({
            property: "type",
            reason: `type ${JSON.stringify(type)} is invalid; use "ssh" (the default) or "x509"`,
        });
    } else if (type !== undefined) {
        inputs.type = type;
    }

    if (news.publicKey !== undefined) {
        const failure = validatePublicKey(news.publicKey, (type as KeypairType | undefined) ?? "ssh");
        if (failure) {
            failures.push(failure);
        }
        inputs.publicKey = news.publicKey;
    }

    if (news.userId !== undefined) {
        const failure = validateUserId(news.userId);
        if (failure) {
            failures.push(failure);
        }
        inputs.userId = news.userId;
    }

    failures.push(...checkKeySource(news, inputs));

    if (news.adoptExisting !== undefined && news.adoptExisting !== UNKNOWN) {
        if (typeof news.adoptExisting !== "boolean") {
            failures.push({ property: "adoptExisting", reason: "adoptExisting must be true or false" });
        } else if (news.adoptExisting && news.publicKey === undefined) {
            failures.push({
                property: "adoptExisting",
                reason:
                    "adoptExisting needs publicKey: an existing keypair is adopted only when its fingerprint matches " +
                    "the given public key, and its private key cannot be recovered",
            });
        }
        inputs.adoptExisting = news.adoptExisting;
    }

    if (news.name !== undefined) {
        const failure = validateName(news.name);
        if (failure) {
            failures.push(failure);
        }
        inputs.name = news.name;
    } else {
        const prefix = typeof news.autoNamePrefix === "string" ? news.autoNamePrefix : "keypair";
        inputs.autoNamePrefix = prefix;
        inputs.name = keepGeneratedName(olds, inputs) ?? generateName(prefix);
    }
    return { inputs, failures };
}

/**
 * Checks where the key comes from: an imported publicKey, the server (serverGenerated), or local
 * generation (keyAlgorithm, the default). These exclude each other.
 */
function checkKeySource(news: PropertyBag, inputs: PropertyBag): CheckFailure[] {
    const failures: CheckFailure[] = [];
    const imported = news.publicKey !== undefined;
    if (news.serverGenerated !== undefined && news.serverGenerated !== UNKNOWN) {
        if (typeof news.serverGenerated !== "boolean") {
            failures.push({ property: "serverGenerated", reason: "serverGenerated must be true or false" });
        } else if (news.serverGenerated && imported) {
            failures.push({
                property: "serverGenerated",
                reason: "serverGenerated and publicKey contradict each other; remove one (publicKey imports a key you have)",
            });
        }
        inputs.serverGenerated = news.serverGenerated;
    }
    const serverGenerated = inputs.serverGenerated === true;
    if (news.keyAlgorithm !== undefined || news.keyBits !== undefined) {
        if (imported || serverGenerated) {
            const other = imported ? "publicKey" : "serverGenerated";
            failures.push({
                property: news.keyAlgorithm !== undefined ? "keyAlgorithm" : "keyBits",
                reason: `keyAlgorithm and keyBits apply only to keys the provider generates, so they cannot go with ${other}; remove them or ${other}`,
            });
            return failures;
        }
    }
    if (imported || serverGenerated) {
        return failures;
    }
    if (news.type === "x509") {
        failures.push({
            property: "type",
            reason: 'an x509 keypair cannot be generated locally; import a certificate with publicKey, or set serverGenerated: true',
        });
        return failures;
    }
    const algorithm = news.keyAlgorithm ?? DEFAULT_KEY_ALGORITHM;
    if (algorithm !== UNKNOWN && !KEY_ALGORITHMS.includes(algorithm as KeyAlgorithm)) {
        failures.push({
            property: "keyAlgorithm",
            reason: `keyAlgorithm ${JSON.stringify(algorithm)} is invalid; use "rsa" (the default), "ecdsa" or "ed25519"`,
        });
        return failures;
    }
    inputs.keyAlgorithm = algorithm;
    if (news.keyBits !== undefined && news.keyBits !== UNKNOWN) {
        const reason =
            typeof news.keyBits === "number"
                ? validateKeyBits(algorithm as KeyAlgorithm, news.keyBits)
                : `keyBits must be a number, got ${typeof news.keyBits}`;
        if (reason) {
            failures.push({ property: "keyBits", reason });
        }
        inputs.keyBits = news.keyBits;
    }
    return failures;
}

function validatePublicKey(value: unknown, type: KeypairType): CheckFailure | undefined {
    if (value === UNKNOWN) {
        return undefined;
    }
    if (typeof value !== "string") {
        return { property: "publicKey", reason: `publicKey must be a string, got ${typeof value}` };
    }
    const result = parsePublicKey(value, type);
    return result.ok ? undefined : { property: "publicKey", reason: `publicKey ${result.reason}` };
}

function validateUserId(value: unknown): CheckFailure | undefined {
    if (value === UNKNOWN) {
        return undefined;
    }
    if (typeof value !== "string" || !/^[^\s/]{1,255}$/.test(value)) {
        return {
            property: "userId",
            reason: `userId ${JSON.stringify(value)} is invalid; give the user's id (not its name) as 1 to 255 characters without spaces or "/"`,
        };
    }
    return undefined;
}

/** Checks a keypair name against Nova's rule; returns a failure that says what is accepted. */
export function validateName(value: unknown): CheckFailure | undefined {
    if (value === UNKNOWN) {
        return undefined;
    }
    if (typeof value !== "string") {
        return { property: "name", reason: `name must be a string, got ${typeof value}` };
    }
    if (value.length === 0 || value.length > MAX_NAME_LENGTH) {
        return {
            property: "name",
            reason: `name must be 1 to ${MAX_NAME_LENGTH} characters long, got ${value.length}`,
        };
    }
    if (!NAME_PATTERN.test(value)) {
        const invalid = [...new Set(value.replace(/[a-zA-Z0-9 _-]/g, ""))].join("");
        const detail = invalid ? `contains ${JSON.stringify(invalid)}` : "starts or ends with a space";
        return {
            property: "name",
            reason:
                `name ${JSON.stringify(value)} is invalid: it ${detail}; ` +
                "use letters, digits, spaces, '_' and '-', with no leading or trailing space",
        };
    }
    return undefined;
}

/** Builds `<prefix>-<7 hex digits>` from a resource name, dropping what Nova would not accept. */
export function generateName(prefix: string): string {
    let base = prefix.replace(/[^a-zA-Z0-9 _-]+/g, "-").trim();
    base = base.slice(0, MAX_NAME_LENGTH - SUFFIX_LENGTH).trim();
    if (!/[a-zA-Z0-9]/.test(base)) {
        base = "keypair";
    }
    return `${base}-${randomBytes(4).toString("hex").slice(0, SUFFIX_LENGTH - 1)}`;
}

function keepGeneratedName(olds: PropertyBag, inputs: PropertyBag): string | undefined {
    if (typeof olds.name !== "string" || olds.autoNamePrefix !== inputs.autoNamePrefix) {
        return undefined;
    }
    const replaced =
        (olds.type ?? "ssh") !== (inputs.type ?? "ssh") ||
        olds.userId !== inputs.userId ||
        olds.keyAlgorithm !== inputs.keyAlgorithm ||
        olds.keyBits !== inputs.keyBits ||
        olds.serverGenerated !== inputs.serverGenerated ||
        keyIdentity(olds.publicKey, olds.type) !== keyIdentity(inputs.publicKey, inputs.type);
    return replaced ? undefined : olds.name;
}

/** Identifies key material by fingerprint, so that comment and whitespace changes compare equal. */
export function keyIdentity(publicKey: unknown, type: unknown): string | undefined {
    if (typeof publicKey !== "string") {
        return undefined;
    }
    if (publicKey === UNKNOWN) {
        return UNKNOWN;
    }
    const result = parsePublicKey(publicKey, type === "x509" ? "x509" : "ssh");
    return result.ok ? result.key.fingerprint : publicKey;
}

/** Reads checked inputs from the engine's property bag. */
export function toKeypairInputs(bag: PropertyBag): KeypairInputs {
    return {
        name: String(bag.name),
        publicKey: typeof bag.publicKey === "string" ? bag.publicKey : undefined,
        type: bag.type === "x509" ? "x509" : bag.type === "ssh" ? "ssh" : undefined,
        userId: typeof bag.userId === "string" ? bag.userId : undefined,
        autoNamePrefix: typeof bag.autoNamePrefix === "string" ? bag.autoNamePrefix : undefined,
        keyAlgorithm: KEY_ALGORITHMS.includes(bag.keyAlgorithm as KeyAlgorithm) ? (bag.keyAlgorithm as KeyAlgorithm) : undefined,
        keyBits: typeof bag.keyBits === "number" ? bag.keyBits : undefined,
        serverGenerated: bag.serverGenerated === true ? true : undefined,
        adoptExisting: bag.adoptExisting === true ? true : undefined,
    };
}

/** Returns the parsed public key of valid inputs; check has already rejected invalid ones. */
export function parsedKeyOf(inputs: KeypairInputs): ParsedPublicKey | undefined {
    if (inputs.publicKey === undefined) {
        return undefined;
    }
    const result = parsePublicKey(inputs.publicKey, inputs.type ?? "ssh");
    if (!result.ok) {
        throw new Error(`publicKey ${result.reason}`);
    }
    return result.key;
}
