import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const caller = aws.getCallerIdentityOutput();
const region = aws.getRegionOutput();

// A customer managed key for the function's logs and its failure queue, with rotation and an
// explicit key policy that lets CloudWatch Logs and SQS use it.
const key = new aws.kms.Key("worker-key", {
    description: "Worker logs and failure queue",
    enableKeyRotation: true,
    policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AccountAdmin",
                Effect: "Allow",
                Principal: { AWS: pulumi.interpolate`arn:aws:iam::${caller.accountId}:root` },
                Action: "kms:*",
                Resource: "*",
            },
            {
                Sid: "CloudWatchLogs",
                Effect: "Allow",
                Principal: { Service: pulumi.interpolate`logs.${region.region}.amazonaws.com` },
                Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
                Resource: "*",
                Condition: {
                    ArnLike: { "kms:EncryptionContext:aws:logs:arn": pulumi.interpolate`arn:aws:logs:${region.region}:${caller.accountId}:log-group:*` },
                },
            },
            {
                Sid: "Sqs",
                Effect: "Allow",
                Principal: { Service: "sqs.amazonaws.com" },
                Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
                Resource: "*",
                Condition: { StringEquals: { "aws:SourceAccount": caller.accountId } },
            },
        ],
    }),
});

const logGroup = new aws.cloudwatch.LogGroup("worker-logs", { retentionInDays: 365, kmsKeyId: key.arn });
const failures = new aws.sqs.Queue("worker-failures", { kmsMasterKeyId: key.id, messageRetentionSeconds: 1209600 });

const role = new aws.iam.Role("worker-role", {
    assumeRolePolicy: aws.iam.assumeRolePolicyForPrincipal({ Service: "lambda.amazonaws.com" }),
});

new aws.iam.RolePolicyAttachment("worker-basic-execution", {
    role: role.name,
    policyArn: aws.iam.ManagedPolicy.AWSLambdaBasicExecutionRole,
});

new aws.iam.RolePolicy("worker-failures", {
    role: role.name,
    policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
            { Effect: "Allow", Action: ["sqs:SendMessage"], Resource: failures.arn },
            { Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: key.arn },
        ],
    }),
});

const worker = new aws.lambda.Function("worker", {
    runtime: aws.lambda.Runtime.NodeJS24dX,
    handler: "index.handler",
    role: role.arn,
    publish: true,
    timeout: 30,
    memorySize: 256,
    loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
    deadLetterConfig: { targetArn: failures.arn },
    code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => ({ ok: true });") }),
});

new aws.lambda.FunctionEventInvokeConfig("worker-async", {
    functionName: worker.name,
    maximumRetryAttempts: 2,
    destinationConfig: { onFailure: { destination: failures.arn } },
});

const live = new aws.lambda.Alias("worker-live", {
    functionName: worker.name,
    functionVersion: worker.version,
    name: "live",
});

new aws.lambda.ProvisionedConcurrencyConfig("worker-live-concurrency", {
    functionName: worker.name,
    qualifier: live.name,
    provisionedConcurrentExecutions: 2,
});

new aws.appautoscaling.Target("worker-live-scaling", {
    serviceNamespace: "lambda",
    scalableDimension: "lambda:function:ProvisionedConcurrentExecutions",
    resourceId: pulumi.interpolate`function:${worker.name}:${live.name}`,
    minCapacity: 2,
    maxCapacity: 10,
});

// Invoked on a schedule (asynchronously): the failure destination above catches what fails.
const nightly = new aws.cloudwatch.EventRule("worker-nightly", { scheduleExpression: "rate(1 day)" });
new aws.cloudwatch.EventTarget("worker-nightly-target", { rule: nightly.name, arn: live.arn });
new aws.lambda.Permission("worker-nightly-invoke", {
    action: "lambda:InvokeFunction",
    function: worker.name,
    qualifier: live.name,
    principal: "events.amazonaws.com",
    sourceArn: nightly.arn,
});

export const workerName = worker.name;
