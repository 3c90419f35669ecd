import * as pulumi from "@pulumi/pulumi";

import { createProviderLoader } from "./provider";

/** Keypair types of the os-keypairs API. */
export type KeypairType = "ssh" | "x509";

/** Algorithms of keys the provider generates itself. */
export type KeyAlgorithm = "rsa" | "ecdsa" | "ed25519";

/** Inputs of a {@link Keypair}. */
export interface KeypairArgs {
    /**
     * Name of the keypair: 1 to 255 letters, digits, spaces, `_` and `-`, with no leading or
     * trailing space. Names are unique per user, so a keypair whose name stays the same is
     * deleted before its replacement is created.
     *
     * @default the resource name with a random suffix, for example `deploy-3f9a1c2`
     */
    name?: pulumi.Input<string>;
    /**
     * OpenSSH public key to import, for example `ssh-ed25519 AAAA... user@host`, or a PEM
     * certificate when `type` is `x509`. Compared by fingerprint, so a changed comment or
     * whitespace is no change.
     *
     * @default the provider generates a key pair (see `keyAlgorithm`) and imports its public half
     */
    publicKey?: pulumi.Input<string>;
    /**
     * Algorithm of the key pair the provider generates when `publicKey` is not given. The
     * private key never leaves this machine except into the (encrypted) state.
     *
     * @default "rsa", which every image accepts (Windows images need RSA to decrypt passwords)
     */
    keyAlgorithm?: pulumi.Input<KeyAlgorithm>;
    /**
     * Size of a generated key: 2048 to 4096 bits for rsa, 256, 384 or 521 for ecdsa (the NIST
     * curves P-256, P-384 and P-521); not for ed25519.
     *
     * @default 3072 for rsa, 256 for ecdsa
     */
    keyBits?: pulumi.Input<number>;
    /**
     * Let the server generate the key pair instead, and return its private key once. Only below
     * compute API microversion 2.92; the private key then crosses the network.
     *
     * @default false
     */
    serverGenerated?: pulumi.Input<boolean>;
    /**
     * Take over a keypair that already exists under `name`, but only when its fingerprint matches
     * `publicKey`; otherwise the create fails and explains the mismatch.
     *
     * @default false: an existing keypair fails the create with a message saying how to adopt it
     */
    adoptExisting?: pulumi.Input<boolean>;
    /**
     * Keypair type. `x509` needs compute API microversion 2.2.
     *
     * @default "ssh"
     */
    type?: pulumi.Input<KeypairType>;
    /**
     * Id of the user who owns the keypair, for an administrator managing another user's keypair.
     * Needs compute API microversion 2.10 and the admin role.
     *
     * @default the authenticated user
     */
    userId?: pulumi.Input<string>;
}

/**
 * An SSH key pair of Huawei Cloud ECS or OpenStack Nova, managed through the os-keypairs API.
 *
 * @example Import an existing public key
 * ```typescript
 * import * as fs from "fs";
 * import { Keypair } from "pulumi-os-keypairs";
 *
 * const deploy = new Keypair("deploy", {
 *     publicKey: fs.readFileSync(`${process.env.HOME}/.ssh/id_ed25519.pub`, "utf8"),
 * });
 * export const fingerprint = deploy.fingerprint;
 * ```
 *
 * @example Generate the key pair locally and import its public half
 * ```typescript
 * const generated = new Keypair("generated", { keyAlgorithm: "ed25519" });
 * export const privateKey = generated.privateKey; // a secret output
 * ```
 */
export class Keypair extends pulumi.dynamic.Resource {
    /** Name of the keypair in the cloud. */
    declare public readonly name: pulumi.Output<string>;
    /** Public key as the server stores it. */
    declare public readonly publicKey: pulumi.Output<string>;
    /** Server-computed fingerprint: MD5 of the key blob for ssh, SHA-1 of the certificate for x509. */
    declare public readonly fingerprint: pulumi.Output<string>;
    /** Keypair type, `ssh` or `x509`. */
    declare public readonly type: pulumi.Output<KeypairType>;
    /** Id of the user who owns the keypair. */
    declare public readonly userId: pulumi.Output<string>;
    /** Creation time as the server reports it (ISO 8601, UTC). */
    declare public readonly createdAt: pulumi.Output<string | undefined>;
    /**
     * Generated private key: OpenSSH format when the provider made it, the server's format when
     * the server did; a secret output. Undefined for an imported public key.
     */
    declare public readonly privateKey: pulumi.Output<string | undefined>;
    /**
     * The provider-generated private key in PEM (PKCS#1 for rsa, SEC1 for ecdsa, PKCS#8 for
     * ed25519); a secret output. Undefined for imported and server-generated keys.
     */
    declare public readonly privateKeyPem: pulumi.Output<string | undefined>;

    /**
     * Declares a keypair.
     *
     * @param name
     *   The unique name of the resource; the keypair's name derives from it unless `args.name` is set.
     * @param args
     *   The keypair's inputs.
     * @param opts
     *   Resource options. `privateKey` and `privateKeyPem` are always added to `additionalSecretOutputs`.
     */
    constructor(name: string, args: KeypairArgs = {}, opts: pulumi.CustomResourceOptions = {}) {
        const props = {
            name: args.name,
            publicKey: args.publicKey,
            type: args.type,
            userId: args.userId,
            keyAlgorithm: args.keyAlgorithm,
            keyBits: args.keyBits,
            serverGenerated: args.serverGenerated,
            adoptExisting: args.adoptExisting,
            autoNamePrefix: name,
            fingerprint: undefined,
            createdAt: undefined,
            privateKey: undefined,
            privateKeyPem: undefined,
        };
        const secretOutputs = [...(opts.additionalSecretOutputs ?? []), "privateKey", "privateKeyPem"];
        super(sharedProvider(), name, props, { ...opts, additionalSecretOutputs: secretOutputs }, "os-keypairs", "Keypair");
    }

    /**
     * Reads an existing keypair into the program without managing it.
     *
     * @param name
     *   The resource name to give it in the program.
     * @param id
     *   The keypair's name, or `userId/name` for another user's keypair.
     */
    static get(name: string, id: pulumi.Input<pulumi.ID>, opts: pulumi.CustomResourceOptions = {}): Keypair {
        return new Keypair(name, {}, { ...opts, id });
    }
}

let provider: pulumi.dynamic.ResourceProvider | undefined;

/** One loader object for every Keypair, so that Pulumi serializes it once per program. */
function sharedProvider(): pulumi.dynamic.ResourceProvider {
    provider ??= createProviderLoader();
    return provider;
}
