/**
 * Probes of the os-keypairs API that change nothing: a list, and a GET and a DELETE of a keypair
 * name that does not exist. Nova checks the policy rule before it looks the keypair up, so a
 * 404 means the action is allowed and a 403 means it is denied. Create cannot be probed,
 * because Nova validates the request body before it checks the policy rule, and a body that
 * passes validation would create a keypair.
 */
import { randomBytes } from "node:crypto";

import { isApiStatus, KeypairError } from "../errors";
import { debug } from "../log";
import { ComputeClient } from "../nova/compute";
import { chooseListMicroversion } from "../nova/microversions";
import { KEYPAIR_ACTIONS, KeypairAction } from "./actions";

export type ProbeResult =
    | { decision: "allowed" | "denied"; evidence: string }
    | { decision: "unknown"; evidence: string };

/** The actions that a probe can decide. */
export const PROBED_ACTIONS: readonly KeypairAction[] = [KEYPAIR_ACTIONS.list, KEYPAIR_ACTIONS.get, KEYPAIR_ACTIONS.delete];

/**
 * Returns a keypair name that no one uses: a fixed prefix and 24 random hex digits. The probes
 * GET and DELETE it, so it must never match a real keypair.
 */
export function probeKeypairName(): string {
    return `permission-probe-${randomBytes(12).toString("hex")}`;
}

/** Sends the probe of one action; undefined for create, which cannot be probed. */
export async function probeAction(compute: ComputeClient, action: KeypairAction): Promise<ProbeResult | undefined> {
    switch (action) {
        case KEYPAIR_ACTIONS.list:
            return probeList(compute);
        case KEYPAIR_ACTIONS.get:
            return probeMissingKeypair(compute, "GET");
        case KEYPAIR_ACTIONS.delete:
            return probeMissingKeypair(compute, "DELETE");
        default:
            return undefined;
    }
}

async function probeList(compute: ComputeClient): Promise<ProbeResult> {
    // With pagination (2.35 and later) one entry is enough; older servers return the whole list.
    const { microversion, paginated } = chooseListMicroversion(await compute.versionRange(), {});
    const path = "/os-keypairs";
    try {
        await compute.request({
            method: "GET",
            path,
            query: { limit: paginated ? "1" : undefined },
            microversion,
            expect: [200],
        });
        return { decision: "allowed", evidence: `GET ${path} returned 200` };
    } catch (error) {
        return fromError(error, `GET ${path}`);
    }
}

async function probeMissingKeypair(compute: ComputeClient, method: "GET" | "DELETE"): Promise<ProbeResult> {
    const path = `/os-keypairs/${probeKeypairName()}`;
    try {
        const response = await compute.request({ method, path, expect: [404] });
        return { decision: "allowed", evidence: `${method} of a keypair that does not exist returned ${response.status}` };
    } catch (error) {
        return fromError(error, `${method} of a keypair that does not exist`);
    }
}

function fromError(error: unknown, what: string): ProbeResult {
    if (isApiStatus(error, 403)) {
        return { decision: "denied", evidence: `${what} returned 403 (${(error as Error).message})` };
    }
    if (!KeypairError.isInstance(error) || (error.code !== "API_ERROR" && error.code !== "NETWORK_ERROR")) {
        throw error;
    }
    debug("probe %s failed: %s", what, error.message);
    return { decision: "unknown", evidence: `${what} failed: ${error.message}` };
}
