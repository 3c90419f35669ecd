/**
 * Decides whether a caller's IAM permissions allow an action, in Huawei Cloud's policy language
 * (Version 1.1 policies and Version 1.0 roles), without calling any service.
 *
 * Rules (IAM user guide, "策略鉴权规则", huaweicloudDocs/iam cn.zh-cn/用户指南/策略鉴权规则.md at
 * 5d5f9de): an explicit Deny in any permission wins. Without one, an Allow grants the action, and
 * with neither the action is denied. The preview adds "unknown" for a statement that could decide
 * but depends on something the preview cannot see, so it never reports a guess as allowed or denied.
 */
import { isKeypairAction } from "./actions";
import { CatalogueEntry, findCatalogueEntry, SYSTEM_PERMISSIONS } from "./catalogue";
import { CallerIdentity, conditionContext, ConditionContext, evaluateCondition } from "./conditions";
import { Effect, parseDocument, PolicyDocument, Statement } from "./document";
import { Check, matchAction, matchResources, Truth } from "./match";

export type { CallerIdentity } from "./conditions";

/** A policy or role granted to the caller in the project, for example through one of its user groups. */
export interface HeldPermission {
    /** The name IAM uses, as in a token's roles or a role's `name` field ("te_admin", "system_all_1"). */
    name?: string;
    /** The name the console shows ("ECS FullAccess"); a custom policy's own name. */
    displayName?: string;
    /**
     * The document, as IAM returns it in a role's `policy` field (object or JSON string). When
     * absent, the catalogue's published document for `name` or `displayName` is used.
     */
    document?: unknown;
    /** Grant path: the IAM project itself, or an enterprise project. @default "project" */
    grantedThrough?: "project" | "enterpriseProject";
}

export interface EvaluationRequest {
    identity: CallerIdentity;
    permissions: readonly HeldPermission[];
    /** System permissions to resolve names and dependencies with. @default SYSTEM_PERMISSIONS */
    catalogue?: readonly CatalogueEntry[];
}

export type Decision = "allowed" | "denied" | "unknown";

/** Outcome of one statement whose Action matches (or may match) the request. */
export interface StatementOutcome {
    /** Display name or name of the permission that contains the statement. */
    permission: string;
    /** 1-based position of the statement in the document's Statement list. */
    statementNumber: number;
    /** Undefined for a statement whose Effect is invalid. */
    effect?: Effect;
    applies: Truth;
    reason: string;
}

/** A held permission whose document is unavailable or unreadable. */
export interface UnresolvedPermission {
    permission: string;
    reason: string;
    /** False for a catalogue system permission without a document, assumed to deny nothing (see `resolveDocument`). */
    mayDeny: boolean;
}

export interface ActionDecision {
    action: string;
    decision: Decision;
    /** The statement that allowed or denied the action; absent for an implicit deny and for "unknown". */
    decidedBy?: StatementOutcome;
    /** One sentence on why, naming the statement or permission that decided or left it open. */
    reason: string;
    /** Every statement whose Action matches or may match, in the order of the permissions and statements. */
    considered: readonly StatementOutcome[];
    unresolved: readonly UnresolvedPermission[];
    /** Held permissions that cannot grant this action at all, with the reason. */
    ignored: readonly { permission: string; reason: string }[];
}

/** Evaluates each action against the same caller and permissions. */
export function evaluateActions(actions: readonly string[], request: EvaluationRequest): ActionDecision[] {
    return actions.map((action) => evaluateAction(action, request));
}

