/**
 * Section D resource policies of the data services: SQS and SNS encryption, EFS, Redshift and
 * OpenSearch. Each case is one resource; every policy is run in both engine shapes, with a case
 * that fires, one that passes, one whose setting the program took from an output not known yet
 * (deferred at preview), and malformed values (a finding, never an internal error).
 */
import { secret, usePack } from "../helpers/harness";
import { Case, fromOutput, policyTable } from "../helpers/table";

const pack = usePack();

const table = (policy: string, type: string, cases: Case[], config?: Record<string, unknown>) => policyTable(pack, policy, type, cases, config);

const QUEUE = "aws:sqs/queue:Queue";
table("sqs-queue-encryption", QUEUE, [
    { name: "default", inputs: {}, expect: "pass" },
    { name: "kms", inputs: { kmsMasterKeyId: "arn:aws:kms:us-west-2:123456789012:key/abc" }, expect: "pass" },
    { name: "turned-off", inputs: { sqsManagedSseEnabled: false }, expect: "violation", message: /sqsManagedSseEnabled: false.*Fix: /s },
    { name: "off-but-key", inputs: { sqsManagedSseEnabled: false, kmsMasterKeyId: "alias/aws/sqs" }, expect: "pass" },
    { name: "off-from-output", inputs: s => ({ sqsManagedSseEnabled: fromOutput(s, "q", "false") }), expect: "deferred", update: "violation" },
    { name: "malformed", inputs: { sqsManagedSseEnabled: { no: 1 } }, expect: "violation", message: /not a boolean/ },
]);
table(
    "sqs-queue-encryption",
    QUEUE,
    [
        { name: "sqs-managed", inputs: {}, expect: "violation", message: /SQS-managed keys.*requireCustomerManagedKey/ },
        { name: "aws-alias", inputs: { kmsMasterKeyId: "alias/aws/sqs" }, expect: "violation", message: /AWS managed key alias\/aws\/sqs/ },
        { name: "customer", inputs: { kmsMasterKeyId: "alias/orders" }, expect: "pass" },
    ],
    { requireCustomerManagedKey: true },
);

const TOPIC = "aws:sns/topic:Topic";
table("sns-topic-encryption", TOPIC, [
    { name: "plain", inputs: {}, expect: "violation", message: /not encrypted.*kmsMasterKeyId: topicKey.arn/ },
    { name: "aws-alias", inputs: { kmsMasterKeyId: "alias/aws/sns" }, expect: "pass" },
    { name: "key-from-output", inputs: s => ({ kmsMasterKeyId: fromOutput(s, "t", "alias/aws/sns") }), expect: "deferred", update: "pass" },
    { name: "malformed", inputs: { kmsMasterKeyId: 42 }, expect: "violation", message: /not a string/ },
]);
table("sns-topic-encryption", TOPIC, [{ name: "aws-alias-strict", inputs: { kmsMasterKeyId: "alias/aws/sns" }, expect: "violation" }], {
    requireCustomerManagedKey: true,
});

const FS = "aws:efs/fileSystem:FileSystem";
table("efs-file-system-encryption", FS, [
    { name: "unset", inputs: {}, expect: "violation", message: /not encrypted at rest.*replaces/ },
    { name: "off", inputs: { encrypted: false }, expect: "violation" },
    { name: "on", inputs: { encrypted: true }, expect: "pass" },
    { name: "secret-on", inputs: { encrypted: secret(true) }, expect: "pass" },
    { name: "from-output", inputs: s => ({ encrypted: fromOutput(s, "fs", "false") }), expect: "deferred", update: "violation" },
    { name: "malformed", inputs: { encrypted: [1] }, expect: "violation", message: /not a boolean/ },
]);
table(
    "efs-file-system-encryption",
    FS,
    [
        { name: "no-key", inputs: { encrypted: true }, expect: "violation", message: /customer managed key/ },
        { name: "key", inputs: { encrypted: true, kmsKeyId: "arn:aws:kms:us-west-2:123456789012:key/abc" }, expect: "pass" },
    ],
    { requireCustomerManagedKey: true },
);

