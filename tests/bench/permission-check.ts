/**
 * Benchmark of the permission check: `pulumi preview` of 1 and of 50 new keypairs, with the check
 * off and in enforce mode, as the rig's fixture user kp-full (who may read IAM). Keystone sits
 * behind a counting loopback proxy, so the IAM requests of each preview are counted, not
 * estimated. Prints the median wall time of each preview and the ratios, all taken in this run.
 *
 * Run it with `npm run bench` (which prepares the rig first).
 */
import { FaultyProxy } from "../support/faulty-proxy";
import { PulumiProject } from "../support/project";
import { loadRig, osEnvFor } from "../support/rig";
import { newPublicKey } from "../support/keys";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? "3");

function program(count: number): string {
    return `
import { Keypair } from "pulumi-os-keypairs";
import * as pulumi from "@pulumi/pulumi";

const config = new pulumi.Config();
const publicKey = config.require("publicKey");
for (let i = 0; i < ${count}; i++) {
    new Keypair(\`bench-\${i}\`, { name: \`bench-\${pulumi.getStack()}-\${i}\`, publicKey });
}
`;
}

interface Measurement {
    keypairs: number;
    mode: "off" | "enforce";
    seconds: number[];
    /** Keystone requests of one preview, token issue included. */
    keystoneRequests: number;
    /** GETs below /v3 other than token issue: the IAM reads. */
    iamReads: number;
}

async function measure(project: PulumiProject, proxy: FaultyProxy, result: Measurement): Promise<void> {
    proxy.forwarded.length = 0;
    const started = process.hrtime.bigint();
    await project.ok(["preview"], { OS_KEYPAIRS_PERMISSION_CHECK: result.mode });
    result.seconds.push(Number(process.hrtime.bigint() - started) / 1e9);
    result.keystoneRequests = proxy.forwarded.length;
    result.iamReads = proxy.forwarded.filter((request) => request.startsWith("GET ")).length;
}

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
}

async function main(): Promise<void> {
    const rig = loadRig();
    const user = rig.permissionUsers?.["kp-full"];
    if (user === undefined) {
        throw new Error("rig.json has no kp-full user; start the rig with tests/rig/openstack/up.sh");
    }
    const proxy = new FaultyProxy(new URL(rig.authUrl).origin);
    const proxyUrl = await proxy.start();
    const env = { ...osEnvFor(user), OS_AUTH_URL: `${proxyUrl}/v3` };
    const results: Measurement[] = [];
    const projects: PulumiProject[] = [];
    try {
        for (const keypairs of [1, 50]) {
            const project = new PulumiProject(program(keypairs), env, `bench${keypairs}`);
            projects.push(project);
            await project.init();
            await project.setConfig("publicKey", newPublicKey("ed25519", "bench"));
            const off: Measurement = { keypairs, mode: "off", seconds: [], keystoneRequests: 0, iamReads: 0 };
            const enforce: Measurement = { keypairs, mode: "enforce", seconds: [], keystoneRequests: 0, iamReads: 0 };
            // Alternating the modes spreads drift of the machine's load over both.
            for (let round = 0; round < ROUNDS; round++) {
                await measure(project, proxy, off);
                await measure(project, proxy, enforce);
            }
            results.push(off, enforce);
        }
    } finally {
        projects.forEach((project) => project.dispose());
        await proxy.stop();
    }

    console.log(`pulumi preview of new keypairs as kp-full, median of ${ROUNDS} rounds\n`);
    console.log("keypairs  check    seconds  Keystone requests  IAM reads");
    for (const result of results) {
        const row = [
            String(result.keypairs).padStart(8),
            result.mode.padEnd(7),
            median(result.seconds).toFixed(2).padStart(7),
            String(result.keystoneRequests).padStart(17),
            String(result.iamReads).padStart(10),
        ];
        console.log(row.join("  "));
    }
    const find = (keypairs: number, mode: string) => results.find((r) => r.keypairs === keypairs && r.mode === mode)!;
    console.log("");
    for (const keypairs of [1, 50]) {
        const ratio = median(find(keypairs, "enforce").seconds) / median(find(keypairs, "off").seconds);
        console.log(`${keypairs} keypair(s): preview with the check takes ${ratio.toFixed(2)}x the time without it`);
    }
    const iamRatio = find(50, "enforce").iamReads / Math.max(1, find(1, "enforce").iamReads);
    console.log(`IAM reads of 50 keypairs / IAM reads of 1 keypair: ${iamRatio.toFixed(2)}`);
}

main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
});
