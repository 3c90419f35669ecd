/**
 * Authenticated requests to the compute API, with the endpoint's version range read once per
 * process and a single retry with a new token after a 401.
 */
import { computeEndpointFrom, KeystoneAuth } from "../auth/keystone";
import { OpenStackSettings } from "../auth/settings";
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
        private readonly auth: KeystoneAuth,
        private readonly settings: OpenStackSettings,
        private readonly http: HttpClient,
    ) {}

    /** Returns the project's compute endpoint, for example `http://nova:8774/v2.1/<project id>`. */
    async endpoint(): Promise<string> {
        return computeEndpointFrom(await this.auth.getSession(), this.settings);
    }

    /** Returns the user and project that the token is for. */
    async identity(): Promise<{ userId: string; projectId: string }> {
        const session = await this.auth.getSession();
        return { userId: session.userId, projectId: session.projectId };
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

    /** Sends a request with the current token; after a 401 it authenticates once more and resends. */
    async request(req: ComputeRequest): Promise<HttpResponse> {
        const session = await this.auth.getSession();
        try {
            return await this.sendWith(session.token, req);
        } catch (error) {
            if (!isApiStatus(error, 401) || this.auth.usesFixedToken) {
                throw error;
            }
            debug("compute API returned 401, authenticating again");
            this.auth.invalidate(session.token);
            const renewed = await this.auth.getSession();
            return this.sendWith(renewed.token, req);
        }
    }

    private async sendWith(token: string, req: ComputeRequest): Promise<HttpResponse> {
        const headers: Record<string, string> = { "x-auth-token": token };
        if (req.microversion) {
            const version = formatMicroversion(req.microversion);
            headers["x-openstack-nova-api-version"] = version;
            headers["openstack-api-version"] = `compute ${version}`;
        }
        const url = new URL((await this.endpoint()) + req.path);
        for (const [key, value] of Object.entries(req.query ?? {})) {
            if (value !== undefined) {
                url.searchParams.set(key, value);
            }
        }
        return this.http.send({ method: req.method, url: url.toString(), headers, body: req.body, expect: req.expect });
    }

    private async readVersionDocument(url: string): Promise<VersionRange | undefined> {
        const session = await this.auth.getSession();
        const response = await this.http.send({
            method: "GET",
            url,
            headers: { "x-auth-token": session.token },
            expect: [200],
        });
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
