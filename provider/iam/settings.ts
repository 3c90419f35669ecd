/**
 * Settings of the permission check: the mode, and the policy documents that the stack gives for
 * permissions the caller cannot read from IAM. Both clouds share them.
 */
import { ConfigLookup } from "../auth/settings";
import { KeypairError } from "../errors";
import { parseDocument } from "./document";

/**
 * The treatment of verdicts in a preview: `enforce` fails on a definite denial and warns about a
 * permission it cannot verify, `strict` fails on both, `warn` only warns, and `off` skips the check.
 */
export type PermissionCheckMode = "enforce" | "strict" | "warn" | "off";

export const PERMISSION_CHECK_MODES: readonly PermissionCheckMode[] = ["enforce", "strict", "warn", "off"];

/** A policy that the caller holds, as the stack describes it. */
export interface ConfiguredPolicy {
    /** The name of the role or policy, as IAM or the token names it, or its display name. */
    name: string;
    /** The policy document in Huawei Cloud's 1.0 or 1.1 policy language. */
    document: unknown;
}

export interface PermissionCheckSettings {
    mode: PermissionCheckMode;
    policies: readonly ConfiguredPolicy[];
}

export const MODE_CONFIG_KEY = "os-keypairs:permissionCheck";
export const MODE_ENV = "OS_KEYPAIRS_PERMISSION_CHECK";
export const POLICIES_CONFIG_KEY = "os-keypairs:permissionPolicies";
export const POLICIES_ENV = "OS_KEYPAIRS_PERMISSION_POLICIES";

/**
 * Reads the mode and the configured policies, stack config first, then the environment. Throws
 * INVALID_CONFIG naming the config key and the variable when a value is invalid.
 */
export function readPermissionCheckSettings(config: ConfigLookup, env: NodeJS.ProcessEnv = process.env): PermissionCheckSettings {
    const modeText = nonEmpty(config(MODE_CONFIG_KEY)) ?? nonEmpty(env[MODE_ENV]);
    const mode = (modeText ?? "enforce").trim().toLowerCase();
    if (!(PERMISSION_CHECK_MODES as readonly string[]).includes(mode)) {
        throw new KeypairError(
            "INVALID_CONFIG",
            `${MODE_CONFIG_KEY} or ${MODE_ENV} is ${JSON.stringify(modeText)}; use enforce (the default), strict, warn or off`,
        );
    }
    if (mode === "off") {
        return { mode, policies: [] };
    }
    const policiesText = nonEmpty(config(POLICIES_CONFIG_KEY)) ?? nonEmpty(env[POLICIES_ENV]);
    return { mode: mode as PermissionCheckMode, policies: policiesText === undefined ? [] : parsePolicies(policiesText) };
}

/**
 * Parses the configured policies: a JSON list of `{"name": ..., "document": {...}}`. Each
 * document must parse, so that a typing error fails the preview instead of weakening the check.
 */
export function parsePolicies(text: string): ConfiguredPolicy[] {
    const where = `${POLICIES_CONFIG_KEY} or ${POLICIES_ENV}`;
    let value: unknown;
    try {
        value = JSON.parse(text);
    } catch (error) {
        throw new KeypairError("INVALID_CONFIG", `${where} is not valid JSON (${(error as Error).message}); give a JSON list`);
    }
    if (!Array.isArray(value)) {
        throw new KeypairError("INVALID_CONFIG", `${where} must be a JSON list of {"name": ..., "document": {...}} objects`);
    }
    return value.map((entry, index) => {
        const record = entry as Record<string, unknown> | null;
        if (typeof record !== "object" || record === null || typeof record.name !== "string" || record.name === "") {
            throw new KeypairError("INVALID_CONFIG", `entry ${index + 1} of ${where} has no "name" string`);
        }
        const parsed = parseDocument(record.document);
        if (!parsed.ok) {
            throw new KeypairError("INVALID_CONFIG", `the document of "${record.name}" in ${where} is invalid: ${parsed.reason}`);
        }
        return { name: record.name, document: record.document };
    });
}

function nonEmpty(value: string | undefined): string | undefined {
    return value === undefined || value.trim() === "" ? undefined : value;
}