const CLUSTER = "aws:redshift/cluster:Cluster";
const cluster = (extra: Record<string, unknown> = {}) => ({
    clusterIdentifier: "wh",
    nodeType: "ra3.xlplus",
    masterUsername: "admin",
    manageMasterPassword: true,
    ...extra,
});
table("redshift-cluster-not-public", CLUSTER, [
    { name: "default", inputs: cluster(), expect: "pass" },
    { name: "public", inputs: cluster({ publiclyAccessible: true }), expect: "violation", message: /publicly accessible.*publiclyAccessible: false/ },
    { name: "from-output", inputs: s => cluster({ publiclyAccessible: fromOutput(s, "rs", "true") }), expect: "deferred", update: "violation" },
    { name: "malformed", inputs: cluster({ publiclyAccessible: "perhaps" }), expect: "violation" },
]);
table("redshift-cluster-encryption", CLUSTER, [
    { name: "default", inputs: cluster(), expect: "pass" },
    { name: "off", inputs: cluster({ encrypted: false }), expect: "violation", message: /encrypted: false/ },
]);
table(
    "redshift-cluster-encryption",
    CLUSTER,
    [
        { name: "no-cmk", inputs: cluster(), expect: "violation" },
        { name: "cmk", inputs: cluster({ kmsKeyId: "arn:aws:kms:us-west-2:1:key/k" }), expect: "pass" },
    ],
    {
        requireCustomerManagedKey: true,
    },
);
table("redshift-cluster-maintenance", CLUSTER, [
    { name: "aws-defaults", inputs: cluster(), expect: "violation", message: /kept 1 days \(minimum 7\).*automatedSnapshotRetentionPeriod: 7/ },
    { name: "good", inputs: cluster({ automatedSnapshotRetentionPeriod: 7 }), expect: "pass" },
    {
        name: "no-upgrades",
        inputs: cluster({ automatedSnapshotRetentionPeriod: 14, allowVersionUpgrade: false }),
        expect: "violation",
        message: /allowVersionUpgrade is false/,
    },
    { name: "snapshots-off", inputs: cluster({ automatedSnapshotRetentionPeriod: 0 }), expect: "violation" },
    {
        name: "days-from-output",
        inputs: s => cluster({ automatedSnapshotRetentionPeriod: fromOutput(s, "days", "1") }),
        expect: "deferred",
        update: "violation",
    },
]);
table(
    "redshift-cluster-maintenance",
    CLUSTER,
    [
        {
            name: "wrong-window",
            inputs: cluster({ automatedSnapshotRetentionPeriod: 7, preferredMaintenanceWindow: "mon:01:00-mon:01:30" }),
            expect: "violation",
            message: /sun:05:00/,
        },
    ],
    {
        preferredMaintenanceWindow: "sun:05:00-sun:05:30",
    },
);

const DOMAIN = "aws:opensearch/domain:Domain";
const encrypted = {
    encryptAtRest: { enabled: true },
    nodeToNodeEncryption: { enabled: true },
    domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: "Policy-Min-TLS-1-2-PFS-2023-10" },
};
table("opensearch-domain-encryption", DOMAIN, [
    { name: "bare", inputs: {}, expect: "violation", message: /at rest is not encrypted; traffic between nodes.*HTTPS.*TLS 1.0/ },
    { name: "encrypted", inputs: encrypted, expect: "pass" },
    {
        name: "old-tls",
        inputs: { ...encrypted, domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: "Policy-Min-TLS-1-0-2019-07" } },
        expect: "violation",
        message: /Policy-Min-TLS-1-0/,
    },
    {
        name: "at-rest-from-output",
        inputs: s => ({ ...encrypted, encryptAtRest: { enabled: fromOutput(s, "os", "false") } }),
        expect: "deferred",
        update: "violation",
    },
    { name: "malformed", inputs: { ...encrypted, nodeToNodeEncryption: "yes" }, expect: "violation" },
]);
table("opensearch-domain-encryption", "aws:elasticsearch/domain:Domain", [{ name: "es-bare", inputs: {}, expect: "violation" }]);
table("opensearch-domain-in-vpc", DOMAIN, [
    { name: "public", inputs: {}, expect: "violation", message: /public endpoint/ },
    { name: "empty-subnets", inputs: { vpcOptions: { subnetIds: [] } }, expect: "violation" },
    { name: "in-vpc", inputs: { vpcOptions: { subnetIds: ["subnet-1", "subnet-2"] } }, expect: "pass" },
    { name: "subnets-from-output", inputs: s => ({ vpcOptions: { subnetIds: [fromOutput(s, "sn", "subnet-1")] } }), expect: "pass" },
]);

table("kms-key-deletion-window", "aws:kms/key:Key", [
    { name: "unset", inputs: {}, expect: "pass" },
    { name: "thirty", inputs: { deletionWindowInDays: 30 }, expect: "pass" },
    { name: "seven", inputs: { deletionWindowInDays: 7 }, expect: "violation", message: /7 days.*deletionWindowInDays: 30/ },
    {
        name: "replica-ten",
        type: "aws:kms/replicaKey:ReplicaKey",
        inputs: { primaryKeyArn: "arn:aws:kms:us-east-1:123456789012:key/abc", deletionWindowInDays: 10 },
        expect: "violation",
    },
    { name: "from-output", inputs: s => ({ deletionWindowInDays: fromOutput(s, "w", 7) }), expect: "deferred", update: "violation" },
    { name: "malformed", inputs: { deletionWindowInDays: "week" }, expect: "violation", message: /not a number/ },
]);
table("kms-key-deletion-window", "aws:kms/key:Key", [{ name: "fourteen-ok", inputs: { deletionWindowInDays: 14 }, expect: "pass" }], { minimumDays: 14 });
