/**
 * Error types of the provider. Each carries a stable `code` and a `Symbol.for` brand, so that
 * checks keep working when Pulumi loads a second copy of this module (the dynamic provider host
 * deserializes the provider separately from the program).
 */

const brand = Symbol.for("pulumi-os-keypairs:error");

/** Stable error codes, matched by tests and by callers instead of `instanceof`. */
export type KeypairErrorCode =
    | "INVALID_INPUT"
    | "INVALID_CONFIG"
    | "API_ERROR"
    | "AUTH_FAILED"
    | "ENDPOINT_NOT_FOUND"
    | "UNSUPPORTED_MICROVERSION"
    | "KEYPAIR_EXISTS"
    | "PERMISSION_DENIED"
    | "NETWORK_ERROR";

/** Base class of every error the provider throws on purpose. */
export class KeypairError extends Error {
    readonly code: KeypairErrorCode;
    readonly [brand] = true;

    constructor(code: KeypairErrorCode, message: string, options?: { cause?: unknown }) {
        super(message, options);
        this.code = code;
        this.name = "KeypairError";
    }

    /** Reports whether `value` is a KeypairError from any loaded copy of this module. */
    static isInstance(value: unknown): value is KeypairError {
        return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[brand] === true;
    }
}

/** A failed HTTP exchange with an OpenStack service: the status, the service's words and the request id. */
export class ApiError extends KeypairError {
    readonly status: number;
    readonly method: string;
    readonly url: string;
    readonly requestId?: string;
    readonly serviceCode?: string;
    readonly serviceMessage?: string;

    constructor(details: {
        status: number;
        method: string;
        url: string;
        requestId?: string;
        serviceCode?: string;
        serviceMessage?: string;
        hint?: string;
    }) {
        super("API_ERROR", formatApiError(details));
        this.name = "ApiError";
        this.status = details.status;
        this.method = details.method;
        this.url = details.url;
        this.requestId = details.requestId;
        this.serviceCode = details.serviceCode;
        this.serviceMessage = details.serviceMessage;
    }
}

function formatApiError(details: {
    status: number;
    method: string;
    url: string;
    requestId?: string;
    serviceCode?: string;
    serviceMessage?: string;
    hint?: string;
}): string {
    let message = `${details.method} ${details.url} failed with HTTP ${details.status}`;
    if (details.serviceCode) {
        message += ` (${details.serviceCode})`;
    }
    if (details.serviceMessage) {
        message += `: ${details.serviceMessage}`;
    }
    if (details.requestId) {
        message += ` [request id ${details.requestId}]`;
    }
    if (details.hint) {
        message += `. ${details.hint}`;
    }
    return message;
}

/** Reports whether `error` is an ApiError with the given HTTP status. */
export function isApiStatus(error: unknown, status: number): boolean {
    return KeypairError.isInstance(error) && error.code === "API_ERROR" && (error as ApiError).status === status;
}
