import * as assert from "node:assert/strict";
import { MockAgent } from "undici";

import { KeypairError } from "../../../provider/errors";
import { HttpClient } from "../../../provider/http/client";
import { AkSkAuth, computeEndpointOf, IamTokenAuth } from "../../../provider/huawei/auth";
import { huaweiErrorHint } from "../../../provider/huawei/errors";
import { IamTokenIssuer } from "../../../provider/huawei/iam";
import { HuaweiSettings, resolveHuaweiSettings } from "../../../provider/huawei/settings";
import { ComputeClient } from "../../../provider/nova/compute";
import { verifySignature } from "../../rig/huawei-gateway/verify";

const ECS = "https://ecs.r1.myhuaweicloud.com";
const IAM = "https://iam.r1.myhuaweicloud.com";
const SIGNED_AT = new Date("2024-05-01T10:00:00Z");

function settingsOf(env: Record<string, string>): HuaweiSettings {
    return resolveHuaweiSettings(() => undefined, { HW_REGION_NAME: "r1", ...env });
}

function headersOf(opts: { headers?: unknown }): Record<string, string> {
    return Object.fromEntries(Object.entries((opts.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), String(v)]));
}

/** Checks a mocked request's signature with the gateway's check, which uses the official SDK. */
function assertSigned(opts: { path: string; method: string; headers?: unknown; body?: unknown }, secretKey = "SK"): Record<string, string> {
    const [rawPath, rawQuery = ""] = opts.path.split("?");
    const headers = headersOf(opts);
    const result = verifySignature(
        { method: opts.method, rawPath, rawQuery, headers, body: Buffer.from(typeof opts.body === "string" ? opts.body : "") },
        (ak) => (ak === "AK" ? secretKey : undefined),
        SIGNED_AT.getTime(),
        15 * 60_000,
    );
    assert.ok(result.ok, `signature check failed: ${JSON.stringify(result)}`);
    return headers;
}

