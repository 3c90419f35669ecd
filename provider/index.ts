/**
 * Entry point that the dynamic provider host loads at run time. The serialized provider in the
 * state holds only a small loader (see sdk/provider.ts) that requires this module, so no
 * settings or credentials are ever captured into the state.
 */
import * as lifecycle from "./lifecycle";

/** The Keypair resource provider, in the shape of `pulumi.dynamic.ResourceProvider`. */
export const keypairProvider = {
    configure: lifecycle.configure,
    check: lifecycle.check,
    diff: lifecycle.diff,
    create: lifecycle.create,
    read: lifecycle.read,
    delete: lifecycle.remove,
};

export { KeypairError } from "./errors";
