/** Creating and deleting many keypairs directly through the API, with bounded concurrency. */
import * as sshpk from "sshpk";

import { NovaTestClient } from "./nova";

/** Runs `task` for each item, at most `concurrency` at a time. */
export async function forEachLimited<T>(items: T[], concurrency: number, task: (item: T) => Promise<void>): Promise<void> {
    let next = 0;
    const workers = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
        while (next < items.length) {
            const item = items[next++];
            await task(item);
        }
    });
    await Promise.all(workers);
}

/** Imports `count` ed25519 keys named `${prefix}-00000` and up; returns the names. */
export async function importMany(client: NovaTestClient, prefix: string, count: number): Promise<string[]> {
    const names = Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(5, "0")}`);
    await forEachLimited(names, 8, async (name) => {
        const key = sshpk.generatePrivateKey("ed25519").toPublic().toString("ssh");
        await client.import(name, key);
    });
    return names;
}

export async function deleteMany(client: NovaTestClient, names: string[]): Promise<void> {
    await forEachLimited(names, 8, (name) => client.delete(name));
}
