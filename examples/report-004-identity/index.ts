import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

// #5: the trust policy names only EC2.
const applicationRole = new aws.iam.Role("application-role", {
    assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
    }),
});

new aws.iam.RolePolicyAttachment("application-role-logs", {
    role: applicationRole.name,
    policyArn: aws.iam.ManagedPolicy.AWSLambdaBasicExecutionRole,
});

new aws.iam.InstanceProfile("application-profile", { role: applicationRole.name });

new aws.lambda.Function("application-worker", {
    runtime: aws.lambda.Runtime.NodeJS24dX,
    handler: "index.handler",
    role: applicationRole.arn,
    code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => ({});") }),
});
