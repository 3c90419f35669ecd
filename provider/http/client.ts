/**
 * A small JSON client over undici with the behaviour every OpenStack call needs: timeouts,
 * retries of idempotent requests on transient failures, request ids in errors, and debug logs
 * that leave out headers and bodies.
 */
import { Agent, Dispatcher, request } from "undici";
import { readFileSync } from "node:fs";

import { ApiError, KeypairError } from "../errors";
import { describeHuaweiErrorBody } from "../huawei/errors";
import { debug } from "../log";

/** TLS and timeout settings of the HTTP agent. */
export interface TransportOptions {
    /** Skip TLS certificate verification; only for test clouds with self-signed certificates. */
    insecure?: boolean;
    /** Path of a PEM bundle of CA certificates to trust in addition to Node's defaults. */
    caCertFile?: string;
    /** Time to wait for response headers, in milliseconds. Default: 60000. */
    timeoutMs?: number;
    /**
     * Returns a hint for the ApiError of an unexpected response, or undefined for none. A cloud
     * sets it to explain failures with a known fix. Default: no hints.
     */
    errorHint?: (req: HttpRequest, response: HttpResponse, details: { serviceCode?: string; serviceMessage?: string }) => string | undefined;
}

/** One HTTP request. An object `body` is sent as JSON; a string body is sent byte for byte (signed requests). */
export interface HttpRequest {
    method: "GET" | "POST" | "DELETE" | "PUT" | "HEAD";
    url: string;
    headers?: Record<string, string>;
    body?: unknown;
    /** Statuses that count as success; others raise ApiError. */
    expect: number[];
}

export interface HttpResponse {
    status: number;
    headers: Record<string, string>;
    /** Parsed JSON body, or undefined for an empty body. */
    body: unknown;
}

/** Statuses after which an idempotent request is sent again. */
const RETRY_STATUSES = new Set([502, 503, 504]);
const MAX_ATTEMPTS = 4;

/** Sends JSON requests through one undici dispatcher. */
export class HttpClient {
    private readonly dispatcher: Dispatcher;
    private readonly timeoutMs: number;
    private readonly errorHint: TransportOptions["errorHint"];

    constructor(options: TransportOptions = {}, dispatcher?: Dispatcher) {
        this.timeoutMs = options.timeoutMs ?? 60_000;
        this.errorHint = options.errorHint;
        this.dispatcher = dispatcher ?? createAgent(options, this.timeoutMs);
    }

    /**
     * Sends a request and parses the JSON response. GET, HEAD and DELETE are retried with backoff on
     * connection errors and on 502, 503 and 504; POST is never retried, so a create is sent once.
     */
    async send(req: HttpRequest): Promise<HttpResponse> {
        const idempotent = req.method !== "POST";
        for (let attempt = 1; ; attempt++) {
            try {
                const response = await this.sendOnce(req);
                if (idempotent && attempt < MAX_ATTEMPTS && RETRY_STATUSES.has(response.status)) {
                    debug("%s %s returned %d, retrying (attempt %d)", req.method, redactUrl(req.url), response.status, attempt);
                    await delay(backoffMs(attempt));
                    continue;
                }
                if (!req.expect.includes(response.status)) {
                    throw toApiError(req, response, this.errorHint?.(req, response, describeErrorBody(response.body)));
                }
                return response;
            } catch (error) {
                if (KeypairError.isInstance(error)) {
                    throw error;
                }
                if (!idempotent || attempt >= MAX_ATTEMPTS) {
                    throw new KeypairError(
                        "NETWORK_ERROR",
                        `${req.method} ${redactUrl(req.url)} failed: ${describeNetworkError(error)}; check that the endpoint is reachable`,
                        { cause: error },
                    );
                }
                debug("%s %s failed (%s), retrying (attempt %d)", req.method, redactUrl(req.url), describeNetworkError(error), attempt);
                await delay(backoffMs(attempt));
            }
        }
    }

