/**
 * Huawei Cloud IAM: password auth for a project-scoped token, and the lookup of the project
 * named after the region. IAM's token API follows Keystone v3, with the account as the domain.
 */
import { ApiError, KeypairError, isApiStatus } from "../errors";
import { HttpClient, HttpResponse } from "../http/client";
import { debug } from "../log";
import { describeHuaweiSetting, HuaweiSettings, iamBaseUrl, tokenUrl } from "./settings";

/** A project-scoped IAM token and what came with it. */
export interface IamToken {
    token: string;
    /** Expiry as milliseconds since the epoch; Infinity when IAM gave none. */
    expiresAt: number;
    projectId: string;
    userId: string;
}

/** A token is renewed when it has less than this left, in milliseconds. IAM tokens last 24 hours. */
export const RENEW_BEFORE_MS = 5 * 60_000;

/**
 * Issues and caches the IAM token of one user. Concurrent callers share one request, so many
 * resources starting at once cost one authentication.
 */
export class IamTokenIssuer {
    private current?: IamToken;
    private pending?: Promise<IamToken>;

    constructor(
        private readonly settings: HuaweiSettings,
        private readonly http: HttpClient,
        private readonly now: () => number = Date.now,
    ) {}

    /** Returns a valid token, authenticating when there is none or it is about to expire. */
    async getToken(): Promise<IamToken> {
        if (this.current && this.current.expiresAt - this.now() > RENEW_BEFORE_MS) {
            return this.current;
        }
        if (!this.pending) {
            this.pending = this.authenticate().finally(() => {
                this.pending = undefined;
            });
        }
        this.current = await this.pending;
        return this.current;
    }

    /** Drops a token that a service rejected, so the next call authenticates again. */
    invalidate(token: string): void {
        if (this.current?.token === token) {
            this.current = undefined;
        }
    }

    private async authenticate(): Promise<IamToken> {
        const url = tokenUrl(this.settings);
        const s = this.settings;
        const scope = s.projectId ? { project: { id: s.projectId } } : { project: { name: s.region } };

        let response: HttpResponse;
        try {
            response = await this.http.send({
                method: "POST",
                url,
                body: {
                    auth: {
                        identity: {
                            methods: ["password"],
                            password: { user: { name: s.userName, password: s.password, domain: { name: s.domainName } } },
                        },
                        scope,
                    },
                },
                expect: [201],
            });
        } catch (error) {
            throw explainTokenError(error, s);
        }

        const token = response.headers["x-subject-token"];
        if (!token) {
            throw new KeypairError("AUTH_FAILED", `IAM at ${url} returned a token response without an X-Subject-Token header`);
        }
        const data = (response.body as { token?: Record<string, unknown> } | undefined)?.token;
        const projectId = (data?.project as { id?: string } | undefined)?.id;
        if (!projectId) {
            throw new KeypairError("AUTH_FAILED", `the IAM token from ${url} is not scoped to a project; set ${describeHuaweiSetting("projectId")}`);
        }
        const expires = typeof data?.expires_at === "string" ? Date.parse(data.expires_at) : NaN;
        debug("issued an IAM token for project %s", projectId);
        return {
            token,
            expiresAt: Number.isNaN(expires) ? Infinity : expires,
            projectId,
            userId: String((data?.user as { id?: string } | undefined)?.id ?? ""),
        };
    }
}

function explainTokenError(error: unknown, settings: HuaweiSettings): unknown {
    if (isApiStatus(error, 401) || isApiStatus(error, 400)) {
        const apiError = error as ApiError;
        const scope = settings.projectId ? `project ${settings.projectId}` : `the project of region ${settings.region}`;
        return new KeypairError(
            "AUTH_FAILED",
            `IAM rejected the password of user ${JSON.stringify(settings.userName)} in account ${JSON.stringify(settings.domainName)} ` +
                `for ${scope} (${apiError.message}); check ${describeHuaweiSetting("userName")}, ${describeHuaweiSetting("password")} ` +
                `and ${describeHuaweiSetting("domainName")}`,
            { cause: error },
        );
    }
    return error;
}

/** Returns the URL that lists the projects named after the region: `GET /v3/projects?name={region}`. */
export function projectLookupUrl(settings: HuaweiSettings): URL {
    const url = new URL(`${iamBaseUrl(settings)}/v3/projects`);
    url.searchParams.set("name", settings.region);
    return url;
}

/**
 * Picks the project id from the response to projectLookupUrl. Each region has one project per
 * account, so zero or several matches are reported rather than guessed at.
 */
export function projectIdFrom(body: unknown, settings: HuaweiSettings): string {
    const projects = (body as { projects?: { id?: unknown; name?: unknown }[] } | undefined)?.projects;
    const matching = (Array.isArray(projects) ? projects : []).filter((p) => p.name === undefined || p.name === settings.region);
    if (matching.length === 0) {
        throw new KeypairError(
            "INVALID_CONFIG",
            `IAM has no project named ${JSON.stringify(settings.region)} for this account; check ${describeHuaweiSetting("region")}, ` +
                `or set ${describeHuaweiSetting("projectId")}`,
        );
    }
    if (matching.length > 1) {
        const ids = matching.map((p) => String(p.id)).join(", ");
        throw new KeypairError(
            "INVALID_CONFIG",
            `IAM lists ${matching.length} projects named ${JSON.stringify(settings.region)} (${ids}); ` +
                `set ${describeHuaweiSetting("projectId")} to the one to use`,
        );
    }
    const id = matching[0].id;
    if (typeof id !== "string" || id === "") {
        throw new KeypairError("API_ERROR", `IAM listed project ${JSON.stringify(settings.region)} without an id`);
    }
    return id;
}
