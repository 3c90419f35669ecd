/**
 * Huawei Cloud connection settings, from Pulumi stack config (namespace `huaweicloud`) and then
 * the environment variables that the Huawei Cloud Terraform provider reads. Settings are read at
 * run time, when a request needs them, and are never written to the state.
 */
import { ConfigLookup } from "../auth/settings";
import { KeypairError } from "../errors";

/** Resolved settings for AK/SK signing or IAM password auth, and the service endpoints. */
export interface HuaweiSettings {
    kind: "huaweicloud";
    /** Region id, for example `ap-southeast-1`; it names the endpoints and the project. */
    region: string;
    accessKey?: string;
    secretKey?: string;
    /** Set for temporary credentials, which need it with every request. */
    securityToken?: string;
    /** Project to act on. Without it, the project named after the region is looked up in IAM. */
    projectId?: string;
    /** Account name, the IAM domain that the user belongs to (password auth). */
    domainName?: string;
    userName?: string;
    password?: string;
    /** IAM v3 URL for password auth, for example `https://iam.ap-southeast-1.myhuaweicloud.com/v3`. */
    authUrl?: string;
    /** Domain suffix of the cloud's endpoints. Default: `myhuaweicloud.com`. */
    cloud: string;
    /** Base URLs that replace `https://{service}.{region}.{cloud}`. */
    endpoints: { ecs?: string; iam?: string };
    insecure: boolean;
    caCertFile?: string;
}

/** Authentication method: AK/SK signatures, or an IAM token issued for a password. */
export type HuaweiAuthMethod = "aksk" | "password";

type StringKey = Exclude<keyof HuaweiSettings, "kind" | "endpoints" | "insecure" | "cloud">;
type SettingKey = StringKey | "endpoints" | "insecure" | "cloud";

interface SettingSource {
    key: SettingKey;
    config: string;
    env: string[];
}

/** Config keys (below `huaweicloud:`) and environment variables, first match wins. */
const SOURCES: SettingSource[] = [
    { key: "region", config: "region", env: ["HW_REGION_NAME"] },
    { key: "accessKey", config: "accessKey", env: ["HW_ACCESS_KEY"] },
    { key: "secretKey", config: "secretKey", env: ["HW_SECRET_KEY"] },
    { key: "securityToken", config: "securityToken", env: ["HW_SECURITY_TOKEN"] },
    { key: "projectId", config: "projectId", env: ["HW_PROJECT_ID"] },
    { key: "domainName", config: "domainName", env: ["HW_DOMAIN_NAME"] },
    { key: "userName", config: "userName", env: ["HW_USER_NAME"] },
    // The Terraform provider reads HW_USER_PASSWORD, so it is accepted after HW_PASSWORD.
    { key: "password", config: "password", env: ["HW_PASSWORD", "HW_USER_PASSWORD"] },
    { key: "authUrl", config: "authUrl", env: ["HW_AUTH_URL"] },
    { key: "cloud", config: "cloud", env: ["HW_CLOUD"] },
    { key: "endpoints", config: "endpoints", env: [] },
    { key: "insecure", config: "insecure", env: ["HW_INSECURE"] },
    { key: "caCertFile", config: "cacertFile", env: ["HW_CACERT_FILE"] },
];

export const CONFIG_NAMESPACE = "huaweicloud";
export const DEFAULT_CLOUD = "myhuaweicloud.com";
const ENDPOINT_SERVICES = ["ecs", "iam"] as const;

/** Returns the config key and environment variables of a setting, for error messages. */
export function describeHuaweiSetting(key: SettingKey): string {
    const source = SOURCES.find((s) => s.key === key)!;
    return [`${CONFIG_NAMESPACE}:${source.config}`, ...source.env].join(" or ");
}

/** Lists the Huawei settings that are set, as config keys and variable names. */
export function huaweiSettingsPresent(config: ConfigLookup, env: NodeJS.ProcessEnv): string[] {
    const present: string[] = [];
    for (const source of SOURCES) {
        if (nonEmpty(config(`${CONFIG_NAMESPACE}:${source.config}`)) !== undefined) {
            present.push(`${CONFIG_NAMESPACE}:${source.config}`);
        }
    }
    for (const [name, value] of Object.entries(env)) {
        if (name.startsWith("HW_") && nonEmpty(value) !== undefined) {
            present.push(name);
        }
    }
    return present;
}

