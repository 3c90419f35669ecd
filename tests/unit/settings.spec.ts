import * as assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

import { computeEndpointFrom, withProjectId } from "../../provider/auth/keystone";
import { resolveSettings } from "../../provider/auth/settings";
import { KeypairError } from "../../provider/errors";

const noConfig = () => undefined;

const passwordEnv = {
    OS_AUTH_URL: "http://127.0.0.1:5000/v3",
    OS_USERNAME: "demo",
    OS_PASSWORD: "pw",
    OS_PROJECT_NAME: "demo",
};

describe("resolveSettings", () => {
    it("reads the OS_* environment", () => {
        const settings = resolveSettings(noConfig, { ...passwordEnv, OS_REGION_NAME: "r1", OS_USER_DOMAIN_NAME: "Default" });
        assert.equal(settings.authUrl, "http://127.0.0.1:5000/v3");
        assert.equal(settings.userName, "demo");
        assert.equal(settings.region, "r1");
        assert.equal(settings.userDomainName, "Default");
        assert.equal(settings.endpointType, "public");
        assert.equal(settings.insecure, false);
    });

    it("prefers stack config over the environment", () => {
        const config = (key: string) => ({ "openstack:userName": "from-config", "openstack:tenantName": "p2" })[key];
        const settings = resolveSettings(config, passwordEnv);
        assert.equal(settings.userName, "from-config");
        assert.equal(settings.projectName, "p2");
        assert.equal(settings.password, "pw");
    });

    it("accepts a token alone", () => {
        const settings = resolveSettings(noConfig, { OS_AUTH_URL: "http://k/v3", OS_TOKEN: "t" });
        assert.equal(settings.token, "t");
    });

    it("names every missing setting with its config key and variable", () => {
        assert.throws(
            () => resolveSettings(noConfig, {}),
            (error: unknown) => {
                assert.ok(KeypairError.isInstance(error));
                assert.equal(error.code, "INVALID_CONFIG");
                assert.match(error.message, /openstack:authUrl or OS_AUTH_URL/);
                assert.match(error.message, /openstack:password or OS_PASSWORD/);
                assert.match(error.message, /openstack:userName or OS_USERNAME/);
                assert.match(error.message, /openstack:projectName or OS_PROJECT_NAME or OS_TENANT_NAME/);
                return true;
            },
        );
    });

    it("rejects an invalid boolean", () => {
        assert.throws(() => resolveSettings(noConfig, { ...passwordEnv, OS_INSECURE: "maybe" }), /OS_INSECURE is "maybe"; use true or false/);
    });

    it("reads a cloud from clouds.yaml with secure.yaml merged in", () => {
        const dir = mkdtempSync(path.join(tmpdir(), "clouds-"));
        writeFileSync(
            path.join(dir, "clouds.yaml"),
            "clouds:\n  lab:\n    region_name: RegionOne\n    auth:\n      auth_url: http://k/v3\n      username: u\n      project_name: p\n",
        );
        writeFileSync(path.join(dir, "secure.yaml"), "clouds:\n  lab:\n    auth:\n      password: secret\n");
        const settings = resolveSettings(noConfig, { OS_CLOUD: "lab", OS_CLIENT_CONFIG_FILE: path.join(dir, "clouds.yaml") });
        assert.equal(settings.authUrl, "http://k/v3");
        assert.equal(settings.password, "secret");
        assert.equal(settings.region, "RegionOne");
    });

    it("reports an undefined cloud with the defined ones", () => {
        const dir = mkdtempSync(path.join(tmpdir(), "clouds-"));
        writeFileSync(path.join(dir, "clouds.yaml"), "clouds:\n  lab: {}\n");
        assert.throws(
            () => resolveSettings(noConfig, { OS_CLOUD: "prod", OS_CLIENT_CONFIG_FILE: path.join(dir, "clouds.yaml") }),
            /cloud "prod" is not defined in .*clouds.yaml; defined are: lab/,
        );
    });
});

describe("computeEndpointFrom", () => {
    const settings = resolveSettings(noConfig, passwordEnv);
    const session = {
        token: "t",
        expiresAt: Infinity,
        projectId: "p1",
        userId: "u1",
        catalog: [
            {
                type: "compute",
                endpoints: [
                    { interface: "public", region_id: "r1", url: "http://nova:8774/v2.1" },
                    { interface: "internal", region_id: "r1", url: "http://nova-int:8774/v2.1/p1" },
                ],
            },
            { type: "identity", endpoints: [{ interface: "public", region_id: "r1", url: "http://k/v3" }] },
        ],
    };

    it("appends the project id to a versioned URL", () => {
        assert.equal(computeEndpointFrom(session, settings), "http://nova:8774/v2.1/p1");
    });

    it("keeps a URL that already has the project id", () => {
        assert.equal(computeEndpointFrom(session, { ...settings, endpointType: "internal" }), "http://nova-int:8774/v2.1/p1");
    });

    it("reports the endpoints it could have used", () => {
        assert.throws(
            () => computeEndpointFrom(session, { ...settings, region: "r9" }),
            /no compute endpoint for interface public in region r9; available: public@r1, internal@r1/,
        );
    });

    it("handles the legacy v2 path", () => {
        assert.equal(withProjectId("https://ecs.example/v2/", "p1"), "https://ecs.example/v2/p1");
    });
});
