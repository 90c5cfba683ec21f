import * as aws from "@pulumi/aws";

// Report 004 #3: the deprecated V2 aliases of @pulumi/aws v7.
const bucket = new aws.s3.BucketV2("app-data", {});

new aws.s3.BucketVersioningV2("app-data-versioning", {
    bucket: bucket.id,
    versioningConfiguration: { status: "Enabled" },
});

new aws.s3.BucketServerSideEncryptionConfigurationV2("app-data-encryption", {
    bucket: bucket.id,
    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
});

// The current type is fine.
new aws.s3.BucketPublicAccessBlock("app-data-pab", {
    bucket: bucket.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
});

export const bucketName = bucket.bucket;
