/**
 * Realistic generated graphs for the benchmark: repeated slices of a typical AWS program (a VPC
 * slice, buckets with their split settings, keys, log groups, roles, functions, an API), built
 * with the same stack builder the tests use, in preview (unknown ids) or update mode.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { EngineResource } from "../scanner/engine";
import { Mode, TestStack, jsonDoc, ref } from "../scanner/stack-builder";

const TAGS = { Project: "bench", Environment: "dev", ManagedBy: "pulumi" };

function slice(s: TestStack, i: number, logBucket: ReturnType<TestStack["add"]>): void {
    const p = `s${i}`;
    const vpc = s.add("aws:ec2/vpc:Vpc", `${p}-vpc`, { cidrBlock: "10.0.0.0/16", tags: TAGS });
    const igw = s.add("aws:ec2/internetGateway:InternetGateway", `${p}-igw`, { vpcId: ref(vpc), tags: TAGS });
    const rt = s.add("aws:ec2/routeTable:RouteTable", `${p}-rt`, { vpcId: ref(vpc), routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: ref(igw) }], tags: TAGS });
    const subnets = ["a", "b"].map(az => {
        const sn = s.add("aws:ec2/subnet:Subnet", `${p}-subnet-${az}`, {
            vpcId: ref(vpc),
            cidrBlock: `10.0.${az === "a" ? 1 : 2}.0/24`,
            availabilityZone: `us-west-2${az}`,
            mapPublicIpOnLaunch: true,
            tags: TAGS,
        });
        s.add("aws:ec2/routeTableAssociation:RouteTableAssociation", `${p}-rta-${az}`, { subnetId: ref(sn), routeTableId: ref(rt) });
        return sn;
    });
    const flowGroup = s.add("aws:cloudwatch/logGroup:LogGroup", `${p}-flow-logs`, { retentionInDays: 365, tags: TAGS });
    s.add("aws:ec2/flowLog:FlowLog", `${p}-flow`, { vpcId: ref(vpc), trafficType: "ALL", logDestination: ref(flowGroup, "arn"), tags: TAGS });

    const bucket = s.add("aws:s3/bucket:Bucket", `${p}-data`, { tags: TAGS });
    s.add("aws:s3/bucketVersioning:BucketVersioning", `${p}-data-versioning`, { bucket: ref(bucket), versioningConfiguration: { status: "Enabled" } });
    s.add("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", `${p}-data-sse`, {
        bucket: ref(bucket),
        rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
    });
    s.add("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", `${p}-data-pab`, {
        bucket: ref(bucket),
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
    });
    s.add("aws:s3/bucketLogging:BucketLogging", `${p}-data-logging`, { bucket: ref(bucket), targetBucket: ref(logBucket), targetPrefix: `${p}/` });
    s.add("aws:s3/bucketPolicy:BucketPolicy", `${p}-data-policy`, {
        bucket: ref(bucket),
        policy: jsonDoc({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "TlsOnly",
                    Effect: "Deny",
                    Principal: "*",
                    Action: "s3:*",
                    Resource: [ref(bucket, "arn"), ref(bucket, "arn", a => `${a}/*`)],
                    Condition: { Bool: { "aws:SecureTransport": "false" } },
                },
            ],
        }),
    });

    const key = s.add("aws:kms/key:Key", `${p}-key`, {
        enableKeyRotation: true,
        tags: TAGS,
        policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [
                { Sid: "Root", Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "kms:*", Resource: "*" },
                {
                    Sid: "Logs",
                    Effect: "Allow",
                    Principal: { Service: "logs.us-west-2.amazonaws.com" },
                    Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
                    Resource: "*",
                },
            ],
        }),
    });
    s.add("aws:kms/alias:Alias", `${p}-key-alias`, { targetKeyId: ref(key, "keyId") });
    const fnLogs = s.add("aws:cloudwatch/logGroup:LogGroup", `${p}-fn-logs`, { retentionInDays: 90, kmsKeyId: ref(key, "arn"), tags: TAGS });

    const role = s.add("aws:iam/role:Role", `${p}-role`, {
        assumeRolePolicy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
        }),
        tags: TAGS,
    });
    s.add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", `${p}-role-vpc`, {
        role: ref(role, "name"),
        policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole",
    });
    s.add("aws:lambda/function:Function", `${p}-fn`, {
        runtime: "nodejs22.x",
        handler: "index.handler",
        role: ref(role, "arn"),
        vpcConfig: { subnetIds: subnets.map(sn => ref(sn)), securityGroupIds: [] },
        loggingConfig: { logGroup: ref(fnLogs, "name"), logFormat: "JSON" },
        tags: TAGS,
    });

    const api = s.add("aws:apigateway/restApi:RestApi", `${p}-api`, { tags: TAGS });
    const apiLogs = s.add("aws:cloudwatch/logGroup:LogGroup", `${p}-api-logs`, { retentionInDays: 90, kmsKeyId: ref(key, "arn"), tags: TAGS });
    const method = s.add("aws:apigateway/method:Method", `${p}-method`, {
        restApi: ref(api),
        resourceId: ref(api, "rootResourceId"),
        httpMethod: "GET",
        authorization: "AWS_IAM",
    });
    const deployment = s.add("aws:apigateway/deployment:Deployment", `${p}-deployment`, { restApi: ref(api), triggers: { m: ref(method) } });
    s.add("aws:apigateway/stage:Stage", `${p}-stage`, {
        restApi: ref(api),
        deployment: ref(deployment),
        stageName: "prod",
        accessLogSettings: { destinationArn: ref(apiLogs, "arn"), format: "$context.requestId" },
        tags: TAGS,
    });
}

/** A stack of about `size` resources (slices of 30). */
export function generateGraph(size: number, mode: Mode): EngineResource[] {
    const s = new TestStack("bench", "bench", "us-west-2", { defaultTags: JSON.stringify({ tags: TAGS }) });
    const logBucket = s.add("aws:s3/bucket:Bucket", "access-logs", {
        tags: TAGS,
        lifecycleRules: [{ enabled: true, expiration: { days: 365 }, transitions: [{ days: 30, storageClass: "STANDARD_IA" }] }],
    });
    let i = 0;
    while (s.resources.length < size) slice(s, i++, logBucket);
    return s.build(mode).slice(0, Math.max(size, 3));
}

