/**
 * Local key generation: the provider makes the key pair and imports only the public half, so the
 * private key never crosses the network.
 */
import { generateKeyPairSync } from "node:crypto";
import * as sshpk from "sshpk";

export type KeyAlgorithm = "rsa" | "ecdsa" | "ed25519";

export const KEY_ALGORITHMS: readonly KeyAlgorithm[] = ["rsa", "ecdsa", "ed25519"];

/** RSA sizes accepted for generation; 3072 is what `ssh-keygen -t rsa` makes by default (OpenSSH 8.x). */
export const RSA_BITS = { min: 2048, max: 4096, default: 3072 } as const;

/** ECDSA sizes and the NIST curves they name. */
export const ECDSA_CURVES: Record<number, string> = { 256: "prime256v1", 384: "secp384r1", 521: "secp521r1" };

/** Default for a keypair that has neither `publicKey` nor `serverGenerated`. */
export const DEFAULT_KEY_ALGORITHM: KeyAlgorithm = "rsa";

/** A generated key pair in the forms the Keypair resource outputs. */
export interface GeneratedKey {
    /** OpenSSH public key line, with the keypair's name as comment. */
    publicKey: string;
    /** OpenSSH private key format (`-----BEGIN OPENSSH PRIVATE KEY-----`). */
    privateKeyOpenssh: string;
    /** PEM: PKCS#1 for RSA, SEC1 for ECDSA, PKCS#8 for ed25519. */
    privateKeyPem: string;
    /** Nova's fingerprint of the public key (colon-separated MD5). */
    fingerprint: string;
}

/** Returns the reason `bits` is invalid for `algorithm`, or undefined when it is valid. */
export function validateKeyBits(algorithm: KeyAlgorithm, bits: number | undefined): string | undefined {
    if (bits === undefined) {
        return undefined;
    }
    if (algorithm === "rsa" && (!Number.isInteger(bits) || bits < RSA_BITS.min || bits > RSA_BITS.max)) {
        return `keyBits ${bits} is invalid for rsa; use a whole number from ${RSA_BITS.min} to ${RSA_BITS.max} (default ${RSA_BITS.default})`;
    }
    if (algorithm === "ecdsa" && !(bits in ECDSA_CURVES)) {
        return `keyBits ${bits} is invalid for ecdsa; use 256, 384 or 521 (the NIST curves P-256, P-384, P-521; default 256)`;
    }
    if (algorithm === "ed25519") {
        return "keyBits does not apply to ed25519, whose size is fixed; remove keyBits";
    }
    return undefined;
}

/** Generates a key pair with node:crypto and converts it with sshpk. */
export function generateKey(algorithm: KeyAlgorithm, bits: number | undefined, comment: string): GeneratedKey {
    let pem: string;
    if (algorithm === "rsa") {
        const { privateKey } = generateKeyPairSync("rsa", { modulusLength: bits ?? RSA_BITS.default });
        pem = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
    } else if (algorithm === "ecdsa") {
        const { privateKey } = generateKeyPairSync("ec", { namedCurve: ECDSA_CURVES[bits ?? 256] });
        pem = privateKey.export({ type: "sec1", format: "pem" }).toString();
    } else {
        const { privateKey } = generateKeyPairSync("ed25519");
        pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    }
    const key = sshpk.parsePrivateKey(pem, "pem");
    key.comment = comment;
    const publicKey = key.toPublic();
    publicKey.comment = comment;
    return {
        publicKey: publicKey.toString("ssh"),
        privateKeyOpenssh: key.toString("openssh"),
        privateKeyPem: pem,
        fingerprint: publicKey.fingerprint("md5").toString("hex"),
    };
}
