import * as assert from "node:assert/strict";
import * as pulumiLog from "@pulumi/pulumi/log";

import { installDebugRedaction, redactPrivateKeys } from "../../sdk/redact";
import { newPrivateKey } from "../support/keys";

describe("redactPrivateKeys", () => {
    for (const format of ["openssh", "pkcs1", "pkcs8"] as const) {
        it(`removes a ${format} private key`, () => {
            const key = newPrivateKey("rsa").toString(format);
            const body = key.split("\n")[1];
            const redacted = redactPrivateKeys(`resp: name,${key},fingerprint`);
            assert.ok(!redacted.includes(body));
            assert.match(redacted, /^resp: name,\[private key redacted\]\n?,fingerprint$/);
        });
    }

    it("keeps public keys and other text", () => {
        const text = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOzx9G9Omxa comment";
        assert.equal(redactPrivateKeys(text), text);
    });
});

describe("installDebugRedaction", () => {
    it("wraps the SDK's debug log once", () => {
        installDebugRedaction();
        const wrapped = pulumiLog.debug;
        installDebugRedaction();
        assert.equal(pulumiLog.debug, wrapped, "a second install changes nothing");
        assert.ok(String(wrapped).includes("redactPrivateKeys"));
    });
});
