// A well-built network: one VPC over two AZs with a public and a private tier, an internet
// gateway and a NAT gateway routed from the right tables, an internet-facing ALB in both public
// subnets (access logs on), a DB subnet group over both private subnets, a Lambda function in the
// private subnets (egress through NAT), an S3 gateway endpoint with a scoped policy, and VPC flow
// logs to an encrypted log group. Tags come from the provider's defaultTags (Pulumi.dev.yaml).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const region = aws.getRegionOutput().region;
const accountId = aws.getCallerIdentityOutput().accountId;
const azs = aws.getAvailabilityZonesOutput({ state: "available" });

// ---- VPC, subnets, gateways, routes ---------------------------------------------------------
const vpc = new aws.ec2.Vpc("main", { cidrBlock: "10.0.0.0/16", enableDnsHostnames: true, enableDnsSupport: true });

const publicSubnets = [0, 1].map(
    i =>
        new aws.ec2.Subnet(`public-${i}`, {
            vpcId: vpc.id,
            cidrBlock: `10.0.${i}.0/24`,
            availabilityZone: azs.names[i],
            tags: { Name: `public-${i}`, Tier: "public" },
        }),
);
const privateSubnets = [0, 1].map(
    i =>
        new aws.ec2.Subnet(`private-${i}`, {
            vpcId: vpc.id,
            cidrBlock: `10.0.${10 + i}.0/24`,
            availabilityZone: azs.names[i],
            tags: { Name: `private-${i}`, Tier: "private" },
        }),
);

const igw = new aws.ec2.InternetGateway("igw", { vpcId: vpc.id });
const publicRt = new aws.ec2.RouteTable("public-rt", { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }] });
publicSubnets.forEach((s, i) => new aws.ec2.RouteTableAssociation(`public-rta-${i}`, { subnetId: s.id, routeTableId: publicRt.id }));

const natEip = new aws.ec2.Eip("nat-eip", { domain: "vpc" });
const nat = new aws.ec2.NatGateway("nat", { allocationId: natEip.id, subnetId: publicSubnets[0].id }, { dependsOn: [igw] });
const privateRt = new aws.ec2.RouteTable("private-rt", { vpcId: vpc.id });
new aws.ec2.Route("private-default", { routeTableId: privateRt.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: nat.id });
privateSubnets.forEach((s, i) => new aws.ec2.RouteTableAssociation(`private-rta-${i}`, { subnetId: s.id, routeTableId: privateRt.id }));

// The VPC's default security group carries no rules.
new aws.ec2.DefaultSecurityGroup("default-sg", { vpcId: vpc.id });

// S3 gateway endpoint, limited to this account's principals.
new aws.ec2.VpcEndpoint("s3-endpoint", {
    vpcId: vpc.id,
    serviceName: pulumi.interpolate`com.amazonaws.${region}.s3`,
    vpcEndpointType: "Gateway",
    routeTableIds: [privateRt.id],
    policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: "*",
                Action: ["s3:GetObject", "s3:PutObject", "s3:ListBucket"],
                Resource: "*",
                Condition: { StringEquals: { "aws:PrincipalAccount": accountId } },
            },
        ],
    }),
});

// ---- Flow logs to an encrypted CloudWatch log group ------------------------------------------
const logsKey = new aws.kms.Key("logs-key", {
    description: "Encrypts the VPC flow log group",
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
const flowLogGroup = new aws.cloudwatch.LogGroup("vpc-flow-logs", { retentionInDays: 365, kmsKeyId: logsKey.arn });
const flowLogRole = new aws.iam.Role("flow-logs-role", {
    assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "vpc-flow-logs.amazonaws.com" }, Action: "sts:AssumeRole" }],
    }),
});
new aws.iam.RolePolicy("flow-logs-write", {
    role: flowLogRole.id,
    policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups", "logs:DescribeLogStreams"],
                Resource: [flowLogGroup.arn, pulumi.interpolate`${flowLogGroup.arn}:*`],
            },
        ],
    }),
});
new aws.ec2.FlowLog("vpc-flow-log", { vpcId: vpc.id, trafficType: "ALL", logDestination: flowLogGroup.arn, iamRoleArn: flowLogRole.arn });

