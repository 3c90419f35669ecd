/** signature = HexEncode(HMAC-SHA256(SecretAccessKey, StringToSign)); the SK itself is the key. */
import { SigningCrypto } from "./crypto";

export function computeSignature(secretKey: string, stringToSign: string, crypto: SigningCrypto): string {
    return crypto.hmacSha256Hex(secretKey, stringToSign);
}