describe("AkSkAuth", () => {
    let agent: MockAgent;

    beforeEach(() => {
        agent = new MockAgent();
        agent.disableNetConnect();
    });

    afterEach(async () => {
        agent.assertNoPendingInterceptors();
        await agent.close();
    });

    function client(settings: HuaweiSettings): { auth: AkSkAuth; compute: ComputeClient } {
        const http = new HttpClient({ errorHint: huaweiErrorHint(settings) }, agent);
        const auth = new AkSkAuth(settings, http, () => SIGNED_AT);
        return { auth, compute: new ComputeClient(auth, http) };
    }

    it("looks up the region's project once", async () => {
        const settings = settingsOf({ HW_ACCESS_KEY: "AK", HW_SECRET_KEY: "SK" });
        let lookups = 0;
        agent
            .get(IAM)
            .intercept({ path: "/v3/projects?name=r1", method: "GET" })
            .reply((opts) => {
                lookups++;
                const headers = assertSigned(opts);
                assert.equal(headers["x-project-id"], undefined, "IAM calls are not project-scoped");
                return { statusCode: 200, data: { projects: [{ id: "p-1", name: "r1" }] } };
            });
        const { auth } = client(settings);
        const endpoints = await Promise.all([auth.computeEndpoint(), auth.computeEndpoint(), auth.identity()]);
        assert.equal(lookups, 1);
        assert.equal(endpoints[0], `${ECS}/v2.1/p-1`);
        assert.deepEqual(endpoints[2], { userId: "", projectId: "p-1" });
    });

    it("reports a region without a project", async () => {
        const settings = settingsOf({ HW_ACCESS_KEY: "AK", HW_SECRET_KEY: "SK" });
        agent.get(IAM).intercept({ path: "/v3/projects?name=r1", method: "GET" }).reply(200, { projects: [] });
        await assert.rejects(client(settings).auth.computeEndpoint(), (error: unknown) => {
            assert.ok(KeypairError.isInstance(error));
            assert.equal(error.code, "INVALID_CONFIG");
            assert.match(error.message, /IAM has no project named "r1"/);
            assert.match(error.message, /huaweicloud:projectId or HW_PROJECT_ID/);
            return true;
        });
    });

    it("reports several projects of one name", async () => {
        const settings = settingsOf({ HW_ACCESS_KEY: "AK", HW_SECRET_KEY: "SK" });
        agent
            .get(IAM)
            .intercept({ path: "/v3/projects?name=r1", method: "GET" })
            .reply(200, { projects: [{ id: "a", name: "r1" }, { id: "b", name: "r1" }] });
        await assert.rejects(client(settings).auth.computeEndpoint(), /IAM lists 2 projects named "r1" \(a, b\); set huaweicloud:projectId/);
    });

    it("signs compute requests with the project", async () => {
        const settings = settingsOf({ HW_ACCESS_KEY: "AK", HW_SECRET_KEY: "SK", HW_PROJECT_ID: "p-1", HW_SECURITY_TOKEN: "tok" });
        agent
            .get(ECS)
            .intercept({ path: "/v2.1/p-1/os-keypairs", method: "POST" })
            .reply((opts) => {
                const headers = assertSigned(opts);
                assert.equal(headers["x-project-id"], "p-1");
                assert.equal(headers["x-security-token"], "tok");
                assert.equal(headers.host, "ecs.r1.myhuaweicloud.com");
                assert.equal(headers["x-sdk-date"], "20240501T100000Z");
                const signedHeaders = "content-type;host;openstack-api-version;x-openstack-nova-api-version;x-project-id;x-sdk-date;x-security-token";
                assert.ok(headers.authorization.includes(`SignedHeaders=${signedHeaders},`), headers.authorization);
                return { statusCode: 201, data: { keypair: { name: "k", public_key: "ssh-ed25519 AAAA", fingerprint: "f" } } };
            });
        const { compute } = client(settings);
        const response = await compute.request({
            method: "POST",
            path: "/os-keypairs",
            body: { keypair: { name: "k", public_key: "ssh-ed25519 AAAA é" } },
            microversion: [2, 10],
            expect: [201],
        });
        assert.equal(response.status, 201);
    });

    it("signs an encoded keypair name", async () => {
        const settings = settingsOf({ HW_ACCESS_KEY: "AK", HW_SECRET_KEY: "SK", HW_PROJECT_ID: "p-1" });
        agent
            .get(ECS)
            .intercept({ path: "/v2.1/p-1/os-keypairs/my%20key?user_id=u%201", method: "GET" })
            .reply((opts) => {
                assertSigned(opts);
                return { statusCode: 200, data: { keypair: { name: "my key" } } };
            });
        const { compute } = client(settings);
        const response = await compute.request({ method: "GET", path: "/os-keypairs/my%20key", query: { user_id: "u 1" }, expect: [200] });
        assert.equal(response.status, 200);
    });

    it("never resends a rejected signature", async () => {
        const settings = settingsOf({ HW_ACCESS_KEY: "AK", HW_SECRET_KEY: "SK", HW_PROJECT_ID: "p-1" });
        agent
            .get(ECS)
            .intercept({ path: "/v2.1/p-1/os-keypairs/k", method: "GET" })
            .reply(
                401,
                { error_code: "APIGW.0301", error_msg: "Incorrect IAM authentication information: verify aksk signature fail", request_id: "req-9" },
                { headers: { date: "Wed, 01 May 2024 10:00:01 GMT" } },
            )
            .times(1);
        const { compute } = client(settings);
        await assert.rejects(compute.request({ method: "GET", path: "/os-keypairs/k", expect: [200] }), (error: unknown) => {
            assert.ok(KeypairError.isInstance(error));
            assert.match(error.message, /HTTP 401 \(APIGW\.0301\): Incorrect IAM authentication information: verify aksk signature fail/);
            assert.match(error.message, /\[request id req-9\]/);
            assert.match(error.message, /is the secret key of access key AK/);
            return true;
        });
        // A second request in the same process is not sent at all; the MockAgent has no more replies.
        await assert.rejects(compute.request({ method: "GET", path: "/os-keypairs/k", expect: [200] }), (error: unknown) => {
            assert.ok(KeypairError.isInstance(error));
            assert.equal(error.code, "AUTH_FAILED");
            assert.match(error.message, /not sent: an earlier request signed with access key AK was rejected with HTTP 401/);
            return true;
        });
    });
});

