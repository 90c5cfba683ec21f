/**
 * Property-based robustness test through the real analyzer protocol: random and malformed graphs
 * (wrong types, missing fields, unknowns and secrets anywhere, broken JSON policy documents,
 * dangling references, parent cycles) must never produce a gRPC error, never put a secret value in
 * a message, and give identical output for identical input.
 *
 * FUZZ_RUNS graphs (default 150 in `npm test`; `npm run fuzz` runs 10,000).
 */
import fc from "fast-check";
import { EngineResource, UNKNOWN_SENTINEL, analyzeWithPack, secretEnvelope } from "../scanner/engine";
import { usePack } from "./helpers/harness";

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);

const TYPES = [
    "aws:s3/bucket:Bucket",
    "aws:s3/bucketV2:BucketV2",
    "aws:s3/bucketPolicy:BucketPolicy",
    "aws:s3/bucketVersioning:BucketVersioning",
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:s3/bucketLogging:BucketLogging",
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    "aws:s3/bucketNotification:BucketNotification",
    "aws:kms/key:Key",
    "aws:kms/keyPolicy:KeyPolicy",
    "aws:kms/alias:Alias",
    "aws:cloudwatch/logGroup:LogGroup",
    "aws:cloudwatch/dashboard:Dashboard",
    "aws:cloudwatch/metricAlarm:MetricAlarm",
    "aws:apigateway/restApi:RestApi",
    "aws:apigateway/stage:Stage",
    "aws:apigateway/deployment:Deployment",
    "aws:apigateway/method:Method",
    "aws:apigateway/authorizer:Authorizer",
    "aws:apigateway/account:Account",
    "aws:apigatewayv2/api:Api",
    "aws:apigatewayv2/stage:Stage",
    "aws:apigatewayv2/route:Route",
    "aws:lb/loadBalancer:LoadBalancer",
    "aws:alb/loadBalancer:LoadBalancer",
    "aws:ec2/vpc:Vpc",
    "aws:ec2/subnet:Subnet",
    "aws:ec2/routeTable:RouteTable",
    "aws:ec2/routeTableAssociation:RouteTableAssociation",
    "aws:ec2/route:Route",
    "aws:ec2/internetGateway:InternetGateway",
    "aws:ec2/natGateway:NatGateway",
    "aws:ec2/vpcEndpoint:VpcEndpoint",
    "aws:ec2/flowLog:FlowLog",
    "aws:ec2/defaultVpc:DefaultVpc",
    "aws:lambda/function:Function",
    "aws:lambda/functionUrl:FunctionUrl",
    "aws:lambda/permission:Permission",
    "aws:lambda/eventSourceMapping:EventSourceMapping",
    "aws:iam/role:Role",
    "aws:iam/policy:Policy",
    "aws:iam/rolePolicy:RolePolicy",
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    "aws:rds/instance:Instance",
    "aws:rds/cluster:Cluster",
    "aws:rds/subnetGroup:SubnetGroup",
    "aws:dynamodb/table:Table",
    "aws:ecr/repository:Repository",
    "aws:cloudfront/distribution:Distribution",
    "aws:cloudtrail/trail:Trail",
    "aws:secretsmanager/secretRotation:SecretRotation",
    "aws:appautoscaling/target:Target",
    "aws:sns/topic:Topic",
    "aws:sqs/queue:Queue",
    "custom:index:Thing",
];

const KEYS = [
    "bucket",
    "policy",
    "versioning",
    "enabled",
    "status",
    "versioningConfiguration",
    "serverSideEncryptionConfiguration",
    "rule",
    "applyServerSideEncryptionByDefault",
    "sseAlgorithm",
    "kmsMasterKeyId",
    "logging",
    "targetBucket",
    "lifecycleRules",
    "rules",
    "expiration",
    "days",
    "blockPublicAcls",
    "blockPublicPolicy",
    "ignorePublicAcls",
    "restrictPublicBuckets",
    "keyId",
    "kmsKeyId",
    "enableKeyRotation",
    "retentionInDays",
    "name",
    "role",
    "vpcConfig",
    "subnetIds",
    "securityGroupIds",
    "authorizationType",
    "authorization",
    "runtime",
    "accessLogSettings",
    "destinationArn",
    "format",
    "tags",
    "password",
    "masterPassword",
    "manageMasterUserPassword",
    "assumeRolePolicy",
    "inlinePolicies",
    "policyArn",
    "managedPolicyArns",
    "subnets",
    "subnetMappings",
    "subnetId",
    "internal",
    "availabilityZone",
    "vpcId",
    "routes",
    "cidrBlock",
    "gatewayId",
    "natGatewayId",
    "routeTableId",
    "mapPublicIpOnLaunch",
    "accessLogs",
    "loggingConfig",
    "isMultiRegionTrail",
    "enableLogFileValidation",
    "storageEncrypted",
    "monitoringInterval",
    "monitoringRoleArn",
    "rotationLambdaArn",
    "pointInTimeRecovery",
    "imageScanningConfiguration",
    "scanOnPush",
    "imageTagMutability",
    "dashboardBody",
    "namespace",
    "dimensions",
    "identitySource",
    "type",
    "authorizerResultTtlInSeconds",
    "defaultCacheBehavior",
    "lambdaFunctionAssociations",
    "lambdaArn",
    "publish",
    "region",
    "scalableDimension",
    "resourceId",
    "deadLetterConfig",
    "eventSourceArn",
    "filterPrefix",
    "lambdaFunctions",
    "principal",
    "protocolType",
    "routeKey",
    "functionName",
    "qualifier",
    "arn",
    "id",
    "random",
];

