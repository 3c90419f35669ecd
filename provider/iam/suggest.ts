/**
 * The system policy to suggest for missing keypair permissions, and the message that explains a
 * denied or undecided action to the user.
 */
import { KEYPAIR_ACTIONS } from "./actions";
import { CatalogueEntry, SYSTEM_PERMISSIONS } from "./catalogue";
import { CallerIdentity } from "./conditions";
import { ActionDecision, EvaluationRequest, evaluateAction, permissionLabel } from "./evaluate";

const KEYPAIR_WRITES: readonly string[] = [KEYPAIR_ACTIONS.create, KEYPAIR_ACTIONS.delete];

/**
 * Returns the narrowest catalogue policy that allows every action in `actions` on its own, or
 * undefined when none does. Narrowest means: fewest keypair write actions (create, delete)
 * beyond those requested, then the lowest `scopeRank`. So reads get ECS ReadOnlyAccess rather
 * than a policy that can also delete keypairs.
 */
export function suggestPolicy(
    actions: readonly string[],
    catalogue: readonly CatalogueEntry[] = SYSTEM_PERMISSIONS,
): CatalogueEntry | undefined {
    const candidates = catalogue
        .filter((entry) => entry.kind === "policy" && entry.scopeRank !== undefined && entry.document !== undefined)
        .map((entry) => {
            const request: EvaluationRequest = {
                identity: {},
                permissions: [{ displayName: entry.displayName, document: entry.document }],
                catalogue,
            };
            const allows = (action: string) => evaluateAction(action, request).decision === "allowed";
            const extraWrites = KEYPAIR_WRITES.filter((write) => !actions.includes(write) && allows(write)).length;
            return { entry, allowsAll: actions.every(allows), extraWrites, rank: entry.scopeRank ?? Infinity };
        })
        .filter((candidate) => candidate.allowsAll);
    candidates.sort((a, b) => a.extraWrites - b.extraWrites || a.rank - b.rank);
    return candidates[0]?.entry;
}

/**
 * Builds the message for an action that was not allowed: the action, the user and project, the
 * permissions granted to the user, and what to change. `neededActions` are all the actions of the
 * planned operation (create and delete for a replacement), so that the suggested policy covers
 * them all. They default to the decision's action.
 */
export function describeDenial(
    decision: ActionDecision,
    request: EvaluationRequest,
    neededActions: readonly string[] = [decision.action],
): string {
    const catalogue = request.catalogue ?? SYSTEM_PERMISSIONS;
    const caller = describeCaller(request.identity);
    const heldNames = request.permissions.map((heldPermission, index) => permissionLabel(heldPermission, index, catalogue));
    let holding = "No permissions are granted to it in this project.";
    if (heldNames.length > 0) {
        holding = `Granted in this project: ${heldNames.join(", ")}.`;
    }

    if (decision.decision === "allowed") {
        return `${caller} is allowed ${decision.action}: ${decision.reason}.`;
    }
    if (decision.decision === "unknown") {
        return `the preview cannot tell whether ${caller} is allowed ${decision.action}: ${decision.reason}. ${holding}`;
    }
    if (decision.decidedBy !== undefined) {
        const { statementNumber, permission } = decision.decidedBy;
        return (
            `${caller} is denied ${decision.action} by statement ${statementNumber} of "${permission}", ` +
            `an explicit Deny. ${holding} Remove or narrow that statement, ` +
            "because an explicit Deny overrides every Allow and no other grant can lift it."
        );
    }

    let message =
        `${caller} is not allowed ${decision.action}: no statement in its permissions allows it. ${holding} ` +
        grantAdvice(neededActions, catalogue);
    if (decision.ignored.length > 0) {
        message += ` ${decision.ignored.map((entry) => `${entry.reason}.`).join(" ")}`;
    }
    return message;
}

/**
 * Returns the advice for missing actions: the narrowest system policy that grants them all, or a
 * custom policy, granted to one of the user's groups.
 */
export function grantAdvice(neededActions: readonly string[], catalogue: readonly CatalogueEntry[] = SYSTEM_PERMISSIONS): string {
    const suggested = suggestPolicy(neededActions, catalogue);
    const needed = neededActions.join(" and ");
    let grant = `Grant a policy that allows ${needed}`;
    if (suggested !== undefined) {
        grant = `Grant the system policy "${suggested.displayName}" (or a custom policy that allows ${needed})`;
    }
    return `${grant} to one of the user's groups for this project, then run the preview again.`;
}

/** Names the caller and its project for messages, for example `IAM user "alice" (ID u-1) in project "p"`. */
export function describeCaller(identity: CallerIdentity): string {
    return `${describeUser(identity)} in ${describeProject(identity)}`;
}

function describeUser(identity: CallerIdentity): string {
    if (identity.userName !== undefined) {
        return `IAM user "${identity.userName}"${identity.userId !== undefined ? ` (ID ${identity.userId})` : ""}`;
    }
    return identity.userId !== undefined ? `IAM user ${identity.userId}` : "the caller";
}

function describeProject(identity: CallerIdentity): string {
    if (identity.projectName !== undefined) {
        return `project "${identity.projectName}"${identity.projectId !== undefined ? ` (ID ${identity.projectId})` : ""}`;
    }
    return identity.projectId !== undefined ? `project ${identity.projectId}` : "the project";
}
