// A document store built right: a customer managed KMS key (rotated, explicit key policy), a
// data bucket (versioned, SSE-KMS with a bucket key, public access blocked, access logs, a
// least-privilege TLS-only policy) and its access-log bucket (SSE-S3 as log delivery requires,
// versioned, private, TLS-only, logs kept 365 days after moving to colder storage).
// Every resource carries Project/Environment/ManagedBy through the provider's defaultTags
// (Pulumi.dev.yaml), and physical names are left to Pulumi's auto-naming.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const accountId = aws.getCallerIdentityOutput().accountId;

const key = new aws.kms.Key("documents-key", {
    description: "Encrypts the document bucket",
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
});

/** Blocks public access, enables versioning and returns the block (policies wait for it). */
function lockDown(name: string, bucket: aws.s3.Bucket): aws.s3.BucketPublicAccessBlock {
    new aws.s3.BucketVersioning(`${name}-versioning`, { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } });
    return new aws.s3.BucketPublicAccessBlock(`${name}-pab`, {
        bucket: bucket.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
    });
}

/** The bucket's ARN from its auto-name (known at preview). */
const arnOf = (bucket: aws.s3.Bucket) => pulumi.interpolate`arn:aws:s3:::${bucket.bucket}`;

function denyInsecureTransport(bucket: aws.s3.Bucket) {
    const arn = arnOf(bucket);
    return {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [arn, pulumi.interpolate`${arn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    };
}

// ---- the access-log bucket ----------------------------------------------------------------
const logBucket = new aws.s3.Bucket("access-logs", { forceDestroy: false });
const logPab = lockDown("access-logs", logBucket);
new aws.s3.BucketServerSideEncryptionConfiguration("access-logs-sse", {
    bucket: logBucket.id,
    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
});
new aws.s3.BucketLifecycleConfiguration("access-logs-lifecycle", {
    bucket: logBucket.id,
    rules: [
        {
            id: "retain-logs",
            status: "Enabled",
            filter: {},
            transitions: [
                { days: 30, storageClass: "STANDARD_IA" },
                { days: 90, storageClass: "GLACIER" },
            ],
            expiration: { days: 365 },
            noncurrentVersionExpiration: { noncurrentDays: 30 },
        },
    ],
});
new aws.s3.BucketPolicy(
    "access-logs-policy",
    {
        bucket: logBucket.id,
        policy: pulumi.jsonStringify({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "AllowS3ServerAccessLogDelivery",
                    Effect: "Allow",
                    Principal: { Service: "logging.s3.amazonaws.com" },
                    Action: "s3:PutObject",
                    Resource: pulumi.interpolate`${arnOf(logBucket)}/documents/*`,
                    Condition: { StringEquals: { "aws:SourceAccount": accountId } },
                },
                denyInsecureTransport(logBucket),
            ],
        }),
    },
    { dependsOn: [logPab] },
);

// ---- the data bucket -------------------------------------------------------------------------
const documents = new aws.s3.Bucket("documents");
const documentsPab = lockDown("documents", documents);
new aws.s3.BucketServerSideEncryptionConfiguration("documents-sse", {
    bucket: documents.id,
    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn }, bucketKeyEnabled: true }],
});
new aws.s3.BucketLogging("documents-logging", { bucket: documents.id, targetBucket: logBucket.id, targetPrefix: "documents/" });

const reader = new aws.iam.Role("documents-reader", {
    assumeRolePolicy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { AWS: pulumi.interpolate`arn:aws:iam::${accountId}:root` },
                Action: "sts:AssumeRole",
                Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } },
            },
        ],
    }),
});

new aws.s3.BucketPolicy(
    "documents-policy",
    {
        bucket: documents.id,
        policy: pulumi.jsonStringify({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "AllowReaderRole",
                    Effect: "Allow",
                    Principal: { AWS: reader.arn },
                    Action: ["s3:GetObject", "s3:ListBucket"],
                    Resource: [arnOf(documents), pulumi.interpolate`${arnOf(documents)}/*`],
                },
                denyInsecureTransport(documents),
            ],
        }),
    },
    { dependsOn: [documentsPab] },
);

export const documentsBucket = documents.bucket;
export const logBucketName = logBucket.bucket;
