/**
 * Huawei Cloud's error bodies, and hints for the failures that have a known fix. Huawei
 * services send errors in three shapes besides Nova's faults:
 * - API gateway: `{"error_code": "APIGW.0301", "error_msg": "...", "request_id": "..."}`
 * - ECS and other services: `{"error": {"code": "Ecs.0314", "message": "..."}}`
 * - IAM: `{"error_code": "IAM.0006", "error_msg": "..."}`, or Keystone's `{"error": {...}}`
 */
import type { HttpRequest, HttpResponse } from "../http/client";
import { HEADER_SDK_DATE, MAX_CLOCK_SKEW_MS } from "./signer";
import { describeHuaweiSetting, HuaweiSettings, authMethodOf } from "./settings";

export interface HuaweiErrorDetails {
    serviceCode?: string;
    serviceMessage?: string;
    requestId?: string;
}

/**
 * Extracts the code, message and request id of a Huawei error body. Returns undefined for a
 * body of another shape, such as a Nova fault or a Keystone error with a numeric code.
 */
export function describeHuaweiErrorBody(body: unknown): HuaweiErrorDetails | undefined {
    if (typeof body !== "object" || body === null) {
        return undefined;
    }
    const record = body as Record<string, unknown>;
    if (typeof record.error_code === "string" || typeof record.error_msg === "string") {
        return {
            serviceCode: stringOrUndefined(record.error_code),
            serviceMessage: stringOrUndefined(record.error_msg),
            requestId: stringOrUndefined(record.request_id),
        };
    }
    const nested = record.error;
    if (typeof nested === "object" && nested !== null) {
        const error = nested as Record<string, unknown>;
        if (typeof error.code === "string" && !/^\d+$/.test(error.code)) {
            return {
                serviceCode: error.code,
                serviceMessage: stringOrUndefined(error.message),
                requestId: stringOrUndefined(error.request_id) ?? stringOrUndefined(record.request_id),
            };
        }
    }
    return undefined;
}

/** Gateway codes of failed IAM authentication; APIG.0301 is the dedicated gateway's spelling. */
const AUTH_FAILURE_CODE = /^APIGW?\.03\d\d$/;

/** How far apart two clocks must be before a hint blames the clock rather than the secret key. */
const CLOCK_HINT_THRESHOLD_MS = 5 * 60_000;

/**
 * Returns the function that HttpClient calls for each unexpected response, which adds a hint
 * where one helps: signature and clock problems, temporary credentials, expired tokens, and
 * keypairs of other IAM users.
 */
export function huaweiErrorHint(settings: HuaweiSettings): (req: HttpRequest, response: HttpResponse, details: HuaweiErrorDetails) => string | undefined {
    return (req, response, details) => {
        if (response.status === 401) {
            const hint = authMethodOf(settings) === "aksk" ? signatureHint(settings, req, response, details) : tokenHint(settings, details);
            return hint.charAt(0).toUpperCase() + hint.slice(1);
        }
        if (response.status === 403 && /\/os-keypairs(\/|$)/.test(new URL(req.url).pathname)) {
            return (
                "Huawei Cloud key pairs belong to the IAM user that created them, so a keypair of another IAM user " +
                "cannot be read or changed with these credentials; use the owner's credentials"
            );
        }
        return undefined;
    };
}

function signatureHint(settings: HuaweiSettings, req: HttpRequest, response: HttpResponse, details: HuaweiErrorDetails): string {
    const message = details.serviceMessage ?? "";
    if (/reach the limit|forbidden/i.test(message)) {
        return (
            "the access key is locked after repeated failed signatures (Huawei Cloud locks it for 5 minutes after more " +
            "than five in a row); fix the cause before trying again"
        );
    }
    if (/ak not exist|secretKey failed/i.test(message)) {
        return `IAM does not know access key ${settings.accessKey}: check ${describeHuaweiSetting("accessKey")}`;
    }
    const parts: string[] = [];
    const skew = clockSkewMs(req, response);
    if (skew !== undefined && Math.abs(skew) >= CLOCK_HINT_THRESHOLD_MS) {
        const minutes = Math.round(Math.abs(skew) / 60_000);
        parts.push(
            `this machine's clock is ${minutes} minutes ${skew > 0 ? "behind" : "ahead of"} the server's (its Date header), ` +
                `and a signature is only accepted within ${MAX_CLOCK_SKEW_MS / 60_000} minutes of the server's time: correct the clock, for example with NTP`,
        );
    } else {
        parts.push(
            `the signature was rejected: check that ${describeHuaweiSetting("secretKey")} is the secret key of access key ` +
                `${settings.accessKey}, and that this machine's clock is within ${MAX_CLOCK_SKEW_MS / 60_000} minutes of the server's`,
        );
    }
    if (settings.securityToken === undefined) {
        parts.push(`if the access key is temporary, also set its security token in ${describeHuaweiSetting("securityToken")}`);
    } else {
        parts.push("temporary credentials expire, so if these have, get a new access key, secret key and security token");
    }
    parts.push("The request was not retried, because Huawei Cloud locks an access key after more than five failed signatures in a row");
    return parts.join("; ");
}

function tokenHint(settings: HuaweiSettings, details: HuaweiErrorDetails): string {
    const expired = /expire/i.test(details.serviceMessage ?? "");
    const scope = settings.projectId ? `project ${settings.projectId}` : `region ${settings.region}`;
    return (
        `the IAM token of user ${settings.userName} was rejected${expired ? " as expired" : ""}: check that the user ` +
        `has access to ${scope} and that the account (${describeHuaweiSetting("domainName")}) is not frozen`
    );
}

/** Returns the server's clock minus the signing time, from its Date header and our X-Sdk-Date. */
function clockSkewMs(req: HttpRequest, response: HttpResponse): number | undefined {
    const signed = parseSdkDate(req.headers?.[HEADER_SDK_DATE]);
    const server = response.headers.date ? Date.parse(response.headers.date) : NaN;
    if (signed === undefined || Number.isNaN(server)) {
        return undefined;
    }
    return server - signed;
}

function parseSdkDate(value: string | undefined): number | undefined {
    const match = value === undefined ? null : /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
    if (!match) {
        return undefined;
    }
    const [, year, month, day, hour, minute, second] = match.map(Number);
    return Date.UTC(year, month - 1, day, hour, minute, second);
}

function stringOrUndefined(value: unknown): string | undefined {
    if (typeof value === "string" && value !== "") {
        return value;
    }
    return typeof value === "number" ? String(value) : undefined;
}
