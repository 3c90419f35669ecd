/**
 * The local OpenStack that tests/rig/openstack/up.sh started: its URLs and test users, read from
 * the rig.json it wrote.
 */
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import * as path from "node:path";

export interface RigUser {
    name: string;
    password: string;
    id: string;
    projectName: string;
    projectId: string;
    domain: string;
}

export interface Rig {
    authUrl: string;
    novaUrl: string;
    region: string;
    users: Record<"admin" | "demo" | "demo2", RigUser>;
    /**
     * Users of the permission fixture on project `permissions` (kp-full, kp-readonly, kp-nodelete,
     * kp-group, kp-noiam), whose roles carry Huawei Cloud IAM policy documents. Missing in a
     * rig.json written before the fixture existed.
     */
    permissionUsers?: Record<string, RigUser>;
}

export function rigDir(): string {
    const cache = process.env.XDG_CACHE_HOME ?? path.join(homedir(), ".cache");
    return process.env.OS_RIG_DIR ?? path.join(cache, "os-keypairs-rig", "openstack");
}

let rig: Rig | undefined;

/** Reads rig.json; fails with the command to run when the rig has not been started. */
export function loadRig(): Rig {
    if (!rig) {
        const file = path.join(rigDir(), "rig.json");
        try {
            rig = JSON.parse(readFileSync(file, "utf8")) as Rig;
        } catch (error) {
            throw new Error(`${file} cannot be read (${(error as Error).message}); start the rig with tests/rig/openstack/up.sh`);
        }
    }
    return rig;
}

/** OS_* variables that authenticate as one of the rig's users. */
export function osEnv(user: keyof Rig["users"] = "demo"): Record<string, string> {
    return osEnvFor(loadRig().users[user]);
}

/** OS_* variables that authenticate as the given user, such as an entry of `permissionUsers`. */
export function osEnvFor(user: RigUser): Record<string, string> {
    const { authUrl, region } = loadRig();
    return {
        OS_AUTH_URL: authUrl,
        OS_USERNAME: user.name,
        OS_PASSWORD: user.password,
        OS_PROJECT_NAME: user.projectName,
        OS_USER_DOMAIN_NAME: user.domain,
        OS_PROJECT_DOMAIN_NAME: user.domain,
        OS_REGION_NAME: region,
    };
}

/** Returns `env` without any OS_* or HW_* variable, so a test sees only the settings it sets. */
export function withoutCloudEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
    return Object.fromEntries(Object.entries(env).filter(([key]) => !/^(OS|HW)_/.test(key)));
}
