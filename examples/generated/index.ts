// The server generates the key pair; `pulumi stack output privateKey --show-secrets > key.pem`
// saves the private key, which is stored encrypted in the state.
import { Keypair } from "pulumi-os-keypairs";

const keypair = new Keypair("generated");

export const name = keypair.name;
export const fingerprint = keypair.fingerprint;
export const privateKey = keypair.privateKey;
