/**
 * Authenticated requests to the compute API, with the endpoint's version range read once per
 * process and a single retry with fresh credentials after a 401.
 */
import { CloudAuth, OutgoingRequest } from "../auth/types";
import { isApiStatus } from "../errors";
import { HttpClient, HttpResponse } from "../http/client";
import { debug } from "../log";
import { formatMicroversion, Microversion, parseMicroversion, VersionRange } from "./microversions";

/** Version documents by URL, shared by every client in the process. */
const versionCache = new Map<string, Promise<VersionRange | undefined>>();

export interface ComputeRequest {
    method: "GET" | "POST" | "DELETE";
    /** Path below the project's compute endpoint, for example `/os-keypairs`. */
    path: string;
    query?: Record<string, string | undefined>;
    body?: unknown;
    microversion?: Microversion;
    expect: number[];
}

/** The compute API of one cloud and project. */
export class ComputeClient {
    constructor(
        private readonly auth: CloudAuth,
        private readonly http: HttpClient,
    ) {}

    /** Returns the project's compute endpoint, for example `http://nova:8774/v2.1/<project id>`. */
    async endpoint(): Promise<string> {
        return this.auth.computeEndpoint();
    }

    /** Returns the user and project that requests act as. */
    async identity(): Promise<{ userId: string; projectId: string }> {
        return this.auth.identity();
    }

    /** Returns the microversion range of the endpoint, reading its version document once per process. */
    async versionRange(): Promise<VersionRange | undefined> {
        const url = versionDocumentUrl(await this.endpoint());
        let range = versionCache.get(url);
        if (!range) {
            range = this.readVersionDocument(url);
            versionCache.set(url, range);
            range.catch(() => versionCache.delete(url));
        }
        return range;
    }

    /** Sends a request; after a 401 it sends it once more with fresh credentials where that can help. */
    async request(req: ComputeRequest): Promise<HttpResponse> {
        const url = new URL((await this.endpoint()) + req.path);
        for (const [key, value] of Object.entries(req.query ?? {})) {
            if (value !== undefined) {
                url.searchParams.set(key, value);
            }
        }
        const headers: Record<string, string> = {};
        if (req.microversion) {
            const version = formatMicroversion(req.microversion);
            headers["x-openstack-nova-api-version"] = version;
            headers["openstack-api-version"] = `compute ${version}`;
        }
        const body = req.body === undefined ? "" : JSON.stringify(req.body);
        return this.send({ method: req.method, url, headers, body }, req.expect);
    }

    /**
     * GETs a URL of another service of the same cloud (IAM), authenticated as compute requests
     * are. With `subjectIsCaller`, the caller's own token also goes in X-Subject-Token, as
     * `GET /v3/auth/tokens` needs; a signed request (AK/SK) has no token to put there.
     */
    async getFromCloud(url: string, expect: number[], options: { subjectIsCaller?: boolean } = {}): Promise<HttpResponse> {
        const request: OutgoingRequest = { method: "GET", url: new URL(url), headers: {}, body: "" };
        return this.send(request, expect, false, options.subjectIsCaller === true);
    }

    private async send(request: OutgoingRequest, expect: number[], retried = false, subjectIsCaller = false): Promise<HttpResponse> {
        const outgoing: OutgoingRequest = { ...request, headers: { ...request.headers } };
        if (outgoing.body !== "") {
            outgoing.headers["content-type"] = "application/json";
        }
        const handle = await this.auth.authorize(outgoing);
        if (subjectIsCaller && outgoing.headers["x-auth-token"] !== undefined) {
            outgoing.headers["x-subject-token"] = outgoing.headers["x-auth-token"];
        }
        try {
            return await this.http.send({
                method: outgoing.method as "GET" | "POST" | "DELETE",
                url: outgoing.url.toString(),
                headers: outgoing.headers,
                body: outgoing.body === "" ? undefined : outgoing.body,
                expect,
            });
        } catch (error) {
            if (retried || !isApiStatus(error, 401) || !this.auth.rejected(handle)) {
                throw error;
            }
            debug("compute API returned 401, sending again with fresh credentials");
            return this.send(request, expect, true, subjectIsCaller);
        }
    }

    private async readVersionDocument(url: string): Promise<VersionRange | undefined> {
        const response = await this.send({ method: "GET", url: new URL(url), headers: {}, body: "" }, [200]);
        const version = (response.body as { version?: { version?: string; min_version?: string } } | undefined)?.version;
        const max = parseMicroversion(version?.version ?? "");
        const min = parseMicroversion(version?.min_version ?? "");
        debug("compute API at %s supports microversions %s", url, max ? `${version?.min_version}-${version?.version}` : "none");
        return max && min ? { min, max } : undefined;
    }
}

/** Strips the project id from a compute endpoint to reach its version document: `.../v2.1/`. */
export function versionDocumentUrl(endpoint: string): string {
    const url = new URL(endpoint);
    const match = /^(.*?\/v2(?:\.1)?)(?:\/.*)?$/.exec(url.pathname);
    url.pathname = `${match ? match[1] : url.pathname.replace(/\/+$/, "")}/`;
    url.search = "";
    return url.toString();
}
