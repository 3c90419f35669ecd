/**
 * OpenStack connection settings, resolved from Pulumi stack config (namespace `openstack`), then
 * the usual OS_* environment variables, then the clouds.yaml entry that OS_CLOUD or
 * `openstack:cloud` selects. Settings are read at run time and never serialized.
 */
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";

import { KeypairError } from "../errors";

/** Looks up a stack config value by its full key, for example `openstack:authUrl`. */
export type ConfigLookup = (key: string) => string | undefined;

export type EndpointInterface = "public" | "internal" | "admin";

/** Resolved settings for Keystone v3 authentication and the compute endpoint. */
export interface OpenStackSettings {
    authUrl?: string;
    token?: string;
    userName?: string;
    userId?: string;
    password?: string;
    projectName?: string;
    projectId?: string;
    userDomainName?: string;
    userDomainId?: string;
    projectDomainName?: string;
    projectDomainId?: string;
    region?: string;
    endpointType: EndpointInterface;
    /** Compute endpoint to use instead of the catalog's, for example `https://nova.example:8774/v2.1`. */
    computeEndpoint?: string;
    insecure: boolean;
    caCertFile?: string;
}

interface SettingSource {
    key: keyof OpenStackSettings;
    config: string[];
    env: string[];
    cloud: (entry: CloudEntry) => unknown;
}

interface CloudEntry {
    auth?: Record<string, unknown>;
    region_name?: unknown;
    interface?: unknown;
    verify?: unknown;
    cacert?: unknown;
}

const SOURCES: SettingSource[] = [
    { key: "authUrl", config: ["authUrl"], env: ["OS_AUTH_URL"], cloud: (c) => c.auth?.auth_url },
    { key: "token", config: ["token"], env: ["OS_TOKEN", "OS_AUTH_TOKEN"], cloud: (c) => c.auth?.token },
    { key: "userName", config: ["userName"], env: ["OS_USERNAME"], cloud: (c) => c.auth?.username },
    { key: "userId", config: ["userId"], env: ["OS_USER_ID"], cloud: (c) => c.auth?.user_id },
    { key: "password", config: ["password"], env: ["OS_PASSWORD"], cloud: (c) => c.auth?.password },
    {
        key: "projectName",
        config: ["projectName", "tenantName"],
        env: ["OS_PROJECT_NAME", "OS_TENANT_NAME"],
        cloud: (c) => c.auth?.project_name ?? c.auth?.tenant_name,
    },
    {
        key: "projectId",
        config: ["projectId", "tenantId"],
        env: ["OS_PROJECT_ID", "OS_TENANT_ID"],
        cloud: (c) => c.auth?.project_id ?? c.auth?.tenant_id,
    },
    {
        key: "userDomainName",
        config: ["userDomainName"],
        env: ["OS_USER_DOMAIN_NAME"],
        cloud: (c) => c.auth?.user_domain_name,
    },
    { key: "userDomainId", config: ["userDomainId"], env: ["OS_USER_DOMAIN_ID"], cloud: (c) => c.auth?.user_domain_id },
    {
        key: "projectDomainName",
        config: ["projectDomainName"],
        env: ["OS_PROJECT_DOMAIN_NAME"],
        cloud: (c) => c.auth?.project_domain_name,
    },
    {
        key: "projectDomainId",
        config: ["projectDomainId"],
        env: ["OS_PROJECT_DOMAIN_ID"],
        cloud: (c) => c.auth?.project_domain_id,
    },
    { key: "region", config: ["region"], env: ["OS_REGION_NAME"], cloud: (c) => c.region_name },
    {
        key: "endpointType",
        config: ["endpointType"],
        env: ["OS_INTERFACE", "OS_ENDPOINT_TYPE"],
        cloud: (c) => c.interface,
    },
    { key: "computeEndpoint", config: ["computeEndpoint"], env: [], cloud: () => undefined },
    {
        key: "insecure",
        config: ["insecure"],
        env: ["OS_INSECURE"],
        cloud: (c) => (c.verify === false ? "true" : undefined),
    },
    { key: "caCertFile", config: ["cacertFile"], env: ["OS_CACERT"], cloud: (c) => c.cacert },
];

/** The config key and environment variables of a setting, for error messages. */
export function describeSetting(key: keyof OpenStackSettings): string {
    const source = SOURCES.find((s) => s.key === key);
    if (!source) {
        return key;
    }
    const names = [`openstack:${source.config[0]}`, ...source.env];
    return names.join(" or ");
}

/**
 * Resolves the settings and checks that they are enough to authenticate. Throws an
 * INVALID_CONFIG error that names each missing or contradictory setting.
 */
