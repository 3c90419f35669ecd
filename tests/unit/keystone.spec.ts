import * as assert from "node:assert/strict";

import { KeystoneAuth } from "../../provider/auth/keystone";
import { resolveSettings } from "../../provider/auth/settings";
import { HttpClient, HttpRequest, HttpResponse } from "../../provider/http/client";

/** Answers every token request with a new token that expires `lifetimeMs` after `now()`. */
class TokenIssuer {
    requests: HttpRequest[] = [];

    constructor(private readonly now: () => number, private readonly lifetimeMs: number) {}

    async send(req: HttpRequest): Promise<HttpResponse> {
        this.requests.push(req);
        await new Promise((resolve) => setTimeout(resolve, 5));
        return {
            status: 201,
            headers: { "x-subject-token": `token-${this.requests.length}` },
            body: {
                token: {
                    expires_at: new Date(this.now() + this.lifetimeMs).toISOString(),
                    project: { id: "p1" },
                    user: { id: "u1" },
                    catalog: [],
                },
            },
        };
    }
}

const settings = resolveSettings(() => undefined, {
    OS_AUTH_URL: "http://127.0.0.1:1/v3",
    OS_USERNAME: "demo",
    OS_PASSWORD: "pw",
    OS_PROJECT_NAME: "demo",
});

describe("KeystoneAuth", () => {
    it("fetches one token for many concurrent callers", async () => {
        const issuer = new TokenIssuer(Date.now, 3600_000);
        const auth = new KeystoneAuth(settings, issuer as unknown as HttpClient);
        const sessions = await Promise.all(Array.from({ length: 50 }, () => auth.getSession()));
        assert.equal(issuer.requests.length, 1);
        assert.ok(sessions.every((s) => s.token === "token-1"));
    });

    it("renews a token that is about to expire", async () => {
        let clock = 1_000_000;
        const issuer = new TokenIssuer(() => clock, 3600_000);
        const auth = new KeystoneAuth(settings, issuer as unknown as HttpClient, () => clock);
        assert.equal((await auth.getSession()).token, "token-1");
        clock += 3600_000 - 60_000;
        assert.equal((await auth.getSession()).token, "token-2");
    });

    it("authenticates again after invalidate", async () => {
        const issuer = new TokenIssuer(Date.now, 3600_000);
        const auth = new KeystoneAuth(settings, issuer as unknown as HttpClient);
        const first = await auth.getSession();
        auth.invalidate(first.token);
        assert.equal((await auth.getSession()).token, "token-2");
    });

    it("sends a project-scoped password request", async () => {
        const issuer = new TokenIssuer(Date.now, 3600_000);
        await new KeystoneAuth(settings, issuer as unknown as HttpClient).getSession();
        const [req] = issuer.requests;
        assert.equal(req.url, "http://127.0.0.1:1/v3/auth/tokens");
        assert.deepEqual(req.body, {
            auth: {
                identity: { methods: ["password"], password: { user: { password: "pw", name: "demo", domain: { id: "default" } } } },
                scope: { project: { name: "demo", domain: { id: "default" } } },
            },
        });
    });
});