/**
 * Resolves the settings and checks that they are complete and consistent. Throws one
 * INVALID_CONFIG error that names every missing or contradictory setting with its config key
 * and environment variable.
 */
export function resolveHuaweiSettings(config: ConfigLookup, env: NodeJS.ProcessEnv = process.env): HuaweiSettings {
    const raw = (key: SettingKey): string | undefined => {
        const source = SOURCES.find((s) => s.key === key)!;
        const fromConfig = nonEmpty(config(`${CONFIG_NAMESPACE}:${source.config}`));
        return fromConfig ?? source.env.map((name) => nonEmpty(env[name])).find((value) => value !== undefined);
    };
    const problems: string[] = [];

    const settings: HuaweiSettings = {
        kind: "huaweicloud",
        region: raw("region") ?? "",
        cloud: raw("cloud") ?? DEFAULT_CLOUD,
        endpoints: parseEndpoints(raw("endpoints"), problems),
        insecure: parseBoolean(raw("insecure"), problems),
    };
    for (const key of ["accessKey", "secretKey", "securityToken", "projectId", "domainName", "userName", "password", "authUrl", "caCertFile"] as const) {
        const value = raw(key);
        if (value !== undefined) {
            settings[key] = value;
        }
    }

    validateRegion(settings, problems);
    validateCredentials(settings, problems);
    validateUrls(settings, problems);
    if (problems.length > 0) {
        throw new KeypairError("INVALID_CONFIG", `Huawei Cloud settings are invalid: ${problems.join("; ")}`);
    }
    return settings;
}

/** Returns how the settings authenticate; resolveHuaweiSettings guarantees that exactly one applies. */
export function authMethodOf(settings: HuaweiSettings): HuaweiAuthMethod {
    return settings.accessKey !== undefined ? "aksk" : "password";
}

/** Returns the ECS base URL, for example `https://ecs.ap-southeast-1.myhuaweicloud.com`. */
export function ecsBaseUrl(settings: HuaweiSettings): string {
    return trimSlash(settings.endpoints.ecs ?? `https://ecs.${settings.region}.${settings.cloud}`);
}

/** Returns the IAM base URL: the override, else the auth URL without `/v3`, else the default. */
export function iamBaseUrl(settings: HuaweiSettings): string {
    if (settings.endpoints.iam) {
        return trimSlash(settings.endpoints.iam);
    }
    if (settings.authUrl) {
        return trimSlash(settings.authUrl).replace(/\/v3$/, "");
    }
    return `https://iam.${settings.region}.${settings.cloud}`;
}

/** Returns the URL that issues IAM tokens: `{authUrl}/auth/tokens`, or below the IAM base URL. */
export function tokenUrl(settings: HuaweiSettings): string {
    if (settings.authUrl) {
        const authUrl = trimSlash(settings.authUrl);
        return `${authUrl}${authUrl.endsWith("/v3") ? "" : "/v3"}/auth/tokens`;
    }
    return `${iamBaseUrl(settings)}/v3/auth/tokens`;
}

function validateRegion(settings: HuaweiSettings, problems: string[]): void {
    if (!settings.region) {
        problems.push(`the region is missing: set ${describeHuaweiSetting("region")} (for example ap-southeast-1)`);
    } else if (!/^[a-z0-9][a-z0-9-]*$/.test(settings.region)) {
        problems.push(`${describeHuaweiSetting("region")} is ${JSON.stringify(settings.region)}; a region id has lower-case letters, digits and '-'`);
    }
    if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(settings.cloud)) {
        problems.push(`${describeHuaweiSetting("cloud")} is ${JSON.stringify(settings.cloud)}; give a domain suffix such as ${DEFAULT_CLOUD}`);
    }
}

