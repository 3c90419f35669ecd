/**
 * A fake IAM for unit tests of the IAM reader and the permission resolver: GETs are served from a
 * table of paths, and every other path returns 403, as IAM does for a caller without read access.
 */
import { ApiError } from "../../provider/errors";
import { HttpResponse } from "../../provider/http/client";
import { IamTransport } from "../../provider/iam/reader";

export const IAM_BASE_URL = "http://iam.test";
export const IAM_USER = "u-1";
export const IAM_PROJECT = "p-1";

export type Route = { status: number; body?: unknown };

export class TableIam implements IamTransport {
    readonly baseUrl = IAM_BASE_URL;
    /** Paths of the GETs received, in order. */
    readonly requested: string[] = [];

    constructor(
        private readonly routes: Record<string, Route>,
        readonly accessKey?: string,
    ) {}

    async get(url: string, expect: number[]): Promise<HttpResponse> {
        const path = url.slice(IAM_BASE_URL.length);
        this.requested.push(path);
        const route = this.routes[path] ?? { status: 403, body: { error: { message: "forbidden" } } };
        if (!expect.includes(route.status)) {
            throw new ApiError({ status: route.status, method: "GET", url });
        }
        return { status: route.status, headers: {}, body: route.body };
    }

    async projectId(): Promise<string> {
        return IAM_PROJECT;
    }
}
