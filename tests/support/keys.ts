/** Key material for tests, generated fresh on each run. */
import { generateKeyPairSync } from "node:crypto";
import * as sshpk from "sshpk";

/** Returns a new OpenSSH public key line with the given comment. */
export function newPublicKey(algorithm: "ed25519" | "ecdsa" | "rsa" = "ed25519", comment = "test@example", bits = 2048): string {
    const key = newPrivateKey(algorithm, bits);
    const publicKey = key.toPublic();
    publicKey.comment = comment;
    return publicKey.toString("ssh");
}

/** Returns a new sshpk private key; RSA keys come from node:crypto because sshpk cannot generate them. */
export function newPrivateKey(algorithm: "ed25519" | "ecdsa" | "rsa" = "ed25519", bits = 2048): sshpk.PrivateKey {
    if (algorithm === "rsa") {
        const { privateKey } = generateKeyPairSync("rsa", { modulusLength: bits });
        return sshpk.parsePrivateKey(privateKey.export({ type: "pkcs1", format: "pem" }), "pem");
    }
    return algorithm === "ecdsa" ? sshpk.generatePrivateKey("ecdsa") : sshpk.generatePrivateKey("ed25519");
}

/** Fingerprint of a public key line as Nova writes it: colon-separated MD5. */
export function md5Fingerprint(publicKey: string): string {
    return sshpk.parseKey(publicKey, "ssh").fingerprint("md5").toString("hex");
}
