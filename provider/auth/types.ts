/**
 * What the compute client needs from an authentication scheme: Keystone tokens for OpenStack,
 * AK/SK signatures or IAM tokens for Huawei Cloud.
 */

/** A request about to be sent, which `authorize` may add headers to. */
export interface OutgoingRequest {
    method: string;
    url: URL;
    /** Lower-case header names. */
    headers: Record<string, string>;
    /** The exact body bytes that will be sent; "" for none. */
    body: string;
}

export interface CloudAuth {
    /** Returns the project's compute endpoint, for example `https://nova.example/v2.1/<project id>`. */
    computeEndpoint(): Promise<string>;
    /** Returns the user and project that requests act as. */
    identity(): Promise<{ userId: string; projectId: string }>;
    /** Adds the authentication headers to a request; returns a handle for `rejected`. */
    authorize(request: OutgoingRequest): Promise<string>;
    /**
     * Tells the scheme that the server answered 401 to a request authorized with `handle`.
     * Returns true when sending it once more, with fresh credentials, can succeed.
     */
    rejected(handle: string): boolean;
}
