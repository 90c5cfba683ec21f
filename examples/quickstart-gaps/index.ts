import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const bucket = new aws.s3.Bucket("documents");

// Inline (deprecated) versioning on one bucket, a split resource on the other.
const archive = new aws.s3.Bucket("archive", { versioning: { enabled: true } });

const role = new aws.iam.Role("fn-role", {
    assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
    }),
});

const fn = new aws.lambda.Function("processor", {
    runtime: "nodejs22.x",
    handler: "index.handler",
    role: role.arn,
    code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => ({});") }),
    environment: { variables: { BUCKET_NAME: bucket.bucket } },
});

new aws.lambda.FunctionUrl("processor-url", {
    functionName: fn.name,
    authorizationType: "NONE",
});

export const archiveName = archive.bucket;
