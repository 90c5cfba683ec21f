import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

// Tags come from the stack config (aws:defaultTags); every name is auto-named or stack-specific.
const stack = pulumi.getStack();
const region = aws.getRegionOutput().region;
const accountId = aws.getCallerIdentityOutput().accountId;

// A customer managed key with rotation and an explicit policy that lets CloudWatch Logs use it.
const key = new aws.kms.Key("api-key", {
    description: "Documents API: logs and table encryption",
    enableKeyRotation: true,
    deletionWindowInDays: 30,
    policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AccountAdministration",
                Effect: "Allow",
                Principal: { AWS: pulumi.interpolate`arn:aws:iam::${accountId}:root` },
                Action: "kms:*",
                Resource: "*",
            },
            {
                Sid: "CloudWatchLogs",
                Effect: "Allow",
                Principal: { Service: pulumi.interpolate`logs.${region}.amazonaws.com` },
                Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
                Resource: "*",
                Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": pulumi.interpolate`arn:aws:logs:${region}:${accountId}:log-group:*` } },
            },
        ],
    }),
});

const table = new aws.dynamodb.Table("documents", {
    billingMode: "PAY_PER_REQUEST",
    hashKey: "documentId",
    attributes: [{ name: "documentId", type: "S" }],
    pointInTimeRecovery: { enabled: true },
    serverSideEncryption: { enabled: true, kmsKeyArn: key.arn },
    deletionProtectionEnabled: true,
});

const role = new aws.iam.Role("documents-fn-role", {
    assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
    }),
});

new aws.iam.RolePolicyAttachment("documents-fn-logs", {
    role: role.name,
    policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
});

new aws.iam.RolePolicy("documents-fn-table", {
    role: role.id,
    policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
            { Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"], Resource: table.arn },
            { Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: key.arn },
        ],
    }),
});

const fn = new aws.lambda.Function("documents-fn", {
    runtime: "nodejs24.x",
    handler: "index.handler",
    role: role.arn,
    timeout: 10,
    code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => ({ statusCode: 200, body: '[]' });") }),
    environment: { variables: { TABLE_NAME: table.name } },
});

new aws.cloudwatch.LogGroup("documents-fn-logs", {
    name: pulumi.interpolate`/aws/lambda/${fn.name}`,
    retentionInDays: 365,
    kmsKeyId: key.arn,
});

const accessLogs = new aws.cloudwatch.LogGroup("documents-api-access-logs", {
    retentionInDays: 365,
    kmsKeyId: key.arn,
});

// An HTTP API (API Gateway v2) whose routes all require a JWT.
const api = new aws.apigatewayv2.Api("documents-api", { protocolType: "HTTP" });

const authorizer = new aws.apigatewayv2.Authorizer("documents-jwt", {
    apiId: api.id,
    authorizerType: "JWT",
    identitySources: ["$request.header.Authorization"],
    jwtConfiguration: { audiences: ["documents-api"], issuer: "https://cognito-idp.us-west-2.amazonaws.com/us-west-2_example" },
});

const integration = new aws.apigatewayv2.Integration("documents-integration", {
    apiId: api.id,
    integrationType: "AWS_PROXY",
    integrationUri: fn.invokeArn,
    payloadFormatVersion: "2.0",
});

for (const routeKey of ["GET /documents", "POST /documents"]) {
    new aws.apigatewayv2.Route(`documents-${routeKey.split(" ")[0].toLowerCase()}`, {
        apiId: api.id,
        routeKey,
        authorizationType: "JWT",
        authorizerId: authorizer.id,
        target: pulumi.interpolate`integrations/${integration.id}`,
    });
}

new aws.apigatewayv2.Stage("documents-stage", {
    apiId: api.id,
    name: "$default",
    autoDeploy: true,
    accessLogSettings: {
        destinationArn: accessLogs.arn,
        format: JSON.stringify({ requestId: "$context.requestId", ip: "$context.identity.sourceIp", routeKey: "$context.routeKey", status: "$context.status" }),
    },
});

new aws.lambda.Permission("documents-api-invoke", {
    action: "lambda:InvokeFunction",
    function: fn.name,
    principal: "apigateway.amazonaws.com",
    sourceArn: pulumi.interpolate`${api.executionArn}/*/*`,
});

// Alarms and dashboards name the resource they watch.
new aws.cloudwatch.MetricAlarm("documents-fn-errors", {
    namespace: "AWS/Lambda",
    metricName: "Errors",
    dimensions: { FunctionName: fn.name },
    statistic: "Sum",
    period: 300,
    evaluationPeriods: 1,
    threshold: 1,
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    treatMissingData: "notBreaching",
});

new aws.cloudwatch.Dashboard("documents-dashboard", {
    dashboardName: `documents-api-${stack}`,
    dashboardBody: pulumi.jsonStringify({
        widgets: [
            {
                type: "metric",
                properties: {
                    region: "us-west-2",
                    metrics: [
                        ["AWS/Lambda", "Duration", "FunctionName", fn.name],
                        [".", "Errors", ".", "."],
                        ["AWS/ApiGateway", "Count", "ApiId", api.id],
                        ["AWS/DynamoDB", "ConsumedReadCapacityUnits", "TableName", table.name],
                    ],
                },
            },
        ],
    }),
});

export const apiEndpoint = api.apiEndpoint;
