/** Facts about S3 buckets, table-driven over StackGraphs built directly. */
import { types } from "../../lib/aws/types";
import {
    accessLogging,
    bucketNameFromReference,
    defaultEncryption,
    denyUnlessFrom,
    logBucket,
    logRetention,
    policyScope,
    publicAccessBlock,
    sseS3OnlyLogSources,
    tlsOnly,
} from "../../lib/facts/s3";
import { ResourceView } from "../../lib/graph/resource";
import { StackGraph } from "../../lib/graph/stack-graph";
import { PropertyReader } from "../../lib/graph/values";

const U = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const B = types.s3.Bucket;
const urnOf = (name: string, type: string) => `urn:pulumi:dev::p::${type}::${name}`;

function view(name: string, type: string, props: Record<string, unknown>, deps: Record<string, string[]> = {}): ResourceView {
    return { urn: urnOf(name, type), type, name, props: new PropertyReader(props), dependencies: Object.values(deps).flat(), propertyDependencies: deps };
}
const bucket = (name: string, props: Record<string, unknown> = {}) => view(name, B, { bucket: `${name}-1a2b`, arn: `arn:aws:s3:::${name}-1a2b`, ...props });
const onBucket = (name: string, type: string, target: string, props: Record<string, unknown>) =>
    view(name, type, { bucket: U, ...props }, { bucket: [urnOf(target, B)] });
const doc = (...Statement: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const ALL = { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true };
const TLS = { Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } };

describe("bucketNameFromReference", () => {
    test.each([
        ["logs-1a2b", "logs-1a2b"],
        ["logs-1a2b/prefix/", "logs-1a2b"],
        ["arn:aws:s3:::logs-1a2b/x/*", "logs-1a2b"],
        ["logs-1a2b.s3.amazonaws.com", "logs-1a2b"],
        ["logs-1a2b.s3.eu-west-1.amazonaws.com", "logs-1a2b"],
        ["s3://logs-1a2b/p", "logs-1a2b"],
        ["  ", undefined],
    ])("%s", (value, want) => expect(bucketNameFromReference(value)).toEqual(want));
});

describe("publicAccessBlock", () => {
    const PAB = types.s3.BucketPublicAccessBlock;
    const cases: [string, ResourceView[], unknown][] = [
        ["none", [bucket("data")], { kind: "notSet" }],
        ["all four flags", [bucket("data"), onBucket("pab", PAB, "data", ALL)], { kind: "known", value: { complete: true } }],
        [
            "two flags missing",
            [bucket("data"), onBucket("pab", PAB, "data", { blockPublicAcls: true, blockPublicPolicy: true })],
            { kind: "known", value: { complete: false, missing: ["ignorePublicAcls", "restrictPublicBuckets"] } },
        ],
        ["a flag not known yet", [bucket("data"), onBucket("pab", PAB, "data", { ...ALL, ignorePublicAcls: U })], { kind: "unknown" }],
        ["an account-level block", [bucket("data"), view("acct", types.s3.AccountPublicAccessBlock, ALL)], { kind: "known", value: { complete: true } }],
        ["a block whose bucket is not known yet", [bucket("data"), view("pab", PAB, { bucket: U, ...ALL })], { kind: "unknown" }],
    ];
    test.each(cases)("%s", (_, resources, want) => {
        const g = new StackGraph(resources);
        expect(publicAccessBlock(g, g.get(urnOf("data", B))!)).toMatchObject(want as object);
    });
    test("the closest block is named", () => {
        const g = new StackGraph([bucket("data"), onBucket("a", PAB, "data", {}), onBucket("b", PAB, "data", { ...ALL, restrictPublicBuckets: false })]);
        const d = publicAccessBlock(g, g.resources[0]);
        expect(d.kind === "known" && d.value.closest?.name).toBe("b");
    });
});

