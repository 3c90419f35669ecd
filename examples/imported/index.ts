// Imports an existing public key. Changing only its comment or whitespace is no change; a new
// key replaces the keypair under the same name.
import * as fs from "node:fs";
import * as os from "node:os";
import * as pulumi from "@pulumi/pulumi";
import { Keypair } from "pulumi-os-keypairs";

const config = new pulumi.Config();
const publicKeyFile = config.get("publicKeyFile") ?? `${os.homedir()}/.ssh/id_ed25519.pub`;

const keypair = new Keypair("imported", {
    name: "deploy",
    publicKey: fs.readFileSync(publicKeyFile, "utf8"),
});

export const fingerprint = keypair.fingerprint;