function validateCredentials(settings: HuaweiSettings, problems: string[]): void {
    const hasKey = settings.accessKey !== undefined || settings.secretKey !== undefined;
    const hasPassword = settings.userName !== undefined || settings.password !== undefined;
    if (hasKey && hasPassword) {
        problems.push(
            `both an access key (${describeHuaweiSetting("accessKey")}) and a user password ` +
                `(${describeHuaweiSetting("userName")}, ${describeHuaweiSetting("password")}) are set; keep one of them`,
        );
        return;
    }
    if (hasKey) {
        if (settings.accessKey === undefined) {
            problems.push(`the access key is missing: set ${describeHuaweiSetting("accessKey")} to go with the secret key`);
        }
        if (settings.secretKey === undefined) {
            problems.push(`the secret key is missing: set ${describeHuaweiSetting("secretKey")} to go with the access key`);
        }
        return;
    }
    if (settings.securityToken !== undefined) {
        problems.push(
            `${describeHuaweiSetting("securityToken")} is set without an access key; temporary credentials need ` +
                `${describeHuaweiSetting("accessKey")} and ${describeHuaweiSetting("secretKey")} too`,
        );
    }
    if (hasPassword) {
        if (settings.userName === undefined) {
            problems.push(`the user is missing: set ${describeHuaweiSetting("userName")} to go with the password`);
        }
        if (settings.password === undefined) {
            problems.push(`the password is missing: set ${describeHuaweiSetting("password")} for user ${JSON.stringify(settings.userName)}`);
        }
        if (settings.domainName === undefined) {
            problems.push(`the account name is missing: set ${describeHuaweiSetting("domainName")} for password auth`);
        }
        return;
    }
    if (settings.securityToken === undefined) {
        problems.push(
            `no credentials: set ${describeHuaweiSetting("accessKey")} and ${describeHuaweiSetting("secretKey")}, ` +
                `or ${describeHuaweiSetting("userName")}, ${describeHuaweiSetting("password")} and ${describeHuaweiSetting("domainName")}`,
        );
    }
}

function validateUrls(settings: HuaweiSettings, problems: string[]): void {
    if (settings.authUrl !== undefined && !isHttpUrl(settings.authUrl)) {
        problems.push(`${describeHuaweiSetting("authUrl")} must be an http or https URL, got ${JSON.stringify(settings.authUrl)}`);
    }
    for (const service of ENDPOINT_SERVICES) {
        const url = settings.endpoints[service];
        if (url !== undefined && !isHttpUrl(url)) {
            problems.push(`${CONFIG_NAMESPACE}:endpoints.${service} must be an http or https URL, got ${JSON.stringify(url)}`);
        }
    }
}

/** Parses `huaweicloud:endpoints`, an object such as {"ecs": "https://...", "iam": "https://..."}. */
function parseEndpoints(value: string | undefined, problems: string[]): HuaweiSettings["endpoints"] {
    if (value === undefined) {
        return {};
    }
    let parsed: unknown;
    try {
        parsed = typeof value === "string" ? JSON.parse(value) : value;
    } catch {
        problems.push(`${CONFIG_NAMESPACE}:endpoints is not a JSON object; set it with \`pulumi config set --path ${CONFIG_NAMESPACE}:endpoints.ecs URL\``);
        return {};
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
        problems.push(`${CONFIG_NAMESPACE}:endpoints must be an object with the keys ${ENDPOINT_SERVICES.join(" and ")}`);
        return {};
    }
    const endpoints: HuaweiSettings["endpoints"] = {};
    for (const [service, url] of Object.entries(parsed)) {
        if (!(ENDPOINT_SERVICES as readonly string[]).includes(service)) {
            problems.push(`${CONFIG_NAMESPACE}:endpoints.${service} is not supported; the services are ${ENDPOINT_SERVICES.join(" and ")}`);
        } else if (typeof url !== "string") {
            problems.push(`${CONFIG_NAMESPACE}:endpoints.${service} must be a URL string`);
        } else {
            endpoints[service as (typeof ENDPOINT_SERVICES)[number]] = url;
        }
    }
    return endpoints;
}

function parseBoolean(value: string | undefined, problems: string[]): boolean {
    if (value === undefined || /^(false|0|no)$/i.test(value)) {
        return false;
    }
    if (/^(true|1|yes)$/i.test(value)) {
        return true;
    }
    problems.push(`${describeHuaweiSetting("insecure")} is ${JSON.stringify(value)}; use true or false`);
    return false;
}

function isHttpUrl(value: string): boolean {
    try {
        const url = new URL(value);
        return url.protocol === "http:" || url.protocol === "https:";
    } catch {
        return false;
    }
}

function nonEmpty(value: string | undefined): string | undefined {
    return value === undefined || value === "" ? undefined : value;
}

function trimSlash(url: string): string {
    return url.replace(/\/+$/, "");
}