describe("bucket policies: tlsOnly, denyUnlessFrom, policyScope", () => {
    const POLICY = types.s3.BucketPolicy;
    test.each([
        ["no policy", [bucket("data")], { kind: "known", value: { present: false, policies: [], malformed: [] } }],
        ["a TLS-only statement inline", [bucket("data", { policy: doc(TLS) })], { kind: "known", value: { present: true } }],
        [
            "a TLS-only statement in a BucketPolicy",
            [bucket("data"), onBucket("p", POLICY, "data", { policy: doc(TLS) })],
            { kind: "known", value: { present: true } },
        ],
        [
            "an Allow only",
            [bucket("data", { policy: doc({ Effect: "Allow", Principal: "*", Action: "s3:GetObject" }) })],
            { kind: "known", value: { present: false } },
        ],
        [
            "a malformed document",
            [bucket("data"), onBucket("p", POLICY, "data", { policy: "{" })],
            { kind: "known", value: { present: false, malformed: [expect.stringMatching(/^p \(/)] } },
        ],
        ["a document not known yet", [bucket("data"), onBucket("p", POLICY, "data", { policy: U })], { kind: "unknown" }],
    ])("tlsOnly: %s", (_, resources, want) => {
        const g = new StackGraph(resources as ResourceView[]);
        expect(tlsOnly(g, g.get(urnOf("data", B))!)).toMatchObject(want);
    });

    test("denyUnlessFrom accepts a Deny with a negated aws:PrincipalArn condition only", () => {
        const deny = {
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: "*",
            Condition: { StringNotEquals: { "aws:PrincipalArn": "arn:aws:iam::123456789012:role/r" } },
        };
        const yes = new StackGraph([bucket("data", { policy: doc(deny) })]);
        const no = new StackGraph([bucket("data", { policy: doc(TLS) })]);
        expect(denyUnlessFrom(yes, yes.resources[0])).toMatchObject({ kind: "known", value: { present: true } });
        expect(denyUnlessFrom(no, no.resources[0])).toMatchObject({ kind: "known", value: { present: false } });
    });

    test.each([
        ["no document", {}, { kind: "notSet" }],
        [
            "anyone",
            { policy: doc({ Sid: "Open", Effect: "Allow", Principal: "*", Action: "s3:GetObject" }) },
            { kind: "known", value: { broad: [{ sid: "Open", index: 0, grant: "any-principal" }] } },
        ],
        [
            "anyone, narrowed by aws:SourceVpce",
            { policy: doc({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Condition: { StringEquals: { "aws:SourceVpce": "vpce-1" } } }) },
            { kind: "known", value: { broad: [] } },
        ],
        [
            "every action",
            { policy: doc({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:role/r" }, Action: "*" }) },
            { kind: "known", value: { broad: [{ grant: "every-action" }] } },
        ],
        [
            "s3:* to the account root",
            { policy: doc({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "s3:*" }) },
            { kind: "known", value: { broad: [{ grant: "root-s3" }] } },
        ],
        [
            "a principal not known yet (an object document)",
            { policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: U }, Action: "s3:GetObject" }] } },
            { kind: "unknown" },
        ],
        ["a malformed document", { policy: "not json" }, { kind: "known", value: { broad: [], malformed: expect.any(String) } }],
    ])("policyScope: %s", (_, props, want) => {
        expect(policyScope(bucket("data", props))).toMatchObject(want);
    });
});