export function resolveSettings(config: ConfigLookup, env: NodeJS.ProcessEnv = process.env): OpenStackSettings {
    const cloudName = config("openstack:cloud") ?? nonEmpty(env.OS_CLOUD);
    const cloud = cloudName ? loadCloud(cloudName, env) : undefined;

    const raw: Record<string, string | undefined> = {};
    for (const source of SOURCES) {
        raw[source.key] =
            firstDefined(source.config.map((name) => nonEmpty(config(`openstack:${name}`)))) ??
            firstDefined(source.env.map((name) => nonEmpty(env[name]))) ??
            (cloud ? stringOrUndefined(source.cloud(cloud)) : undefined);
    }

    const endpointType = (raw.endpointType ?? "public").replace(/URL$/, "");
    if (!["public", "internal", "admin"].includes(endpointType)) {
        throw new KeypairError(
            "INVALID_CONFIG",
            `${describeSetting("endpointType")} is ${JSON.stringify(raw.endpointType)}; use public, internal or admin`,
        );
    }
    const settings: OpenStackSettings = {
        ...(raw as Partial<OpenStackSettings>),
        endpointType: endpointType as EndpointInterface,
        insecure: parseBoolean(raw.insecure, "insecure"),
    };
    validateSettings(settings);
    return settings;
}

function validateSettings(settings: OpenStackSettings): void {
    const problems: string[] = [];
    if (!settings.authUrl) {
        problems.push(`the Keystone URL is missing: set ${describeSetting("authUrl")} (for example https://keystone.example:5000/v3)`);
    } else if (!/^https?:\/\//.test(settings.authUrl)) {
        problems.push(`${describeSetting("authUrl")} must be an http or https URL, got ${JSON.stringify(settings.authUrl)}`);
    }
    if (!settings.token) {
        if (!settings.password) {
            problems.push(`no credentials: set ${describeSetting("password")} with a user, or ${describeSetting("token")}`);
        }
        if (!settings.userName && !settings.userId) {
            problems.push(`the user is missing: set ${describeSetting("userName")}, or ${describeSetting("userId")}`);
        }
        if (!settings.projectName && !settings.projectId) {
            problems.push(`the project is missing: set ${describeSetting("projectName")}, or ${describeSetting("projectId")}`);
        }
    }
    if (problems.length > 0) {
        throw new KeypairError("INVALID_CONFIG", `OpenStack settings are incomplete: ${problems.join("; ")}`);
    }
}

/** Reads one cloud of clouds.yaml, with secure.yaml's values merged in as openstacksdk does. */
function loadCloud(name: string, env: NodeJS.ProcessEnv): CloudEntry {
    const directories = [process.cwd(), path.join(homedir(), ".config", "openstack"), "/etc/openstack"];
    const candidates = env.OS_CLIENT_CONFIG_FILE
        ? [env.OS_CLIENT_CONFIG_FILE]
        : directories.flatMap((dir) => [path.join(dir, "clouds.yaml"), path.join(dir, "clouds.yml")]);
    const file = candidates.find((candidate) => existsSync(candidate));
    if (!file) {
        throw new KeypairError(
            "INVALID_CONFIG",
            `cloud ${JSON.stringify(name)} was selected (openstack:cloud or OS_CLOUD) but no clouds.yaml was found in ${candidates.join(", ")}`,
        );
    }
    const clouds = readClouds(file);
    const entry = clouds[name];
    if (!entry) {
        throw new KeypairError(
            "INVALID_CONFIG",
            `cloud ${JSON.stringify(name)} is not defined in ${file}; defined are: ${Object.keys(clouds).join(", ") || "none"}`,
        );
    }
    const secure = path.join(path.dirname(file), "secure.yaml");
    const secret = existsSync(secure) ? readClouds(secure)[name] : undefined;
    return { ...entry, ...secret, auth: { ...entry.auth, ...secret?.auth } };
}

function readClouds(file: string): Record<string, CloudEntry> {
    let document: unknown;
    try {
        document = parseYaml(readFileSync(file, "utf8"));
    } catch (error) {
        throw new KeypairError("INVALID_CONFIG", `${file} is not valid YAML: ${(error as Error).message}`);
    }
    const clouds = (document as { clouds?: unknown } | null)?.clouds;
    return typeof clouds === "object" && clouds !== null ? (clouds as Record<string, CloudEntry>) : {};
}

function parseBoolean(value: string | undefined, key: keyof OpenStackSettings): boolean {
    if (value === undefined) {
        return false;
    }
    if (/^(true|1|yes)$/i.test(value)) {
        return true;
    }
    if (/^(false|0|no)$/i.test(value)) {
        return false;
    }
    throw new KeypairError("INVALID_CONFIG", `${describeSetting(key)} is ${JSON.stringify(value)}; use true or false`);
}

function firstDefined<T>(values: (T | undefined)[]): T | undefined {
    return values.find((value) => value !== undefined);
}

function nonEmpty(value: string | undefined): string | undefined {
    return value === undefined || value === "" ? undefined : value;
}

function stringOrUndefined(value: unknown): string | undefined {
    if (typeof value === "string") {
        return nonEmpty(value);
    }
    if (typeof value === "number" || typeof value === "boolean") {
        return String(value);
    }
    return undefined;
}
