/** The Authorization header: `SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<a;b>, Signature=<hex>`. */
import { ALGORITHM } from "./constants";

export function formatAuthorization(accessKey: string, signedHeaders: string[], signature: string): string {
    return `${ALGORITHM} Access=${accessKey}, SignedHeaders=${signedHeaders.join(";")}, Signature=${signature}`;
}
