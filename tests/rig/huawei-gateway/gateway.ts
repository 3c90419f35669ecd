/**
 * A Huawei-Cloud-style API gateway on 127.0.0.1 in front of the rig's Keystone and Nova. It
 * serves ECS (`/v2.1/...`) and the IAM paths the provider uses, checks SDK-HMAC-SHA256
 * signatures with the official SDK's algorithm (see verify.ts) within a 15-minute clock window,
 * and maps each access key to a rig user. For each user it keeps a Keystone token and forwards
 * ECS requests to Nova, and IAM's Keystone-shaped reads to Keystone, with X-Auth-Token. Errors
 * of its own come back in Huawei's formats.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { createServer, IncomingMessage, Server, ServerResponse } from "node:http";
import { AddressInfo } from "node:net";

import { Rig, RigUser } from "../../support/rig";
import { verifySignature } from "./verify";

/** A key of rig.json's `users` or `permissionUsers`. */
type RigUserName = string;

/** An access key that the gateway accepts; `securityToken` makes it temporary. */
export interface GatewayCredential {
    accessKey: string;
    secretKey: string;
    securityToken?: string;
    user: RigUserName;
}

export interface GatewayOptions {
    rig: Rig;
    credentials: GatewayCredential[];
    /** Region id; IAM has one project of this name per user, the user's Keystone project. */
    region?: string;
    /** Account (IAM domain) name of every rig user. */
    accountName?: string;
    /** Lifetime of the IAM tokens that the gateway issues, in milliseconds. Default: 24 hours. */
    tokenLifetimeMs?: number;
}

/** One request as the gateway saw it, for assertions. */
export interface GatewayRecord {
    service: "ecs" | "iam";
    method: string;
    path: string;
    /** How the request authenticated; `password` is IAM's token request, which carries a password. */
    auth: "aksk" | "token" | "password" | "none";
    accessKey?: string;
    status: number;
    errorMessage?: string;
}

/** The signing guide's limit on the distance between X-Sdk-Date and the gateway's clock. */
const MAX_SKEW_MS = 15 * 60_000;
/** Huawei Cloud locks an access key for 5 minutes after more than five failed signatures in a row. */
const LOCK_AFTER_FAILURES = 5;
const LOCK_MS = 5 * 60_000;

/** Nova headers that pass through the gateway in each direction. */
const FORWARDED_REQUEST_HEADERS = ["content-type", "accept", "x-openstack-nova-api-version", "openstack-api-version"];
const FORWARDED_RESPONSE_HEADERS = [
    "content-type",
    "x-openstack-request-id",
    "x-compute-request-id",
    "x-openstack-nova-api-version",
    "openstack-api-version",
    "vary",
];

interface IssuedToken {
    user: RigUserName;
    expiresAt: number;
}

export class HuaweiGateway {
    /** Added to the gateway's clock, in milliseconds, to stand for a client whose clock is off. */
    clockOffsetMs = 0;
    readonly records: GatewayRecord[] = [];
    readonly region: string;
    readonly accountName: string;

    private readonly servers: { ecs?: Server; iam?: Server } = {};
    private readonly keystoneTokens = new Map<RigUserName, { token: string; expiresAt: number }>();
    private readonly accounts: Record<RigUserName, RigUser>;
    private readonly issuedTokens = new Map<string, IssuedToken>();
    private readonly failures = new Map<string, { count: number; lockedUntil: number }>();
    private readonly tokenLifetimeMs: number;

    constructor(private readonly options: GatewayOptions) {
        this.region = options.region ?? "rig-region-1";
        this.accountName = options.accountName ?? "rig-account";
        this.tokenLifetimeMs = options.tokenLifetimeMs ?? 24 * 3600_000;
        this.accounts = { ...options.rig.users, ...options.rig.permissionUsers };
    }

    /** Base URL of the ECS endpoint, for `huaweicloud:endpoints.ecs`. */
    get ecsUrl(): string {
        return urlOf(this.servers.ecs);
    }

    /** Base URL of the IAM endpoint, for `huaweicloud:endpoints.iam`. */
    get iamUrl(): string {
        return urlOf(this.servers.iam);
    }

