/**
 * The Keypair resource's lifecycle as a Pulumi dynamic provider: check, diff, create, read and
 * delete mapped onto the os-keypairs API.
 */
import { checkHuaweiSettings, currentCompute, setConfigLookup, usesHuaweiCloud } from "./context";
import { ApiError, isApiStatus, KeypairError } from "./errors";
import { checkInputs, CheckFailure, keyIdentity, KeypairInputs, parsedKeyOf, toKeypairInputs, UNKNOWN } from "./inputs";
import { generateKey, GeneratedKey, KeyAlgorithm } from "./generate";
import { fingerprintOfPrivateKey } from "./keys";
import { debug } from "./log";
import { checkPermissions, permissionFailures, permissionSettingsProblem, warnAboutDestroy } from "./permissions";
import { connectEngine, warn } from "./warnings";
import { ComputeClient } from "./nova/compute";
import { createKeypair, CreateOpts, deleteKeypair, getKeypair } from "./nova/keypairs/requests";
import { NovaKeypair } from "./nova/keypairs/results";
import { chooseKeypairMicroversion, VersionRange } from "./nova/microversions";

type PropertyBag = Record<string, unknown>;

/** The outputs of a Keypair, as stored in the state. */
export interface KeypairOutputs {
    name: string;
    publicKey: string;
    fingerprint: string;
    type: "ssh" | "x509";
    userId?: string;
    createdAt?: string;
    /** Only for a generated key, in OpenSSH format; the SDK marks it as a secret output. */
    privateKey?: string;
    /** The same key in PEM, for a key the provider generated; a secret output. */
    privateKeyPem?: string;
    autoNamePrefix?: string;
    /** Key source settings, stored so that diff detects a change of them. */
    keyAlgorithm?: KeyAlgorithm;
    keyBits?: number;
    serverGenerated?: boolean;
}

/** The subset of Pulumi's ConfigureRequest that the provider reads. */
export interface ConfigureRequest {
    config: { get(key: string): string | undefined };
}

/** Keeps the engine's Config, from which settings are read when a request needs them. */
export async function configure(req: ConfigureRequest): Promise<void> {
    setConfigLookup((key) => req.config.get(key));
    // The dynamic provider host runs with the engine's address as its first argument.
    connectEngine(process.argv[2]);
}

/**
 * Validates the inputs, then what the cloud itself limits: the key length on Huawei Cloud ECS,
 * and the microversion that `type: "x509"` or `userId` needs (read only when one is set). For a
 * new keypair (no old inputs) it then checks the permission to create it, and adds a failure
 * when the permission check's mode makes the verdict fatal.
 */
export async function check(olds: PropertyBag, news: PropertyBag): Promise<{ inputs: PropertyBag; failures: CheckFailure[] }> {
    checkHuaweiSettings();
    const result = checkInputs(olds, news);
    if (result.failures.length === 0) {
        result.failures.push(...(await checkAgainstCloud(toKeypairInputs(result.inputs))));
    }
    const settingsProblem = permissionSettingsProblem();
    if (settingsProblem !== undefined) {
        result.failures.push({ property: "", reason: settingsProblem });
    }
    if (result.failures.length === 0 && Object.keys(olds).length === 0) {
        const subject = describeKeypair(result.inputs.name);
        if (typeof result.inputs.userId === "string" && result.inputs.userId !== UNKNOWN) {
            warn(
                `${subject} is managed for user ${result.inputs.userId}: the preview checks the IAM actions of the caller, ` +
                    "but managing another user's keypair also needs Nova's admin rule, which IAM policies do not describe",
                "userId",
            );
        }
        // A failure without a property is shown as a problem of the resource as a whole.
        const denials = await permissionFailures("create", subject);
        result.failures.push(...denials.map((reason) => ({ property: "", reason })));
        if (denials.length === 0) {
            await warnAboutDestroy(subject);
        }
    }
    return result;
}

/** Names a keypair in messages; its name may still be unknown during a preview. */
function describeKeypair(name: unknown): string {
    return typeof name === "string" && name !== UNKNOWN ? `keypair "${name}"` : "a keypair whose name is not known yet";
}

/**
 * Huawei's ECS API reference for importing a key pair (native OpenStack API) recommends public
 * keys of at most 1,024 bytes, because longer ones can fail to be injected into servers.
 */
export const HUAWEI_MAX_PUBLIC_KEY_BYTES = 1024;

