/**
 * End-to-end: the permission check of `pulumi preview` against the rig's permission fixture. Each
 * fixture user's roles carry Huawei-style policy documents, and Nova's policy file grants the
 * os-keypairs rules to the same roles, so the real Nova refuses exactly what the documents deny.
 * For each user, what preview predicts is compared with what the real operations meet when the
 * check is off.
 */
import * as assert from "node:assert/strict";
import { randomBytes } from "node:crypto";

import { newPublicKey } from "../support/keys";
import { NovaTestClient, testName } from "../support/nova";
import { keypairsOf, PulumiProject, RunResult } from "../support/project";
import { loadRig, osEnv, osEnvFor, RigUser } from "../support/rig";
import { GatewayCredential, HuaweiGateway } from "../rig/huawei-gateway/gateway";

const PROGRAM = `
import * as pulumi from "@pulumi/pulumi";
import { getKeypairsOutput, Keypair } from "pulumi-os-keypairs";

const config = new pulumi.Config();
const keypair = new Keypair("kp", {
    name: config.require("keypairName"),
    publicKey: config.require("publicKey"),
});

export const fingerprint = keypair.fingerprint;
// The list runs in the program, in preview as well, when the stack config sets "list".
export const listed = config.getBoolean("list") ? getKeypairsOutput({ name: config.require("keypairName") }).names : undefined;
`;

type Action = "create" | "get" | "list" | "delete";

interface FixtureCase {
    user: string;
    /** The actions that the user's documents deny, and Nova's policy file with them. */
    denied: Action[];
    /** The source that the preview must name for a denial. */
    source: RegExp;
}

