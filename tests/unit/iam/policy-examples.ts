/**
 * Policy examples from Huawei Cloud's documentation, each with a request and the decision the
 * documented rules give. Documents are as published, except where a comment notes that the JSON
 * syntax was corrected (the published text lacks a comma or has a trailing one).
 */
import { CallerIdentity, Decision, HeldPermission } from "../../../provider/iam/evaluate";

export interface PolicyExample {
    /** Test name: the example, then the case. */
    name: string;
    /** Where the example is published. */
    source: string;
    permissions: HeldPermission[];
    identity: CallerIdentity;
    action: string;
    expected: Decision;
    /** The statement expected to decide, for explicit allows and denies. */
    decidedBy?: { permission: string; statementNumber: number };
}

const IAM_DOCS = "https://github.com/huaweicloudDocs/iam/blob/5d5f9de0e0b68887916a1724f219379ac30a1bf3/cn.zh-cn/用户指南";
const POLICY_SYNTAX = `${IAM_DOCS}/策略语法.md`;
const POLICY_CONTENT = `${IAM_DOCS}/策略内容.md`;
const CUSTOM_POLICY_EXAMPLES = `${IAM_DOCS}/自定义策略使用样例.md`;
const ROLES = `${IAM_DOCS}/角色.md`;
const ECS_POLICY_SYNTAX =
    "https://github.com/huaweicloudDocs/ecs/blob/a9819f2335f58eecb2e0ca0f45f0ef5deec288f1/cn.zh-cn/用户指南/策略语法-细粒度策略.md";
const ECS_CUSTOM_POLICIES = "https://github.com/huaweicloudDocs/ecs/blob/bd661adb110759e723670de9a42c649b43cf94ac/cn.zh-cn/用户指南/ECS自定义策略.md";
const ECS_CUSTOM_POLICIES_EN = "https://support.huaweicloud.com/intl/en-us/my-kualalumpur-1-usermanual-ecs/en-us_topic_0170265914.html";
const DEW_POLICY_SYNTAX =
    "https://github.com/huaweicloudDocs/dew/blob/9163d653b731c31f3da3d0768cc6a727f40e1b52/cn.zh-cn/用户指南/策略语法-细粒度策略.md";
const DEW_CUSTOM_POLICIES =
    "https://github.com/huaweicloudDocs/dew/blob/0f5d0e1d54c7f5599728d23c6837edca2ad0bedb/cn.zh-cn/用户指南/创建DEW自定义策略.md";

const ALICE: CallerIdentity = { userName: "alice", userId: "u-1", domainName: "example-account", projectName: "cn-north-4" };

const obsSyntaxExample: HeldPermission = {
    displayName: "obs-listing",
    document: {
        Version: "1.1",
        Statement: [
            {
                Effect: "Allow",
                Action: ["obs:bucket:ListAllMyBuckets", "obs:bucket:HeadBucket", "obs:bucket:ListBucket", "obs:bucket:GetBucketLocation"],
                Condition: {
                    StringEndWithIfExists: { "g:UserName": ["specialCharactor"] },
                    Bool: { "g:MFAPresent": ["true"] },
                },
                Resource: ["obs:*:*:bucket:*"],
            },
        ],
    },
};

const zhangSanExample: HeldPermission = {
    displayName: "zhangsan-objects",
    document: {
        Version: "1.1",
        Statement: [
            {
                Effect: "Allow",
                Action: ["obs:object:GetObject"],
                Condition: { StringEquals: { "g:DomainName": ["ZhangSan"] } },
            },
        ],
    },
};

const denyCts: HeldPermission = {
    displayName: "deny-cts",
    document: { Version: "1.1", Statement: [{ Effect: "Deny", Action: ["cts:*:*"] }] },
};

const denyTestBuckets: HeldPermission = {
    displayName: "deny-test-buckets",
    document: {
        Version: "1.1",
        Statement: [
            {
                Effect: "Deny",
                Action: ["obs:bucket:ListAllMybuckets", "obs:bucket:HeadBucket", "obs:bucket:ListBucket", "obs:bucket:GetBucketLocation"],
                Resource: ["obs:*:*:bucket:TestBucket*"],
                Condition: { StringStartWith: { "g:UserName": ["TestUser"] } },
            },
        ],
    },
};

