/**
 * Keystone v3 authentication: password auth scoped to a project, or a token given in advance,
 * and the compute endpoint taken from the token's service catalog.
 */
import { createHash } from "node:crypto";

import { ApiError, KeypairError, isApiStatus } from "../errors";
import { HttpClient } from "../http/client";
import { debug } from "../log";
import { describeSetting, OpenStackSettings } from "./settings";

/** One entry of a token's service catalog. */
export interface CatalogService {
    type: string;
    name?: string;
    endpoints: { interface: string; region?: string; region_id?: string; url: string }[];
}

/** A scoped token and what came with it. */
export interface AuthSession {
    token: string;
    /** Expiry as milliseconds since the epoch; Infinity when Keystone gave none. */
    expiresAt: number;
    projectId: string;
    userId: string;
    catalog: CatalogService[];
}

/** A token is renewed when it has less than this left, in milliseconds. */
const RENEW_BEFORE_MS = 5 * 60_000;

/**
 * Fetches and caches a token for one set of settings. Concurrent callers share one request, so
 * many resources starting at once cost one authentication.
 */
export class KeystoneAuth {
    private session?: AuthSession;
    private pending?: Promise<AuthSession>;

    constructor(
        private readonly settings: OpenStackSettings,
        private readonly http: HttpClient,
        private readonly now: () => number = Date.now,
    ) {}

    /** Returns a valid session, authenticating when there is none or it is about to expire. */
    async getSession(): Promise<AuthSession> {
        if (this.session && this.session.expiresAt - this.now() > RENEW_BEFORE_MS) {
            return this.session;
        }
        if (!this.pending) {
            this.pending = this.authenticate().finally(() => {
                this.pending = undefined;
            });
        }
        this.session = await this.pending;
        return this.session;
    }

    /** Drops a token the server rejected, so the next call authenticates again. */
    invalidate(token: string): void {
        if (this.session?.token === token) {
            this.session = undefined;
        }
    }

    /** Reports whether the token came from settings, so it cannot be renewed. */
    get usesFixedToken(): boolean {
        return Boolean(this.settings.token);
    }

    private async authenticate(): Promise<AuthSession> {
        const authUrl = trimSlash(this.settings.authUrl!);
        const url = `${authUrl}${authUrl.endsWith("/v3") ? "" : "/v3"}/auth/tokens`;
        if (this.settings.token) {
            return this.inspectToken(url, this.settings.token);
        }
        const request = {
            method: "POST" as const,
            url,
            body: { auth: { identity: this.passwordIdentity(), scope: this.projectScope() } },
            expect: [201],
        };
        let response;
        try {
            response = await this.http.send(request);
        } catch (error) {
            throw explainAuthError(error);
        }
        const token = response.headers["x-subject-token"];
        if (!token) {
            throw new KeypairError("AUTH_FAILED", `Keystone at ${url} answered without an X-Subject-Token header`);
        }
        debug("authenticated to %s", url);
        return toSession(token, response.body);
    }

    /** Reads the catalog of a token given in advance (GET /v3/auth/tokens). */
    private async inspectToken(url: string, token: string): Promise<AuthSession> {
        let response;
        try {
            response = await this.http.send({
                method: "GET",
                url,
                headers: { "x-auth-token": token, "x-subject-token": token },
                expect: [200],
            });
        } catch (error) {
            if (isApiStatus(error, 401) || isApiStatus(error, 404)) {
                throw new KeypairError(
                    "AUTH_FAILED",
                    `the token from ${describeSetting("token")} was rejected by Keystone (expired or revoked); issue a new one with \`openstack token issue\``,
                );
            }
            throw error;
        }
        return toSession(token, response.body);
    }

    private passwordIdentity(): unknown {
        const s = this.settings;
        const user: Record<string, unknown> = { password: s.password };
        if (s.userId) {
            user.id = s.userId;
        } else {
            user.name = s.userName;
            user.domain = domainRef(s.userDomainId, s.userDomainName);
        }
        return { methods: ["password"], password: { user } };
    }

