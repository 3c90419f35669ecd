/**
 * Evaluation of a statement's Condition element against the caller's identity.
 *
 * Sources (Huawei Cloud IAM user guide, "策略语法", huaweicloudDocs/iam
 * cn.zh-cn/用户指南/策略语法.md at 5d5f9de (2023) and at 4be36cb (2022), which lists more operators):
 * - several values for one key match if any of them matches; a negated operator (StringNotEquals)
 *   matches if none does;
 * - different keys, and different operators, are combined with AND;
 * - `IfExists` makes a condition true when the request has no value for the key (not allowed on Null);
 * - StringEquals, StringNotEquals, StringMatch and StringNotMatch compare case-sensitively, every
 *   other string operator ignores case;
 * - StringMatch takes `*` and `?` wildcards, StringLike means "contains", and the `...AnyOf`
 *   forms behave as their base operator with several values.
 *
 * Only the common global keys that the caller's identity answers are decided. Every other key
 * (g:CurrentTime, g:MFAPresent, service keys like obs:SourceVpc) and every non-string operator
 * yields "unknown", because a preview cannot know the request's time, token or network.
 */
import { ConditionBlock } from "./document";
import { Check, globToRegExp } from "./match";

/** The caller's identity, as far as the preview has it; a field left out makes conditions on its key unknown. */
export interface CallerIdentity {
    userName?: string;
    userId?: string;
    /** The account name (Huawei calls an account a domain). */
    domainName?: string;
    projectName?: string;
    /** Not a documented condition key; used only in messages. */
    projectId?: string;
}

/** Condition key values of the request, by key. A key that is left out is unknown. */
export type ConditionContext = Readonly<Record<string, string>>;

/** The documented common global keys that the identity provides, with the identity field behind each. */
const IDENTITY_KEYS: Readonly<Record<string, keyof CallerIdentity>> = {
    "g:UserName": "userName",
    "g:UserId": "userId",
    "g:DomainName": "domainName",
    "g:ProjectName": "projectName",
};

interface StringOperator {
    compare(requestValue: string, conditionValue: string): boolean;
    negated: boolean;
}

const equals = (a: string, b: string) => a === b;
const equalsIgnoreCase = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const matches = (a: string, b: string) => globToRegExp(b, false, true).test(a);
const contains = (a: string, b: string) => a.toLowerCase().includes(b.toLowerCase());
const startsWith = (a: string, b: string) => a.toLowerCase().startsWith(b.toLowerCase());
const endsWith = (a: string, b: string) => a.toLowerCase().endsWith(b.toLowerCase());

const BASE_OPERATORS: Readonly<Record<string, StringOperator>> = {
    StringEquals: { compare: equals, negated: false },
    StringNotEquals: { compare: equals, negated: true },
    StringEqualsIgnoreCase: { compare: equalsIgnoreCase, negated: false },
    StringNotEqualsIgnoreCase: { compare: equalsIgnoreCase, negated: true },
    StringMatch: { compare: matches, negated: false },
    StringNotMatch: { compare: matches, negated: true },
    StringLike: { compare: contains, negated: false },
    StringNotLike: { compare: contains, negated: true },
    StringStartWith: { compare: startsWith, negated: false },
    StringNotStartWith: { compare: startsWith, negated: true },
    StringEndWith: { compare: endsWith, negated: false },
    StringNotEndWith: { compare: endsWith, negated: true },
};

/** The `...AnyOf` forms that the 2022 operator table lists. */
const ANY_OF_BASES = [
    "StringEquals",
    "StringNotEquals",
    "StringEqualsIgnoreCase",
    "StringNotEqualsIgnoreCase",
    "StringLike",
    "StringNotLike",
    "StringStartWith",
    "StringNotStartWith",
    "StringEndWith",
    "StringNotEndWith",
];