/** Decides whether the caller's permissions allow `action` (`service:type:operation`). */
export function evaluateAction(action: string, request: EvaluationRequest): ActionDecision {
    const catalogue = request.catalogue ?? SYSTEM_PERMISSIONS;
    const context = conditionContext(request.identity);
    const considered: StatementOutcome[] = [];
    const unresolved: UnresolvedPermission[] = [];
    const ignored: { permission: string; reason: string }[] = [];

    request.permissions.forEach((heldPermission, index) => {
        const permission = permissionLabel(heldPermission, index, catalogue);
        const throughEnterpriseProject = heldPermission.grantedThrough === "enterpriseProject";
        if (throughEnterpriseProject && isKeypairAction(action)) {
            ignored.push({
                permission,
                reason:
                    `"${permission}" is granted through an enterprise project, ` +
                    "but keypair actions can be authorized only per IAM project",
            });
            return;
        }
        const resolved = resolveDocument(heldPermission, permission, catalogue);
        if (!resolved.ok) {
            unresolved.push({ permission, reason: resolved.reason, mayDeny: resolved.mayDeny });
            return;
        }

        let caveat = unmetDependencies(permission, resolved.document, request, catalogue);
        if (throughEnterpriseProject) {
            caveat ??=
                `"${permission}" is granted through an enterprise project, ` +
                `and the preview does not know whether ${action} can be authorized that way`;
        }
        resolved.document.statements.forEach((statement, statementIndex) => {
            const outcome = evaluateStatement(statement, action, context);
            if (outcome === undefined) {
                return;
            }
            if (caveat !== undefined && outcome.result === "yes") {
                outcome.result = "unknown";
                outcome.reason = `${outcome.reason}, but ${caveat}`;
            }
            considered.push({
                permission,
                statementNumber: statementIndex + 1,
                effect: statement.effect,
                applies: outcome.result,
                reason: outcome.reason ?? "",
            });
        });
    });

    return { action, considered, unresolved, ignored, ...decide(action, considered, unresolved, ignored) };
}

/** Returns whether the statement applies to the action, or undefined when its Action list cannot match. */
function evaluateStatement(statement: Statement, action: string, context: ConditionContext): Check | undefined {
    const actionMatch =
        statement.actions.length === 0 && statement.problem !== undefined
            ? { result: "unknown" as const, reason: "its Action element is unusable" }
            : matchAnyAction(statement.actions, action);
    if (actionMatch.result === "no") {
        return undefined;
    }
    if (statement.problem !== undefined) {
        return { result: "unknown", reason: `the statement cannot be evaluated: ${statement.problem}` };
    }

    const checks = [
        actionMatch,
        matchResources(statement.resources, action),
        evaluateCondition(statement.condition, context),
    ];
    const failed = checks.find((check) => check.result === "no");
    if (failed) {
        return { result: "no", reason: `${actionMatch.reason}, but ${failed.reason}` };
    }
    const open = checks.find((check) => check.result === "unknown");
    if (open) {
        return { result: "unknown", reason: open.reason };
    }
    const reasons = checks.map((check) => check.reason).filter((reason) => reason !== undefined && reason !== "");
    return { result: "yes", reason: reasons.join("; ") };
}

function matchAnyAction(patterns: readonly string[], action: string): Check {
    let unknown: Check | undefined;
    for (const pattern of patterns) {
        const check = matchAction(pattern, action);
        if (check.result === "yes") {
            return { result: "yes", reason: `pattern "${pattern}" matches ${action}` };
        }
        if (check.result === "unknown") {
            unknown ??= check;
        }
    }
    return unknown ?? { result: "no" };
}

type Resolution = { ok: true; document: PolicyDocument } | { ok: false; reason: string; mayDeny: boolean };

function resolveDocument(
    heldPermission: HeldPermission,
    permission: string,
    catalogue: readonly CatalogueEntry[],
): Resolution {
    if (heldPermission.document !== undefined) {
        const parsed = parseDocument(heldPermission.document);
        return parsed.ok ? parsed : { ok: false, reason: `"${permission}": ${parsed.reason}`, mayDeny: true };
    }
    const entry = entryOf(heldPermission, catalogue);
    if (entry === undefined) {
        return {
            ok: false,
            reason: `no document was given for "${permission}", and it is not a system permission in the catalogue`,
            mayDeny: true,
        };
    }
    if (entry.document === undefined) {
        // NOTE: assumed, not documented for every permission. Huawei's ECS user guide says system
        // policies contain only Allow statements, and the published system roles deny only
        // identity:*, so a system permission without a document is taken to deny nothing here.
        return { ok: false, reason: `the catalogue has no published document for "${permission}"`, mayDeny: false };
    }
    const parsed = parseDocument(entry.document);
    return parsed.ok ? parsed : { ok: false, reason: `catalogue entry "${permission}": ${parsed.reason}`, mayDeny: true };
}

/**
 * Describes the dependencies (Depends) of a role that are not granted in the project, or returns
 * undefined when all are. Huawei's IAM user guide ("依赖角色的授权方法") states that a role takes
 * effect only together with its dependencies. The console adds them when it grants the role, and
 * the docs do not say how IAM treats a role granted without them, so the caller turns the role's
 * matching statements into "unknown" instead of dropping them.
 */
