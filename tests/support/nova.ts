/**
 * A direct client of the rig's Keystone and Nova, independent of the provider's own HTTP code, so
 * that tests check what the server holds rather than what the provider believes.
 */
import { loadRig, Rig, RigUser } from "./rig";

export interface RawKeypair {
    name: string;
    public_key: string;
    fingerprint: string;
    type?: string;
    user_id?: string;
    private_key?: string;
}

export class NovaTestClient {
    private token?: { value: string; projectId: string };

    /** Acts as one of the rig's users, by key in rig.json's `users` or as a given account. */
    constructor(private readonly user: keyof Rig["users"] | RigUser = "demo") {}

    /** Sends a request to the project's compute endpoint; returns status and parsed body. */
    async call(method: string, path: string, body?: unknown, microversion = "2.10"): Promise<{ status: number; body: any }> {
        const { value, projectId } = await this.authenticate();
        const response = await fetch(`${loadRig().novaUrl}/v2.1/${projectId}${path}`, {
            method,
            headers: {
                "x-auth-token": value,
                "x-openstack-nova-api-version": microversion,
                "content-type": "application/json",
                accept: "application/json",
            },
            body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await response.text();
        return { status: response.status, body: text ? JSON.parse(text) : undefined };
    }

    async get(name: string, query = ""): Promise<RawKeypair | undefined> {
        const { status, body } = await this.call("GET", `/os-keypairs/${encodeURIComponent(name)}${query}`);
        if (status === 404) {
            return undefined;
        }
        if (status !== 200) {
            throw new Error(`GET keypair ${name} returned ${status}: ${JSON.stringify(body)}`);
        }
        return body.keypair as RawKeypair;
    }

    async import(name: string, publicKey: string): Promise<RawKeypair> {
        const { status, body } = await this.call("POST", "/os-keypairs", { keypair: { name, public_key: publicKey } });
        if (status !== 200 && status !== 201) {
            throw new Error(`POST keypair ${name} returned ${status}: ${JSON.stringify(body)}`);
        }
        return body.keypair as RawKeypair;
    }

    /** Deletes a keypair; a missing one is fine. */
    async delete(name: string, query = ""): Promise<void> {
        const { status, body } = await this.call("DELETE", `/os-keypairs/${encodeURIComponent(name)}${query}`);
        if (status !== 202 && status !== 204 && status !== 404) {
            throw new Error(`DELETE keypair ${name} returned ${status}: ${JSON.stringify(body)}`);
        }
    }

    /** Returns the user id and project id of this client's user. */
    async identity(): Promise<{ userId: string; projectId: string }> {
        const account = this.account();
        return { userId: account.id, projectId: account.projectId };
    }

    private account(): RigUser {
        return typeof this.user === "string" ? loadRig().users[this.user] : this.user;
    }

    private async authenticate(): Promise<{ value: string; projectId: string }> {
        if (this.token) {
            return this.token;
        }
        const rig = loadRig();
        const account = this.account();
        const response = await fetch(`${rig.authUrl}/auth/tokens`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({
                auth: {
                    identity: {
                        methods: ["password"],
                        password: { user: { name: account.name, domain: { name: account.domain }, password: account.password } },
                    },
                    scope: { project: { name: account.projectName, domain: { name: account.domain } } },
                },
            }),
        });
        if (response.status !== 201) {
            throw new Error(`Keystone auth for ${account.name} returned ${response.status}: ${await response.text()}`);
        }
        this.token = { value: response.headers.get("x-subject-token")!, projectId: account.projectId };
        return this.token;
    }
}

/** A fresh keypair name for one test, `kp-test-<random>`. */
export function testName(label = ""): string {
    return `kp-test-${label ? `${label}-` : ""}${Math.random().toString(16).slice(2, 10)}`;
}