    /** Requests that carried neither a signature nor a token, password auth aside. */
    get unsignedRequests(): GatewayRecord[] {
        return this.records.filter((record) => record.auth === "none");
    }

    /** Starts both listeners on random ports of 127.0.0.1. */
    async start(): Promise<void> {
        this.servers.ecs = await listen((req, res) => this.handle("ecs", req, res));
        this.servers.iam = await listen((req, res) => this.handle("iam", req, res));
    }

    async stop(): Promise<void> {
        await Promise.all(Object.values(this.servers).map((server) => new Promise<void>((resolve) => server!.close(() => resolve()))));
    }

    /** Makes every IAM token issued so far invalid, as an expiry or a revocation would. */
    revokeIssuedTokens(): void {
        this.issuedTokens.clear();
    }

    /** Returns the failed signature checks of an access key since its last success. */
    consecutiveFailures(accessKey: string): number {
        return this.failures.get(accessKey)?.count ?? 0;
    }

    private now(): number {
        return Date.now() + this.clockOffsetMs;
    }

    private async handle(service: "ecs" | "iam", req: IncomingMessage, res: ServerResponse): Promise<void> {
        const requestId = randomUUID().replace(/-/g, "");
        const url = new URL(req.url ?? "/", "http://gateway");
        const body = await readBody(req);
        const record: GatewayRecord = { service, method: req.method ?? "GET", path: url.pathname, auth: "none", status: 0 };
        this.records.push(record);
        const reply = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
            record.status = status;
            res.writeHead(status, {
                "content-type": "application/json",
                date: new Date(this.now()).toUTCString(),
                "x-request-id": requestId,
                ...headers,
            });
            res.end(typeof payload === "string" || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload));
        };
        const fail = (status: number, code: string, message: string) => {
            record.errorMessage = message;
            reply(status, { error_code: code, error_msg: message, request_id: requestId });
        };

        try {
            if (service === "iam" && req.method === "POST" && url.pathname === "/v3/auth/tokens") {
                record.auth = "password";
                await this.issueToken(body, reply);
                return;
            }
            const caller = this.authenticate(req, url, body, record);
            if ("error" in caller) {
                fail(401, "APIGW.0301", `Incorrect IAM authentication information: ${caller.error}`);
                return;
            }
            if (service === "iam") {
                await this.serveIam(req, url, { user: caller.user, record }, reply, fail);
                return;
            }
            await this.forwardToNova(req, url, body, caller.user, reply, fail);
        } catch (error) {
            if (error instanceof BackendUnreachable) {
                console.error(`huawei-gateway: ${req.method} ${url.pathname} [request id ${requestId}]: ${error.message}`);
                // RIG.0502 is the rig's own code. A 502 is what a gateway returns for a dead
                // backend, and the provider retries idempotent requests on it.
                fail(502, "RIG.0502", `${error.message}; start it with tests/rig/openstack/up.sh`);
                return;
            }
            console.error(`huawei-gateway: ${req.method} ${url.pathname} [request id ${requestId}] failed: ${(error as Error).stack}`);
            // RIG.0500 is the rig's own code: no Huawei code applies to a bug in the test gateway.
            fail(500, "RIG.0500", "Internal error in the test gateway");
        }
    }

    /** Returns the rig user of a signed or token-carrying request, or why it was rejected. */
    private authenticate(req: IncomingMessage, url: URL, body: Buffer, record: GatewayRecord): { user: RigUserName } | { error: string } {
        const headers = flatHeaders(req);
        const token = headers["x-auth-token"];
        if (token !== undefined && headers.authorization === undefined) {
            record.auth = "token";
            const issued = this.issuedTokens.get(token);
            if (!issued) {
                return { error: "decrypt token fail" };
            }
            if (issued.expiresAt <= this.now()) {
                return { error: `token expires, expires_at: ${new Date(issued.expiresAt).toISOString()}` };
            }
            return { user: issued.user };
        }
        if (headers.authorization === undefined) {
            return { error: "x-auth-token not found" };
        }

        record.auth = "aksk";
        const result = verifySignature(
            { method: req.method ?? "GET", rawPath: url.pathname, rawQuery: url.search.slice(1), headers, body },
            (accessKey) => this.options.credentials.find((c) => c.accessKey === accessKey)?.secretKey,
            this.now(),
            MAX_SKEW_MS,
        );
        record.accessKey = result.accessKey;
        const accessKey = result.accessKey;
        if (accessKey !== undefined && this.isLocked(accessKey)) {
            return { error: "AK access failed to reach the limit,forbidden." };
        }

        if (!result.ok) {
            this.noteFailure(accessKey);
            return { error: result.reason === "signature" ? "verify aksk signature fail" : `verify aksk signature fail, ${result.message}` };
        }

        const credential = this.options.credentials.find((c) => c.accessKey === result.accessKey)!;
        const tokenSigned = /SignedHeaders=[^,]*\bx-security-token\b/.test(headers.authorization);
        if (credential.securityToken !== undefined && (headers["x-security-token"] !== credential.securityToken || !tokenSigned)) {
            this.noteFailure(accessKey);
            let problem = "does not match the access key";
            if (headers["x-security-token"] === undefined) {
                problem = "is missing";
            } else if (!tokenSigned) {
                problem = "is not signed";
            }
            return { error: `verify aksk signature fail, the X-Security-Token of temporary access key ${accessKey} ${problem}` };
        }
        this.failures.delete(result.accessKey);
        return { user: credential.user };
    }

    private isLocked(accessKey: string): boolean {
        return (this.failures.get(accessKey)?.lockedUntil ?? 0) > this.now();
    }

    private noteFailure(accessKey: string | undefined): void {
        if (accessKey === undefined) {
            return;
        }
        const entry = this.failures.get(accessKey) ?? { count: 0, lockedUntil: 0 };
        entry.count++;
        if (entry.count > LOCK_AFTER_FAILURES) {
            entry.lockedUntil = this.now() + LOCK_MS;
        }
        this.failures.set(accessKey, entry);
    }

    /** POST /v3/auth/tokens: password auth of a rig user in the gateway's account. */
    private async issueToken(body: Buffer, reply: (status: number, payload: unknown, headers?: Record<string, string>) => void): Promise<void> {
        const unauthorized = () =>
            reply(401, { error: { code: 401, title: "Unauthorized", message: "The request you have made requires authentication." } });
        const request = parseJson(body) as AuthRequest | undefined;
        const user = request?.auth?.identity?.password?.user;
        const scope = request?.auth?.scope?.project;
        const name = Object.keys(this.accounts).find((key) => this.accounts[key].name === user?.name);
        if (!user || !name || user.domain?.name !== this.accountName || typeof user.password !== "string") {
            unauthorized();
            return;
        }

        const account = this.accounts[name];
        if (!(scope?.id === account.projectId || scope?.name === this.region)) {
            reply(400, { error: { code: 400, title: "Bad Request", message: "The project in the scope does not exist in this account." } });
            return;
        }
        try {
            await this.keystoneToken(name, user.password);
        } catch (error) {
            if (error instanceof BackendUnreachable) {
                throw error;
            }
            unauthorized();
            return;
        }

        const token = `MII${randomBytes(48).toString("base64url")}`;
        const expiresAt = this.now() + this.tokenLifetimeMs;
        this.issuedTokens.set(token, { user: name, expiresAt });
        reply(
            201,
            {
                token: {
                    methods: ["password"],
                    expires_at: new Date(expiresAt).toISOString(),
                    issued_at: new Date(this.now()).toISOString(),
                    project: { id: account.projectId, name: this.region, domain: { name: this.accountName } },
                    user: { id: account.id, name: account.name, domain: { name: this.accountName } },
                    catalog: [],
                },
            },
            { "x-subject-token": token },
        );
    }

    /**
     * Serves IAM's reads: GET /v3/projects?name= itself, the caller's own access key record, and
     * the other GETs below /v3 from Keystone as the caller's rig user.
     */
    private async serveIam(
        req: IncomingMessage,
        url: URL,
        caller: { user: RigUserName; record: GatewayRecord },
        reply: (status: number, payload: unknown, headers?: Record<string, string>) => void,
        fail: (status: number, code: string, message: string) => void,
    ): Promise<void> {
        const notPublished = () => fail(404, "APIGW.0101", "The API does not exist or has not been published in the environment.");
        if (req.method !== "GET") {
            notPublished();
            return;
        }
        const credentialPath = /^\/v3\.0\/OS-CREDENTIAL\/credentials\/([^/]+)$/.exec(url.pathname);
        if (credentialPath !== null) {
            this.serveCredential(decodeURIComponent(credentialPath[1]), caller, reply);
            return;
        }
        if (url.pathname === "/v3/projects") {
            this.serveProjects(url, caller.user, reply);
            return;
        }
        if (!url.pathname.startsWith("/v3/")) {
            notPublished();
            return;
        }
        await this.forwardToKeystone(req, url, caller.user, reply);
    }

    /**
     * GET /v3.0/OS-CREDENTIAL/credentials/{access_key}: a user may read its own permanent access
     * key. A temporary access key has no credential record, so it gets a 404.
     */
    private serveCredential(
        accessKey: string,
        caller: { user: RigUserName; record: GatewayRecord },
        reply: (status: number, payload: unknown) => void,
    ): void {
        const credential = this.options.credentials.find((entry) => entry.accessKey === accessKey);
        if (credential === undefined || credential.securityToken !== undefined) {
            reply(404, { error: { code: 404, title: "Not Found", message: `Could not find credential: ${accessKey}.` } });
            return;
        }
        if (credential.user !== caller.user) {
            reply(403, { error: { code: 403, title: "Forbidden", message: "You are not authorized to perform the requested action." } });
            return;
        }
        const account = this.accounts[caller.user];
        reply(200, { credential: { user_id: account.id, access: accessKey, status: "active", description: "" } });
    }

    /**
     * Sends an IAM read to Keystone as the caller's rig user. The caller's own IAM token in
     * X-Subject-Token (GET /v3/auth/tokens) becomes the user's Keystone token.
     */
    private async forwardToKeystone(
        req: IncomingMessage,
        url: URL,
        user: RigUserName,
        reply: (status: number, payload: unknown, headers?: Record<string, string>) => void,
    ): Promise<void> {
        const headers = flatHeaders(req);
        const keystoneToken = await this.keystoneToken(user);
        const forwarded: Record<string, string> = { "x-auth-token": keystoneToken, accept: "application/json" };
        const subject = headers["x-subject-token"];
        if (subject !== undefined) {
            forwarded["x-subject-token"] = this.issuedTokens.get(subject)?.user === user ? keystoneToken : subject;
        }
        const keystoneBase = new URL(this.options.rig.authUrl).origin;
        const response = await fetchBackend("Keystone", `${keystoneBase}${url.pathname}${url.search}`, { method: "GET", headers: forwarded });
        reply(response.status, Buffer.from(await response.arrayBuffer()), { "content-type": "application/json" });
    }

    /** GET /v3/projects?name=: the caller's project when the name is the gateway's region. */
    private serveProjects(url: URL, user: RigUserName, reply: (status: number, payload: unknown) => void): void {
        const account = this.accounts[user];
        const name = url.searchParams.get("name");
        const project = { id: account.projectId, name: this.region, domain_id: "rig-domain", enabled: true, is_domain: false, parent_id: "rig-domain" };
        const projects = name === null || name === this.region ? [project] : [];
        reply(200, { projects, links: { self: url.toString(), previous: null, next: null } });
    }

    /** Sends an ECS request on to Nova as the caller's rig user, and Nova's response back. */
    private async forwardToNova(
        req: IncomingMessage,
        url: URL,
        body: Buffer,
        user: RigUserName,
        reply: (status: number, payload: unknown, headers?: Record<string, string>) => void,
        fail: (status: number, code: string, message: string) => void,
    ): Promise<void> {
        const account = this.accounts[user];
        const headers = flatHeaders(req);
        const pathProject = /^\/v2(?:\.1)?\/([^/]+)/.exec(url.pathname)?.[1];
        const claimed = headers["x-project-id"];
        if (claimed !== undefined && pathProject !== undefined && claimed !== pathProject) {
            fail(400, "APIGW.0201", `API request error: X-Project-Id ${claimed} differs from the project ${pathProject} in the path`);
            return;
        }
        if (pathProject !== undefined && pathProject !== account.projectId) {
            // RIG.0403 is the rig's own code, because Huawei's code for this case is not known here.
            fail(403, "RIG.0403", `The IAM user ${account.name} has no access to project ${pathProject}`);
            return;
        }
        const forwarded: Record<string, string> = { "x-auth-token": await this.keystoneToken(user) };
        for (const name of FORWARDED_REQUEST_HEADERS) {
            if (headers[name] !== undefined) {
                forwarded[name] = headers[name];
            }
        }
        const response = await fetchBackend("Nova", `${this.options.rig.novaUrl}${url.pathname}${url.search}`, {
            method: req.method,
            headers: forwarded,
            body: body.length > 0 ? body : undefined,
        });
        const passed: Record<string, string> = {};
        for (const name of FORWARDED_RESPONSE_HEADERS) {
            const value = response.headers.get(name);
            if (value !== null) {
                passed[name] = value;
            }
        }
        reply(response.status, Buffer.from(await response.arrayBuffer()), passed);
    }

    /** Returns a Keystone token of a rig user, authenticating with `password` or the rig's. */
    private async keystoneToken(user: RigUserName, password?: string): Promise<string> {
        const cached = this.keystoneTokens.get(user);
        if (password === undefined && cached && cached.expiresAt - Date.now() > 5 * 60_000) {
            return cached.token;
        }
        const account: RigUser = this.accounts[user];
        const response = await fetchBackend("Keystone", `${this.options.rig.authUrl}/auth/tokens`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({
                auth: {
                    identity: {
                        methods: ["password"],
                        password: { user: { name: account.name, domain: { name: account.domain }, password: password ?? account.password } },
                    },
                    scope: { project: { name: account.projectName, domain: { name: account.domain } } },
                },
            }),
        });
        const text = await response.text();
        if (response.status !== 201) {
            throw new Error(`Keystone password auth of ${account.name} returned ${response.status}: ${text.slice(0, 200)}`);
        }
        const expires = Date.parse((JSON.parse(text) as { token?: { expires_at?: string } }).token?.expires_at ?? "");
        const token = response.headers.get("x-subject-token")!;
        this.keystoneTokens.set(user, { token, expiresAt: Number.isNaN(expires) ? Date.now() + 3600_000 : expires });
        return token;
    }
}