describe("defaultEncryption", () => {
    const SSE = types.s3.BucketServerSideEncryptionConfiguration;
    const KEY = types.kms.Key;
    const rule = (byDefault: unknown, bucketKeyEnabled?: unknown) => ({ rules: [{ applyServerSideEncryptionByDefault: byDefault, bucketKeyEnabled }] });
    const cases: [string, ResourceView[], unknown][] = [
        ["none", [bucket("data")], { kind: "notSet" }],
        [
            "AES256 inline",
            [bucket("data", { serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } } } })],
            { kind: "known", value: { algorithm: "AES256", recognised: true, keyManagedBy: { kind: "known", value: "aws" } } },
        ],
        [
            "a split resource decides over the inline value",
            [
                bucket("data", { serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } } } }),
                onBucket("sse", SSE, "data", rule({ sseAlgorithm: "aws:kms", kmsMasterKeyId: "arn:aws:kms:us-west-2:123456789012:key/k" }, true)),
            ],
            { kind: "known", value: { algorithm: "aws:kms", keyManagedBy: { kind: "known", value: "customer" }, bucketKey: { kind: "known", value: true } } },
        ],
        [
            "the AWS managed key by alias",
            [bucket("data"), onBucket("sse", SSE, "data", rule({ sseAlgorithm: "aws:kms", kmsMasterKeyId: "alias/aws/s3" }))],
            { kind: "known", value: { keyManagedBy: { kind: "known", value: "aws" }, bucketKey: { kind: "known", value: false } } },
        ],
        [
            "a key of the stack not known yet is customer managed",
            [
                bucket("data"),
                view("key", KEY, {}),
                view(
                    "sse",
                    SSE,
                    { bucket: U, ...rule({ sseAlgorithm: "aws:kms", kmsMasterKeyId: U }) },
                    { bucket: [urnOf("data", B)], rules: [urnOf("key", KEY)] },
                ),
            ],
            { kind: "known", value: { keyManagedBy: { kind: "known", value: "customer" } } },
        ],
        [
            "a key from elsewhere not known yet",
            [bucket("data"), onBucket("sse", SSE, "data", rule({ sseAlgorithm: "aws:kms", kmsMasterKeyId: U }))],
            { kind: "known", value: { keyManagedBy: { kind: "unknown" } } },
        ],
        [
            "dual-layer",
            [bucket("data"), onBucket("sse", SSE, "data", rule({ sseAlgorithm: "aws:kms:dsse" }))],
            { kind: "known", value: { dualLayer: true, recognised: true } },
        ],
        [
            "an unrecognised algorithm",
            [bucket("data"), onBucket("sse", SSE, "data", rule({ sseAlgorithm: "ROT13" }))],
            { kind: "known", value: { recognised: false } },
        ],
        ["an algorithm not known yet", [bucket("data"), onBucket("sse", SSE, "data", rule({ sseAlgorithm: U }))], { kind: "unknown" }],
        [
            "a rule that is not an object",
            [bucket("data"), onBucket("sse", SSE, "data", { rules: [7] })],
            { kind: "known", value: { malformed: "a rule is not an object" } },
        ],
        [
            "a configuration whose bucket is not known yet",
            [bucket("data"), view("sse", SSE, { bucket: U, ...rule({ sseAlgorithm: "AES256" }) })],
            { kind: "unknown" },
        ],
    ];
    test.each(cases)("%s", (_, resources, want) => {
        const g = new StackGraph(resources);
        expect(defaultEncryption(g, g.get(urnOf("data", B))!)).toMatchObject(want as object);
    });
});

