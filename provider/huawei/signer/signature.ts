/** signature = HexEncode(HMAC-SHA256(SecretAccessKey, StringToSign)), with the SK itself as the key. */
import { SigningCrypto } from "./crypto";

export function computeSignature(secretKey: string, stringToSign: string, crypto: SigningCrypto): string {
    return crypto.hmacSha256Hex(secretKey, stringToSign);
}