interface AuthRequest {
    auth?: {
        identity?: { password?: { user?: { name?: string; password?: unknown; domain?: { name?: string } } } };
        scope?: { project?: { id?: string; name?: string } };
    };
}

/** A rig service that the gateway could not connect to. */
class BackendUnreachable extends Error {}

/** Fetches from a rig service, turning a connection failure into BackendUnreachable. */
async function fetchBackend(service: string, url: string, init: RequestInit): Promise<Response> {
    try {
        return await fetch(url, init);
    } catch (error) {
        const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
        throw new BackendUnreachable(`${service} at ${new URL(url).origin} is not reachable (${cause})`);
    }
}

function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Server> {
    return new Promise((resolve, reject) => {
        const server = createServer(handler);
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => resolve(server));
    });
}

function urlOf(server: Server | undefined): string {
    if (!server) {
        throw new Error("the gateway is not started; call start() first");
    }
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined) {
            headers[name] = Array.isArray(value) ? value.join(", ") : value;
        }
    }
    return headers;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        req.on("data", (chunk: Buffer) => chunks.push(chunk));
        req.on("end", () => resolve(Buffer.concat(chunks)));
        req.on("error", reject);
    });
}

function parseJson(body: Buffer): unknown {
    try {
        return JSON.parse(body.toString("utf8"));
    } catch {
        return undefined;
    }
}
