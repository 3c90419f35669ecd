/**
 * Decides whether the caller may perform each keypair action. The sources, in order: IAM (the
 * caller's grants and the documents of the granted roles), else the roles in the caller's own
 * token matched against the catalogue of system permissions. The configured policy documents
 * fill in what neither gives. Last comes a probe of the os-keypairs API, for the actions that
 * can be probed. Each verdict names the source that decided it.
 */
import { KeypairError, KeypairErrorCode } from "../errors";
import { debug } from "../log";
import { ComputeClient } from "../nova/compute";
import { KeypairAction } from "./actions";
import { CallerIdentity } from "./conditions";
import { ActionDecision, Decision, EvaluationRequest, evaluateAction, HeldPermission, permissionLabel } from "./evaluate";
import { probeAction } from "./probe";
import { IamReading, IamTransport, readIam } from "./reader";
import { ConfiguredPolicy } from "./settings";
import { describeCaller, describeDenial, grantAdvice } from "./suggest";

/** The verdict on one action. */
export interface PermissionVerdict {
    action: KeypairAction;
    decision: Decision;
    /** The source that decided, for example "IAM" or "a probe of the os-keypairs API". */
    source: string;
    /** Sentences on the caller, its permissions, the reason, and what to change. */
    explanation: string;
}

/** The caller's identity and permissions, as the sources list them before any action is evaluated. */
export interface CallerPermissions {
    identity: CallerIdentity;
    permissions: HeldPermission[];
    /** The source of `permissions`; undefined when no source listed any. */
    source?: string;
    /** True when `permissions` lists every permission granted to the caller in the project. */
    complete: boolean;
    /** IAM reads that failed, for the explanation of an unknown verdict. */
    problems: string[];
    /** HTTP requests sent to IAM. */
    iamCalls: number;
}

/**
 * Token roles that describe the account rather than grant permissions: Huawei Cloud lists its
 * feature gates and account states in a token's roles as `op_gated_...`, `op_fine_grained` and
 * similar names, which have no policy document.
 */
const ACCOUNT_ATTRIBUTE_ROLE = /^op_/;

const SOURCE_IAM = "IAM (the caller's role assignments and the documents of the granted roles)";
const SOURCE_TOKEN = "the roles in the caller's token, matched against the published system permissions";
const SOURCE_CONFIG = "the policy documents in the stack configuration";
const SOURCE_PROBE = "a probe of the os-keypairs API";

/** Resolves the caller once and decides each action once; one instance per credential and process. */
export class PermissionResolver {
    private caller?: Promise<CallerPermissions>;
    private readonly verdicts = new Map<KeypairAction, Promise<PermissionVerdict>>();
    private probes = 0;

    /**
     * @param notify - receives notes for the user that are not verdicts, such as a configured
     *   policy whose name matches none of the permissions read.
     */
    constructor(
        private readonly compute: ComputeClient,
        private readonly transport: IamTransport,
        private readonly configured: readonly ConfiguredPolicy[],
        private readonly notify: (message: string) => void = () => undefined,
    ) {}

    /** Returns the verdict for `action`; `neededActions` are all the actions of the planned change, for the suggestion. */
    verdict(action: KeypairAction, neededActions: readonly KeypairAction[] = [action]): Promise<PermissionVerdict> {
        let pending = this.verdicts.get(action);
        if (pending === undefined) {
            pending = this.decide(action, neededActions).catch((error: unknown) => unreachable(action, error));
            this.verdicts.set(action, pending);
        }
        return pending;
    }

    /** Returns the caller's permissions, reading IAM on the first call only. */
    callerPermissions(): Promise<CallerPermissions> {
        this.caller ??= this.readCaller();
        return this.caller;
    }

    /** Counts the HTTP requests sent so far: to IAM, and the probes. */
    async requestCounts(): Promise<{ iam: number; probes: number }> {
        const caller = this.caller === undefined ? undefined : await this.caller;
        return { iam: caller?.iamCalls ?? 0, probes: this.probes };
    }

    private async readCaller(): Promise<CallerPermissions> {
        const reading = await readIam(this.transport);
        const fallback = await this.compute.identity().catch(() => undefined);
        const identity: CallerIdentity = { userId: fallback?.userId, projectId: fallback?.projectId, ...definedFields(reading.token?.identity) };
        const caller = callerFromReading(reading, identity);
        const readFrom = caller.source;
        for (const name of applyConfiguredPolicies(caller, this.configured)) {
            this.notify(
                `os-keypairs:permissionPolicies names "${name}", which is not among the permissions that ${readFrom} lists, ` +
                    "so the preview counts it as an extra permission of the caller; correct the name if it should match a role",
            );
        }
        debug("permission check: %d permissions from %s; %d IAM reads failed", caller.permissions.length, caller.source ?? "no source", caller.problems.length);
        return caller;
    }

