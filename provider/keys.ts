/**
 * Public key parsing, normalization and fingerprints, computed the way Nova computes them so that
 * a fingerprint from this module can be compared with the one the server returns.
 */
import * as sshpk from "sshpk";

/** Keypair types of the os-keypairs API (microversion 2.2 and later). */
export type KeypairType = "ssh" | "x509";

export const KEYPAIR_TYPES: readonly KeypairType[] = ["ssh", "x509"];

/** Key algorithms that Nova imports (OpenSSH names). */
const ACCEPTED_SSH_TYPES = new Set([
    "ssh-rsa",
    "ssh-ed25519",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
]);

/** RSA keys shorter than this are rejected: OpenSSH 8.x and Huawei ECS both refuse them. */
export const MIN_RSA_BITS = 2048;

/** A public key that passed validation, with the forms the provider compares and sends. */
export interface ParsedPublicKey {
    /** Key algorithm as OpenSSH names it, for example `ssh-ed25519`; `x509` for a certificate. */
    algorithm: string;
    /** `algorithm base64` with comment and extra whitespace removed; the trimmed PEM text for x509. */
    normalized: string;
    /** Nova's fingerprint: colon-separated MD5 of the key blob for ssh, SHA-1 of the DER for x509. */
    fingerprint: string;
}

/** The result of validating a public key: the parsed key, or a reason fit for a check failure. */
export type PublicKeyResult = { ok: true; key: ParsedPublicKey } | { ok: false; reason: string };

const PRIVATE_KEY_MARKER = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----|PuTTY-User-Key-File/;

/**
 * Validates and normalizes a public key of the given keypair type. The reason of a failure never
 * quotes the key itself, because a pasted private key must not reach the preview output.
 */
export function parsePublicKey(text: string, type: KeypairType): PublicKeyResult {
    if (PRIVATE_KEY_MARKER.test(text)) {
        return {
            ok: false,
            reason:
                "contains a private key, which must never be uploaded; give the public half instead " +
                "(the .pub file, or the output of `ssh-keygen -y -f KEYFILE`)",
        };
    }
    return type === "x509" ? parseCertificate(text) : parseSshKey(text);
}

function parseSshKey(text: string): PublicKeyResult {
    const lines = text
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== "" && !line.startsWith("#"));
    if (lines.length === 0) {
        return { ok: false, reason: "is empty; give one OpenSSH public key such as `ssh-ed25519 AAAA... comment`" };
    }
    if (lines.length > 1) {
        return {
            ok: false,
            reason: `contains ${lines.length} lines of key material; a keypair holds exactly one public key, so declare one Keypair per key`,
        };
    }
    const fields = lines[0].split(/\s+/);
    const algorithm = fields[0];
    if (algorithm.startsWith("sk-")) {
        return {
            ok: false,
            reason: `is a FIDO security-key type (${algorithm}), which Nova and Huawei ECS cannot import; use an ssh-ed25519, ecdsa-sha2-nistp256/384/521 or ssh-rsa key`,
        };
    }
    if (!ACCEPTED_SSH_TYPES.has(algorithm)) {
        return {
            ok: false,
            reason: `is not an OpenSSH public key of an accepted type (found "${truncate(algorithm, 40)}"); accepted are ${[...ACCEPTED_SSH_TYPES].join(", ")}, written as \`TYPE BASE64 [COMMENT]\``,
        };
    }
    if (fields.length < 2) {
        return { ok: false, reason: `has the type ${algorithm} but no base64 key data after it` };
    }
    let key: sshpk.Key;
    try {
        key = sshpk.parseKey(`${algorithm} ${fields[1]}`, "ssh");
    } catch {
        return {
            ok: false,
            reason: `has the type ${algorithm} but its base64 key data is not a valid key; copy the whole line of the .pub file`,
        };
    }
    if (key.type === "rsa" && key.size < MIN_RSA_BITS) {
        return {
            ok: false,
            reason: `is an RSA key of ${key.size} bits; use at least ${MIN_RSA_BITS} bits (for example \`ssh-keygen -t rsa -b 4096\`) or an ed25519 key`,
        };
    }
    return {
        ok: true,
        key: {
            algorithm,
            normalized: `${algorithm} ${fields[1]}`,
            fingerprint: key.fingerprint("md5").toString("hex"),
        },
    };
}

function parseCertificate(text: string): PublicKeyResult {
    let certificate: sshpk.Certificate;
    try {
        certificate = sshpk.parseCertificate(text.trim(), "pem");
    } catch {
        return {
            ok: false,
            reason: "is not a PEM X.509 certificate; with type x509, give a certificate starting with -----BEGIN CERTIFICATE-----",
        };
    }
    return {
        ok: true,
        key: {
            algorithm: "x509",
            normalized: text.trim(),
            fingerprint: certificate.fingerprint("sha1").toString("hex"),
        },
    };
}

/**
 * Computes the fingerprint of the public half of an OpenSSH or PEM private key, or returns
 * undefined when the text is not a private key sshpk can read.
 */
export function fingerprintOfPrivateKey(privateKey: string): string | undefined {
    try {
        return sshpk.parsePrivateKey(privateKey, "auto").toPublic().fingerprint("md5").toString("hex");
    } catch {
        return undefined;
    }
}

function truncate(text: string, length: number): string {
    return text.length > length ? `${text.slice(0, length)}...` : text;
}
