/**
 * Per-process state of the provider: the stack config handed over by `configure`, and one HTTP
 * client, token cache and compute client for each distinct set of settings.
 */
import { KeystoneAuth, settingsFingerprint } from "./auth/keystone";
import { KeystoneCloudAuth } from "./auth/keystone-auth";
import { ConfigLookup, OpenStackSettings, resolveSettings } from "./auth/settings";
import { HttpClient } from "./http/client";
import { ComputeClient } from "./nova/compute";

let configLookup: ConfigLookup = () => undefined;

const httpClients = new Map<string, HttpClient>();
const computeClients = new Map<string, ComputeClient>();

/** Stores how to read stack config; the values stay in the engine's Config object. */
export function setConfigLookup(lookup: ConfigLookup): void {
    configLookup = lookup;
}

/** Returns the compute client for the current settings, creating it on first use. */
export function currentCompute(env: NodeJS.ProcessEnv = process.env): { compute: ComputeClient; settings: OpenStackSettings } {
    const settings = resolveSettings(configLookup, env);
    return { compute: computeFor(settings), settings };
}

/** Returns the compute client for a set of settings; one per process for equal settings. */
export function computeFor(settings: OpenStackSettings): ComputeClient {
    const key = settingsFingerprint(settings);
    let compute = computeClients.get(key);
    if (!compute) {
        const http = httpClientFor(settings);
        compute = new ComputeClient(new KeystoneCloudAuth(new KeystoneAuth(settings, http), settings), http);
        computeClients.set(key, compute);
    }
    return compute;
}

function httpClientFor(settings: OpenStackSettings): HttpClient {
    const key = JSON.stringify([settings.insecure, settings.caCertFile ?? ""]);
    let http = httpClients.get(key);
    if (!http) {
        http = new HttpClient({ insecure: settings.insecure, caCertFile: settings.caCertFile });
        httpClients.set(key, http);
    }
    return http;
}
