/**
 * Huawei Cloud system policies and roles that can grant the os-keypairs actions, with their
 * documents as published. Evaluation falls back to these documents when the caller names a
 * permission (for example a role name from a token) without giving its document.
 *
 * The documents are as published, but Huawei can change a system permission at any time, so
 * the document that IAM returns for a role (the `policy` field of GET /v3/roles) should be
 * preferred whenever it is available.
 */

/** A system policy or role. */
export interface CatalogueEntry {
    /** The name the console shows, such as "ECS FullAccess". */
    displayName: string;
    /** Earlier display names of the same permission in Huawei's documents. */
    aliases: readonly string[];
    /**
     * The name IAM uses in tokens and role assignments, such as "te_admin". Undefined where no
     * source gives it.
     */
    name?: string;
    /** "policy" for a fine-grained system policy, "role" for an RBAC system role. */
    kind: "policy" | "role";
    /** The published document; undefined where none was found. */
    document?: unknown;
    /** Address of the published document, or, for an entry without one, of a page that describes the permission. */
    source: string;
    /**
     * Order of the scope that the policy's published description states, from keypairs only (1)
     * to all of ECS (4); suggestions pick the lowest. Undefined for permissions that are never
     * suggested: roles, which Huawei advises against where a service has policies, and policies
     * without a published document or with an assumed one.
     */
    scopeRank?: number;
}

/**
 * Role names: terraform-provider-huaweicloud, docs/data-sources/identity_role.md at 7ce2332.
 * NOTE: the `system_all_N` names differ between clouds and over time (that file's earlier
 * revision 178af04 gives system_all_1 to "ECS User", and Open Telekom Cloud numbers its
 * policies differently), so look permissions up by display name where one is available.
 */
const TERRAFORM_ROLE_NAMES =
    "https://github.com/huaweicloud/terraform-provider-huaweicloud/blob/7ce2332a18ee70c2853063819cb1d44a72765609/docs/data-sources/identity_role.md";

const OTC_ECS_PERMISSIONS =
    "https://github.com/opentelekomcloud-docs/elastic-cloud-server/blob/efcbeed12e98e9eaa6bc560d312a843fefcbfa8f/umn/source/service_overview/permissions.rst";

const HUAWEI_IAM_GROUP_ROLES =
    "https://github.com/huaweicloudDocs/iam/blob/b36ee5c1ca947a9c0683f5c67770e5b8683987d2/cn.zh-cn/API参考/查询项目对应的用户组的权限.md";

const HUAWEI_CSS_CUSTOM_POLICIES =
    "https://github.com/huaweicloudDocs/css/blob/011b5b1dcc5adb91a57116043ea4390de16bfcf7/cn.zh-cn/用户指南/CSS自定义策略.md";

