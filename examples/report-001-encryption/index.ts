// Report 001 (VPC, ALB, RDS, Lambda, CloudTrail): the KMS and logging part as the model wrote it.
//   #5  the KMS key has no key policy granting CloudWatch Logs, yet the application log group is
//       encrypted with it: CreateLogGroup fails (or logs are lost) until logs.<region> is granted;
//   #7  CloudWatch log retention: the Lambda log group keeps logs only 7 days.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const stack = pulumi.getStack();
const tags = { Project: "webapp", Environment: stack, ManagedBy: "pulumi" };

const kmsKey = new aws.kms.Key("app-kms-key", {
    description: "KMS key for encrypting S3 bucket and RDS instance",
    enableKeyRotation: true,
    deletionWindowInDays: 10,
    // Missing key policy for CloudWatch Logs
    tags,
});

new aws.kms.Alias("app-kms-alias", { name: `alias/webapp-${stack}`, targetKeyId: kmsKey.keyId });

const appLogGroup = new aws.cloudwatch.LogGroup("app-log-group", {
    name: `/webapp/${stack}/application`,
    retentionInDays: 90,
    kmsKeyId: kmsKey.arn,
    tags,
});

const lambdaLogGroup = new aws.cloudwatch.LogGroup("lambda-log-group", {
    name: `/aws/lambda/webapp-${stack}-processor`,
    retentionInDays: 7,
    kmsKeyId: kmsKey.arn,
    tags,
});

export const appLogGroupName = appLogGroup.name;
export const lambdaLogGroupName = lambdaLogGroup.name;
