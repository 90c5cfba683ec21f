import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

// Report 001 #9: tags carry only Name and Environment (no Project, no ManagedBy).
const tags = { Name: "app", Environment: pulumi.getStack() };

// Report 001 #8: a fixed, globally unique bucket name; the second stack collides.
const dataBucket = new aws.s3.Bucket("app-data", { bucket: "my-app-data-bucket", tags });

const lambdaRole = new aws.iam.Role("app-lambda-role", {
    assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
    }),
    tags,
});

const appFn = new aws.lambda.Function("app-fn", {
    runtime: "python3.12",
    handler: "index.handler",
    role: lambdaRole.arn,
    code: new pulumi.asset.AssetArchive({ "index.py": new pulumi.asset.StringAsset("def handler(event, context):\n    return {}\n") }),
    environment: { variables: { BUCKET_NAME: dataBucket.bucket } },
    tags,
});

// Report 001 #4 (MODEL_RESPONSE): a literal master password ...
const db = new aws.rds.Instance("app-db", {
    engine: "mysql",
    engineVersion: "8.0",
    instanceClass: "db.t3.micro",
    allocatedStorage: 20,
    username: "admin",
    password: "TempPassword123!",
    storageEncrypted: true,
    skipFinalSnapshot: true,
    // Report 001 #7: enhanced monitoring interval without a monitoring role.
    monitoringInterval: 60,
    tags,
});

const dbSecret = new aws.secretsmanager.Secret("db-password", { tags });

// ... and a rotation whose Lambda ARN is built by hand and names no function of the stack.
const account = aws.getCallerIdentityOutput().accountId;
new aws.secretsmanager.SecretRotation("db-password-rotation", {
    secretId: dbSecret.id,
    rotationLambdaArn: pulumi.interpolate`arn:aws:lambda:us-west-2:${account}:function:SecretsManagerRDSMySQLRotation`,
    rotationRules: { automaticallyAfterDays: 30 },
});

export const dbEndpoint = db.endpoint;
export const fnName = appFn.name;
