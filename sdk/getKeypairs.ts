import * as pulumi from "@pulumi/pulumi";

import { setConfigLookup, currentCompute } from "../provider/context";
import { KeypairError } from "../provider/errors";
import { findKeypairs, KeypairSummary, ListFilters, validateFilters } from "../provider/list";
import { checkPermissions } from "../provider/permissions";
import { KeypairType } from "./keypair";

/** Filters of {@link getKeypairs}; a keypair is returned when it matches all that are given. */
export interface GetKeypairsArgs {
    /** Exact keypair name. */
    name?: string;
    /** JavaScript regular expression the name must match, for example `^deploy-`. */
    nameRegex?: string;
    /** Fingerprint as Nova reports it: colon-separated hex. */
    fingerprint?: string;
    /** Public key, matched by key material, so that comments and whitespace do not matter. */
    publicKey?: string;
    /** Keypair type, `ssh` or `x509`. */
    type?: KeypairType;
    /** List another user's keypairs instead of the caller's (admin only; microversion 2.10). */
    userId?: string;
}

/** {@link GetKeypairsArgs} with each filter accepting an Input. */
export type GetKeypairsOutputArgs = { [K in keyof GetKeypairsArgs]?: pulumi.Input<GetKeypairsArgs[K]> };

/** One listed keypair. */
export interface KeypairListEntry extends KeypairSummary {}

export interface GetKeypairsResult {
    /** The matching keypairs, in the server's order (by name). */
    keypairs: KeypairListEntry[];
    /** Their names. */
    names: string[];
}

/**
 * Lists keypairs through the os-keypairs API, following every page, and filters them. Runs in the
 * program (during preview as well as up) with the resource's settings: stack config, then the
 * environment. It first checks that the caller is granted ecs:serverKeypairs:list, as the Keypair
 * resource checks its own actions (see the permission check in the README).
 *
 * @example
 * ```typescript
 * import { getKeypairs } from "pulumi-os-keypairs";
 *
 * const deployKeys = await getKeypairs({ nameRegex: "^deploy-" });
 * export const names = deployKeys.names;
 * ```
 */
export async function getKeypairs(args: GetKeypairsArgs = {}): Promise<GetKeypairsResult> {
    setConfigLookup((key) => pulumi.runtime.getConfig(key));
    try {
        validateFilters(args as ListFilters);
        await checkPermissions("list", args.userId === undefined ? "the keypairs" : `the keypairs of user ${args.userId}`);
        const { compute } = currentCompute();
        const keypairs = await findKeypairs(compute, args as ListFilters);
        return { keypairs, names: keypairs.map((k) => k.name) };
    } catch (error) {
        if (KeypairError.isInstance(error)) {
            throw new pulumi.RunError(`getKeypairs: ${error.message}`);
        }
        throw error;
    }
}

/**
 * {@link getKeypairs} as an Output, for filters that are themselves Outputs.
 *
 * @example
 * ```typescript
 * import { getKeypairsOutput, Keypair } from "pulumi-os-keypairs";
 *
 * const key = new Keypair("deploy", { keyAlgorithm: "ed25519" });
 * export const sameKey = getKeypairsOutput({ fingerprint: key.fingerprint }).names;
 * ```
 */
export function getKeypairsOutput(args: GetKeypairsOutputArgs = {}): pulumi.Output<GetKeypairsResult> {
    return pulumi.output(args).apply((resolved) => getKeypairs(resolved as GetKeypairsArgs));
}
