import * as assert from "node:assert/strict";

import { KEYPAIR_ACTIONS } from "../../../provider/iam/actions";
import { findCatalogueEntry, SYSTEM_PERMISSIONS } from "../../../provider/iam/catalogue";
import { parseDocument } from "../../../provider/iam/document";
import { Decision, evaluateAction, HeldPermission } from "../../../provider/iam/evaluate";

const { create, get, list, delete: remove } = KEYPAIR_ACTIONS;
type Row = Record<typeof create | typeof get | typeof list | typeof remove, Decision>;

const ALL: Row = { [create]: "allowed", [get]: "allowed", [list]: "allowed", [remove]: "allowed" };
const READ_ONLY: Row = { [create]: "denied", [get]: "allowed", [list]: "allowed", [remove]: "denied" };
const UNKNOWN: Row = { [create]: "unknown", [get]: "unknown", [list]: "unknown", [remove]: "unknown" };

/** Each catalogue entry held alone (or with the roles it depends on), by keypair action. */
const EXPECTED: [name: string, permissions: HeldPermission[], row: Row][] = [
    ["ECS FullAccess", [{ displayName: "ECS FullAccess" }], ALL],
    ["ECS CommonOperations", [{ displayName: "ECS CommonOperations" }], ALL],
    ["ECS ReadOnlyAccess", [{ displayName: "ECS ReadOnlyAccess" }], READ_ONLY],
    ["ECS Viewer", [{ displayName: "ECS Viewer" }], READ_ONLY],
    ["Tenant Administrator", [{ displayName: "Tenant Administrator" }], ALL],
    ["Tenant Guest", [{ displayName: "Tenant Guest" }], READ_ONLY],
    ["VPC Administrator", [{ displayName: "VPC Administrator" }], READ_ONLY],
    ["DEW KeypairFullAccess", [{ displayName: "DEW KeypairFullAccess" }], ALL],
    ["Server Administrator alone", [{ displayName: "Server Administrator" }], UNKNOWN],
    [
        "Server Administrator with Tenant Guest",
        [{ displayName: "Server Administrator" }, { displayName: "Tenant Guest" }],
        { [create]: "unknown", [get]: "allowed", [list]: "allowed", [remove]: "unknown" },
    ],
    [
        "Server Administrator with its dependencies",
        ["Server Administrator", "Tenant Guest", "BSS Administrator", "VPC Administrator", "IMS Administrator"].map((displayName) => ({
            displayName,
        })),
        ALL,
    ],
    ["FullAccess", [{ displayName: "FullAccess" }], UNKNOWN],
    ["DEW KeypairReadOnlyAccess", [{ displayName: "DEW KeypairReadOnlyAccess" }], UNKNOWN],
    ["KMS Administrator", [{ displayName: "KMS Administrator" }], UNKNOWN],
];

describe("SYSTEM_PERMISSIONS", () => {
    for (const [name, permissions, row] of EXPECTED) {
        for (const [action, expected] of Object.entries(row)) {
            it(`${name}: ${action} is ${expected}`, () => {
                const result = evaluateAction(action, { identity: {}, permissions });
                assert.equal(result.decision, expected, result.reason);
            });
        }
    }

    it("parses every published document", () => {
        for (const entry of SYSTEM_PERMISSIONS.filter((candidate) => candidate.document !== undefined)) {
            const parsed = parseDocument(entry.document);
            assert.ok(parsed.ok, `${entry.displayName}: ${parsed.ok ? "" : parsed.reason}`);
            for (const statement of parsed.document.statements) {
                assert.equal(statement.problem, undefined, entry.displayName);
            }
        }
    });

    it("gives roles Version 1.0 except Server Administrator", () => {
        for (const entry of SYSTEM_PERMISSIONS.filter((candidate) => candidate.document !== undefined)) {
            const version = (entry.document as { Version: string }).Version;
            const expected = entry.kind === "role" && entry.displayName !== "Server Administrator" ? "1.0" : "1.1";
            assert.equal(version, expected, entry.displayName);
        }
    });

    it("keeps lookup names unique", () => {
        const keys = SYSTEM_PERMISSIONS.flatMap((entry) => [entry.displayName, ...entry.aliases, ...(entry.name ? [entry.name] : [])]);
        assert.equal(new Set(keys).size, keys.length);
    });

    it("contains every named dependency", () => {
        for (const entry of SYSTEM_PERMISSIONS) {
            const parsed = entry.document === undefined ? undefined : parseDocument(entry.document);
            for (const dependency of parsed?.ok ? parsed.document.dependencies : []) {
                assert.ok(findCatalogueEntry(dependency.displayName), `${entry.displayName} depends on ${dependency.displayName}`);
            }
        }
    });

    it("is frozen", () => {
        assert.throws(() => {
            (SYSTEM_PERMISSIONS[0] as { displayName: string }).displayName = "changed";
        }, TypeError);
    });
});

describe("findCatalogueEntry", () => {
    it("finds entries by any name", () => {
        assert.equal(findCatalogueEntry("Tenant Guest")?.name, "readonly");
        assert.equal(findCatalogueEntry("readonly")?.displayName, "Tenant Guest");
        assert.equal(findCatalogueEntry("Guest")?.displayName, "Tenant Guest");
        assert.equal(findCatalogueEntry("te_admin")?.displayName, "Tenant Administrator");
        assert.equal(findCatalogueEntry("DEW Keypair Admin")?.displayName, "DEW KeypairFullAccess");
        assert.equal(findCatalogueEntry("No Such Policy"), undefined);
    });
});
