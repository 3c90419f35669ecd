/**
 * A Pulumi project in a temporary directory, driven through the real `pulumi` CLI with a local
 * file backend and a passphrase secrets provider. Its node_modules links to this repository's,
 * plus `pulumi-os-keypairs` linked to the repository itself, so programs import the package
 * exactly as users do.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

import { withoutCloudEnv } from "./rig";

const REPO_ROOT = path.resolve(__dirname, "..", "..");

export interface RunResult {
    code: number;
    stdout: string;
    stderr: string;
}

export class PulumiProject {
    readonly dir: string;
    private readonly env: NodeJS.ProcessEnv;

    /**
     * Creates the project with `program` as index.ts and `cloudEnv` as the only cloud settings
     * in the CLI's environment.
     */
    constructor(program: string, cloudEnv: Record<string, string>, readonly stack = "test") {
        const root = mkdtempSync(path.join(tmpdir(), "kp-e2e-"));
        this.dir = path.join(root, "project");
        mkdirSync(this.dir);
        mkdirSync(path.join(root, "state"));
        mkdirSync(path.join(root, "home"));
        writeFileSync(path.join(this.dir, "Pulumi.yaml"), "name: kp-e2e\nruntime: nodejs\nmain: index.ts\n");
        writeFileSync(
            path.join(this.dir, "tsconfig.json"),
            JSON.stringify({ compilerOptions: { target: "ES2022", module: "commonjs", strict: true, skipLibCheck: true } }),
        );
        this.writeProgram(program);
        linkNodeModules(path.join(this.dir, "node_modules"));
        this.env = {
            ...withoutCloudEnv(process.env),
            ...cloudEnv,
            PULUMI_BACKEND_URL: `file://${path.join(root, "state")}`,
            PULUMI_HOME: path.join(root, "home"),
            PULUMI_CONFIG_PASSPHRASE: "e2e-passphrase",
            PULUMI_SKIP_UPDATE_CHECK: "true",
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
            PULUMI_SKIP_CONFIRMATIONS: "true",
        };
    }

    writeProgram(program: string): void {
        writeFileSync(path.join(this.dir, "index.ts"), program);
    }

    /** Runs the CLI in the project; never throws for a non-zero exit. */
    run(args: string[], extraEnv: Record<string, string> = {}): Promise<RunResult> {
        return new Promise((resolve) => {
            execFile(
                "pulumi",
                ["--non-interactive", ...args],
                { cwd: this.dir, env: { ...this.env, ...extraEnv }, maxBuffer: 64 * 1024 * 1024, timeout: 300_000 },
                (error, stdout, stderr) => {
                    const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
                    resolve({ code, stdout, stderr });
                },
            );
        });
    }

    /** Runs the CLI and throws with its output when it fails. */
    async ok(args: string[], extraEnv: Record<string, string> = {}): Promise<RunResult> {
        const result = await this.run(args, extraEnv);
        if (result.code !== 0) {
            // Only the subcommand is shown: the other arguments may be config values or keys.
            throw new Error(`pulumi ${args.slice(0, 2).join(" ")} exited with ${result.code}\n${result.stdout}\n${result.stderr}`);
        }
        return result;
    }

    /** Sets a stack config value; `--` keeps values that start with "-" (PEM text) from parsing as flags. */
    async setConfig(key: string, value: string, options: { secret?: boolean } = {}): Promise<void> {
        await this.ok(["config", "set", ...(options.secret ? ["--secret"] : []), key, "--", value]);
    }

    async init(): Promise<void> {
        await this.ok(["stack", "init", this.stack]);
    }

    async up(): Promise<RunResult> {
        return this.ok(["up", "--yes", "--skip-preview"]);
    }

    async preview(): Promise<RunResult> {
        return this.ok(["preview", "--diff"]);
    }

    async refresh(): Promise<RunResult> {
        return this.ok(["refresh", "--yes", "--skip-preview"]);
    }

    async destroy(): Promise<RunResult> {
        return this.ok(["destroy", "--yes", "--skip-preview"]);
    }

    async outputs(): Promise<Record<string, unknown>> {
        const result = await this.ok(["stack", "output", "--json", "--show-secrets"]);
        return JSON.parse(result.stdout) as Record<string, unknown>;
    }

    async exportStack(): Promise<string> {
        return (await this.ok(["stack", "export"])).stdout;
    }

    /** Returns the resources of the stack's state, from `pulumi stack export`. */
    async resources(): Promise<{ type: string; id?: string; outputs?: Record<string, unknown> }[]> {
        const deployment = JSON.parse(await this.exportStack()) as {
            deployment: { resources?: { type: string; id?: string; outputs?: Record<string, unknown> }[] };
        };
        return deployment.deployment.resources ?? [];
    }

    /** Removes the temporary directory, state included. */
    dispose(): void {
        rmSync(path.dirname(this.dir), { recursive: true, force: true });
    }
}

function linkNodeModules(target: string): void {
    mkdirSync(target);
    const source = path.join(REPO_ROOT, "node_modules");
    for (const entry of readdirSync(source)) {
        if (entry !== ".bin") {
            symlinkSync(path.join(source, entry), path.join(target, entry));
        }
    }
    symlinkSync(REPO_ROOT, path.join(target, "pulumi-os-keypairs"));
}

/** The keypair resources of a state. */
export function keypairsOf(resources: { type: string }[]): { type: string; id?: string; outputs?: Record<string, unknown> }[] {
    return resources.filter((r) => r.type === "pulumi-nodejs:dynamic/os-keypairs:Keypair");
}