export const SYSTEM_PERMISSIONS: readonly CatalogueEntry[] = deepFreeze([
    {
        displayName: "ECS FullAccess",
        aliases: [],
        name: "system_all_3",
        kind: "policy",
        // NOTE: Huawei Cloud's own page for this document (productdesc-ecs/ecs_01_0059.html) could
        // not be read. The text is Open Telekom Cloud's edition of the same topic
        // (en-us_topic_0170232209), from a cloud built on Huawei's stack.
        source: OTC_ECS_PERMISSIONS,
        scopeRank: 4,
        document: {
            Version: "1.1",
            Statement: [
                {
                    Effect: "Allow",
                    Action: [
                        "ecs:*:*",
                        "evs:*:get",
                        "evs:*:list",
                        "evs:volumes:create",
                        "evs:volumes:delete",
                        "evs:volumes:attach",
                        "evs:volumes:detach",
                        "evs:volumes:manage",
                        "evs:volumes:update",
                        "evs:volumes:use",
                        "evs:volumes:uploadImage",
                        "evs:snapshots:create",
                        "vpc:*:get",
                        "vpc:*:list",
                        "vpc:networks:create",
                        "vpc:networks:update",
                        "vpc:subnets:update",
                        "vpc:subnets:create",
                        "vpc:ports:*",
                        "vpc:routers:get",
                        "vpc:routers:update",
                        "vpc:securityGroups:*",
                        "vpc:securityGroupRules:*",
                        "vpc:floatingIps:*",
                        "vpc:publicIps:*",
                        "ims:images:create",
                        "ims:images:delete",
                        "ims:images:get",
                        "ims:images:list",
                        "ims:images:update",
                        "ims:images:upload",
                    ],
                },
            ],
        },
    },
    {
        displayName: "ECS CommonOperations",
        aliases: [],
        name: "system_all_1",
        kind: "policy",
        // NOTE: the text is Open Telekom Cloud's edition, as for ECS FullAccess. An earlier revision
        // of that file listed a few more actions (FPGA images, auto recovery). The keypair actions
        // ("ecs:*:get*", "ecs:*:list*", "ecs:serverKeypairs:*") were the same in both.
        source: OTC_ECS_PERMISSIONS,
        scopeRank: 3,
        document: {
            Version: "1.1",
            Statement: [
                {
                    Effect: "Allow",
                    Action: [
                        "ecs:*:get*",
                        "ecs:*:list*",
                        "ecs:*:start",
                        "ecs:*:stop",
                        "ecs:*:reboot",
                        "ecs:diskConfigs:use",
                        "ecs:securityGroups:use",
                        "ecs:serverGroups:manage",
                        "ecs:serverKeypairs:*",
                        "ecs:serverPasswords:manage",
                        "ecs:servers:createConsole",
                        "ecs:servers:createImage",
                        "ecs:servers:setMetadata",
                        "ecs:servers:setTags",
                        "ecs:serverVolumes:use",
                        "evs:*:get*",
                        "evs:*:list*",
                        "evs:snapshots:create",
                        "evs:volumes:uploadImage",
                        "evs:volumes:delete",
                        "evs:volumes:update",
                        "evs:volumes:attach",
                        "evs:volumes:detach",
                        "evs:volumes:manage",
                        "evs:volumes:use",
                        "vpc:*:get*",
                        "vpc:*:list*",
                        "vpc:floatingIps:create",
                        "vpc:floatingIps:update",
                        "vpc:floatingIps:delete",
                        "vpc:publicIps:update",
                        "vpc:publicIps:delete",
                        "ims:images:create",
                        "ims:images:delete",
                        "ims:images:get",
                        "ims:images:list",
                        "ims:images:update",
                        "ims:images:upload",
                    ],
                },
            ],
        },
    },
    {
        displayName: "ECS ReadOnlyAccess",
        aliases: [],
        name: "system_all_8",
        kind: "policy",
        // NOTE: the text is Open Telekom Cloud's edition; Huawei's ECS user guide publishes the same
        // document, word for word, for the earlier policy "ECS Viewer" (see that entry).
        source: OTC_ECS_PERMISSIONS,
        scopeRank: 2,
        document: {
            Version: "1.1",
            Statement: [
                {
                    Effect: "Allow",
                    Action: [
                        "ecs:*:get*",
                        "ecs:*:list*",
                        "ecs:serverGroups:manage",
                        "ecs:serverVolumes:use",
                        "evs:*:get*",
                        "evs:*:list*",
                        "vpc:*:get*",
                        "vpc:*:list*",
                        "ims:*:get*",
                        "ims:*:list*",
                    ],
                },
            ],
        },
    },
    {
        displayName: "ECS Viewer",
        aliases: [],
        // The earlier revision 178af04 of the Terraform role table gives this name.
        name: "system_all_2",
        kind: "policy",
        source:
            "https://github.com/huaweicloudDocs/ecs/blob/a9819f2335f58eecb2e0ca0f45f0ef5deec288f1/cn.zh-cn/用户指南/策略语法-细粒度策略.md",
        document: {
            Version: "1.1",
            Statement: [
                {
                    Effect: "Allow",
                    Action: [
                        "ecs:*:get*",
                        "ecs:*:list*",
                        "ecs:serverGroups:manage",
                        "ecs:serverVolumes:use",
                        "evs:*:get*",
                        "evs:*:list*",
                        "vpc:*:get*",
                        "vpc:*:list*",
                        "ims:*:get*",
                        "ims:*:list*",
                    ],
                },
            ],
        },
    },
    {
        displayName: "Server Administrator",
        aliases: [],
        name: "server_adm",
        kind: "role",
        // NOTE: Huawei's CSS user guide publishes it as a Version 1.1 document with four
        // dependencies. Huawei's system permissions table (usermanual-permissions iam_01_0001.html)
        // calls it a role that depends on Tenant Guest only, and Open Telekom Cloud's edition has
        // the same statement without Depends.
        source: HUAWEI_CSS_CUSTOM_POLICIES,
        document: {
            Version: "1.1",
            Statement: [
                {
                    Action: [
                        "ecs:*:*",
                        "evs:*:get",
                        "evs:*:list",
                        "evs:volumes:create",
                        "evs:volumes:delete",
                        "evs:volumes:attach",
                        "evs:volumes:detach",
                        "evs:volumes:manage",
                        "evs:volumes:update",
                        "evs:volumes:uploadImage",
                        "evs:snapshots:create",
                        "vpc:*:get",
                        "vpc:*:list",
                        "vpc:networks:create",
                        "vpc:networks:update",
                        "vpc:subnets:update",
                        "vpc:subnets:create",
                        "vpc:routers:get",
                        "vpc:routers:update",
                        "vpc:ports:*",
                        "vpc:privateIps:*",
                        "vpc:securityGroups:*",
                        "vpc:securityGroupRules:*",
                        "vpc:floatingIps:*",
                        "vpc:publicIps:*",
                        "vpc:bandwidths:*",
                        "vpc:firewalls:*",
                        "ims:images:create",
                        "ims:images:delete",
                        "ims:images:get",
                        "ims:images:list",
                        "ims:images:update",
                        "ims:images:upload",
                    ],
                    Effect: "Allow",
                },
            ],
            Depends: [
                {
                    catalog: "BASE",
                    display_name: "Tenant Guest",
                },
                {
                    catalog: "BASE",
                    display_name: "BSS Administrator",
                },
                {
                    catalog: "BASE",
                    display_name: "VPC Administrator",
                },
                {
                    catalog: "BASE",
                    display_name: "IMS Administrator",
                },
            ],
        },
    },
    {
        displayName: "Tenant Administrator",
        aliases: [],
        name: "te_admin",
        kind: "role",
        // NOTE: from a response example of the IAM API reference, removed from that repository in
        // 2020; the current role may differ.
        source: HUAWEI_IAM_GROUP_ROLES,
        document: {
            Version: "1.0",
            Statement: [
                {
                    Action: [
                        "*",
                    ],
                    Effect: "Allow",
                },
                {
                    Action: [
                        "identity:*",
                    ],
                    Effect: "Deny",
                },
            ],
        },
    },
    {
        displayName: "Tenant Guest",
        // The IAM API example shows this role with the display name "Guest".
        aliases: ["Guest"],
        name: "readonly",
        kind: "role",
        // NOTE: from the same 2020 API example as Tenant Administrator.
        source: HUAWEI_IAM_GROUP_ROLES,
        document: {
            Version: "1.0",
            Statement: [
                {
                    Action: [
                        "*:*:Get*",
                        "*:*:List*",
                    ],
                    Effect: "Allow",
                },
                {
                    Action: [
                        "identity:*",
                    ],
                    Effect: "Deny",
                },
            ],
        },
    },
    {
        displayName: "VPC Administrator",
        aliases: [],
        name: "vpc_netadm",
        kind: "role",
        // NOTE: Huawei's system permissions table states that this role depends on Tenant Guest,
        // but the published document has no Depends element.
        source: HUAWEI_CSS_CUSTOM_POLICIES,
        document: {
            Version: "1.0",
            Statement: [
                {
                    Action: [
                        "vpc:vpcs:*",
                        "vpc:routers:*",
                        "vpc:networks:*",
                        "vpc:subnets:*",
                        "vpc:ports:*",
                        "vpc:privateIps:*",
                        "vpc:peerings:*",
                        "vpc:routes:*",
                        "vpc:lbaas:*",
                        "vpc:vpns:*",
                        "ecs:*:get",
                        "ecs:*:list",
                        "elb:*:get",
                        "elb:*:list",
                    ],
                    Effect: "Allow",
                },
            ],
        },
    },
    {
        displayName: "DEW KeypairFullAccess",
        // NOTE: assumed to be the policy that Huawei's DEW guide of 2020 calls "DEW Keypair Admin".
        // The DEW guide of 2023 lists DEW KeypairFullAccess instead and no longer shows the document.
        aliases: ["DEW Keypair Admin"],
        kind: "policy",
        source:
            "https://github.com/huaweicloudDocs/dew/blob/9163d653b731c31f3da3d0768cc6a727f40e1b52/cn.zh-cn/用户指南/策略语法-细粒度策略.md",
        // No scopeRank: a policy whose document is assumed is evaluated but never suggested.
        document: {
            Version: "1.1",
            Statement: [
                {
                    Action: [
                        "kps:domainKeypairs:*",
                        "ecs:serverKeypairs:*",
                    ],
                    Effect: "Allow",
                },
            ],
        },
    },
    // The entries below matter for keypairs, but no published document was found for them.
    {
        // NOTE: document not found; described as full permissions for all services that support
        // policy-based authorization.
        displayName: "FullAccess",
        aliases: [],
        name: "system_all_1001",
        kind: "policy",
        source: TERRAFORM_ROLE_NAMES,
    },
    {
        // NOTE: document not found; described as read-only access to DEW's keypair service.
        displayName: "DEW KeypairReadOnlyAccess",
        aliases: [],
        kind: "policy",
        source: "https://github.com/huaweicloudDocs/dew/blob/e7a8f2048393baac63a50655cad565a18633ef00/cn.zh-cn/用户指南/创建用户并授权使用DEW.md",
    },
    {
        // NOTE: document not found. Huawei's DEW guide states that the role includes ecs:serverKeypairs:delete.
        displayName: "KMS Administrator",
        aliases: [],
        name: "kms_adm",
        kind: "role",
        source:
            "https://github.com/huaweicloudDocs/dew/blob/0f5d0e1d54c7f5599728d23c6837edca2ad0bedb/cn.zh-cn/用户指南/创建DEW自定义策略.md",
    },
    {
        // NOTE: document not found; named as a dependency of Server Administrator.
        displayName: "BSS Administrator",
        aliases: [],
        kind: "role",
        source: HUAWEI_CSS_CUSTOM_POLICIES,
    },
    {
        // NOTE: document not found; named as a dependency of Server Administrator.
        displayName: "IMS Administrator",
        aliases: [],
        name: "ims_adm",
        kind: "role",
        source: TERRAFORM_ROLE_NAMES,
    },
]);

/** Finds the entry whose name, display name or earlier display name is `nameOrDisplayName`. */
export function findCatalogueEntry(
    nameOrDisplayName: string,
    catalogue: readonly CatalogueEntry[] = SYSTEM_PERMISSIONS,
): CatalogueEntry | undefined {
    return catalogue.find(
        (entry) =>
            entry.name === nameOrDisplayName ||
            entry.displayName === nameOrDisplayName ||
            entry.aliases.includes(nameOrDisplayName),
    );
}

function deepFreeze<T>(value: T): T {
    if (typeof value === "object" && value !== null) {
        for (const child of Object.values(value)) {
            deepFreeze(child);
        }
        Object.freeze(value);
    }
    return value;
}
