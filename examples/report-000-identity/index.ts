import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const caller = aws.getCallerIdentityOutput();
const region = aws.getRegionOutput();

const logGroup = new aws.cloudwatch.LogGroup("doc-processor-logs", { retentionInDays: 90 });

const role = new aws.iam.Role("doc-processor-role", {
    assumeRolePolicy: aws.iam.assumeRolePolicyForPrincipal({ Service: "lambda.amazonaws.com" }),
});

// #7: only CreateLogStream and PutLogEvents; logs:CreateLogGroup is missing.
new aws.iam.RolePolicy("doc-processor-logs-policy", {
    role: role.name,
    policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "CloudWatchLogsAccess",
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                Resource: pulumi.interpolate`arn:aws:logs:${region.region}:${caller.accountId}:log-group:${logGroup.name}:*`,
            },
        ],
    }),
});

const fn = new aws.lambda.Function("doc-processor", {
    runtime: aws.lambda.Runtime.NodeJS22dX,
    handler: "index.handler",
    role: role.arn,
    code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => ({ statusCode: 200 });") }),
});

// #3: a public function URL beside the API.
new aws.lambda.FunctionUrl("doc-processor-url", { functionName: fn.name, authorizationType: "NONE" });
