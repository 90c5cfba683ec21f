// Report 004: the requirements ask for S3 encryption with a customer managed KMS key and an S3
// bucket key (the pack runs with s3-bucket-encryption { algorithm: "aws:kms" }).
//   #1  the model's bucket uses AES256 (S3 managed keys) instead;
//   #9  a second bucket uses the KMS key but without bucketKeyEnabled.
// The access-log bucket stays on AES256 on purpose: S3 cannot deliver access logs into SSE-KMS.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const stack = pulumi.getStack();
const tags = { Project: "secure-storage", Environment: stack, ManagedBy: "pulumi" };
const accountId = aws.getCallerIdentityOutput().accountId;

const key = new aws.kms.Key("storage-key", {
    description: "Customer managed key for the storage buckets",
    enableKeyRotation: true,
    deletionWindowInDays: 30,
    policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AllowAccountAdministration",
                Effect: "Allow",
                Principal: { AWS: pulumi.interpolate`arn:aws:iam::${accountId}:root` },
                Action: "kms:*",
                Resource: "*",
            },
        ],
    }),
    tags,
});

function privateBucket(name: string, sse: aws.types.input.s3.BucketServerSideEncryptionConfigurationRule, logTarget?: aws.s3.Bucket): aws.s3.Bucket {
    const bucket = new aws.s3.Bucket(name, { tags });
    const pab = new aws.s3.BucketPublicAccessBlock(`${name}-pab`, {
        bucket: bucket.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
    });
    new aws.s3.BucketVersioning(`${name}-versioning`, { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } });
    new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-sse`, { bucket: bucket.id, rules: [sse] });
    if (logTarget) new aws.s3.BucketLogging(`${name}-logging`, { bucket: bucket.id, targetBucket: logTarget.id, targetPrefix: `${name}/` });
    const arn = pulumi.interpolate`arn:aws:s3:::${bucket.bucket}`;
    new aws.s3.BucketPolicy(
        `${name}-policy`,
        {
            bucket: bucket.id,
            policy: pulumi.jsonStringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "DenyInsecureTransport",
                        Effect: "Deny",
                        Principal: "*",
                        Action: "s3:*",
                        Resource: [arn, pulumi.interpolate`${arn}/*`],
                        Condition: { Bool: { "aws:SecureTransport": "false" } },
                    },
                ],
            }),
        },
        { dependsOn: [pab] },
    );
    return bucket;
}

const logs = privateBucket("access-logs", { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } });
new aws.s3.BucketLifecycleConfiguration("access-logs-lifecycle", {
    bucket: logs.id,
    rules: [
        {
            id: "retain-logs",
            status: "Enabled",
            filter: {},
            transitions: [
                { days: 30, storageClass: "STANDARD_IA" },
                { days: 60, storageClass: "GLACIER" },
            ],
            expiration: { days: 365 },
        },
    ],
});

// #1: the model's encryption block, as written.
privateBucket("financial-data", { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }, logs);

// #9: the right key, but no S3 bucket key: every object request is a KMS call.
privateBucket("reports", { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn } }, logs);

// As the corrected implementation has it.
privateBucket("archive", { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn }, bucketKeyEnabled: true }, logs);

export const keyArn = key.arn;
