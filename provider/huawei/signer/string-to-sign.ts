/** StringToSign = Algorithm \n RequestDateTime \n HexEncode(Hash(CanonicalRequest)). */
import { ALGORITHM } from "./constants";
import { SigningCrypto } from "./crypto";

/** `sdkDate` is the X-Sdk-Date value, for example 20191115T033655Z. */
export function buildStringToSign(sdkDate: string, canonicalRequest: string, crypto: SigningCrypto): string {
    return [ALGORITHM, sdkDate, crypto.sha256Hex(canonicalRequest)].join("\n");
}