const CASES: FixtureCase[] = [
    { user: "kp-full", denied: [], source: /IAM/ },
    { user: "kp-readonly", denied: ["create", "delete"], source: /Decided by IAM/ },
    { user: "kp-nodelete", denied: ["delete"], source: /Decided by IAM/ },
    { user: "kp-group", denied: [], source: /IAM/ },
    { user: "kp-noiam", denied: ["create", "delete"], source: /Decided by the roles in the caller's token/ },
    { user: "kp-createonly", denied: ["get", "list", "delete"], source: /Decided by IAM/ },
];

const CHECK_OFF = { OS_KEYPAIRS_PERMISSION_CHECK: "off" };

/** Matches Nova's 403 for one os-keypairs policy rule. */
function novaForbidden(action: Action): RegExp {
    const rule = { create: "create", get: "show", list: "index", delete: "delete" }[action];
    return new RegExp(`HTTP 403.*os_compute_api:os-keypairs:${rule}`);
}

function outputOf(result: RunResult): string {
    return `${result.stdout}\n${result.stderr}`;
}

function fixtureUser(name: string): RigUser {
    const user = loadRig().permissionUsers?.[name];
    if (user === undefined) {
        throw new Error(`rig.json has no permission fixture user ${name}; rerun tests/rig/openstack/up.sh`);
    }
    return user;
}

describe("permission check through the Pulumi CLI", function () {
    this.timeout(600_000);
    const admin = new NovaTestClient("admin");

    for (const fixture of CASES) {
        describe(`user ${fixture.user}`, () => {
            const name = testName("perm");
            const key = newPublicKey("ed25519", "first");
            const createDenied = fixture.denied.includes("create");
            const deleteDenied = fixture.denied.includes("delete");
            const getDenied = fixture.denied.includes("get");
            const listDenied = fixture.denied.includes("list");
            let user: RigUser;
            let project: PulumiProject;
            let firstPreview: RunResult;

            before(async () => {
                user = fixtureUser(fixture.user);
                project = new PulumiProject(PROGRAM, osEnvFor(user));
                await project.init();
                await project.setConfig("keypairName", name);
                await project.setConfig("publicKey", key);
                firstPreview = await project.run(["preview"]);
            });

            after(async () => {
                await admin.delete(name, `?user_id=${user.id}`);
                project.dispose();
            });

            it(`preview ${createDenied ? "fails" : "passes"} for the create`, () => {
                const output = outputOf(firstPreview);
                if (!createDenied) {
                    assert.equal(firstPreview.code, 0, output);
                    return;
                }
                assert.notEqual(firstPreview.code, 0);
                assert.match(output, new RegExp(`creating keypair "${name}" needs ecs:serverKeypairs:create`));
                assert.match(output, new RegExp(`"${user.name}"`));
                assert.match(output, /project "permissions"/);
                assert.match(output, /Granted in this project: /);
                assert.match(output, /Grant the system policy "ECS CommonOperations" \(or a custom policy that allows ecs:serverKeypairs:create\)/);
                assert.match(output, fixture.source);
            });

            it(`preview ${deleteDenied && !createDenied ? "warns" : "does not warn"} about a later destroy`, () => {
                const warned = /a later destroy does/.test(outputOf(firstPreview));
                assert.equal(warned, deleteDenied && !createDenied, outputOf(firstPreview));
            });

            it("up with the check off meets Nova's refusal exactly where predicted", async () => {
                const result = await project.run(["up", "--yes", "--skip-preview"], CHECK_OFF);
                const output = outputOf(result);
                assert.equal(result.code !== 0, createDenied, output);
                assert.equal(novaForbidden("create").test(output), createDenied, output);
                const onServer = await admin.get(name, `?user_id=${user.id}`);
                assert.equal(onServer === undefined, createDenied);
                assert.equal(keypairsOf(await project.resources()).length, createDenied ? 0 : 1);
            });

            it(`preview of a list ${listDenied ? "fails" : "passes"}, as up meets`, async () => {
                await project.setConfig("list", "true");
                const preview = await project.run(["preview"]);
                assert.equal(preview.code !== 0 && /needs ecs:serverKeypairs:list/.test(outputOf(preview)), listDenied, outputOf(preview));
                if (listDenied) {
                    assert.match(outputOf(preview), /getKeypairs: listing the keypairs needs ecs:serverKeypairs:list: .* is not allowed/);
                }

                const up = await project.run(["up", "--yes", "--skip-preview"], CHECK_OFF);
                assert.equal(novaForbidden("list").test(outputOf(up)), listDenied, outputOf(up));
                await project.setConfig("list", "false");
            });

            // The remaining steps need a keypair that the user created.
            if (createDenied) {
                it("its own DELETE meets the 403 that a destroy would", async () => {
                    const asUser = new NovaTestClient(user);
                    const { status, body } = await asUser.call("DELETE", `/os-keypairs/${name}`);
                    assert.equal(status, deleteDenied ? 403 : 404, JSON.stringify(body));
                });
                return;
            }

            it(`preview of a refresh ${getDenied ? "fails" : "passes"}, as refresh meets`, async () => {
                const preview = await project.run(["preview", "--refresh"]);
                assert.equal(preview.code !== 0, getDenied, outputOf(preview));
                if (getDenied) {
                    assert.match(outputOf(preview), /refreshing keypair ".*" needs ecs:serverKeypairs:get: .* is not allowed/);
                }

                const refreshed = await project.run(["refresh", "--yes", "--skip-preview"], CHECK_OFF);
                assert.equal(refreshed.code !== 0, getDenied, outputOf(refreshed));
                assert.equal(novaForbidden("get").test(outputOf(refreshed)), getDenied, outputOf(refreshed));
                assert.equal(keypairsOf(await project.resources()).length, 1, "a failed refresh keeps the keypair in the state");
            });

            it(`preview of a replacement ${deleteDenied ? "fails" : "passes"}, as up meets`, async () => {
                await project.setConfig("publicKey", newPublicKey("ed25519", "second"));
                const preview = await project.run(["preview"]);
                const previewOutput = outputOf(preview);
                assert.equal(preview.code !== 0, deleteDenied, previewOutput);
                if (deleteDenied) {
                    assert.match(previewOutput, /replacing keypair ".*" needs ecs:serverKeypairs:create and ecs:serverKeypairs:delete/);
                    assert.match(previewOutput, /is (denied|not allowed) ecs:serverKeypairs:delete/);
                }

                const up = await project.run(["up", "--yes", "--skip-preview"], CHECK_OFF);
                assert.equal(up.code !== 0, deleteDenied, outputOf(up));
                assert.equal(novaForbidden("delete").test(outputOf(up)), deleteDenied, outputOf(up));
                assert.doesNotMatch(outputOf(up), novaForbidden("create"));
                assert.ok(await admin.get(name, `?user_id=${user.id}`), "a keypair of the name still exists");
                assert.equal(keypairsOf(await project.resources()).length, 1);
            });

            it(`destroy with the check off ${deleteDenied ? "meets a 403" : "succeeds"}`, async () => {
                const result = await project.run(["destroy", "--yes", "--skip-preview"], CHECK_OFF);
                assert.equal(result.code !== 0, deleteDenied, outputOf(result));
                assert.equal(novaForbidden("delete").test(outputOf(result)), deleteDenied, outputOf(result));
                assert.equal((await admin.get(name, `?user_id=${user.id}`)) === undefined, !deleteDenied);
            });
        });
    }

    describe("modes and sources", () => {
        /** Runs `preview` of one new keypair as `env`'s user with the given stack config. */
        async function previewNew(env: Record<string, string>, config: Record<string, string>): Promise<RunResult> {
            const project = new PulumiProject(PROGRAM, env);
            try {
                await project.init();
                await project.setConfig("keypairName", testName("perm"));
                await project.setConfig("publicKey", newPublicKey());
                for (const [key, value] of Object.entries(config)) {
                    await project.setConfig(key, value);
                }
                return await project.run(["preview"]);
            } finally {
                project.dispose();
            }
        }

        it("rejects an unknown mode, naming the key", async () => {
            const result = await previewNew(osEnvFor(fixtureUser("kp-full")), { "os-keypairs:permissionCheck": "sometimes" });
            assert.notEqual(result.code, 0);
            assert.match(outputOf(result), /os-keypairs:permissionCheck or OS_KEYPAIRS_PERMISSION_CHECK is "sometimes"; use enforce/);
        });

        it("warn mode turns a denial into a warning", async () => {
            const result = await previewNew(osEnvFor(fixtureUser("kp-readonly")), { "os-keypairs:permissionCheck": "warn" });
            assert.equal(result.code, 0, outputOf(result));
            assert.match(outputOf(result), /warning: creating keypair ".*" needs ecs:serverKeypairs:create: .* is not allowed/);
        });

        it("enforce mode warns about a create it cannot verify", async () => {
            // demo's role "member" has no policy document, and demo may not read grants.
            const result = await previewNew(osEnv("demo"), {});
            assert.equal(result.code, 0, outputOf(result));
            assert.match(outputOf(result), /warning: creating keypair ".*" needs ecs:serverKeypairs:create: the preview cannot tell/);
            assert.match(outputOf(result), /cannot be probed without creating a keypair/);
            // Nova returned 404 for the DELETE probe of a missing keypair, so delete is allowed.
            assert.doesNotMatch(outputOf(result), /a later destroy does/);
        });

        it("strict mode fails on a create it cannot verify", async () => {
            const result = await previewNew(osEnv("demo"), { "os-keypairs:permissionCheck": "strict" });
            assert.notEqual(result.code, 0);
            assert.match(outputOf(result), /has a problem: creating keypair ".*" needs ecs:serverKeypairs:create: the preview cannot tell/);
        });

        it("takes a configured document for a role it cannot read", async () => {
            // demo's token carries "member" and the role it implies, "reader"; both need a document.
            const member = { name: "member", document: { Version: "1.1", Statement: [{ Effect: "Allow", Action: ["ecs:serverKeypairs:*"] }] } };
            const reader = { name: "reader", document: { Version: "1.1", Statement: [{ Effect: "Allow", Action: ["ecs:*:get*"] }] } };
            const result = await previewNew(osEnv("demo"), {
                "os-keypairs:permissionCheck": "strict",
                "os-keypairs:permissionPolicies": JSON.stringify([member, reader]),
            });
            assert.equal(result.code, 0, outputOf(result));
            assert.doesNotMatch(outputOf(result), /needs ecs:serverKeypairs/);
        });
    });

    describe("on Huawei Cloud settings through the gateway", () => {
        const permanent: GatewayCredential = { accessKey: "HWRIGKPREADONLY00001", secretKey: `sk-${randomBytes(15).toString("hex")}`, user: "kp-readonly" };
        const temporary: GatewayCredential = {
            accessKey: "HWRIGKPFULLTEMPORARY",
            secretKey: `sk-${randomBytes(15).toString("hex")}`,
            securityToken: `st-${randomBytes(60).toString("hex")}`,
            user: "kp-full",
        };
        let gateway: HuaweiGateway;

        before(async () => {
            gateway = new HuaweiGateway({ rig: loadRig(), credentials: [permanent, temporary] });
            await gateway.start();
        });

        after(async () => {
            await gateway?.stop();
        });

        /** Runs `preview` of one new keypair with Huawei settings aimed at the gateway. */
        async function previewThroughGateway(env: Record<string, string>, secrets: Record<string, string>, mode = "enforce"): Promise<RunResult> {
            const project = new PulumiProject(PROGRAM, { HW_REGION_NAME: gateway.region, OS_KEYPAIRS_PERMISSION_CHECK: mode, ...env });
            try {
                await project.init();
                await project.ok(["config", "set", "--path", "huaweicloud:endpoints.ecs", "--", gateway.ecsUrl]);
                await project.ok(["config", "set", "--path", "huaweicloud:endpoints.iam", "--", gateway.iamUrl]);
                for (const [key, value] of Object.entries(secrets)) {
                    await project.setConfig(`huaweicloud:${key}`, value, { secret: true });
                }
                await project.setConfig("keypairName", testName("perm"));
                await project.setConfig("publicKey", newPublicKey());
                return await project.run(["preview"]);
            } finally {
                project.dispose();
            }
        }

        it("finds an access key's owner and denies a read-only user's create", async () => {
            const result = await previewThroughGateway({ HW_ACCESS_KEY: permanent.accessKey }, { secretKey: permanent.secretKey });
            const output = outputOf(result);
            assert.notEqual(result.code, 0);
            assert.match(output, /needs ecs:serverKeypairs:create: IAM user "kp-readonly" .* is not allowed/);
            assert.match(output, /Granted in this project: .*ECS ReadOnlyAccess/);
            assert.match(output, /Decided by IAM/);
            assert.deepEqual(gateway.unsignedRequests, [], "every IAM read was signed");
        });

        it("decides from the token's roles for an IAM password user", async () => {
            const user = fixtureUser("kp-noiam");
            const result = await previewThroughGateway(
                { HW_USER_NAME: user.name, HW_DOMAIN_NAME: gateway.accountName },
                { password: user.password },
            );
            assert.notEqual(result.code, 0);
            assert.match(outputOf(result), /IAM user "kp-noiam" .* is not allowed ecs:serverKeypairs:create/);
            assert.match(outputOf(result), /Decided by the roles in the caller's token/);
        });

        it("warns when a temporary access key leaves the create unverified", async () => {
            const env = { HW_ACCESS_KEY: temporary.accessKey, HW_SECRET_KEY: temporary.secretKey };
            const enforced = await previewThroughGateway(env, { securityToken: temporary.securityToken! });
            assert.equal(enforced.code, 0, outputOf(enforced));
            assert.match(outputOf(enforced), /warning: creating keypair ".*" needs ecs:serverKeypairs:create: the preview cannot tell/);

            const strict = await previewThroughGateway(env, { securityToken: temporary.securityToken! }, "strict");
            assert.notEqual(strict.code, 0);
        });
    });
});
