/**
 * Per-process state of the provider: the stack config handed over by `configure`, and one HTTP
 * client, token cache and compute client for each distinct set of settings. The settings choose
 * the cloud: Huawei Cloud when any `huaweicloud:` config key or HW_* variable is set, OpenStack
 * (Keystone) otherwise.
 */
import { createHash } from "node:crypto";

import { KeystoneAuth } from "./auth/keystone";
import { KeystoneCloudAuth } from "./auth/keystone-auth";
import { ConfigLookup, OpenStackSettings, resolveSettings } from "./auth/settings";
import { CloudAuth } from "./auth/types";
import { KeypairError } from "./errors";
import { HttpClient } from "./http/client";
import { AkSkAuth, IamTokenAuth } from "./huawei/auth";
import { huaweiErrorHint } from "./huawei/errors";
import { IamTokenIssuer } from "./huawei/iam";
import { authMethodOf, HuaweiSettings, huaweiSettingsPresent, resolveHuaweiSettings } from "./huawei/settings";
import { ComputeClient } from "./nova/compute";

/** Settings of either cloud; Huawei's carry `kind: "huaweicloud"`. */
export type CloudSettings = OpenStackSettings | HuaweiSettings;

let configLookup: ConfigLookup = () => undefined;

const httpClients = new Map<string, HttpClient>();
const computeClients = new Map<string, ComputeClient>();

/** Config keys (below `openstack:`) and variables that the OpenStack settings read. */
const OPENSTACK_CONFIG_KEYS = [
    "cloud", "authUrl", "token", "userName", "userId", "password", "projectName", "tenantName", "projectId", "tenantId",
    "userDomainName", "userDomainId", "projectDomainName", "projectDomainId", "region", "endpointType", "computeEndpoint",
    "insecure", "cacertFile",
];
const OPENSTACK_ENV = [
    "OS_CLOUD", "OS_AUTH_URL", "OS_TOKEN", "OS_AUTH_TOKEN", "OS_USERNAME", "OS_USER_ID", "OS_PASSWORD", "OS_PROJECT_NAME",
    "OS_TENANT_NAME", "OS_PROJECT_ID", "OS_TENANT_ID", "OS_USER_DOMAIN_NAME", "OS_USER_DOMAIN_ID", "OS_PROJECT_DOMAIN_NAME",
    "OS_PROJECT_DOMAIN_ID", "OS_REGION_NAME", "OS_INTERFACE", "OS_ENDPOINT_TYPE", "OS_INSECURE", "OS_CACERT",
];

/** Stores how to read stack config; the values stay in the engine's Config object. */
export function setConfigLookup(lookup: ConfigLookup): void {
    configLookup = lookup;
}

/** Returns the stack config lookup that `configure` (or the program) stored. */
export function configLookupOf(): ConfigLookup {
    return configLookup;
}

/** Returns the compute client for the current settings, creating it on first use. */
export function currentCompute(env: NodeJS.ProcessEnv = process.env): { compute: ComputeClient; settings: CloudSettings } {
    const settings = resolveCloudSettings(configLookup, env);
    return { compute: computeFor(settings), settings };
}

/**
 * Resolves the Huawei Cloud settings when any are present, so that check(), and with it preview,
 * fails on a missing or contradictory one. OpenStack settings are resolved by the first request.
 */
/** Reports whether the settings select Huawei Cloud (any `huaweicloud:` key or HW_* variable). */
export function usesHuaweiCloud(env: NodeJS.ProcessEnv = process.env): boolean {
    return huaweiSettingsPresent(configLookup, env).length > 0;
}

export function checkHuaweiSettings(env: NodeJS.ProcessEnv = process.env): void {
    if (huaweiSettingsPresent(configLookup, env).length > 0) {
        resolveCloudSettings(configLookup, env);
    }
}

/**
 * Resolves the settings of the cloud that config and environment select. Throws INVALID_CONFIG
 * when both Huawei Cloud and OpenStack settings are present, naming them.
 */
export function resolveCloudSettings(config: ConfigLookup, env: NodeJS.ProcessEnv = process.env): CloudSettings {
    const huawei = huaweiSettingsPresent(config, env);
    if (huawei.length === 0) {
        return resolveSettings(config, env);
    }
    const openstack = [
        ...OPENSTACK_CONFIG_KEYS.map((key) => `openstack:${key}`).filter((key) => nonEmpty(config(key))),
        ...OPENSTACK_ENV.filter((name) => nonEmpty(env[name])),
    ];
    if (openstack.length > 0) {
        throw new KeypairError(
            "INVALID_CONFIG",
            `both Huawei Cloud settings (${huawei.join(", ")}) and OpenStack settings (${openstack.join(", ")}) are set; ` +
                "the provider talks to one cloud per stack, so remove the settings of the other one",
        );
    }
    return resolveHuaweiSettings(config, env);
}

/** Returns the compute client for a set of settings; one per process for equal settings. */
export function computeFor(settings: CloudSettings): ComputeClient {
    const key = fingerprint(settings);
    let compute = computeClients.get(key);
    if (!compute) {
        const http = httpClientFor(settings, key);
        compute = new ComputeClient(authFor(settings, http), http);
        computeClients.set(key, compute);
    }
    return compute;
}

function authFor(settings: CloudSettings, http: HttpClient): CloudAuth {
    if (!isHuawei(settings)) {
        return new KeystoneCloudAuth(new KeystoneAuth(settings, http), settings);
    }
    if (authMethodOf(settings) === "aksk") {
        return new AkSkAuth(settings, http);
    }
    return new IamTokenAuth(settings, new IamTokenIssuer(settings, http));
}

/** OpenStack clients are shared by TLS settings; a Huawei client carries hints for its settings. */
function httpClientFor(settings: CloudSettings, settingsKey: string): HttpClient {
    const key = isHuawei(settings) ? `huaweicloud:${settingsKey}` : JSON.stringify([settings.insecure, settings.caCertFile ?? ""]);
    let http = httpClients.get(key);
    if (!http) {
        http = new HttpClient({
            insecure: settings.insecure,
            caCertFile: settings.caCertFile,
            errorHint: isHuawei(settings) ? huaweiErrorHint(settings) : undefined,
        });
        httpClients.set(key, http);
    }
    return http;
}

function isHuawei(settings: CloudSettings): settings is HuaweiSettings {
    return "kind" in settings && settings.kind === "huaweicloud";
}

/** Makes a cache key from settings; being a SHA-256 hash, the key reveals no secret. */
function fingerprint(settings: CloudSettings): string {
    return createHash("sha256").update(JSON.stringify(settings)).digest("hex");
}

function nonEmpty(value: string | undefined): boolean {
    return value !== undefined && value !== "";
}