describe("IamTokenIssuer", () => {
    let agent: MockAgent;

    beforeEach(() => {
        agent = new MockAgent();
        agent.disableNetConnect();
    });

    afterEach(async () => {
        agent.assertNoPendingInterceptors();
        await agent.close();
    });

    const password = { HW_USER_NAME: "u", HW_PASSWORD: "pw", HW_DOMAIN_NAME: "acct" };

    function issueTokens(now: () => number, lifetimeMs: number, seen: unknown[]): void {
        agent
            .get(IAM)
            .intercept({ path: "/v3/auth/tokens", method: "POST" })
            .reply((opts) => {
                seen.push(JSON.parse(String(opts.body)));
                return {
                    statusCode: 201,
                    data: { token: { expires_at: new Date(now() + lifetimeMs).toISOString(), project: { id: "p-1" }, user: { id: "u-1" } } },
                    responseOptions: { headers: { "x-subject-token": `token-${seen.length}` } },
                };
            })
            .persist();
    }

    it("scopes the token to the region's project", async () => {
        const seen: unknown[] = [];
        issueTokens(Date.now, 3600_000, seen);
        const issuer = new IamTokenIssuer(settingsOf(password), new HttpClient({}, agent));
        const tokens = await Promise.all(Array.from({ length: 20 }, () => issuer.getToken()));
        assert.equal(seen.length, 1, "one request for concurrent callers");
        assert.ok(tokens.every((t) => t.token === "token-1"));
        assert.deepEqual(seen[0], {
            auth: {
                identity: { methods: ["password"], password: { user: { name: "u", password: "pw", domain: { name: "acct" } } } },
                scope: { project: { name: "r1" } },
            },
        });
        assert.equal(tokens[0].projectId, "p-1");
        assert.equal(tokens[0].userId, "u-1");
    });

    it("scopes the token to a project id", async () => {
        const seen: unknown[] = [];
        issueTokens(Date.now, 3600_000, seen);
        await new IamTokenIssuer(settingsOf({ ...password, HW_PROJECT_ID: "p-1" }), new HttpClient({}, agent)).getToken();
        assert.deepEqual((seen[0] as { auth: { scope: unknown } }).auth.scope, { project: { id: "p-1" } });
    });

    it("renews a token before it expires", async () => {
        let clock = 1_000_000;
        const seen: unknown[] = [];
        issueTokens(() => clock, 3600_000, seen);
        const issuer = new IamTokenIssuer(settingsOf(password), new HttpClient({}, agent), () => clock);
        assert.equal((await issuer.getToken()).token, "token-1");
        clock += 3600_000 - 6 * 60_000;
        assert.equal((await issuer.getToken()).token, "token-1", "still valid for six minutes");
        clock += 2 * 60_000;
        assert.equal((await issuer.getToken()).token, "token-2", "renewed with four minutes left");
    });

    it("explains a rejected password", async () => {
        agent
            .get(IAM)
            .intercept({ path: "/v3/auth/tokens", method: "POST" })
            .reply(401, { error: { code: 401, title: "Unauthorized", message: "The username or password is wrong." } });
        const issuer = new IamTokenIssuer(settingsOf(password), new HttpClient({}, agent));
        await assert.rejects(issuer.getToken(), (error: unknown) => {
            assert.ok(KeypairError.isInstance(error));
            assert.equal(error.code, "AUTH_FAILED");
            assert.match(error.message, /IAM rejected the password of user "u" in account "acct"/);
            assert.match(error.message, /The username or password is wrong/);
            assert.ok(!error.message.includes("pw"), "the password is not in the message");
            return true;
        });
    });
});

describe("IamTokenAuth", () => {
    it("renews the token once after a 401", async () => {
        const agent = new MockAgent();
        agent.disableNetConnect();
        let issued = 0;
        agent
            .get(IAM)
            .intercept({ path: "/v3/auth/tokens", method: "POST" })
            .reply(() => {
                issued++;
                return {
                    statusCode: 201,
                    data: { token: { expires_at: new Date(Date.now() + 3600_000).toISOString(), project: { id: "p-1" }, user: { id: "u-1" } } },
                    responseOptions: { headers: { "x-subject-token": `token-${issued}` } },
                };
            })
            .persist();
        const ecs = agent.get(ECS);
        ecs.intercept({ path: "/v2.1/p-1/os-keypairs/k", method: "GET", headers: { "x-auth-token": "token-1" } })
            .reply(401, { error_code: "APIGW.0301", error_msg: "Incorrect IAM authentication information: token expires" });
        ecs.intercept({ path: "/v2.1/p-1/os-keypairs/k", method: "GET", headers: { "x-auth-token": "token-2" } }).reply(200, { keypair: { name: "k" } });

        const settings = settingsOf({ HW_USER_NAME: "u", HW_PASSWORD: "pw", HW_DOMAIN_NAME: "acct" });
        const http = new HttpClient({}, agent);
        const compute = new ComputeClient(new IamTokenAuth(settings, new IamTokenIssuer(settings, http)), http);
        const response = await compute.request({ method: "GET", path: "/os-keypairs/k", expect: [200] });
        assert.equal(response.status, 200);
        assert.equal(issued, 2);
        agent.assertNoPendingInterceptors();
        await agent.close();
    });
});

describe("computeEndpointOf", () => {
    it("adds the API version to a bare URL", () => {
        const settings = (endpoints?: string) =>
            resolveHuaweiSettings((key) => (key === "huaweicloud:endpoints" && endpoints ? endpoints : undefined), {
                HW_REGION_NAME: "r1",
                HW_ACCESS_KEY: "AK",
                HW_SECRET_KEY: "SK",
            });
        assert.equal(computeEndpointOf(settings(), "p"), `${ECS}/v2.1/p`);
        assert.equal(computeEndpointOf(settings('{"ecs":"http://127.0.0.1:9/"}'), "p"), "http://127.0.0.1:9/v2.1/p");
        assert.equal(computeEndpointOf(settings('{"ecs":"http://127.0.0.1:9/v2.1"}'), "p"), "http://127.0.0.1:9/v2.1/p");
    });
});