const SECRET_PREFIX = "S3CR3T-";

const policyDoc = fc.oneof(
    fc.constant('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}'),
    fc.constant('{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"*"}}'),
    fc.constant('{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}'),
    fc.constant('{"Statement": [ {"Effect": "Allow", "Action": '),
    fc.constant('{"Statement":"not-a-list"}'),
    fc.constant("[]"),
    fc.constant('{"Statement":[{"Effect":"Maybe","Action":42}]}'),
    fc.json(),
);

const leaf = fc.oneof(
    { weight: 4, arbitrary: fc.string({ maxLength: 12 }) },
    {
        weight: 2,
        arbitrary: fc.constantFrom(
            "*",
            "NONE",
            "AWS_IAM",
            "Enabled",
            "Suspended",
            "aws:kms",
            "AES256",
            "nodejs18.x",
            "us-east-1",
            "0.0.0.0/0",
            "lambda.amazonaws.com",
            "arn:aws:s3:::b",
            "arn:aws:iam::aws:policy/AdministratorAccess",
            "TOKEN",
            "IMMUTABLE",
        ),
    },
    { weight: 2, arbitrary: fc.constant(UNKNOWN_SENTINEL) },
    { weight: 1, arbitrary: fc.integer() },
    { weight: 1, arbitrary: fc.double({ noNaN: false }) },
    { weight: 1, arbitrary: fc.boolean() },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 2, arbitrary: policyDoc },
);

const value: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>(tie => ({
    v: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        leaf,
        fc.array(tie("v"), { maxLength: 4 }),
        fc.dictionary(fc.constantFrom(...KEYS), tie("v"), { maxKeys: 5 }),
        fc
            .tuple(fc.nat(), tie("v"))
            .map(([n, v]) =>
                secretEnvelope(typeof v === "string" || v === null || typeof v === "object" ? `${SECRET_PREFIX}${n}-${JSON.stringify(v).length}` : v),
            ),
    ),
})).v;

interface FuzzResource {
    type: string;
    props: Record<string, unknown>;
    parent: number;
    deps: Record<string, number[]>;
    explicitProvider: boolean;
}

const resourceArb = fc.record({
    type: fc.constantFrom(...TYPES),
    props: fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 8 }),
    parent: fc.integer({ min: -1, max: 11 }),
    deps: fc.dictionary(fc.constantFrom(...KEYS), fc.array(fc.integer({ min: 0, max: 14 }), { maxLength: 3 }), { maxKeys: 3 }),
    explicitProvider: fc.boolean(),
});

const graphArb = fc.record({
    resources: fc.array(resourceArb, { minLength: 1, maxLength: 12 }),
    region: fc.oneof(
        fc.constantFrom("us-west-2", "us-east-1", "eu-west-1", UNKNOWN_SENTINEL),
        fc.string({ maxLength: 5 }).map(s => secretEnvelope(SECRET_PREFIX + s)),
    ),
    stackName: fc.constantFrom("dev", "prod", "dev-alice"),
    config: fc.constantFrom<Record<string, unknown>>(
        {},
        { all: "mandatory" },
        { "s3-bucket-versioning": { exemptions: [{ resource: "r*", reason: "fuzz" }] } },
        { "pack-settings": { advisoryStacks: { stackNames: ["dev-*"] } } },
        { "s3-bucket-versioning": { exemptions: "bad" } },
    ),
});