function unmetDependencies(
    permission: string,
    document: PolicyDocument,
    request: EvaluationRequest,
    catalogue: readonly CatalogueEntry[],
): string | undefined {
    const missing = document.dependencies
        .map((dependency) => dependency.displayName)
        .filter((displayName) => !isGranted(displayName, request.permissions, catalogue));
    if (missing.length === 0) {
        return undefined;
    }
    return (
        `"${permission}" depends on ${missing.join(", ")}, which the caller does not hold in this project, ` +
        "and a role takes effect only together with its dependencies"
    );
}

/** Reports whether a permission with this display name is granted in the project itself. */
function isGranted(
    displayName: string,
    permissions: readonly HeldPermission[],
    catalogue: readonly CatalogueEntry[],
): boolean {
    const dependencyEntry = findCatalogueEntry(displayName, catalogue);
    return permissions.some((heldPermission) => {
        if (heldPermission.grantedThrough === "enterpriseProject") {
            return false;
        }
        if (heldPermission.displayName === displayName) {
            return true;
        }
        const entry = entryOf(heldPermission, catalogue);
        return entry !== undefined && entry === dependencyEntry;
    });
}

function entryOf(heldPermission: HeldPermission, catalogue: readonly CatalogueEntry[]): CatalogueEntry | undefined {
    const byName = heldPermission.name !== undefined ? findCatalogueEntry(heldPermission.name, catalogue) : undefined;
    if (byName !== undefined || heldPermission.displayName === undefined) {
        return byName;
    }
    return findCatalogueEntry(heldPermission.displayName, catalogue);
}

/** Returns the name to show for a held permission: its display name, else its catalogue display name, else its name. */
export function permissionLabel(
    heldPermission: HeldPermission,
    index: number,
    catalogue: readonly CatalogueEntry[] = SYSTEM_PERMISSIONS,
): string {
    return (
        heldPermission.displayName ??
        entryOf(heldPermission, catalogue)?.displayName ??
        heldPermission.name ??
        `permission ${index + 1}`
    );
}

function decide(
    action: string,
    considered: readonly StatementOutcome[],
    unresolved: readonly UnresolvedPermission[],
    ignored: readonly { permission: string; reason: string }[],
): { decision: Decision; decidedBy?: StatementOutcome; reason: string } {
    // A statement with an invalid Effect may be either, so it counts as a possible Allow and Deny.
    const mayBe = (outcome: StatementOutcome, effect: Effect) =>
        outcome.effect === effect || outcome.effect === undefined;

    const denying = considered.find((outcome) => outcome.effect === "Deny" && outcome.applies === "yes");
    if (denying) {
        return {
            decision: "denied",
            decidedBy: denying,
            reason: `${describe(denying)} denies ${action} (${denying.reason}), and an explicit Deny overrides every Allow`,
        };
    }
    const mayDeny = considered.find((outcome) => mayBe(outcome, "Deny") && outcome.applies === "unknown");
    if (mayDeny) {
        return { decision: "unknown", reason: `${describe(mayDeny)} may deny ${action}: ${mayDeny.reason}` };
    }

    const allowing = considered.find((outcome) => outcome.effect === "Allow" && outcome.applies === "yes");
    const unresolvedDeny = unresolved.find((permission) => permission.mayDeny);
    if (allowing && unresolvedDeny) {
        return {
            decision: "unknown",
            reason:
                `${describe(allowing)} allows ${action}, but "${unresolvedDeny.permission}" ` +
                `could not be evaluated and may deny it (${unresolvedDeny.reason})`,
        };
    }
    if (allowing) {
        return {
            decision: "allowed",
            decidedBy: allowing,
            reason: `${describe(allowing)} allows ${action} (${allowing.reason})`,
        };
    }

    const mayAllow = considered.find((outcome) => mayBe(outcome, "Allow") && outcome.applies === "unknown");
    if (mayAllow) {
        return { decision: "unknown", reason: `${describe(mayAllow)} may allow ${action}: ${mayAllow.reason}` };
    }
    if (unresolved.length > 0) {
        const first = unresolved[0];
        return {
            decision: "unknown",
            reason: `"${first.permission}" could not be evaluated and may allow ${action} (${first.reason})`,
        };
    }

    let reason = `no statement in the caller's permissions allows ${action}`;
    if (ignored.length > 0) {
        reason += ` (${ignored.map((entry) => entry.reason).join("; ")})`;
    }
    return { decision: "denied", reason };
}

function describe(outcome: StatementOutcome): string {
    return `statement ${outcome.statementNumber} of "${outcome.permission}"`;
}
