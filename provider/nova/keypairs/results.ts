/** Keypair bodies of the os-keypairs API, parsed into typed values. */
import { KeypairError } from "../../errors";

/** A keypair as the server returns it. */
export interface NovaKeypair {
    name: string;
    publicKey: string;
    fingerprint: string;
    /** Absent below microversion 2.2, where every keypair is ssh. */
    type?: "ssh" | "x509";
    userId?: string;
    createdAt?: string;
    /** Only in the response to a create that made the server generate the key. */
    privateKey?: string;
}

/** Parses `{"keypair": {...}}` from a create or show response. */
export function extractKeypair(body: unknown): NovaKeypair {
    const keypair = (body as { keypair?: unknown } | undefined)?.keypair;
    return toKeypair(keypair);
}

/** Parses one entry of a list response, `{"keypairs": [{"keypair": {...}}], "keypairs_links": [...]}`. */
export function extractKeypairPage(body: unknown): { keypairs: NovaKeypair[]; next?: string } {
    const page = body as { keypairs?: unknown; keypairs_links?: unknown } | undefined;
    if (!Array.isArray(page?.keypairs)) {
        throw new KeypairError("API_ERROR", "the keypair list response has no keypairs array");
    }
    const keypairs = page.keypairs.map((entry) => toKeypair((entry as { keypair?: unknown }).keypair));
    const links = Array.isArray(page.keypairs_links) ? (page.keypairs_links as { rel?: string; href?: string }[]) : [];
    return { keypairs, next: links.find((link) => link.rel === "next")?.href };
}

function toKeypair(value: unknown): NovaKeypair {
    if (typeof value !== "object" || value === null) {
        throw new KeypairError("API_ERROR", "the response has no keypair object");
    }
    const raw = value as Record<string, unknown>;
    if (typeof raw.name !== "string" || typeof raw.public_key !== "string" || typeof raw.fingerprint !== "string") {
        throw new KeypairError("API_ERROR", "the keypair in the response lacks name, public_key or fingerprint");
    }
    return {
        name: raw.name,
        publicKey: raw.public_key,
        fingerprint: raw.fingerprint,
        type: raw.type === "x509" || raw.type === "ssh" ? raw.type : undefined,
        userId: typeof raw.user_id === "string" ? raw.user_id : undefined,
        createdAt: typeof raw.created_at === "string" ? raw.created_at : undefined,
        privateKey: typeof raw.private_key === "string" ? raw.private_key : undefined,
    };
}
