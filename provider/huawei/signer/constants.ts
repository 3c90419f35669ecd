/**
 * Names and fixed values of Huawei Cloud's AK/SK signing scheme (SDK-HMAC-SHA256), as the API
 * Request Signing Guide defines them. Header names are lower-case, the form they take in the
 * canonical request.
 */

/** Algorithm id that opens the string to sign and the Authorization header. */
export const ALGORITHM = "SDK-HMAC-SHA256";

/** Request time in the basic ISO 8601 form `YYYYMMDDTHHMMSSZ`, always signed. */
export const HEADER_SDK_DATE = "x-sdk-date";

export const HEADER_AUTHORIZATION = "authorization";
export const HEADER_HOST = "host";

/** Project that an AK/SK request acts on. The official SDKs send it with every project-scoped call. */
export const HEADER_PROJECT_ID = "x-project-id";

/** Security token of temporary credentials (an AK/SK issued together with a token). */
export const HEADER_SECURITY_TOKEN = "x-security-token";

/** Hex SHA-256 of the empty string, the payload hash of a request without a body. */
export const EMPTY_PAYLOAD_HASH = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/**
 * How far X-Sdk-Date may be from the gateway's clock. The signing guide's troubleshooting page
 * states 15 minutes.
 */
export const MAX_CLOCK_SKEW_MS = 15 * 60_000;