describe("accessLogging and the buckets that receive logs", () => {
    const LOGGING = types.s3.BucketLogging;
    const logging = (name: string, from: string, to: string) =>
        view(name, LOGGING, { bucket: U, targetBucket: U }, { bucket: [urnOf(from, B)], targetBucket: [urnOf(to, B)] });
    const of = (g: StackGraph, name: string) => g.get(urnOf(name, B))!;

    test("a configuration into a private bucket has no problem; the target receives S3 access logs", () => {
        const g = new StackGraph([bucket("data"), bucket("logs"), logging("l", "data", "logs")]);
        expect(accessLogging(g, of(g, "data"))).toMatchObject({ kind: "known", value: { configs: [{ inline: false, problems: [] }] } });
        expect(accessLogging(g, of(g, "logs"))).toMatchObject({ kind: "known", value: { configs: [], receives: [{ kind: "S3 access logs" }] } });
        expect(logBucket(g, of(g, "logs"))).toMatchObject({ certain: { kind: "known" } });
        expect(logBucket(g, of(g, "data"))).toBeUndefined();
        expect(sseS3OnlyLogSources(g, of(g, "logs")).map(s => s.from.name)).toEqual(["l"]);
    });
    test.each([
        ["into itself", [bucket("data"), logging("l", "data", "data")], [{ kind: "into-itself" }]],
        ["into a public bucket", [bucket("data"), bucket("logs", { acl: "public-read" }), logging("l", "data", "logs")], [{ kind: "public-target" }]],
        ["inline, naming no bucket", [bucket("data", { logging: { targetBucket: "" } })], undefined],
    ])("%s", (_, resources, problems) => {
        const g = new StackGraph(resources as ResourceView[]);
        const d = accessLogging(g, of(g, "data"));
        if (problems) expect(d).toMatchObject({ kind: "known", value: { configs: [{ problems }] } });
        else expect(d).toMatchObject({ kind: "known", value: { malformed: "logging has no readable targetBucket" } });
    });
    test("no configuration is not set; one whose bucket is not known yet may be there", () => {
        const none = new StackGraph([bucket("data")]);
        expect(accessLogging(none, of(none, "data"))).toEqual({ kind: "notSet" });
        const maybe = new StackGraph([bucket("data"), view("l", LOGGING, { bucket: U, targetBucket: "elsewhere" })]);
        expect(accessLogging(maybe, of(maybe, "data"))).toMatchObject({ kind: "unknown" });
    });
    test("an inline target named by its domain name resolves to the bucket", () => {
        const g = new StackGraph([bucket("data", { logging: { targetBucket: "logs-1a2b.s3.amazonaws.com" } }), bucket("logs")]);
        expect(logBucket(g, of(g, "logs"))?.sources.map(s => s.from.name)).toEqual(["data"]);
    });
    test("a load balancer whose logging flag is not known yet only may send logs", () => {
        const lb = view("alb", types.lb.LoadBalancer, { accessLogs: { enabled: U, bucket: "logs-1a2b" } });
        const g = new StackGraph([bucket("logs"), lb]);
        expect(logBucket(g, of(g, "logs"))).toMatchObject({
            certain: { kind: "unknown", reason: "it may receive ALB access logs of alb, not known until deployment" },
        });
    });
});

describe("logRetention", () => {
    const now = new Date("2026-01-01T00:00:00Z");
    const LC = types.s3.BucketLifecycleConfiguration;
    const lc = (rules: unknown) => [bucket("logs"), onBucket("lc", LC, "logs", { rules })];
    test.each([
        ["no rule", [bucket("logs")], { kind: "known", value: { enabledRules: 0, adequate: false } }],
        [
            "90 days",
            lc([{ id: "r", status: "Enabled", expiration: { days: 90 } }]),
            { kind: "known", value: { enabledRules: 1, adequate: true, transitions: false } },
        ],
        [
            "30 days, with a transition",
            lc([{ id: "r", status: "Enabled", expiration: { days: 30 }, transitions: [{ days: 10, storageClass: "GLACIER" }] }]),
            { kind: "known", value: { early: { id: "r", days: 30 }, transitions: true } },
        ],
        ["a disabled rule", lc([{ status: "Disabled", expiration: { days: 1 } }]), { kind: "known", value: { enabledRules: 0 } }],
        ["a date 10 days ahead", lc([{ status: "Enabled", expiration: { date: "2026-01-11" } }]), { kind: "known", value: { early: { days: 10 } } }],
        [
            "inline rules (enabled unless disabled)",
            [bucket("logs", { lifecycleRules: [{ expiration: { days: 400 } }] })],
            { kind: "known", value: { adequate: true } },
        ],
        ["days not known yet", lc([{ status: "Enabled", expiration: { days: U } }]), { kind: "unknown" }],
        ["rules not known yet", lc(U), { kind: "unknown" }],
        [
            "a malformed expiration",
            lc([{ status: "Enabled", expiration: { days: "soon" } }]),
            { kind: "known", value: { malformed: { problem: "expiration.days is not a number" } } },
        ],
    ])("%s", (_, resources, want) => {
        const g = new StackGraph(resources as ResourceView[]);
        expect(logRetention(g, g.get(urnOf("logs", B))!, 90, now)).toMatchObject(want);
    });
});
