/**
 * The permission check that `pulumi preview` runs before anything changes: for each planned
 * change of a keypair, the IAM actions it needs are decided (see iam/resolve.ts), and the mode
 * setting chooses what a denial or an undecided action does. Results are cached per process and
 * credential, so a preview of many keypairs reads IAM no more often than a preview of one.
 */
import { CloudSettings, configLookupOf, currentCompute } from "./context";
import { KeypairError } from "./errors";
import { iamBaseUrl } from "./huawei/settings";
import { KeypairAction, KeypairOperation, requiredActions } from "./iam/actions";
import { IamTransport } from "./iam/reader";
import { PermissionResolver, PermissionVerdict } from "./iam/resolve";
import { MODE_CONFIG_KEY, PermissionCheckMode, PermissionCheckSettings, readPermissionCheckSettings } from "./iam/settings";
import { debug } from "./log";
import { ComputeClient } from "./nova/compute";
import { warn } from "./warnings";

/** Resolvers by compute client (one per credential) and configured policies. */
const resolvers = new Map<ComputeClient, Map<string, PermissionResolver>>();

/** Verbs for the planned operations, as in `creating keypair "x" needs ...`. */
const OPERATION_PHRASES: Readonly<Record<KeypairOperation, string>> = {
    create: "creating",
    replace: "replacing",
    refresh: "refreshing",
    destroy: "destroying",
    list: "listing",
};

/** A decision that the mode turned into a failure, or a warning to show. */
export interface PermissionOutcome {
    failures: string[];
    /** Each with the key under which it is shown once per process. */
    warnings: { key: string; message: string }[];
}

/**
 * Checks the actions that `operation` needs on keypair `subject` (a keypair name, or a
 * description such as "the keypairs" for a list). Throws PERMISSION_DENIED with one message
 * when the mode makes any verdict fatal; shows the others as warnings.
 */
export async function checkPermissions(operation: KeypairOperation, subject: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
    const failures = await permissionFailures(operation, subject, env);
    if (failures.length > 0) {
        throw new KeypairError("PERMISSION_DENIED", failures.join("\n"));
    }
}

/**
 * Checks the actions that `operation` needs like checkPermissions, but returns the fatal messages
 * instead of throwing, for check() to report as failures of the resource. Invalid settings of
 * the check itself raise INVALID_CONFIG; check() reports them first (permissionSettingsProblem).
 */
export async function permissionFailures(operation: KeypairOperation, subject: string, env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
    const outcome = await evaluatePermissions(operation, subject, env);
    for (const { key, message } of outcome.warnings) {
        warn(message, key);
    }
    return outcome.failures;
}

/**
 * Validates the permission check's own settings; returns the problem as a message, or undefined.
 * check() calls it for every keypair, so that an invalid setting fails any preview.
 */
export function permissionSettingsProblem(env: NodeJS.ProcessEnv = process.env): string | undefined {
    try {
        readPermissionCheckSettings(configLookupOf(), env);
        return undefined;
    } catch (error) {
        if (KeypairError.isInstance(error) && error.code === "INVALID_CONFIG") {
            return error.message;
        }
        throw error;
    }
}

/** Decides the actions of `operation` and sorts the verdicts into failures and warnings by the mode. */
export async function evaluatePermissions(
    operation: KeypairOperation,
    subject: string,
    env: NodeJS.ProcessEnv = process.env,
): Promise<PermissionOutcome> {
    const settings = readPermissionCheckSettings(configLookupOf(), env);
    const outcome: PermissionOutcome = { failures: [], warnings: [] };
    if (settings.mode === "off") {
        return outcome;
    }
    const needed = requiredActions(operation);
    let verdicts: PermissionVerdict[];
    try {
        const { compute, settings: cloud } = currentCompute(env);
        const resolver = resolverFor(compute, cloud, settings);
        verdicts = await Promise.all(needed.map((action) => resolver.verdict(action, needed)));
    } catch (error) {
        // Settings that name no cloud fail the operation itself later, with their own message.
        if (!KeypairError.isInstance(error) || error.code !== "INVALID_CONFIG") {
            throw error;
        }
        verdicts = needed.map((action) => ({
            action,
            decision: "unknown",
            source: "none",
            explanation: `the preview cannot check ${action}, because the cloud settings are invalid: ${error.message}`,
        }));
    }
    for (const verdict of verdicts) {
        const message = formatVerdict(operation, subject, needed, verdict);
        if (verdict.decision === "allowed") {
            debug("permission check: %s", message);
        } else if (isFatal(settings.mode, verdict)) {
            outcome.failures.push(message);
        } else {
            // A denial is shown for each keypair; an unverifiable action once per operation.
            const key = verdict.decision === "denied" ? `${operation}/${verdict.action}/${subject}` : `${operation}/${verdict.action}`;
            outcome.warnings.push({ key, message });
        }
    }
    return outcome;
}

/**
 * Warns once per process when a later destroy would be refused or cannot be verified. The engine
 * does not preview a destroy through the provider, so this warning is the only notice before
 * the destroy fails. Errors of the check are logged at debug level, not thrown.
 */
export async function warnAboutDestroy(subject: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
    try {
        const outcome = await evaluatePermissions("destroy", subject, env);
        const messages = [...outcome.failures, ...outcome.warnings.map((warning) => warning.message)];
        for (const message of messages) {
            warn(`${message} The current change does not need this permission, but a later destroy does.`, "destroy");
        }
    } catch (error) {
        debug("checking the permissions for a later destroy failed: %s", (error as Error).message);
    }
}

function isFatal(mode: PermissionCheckMode, verdict: PermissionVerdict): boolean {
    switch (mode) {
        case "strict":
            return true;
        case "enforce":
            return verdict.decision === "denied";
        default:
            return false;
    }
}

function formatVerdict(operation: KeypairOperation, subject: string, needed: readonly KeypairAction[], verdict: PermissionVerdict): string {
    const what = `${OPERATION_PHRASES[operation]} ${subject} needs ${needed.join(" and ")}`;
    if (verdict.decision === "unknown") {
        return `${what}: ${verdict.explanation}. To skip this check, set ${MODE_CONFIG_KEY} to off.`;
    }
    return `${what}: ${verdict.explanation} (Decided by ${verdict.source}.)`;
}

function resolverFor(compute: ComputeClient, cloud: CloudSettings, settings: PermissionCheckSettings): PermissionResolver {
    let byPolicies = resolvers.get(compute);
    if (byPolicies === undefined) {
        byPolicies = new Map();
        resolvers.set(compute, byPolicies);
    }
    const key = JSON.stringify(settings.policies);
    let resolver = byPolicies.get(key);
    if (resolver === undefined) {
        resolver = new PermissionResolver(compute, iamTransport(compute, cloud), settings.policies, (message) => warn(message));
        byPolicies.set(key, resolver);
    }
    return resolver;
}

function iamTransport(compute: ComputeClient, cloud: CloudSettings): IamTransport {
    const huawei = "kind" in cloud && cloud.kind === "huaweicloud";
    const baseUrl = huawei ? iamBaseUrl(cloud) : (cloud.authUrl ?? "").replace(/\/+$/, "").replace(/\/v3$/, "");
    return {
        baseUrl,
        get: (url, expect, options) => compute.getFromCloud(url, expect, options),
        accessKey: huawei ? cloud.accessKey : undefined,
        projectId: async () => (await compute.identity()).projectId,
    };
}