function toEngine(g: fc.Arbitrary<unknown> extends never ? never : any): EngineResource[] {
    const stack = g.stackName as string;
    const urn = (type: string, name: string) => `urn:pulumi:${stack}::fuzz::${type}::${name}`;
    const defaultProvider: EngineResource = {
        urn: urn("pulumi:providers:aws", "default_7_48_0"),
        type: "pulumi:providers:aws",
        name: "default_7_48_0",
        inputs: { region: g.region },
        outputs: { region: g.region },
    };
    const explicit: EngineResource = {
        urn: urn("pulumi:providers:aws", "east"),
        type: "pulumi:providers:aws",
        name: "east",
        inputs: { region: "us-east-1", defaultTags: '{"tags":{"Project":"x"' },
        outputs: {},
    };
    const list: EngineResource[] = g.resources.map((r: FuzzResource, i: number) => ({
        urn: urn(r.type, `r${i}`),
        type: r.type,
        name: `r${i}`,
        inputs: r.props,
        outputs: { ...r.props, arn: i % 2 ? UNKNOWN_SENTINEL : `arn:aws:x:::r${i}` },
    }));
    g.resources.forEach((r: FuzzResource, i: number) => {
        const e = list[i];
        // Parents may point at themselves or form cycles; dependencies may dangle.
        if (r.parent >= 0) e.parent = r.parent < list.length ? list[r.parent].urn : urn("custom:index:Gone", `gone${r.parent}`);
        e.propertyDependencies = Object.fromEntries(
            Object.entries(r.deps).map(([k, idx]) => [k, idx.map(j => (j < list.length ? list[j].urn : urn("aws:s3/bucket:Bucket", `dangling${j}`)))]),
        );
        e.dependencies = [...new Set(Object.values(e.propertyDependencies).flat())];
        e.provider = r.explicitProvider ? explicit.urn : defaultProvider.urn;
    });
    return [defaultProvider, explicit, ...list];
}

const pack = usePack();

test(`${RUNS} random and malformed graphs: no gRPC error, no secret in any message, deterministic`, async () => {
    let graphs = 0;
    await fc.assert(
        fc.asyncProperty(graphArb, async g => {
            graphs++;
            const resources = toEngine(g);
            const run = () =>
                analyzeWithPack(pack, resources, {
                    config: g.config as any,
                    skipConfigValidation: true,
                    stack: { stack: g.stackName, project: "fuzz", dryRun: true },
                }).then(r => r.diagnostics.map(d => JSON.stringify([d.policyName, d.urn ?? "", d.enforcementLevel, d.message])));
            const first = await run();
            const second = await run();
            expect(second).toEqual(first);
            for (const line of first) {
                expect(line).not.toContain(SECRET_PREFIX);
                expect(line).not.toMatch(/internal error/);
            }
            expect(pack.running).toBe(true);
        }),
        { numRuns: RUNS, seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined },
    );
    expect(graphs).toBeGreaterThanOrEqual(RUNS);
}, 3_600_000);

test("a 1 MB policy document and deeply nested values are handled", async () => {
    const statements = Array.from({ length: 6000 }, (_, i) => ({
        Sid: `s${i}`,
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::123456789012:role/r${i}` },
        Action: ["s3:GetObject", "s3:PutObject"],
        Resource: `arn:aws:s3:::b/${i}/*`,
    }));
    const doc = JSON.stringify({ Version: "2012-10-17", Statement: statements });
    expect(doc.length).toBeGreaterThan(1_000_000);
    let deep: unknown = "leaf";
    for (let i = 0; i < 500; i++) deep = { nested: deep };
    const resources: EngineResource[] = [
        {
            urn: "urn:pulumi:dev::fuzz::aws:s3/bucket:Bucket::big",
            type: "aws:s3/bucket:Bucket",
            name: "big",
            inputs: { policy: doc, tags: deep as any },
            outputs: { policy: doc, tags: deep as any },
        },
        {
            urn: "urn:pulumi:dev::fuzz::aws:s3/bucketPolicy:BucketPolicy::bp",
            type: "aws:s3/bucketPolicy:BucketPolicy",
            name: "bp",
            inputs: { bucket: "big", policy: doc },
            outputs: { bucket: "big", policy: doc },
        },
        { urn: "urn:pulumi:dev::fuzz::aws:iam/policy:Policy::p", type: "aws:iam/policy:Policy", name: "p", inputs: { policy: doc }, outputs: { policy: doc } },
    ];
    const r = await analyzeWithPack(pack, resources, { stack: { stack: "dev", project: "fuzz", dryRun: false } });
    expect(r.diagnostics.filter(d => /internal error/.test(d.message))).toEqual([]);
}, 120000);