async function checkAgainstCloud(inputs: KeypairInputs): Promise<CheckFailure[]> {
    const failures: CheckFailure[] = [];
    if (usesHuaweiCloud() && inputs.publicKey !== undefined && inputs.publicKey !== UNKNOWN) {
        const bytes = Buffer.byteLength(inputs.publicKey.trim(), "utf8");
        if (bytes > HUAWEI_MAX_PUBLIC_KEY_BYTES) {
            failures.push({
                property: "publicKey",
                reason:
                    `publicKey is ${bytes} bytes long, but Huawei Cloud ECS accepts at most ${HUAWEI_MAX_PUBLIC_KEY_BYTES}; ` +
                    "use an ed25519, ECDSA or RSA key of at most 4096 bits",
            });
        }
    }
    if (inputs.type !== "x509" && inputs.userId === undefined) {
        return failures;
    }
    let range: VersionRange | undefined;
    try {
        range = await currentCompute().compute.versionRange();
    } catch (error) {
        // Preview still fails later, in create, if the cloud cannot be reached; check stays offline-tolerant.
        debug("check could not read the compute API version: %s", (error as Error).message);
        return failures;
    }
    try {
        chooseKeypairMicroversion(range, inputs);
    } catch (error) {
        if (!KeypairError.isInstance(error) || error.code !== "UNSUPPORTED_MICROVERSION") {
            throw error;
        }
        failures.push({ property: inputs.userId !== undefined ? "userId" : "type", reason: error.message });
    }
    return failures;
}

/**
 * Compares key material by fingerprint, so that a changed comment or trailing newline is no
 * change. Any real change replaces the keypair; with an unchanged name (and owner) the old one
 * must be deleted first, because names are unique per user.
 */
export async function diff(
    id: string,
    olds: PropertyBag,
    news: PropertyBag,
): Promise<{ changes: boolean; replaces: string[]; deleteBeforeReplace: boolean }> {
    const state = olds as Partial<KeypairOutputs>;
    const inputs = toKeypairInputs(news);
    const replaces: string[] = [];

    if (news.name === UNKNOWN || inputs.name !== state.name) {
        replaces.push("name");
    }
    if (news.type === UNKNOWN || (inputs.type ?? "ssh") !== (state.type ?? "ssh")) {
        replaces.push("type");
    }
    if (news.userId === UNKNOWN || inputs.userId !== parseId(id).userId) {
        replaces.push("userId");
    }
    if (publicKeyChanged(state, inputs, news.publicKey === UNKNOWN)) {
        replaces.push("publicKey");
    }
    if (inputs.publicKey === undefined) {
        if (inputs.keyAlgorithm !== state.keyAlgorithm) {
            replaces.push("keyAlgorithm");
        }
        if (inputs.keyBits !== state.keyBits) {
            replaces.push("keyBits");
        }
        if (Boolean(inputs.serverGenerated) !== Boolean(state.serverGenerated)) {
            replaces.push("serverGenerated");
        }
    }
    const sameOwnerAndName = !replaces.includes("name") && !replaces.includes("userId");
    debug("diff %s: replaces [%s]", id, replaces.join(", "));
    const subject = describeKeypair(state.name ?? parseId(id).name);
    if (replaces.length > 0) {
        await checkPermissions("replace", subject);
    }
    await warnAboutDestroy(subject);
    return { changes: replaces.length > 0, replaces, deleteBeforeReplace: replaces.length > 0 && sameOwnerAndName };
}

function publicKeyChanged(state: Partial<KeypairOutputs>, inputs: KeypairInputs, unknown: boolean): boolean {
    if (unknown) {
        return true;
    }
    if (inputs.publicKey !== undefined) {
        return keyIdentity(inputs.publicKey, inputs.type) !== state.fingerprint;
    }
    // The key was generated, here or by the server. It is still the same key while the private key
    // in the state matches the fingerprint that refresh last read; an imported keypair has none.
    if (state.privateKey === undefined) {
        return true;
    }
    const generated = fingerprintOfPrivateKey(state.privateKey);
    return generated !== undefined && generated !== state.fingerprint;
}

/**
 * Creates the keypair: imports the given or locally generated public key, or lets the server
 * generate one; then reads it back for its creation time.
 */
