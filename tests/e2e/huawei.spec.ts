/**
 * End-to-end on Huawei Cloud settings: Pulumi programs run by the real CLI against the Huawei
 * style gateway in tests/rig/huawei-gateway, which checks every signature with the official
 * SDK's algorithm and forwards to the rig's Nova. No request leaves 127.0.0.1.
 */
import * as assert from "node:assert/strict";
import { randomBytes } from "node:crypto";

import { computeFor } from "../../provider/context";
import { resolveHuaweiSettings } from "../../provider/huawei/settings";
import { md5Fingerprint, newPublicKey } from "../support/keys";
import { NovaTestClient, testName } from "../support/nova";
import { keypairsOf, PulumiProject } from "../support/project";
import { loadRig, osEnv } from "../support/rig";
import { GatewayCredential, HuaweiGateway } from "../rig/huawei-gateway/gateway";

const CONFIG_PROGRAM = `
import * as pulumi from "@pulumi/pulumi";
import { Keypair } from "pulumi-os-keypairs";

const config = new pulumi.Config();
const keypair = new Keypair("e2e", {
    name: config.get("keypairName"),
    publicKey: config.get("publicKey"),
});

export const name = keypair.name;
export const fingerprint = keypair.fingerprint;
`;

function secret(prefix: string): string {
    return `${prefix}${randomBytes(15).toString("base64url")}`;
}

const PERMANENT: GatewayCredential = { accessKey: "HWRIGDEMOPERMANENT01", secretKey: secret("sk-"), user: "demo" };
const TEMPORARY: GatewayCredential = {
    accessKey: "HWRIGDEMO2TEMPORARY1",
    secretKey: secret("sk-"),
    securityToken: secret("st-").repeat(8),
    user: "demo2",
};

