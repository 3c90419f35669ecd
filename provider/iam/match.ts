/**
 * Matching of a request's action against the Action and Resource patterns of a statement.
 *
 * Case rules, from Huawei Cloud's IAM API reference (custom policy Action field, huaweicloudDocs/iam
 * cn.zh-cn/API参考/创建云服务自定义策略.md at 5d5f9de): the service name is lower case only, and
 * the resource type and operation have no case ("ecs:serverKeypairs:create" equals
 * "ecs:SERVERKEYPAIRS:Create"). The wildcard `*` stands for any characters.
 */

/** Result of a check that the preview may be unable to decide. */
export type Truth = "yes" | "no" | "unknown";

export interface Check {
    result: Truth;
    /** Explanation of the result; set for "unknown" and wherever the reason is not obvious. */
    reason?: string;
}

/** Matches one Action pattern (`ecs:*:get*`, `*`, `identity:*`) against an action `service:type:operation`. */
export function matchAction(pattern: string, action: string): Check {
    if (pattern !== pattern.trim()) {
        if (matchAction(pattern.trim(), action).result === "no") {
            return { result: "no" };
        }
        const reason = `pattern ${JSON.stringify(pattern)} has surrounding white space, and the docs do not say whether IAM trims it`;
        return { result: "unknown", reason };
    }
    if (pattern.includes("?")) {
        if (!wildcardMatch(pattern.replaceAll("?", "*"), action, true)) {
            return { result: "no" };
        }
        return { result: "unknown", reason: `pattern "${pattern}" uses "?", which the docs define only for condition values` };
    }
    if (pattern === "*") {
        return { result: "yes" };
    }

    const [patternService, patternRest] = splitService(pattern);
    const [actionService, actionRest] = splitService(action);
    if (patternRest === undefined || actionRest === undefined) {
        return { result: "no", reason: `pattern "${pattern}" is not of the form service:type:operation` };
    }
    if (!wildcardMatch(patternRest, actionRest, true)) {
        return { result: "no" };
    }
    if (wildcardMatch(patternService, actionService, false)) {
        return { result: "yes" };
    }
    if (wildcardMatch(patternService, actionService, true)) {
        // The docs disagree here. Published system roles use upper-case service names
        // ("DNS:Zone:*"), custom policies accept lower case only, and the English policy syntax
        // page (usermanual-iam/iam_01_0019.html) calls actions case-insensitive.
        return {
            result: "unknown",
            reason:
                `pattern "${pattern}" spells the service "${patternService}", but the request's service is ` +
                `"${actionService}", and the docs do not say whether service names match without regard to case`,
        };
    }
    return { result: "no" };
}

/**
 * Matches a statement's Resource list (`service:region:account:type:path`) against the action.
 * A keypair request carries no resource the preview can compare, so any pattern that names
 * specific resources of the action's service comes out "unknown" (ECS does not support
 * resource-level authorization for keypairs, so IAM's behavior there is not documented).
 */
export function matchResources(resources: readonly string[] | undefined, action: string): Check {
    if (resources === undefined) {
        return { result: "yes" };
    }
    const [actionService, actionRest] = splitService(action);
    const actionType = actionRest?.split(":")[0] ?? "";
    let unknown: string | undefined;
    for (const resource of resources) {
        if (resource === "*") {
            return { result: "yes" };
        }
        const [service, region, account, type, ...path] = resource.split(":");
        // Resource service names appear in both cases in published examples ("OBS:*:*:bucket:*").
        if (!wildcardMatch(service, actionService, true)) {
            continue;
        }
        const typeCovered = type === "*" || (type !== undefined && type.toLowerCase() === actionType.toLowerCase());
        if (region === "*" && account === "*" && typeCovered && path.join(":") === "*") {
            return { result: "yes" };
        }
        unknown ??=
            `Resource "${resource}" names specific resources, ` +
            "and the preview does not know which resource the request acts on";
    }
    if (unknown !== undefined) {
        return { result: "unknown", reason: unknown };
    }
    return { result: "no", reason: `its Resource element names only other services' resources (${resources.join(", ")})` };
}

/** Reports whether `value` matches `pattern`, where `*` matches any run of characters (colons too). */
export function wildcardMatch(pattern: string, value: string, ignoreCase: boolean): boolean {
    return globToRegExp(pattern, ignoreCase, false).test(value);
}

/** Builds an anchored regular expression from a glob with `*`, and with `?` for one character when `question` is set. */
export function globToRegExp(pattern: string, ignoreCase: boolean, question: boolean): RegExp {
    let source = "";
    for (const char of pattern) {
        if (char === "*") {
            source += "[\\s\\S]*";
        } else if (char === "?" && question) {
            source += "[\\s\\S]";
        } else {
            source += char.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        }
    }
    return new RegExp(`^${source}$`, ignoreCase ? "iu" : "u");
}

function splitService(text: string): [string, string | undefined] {
    const colon = text.indexOf(":");
    return colon < 0 ? [text, undefined] : [text.slice(0, colon), text.slice(colon + 1)];
}
