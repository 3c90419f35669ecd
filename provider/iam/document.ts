/**
 * Parsing of Huawei Cloud IAM permission documents: fine-grained policies (`"Version": "1.1"`)
 * and RBAC roles (`"Version": "1.0"`), as IAM returns them in the `policy` field of a role.
 *
 * The parser checks only the shape. A statement it cannot read is kept with a `problem`, so the
 * evaluator can report "unknown" for it instead of silently skipping a possible Deny.
 */

export type Effect = "Allow" | "Deny";

/** Condition values by condition key, by operator: `{ "StringEquals": { "g:UserName": ["alice"] } }`. */
export type ConditionBlock = Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;

/** A role's dependency: a system role that must be granted in the same project for the role to take effect. */
export interface Dependency {
    catalog: string;
    displayName: string;
}

export interface Statement {
    /** Absent when the statement has an invalid Effect, which `problem` then describes. */
    effect?: Effect;
    /** Action patterns such as `ecs:serverKeypairs:*`. Empty when the Action element is unusable. */
    actions: readonly string[];
    condition?: ConditionBlock;
    /** Resource patterns; absent when the statement covers all resources. */
    resources?: readonly string[];
    /** Reason the statement cannot be evaluated exactly; set for a statement IAM would not have accepted. */
    problem?: string;
}

export interface PolicyDocument {
    version: "1.0" | "1.1";
    statements: readonly Statement[];
    dependencies: readonly Dependency[];
}

export type ParseResult = { ok: true; document: PolicyDocument } | { ok: false; reason: string };

/** The statement elements of the 1.0 and 1.1 languages; 5.0 identity policies add others (Sid, NotAction). */
const STATEMENT_ELEMENTS = new Set(["Effect", "Action", "Condition", "Resource"]);

/** Parses a document given as a JSON string or as the parsed object. */
export function parseDocument(raw: unknown): ParseResult {
    let value = raw;
    if (typeof value === "string") {
        try {
            value = JSON.parse(value);
        } catch (error) {
            return { ok: false, reason: `the document is not valid JSON (${(error as Error).message})` };
        }
    }
    if (!isRecord(value)) {
        return { ok: false, reason: "the document is not a JSON object" };
    }
    if (value.Version !== "1.0" && value.Version !== "1.1") {
        return {
            ok: false,
            reason:
                `the document has Version ${JSON.stringify(value.Version)}, ` +
                "but only 1.0 (roles) and 1.1 (policies) are evaluated",
        };
    }
    if (!Array.isArray(value.Statement)) {
        return { ok: false, reason: "the document has no Statement array" };
    }
    const dependencies = parseDependencies(value.Depends);
    if (!dependencies.ok) {
        return { ok: false, reason: dependencies.reason };
    }
    return {
        ok: true,
        document: {
            version: value.Version,
            statements: value.Statement.map(parseStatement),
            dependencies: dependencies.value,
        },
    };
}

function parseDependencies(raw: unknown): { ok: true; value: Dependency[] } | { ok: false; reason: string } {
    if (raw === undefined) {
        return { ok: true, value: [] };
    }
    if (!Array.isArray(raw)) {
        return { ok: false, reason: "the document's Depends element is not an array" };
    }
    const value: Dependency[] = [];
    for (const entry of raw) {
        if (!isRecord(entry) || typeof entry.display_name !== "string") {
            return { ok: false, reason: `the Depends entry ${JSON.stringify(entry)} has no display_name` };
        }
        value.push({ catalog: typeof entry.catalog === "string" ? entry.catalog : "", displayName: entry.display_name });
    }
    return { ok: true, value };
}

function parseStatement(raw: unknown): Statement {
    if (!isRecord(raw)) {
        return { actions: [], problem: "the statement is not a JSON object" };
    }
    const problems: string[] = [];
    const unsupported = Object.keys(raw).filter((key) => !STATEMENT_ELEMENTS.has(key));
    if (unsupported.length > 0) {
        problems.push(`it has the element(s) ${unsupported.join(", ")}, which the 1.0 and 1.1 languages do not define`);
    }

    let effect: Effect | undefined;
    if (raw.Effect === "Allow" || raw.Effect === "Deny") {
        effect = raw.Effect;
    } else {
        problems.push(`its Effect ${JSON.stringify(raw.Effect)} is neither "Allow" nor "Deny"`);
    }

    const actions = stringList(raw.Action);
    if (actions === undefined) {
        problems.push("its Action element is not a list of strings");
    }

    const resources = raw.Resource === undefined ? undefined : stringList(raw.Resource);
    if (raw.Resource !== undefined && resources === undefined) {
        problems.push("its Resource element is not a list of strings");
    }

    const condition = raw.Condition === undefined ? undefined : parseCondition(raw.Condition);
    if (condition !== undefined && !condition.ok) {
        problems.push(condition.problem);
    }

    const statement: Statement = { effect, actions: actions ?? [] };
    if (condition !== undefined && condition.ok) {
        statement.condition = condition.block;
    }
    if (resources !== undefined) {
        statement.resources = resources;
    }
    if (problems.length > 0) {
        statement.problem = problems.join("; ");
    }
    return statement;
}

function parseCondition(raw: unknown): { ok: true; block: ConditionBlock } | { ok: false; problem: string } {
    if (!isRecord(raw)) {
        return { ok: false, problem: "its Condition element is not a JSON object" };
    }
    const block: Record<string, Record<string, readonly string[]>> = {};
    for (const [operator, keys] of Object.entries(raw)) {
        if (!isRecord(keys)) {
            return { ok: false, problem: `its condition operator ${operator} does not map condition keys to values` };
        }
        block[operator] = {};
        for (const [key, values] of Object.entries(keys)) {
            const list = stringList(values);
            if (list === undefined || list.length === 0) {
                return { ok: false, problem: `its condition ${operator} on ${key} has no list of string values` };
            }
            block[operator][key] = list;
        }
    }
    return { ok: true, block };
}

/** Accepts a list of strings or a single string, as both spellings appear in published documents. */
function stringList(raw: unknown): string[] | undefined {
    if (typeof raw === "string") {
        return [raw];
    }
    if (Array.isArray(raw) && raw.every((item) => typeof item === "string")) {
        return raw;
    }
    return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}
