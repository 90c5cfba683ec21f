// Report 004 (secure S3 bucket with customer managed KMS): #2 "Missing KMS Key Infrastructure"
// (key rotation and proper key policies). Two keys as a hurried KMSKey component would create
// them: the data key without rotation; the shared key with a policy whose "AllowUseOfTheKey"
// statement lets any principal ("*") use it with no condition.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const stack = pulumi.getStack();
const tags = { Project: "secure-s3", Environment: stack, ManagedBy: "pulumi" };
const accountId = aws.getCallerIdentityOutput().accountId;

const adminStatement = (account: string) => ({
    Sid: "EnableRootAccountAdmin",
    Effect: "Allow",
    Principal: { AWS: `arn:aws:iam::${account}:root` },
    Action: "kms:*",
    Resource: "*",
});

const dataKey = new aws.kms.Key("app-data-key", {
    description: "Customer managed key for the application data bucket",
    deletionWindowInDays: 30,
    policy: accountId.apply(account => JSON.stringify({ Version: "2012-10-17", Statement: [adminStatement(account)] })),
    tags,
});

const sharedKey = new aws.kms.Key("shared-key", {
    description: "Key shared with the application role",
    enableKeyRotation: true,
    tags,
});

new aws.kms.KeyPolicy("shared-key-policy", {
    keyId: sharedKey.id,
    policy: accountId.apply(account =>
        JSON.stringify({
            Version: "2012-10-17",
            Statement: [
                adminStatement(account),
                {
                    Sid: "AllowUseOfTheKey",
                    Effect: "Allow",
                    Principal: { AWS: "*" },
                    Action: ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey*"],
                    Resource: "*",
                },
            ],
        }),
    ),
});

new aws.kms.Alias("app-data-key-alias", { name: `alias/secure-s3-${stack}`, targetKeyId: dataKey.keyId });

export const dataKeyArn = dataKey.arn;
export const sharedKeyArn = sharedKey.arn;
