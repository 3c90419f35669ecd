/** HexEncode(Hash(RequestPayload)): the hex SHA-256 of the exact body bytes that are sent. */
import { EMPTY_PAYLOAD_HASH } from "./constants";
import { SigningCrypto } from "./crypto";

export function hashPayload(body: string | Uint8Array, crypto: SigningCrypto): string {
    return body.length === 0 ? EMPTY_PAYLOAD_HASH : crypto.sha256Hex(body);
}
