/** The os-keypairs operations: create or import, show, list and delete. */
import { isApiStatus } from "../../errors";
import { ComputeClient } from "../compute";
import { Microversion } from "../microversions";
import { extractKeypair, extractKeypairPage, NovaKeypair } from "./results";
import { keypairPath, listPath } from "./urls";

export interface CreateOpts {
    name: string;
    /** Without it, the server generates the key pair (below microversion 2.92). */
    publicKey?: string;
    type?: "ssh" | "x509";
    /** The owner, for an admin creating another user's keypair (2.10 and later). */
    userId?: string;
}

/** POSTs a keypair. Nova returns 200 up to 2.1 and 201 from 2.2 on; both count as success. */
export async function createKeypair(compute: ComputeClient, opts: CreateOpts, microversion?: Microversion): Promise<NovaKeypair> {
    const keypair: Record<string, string> = { name: opts.name };
    if (opts.publicKey !== undefined) {
        keypair.public_key = opts.publicKey;
    }
    if (opts.type !== undefined) {
        keypair.type = opts.type;
    }
    if (opts.userId !== undefined) {
        keypair.user_id = opts.userId;
    }
    const response = await compute.request({
        method: "POST",
        path: listPath(),
        body: { keypair },
        microversion,
        expect: [200, 201],
    });
    return extractKeypair(response.body);
}

/** GETs one keypair; returns undefined when the server returns 404. */
export async function getKeypair(
    compute: ComputeClient,
    name: string,
    userId: string | undefined,
    microversion?: Microversion,
): Promise<NovaKeypair | undefined> {
    try {
        const response = await compute.request({
            method: "GET",
            path: keypairPath(name),
            query: { user_id: userId },
            microversion,
            expect: [200],
        });
        return extractKeypair(response.body);
    } catch (error) {
        if (isApiStatus(error, 404)) {
            return undefined;
        }
        throw error;
    }
}

/** DELETEs one keypair; returns false when it was already gone (404). Nova returns 202 up to 2.1 and 204 from 2.2 on. */
export async function deleteKeypair(
    compute: ComputeClient,
    name: string,
    userId: string | undefined,
    microversion?: Microversion,
): Promise<boolean> {
    try {
        await compute.request({
            method: "DELETE",
            path: keypairPath(name),
            query: { user_id: userId },
            microversion,
            expect: [202, 204],
        });
        return true;
    } catch (error) {
        if (isApiStatus(error, 404)) {
            return false;
        }
        throw error;
    }
}

export interface ListOpts {
    userId?: string;
    /** Page size from 2.35 on; the server caps it (1,000 by default). */
    limit?: number;
    microversion?: Microversion;
}

/**
 * Lists every keypair, following `keypairs_links` page by page. A server that ignores `limit`
 * and `marker` returns everything in one page without a next link, which ends the loop too.
 */
export async function listKeypairs(compute: ComputeClient, opts: ListOpts = {}): Promise<NovaKeypair[]> {
    const all: NovaKeypair[] = [];
    const seen = new Set<string>();
    let marker: string | undefined;
    for (;;) {
        const response = await compute.request({
            method: "GET",
            path: listPath(),
            query: {
                user_id: opts.userId,
                limit: opts.limit === undefined ? undefined : String(opts.limit),
                marker,
            },
            microversion: opts.microversion,
            expect: [200],
        });
        const page = extractKeypairPage(response.body);
        let added = 0;
        for (const keypair of page.keypairs) {
            if (!seen.has(keypair.name)) {
                seen.add(keypair.name);
                all.push(keypair);
                added++;
            }
        }
        if (!page.next || added === 0) {
            return all;
        }
        marker = new URL(page.next).searchParams.get("marker") ?? page.keypairs[page.keypairs.length - 1]?.name;
        if (!marker) {
            return all;
        }
    }
}
