// Report 001 #7 ("Missing critical security components"): the model's bucket had no versioning
// and no public access block. Everything else about the bucket is in order: default encryption,
// server access logging into a private log bucket, and a TLS-only bucket policy.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const stack = pulumi.getStack();
const tags = { Project: "webapp", Environment: stack, ManagedBy: "pulumi" };

/** A bucket policy that refuses plain-HTTP requests (the ARN is built from the auto-name, known at preview). */
function tlsOnly(name: string, bucket: aws.s3.Bucket, opts?: pulumi.CustomResourceOptions): aws.s3.BucketPolicy {
    const arn = pulumi.interpolate`arn:aws:s3:::${bucket.bucket}`;
    return new aws.s3.BucketPolicy(
        name,
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
        opts,
    );
}

// The log bucket: private, versioned, SSE-S3 (required for access-log delivery), 90-day retention.
const logBucket = new aws.s3.Bucket("access-logs", { tags });
const logPab = new aws.s3.BucketPublicAccessBlock("access-logs-pab", {
    bucket: logBucket.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
});
new aws.s3.BucketVersioning("access-logs-versioning", { bucket: logBucket.id, versioningConfiguration: { status: "Enabled" } });
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
                { days: 60, storageClass: "GLACIER" },
            ],
            expiration: { days: 365 },
        },
    ],
});
tlsOnly("access-logs-policy", logBucket, { dependsOn: [logPab] });

// The application bucket: no BucketPublicAccessBlock, no BucketVersioning (the report's gap).
const appBucket = new aws.s3.Bucket("app-data", { tags });
new aws.s3.BucketServerSideEncryptionConfiguration("app-data-sse", {
    bucket: appBucket.id,
    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
});
new aws.s3.BucketLogging("app-data-logging", { bucket: appBucket.id, targetBucket: logBucket.id, targetPrefix: "app-data/" });
tlsOnly("app-data-policy", appBucket);

export const appBucketName = appBucket.bucket;