/**
 * A Pulumi program of about `size` resources (slices of 10: a VPC with two subnets, a bucket with
 * its split settings, a key, a log group, a role and a function), written to a new temporary
 * folder for the scanner to record. The caller removes the folder.
 */
export function generateProgram(size: number): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-program-"));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: bench-program\nruntime: nodejs\n");
    fs.writeFileSync(path.join(dir, "Pulumi.bench.yaml"), "config:\n  aws:region: us-west-2\n");
    fs.writeFileSync(
        path.join(dir, "index.ts"),
        `import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const tags = { Project: "bench", Environment: "dev", ManagedBy: "pulumi" };
for (let i = 0; i < ${Math.ceil(size / 10)}; i++) {
    const vpc = new aws.ec2.Vpc(\`vpc-\${i}\`, { cidrBlock: "10.0.0.0/16", tags });
    for (const az of ["a", "b"]) new aws.ec2.Subnet(\`subnet-\${i}-\${az}\`, { vpcId: vpc.id, cidrBlock: az === "a" ? "10.0.1.0/24" : "10.0.2.0/24", availabilityZone: \`us-west-2\${az}\`, tags });
    const bucket = new aws.s3.Bucket(\`data-\${i}\`, { tags });
    new aws.s3.BucketVersioning(\`data-\${i}\`, { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } });
    new aws.s3.BucketPublicAccessBlock(\`data-\${i}\`, { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
    const key = new aws.kms.Key(\`key-\${i}\`, { enableKeyRotation: true, tags });
    new aws.cloudwatch.LogGroup(\`logs-\${i}\`, { retentionInDays: 365, kmsKeyId: key.arn, tags });
    const role = new aws.iam.Role(\`role-\${i}\`, {
        assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
        tags,
    });
    new aws.lambda.Function(\`fn-\${i}\`, { role: role.arn, runtime: "nodejs20.x", handler: "index.handler", code: new pulumi.asset.AssetArchive({}), tags });
}
`,
    );
    const packModules = path.resolve(__dirname, "..", "..", "node_modules");
    fs.symlinkSync(fs.existsSync(packModules) ? packModules : path.resolve(__dirname, "..", "node_modules"), path.join(dir, "node_modules"), "dir");
    return dir;
}
