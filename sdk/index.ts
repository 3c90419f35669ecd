/**
 * Pulumi resources for the SSH key pairs of Huawei Cloud ECS and OpenStack Nova (os-keypairs).
 */
import { installDebugRedaction } from "./redact";

installDebugRedaction();

export { KeyAlgorithm, Keypair, KeypairArgs, KeypairType } from "./keypair";
export { getKeypairs, GetKeypairsArgs, getKeypairsOutput, GetKeypairsOutputArgs, GetKeypairsResult, KeypairListEntry } from "./getKeypairs";