    private projectScope(): unknown {
        const s = this.settings;
        if (s.projectId) {
            return { project: { id: s.projectId } };
        }
        return { project: { name: s.projectName, domain: domainRef(s.projectDomainId, s.projectDomainName) } };
    }
}

/** Keystone's default domain has the id `default`; it applies when no domain is configured. */
function domainRef(id: string | undefined, name: string | undefined): Record<string, string> {
    if (id) {
        return { id };
    }
    return name ? { name } : { id: "default" };
}

function toSession(token: string, body: unknown): AuthSession {
    const data = (body as { token?: Record<string, unknown> } | undefined)?.token;
    const project = data?.project as { id?: string } | undefined;
    if (!data || !project?.id) {
        throw new KeypairError(
            "AUTH_FAILED",
            `the token is not scoped to a project; set ${describeSetting("projectName")} or ${describeSetting("projectId")}`,
        );
    }
    const expires = typeof data.expires_at === "string" ? Date.parse(data.expires_at) : NaN;
    return {
        token,
        expiresAt: Number.isNaN(expires) ? Infinity : expires,
        projectId: project.id,
        userId: String((data.user as { id?: string } | undefined)?.id ?? ""),
        catalog: Array.isArray(data.catalog) ? (data.catalog as CatalogService[]) : [],
    };
}

function explainAuthError(error: unknown): unknown {
    if (isApiStatus(error, 401)) {
        const apiError = error as ApiError;
        return new KeypairError(
            "AUTH_FAILED",
            `Keystone rejected the credentials (HTTP 401${apiError.requestId ? `, request id ${apiError.requestId}` : ""}); ` +
                `check ${describeSetting("userName")}, ${describeSetting("password")}, the user and project domains, ` +
                `and that the user has a role on the project`,
            { cause: error },
        );
    }
    return error;
}

/**
 * Finds the compute endpoint for a region and interface in a catalog, and appends the project id
 * when the URL ends at the API version (modern Nova registers `.../v2.1` without it).
 */
export function computeEndpointFrom(session: AuthSession, settings: OpenStackSettings): string {
    if (settings.computeEndpoint) {
        return withProjectId(settings.computeEndpoint, session.projectId);
    }
    const services = session.catalog.filter((service) => service.type === "compute");
    const endpoints = services.flatMap((service) => service.endpoints);
    const matching = endpoints.filter(
        (endpoint) =>
            endpoint.interface === settings.endpointType &&
            (!settings.region || endpoint.region_id === settings.region || endpoint.region === settings.region),
    );
    if (matching.length === 0) {
        const available = endpoints.map((e) => `${e.interface}@${e.region_id ?? e.region ?? "any region"}`);
        throw new KeypairError(
            "ENDPOINT_NOT_FOUND",
            `the service catalog has no compute endpoint for interface ${settings.endpointType}` +
                `${settings.region ? ` in region ${settings.region}` : ""}; available: ${available.join(", ") || "none"}. ` +
                `Set ${describeSetting("region")} or openstack:endpointType to one of them, or openstack:computeEndpoint`,
        );
    }
    const regions = new Set(matching.map((e) => e.region_id ?? e.region));
    if (!settings.region && regions.size > 1) {
        throw new KeypairError(
            "ENDPOINT_NOT_FOUND",
            `the compute service has endpoints in several regions (${[...regions].join(", ")}); choose one with ${describeSetting("region")}`,
        );
    }
    return withProjectId(matching[0].url, session.projectId);
}

/** Appends `/{projectId}` to a compute URL whose path ends with its API version. */
export function withProjectId(url: string, projectId: string): string {
    const trimmed = trimSlash(url);
    return /\/v2(\.1)?$/.test(trimmed) ? `${trimmed}/${projectId}` : trimmed;
}

/** Makes a cache key from settings; being a SHA-256 hash, the key does not reveal the password. */
export function settingsFingerprint(settings: OpenStackSettings): string {
    return createHash("sha256").update(JSON.stringify(settings)).digest("hex");
}

function trimSlash(url: string): string {
    return url.replace(/\/+$/, "");
}
