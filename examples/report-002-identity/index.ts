import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const code = new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => ({});") });

const documents = new aws.s3.Bucket("documents");
const metadata = new aws.dynamodb.Table("document-metadata", {
    billingMode: "PAY_PER_REQUEST",
    hashKey: "documentId",
    attributes: [{ name: "documentId", type: "S" }],
    streamEnabled: true,
    streamViewType: "NEW_AND_OLD_IMAGES",
});

const role = new aws.iam.Role("processor-role", {
    assumeRolePolicy: aws.iam.assumeRolePolicyForPrincipal({ Service: "lambda.amazonaws.com" }),
    managedPolicyArns: [aws.iam.ManagedPolicy.AWSLambdaBasicExecutionRole],
});

// #6: a whole service on every resource.
new aws.iam.RolePolicy("processor-data", {
    role: role.name,
    policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            { Effect: "Allow", Action: "dynamodb:*", Resource: "*" },
            { Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: "arn:aws:s3:::*/*" },
        ],
    }),
});

// #7: one function handles both the bucket's events and the table's stream, and writes to both.
const processor = new aws.lambda.Function("document-processor", {
    runtime: aws.lambda.Runtime.NodeJS22dX,
    handler: "index.handler",
    role: role.arn,
    code,
});

const allowS3 = new aws.lambda.Permission("document-processor-s3", {
    action: "lambda:InvokeFunction",
    function: processor.name,
    principal: "s3.amazonaws.com",
    sourceArn: documents.arn,
});

new aws.s3.BucketNotification(
    "documents-events",
    {
        bucket: documents.id,
        lambdaFunctions: [{ lambdaFunctionArn: processor.arn, events: ["s3:ObjectCreated:*"] }],
    },
    { dependsOn: [allowS3] },
);

new aws.lambda.EventSourceMapping("metadata-stream", {
    eventSourceArn: metadata.streamArn,
    functionName: processor.arn,
    startingPosition: "LATEST",
});
