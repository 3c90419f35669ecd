/**
 * The provider object that Pulumi serializes into the state. It captures two module paths and
 * nothing else: each method loads the real implementation (bin/provider) when the dynamic
 * provider host calls it, and that implementation reads settings and credentials at run time.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";

/** The package's own provider entry, resolved from the program's node_modules. */
const PACKAGE_ENTRY = "pulumi-os-keypairs/provider";

/**
 * The compiled provider of this copy of the package, for programs that use the package from a
 * checkout rather than from node_modules (the repository's own programs and examples).
 */
const LOCAL_ENTRY = path.join(findPackageRoot(__dirname), "bin", "provider", "index.js");

function findPackageRoot(start: string): string {
    for (let dir = start; ; dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, "package.json"))) {
            return dir;
        }
        if (path.dirname(dir) === dir) {
            return start;
        }
    }
}

/** Creates the provider loader that Keypair resources share. */
export function createProviderLoader(): pulumi.dynamic.ResourceProvider {
    const packageEntry = PACKAGE_ENTRY;
    const localEntry = LOCAL_ENTRY;
    // Runs inside the dynamic provider host, where `require` resolves from the program directory.
    const load = (): pulumi.dynamic.ResourceProvider => {
        try {
            return require(packageEntry).keypairProvider;
        } catch (error) {
            const code = (error as { code?: string }).code;
            if (code !== "MODULE_NOT_FOUND" || !String((error as Error).message).includes(packageEntry)) {
                throw error;
            }
            return require(localEntry).keypairProvider;
        }
    };
    return {
        configure: (req) => load().configure!(req),
        check: (olds, news) => load().check!(olds, news),
        diff: (id, olds, news) => load().diff!(id, olds, news),
        create: (inputs) => load().create(inputs),
        read: (id, props) => load().read!(id, props),
        delete: (id, props) => load().delete!(id, props),
    };
}