describe("Keypair on Huawei Cloud through the gateway", function () {
    this.timeout(300_000);
    let gateway: HuaweiGateway;

    before(async () => {
        gateway = new HuaweiGateway({ rig: loadRig(), credentials: [PERMANENT, TEMPORARY] });
        await gateway.start();
    });

    after(async () => {
        await gateway?.stop();
    });

    /** Creates a project whose only cloud settings are Huawei's, with the secret ones as secret config. */
    async function huaweiProject(settings: { env: Record<string, string>; secrets?: Record<string, string> }): Promise<PulumiProject> {
        const project = new PulumiProject(CONFIG_PROGRAM, { HW_REGION_NAME: gateway.region, ...settings.env });
        await project.init();
        await project.ok(["config", "set", "--path", "huaweicloud:endpoints.ecs", "--", gateway.ecsUrl]);
        await project.ok(["config", "set", "--path", "huaweicloud:endpoints.iam", "--", gateway.iamUrl]);
        for (const [key, value] of Object.entries(settings.secrets ?? {})) {
            await project.setConfig(`huaweicloud:${key}`, value, { secret: true });
        }
        return project;
    }

    interface LifecycleCase {
        title: string;
        user: "demo" | "demo2";
        settings: { env: Record<string, string>; secrets?: Record<string, string> };
        secretValues: string[];
    }

    const cases: LifecycleCase[] = [
        {
            title: "permanent AK/SK",
            user: "demo",
            settings: { env: { HW_ACCESS_KEY: PERMANENT.accessKey }, secrets: { secretKey: PERMANENT.secretKey } },
            secretValues: [PERMANENT.secretKey],
        },
        {
            title: "temporary AK/SK with a security token",
            user: "demo2",
            settings: {
                env: { HW_ACCESS_KEY: TEMPORARY.accessKey, HW_SECRET_KEY: TEMPORARY.secretKey },
                secrets: { securityToken: TEMPORARY.securityToken! },
            },
            secretValues: [TEMPORARY.secretKey, TEMPORARY.securityToken!],
        },
        {
            title: "IAM password",
            user: "demo2",
            settings: {
                env: { HW_USER_NAME: loadRig().users.demo2.name, HW_DOMAIN_NAME: "rig-account" },
                secrets: { password: loadRig().users.demo2.password },
            },
            secretValues: [loadRig().users.demo2.password],
        },
    ];

    for (const testCase of cases) {
        describe(`lifecycle with ${testCase.title}`, () => {
            const nova = new NovaTestClient(testCase.user);
            const name = testName("hw");
            const key = newPublicKey("ed25519");
            let project: PulumiProject;

            before(async () => {
                project = await huaweiProject(testCase.settings);
                await project.setConfig("keypairName", name);
                await project.setConfig("publicKey", key);
            });

            after(async () => {
                await nova.delete(name);
                project?.dispose();
            });

            it("up creates the keypair", async () => {
                await project.up();
                const onServer = await nova.get(name);
                assert.ok(onServer, "the keypair exists");
                assert.equal(onServer.fingerprint, md5Fingerprint(key));
                assert.equal((await project.outputs()).fingerprint, onServer.fingerprint);
            });

            it("a second preview shows no changes", async () => {
                await project.ok(["preview", "--expect-no-changes"]);
            });

            it("refresh drops a keypair deleted behind Pulumi's back", async () => {
                await nova.delete(name);
                await project.refresh();
                assert.equal(keypairsOf(await project.resources()).length, 0);
                await project.up();
                assert.ok(await nova.get(name), "up created it again");
            });

            it("keeps the credentials out of the state", async () => {
                const exported = await project.exportStack();
                for (const value of testCase.secretValues) {
                    assert.ok(!exported.includes(value), "no secret setting is in the state");
                }
                assert.ok(!exported.includes("MII"), "no IAM token is in the state");
            });

            it("destroy removes the keypair", async () => {
                await project.destroy();
                assert.equal(await nova.get(name), undefined);
            });
        });
    }

    describe("rejected credentials", () => {
        async function failedUp(settings: { env: Record<string, string>; secrets?: Record<string, string> }): Promise<{ output: string; rejected: number }> {
            const project = await huaweiProject(settings);
            const name = testName("hw-bad");
            try {
                await project.setConfig("keypairName", name);
                await project.setConfig("publicKey", newPublicKey("ed25519"));
                const first = gateway.records.length;
                const result = await project.run(["up", "--yes", "--skip-preview"]);
                assert.notEqual(result.code, 0, "up failed");
                const accessKey = settings.env.HW_ACCESS_KEY;
                const rejected = gateway.records.slice(first).filter((r) => r.accessKey === accessKey && r.status === 401).length;
                return { output: result.stdout + result.stderr, rejected };
            } finally {
                await new NovaTestClient("demo").delete(name);
                project.dispose();
            }
        }

        it("names the secret key after a wrong one", async () => {
            const { output, rejected } = await failedUp({ env: { HW_ACCESS_KEY: PERMANENT.accessKey, HW_SECRET_KEY: "wrong-secret" } });
            assert.match(output, /HTTP 401 \(APIGW\.0301\): Incorrect IAM authentication information: verify aksk signature fail/);
            assert.match(output, /request id [0-9a-f]{32}/);
            assert.match(output, /check that huaweicloud:secretKey or HW_SECRET_KEY is the secret key of access key HWRIGDEMOPERMANENT01/);
            assert.ok(!output.includes("wrong-secret"), "the secret is not printed");
            assert.equal(rejected, 1, "the rejected request was not sent again");
        });

        it("measures a skewed clock", async () => {
            gateway.clockOffsetMs = 20 * 60_000;
            try {
                const { output, rejected } = await failedUp({
                    env: { HW_ACCESS_KEY: PERMANENT.accessKey },
                    secrets: { secretKey: PERMANENT.secretKey },
                });
                assert.match(output, /This machine's clock is 20 minutes behind the server's/);
                assert.match(output, /only accepted within 15 minutes of the server's time/);
                assert.equal(rejected, 1, "the rejected request was not sent again");
            } finally {
                gateway.clockOffsetMs = 0;
            }
        });

        it("asks for a missing security token", async () => {
            const { output, rejected } = await failedUp({
                env: { HW_ACCESS_KEY: TEMPORARY.accessKey },
                secrets: { secretKey: TEMPORARY.secretKey },
            });
            assert.match(output, /X-Security-Token of temporary access key HWRIGDEMO2TEMPORARY1 is missing/);
            assert.match(output, /if the access key is temporary, also set its security token in huaweicloud:securityToken or HW_SECURITY_TOKEN/);
            assert.equal(rejected, 1, "the rejected request was not sent again");
        });
    });

    describe("invalid settings fail preview", () => {
        it("names a missing secret key", async () => {
            const project = await huaweiProject({ env: { HW_ACCESS_KEY: PERMANENT.accessKey } });
            try {
                await project.setConfig("keypairName", testName());
                const result = await project.run(["preview"]);
                assert.notEqual(result.code, 0);
                assert.match(result.stdout + result.stderr, /the secret key is missing: set huaweicloud:secretKey or HW_SECRET_KEY/);
            } finally {
                project.dispose();
            }
        });

        it("rejects Huawei and OpenStack settings together", async () => {
            const project = await huaweiProject({
                env: { HW_ACCESS_KEY: PERMANENT.accessKey, HW_SECRET_KEY: PERMANENT.secretKey, OS_AUTH_URL: osEnv("demo").OS_AUTH_URL },
            });
            try {
                await project.setConfig("keypairName", testName());
                const result = await project.run(["preview"]);
                assert.notEqual(result.code, 0);
                const output = result.stdout + result.stderr;
                assert.match(output, /both Huawei Cloud settings \(.*HW_ACCESS_KEY.*\) and OpenStack settings \(OS_AUTH_URL\) are set/);
            } finally {
                project.dispose();
            }
        });
    });

    describe("IAM token renewal", () => {
        it("issues a new token after a 401", async () => {
            const rig = loadRig();
            const settings = resolveHuaweiSettings(
                (key) => (key === "huaweicloud:endpoints" ? JSON.stringify({ ecs: gateway.ecsUrl, iam: gateway.iamUrl }) : undefined),
                { HW_REGION_NAME: gateway.region, HW_USER_NAME: rig.users.demo.name, HW_PASSWORD: rig.users.demo.password, HW_DOMAIN_NAME: "rig-account" },
            );
            const compute = computeFor(settings);
            const issued = () => gateway.records.filter((r) => r.path === "/v3/auth/tokens" && r.status === 201).length;
            const before = issued();
            const list = () => compute.request({ method: "GET", path: "/os-keypairs", expect: [200] });
            assert.equal((await list()).status, 200);
            assert.equal(issued(), before + 1, "one token for the first request");
            gateway.revokeIssuedTokens();
            assert.equal((await list()).status, 200);
            assert.equal(issued(), before + 2, "one more token after the 401");
        });
    });

    describe("gateway", () => {
        it("saw no unsigned request", () => {
            assert.deepEqual(gateway.unsignedRequests, []);
            assert.ok(gateway.records.filter((r) => r.auth === "aksk" && r.status < 300).length > 0, "signed requests succeeded");
        });
    });
});
