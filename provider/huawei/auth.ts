/**
 * CloudAuth for Huawei Cloud: requests signed with an access key (SDK-HMAC-SHA256), or sent
 * with an IAM token issued for a user's password. Both reach ECS at
 * `https://ecs.{region}.{cloud}/v2.1/{project_id}`.
 */
import { withProjectId } from "../auth/keystone";
import { CloudAuth, OutgoingRequest } from "../auth/types";
import { KeypairError, isApiStatus } from "../errors";
import { HttpClient } from "../http/client";
import { debug } from "../log";
import { IamTokenIssuer, projectIdFrom, projectLookupUrl } from "./iam";
import { ecsBaseUrl, HuaweiSettings } from "./settings";
import { HEADER_HOST, HEADER_PROJECT_ID, signRequest } from "./signer";

/** Returns the compute endpoint below an ECS base URL, adding `/v2.1` when the URL has no path. */
export function computeEndpointOf(settings: HuaweiSettings, projectId: string): string {
    const base = ecsBaseUrl(settings);
    const withVersion = new URL(base).pathname.replace(/\/+$/, "") === "" ? `${base}/v2.1` : base;
    return withProjectId(withVersion, projectId);
}

/**
 * Signs every request with an access key. A request that fails signature verification (HTTP
 * 401) is never sent again, and later requests in the same process fail without being sent:
 * Huawei Cloud locks an access key for 5 minutes after more than five failed signatures in a row.
 */
export class AkSkAuth implements CloudAuth {
    private projectId?: Promise<string>;
    private rejection?: string;
    private handles = 0;

    constructor(
        private readonly settings: HuaweiSettings,
        private readonly http: HttpClient,
        private readonly now: () => Date = () => new Date(),
    ) {}

    async computeEndpoint(): Promise<string> {
        return computeEndpointOf(this.settings, await this.resolveProjectId());
    }

    /**
     * Returns the project, and an empty user id: finding the IAM user of an access key takes an
     * IAM call that temporary keys cannot make.
     */
    async identity(): Promise<{ userId: string; projectId: string }> {
        return { userId: "", projectId: await this.resolveProjectId() };
    }

    async authorize(request: OutgoingRequest): Promise<string> {
        this.sign(request, await this.resolveProjectId());
        return String(++this.handles);
    }

    rejected(): boolean {
        this.noteRejection();
        return false;
    }

    /** Returns the configured project id, or looks up the region's project once per process. */
    private resolveProjectId(): Promise<string> {
        if (this.settings.projectId) {
            return Promise.resolve(this.settings.projectId);
        }
        if (!this.projectId) {
            this.projectId = this.lookUpProjectId();
            this.projectId.catch(() => {
                this.projectId = undefined;
            });
        }
        return this.projectId;
    }

    private async lookUpProjectId(): Promise<string> {
        const request: OutgoingRequest = { method: "GET", url: projectLookupUrl(this.settings), headers: {}, body: "" };
        this.sign(request, undefined);
        try {
            const response = await this.http.send({ method: "GET", url: request.url.toString(), headers: request.headers, expect: [200] });
            const id = projectIdFrom(response.body, this.settings);
            debug("project of region %s is %s", this.settings.region, id);
            return id;
        } catch (error) {
            if (isApiStatus(error, 401)) {
                this.noteRejection();
            }
            throw error;
        }
    }

    /** Adds Host, Content-Type, X-Project-Id (for project-scoped calls) and the signature. */
    private sign(request: OutgoingRequest, projectId: string | undefined): void {
        if (this.rejection) {
            throw new KeypairError("AUTH_FAILED", this.rejection);
        }
        request.headers[HEADER_HOST] = request.url.host;
        request.headers["content-type"] ??= "application/json";
        if (projectId !== undefined) {
            request.headers[HEADER_PROJECT_ID] = projectId;
        }
        const signed = signRequest(
            { method: request.method, url: request.url, headers: request.headers, body: request.body },
            { accessKey: this.settings.accessKey!, secretKey: this.settings.secretKey!, securityToken: this.settings.securityToken },
            this.now(),
        );
        Object.assign(request.headers, signed.headers);
    }

    private noteRejection(): void {
        this.rejection =
            `not sent: an earlier request signed with access key ${this.settings.accessKey} was rejected with HTTP 401, ` +
            "and more failed signatures would get the key locked; fix the credentials or the clock and run again";
    }
}

/** Sends an IAM token from password auth, renewed before it expires and once after a 401. */
export class IamTokenAuth implements CloudAuth {
    constructor(
        private readonly settings: HuaweiSettings,
        private readonly issuer: IamTokenIssuer,
    ) {}

    async computeEndpoint(): Promise<string> {
        return computeEndpointOf(this.settings, (await this.issuer.getToken()).projectId);
    }

    async identity(): Promise<{ userId: string; projectId: string }> {
        const { userId, projectId } = await this.issuer.getToken();
        return { userId, projectId };
    }

    async authorize(request: OutgoingRequest): Promise<string> {
        const { token } = await this.issuer.getToken();
        request.headers["x-auth-token"] = token;
        return token;
    }

    rejected(token: string): boolean {
        this.issuer.invalidate(token);
        return true;
    }
}
