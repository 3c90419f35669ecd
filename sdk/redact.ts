/**
 * Keeps private keys out of Pulumi's debug logs. @pulumi/pulumi (3.270) logs each
 * RegisterResource response at debug level, outputs included, so with `-v=9 --logflow` a
 * generated private key would reach the log in plain text although it is a secret output.
 * This wraps the SDK's `log.debug`, which its runtime looks up on each call, and replaces every
 * PEM or OpenSSH private key block in a message with a placeholder.
 */
import * as pulumiLog from "@pulumi/pulumi/log";

const PRIVATE_KEY_BLOCK = /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[\s\S]*?-----END \1PRIVATE KEY-----/g;

const installed = Symbol.for("pulumi-os-keypairs:debug-redaction");

/** Replaces each private key block in `text` with `[private key redacted]`. */
export function redactPrivateKeys(text: string): string {
    return text.replace(PRIVATE_KEY_BLOCK, "[private key redacted]");
}

/** Wraps `log.debug` of the loaded @pulumi/pulumi once per process. */
export function installDebugRedaction(): void {
    const log = pulumiLog as unknown as Record<PropertyKey, unknown> & { debug: typeof pulumiLog.debug };
    if (log[installed]) {
        return;
    }
    const original = log.debug;
    log.debug = (message, ...rest) => original(redactPrivateKeys(message), ...rest);
    log[installed] = true;
}