// ---- Log buckets for the load balancer -------------------------------------------------------
function privateBucket(name: string): aws.s3.Bucket {
    const bucket = new aws.s3.Bucket(name);
    new aws.s3.BucketPublicAccessBlock(`${name}-pab`, {
        bucket: bucket.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
    });
    new aws.s3.BucketVersioning(`${name}-versioning`, { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } });
    new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-sse`, {
        bucket: bucket.id,
        rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
    });
    new aws.s3.BucketLifecycleConfiguration(`${name}-lifecycle`, {
        bucket: bucket.id,
        rules: [
            {
                id: "retain-logs",
                status: "Enabled",
                filter: {},
                transitions: [
                    { days: 30, storageClass: "STANDARD_IA" },
                    { days: 90, storageClass: "GLACIER" },
                ],
                expiration: { days: 365 },
            },
        ],
    });
    return bucket;
}
function tlsOnlyStatement(bucket: aws.s3.Bucket) {
    const arn = pulumi.interpolate`arn:aws:s3:::${bucket.bucket}`;
    return {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [arn, pulumi.interpolate`${arn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    };
}

// Server access logs of the ALB log bucket land here.
const accessLogs = privateBucket("s3-access-logs");
new aws.s3.BucketPolicy("s3-access-logs-policy", {
    bucket: accessLogs.id,
    policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
            tlsOnlyStatement(accessLogs),
            {
                Sid: "S3ServerAccessLogs",
                Effect: "Allow",
                Principal: { Service: "logging.s3.amazonaws.com" },
                Action: "s3:PutObject",
                Resource: pulumi.interpolate`arn:aws:s3:::${accessLogs.bucket}/*`,
                Condition: { StringEquals: { "aws:SourceAccount": accountId } },
            },
        ],
    }),
});

const albLogs = privateBucket("alb-logs");
new aws.s3.BucketLogging("alb-logs-logging", { bucket: albLogs.id, targetBucket: accessLogs.id, targetPrefix: "alb-logs/" });
const albLogsPolicy = new aws.s3.BucketPolicy("alb-logs-policy", {
    bucket: albLogs.id,
    policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
            tlsOnlyStatement(albLogs),
            {
                Sid: "ElbLogDelivery",
                Effect: "Allow",
                Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
                Action: "s3:PutObject",
                Resource: pulumi.interpolate`arn:aws:s3:::${albLogs.bucket}/alb/AWSLogs/${accountId}/*`,
            },
        ],
    }),
});

// ---- Internet-facing ALB in both public subnets ----------------------------------------------
const albSg = new aws.ec2.SecurityGroup("alb-sg", {
    vpcId: vpc.id,
    description: "HTTPS from the internet",
    ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], description: "HTTPS" }],
    egress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/16"], description: "To targets" }],
});
new aws.lb.LoadBalancer(
    "app-lb",
    {
        loadBalancerType: "application",
        internal: false,
        subnets: publicSubnets.map(s => s.id),
        securityGroups: [albSg.id],
        dropInvalidHeaderFields: true,
        accessLogs: { bucket: albLogs.bucket, prefix: "alb", enabled: true },
    },
    { dependsOn: [albLogsPolicy] },
);

// ---- DB subnet group over both private subnets -----------------------------------------------
new aws.rds.SubnetGroup("db-subnets", { subnetIds: privateSubnets.map(s => s.id) });

// ---- Lambda in the private subnets ------------------------------------------------------------
const fnRole = new aws.iam.Role("worker-role", {
    assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
    }),
});
new aws.iam.RolePolicyAttachment("worker-vpc-access", { role: fnRole.name, policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole" });
const fnSg = new aws.ec2.SecurityGroup("worker-sg", {
    vpcId: vpc.id,
    description: "Lambda worker: HTTPS out only",
    egress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], description: "HTTPS to AWS APIs" }],
});
const workerLogs = new aws.cloudwatch.LogGroup("worker-logs", { retentionInDays: 365, kmsKeyId: logsKey.arn });
new aws.lambda.Function("worker", {
    runtime: "nodejs24.x",
    handler: "index.handler",
    role: fnRole.arn,
    code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => ({ ok: true });") }),
    vpcConfig: { subnetIds: privateSubnets.map(s => s.id), securityGroupIds: [fnSg.id] },
    loggingConfig: { logFormat: "JSON", logGroup: workerLogs.name },
    tracingConfig: { mode: "Active" },
});

export const vpcId = vpc.id;
