/**
 * The IAM actions of the os-keypairs API and the planned operations that need them.
 *
 * Source: ECS API reference, "SSH密钥管理" (huaweicloudDocs/ecs cn.zh-cn/API参考/SSH密钥管理.md at
 * bd661ad, 2024). It maps POST, GET (one and list) and DELETE on /v2.1/{project_id}/os-keypairs
 * to these four actions, and marks them as authorized by IAM project only: neither enterprise
 * projects, instances nor tags can scope them.
 */

export const KEYPAIR_ACTIONS = {
    create: "ecs:serverKeypairs:create",
    get: "ecs:serverKeypairs:get",
    list: "ecs:serverKeypairs:list",
    delete: "ecs:serverKeypairs:delete",
} as const;

export type KeypairAction = (typeof KEYPAIR_ACTIONS)[keyof typeof KEYPAIR_ACTIONS];

/** A change that `pulumi preview` plans for a keypair, or a query of the keypairs. */
export type KeypairOperation = "create" | "replace" | "refresh" | "destroy" | "list";

const OPERATION_ACTIONS: Readonly<Record<KeypairOperation, readonly KeypairAction[]>> = {
    create: [KEYPAIR_ACTIONS.create],
    replace: [KEYPAIR_ACTIONS.create, KEYPAIR_ACTIONS.delete],
    refresh: [KEYPAIR_ACTIONS.get],
    destroy: [KEYPAIR_ACTIONS.delete],
    list: [KEYPAIR_ACTIONS.list],
};

/**
 * Returns the actions an operation needs. Create also reads the keypair back (GET), but a
 * failed read leaves the created keypair in place, so the get action is not required for it.
 */
export function requiredActions(operation: KeypairOperation): readonly KeypairAction[] {
    return OPERATION_ACTIONS[operation];
}

/** Reports whether `action` is one of the os-keypairs actions. */
export function isKeypairAction(action: string): action is KeypairAction {
    return (Object.values(KEYPAIR_ACTIONS) as string[]).includes(action);
}