const STRING_OPERATORS: Readonly<Record<string, StringOperator>> = {
    ...BASE_OPERATORS,
    ...Object.fromEntries(ANY_OF_BASES.map((base) => [`${base}AnyOf`, BASE_OPERATORS[base]])),
};

/** Returns the condition key values that the identity provides. */
export function conditionContext(identity: CallerIdentity): ConditionContext {
    const context: Record<string, string> = {};
    for (const [key, field] of Object.entries(IDENTITY_KEYS)) {
        const value = identity[field];
        if (value !== undefined) {
            context[key] = value;
        }
    }
    return context;
}

/** Evaluates a Condition element: "yes" when every condition is true, "no" as soon as one is false. */
export function evaluateCondition(block: ConditionBlock | undefined, context: ConditionContext): Check {
    if (block === undefined) {
        return { result: "yes" };
    }
    const satisfied: string[] = [];
    let unknown: string | undefined;
    for (const [operator, keys] of Object.entries(block)) {
        for (const [key, values] of Object.entries(keys)) {
            const check = evaluateOne(operator, key, values, context);
            if (check.result === "no") {
                return check;
            }
            if (check.result === "unknown") {
                unknown ??= check.reason;
            } else if (check.reason !== undefined) {
                satisfied.push(check.reason);
            }
        }
    }
    if (unknown !== undefined) {
        return { result: "unknown", reason: unknown };
    }
    return { result: "yes", reason: satisfied.join("; ") };
}

function evaluateOne(operator: string, key: string, values: readonly string[], context: ConditionContext): Check {
    const parsed = parseOperator(operator);
    if (parsed === undefined) {
        return {
            result: "unknown",
            reason: `condition operator ${operator} is not evaluated by the preview (it evaluates string operators and Null)`,
        };
    }
    if (!Object.hasOwn(IDENTITY_KEYS, key)) {
        return { result: "unknown", reason: `condition key ${key} cannot be decided from the caller's identity` };
    }
    const value = Object.hasOwn(context, key) ? context[key] : undefined;
    if (value === undefined) {
        return { result: "unknown", reason: `condition ${operator} needs ${key}, which is not known for the caller` };
    }

    if (parsed.base === "Null") {
        if (values.length !== 1 || (values[0] !== "true" && values[0] !== "false")) {
            return {
                result: "unknown",
                reason: `condition Null on ${key} has values ${JSON.stringify(values)}, not "true" or "false"`,
            };
        }
        // The caller's identity always has a value for the key here, so only Null false is satisfied.
        const satisfied = values[0] === "false";
        return {
            result: satisfied ? "yes" : "no",
            reason: `Null ${key} ${JSON.stringify(values)} is ${satisfied} because ${key} is "${value}"`,
        };
    }

    // The identity keys are single-valued, so ForAnyValue and ForAllValues over the one request
    // value give the same result as the plain operator, and IfExists changes nothing.
    const spec = STRING_OPERATORS[parsed.base];
    const matched = values.some((conditionValue) => spec.compare(value, conditionValue));
    const satisfied = spec.negated ? !matched : matched;
    return {
        result: satisfied ? "yes" : "no",
        reason: `${operator} ${key} ${JSON.stringify(values)} is ${satisfied} for "${value}"`,
    };
}

/** Splits `ForAnyValue:StringEqualsIfExists` into its parts; undefined for an operator that is not evaluated. */
function parseOperator(operator: string): { base: string } | undefined {
    // NOTE: the 1.1 docs name ForAnyValue and ForAllValues but show no example of their spelling;
    // the "Qualifier:Operator" form is assumed.
    let rest = operator;
    const qualifier = /^(ForAnyValue|ForAllValues):/.exec(rest);
    if (qualifier) {
        rest = rest.slice(qualifier[0].length);
    }
    if (rest === "Null") {
        return { base: rest };
    }
    if (rest.endsWith("IfExists")) {
        rest = rest.slice(0, -"IfExists".length);
    }
    return Object.hasOwn(STRING_OPERATORS, rest) ? { base: rest } : undefined;
}