    private async decide(action: KeypairAction, neededActions: readonly KeypairAction[]): Promise<PermissionVerdict> {
        const caller = await this.callerPermissions();
        const request: EvaluationRequest = { identity: caller.identity, permissions: caller.permissions };
        let evaluated: ActionDecision | undefined;
        if (caller.source !== undefined) {
            evaluated = evaluateAction(action, request);
            const decided = evaluated.decision !== "unknown" && (caller.complete || evaluated.decision === "allowed");
            if (decided) {
                return { action, decision: evaluated.decision, source: caller.source, explanation: describeDenial(evaluated, request, neededActions) };
            }
        }

        const probe = await probeAction(this.compute, action);
        if (probe !== undefined) {
            this.probes++;
        }
        if (probe !== undefined && probe.decision !== "unknown") {
            const explanation = describeProbe(action, probe.decision, probe.evidence, request, neededActions);
            return { action, decision: probe.decision, source: SOURCE_PROBE, explanation };
        }

        const reasons: string[] = [];
        if (evaluated !== undefined) {
            reasons.push(evaluated.decision === "unknown" ? evaluated.reason : `${evaluated.reason}, but the permissions read may be incomplete`);
        } else {
            reasons.push("no source listed the caller's permissions");
        }
        reasons.push(...summarizeProblems(caller.problems));
        reasons.push(probe === undefined ? `${action} cannot be probed without creating a keypair` : probe.evidence);
        return {
            action,
            decision: "unknown",
            source: "none",
            explanation:
                `the preview cannot tell whether ${describeCaller(caller.identity)} is allowed ${action}: ${reasons.join("; ")}. ` +
                "Give the caller read access to IAM, or describe its custom policies in os-keypairs:permissionPolicies",
        };
    }
}

/** Shortens the failed IAM reads: reads refused with 403 become one clause. */
function summarizeProblems(problems: readonly string[]): string[] {
    const refused = problems.filter((problem) => problem.includes("HTTP 403"));
    const others = problems.filter((problem) => !problem.includes("HTTP 403"));
    if (refused.length > 0) {
        others.unshift(`IAM refused ${refused.length} of the reads of the caller's grants (HTTP 403), so they are unknown`);
    }
    return others;
}

/** Turns a failure to reach or authenticate with the cloud into an unknown verdict. */
function unreachable(action: KeypairAction, error: unknown): PermissionVerdict {
    if (!KeypairError.isInstance(error) || !UNREACHABLE_CODES.has(error.code)) {
        throw error;
    }
    debug("permission check of %s failed: %s", action, error.message);
    return {
        action,
        decision: "unknown",
        source: "none",
        explanation: `the preview cannot tell whether the caller is allowed ${action}, because the permission check failed: ${error.message}`,
    };
}

const UNREACHABLE_CODES: ReadonlySet<KeypairErrorCode> = new Set(["API_ERROR", "AUTH_FAILED", "ENDPOINT_NOT_FOUND", "NETWORK_ERROR"]);

function callerFromReading(reading: IamReading, identity: CallerIdentity): CallerPermissions {
    const base = { identity, problems: reading.problems, iamCalls: reading.calls };
    if (reading.grants !== undefined) {
        const permissions = reading.grants.map(({ name, displayName, document }): HeldPermission => ({ name, displayName, document }));
        return { ...base, permissions, source: SOURCE_IAM, complete: true };
    }
    const roles = (reading.token?.roles ?? []).filter((role) => !ACCOUNT_ATTRIBUTE_ROLE.test(role.name));
    if (roles.length > 0) {
        // A token lists every role granted to the caller in its project, inherited ones included.
        const permissions = roles.map((role): HeldPermission => ({ name: role.name }));
        return { ...base, permissions, source: SOURCE_TOKEN, complete: true };
    }
    return { ...base, permissions: [], complete: false };
}

/**
 * Adds the configured documents: each fills in the document of a held permission of the same
 * name that came without one, and the others join the held permissions, because the stack
 * states that they are granted to the caller. Returns the names of those others when the permissions
 * read were complete, since such a name may be a typing error.
 */
function applyConfiguredPolicies(caller: CallerPermissions, configured: readonly ConfiguredPolicy[]): string[] {
    const unmatched: string[] = [];
    if (configured.length === 0) {
        return unmatched;
    }
    for (const policy of configured) {
        const held = caller.permissions.find(
            (permission) => permission.document === undefined && (permission.name === policy.name || permission.displayName === policy.name),
        );
        if (held !== undefined) {
            held.document = policy.document;
        } else {
            caller.permissions.push({ displayName: policy.name, document: policy.document });
            if (caller.complete) {
                unmatched.push(policy.name);
            }
        }
    }
    caller.source = caller.source === undefined ? SOURCE_CONFIG : `${caller.source}, with ${SOURCE_CONFIG}`;
    return unmatched;
}

function describeProbe(
    action: KeypairAction,
    decision: "allowed" | "denied",
    evidence: string,
    request: EvaluationRequest,
    neededActions: readonly KeypairAction[],
): string {
    const caller = describeCaller(request.identity);
    if (decision === "allowed") {
        return `${caller} is allowed ${action}: ${evidence}.`;
    }
    // Unlike describeDenial, no list means the permissions are unknown, not that none are granted.
    const held = request.permissions.map((permission, index) => permissionLabel(permission, index));
    const holding = held.length > 0 ? ` Granted in this project: ${held.join(", ")}.` : "";
    return `${caller} is denied ${action}: ${evidence}.${holding} ${grantAdvice(neededActions)}`;
}

function definedFields<T extends object>(value: T | undefined): Partial<T> {
    if (value === undefined) {
        return {};
    }
    return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
}
