// A stack that does section A's encryption and audit logging right. It must be silent for every
// policy of the pack (expected.json has no "only").
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const stack = pulumi.getStack();
const tags = { Project: "well-built-logging", Environment: stack, ManagedBy: "pulumi" };
const region = aws.getRegionOutput().region;
const accountId = aws.getCallerIdentityOutput().accountId;

// ---- KMS: one key for logs and the trail, rotated, with an explicit policy -------------------
const logsKey = new aws.kms.Key("logs-key", {
    description: "Encrypts CloudWatch log groups and CloudTrail log files",
    enableKeyRotation: true,
    deletionWindowInDays: 30,
    policy: pulumi.all([accountId, region]).apply(([account, rgn]) =>
        JSON.stringify({
            Version: "2012-10-17",
            Statement: [
                { Sid: "AccountAdmin", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: "kms:*", Resource: "*" },
                {
                    Sid: "CloudWatchLogs",
                    Effect: "Allow",
                    Principal: { Service: `logs.${rgn}.amazonaws.com` },
                    Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
                    Resource: "*",
                    Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${rgn}:${account}:log-group:*` } },
                },
                {
                    Sid: "CloudTrailEncrypt",
                    Effect: "Allow",
                    Principal: { Service: "cloudtrail.amazonaws.com" },
                    Action: ["kms:GenerateDataKey*", "kms:DescribeKey"],
                    Resource: "*",
                    Condition: { StringEquals: { "aws:SourceAccount": account } },
                },
            ],
        }),
    ),
    tags,
});
new aws.kms.Alias("logs-key-alias", { name: `alias/well-built-logging-${stack}`, targetKeyId: logsKey.keyId });

// ---- Log bucket: receives S3 access logs, ALB, CloudFront and CloudTrail logs -----------------
const logBucket = new aws.s3.Bucket("log-bucket", { forceDestroy: false, tags });
new aws.s3.BucketVersioning("log-bucket-versioning", { bucket: logBucket.id, versioningConfiguration: { status: "Enabled" } });
// S3 access logs and ALB logs can only be delivered into SSE-S3 buckets.
new aws.s3.BucketServerSideEncryptionConfiguration("log-bucket-encryption", {
    bucket: logBucket.id,
    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
});
new aws.s3.BucketPublicAccessBlock("log-bucket-pab", {
    bucket: logBucket.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
});
// CloudFront standard logging writes with ACLs: the bucket owner keeps ownership.
new aws.s3.BucketOwnershipControls("log-bucket-ownership", { bucket: logBucket.id, rule: { objectOwnership: "BucketOwnerPreferred" } });
new aws.s3.BucketLifecycleConfiguration("log-bucket-lifecycle", {
    bucket: logBucket.id,
    rules: [
        {
            id: "retain-logs",
            status: "Enabled",
            filter: { prefix: "" },
            transitions: [
                { days: 30, storageClass: "STANDARD_IA" },
                { days: 90, storageClass: "GLACIER" },
            ],
            expiration: { days: 365 },
            noncurrentVersionExpiration: { noncurrentDays: 90 },
        },
    ],
});
const logBucketPolicy = new aws.s3.BucketPolicy("log-bucket-policy", {
    bucket: logBucket.id,
    policy: pulumi.all([logBucket.arn, accountId]).apply(([arn, account]) =>
        JSON.stringify({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "DenyInsecureTransport",
                    Effect: "Deny",
                    Principal: "*",
                    Action: "s3:*",
                    Resource: [arn, `${arn}/*`],
                    Condition: { Bool: { "aws:SecureTransport": "false" } },
                },
                {
                    Sid: "S3ServerAccessLogs",
                    Effect: "Allow",
                    Principal: { Service: "logging.s3.amazonaws.com" },
                    Action: "s3:PutObject",
                    Resource: `${arn}/s3-access/*`,
                    Condition: { StringEquals: { "aws:SourceAccount": account } },
                },
                // us-west-2's Elastic Load Balancing account delivers ALB access logs.
                {
                    Sid: "AlbAccessLogs",
                    Effect: "Allow",
                    Principal: { AWS: "arn:aws:iam::797873946194:root" },
                    Action: "s3:PutObject",
                    Resource: `${arn}/alb/AWSLogs/${account}/*`,
                },
                {
                    Sid: "CloudTrailAclCheck",
                    Effect: "Allow",
                    Principal: { Service: "cloudtrail.amazonaws.com" },
                    Action: "s3:GetBucketAcl",
                    Resource: arn,
                    Condition: { StringEquals: { "aws:SourceAccount": account } },
                },
                {
                    Sid: "CloudTrailWrite",
                    Effect: "Allow",
                    Principal: { Service: "cloudtrail.amazonaws.com" },
                    Action: "s3:PutObject",
                    Resource: `${arn}/cloudtrail/AWSLogs/${account}/*`,
                    Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceAccount": account } },
                },
            ],
        }),
    ),
});

// ---- Network: VPC with flow logs, two public subnets in two AZs ------------------------------
const azs = aws.getAvailabilityZonesOutput({ state: "available" });
const vpc = new aws.ec2.Vpc("main-vpc", { cidrBlock: "10.20.0.0/16", enableDnsHostnames: true, enableDnsSupport: true, tags });
const igw = new aws.ec2.InternetGateway("main-igw", { vpcId: vpc.id, tags });
const publicRoutes = new aws.ec2.RouteTable("public-routes", { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }], tags });
const publicSubnets = [0, 1].map(i => {
    const subnet = new aws.ec2.Subnet(`public-${i + 1}`, {
        vpcId: vpc.id,
        cidrBlock: `10.20.${i}.0/24`,
        availabilityZone: azs.names[i],
        mapPublicIpOnLaunch: false,
        tags: { ...tags, Tier: "public" },
    });
    new aws.ec2.RouteTableAssociation(`public-${i + 1}-routes`, { subnetId: subnet.id, routeTableId: publicRoutes.id });
    return subnet;
});

const flowLogGroup = new aws.cloudwatch.LogGroup("vpc-flow-logs", { retentionInDays: 365, kmsKeyId: logsKey.arn, tags });
const flowLogRole = new aws.iam.Role("vpc-flow-logs-role", {
    assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "vpc-flow-logs.amazonaws.com" }, Action: "sts:AssumeRole" }],
    }),
    tags,
});
new aws.iam.RolePolicy("vpc-flow-logs-write", {
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
new aws.ec2.FlowLog("main-vpc-flow-log", {
    vpcId: vpc.id,
    trafficType: "ALL",
    logDestinationType: "cloud-watch-logs",
    logDestination: flowLogGroup.arn,
    iamRoleArn: flowLogRole.arn,
    tags,
});

// ---- Load balancer with access logs -----------------------------------------------------------
const albSg = new aws.ec2.SecurityGroup("alb-sg", {
    vpcId: vpc.id,
    description: "HTTPS from the internet",
    ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], description: "HTTPS" }],
    egress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.20.0.0/16"], description: "to targets" }],
    tags,
});
const alb = new aws.lb.LoadBalancer(
    "app-alb",
    {
        loadBalancerType: "application",
        internal: false,
        subnets: publicSubnets.map(s => s.id),
        securityGroups: [albSg.id],
        dropInvalidHeaderFields: true,
        accessLogs: { bucket: logBucket.bucket, prefix: "alb", enabled: true },
        tags,
    },
    { dependsOn: [logBucketPolicy] },
);

// ---- CloudFront with standard logging ---------------------------------------------------------
const cdn = new aws.cloudfront.Distribution("cdn", {
    enabled: true,
    origins: [
        {
            originId: "alb",
            domainName: alb.dnsName,
            customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"] },
        },
    ],
    defaultCacheBehavior: {
        targetOriginId: "alb",
        viewerProtocolPolicy: "redirect-to-https",
        allowedMethods: ["GET", "HEAD"],
        cachedMethods: ["GET", "HEAD"],
        forwardedValues: { queryString: false, cookies: { forward: "none" } },
    },
    restrictions: { geoRestriction: { restrictionType: "none" } },
    viewerCertificate: { cloudfrontDefaultCertificate: true },
    loggingConfig: { bucket: logBucket.bucketDomainName, prefix: "cloudfront/", includeCookies: false },
    tags,
});

// ---- HTTP API with access logs ----------------------------------------------------------------
const api = new aws.apigatewayv2.Api("items-api", { protocolType: "HTTP", tags });
const apiLogGroup = new aws.cloudwatch.LogGroup("items-api-access-logs", {
    name: pulumi.interpolate`/aws/apigateway/${api.name}`,
    retentionInDays: 90,
    kmsKeyId: logsKey.arn,
    tags,
});
const integration = new aws.apigatewayv2.Integration("items-integration", {
    apiId: api.id,
    integrationType: "HTTP_PROXY",
    integrationMethod: "GET",
    integrationUri: pulumi.interpolate`https://${cdn.domainName}/items`,
});
new aws.apigatewayv2.Route("items-route", {
    apiId: api.id,
    routeKey: "GET /items",
    authorizationType: "AWS_IAM",
    target: pulumi.interpolate`integrations/${integration.id}`,
});
const apiStage = new aws.apigatewayv2.Stage("items-stage", {
    apiId: api.id,
    name: "$default",
    autoDeploy: true,
    accessLogSettings: {
        destinationArn: apiLogGroup.arn,
        format: JSON.stringify({ requestId: "$context.requestId", ip: "$context.identity.sourceIp", routeKey: "$context.routeKey", status: "$context.status" }),
    },
    defaultRouteSettings: { throttlingBurstLimit: 100, throttlingRateLimit: 50 },
    tags,
});

// ---- CloudTrail -------------------------------------------------------------------------------
const trail = new aws.cloudtrail.Trail(
    "audit-trail",
    {
        s3BucketName: logBucket.id,
        s3KeyPrefix: "cloudtrail",
        isMultiRegionTrail: true,
        includeGlobalServiceEvents: true,
        enableLogFileValidation: true,
        enableLogging: true,
        kmsKeyId: logsKey.arn,
        tags,
    },
    { dependsOn: [logBucketPolicy] },
);

export const albDns = alb.dnsName;
export const cdnDomain = cdn.domainName;
export const apiEndpoint = apiStage.invokeUrl;
export const trailArn = trail.arn;
