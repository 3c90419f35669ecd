/** The hash functions the signer needs, passed in so that the steps stay pure and testable. */
import { createHash, createHmac } from "node:crypto";

export interface SigningCrypto {
    /** Returns the lower-case hex SHA-256 of `data` (UTF-8 for strings). */
    sha256Hex(data: string | Uint8Array): string;
    /** Returns the lower-case hex HMAC-SHA256 of `data` under `key`. */
    hmacSha256Hex(key: string, data: string): string;
}

/** SigningCrypto over node:crypto. */
export const nodeCrypto: SigningCrypto = {
    sha256Hex: (data) => createHash("sha256").update(data).digest("hex"),
    hmacSha256Hex: (key, data) => createHmac("sha256", key).update(data).digest("hex"),
};