// JSON syntax corrected: the published example lacks the comma after "Effect" and has a
// full-width comma after "elb:*:*".
const allowFiveServices: HeldPermission = {
    displayName: "five-services",
    document: { Version: "1.1", Statement: [{ Effect: "Allow", Action: ["ecs:*:*", "evs:*:*", "vpc:*:*", "elb:*:*", "aom:*:*"] }] },
};

// JSON syntax corrected: the published example does not close its Condition and statement.
const allowTestUserDeletion: HeldPermission = {
    displayName: "test-user-deletion",
    document: {
        Version: "1.1",
        Statement: [
            {
                Effect: "Allow",
                Action: ["obs:object:DeleteObject"],
                Resource: ["obs:*:*:object:my-bucket/my-object/*"],
                Condition: { StringStartWith: { "g:UserName": ["TestUser"] } },
            },
        ],
    },
};

// JSON syntax corrected: the published example lacks commas after the first statement's
// "Effect" and "Action" elements.
const allowAllButSix: HeldPermission = {
    displayName: "all-but-six",
    document: {
        Version: "1.1",
        Statement: [
            { Effect: "Allow", Action: ["*:*:*"] },
            { Action: ["ecs:*:*", "evs:*:*", "vpc:*:*", "elb:*:*", "aom:*:*", "apm:*:*"], Effect: "Deny" },
        ],
    },
};

const dnsAdministrator: HeldPermission = {
    displayName: "DNS Administrator",
    document: {
        Version: "1.0",
        Statement: [{ Action: ["DNS:Zone:*", "DNS:RecordSet:*", "DNS:PTRRecord:*"], Effect: "Allow" }],
        Depends: [
            { catalog: "BASE", display_name: "Tenant Guest" },
            { catalog: "VPC", display_name: "VPC Administrator" },
        ],
    },
};

const ecsViewer: HeldPermission = { displayName: "ECS Viewer" };

const ecsMultipleStatements: HeldPermission = {
    displayName: "ecs-and-ims",
    document: {
        Version: "1.1",
        Statement: [
            { Effect: "Allow", Action: ["ecs:cloudServers:resize", "ecs:cloudServers:delete", "ecs:cloudServers:rebuild"] },
            { Effect: "Allow", Action: ["ims:images:list", "ims:serverImages:create"] },
        ],
    },
};

const denyServerDeletion: HeldPermission = {
    displayName: "deny-server-deletion",
    document: { Version: "1.1", Statement: [{ Effect: "Deny", Action: ["ecs:cloudServers:delete"] }] },
};

const startStopRestart: HeldPermission = {
    displayName: "start-stop-restart",
    document: {
        Version: "1.1",
        Statement: [
            {
                Effect: "Allow",
                Action: [
                    "ecs:cloudServerFlavors:get",
                    "ecs:cloudServers:reboot",
                    "ecs:cloudServers:start",
                    "ecs:cloudServers:get",
                    "ecs:cloudServers:list",
                    "ecs:cloudServers:stop",
                ],
            },
        ],
    },
};

const dewKeypairAdmin: HeldPermission = { displayName: "DEW Keypair Admin" };

// JSON syntax corrected: the published example has a trailing comma after the statement.
const denyKeypairDeletion: HeldPermission = {
    displayName: "deny-keypair-deletion",
    document: { Version: "1.1", Statement: [{ Effect: "Deny", Action: ["ecs:serverKeypairs:delete"] }] },
};

const dewMultipleStatements: HeldPermission = {
    displayName: "keypairs-and-kms",
    document: {
        Version: "1.1",
        Statement: [
            { Effect: "Allow", Action: ["ecs:serverKeypairs:create"] },
            { Effect: "Allow", Action: ["kms:cmk:*", "kms:dek:*", "kms:grant:*", "kms:tag:*"] },
        ],
    },
};

const createKeypairs: HeldPermission = {
    displayName: "create-keypairs",
    document: { Version: "1.1", Statement: [{ Effect: "Allow", Action: ["ecs:serverKeypairs:create"] }] },
};

const listKeys: HeldPermission = {
    displayName: "list-keys",
    document: { Version: "1.1", Statement: [{ Effect: "Allow", Action: ["kms:cmk:list"] }] },
};

