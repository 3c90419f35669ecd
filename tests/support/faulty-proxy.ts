/**
 * A loopback HTTP proxy in front of the rig's Nova that can lose a request or its response, to
 * test what the provider does when a create's outcome is unknown.
 */
import * as http from "node:http";
import { AddressInfo } from "node:net";

/** What the proxy does with the next request that matches: lose it, or lose its response. */
export type Fault = "drop-request" | "drop-response";

export class FaultyProxy {
    private readonly server: http.Server;
    private readonly faults: { method: string; fault: Fault }[] = [];
    /** Methods and paths of the requests that reached the upstream server, in order. */
    readonly forwarded: string[] = [];

    constructor(private readonly upstream: string) {
        this.server = http.createServer((req, res) => this.handle(req, res));
    }

    async start(): Promise<string> {
        await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
        return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    }

    /** Applies `fault` to the next request with this method. */
    inject(method: string, fault: Fault): void {
        this.faults.push({ method, fault });
    }

    async stop(): Promise<void> {
        this.server.closeAllConnections();
        await new Promise<void>((resolve) => this.server.close(() => resolve()));
    }

    private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
        const index = this.faults.findIndex((f) => f.method === req.method);
        const fault = index >= 0 ? this.faults.splice(index, 1)[0].fault : undefined;
        if (fault === "drop-request") {
            req.socket.destroy();
            return;
        }
        const chunks: Buffer[] = [];
        req.on("data", (chunk: Buffer) => chunks.push(chunk));
        req.on("end", () => {
            this.forwarded.push(`${req.method} ${req.url}`);
            const target = new URL(req.url ?? "/", this.upstream);
            const upstreamReq = http.request(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (upstreamRes) => {
                const body: Buffer[] = [];
                upstreamRes.on("data", (chunk: Buffer) => body.push(chunk));
                upstreamRes.on("end", () => {
                    if (fault === "drop-response") {
                        req.socket.destroy();
                        return;
                    }
                    res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
                    res.end(Buffer.concat(body));
                });
            });
            upstreamReq.on("error", () => res.destroy());
            upstreamReq.end(Buffer.concat(chunks));
        });
    }
}
