// Report 003 #7 ("Incorrect S3 lifecycle policy for logs"): the e-commerce stack's log bucket,
// which receives the application load balancer's access logs, expires every object after 30
// days and never moves logs to cheaper storage. The bucket is otherwise well built.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const environmentSuffix = pulumi.getStack();
const tags = { Project: "ecommerce", Environment: environmentSuffix, ManagedBy: "pulumi" };

// The report's bucket, as written (inline lifecycle rule).
const logsBucket = new aws.s3.Bucket(`ecommerce-logs-${environmentSuffix}`, {
    lifecycleRules: [
        {
            enabled: true,
            expiration: {
                days: 30, // deletes ALL logs after 30 days
            },
        },
    ],
    tags,
});
const logsPab = new aws.s3.BucketPublicAccessBlock(`ecommerce-logs-pab-${environmentSuffix}`, {
    bucket: logsBucket.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
});
new aws.s3.BucketVersioning(`ecommerce-logs-versioning-${environmentSuffix}`, {
    bucket: logsBucket.id,
    versioningConfiguration: { status: "Enabled" },
});
// ALB access logs are delivered only into SSE-S3 buckets.
new aws.s3.BucketServerSideEncryptionConfiguration(`ecommerce-logs-sse-${environmentSuffix}`, {
    bucket: logsBucket.id,
    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
});

// Log delivery by the regional Elastic Load Balancing account (us-west-2), TLS only for everyone.
const logsArn = pulumi.interpolate`arn:aws:s3:::${logsBucket.bucket}`;
const accountId = aws.getCallerIdentityOutput().accountId;
new aws.s3.BucketPolicy(
    `ecommerce-logs-policy-${environmentSuffix}`,
    {
        bucket: logsBucket.id,
        policy: pulumi.jsonStringify({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "AllowElbLogDelivery",
                    Effect: "Allow",
                    Principal: { AWS: "arn:aws:iam::797873946194:root" },
                    Action: "s3:PutObject",
                    Resource: pulumi.interpolate`${logsArn}/alb/AWSLogs/${accountId}/*`,
                },
                {
                    Sid: "DenyInsecureTransport",
                    Effect: "Deny",
                    Principal: "*",
                    Action: "s3:*",
                    Resource: [logsArn, pulumi.interpolate`${logsArn}/*`],
                    Condition: { Bool: { "aws:SecureTransport": "false" } },
                },
            ],
        }),
    },
    { dependsOn: [logsPab] },
);

const vpc = new aws.ec2.Vpc(`ecommerce-vpc-${environmentSuffix}`, { cidrBlock: "10.0.0.0/16", tags });
const subnets = ["us-west-2a", "us-west-2b"].map(
    (az, i) =>
        new aws.ec2.Subnet(`ecommerce-public-${i + 1}-${environmentSuffix}`, {
            vpcId: vpc.id,
            cidrBlock: `10.0.${i}.0/24`,
            availabilityZone: az,
            mapPublicIpOnLaunch: true,
            tags,
        }),
);

new aws.lb.LoadBalancer(`ecommerce-alb-${environmentSuffix}`, {
    loadBalancerType: "application",
    internal: false,
    subnets: subnets.map(s => s.id),
    accessLogs: { bucket: logsBucket.bucket, prefix: "alb", enabled: true },
    tags,
});

export const logsBucketName = logsBucket.bucket;
