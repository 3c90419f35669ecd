/**
 * Warnings shown in the Pulumi CLI's diagnostics. In the program process they go through
 * `pulumi.log.warn`. The dynamic provider host does not connect `pulumi.log` to the engine, so
 * there they go over the engine's Log RPC to the address that the engine passes the plugin as
 * its first argument, and to stderr where that fails.
 */
import { createRequire } from "node:module";

import * as pulumi from "@pulumi/pulumi";

import { debug } from "./log";

interface EngineLogClient {
    log(request: unknown, callback: (error: Error | null) => void): void;
}

let engine: { client: EngineLogClient; proto: { LogRequest: new () => LogRequestMessage; LogSeverity: { WARNING: number } } } | undefined;

interface LogRequestMessage {
    setSeverity(severity: number): void;
    setMessage(message: string): void;
    setUrn(urn: string): void;
}

const shown = new Set<string>();

/**
 * Connects the warnings of this process to the engine at `address` (host:port). Called in the
 * dynamic provider host, whose `pulumi.log` has no engine. A failure leaves warnings on stderr.
 */
export function connectEngine(address: string | undefined): void {
    if (engine !== undefined || address === undefined || !/^[\w.-]+:\d+$/.test(address) || pulumi.runtime.hasEngine()) {
        return;
    }
    try {
        // @pulumi/pulumi's own copies, so that the generated client and grpc-js match.
        const fromPulumi = createRequire(require.resolve("@pulumi/pulumi/package.json"));
        const grpc = fromPulumi("@grpc/grpc-js");
        const services = fromPulumi("./proto/engine_grpc_pb");
        const proto = fromPulumi("./proto/engine_pb");
        engine = { client: new services.EngineClient(address, grpc.credentials.createInsecure()), proto };
    } catch (error) {
        debug("cannot connect warnings to the engine at %s: %s", address, (error as Error).message);
    }
}

/**
 * Shows a warning once per process for each distinct `key` (the message itself by default), so
 * that a check repeated for many resources does not repeat its warning.
 */
export function warn(message: string, key: string = message): void {
    if (shown.has(key)) {
        return;
    }
    shown.add(key);
    if (engine === undefined) {
        void pulumi.log.warn(message);
        return;
    }
    const request = new engine.proto.LogRequest();
    request.setSeverity(engine.proto.LogSeverity.WARNING);
    request.setMessage(message);
    request.setUrn("");
    engine.client.log(request, (error) => {
        if (error !== null) {
            console.error(`warning: ${message}`);
        }
    });
}
