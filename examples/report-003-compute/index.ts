import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const role = new aws.iam.Role("ecommerce-api-role", {
    assumeRolePolicy: aws.iam.assumeRolePolicyForPrincipal({ Service: "lambda.amazonaws.com" }),
    managedPolicyArns: [aws.iam.ManagedPolicy.AWSLambdaBasicExecutionRole],
});

// #3: nodejs18.x, deprecated by AWS on 2025-09-01.
const apiLambda = new aws.lambda.Function("ecommerce-api", {
    runtime: "nodejs18.x",
    handler: "index.handler",
    role: role.arn,
    publish: true,
    code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => ({ statusCode: 200 });") }),
});

// #5: scaling provisioned concurrency that nothing configures.
new aws.appautoscaling.Target("ecommerce-lambda-scaling-target", {
    serviceNamespace: "lambda",
    resourceId: pulumi.interpolate`function:${apiLambda.name}:provisioned-concurrency`,
    scalableDimension: "lambda:function:ProvisionedConcurrentExecutions",
    minCapacity: 1,
    maxCapacity: 10,
});