    private async sendOnce(req: HttpRequest): Promise<HttpResponse> {
        const started = Date.now();
        const headers: Record<string, string> = { accept: "application/json", ...req.headers };
        let body: string | undefined;
        if (req.body !== undefined) {
            body = typeof req.body === "string" ? req.body : JSON.stringify(req.body);
            headers["content-type"] ??= "application/json";
        }
        const response = await request(req.url, {
            method: req.method,
            headers,
            body,
            dispatcher: this.dispatcher,
            headersTimeout: this.timeoutMs,
            bodyTimeout: this.timeoutMs,
        });
        const text = await response.body.text();
        const responseHeaders = flattenHeaders(response.headers);
        debug(
            "%s %s -> %d in %dms%s",
            req.method,
            redactUrl(req.url),
            response.statusCode,
            Date.now() - started,
            requestIdOf(responseHeaders) ? ` [request id ${requestIdOf(responseHeaders)}]` : "",
        );
        return { status: response.statusCode, headers: responseHeaders, body: parseJson(text) };
    }

    /** Closes idle connections so that the process can exit. */
    async close(): Promise<void> {
        await this.dispatcher.close();
    }
}

function createAgent(options: TransportOptions, timeoutMs: number): Agent {
    const connect: Record<string, unknown> = { timeout: Math.min(timeoutMs, 30_000) };
    if (options.insecure) {
        connect.rejectUnauthorized = false;
    }
    if (options.caCertFile) {
        let ca: string;
        try {
            ca = readFileSync(options.caCertFile, "utf8");
        } catch (error) {
            throw new KeypairError(
                "INVALID_CONFIG",
                `cacertFile ${JSON.stringify(options.caCertFile)} cannot be read (${(error as Error).message}); give the path of a PEM file`,
            );
        }
        connect.ca = ca;
    }
    return new Agent({ connect, keepAliveTimeout: 10_000 });
}

function parseJson(text: string): unknown {
    if (text.trim() === "") {
        return undefined;
    }
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
    const flat: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
        if (value !== undefined) {
            flat[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
        }
    }
    return flat;
}

/** Returns the request id that OpenStack services and Huawei's gateway put in their responses. */
export function requestIdOf(headers: Record<string, string>): string | undefined {
    return headers["x-openstack-request-id"] ?? headers["x-compute-request-id"] ?? headers["x-request-id"];
}

/** Turns an unexpected response into an ApiError with the service's own code and message. */
export function toApiError(req: HttpRequest, response: HttpResponse, hint?: string): ApiError {
    const { serviceCode, serviceMessage } = describeErrorBody(response.body);
    return new ApiError({
        status: response.status,
        method: req.method,
        url: redactUrl(req.url),
        requestId: requestIdOf(response.headers) ?? describeHuaweiErrorBody(response.body)?.requestId,
        serviceCode,
        serviceMessage,
        hint,
    });
}

/**
 * Extracts a code and message from the error bodies OpenStack services send: Nova's
 * `{"itemNotFound": {"code": 404, "message": "..."}}` and Keystone's
 * `{"error": {"code": 401, "title": "...", "message": "..."}}`, and from Huawei Cloud's own
 * bodies (see describeHuaweiErrorBody).
 */
export function describeErrorBody(body: unknown): { serviceCode?: string; serviceMessage?: string } {
    const huawei = describeHuaweiErrorBody(body);
    if (huawei) {
        return { serviceCode: huawei.serviceCode, serviceMessage: huawei.serviceMessage };
    }
    if (typeof body === "string") {
        return { serviceMessage: body.trim().slice(0, 500) || undefined };
    }
    if (typeof body !== "object" || body === null) {
        return {};
    }
    const record = body as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length === 1 && typeof record[keys[0]] === "object" && record[keys[0]] !== null) {
        const fault = record[keys[0]] as Record<string, unknown>;
        const message = typeof fault.message === "string" ? fault.message : undefined;
        const title = typeof fault.title === "string" ? fault.title : keys[0];
        return { serviceCode: keys[0] === "error" ? title : keys[0], serviceMessage: message };
    }
    return {};
}

/** Drops the query string, which may carry user ids or markers, from URLs in messages. */
export function redactUrl(url: string): string {
    const index = url.indexOf("?");
    return index < 0 ? url : url.slice(0, index);
}

function describeNetworkError(error: unknown): string {
    const err = error as { code?: string; message?: string };
    return [err.code, err.message].filter(Boolean).join(": ") || String(error);
}

function backoffMs(attempt: number): number {
    return Math.min(250 * 2 ** (attempt - 1), 2000);
}

function delay(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
}