export async function create(news: PropertyBag): Promise<{ id: string; outs: KeypairOutputs }> {
    const inputs = toKeypairInputs(news);
    const { compute } = currentCompute();
    const microversion = chooseKeypairMicroversion(await compute.versionRange(), inputs);
    const generated = inputs.keyAlgorithm ? generateKey(inputs.keyAlgorithm, inputs.keyBits, inputs.name) : undefined;
    const publicKey = generated?.publicKey ?? inputs.publicKey?.trim();
    const fingerprint = generated?.fingerprint ?? parsedKeyOf(inputs)?.fingerprint;

    const body: CreateOpts = { name: inputs.name, publicKey, type: inputs.type, userId: inputs.userId };
    let created: NovaKeypair;
    try {
        created = await createKeypair(compute, body, microversion);
    } catch (error) {
        if (isApiStatus(error, 409)) {
            created = await adoptOrExplain(compute, inputs, fingerprint, error as ApiError, microversion);
        } else {
            created = await recoverLostCreate(compute, inputs, body, fingerprint, error, microversion);
        }
    }

    // The create response lacks created_at and, before 2.10, the owner, but a GET has both. A
    // failure here must not lose the keypair just made (nor its private key), so it only leaves them out.
    const shown = await getKeypair(compute, inputs.name, inputs.userId, microversion).catch((error: unknown) => {
        debug("reading back keypair %s failed: %s", inputs.name, (error as Error).message);
        return undefined;
    });
    const owner = shown?.userId ?? created.userId ?? inputs.userId ?? (await compute.identity()).userId;
    const outs = toOutputs({ ...created, createdAt: shown?.createdAt ?? created.createdAt, userId: owner }, inputs);
    addGeneratedKey(outs, inputs, generated);
    return { id: makeId(inputs.name, inputs.userId), outs };
}

function addGeneratedKey(outs: KeypairOutputs, inputs: KeypairInputs, generated: GeneratedKey | undefined): void {
    if (generated) {
        outs.privateKey = generated.privateKeyOpenssh;
        outs.privateKeyPem = generated.privateKeyPem;
        outs.keyAlgorithm = inputs.keyAlgorithm;
        if (inputs.keyBits !== undefined) {
            outs.keyBits = inputs.keyBits;
        }
    }
    if (inputs.serverGenerated) {
        outs.serverGenerated = true;
    }
}

/**
 * Handles a 409: with adoptExisting, takes over the existing keypair when its fingerprint is the
 * requested one; otherwise explains how to bring it under management.
 */
async function adoptOrExplain(
    compute: ComputeClient,
    inputs: KeypairInputs,
    fingerprint: string | undefined,
    error: ApiError,
    microversion: readonly [number, number] | undefined,
): Promise<NovaKeypair> {
    if (!inputs.adoptExisting) {
        throw await conflictError(compute, inputs, error);
    }
    const existing = await getKeypair(compute, inputs.name, inputs.userId, microversion);
    if (existing && existing.fingerprint === fingerprint) {
        debug("adopting existing keypair %s", inputs.name);
        return existing;
    }
    throw new KeypairError(
        "KEYPAIR_EXISTS",
        `keypair "${inputs.name}" already exists, but adoptExisting takes it over only when its key is the requested one: ` +
            `it has fingerprint ${existing?.fingerprint ?? "unknown"}, the publicKey has ${fingerprint}. ` +
            "Give the existing keypair's public key, choose another name, or delete the existing keypair and run again",
        { cause: error },
    );
}

/**
 * After a create whose response was lost (connection reset, timeout), the keypair may exist. An
 * imported or locally generated key with the same fingerprint is ours. When no keypair of the name
 * exists, the POST never took effect and is sent once more. Anything else is reported, not guessed at.
 */
async function recoverLostCreate(
    compute: ComputeClient,
    inputs: KeypairInputs,
    body: CreateOpts,
    fingerprint: string | undefined,
    error: unknown,
    microversion: readonly [number, number] | undefined,
): Promise<NovaKeypair> {
    if (!KeypairError.isInstance(error) || error.code !== "NETWORK_ERROR") {
        throw error;
    }
    const existing = await getKeypair(compute, inputs.name, inputs.userId, microversion);
    if (!existing) {
        debug("create of %s failed before the server stored it (%s), sending it again", inputs.name, error.message);
        return createKeypair(compute, body, microversion);
    }
    if (fingerprint !== undefined && existing.fingerprint === fingerprint) {
        debug("create of %s lost its response, but the keypair exists with the requested key", inputs.name);
        return existing;
    }
    throw new KeypairError(
        "NETWORK_ERROR",
        `creating keypair "${inputs.name}" lost its response (${error.message}), and a keypair of that name now exists ` +
            `with fingerprint ${existing.fingerprint}; if the server generated it, its private key could not be received, ` +
            "so delete the keypair and run the update again",
    );
}