export const POLICY_EXAMPLES: readonly PolicyExample[] = [
    {
        name: "OBS syntax example: name suffix, MFA undecidable",
        source: POLICY_SYNTAX,
        permissions: [obsSyntaxExample],
        identity: { ...ALICE, userName: "alice-specialCharactor" },
        action: "obs:bucket:ListBucket",
        expected: "unknown",
    },
    {
        name: "OBS syntax example: other user name",
        source: POLICY_SYNTAX,
        permissions: [obsSyntaxExample],
        identity: ALICE,
        action: "obs:bucket:ListBucket",
        expected: "denied",
    },
    {
        name: "StringEquals example: account ZhangSan",
        source: POLICY_SYNTAX,
        permissions: [zhangSanExample],
        identity: { ...ALICE, domainName: "ZhangSan" },
        action: "obs:object:GetObject",
        expected: "allowed",
        decidedBy: { permission: "zhangsan-objects", statementNumber: 1 },
    },
    {
        name: "StringEquals example: account zhangsan",
        source: POLICY_SYNTAX,
        permissions: [zhangSanExample],
        identity: { ...ALICE, domainName: "zhangsan" },
        action: "obs:object:GetObject",
        expected: "denied",
    },
    {
        name: "NumberLessThanEquals example: obs:max-keys",
        source: POLICY_SYNTAX,
        permissions: [
            {
                displayName: "ten-keys",
                document: {
                    Version: "1.1",
                    Statement: [
                        {
                            Effect: "Allow",
                            Action: ["obs:bucket:ListBucket"],
                            Resource: ["OBS:*:*:bucket:example_bucket"],
                            Condition: { NumberLessThanEquals: { "obs:max-keys": ["10"] } },
                        },
                    ],
                },
            },
        ],
        identity: ALICE,
        action: "obs:bucket:ListBucket",
        expected: "unknown",
    },
    {
        name: "DateLessThan example: g:CurrentTime",
        source: POLICY_SYNTAX,
        permissions: [
            {
                displayName: "before-august",
                document: {
                    Version: "1.1",
                    Statement: [
                        {
                            Effect: "Allow",
                            Action: ["obs:bucket:CreateBucket"],
                            Condition: { DateLessThan: { "g:CurrentTime": ["2022-08-01T00:00:00Z"] } },
                        },
                    ],
                },
            },
        ],
        identity: ALICE,
        action: "obs:bucket:CreateBucket",
        expected: "unknown",
    },
    {
        name: "Bool example: g:MFAPresent",
        source: POLICY_SYNTAX,
        permissions: [
            {
                displayName: "mfa-only",
                document: {
                    Version: "1.1",
                    Statement: [
                        {
                            Effect: "Allow",
                            Action: ["iam:credentials:updateCredential"],
                            Condition: { Bool: { "g:MFAPresent": ["true"] } },
                        },
                    ],
                },
            },
        ],
        identity: ALICE,
        action: "iam:credentials:updateCredential",
        expected: "unknown",
    },
    {
        name: "Null example: obs:SourceVpc",
        source: POLICY_SYNTAX,
        permissions: [
            {
                displayName: "vpc-only",
                document: {
                    Version: "1.1",
                    // The leading space in the action is as published.
                    Statement: [{ Effect: "Allow", Action: [" obs:bucket:CreateBucket"], Condition: { Null: { "obs:SourceVpc": ["false"] } } }],
                },
            },
        ],
        identity: ALICE,
        action: "obs:bucket:CreateBucket",
        expected: "unknown",
    },
    {
        name: "IAM ReadOnlyAccess example: get",
        source: POLICY_CONTENT,
        permissions: [
            { displayName: "IAM ReadOnlyAccess", document: { Version: "1.1", Statement: [{ Action: ["iam:*:get*", "iam:*:list*", "iam:*:check*"], Effect: "Allow" }] } },
        ],
        identity: ALICE,
        action: "iam:users:getUser",
        expected: "allowed",
        decidedBy: { permission: "IAM ReadOnlyAccess", statementNumber: 1 },
    },
    {
        name: "IAM ReadOnlyAccess example: create",
        source: POLICY_CONTENT,
        permissions: [
            { displayName: "IAM ReadOnlyAccess", document: { Version: "1.1", Statement: [{ Action: ["iam:*:get*", "iam:*:list*", "iam:*:check*"], Effect: "Allow" }] } },
        ],
        identity: ALICE,
        action: "iam:users:createUser",
        expected: "denied",
    },
    {
        name: "deny CTS example: CTS denied beside Tenant Administrator",
        source: CUSTOM_POLICY_EXAMPLES,
        permissions: [{ name: "te_admin" }, denyCts],
        identity: ALICE,
        action: "cts:tracker:list",
        expected: "denied",
        decidedBy: { permission: "deny-cts", statementNumber: 1 },
    },
    {
        name: "deny CTS example: keypairs still allowed",
        source: CUSTOM_POLICY_EXAMPLES,
        permissions: [{ name: "te_admin" }, denyCts],
        identity: ALICE,
        action: "ecs:serverKeypairs:create",
        expected: "allowed",
        decidedBy: { permission: "Tenant Administrator", statementNumber: 1 },
    },
    {
        name: "deny BMS creation example",
        source: CUSTOM_POLICY_EXAMPLES,
        permissions: [
            { displayName: "deny-bms-creation", document: { Version: "1.1", Statement: [{ Effect: "Deny", Action: ["bms:servers:create"] }] } },
        ],
        identity: ALICE,
        action: "bms:servers:create",
        expected: "denied",
        decidedBy: { permission: "deny-bms-creation", statementNumber: 1 },
    },
    {
        name: "deny TestBucket example: TestUser caller",
        source: CUSTOM_POLICY_EXAMPLES,
        permissions: [denyTestBuckets],
        identity: { ...ALICE, userName: "TestUser01" },
        action: "obs:bucket:ListBucket",
        expected: "unknown",
    },
    {
        name: "deny TestBucket example: other caller",
        source: CUSTOM_POLICY_EXAMPLES,
        permissions: [denyTestBuckets],
        identity: ALICE,
        action: "obs:bucket:ListBucket",
        expected: "denied",
    },
    {
        name: "five services example: keypair creation",
        source: CUSTOM_POLICY_EXAMPLES,
        permissions: [allowFiveServices],
        identity: ALICE,
        action: "ecs:serverKeypairs:create",
        expected: "allowed",
        decidedBy: { permission: "five-services", statementNumber: 1 },
    },
    {
        name: "five services example: image listing",
        source: CUSTOM_POLICY_EXAMPLES,
        permissions: [allowFiveServices],
        identity: ALICE,
        action: "ims:images:list",
        expected: "denied",
    },
    {
        name: "TestUser object deletion example: TestUser caller",
        source: CUSTOM_POLICY_EXAMPLES,
        permissions: [allowTestUserDeletion],
        identity: { ...ALICE, userName: "TestUser7" },
        action: "obs:object:DeleteObject",
        expected: "unknown",
    },
    {
        name: "TestUser object deletion example: other caller",
        source: CUSTOM_POLICY_EXAMPLES,
        permissions: [allowTestUserDeletion],
        identity: ALICE,
        action: "obs:object:DeleteObject",
        expected: "denied",
    },
    {
        name: "all but six services example: keypair deletion",
        source: CUSTOM_POLICY_EXAMPLES,
        permissions: [allowAllButSix],
        identity: ALICE,
        action: "ecs:serverKeypairs:delete",
        expected: "denied",
        decidedBy: { permission: "all-but-six", statementNumber: 2 },
    },
    {
        name: "all but six services example: OBS listing",
        source: CUSTOM_POLICY_EXAMPLES,
        permissions: [allowAllButSix],
        identity: ALICE,
        action: "obs:bucket:ListBucket",
        expected: "allowed",
        decidedBy: { permission: "all-but-six", statementNumber: 1 },
    },
    {
        name: "DNS Administrator example: dependencies held",
        source: ROLES,
        permissions: [dnsAdministrator, { displayName: "Tenant Guest" }, { displayName: "VPC Administrator" }],
        identity: ALICE,
        action: "DNS:Zone:create",
        expected: "allowed",
        decidedBy: { permission: "DNS Administrator", statementNumber: 1 },
    },
    {
        name: "DNS Administrator example: dependencies missing",
        source: ROLES,
        permissions: [dnsAdministrator],
        identity: ALICE,
        action: "DNS:Zone:create",
        expected: "unknown",
    },
    {
        name: "ECS Viewer example: keypair get",
        source: ECS_POLICY_SYNTAX,
        permissions: [ecsViewer],
        identity: ALICE,
        action: "ecs:serverKeypairs:get",
        expected: "allowed",
        decidedBy: { permission: "ECS Viewer", statementNumber: 1 },
    },
    {
        name: "ECS Viewer example: keypair creation",
        source: ECS_POLICY_SYNTAX,
        permissions: [ecsViewer],
        identity: ALICE,
        action: "ecs:serverKeypairs:create",
        expected: "denied",
    },
    {
        name: "ECS multiple statements example: image creation",
        source: ECS_POLICY_SYNTAX,
        permissions: [ecsMultipleStatements],
        identity: ALICE,
        action: "ims:serverImages:create",
        expected: "allowed",
        decidedBy: { permission: "ecs-and-ims", statementNumber: 2 },
    },
    {
        name: "ECS multiple statements example: keypair creation",
        source: ECS_POLICY_SYNTAX,
        permissions: [ecsMultipleStatements],
        identity: ALICE,
        action: "ecs:serverKeypairs:create",
        expected: "denied",
    },
    {
        name: "ECS deny deletion example: deletion",
        source: ECS_CUSTOM_POLICIES,
        permissions: [{ displayName: "ECS FullAccess" }, denyServerDeletion],
        identity: ALICE,
        action: "ecs:cloudServers:delete",
        expected: "denied",
        decidedBy: { permission: "deny-server-deletion", statementNumber: 1 },
    },
    {
        name: "ECS deny deletion example: resize",
        source: ECS_CUSTOM_POLICIES,
        permissions: [{ displayName: "ECS FullAccess" }, denyServerDeletion],
        identity: ALICE,
        action: "ecs:cloudServers:resize",
        expected: "allowed",
        decidedBy: { permission: "ECS FullAccess", statementNumber: 1 },
    },
    {
        name: "ECS start stop restart example: reboot",
        source: ECS_CUSTOM_POLICIES_EN,
        permissions: [startStopRestart],
        identity: ALICE,
        action: "ecs:cloudServers:reboot",
        expected: "allowed",
        decidedBy: { permission: "start-stop-restart", statementNumber: 1 },
    },
    {
        name: "ECS start stop restart example: keypair deletion",
        source: ECS_CUSTOM_POLICIES_EN,
        permissions: [startStopRestart],
        identity: ALICE,
        action: "ecs:serverKeypairs:delete",
        expected: "denied",
    },
    {
        name: "DEW Keypair Admin deny example: deletion",
        source: DEW_POLICY_SYNTAX,
        permissions: [dewKeypairAdmin, denyKeypairDeletion],
        identity: ALICE,
        action: "ecs:serverKeypairs:delete",
        expected: "denied",
        decidedBy: { permission: "deny-keypair-deletion", statementNumber: 1 },
    },
    {
        name: "DEW Keypair Admin deny example: creation",
        source: DEW_POLICY_SYNTAX,
        permissions: [dewKeypairAdmin, denyKeypairDeletion],
        identity: ALICE,
        action: "ecs:serverKeypairs:create",
        expected: "allowed",
        decidedBy: { permission: "DEW Keypair Admin", statementNumber: 1 },
    },
    {
        name: "DEW multiple statements example: key creation",
        source: DEW_POLICY_SYNTAX,
        permissions: [dewMultipleStatements],
        identity: ALICE,
        action: "kms:cmk:create",
        expected: "allowed",
        decidedBy: { permission: "keypairs-and-kms", statementNumber: 2 },
    },
    {
        name: "DEW multiple statements example: keypair deletion",
        source: DEW_POLICY_SYNTAX,
        permissions: [dewMultipleStatements],
        identity: ALICE,
        action: "ecs:serverKeypairs:delete",
        expected: "denied",
    },
    {
        name: "DEW keypair creation example: creation",
        source: DEW_CUSTOM_POLICIES,
        permissions: [createKeypairs],
        identity: ALICE,
        action: "ecs:serverKeypairs:create",
        expected: "allowed",
        decidedBy: { permission: "create-keypairs", statementNumber: 1 },
    },
    {
        name: "DEW keypair creation example: listing",
        source: DEW_CUSTOM_POLICIES,
        permissions: [createKeypairs],
        identity: ALICE,
        action: "ecs:serverKeypairs:list",
        expected: "denied",
    },
    {
        name: "DEW key list example: listing",
        source: DEW_CUSTOM_POLICIES,
        permissions: [listKeys],
        identity: ALICE,
        action: "kms:cmk:list",
        expected: "allowed",
        decidedBy: { permission: "list-keys", statementNumber: 1 },
    },
    {
        name: "DEW key list example: key creation",
        source: DEW_CUSTOM_POLICIES,
        permissions: [listKeys],
        identity: ALICE,
        action: "kms:cmk:create",
        expected: "denied",
    },
];
