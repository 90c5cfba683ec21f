// Report 000 (secure document-processing API): the S3 stack as the model wrote it.
//   #4  the document bucket has no server access logging;
//   #6  the bucket policy allows the account root user s3:* ("AllowRootUserFullAccess"),
//       where the prompt asked to deny everything unless the request comes from the Lambda
//       role or through the S3 VPC endpoint.
// The bucket is otherwise as the prompt asked: AES-256 default encryption, versioning and a
// public access block.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const environmentSuffix = pulumi.getStack();

const documentsBucket = new aws.s3.Bucket(`documents-${environmentSuffix}`, {
    tags: { Project: "secure-doc-api", Environment: environmentSuffix, ManagedBy: "pulumi" },
});

new aws.s3.BucketVersioning(`documents-versioning-${environmentSuffix}`, {
    bucket: documentsBucket.id,
    versioningConfiguration: { status: "Enabled" },
});

new aws.s3.BucketServerSideEncryptionConfiguration(`documents-encryption-${environmentSuffix}`, {
    bucket: documentsBucket.id,
    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
});

new aws.s3.BucketPublicAccessBlock(`documents-pab-${environmentSuffix}`, {
    bucket: documentsBucket.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
});

const accountId = aws.getCallerIdentityOutput().accountId;

// The report's statement, as written: root user, every S3 action, bucket and objects.
new aws.s3.BucketPolicy(`documents-policy-${environmentSuffix}`, {
    bucket: documentsBucket.id,
    policy: pulumi.all([documentsBucket.arn, accountId]).apply(([bucketArn, account]) =>
        JSON.stringify({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "AllowRootUserFullAccess",
                    Effect: "Allow",
                    Principal: {
                        AWS: `arn:aws:iam::${account}:root`,
                    },
                    Action: "s3:*", // Too permissive
                    Resource: [bucketArn, `${bucketArn}/*`],
                },
            ],
        }),
    ),
});

export const bucketName = documentsBucket.bucket;