async function conflictError(compute: ComputeClient, inputs: KeypairInputs, error: ApiError): Promise<KeypairError> {
    const { projectId } = await compute.identity().catch(() => ({ projectId: "the project" }));
    const id = makeId(inputs.name, inputs.userId);
    const owner = inputs.userId ? `user ${inputs.userId}` : "the authenticated user";
    return new KeypairError(
        "KEYPAIR_EXISTS",
        `keypair "${inputs.name}" already exists for ${owner} in project ${projectId}` +
            `${error.requestId ? ` [request id ${error.requestId}]` : ""}; keypair names are unique per user. ` +
            `To bring it under management, set adoptExisting: true with a publicKey that matches its key; ` +
            `to use it without managing it, read it with Keypair.get("<resource name>", "${id}"); otherwise ` +
            `choose another name, or delete it (\`openstack keypair delete "${inputs.name}"\`) and run again`,
        { cause: error },
    );
}

/**
 * Reads the keypair by name. A 404 returns an empty id, so refresh drops it from the state and the
 * next update creates it again. A changed key updates the outputs, so the next update replaces it.
 */
export async function read(id: string, props: PropertyBag): Promise<{ id: string; props: PropertyBag }> {
    const { name, userId } = parseId(id);
    await checkPermissions("refresh", describeKeypair(name));
    const { compute } = currentCompute();
    const microversion = chooseKeypairMicroversion(await compute.versionRange(), { userId, type: readType(props) });
    const keypair = await getKeypair(compute, name, userId, microversion);
    if (!keypair) {
        debug("keypair %s is gone", id);
        return { id: "", props: {} };
    }
    const previous = props as Partial<KeypairOutputs>;
    const outs = toOutputs(keypair, {
        name,
        type: previous.type,
        userId,
        autoNamePrefix: previous.autoNamePrefix,
    });
    for (const key of ["privateKey", "privateKeyPem", "keyAlgorithm", "keyBits", "serverGenerated"] as const) {
        if (previous[key] !== undefined) {
            (outs as unknown as Record<string, unknown>)[key] = previous[key];
        }
    }
    return { id, props: { ...outs } };
}

function readType(props: PropertyBag): "ssh" | "x509" | undefined {
    return props.type === "x509" ? "x509" : undefined;
}

/** DELETEs the keypair; one that is already gone counts as deleted. */
export async function remove(id: string, props: PropertyBag): Promise<void> {
    const { name, userId } = parseId(id);
    const { compute } = currentCompute();
    const microversion = chooseKeypairMicroversion(await compute.versionRange(), { userId, type: readType(props) });
    const deleted = await deleteKeypair(compute, name, userId, microversion);
    if (!deleted) {
        debug("keypair %s was already deleted", id);
    }
}

function toOutputs(keypair: NovaKeypair, inputs: Partial<KeypairInputs> & { name: string }): KeypairOutputs {
    const outs: KeypairOutputs = {
        name: keypair.name,
        publicKey: keypair.publicKey,
        fingerprint: keypair.fingerprint,
        type: keypair.type ?? inputs.type ?? "ssh",
    };
    if (keypair.userId !== undefined) {
        outs.userId = keypair.userId;
    }
    if (keypair.createdAt !== undefined) {
        outs.createdAt = keypair.createdAt;
    }
    if (keypair.privateKey !== undefined) {
        outs.privateKey = keypair.privateKey;
    }
    if (inputs.autoNamePrefix !== undefined) {
        outs.autoNamePrefix = inputs.autoNamePrefix;
    }
    return outs;
}

/**
 * Builds the resource id: the name, or `userId/name` for a keypair managed for another user.
 * Names cannot contain "/", so the id parses back without ambiguity.
 */
export function makeId(name: string, userId: string | undefined): string {
    return userId === undefined ? name : `${userId}/${name}`;
}

export function parseId(id: string): { name: string; userId?: string } {
    const slash = id.indexOf("/");
    return slash < 0 ? { name: id } : { userId: id.slice(0, slash), name: id.slice(slash + 1) };
}
