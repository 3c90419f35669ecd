// The root program: one keypair, imported when `publicKey` is set in stack config and generated
// locally by the provider otherwise. `npm run demo` runs it against the local OpenStack.
import * as pulumi from "@pulumi/pulumi";

import { Keypair } from "./sdk";

const config = new pulumi.Config();

const keypair = new Keypair("deploy", {
    name: config.get("keypairName"),
    publicKey: config.get("publicKey"),
});

export const name = keypair.name;
export const fingerprint = keypair.fingerprint;
export const type = keypair.type;
export const createdAt = keypair.createdAt;
export const privateKey = keypair.privateKey;
