import { renderPolicyDocument } from "../../scanner/mocks";
import { Mode, TestResource, TestStack, analyze, jsonDoc, of, ref, secret, usePack } from "../helpers/harness";

const pack = usePack();

const BUCKET = "aws:s3/bucket:Bucket";
const BUCKET_V2 = "aws:s3/bucketV2:BucketV2";
const POLICY = "aws:s3/bucketPolicy:BucketPolicy";
const PAB = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
const SSE = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
const SSE_V2 = "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2";
const LOGGING = "aws:s3/bucketLogging:BucketLogging";
const LOGGING_V2 = "aws:s3/bucketLoggingV2:BucketLoggingV2";
const LIFECYCLE = "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration";
const ACL = "aws:s3/bucketAcl:BucketAcl";
const PARAM = "aws:ssm/parameter:Parameter";

const ACCOUNT = "123456789012";
const ALL_FLAGS = { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true };

async function run(s: TestStack, mode: Mode, policy: string, config?: Record<string, any>) {
    const a = await analyze(pack, s, mode, config ? { config } : {});
    expect(a.raw.filter(d => /internal error/.test(d.message))).toEqual([]);
    return of(a, policy);
}

/** A value unknown in preview and in update (an output nobody can know while planning). */
function unknownValue(s: TestStack, name: string): ReturnType<typeof ref> {
    return ref(s.add(PARAM, name, { type: "String", value: "x" }), "insecureValue");
}

const resources = (list: { resource: string }[]) => list.map(v => v.resource).sort();

// ---------------------------------------------------------------------------------------------
describe("s3-bucket-policy-scope", () => {
    const P = "s3-bucket-policy-scope";
    /** Report 000 #6: Allow the account root s3:* on the bucket and its objects. */
    const seed = (s: TestStack, b: TestResource) =>
        s.add(POLICY, "data-policy", {
            bucket: ref(b, "id"),
            policy: jsonDoc({
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "AllowRootUserFullAccess",
                        Effect: "Allow",
                        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
                        Action: "s3:*",
                        Resource: [ref(b, "arn"), ref(b, "arn", a => `${a}/*`)],
                    },
                ],
            }),
        });

    test("fires on the report's root s3:* statement, on the BucketPolicy", async () => {
        const s = new TestStack();
        seed(s, s.add(BUCKET, "data"));
        const r = await run(s, "update", P);
        expect(r.violations).toHaveLength(1);
        expect(r.violations[0]).toMatchObject({ resource: "data-policy", level: "mandatory" });
        expect(r.violations[0].message).toMatch(/AllowRootUserFullAccess.*s3:\*.*root/);
        expect(r.violations[0].message).toMatch(/Fix: /);
    });

    test("defers in preview while the JSON document is unknown", async () => {
        const s = new TestStack();
        seed(s, s.add(BUCKET, "data"));
        const r = await run(s, "preview", P);
        expect(r.violations).toHaveLength(0);
        expect(resources(r.deferred)).toEqual(["data-policy"]);
    });

    test("an object document is decided in preview even with unknown resources", async () => {
        const s = new TestStack();
        const b = s.add(BUCKET, "data");
        s.add(POLICY, "data-policy", {
            bucket: ref(b, "id"),
            policy: { Version: "2012-10-17", Statement: { Effect: "Allow", Principal: { AWS: ACCOUNT }, Action: ["s3:*"], Resource: ref(b, "arn") } },
        });
        for (const mode of ["preview", "update"] as const) expect(resources((await run(s, mode, P)).violations)).toEqual(["data-policy"]);
    });

    test.each([
        ["Principal *", { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::x/*" }],
        ["Principal AWS *", { Effect: "Allow", Principal: { AWS: "*" }, Action: "s3:GetObject", Resource: "arn:aws:s3:::x/*" }],
        ["Principal AWS [*] list", { Effect: "Allow", Principal: { AWS: ["arn:aws:iam::123456789012:role/a", "*"] }, Action: "s3:GetObject" }],
        ["Action *", { Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:role/a" }, Action: "*", Resource: "*" }],
        [
            "negated narrowing condition",
            { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Condition: { StringNotEquals: { "aws:SourceVpce": "vpce-1" } } },
        ],
        ["non-narrowing condition", { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Condition: { Bool: { "aws:SecureTransport": "true" } } }],
    ])("fires on an inline policy with %s", async (_, statement) => {
        const s = new TestStack();
        s.add(BUCKET, "data", { policy: JSON.stringify({ Version: "2012-10-17", Statement: [statement] }) });
        const r = await run(s, "update", P);
        expect(resources(r.violations)).toEqual(["data"]);
    });

    test.each([
        ["aws:SourceVpce", { StringEquals: { "aws:SourceVpce": "vpce-0abc" } }],
        ["aws:SourceVpc", { StringEquals: { "aws:SourceVpc": "vpc-0abc" } }],
        ["aws:PrincipalArn", { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::123456789012:role/app-*" } }],
        ["aws:PrincipalOrgID", { StringEquals: { "aws:PrincipalOrgID": "o-abc" } }],
        ["aws:SourceAccount", { StringEquals: { "aws:SourceAccount": ACCOUNT } }],
        ["aws:SourceArn", { ArnLike: { "aws:SourceArn": "arn:aws:cloudfront::123456789012:distribution/E1" } }],
    ])("passes a wildcard principal narrowed by %s", async (_, condition) => {
        const s = new TestStack();
        s.add(BUCKET, "data", {
            policy: JSON.stringify({
                Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::x/*", Condition: condition }],
            }),
        });
        expect((await run(s, "update", P)).violations).toHaveLength(0);
    });

    test("passes a least-privilege policy from getPolicyDocument, with a deny-unless statement (requireDenyUnlessFrom)", async () => {
        const s = new TestStack();
        const b = s.add(BUCKET, "data", { bucket: "acme-data" });
        const doc = renderPolicyDocument({
            statements: [
                {
                    sid: "AllowFn",
                    effect: "Allow",
                    principals: [{ type: "AWS", identifiers: [`arn:aws:iam::${ACCOUNT}:role/fn`] }],
                    actions: ["s3:GetObject", "s3:PutObject"],
                    resources: ["arn:aws:s3:::acme-data/*"],
                },
                {
                    sid: "DenyUnless",
                    effect: "Deny",
                    principals: [{ type: "*", identifiers: ["*"] }],
                    actions: ["s3:*"],
                    resources: ["arn:aws:s3:::acme-data", "arn:aws:s3:::acme-data/*"],
                    conditions: [
                        { test: "StringNotEquals", variable: "aws:PrincipalArn", values: [`arn:aws:iam::${ACCOUNT}:role/fn`] },
                        { test: "StringNotEquals", variable: "aws:SourceVpce", values: ["vpce-0abc"] },
                    ],
                },
            ],
        });
        s.add(POLICY, "data-policy", { bucket: ref(b, "id"), policy: JSON.stringify(doc, null, 2) });
        const config = { [P]: { requireDenyUnlessFrom: true } };
        for (const mode of ["preview", "update"] as const) {
            const r = await run(s, mode, P, config);
            expect(r.violations).toHaveLength(0);
            expect(r.deferred).toHaveLength(0);
        }
    });

    test("requireDenyUnlessFrom fires on a bucket without such a Deny (and not by default)", async () => {
        const s = new TestStack();
        s.add(BUCKET, "data", {
            policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/fn` }, Action: "s3:GetObject" }] }),
        });
        s.add(BUCKET, "bare");
        const r = await run(s, "update", P, { [P]: { requireDenyUnlessFrom: true } });
        expect(resources(r.violations)).toEqual(["bare", "data"]);
        expect(r.violations[0].message).toMatch(/aws:PrincipalArn|aws:SourceVpce/);
        expect((await run(s, "update", P)).violations).toHaveLength(0);
    });

    test("an invalid config value is reported, not thrown", async () => {
        const s = new TestStack();
        s.add(BUCKET, "data");
        const a = await analyze(pack, s, "update", { config: { [P]: { requireDenyUnlessFrom: "yes" } }, skipConfigValidation: true });
        expect(a.raw.filter(d => d.policyName === P && /Invalid configuration/.test(d.message))).toHaveLength(1);
    });

    test.each([
        ["broken JSON", "{ not json"],
        ["a JSON array", "[]"],
        ["no Statement", JSON.stringify({ Version: "2012-10-17" })],
        ["a statement that is a string", JSON.stringify({ Statement: ["Allow everything"] })],
        ["an unreadable Principal", JSON.stringify({ Statement: [{ Effect: "Allow", Principal: 42, Action: "s3:GetObject" }] })],
        ["a bad Effect", JSON.stringify({ Statement: [{ Effect: "Permit", Principal: "*", Action: "s3:GetObject" }] })],
        ["a number", 42],
    ])("a malformed document (%s) is a violation naming the resource", async (_, policy) => {
        const s = new TestStack();
        const b = s.add(BUCKET, "data");
        s.add(POLICY, "data-policy", { bucket: ref(b, "id"), policy });
        const r = await run(s, "update", P);
        expect(resources(r.violations)).toEqual(["data-policy"]);
        expect(r.violations[0].message).toMatch(/malformed/);
    });

    test("a secret principal is honoured but never echoed", async () => {
        const s = new TestStack();
        s.add(BUCKET, "data", {
            policy: secret(
                JSON.stringify({
                    Statement: [{ Sid: "RootForPartner", Effect: "Allow", Principal: { AWS: "arn:aws:iam::999988887777:root" }, Action: "s3:*" }],
                }),
            ),
        });
        const r = await run(s, "update", P);
        expect(resources(r.violations)).toEqual(["data"]);
        expect(r.violations[0].message).not.toMatch(/999988887777|RootForPartner/);
        expect(r.violations[0].message).toMatch(/statement 1 allows s3:\* to the account root/);
    });
});

// ---------------------------------------------------------------------------------------------
describe("s3-bucket-tls-only", () => {
    const P = "s3-bucket-tls-only";
    const tlsStatement = (b: TestResource) => ({
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [ref(b, "arn"), ref(b, "arn", a => `${a}/*`)],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    });

    test("fires (advisory) on a bucket without a policy and on a policy without the TLS deny", async () => {
        const s = new TestStack();
        s.add(BUCKET, "bare");
        const b = s.add(BUCKET, "data");
        s.add(POLICY, "data-policy", {
            bucket: ref(b, "id"),
            policy: jsonDoc({
                Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/fn` }, Action: "s3:GetObject", Resource: ref(b, "arn") }],
            }),
        });
        const r = await run(s, "update", P);
        expect(resources(r.violations)).toEqual(["bare", "data"]);
        expect(r.violations.every(v => v.level === "advisory")).toBe(true);
        expect(r.violations[0].message).toMatch(/aws:SecureTransport/);
    });

    test("passes with a TLS deny in a split policy, and in an inline getPolicyDocument-style policy", async () => {
        const s = new TestStack();
        const b = s.add(BUCKET, "data");
        s.add(POLICY, "data-policy", { bucket: ref(b, "id"), policy: jsonDoc({ Version: "2012-10-17", Statement: tlsStatement(b) }) });
        const doc = renderPolicyDocument({
            statements: [
                {
                    effect: "Deny",
                    principals: [{ type: "AWS", identifiers: ["*"] }],
                    actions: ["s3:*"],
                    resources: ["arn:aws:s3:::x/*"],
                    conditions: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
                },
            ],
        });
        s.add(BUCKET, "other", { policy: JSON.stringify(doc) });
        expect((await run(s, "update", P)).violations).toHaveLength(0);
    });

    test("defers in preview while the policy document is unknown", async () => {
        const s = new TestStack();
        const b = s.add(BUCKET, "data");
        s.add(POLICY, "data-policy", { bucket: ref(b, "id"), policy: jsonDoc({ Statement: [tlsStatement(b)] }) });
        const r = await run(s, "preview", P);
        expect(r.violations).toHaveLength(0);
        expect(resources(r.deferred)).toEqual(["data"]);
    });

    test("a deny on s3:GetObject only, or with SecureTransport true, does not count", async () => {
        const s = new TestStack();
        s.add(BUCKET, "a", {
            policy: JSON.stringify({
                Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:GetObject", Condition: { Bool: { "aws:SecureTransport": "false" } } }],
            }),
        });
        s.add(BUCKET, "b", {
            policy: JSON.stringify({ Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:*", Condition: { Bool: { "aws:SecureTransport": "true" } } }] }),
        });
        expect(resources((await run(s, "update", P)).violations)).toEqual(["a", "b"]);
    });

    test("a malformed policy is a violation, not a crash", async () => {
        const s = new TestStack();
        s.add(BUCKET, "data", { policy: "{ broken" });
        s.add(BUCKET, "odd", { policy: { Statement: { Effect: "Deny", Principal: "*", Action: { s3: "*" } } } });
        const r = await run(s, "update", P);
        expect(resources(r.violations)).toEqual(["data", "odd"]);
        expect(r.violations[0].message).toMatch(/malformed/);
    });
});

// ---------------------------------------------------------------------------------------------
describe("s3-bucket-public-access-block", () => {
    const P = "s3-bucket-public-access-block";

    test("fires on a bucket without a block (report 001 #7) and names a missing flag", async () => {
        const s = new TestStack();
        s.add(BUCKET, "bare");
        const b = s.add(BUCKET_V2, "partial");
        s.add(PAB, "partial-pab", { bucket: ref(b, "id"), ...ALL_FLAGS, restrictPublicBuckets: false });
        const r = await run(s, "update", P);
        expect(resources(r.violations)).toEqual(["bare", "partial"]);
        expect(r.violations.every(v => v.level === "mandatory")).toBe(true);
        expect(r.violations.find(v => v.resource === "partial")!.message).toMatch(/restrictPublicBuckets/);
        expect(r.violations.find(v => v.resource === "bare")!.message).toMatch(/BucketPublicAccessBlock/);
    });

    test("passes with all four flags, in both modes, by reference or by literal name", async () => {
        const s = new TestStack();
        const b = s.add(BUCKET, "data");
        s.add(PAB, "data-pab", { bucket: ref(b, "id"), ...ALL_FLAGS });
        s.add(BUCKET, "named", { bucket: "acme-named" });
        s.add(PAB, "named-pab", { bucket: "acme-named", ...ALL_FLAGS });
        for (const mode of ["preview", "update"] as const) {
            const r = await run(s, mode, P);
            expect(r.violations).toHaveLength(0);
            expect(r.deferred).toHaveLength(0);
        }
    });

    test("an account-level block with all four flags covers every bucket", async () => {
        const s = new TestStack();
        s.add(BUCKET, "data");
        s.add("aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock", "account-pab", ALL_FLAGS);
        expect((await run(s, "update", P)).violations).toHaveLength(0);
    });

    test("defers when a flag or the block's bucket is not known yet", async () => {
        const s = new TestStack();
        const b = s.add(BUCKET, "data");
        s.add(PAB, "data-pab", { bucket: ref(b, "id"), ...ALL_FLAGS, blockPublicPolicy: unknownValue(s, "flag") });
        s.add(BUCKET, "other");
        s.add(PAB, "somewhere-pab", { bucket: unknownValue(s, "name"), ...ALL_FLAGS });
        const r = await run(s, "preview", P);
        expect(r.violations).toHaveLength(0);
        expect(resources(r.deferred)).toEqual(["data", "other"]);
    });

    test("malformed flags count as not set; a malformed bucket reference does not crash", async () => {
        const s = new TestStack();
        const b = s.add(BUCKET, "data");
        s.add(PAB, "data-pab", { bucket: ref(b, "id"), blockPublicAcls: "yes", blockPublicPolicy: 1, ignorePublicAcls: [true], restrictPublicBuckets: "true" });
        s.add(PAB, "odd-pab", { bucket: { name: 42 }, ...ALL_FLAGS });
        const r = await run(s, "update", P);
        expect(resources(r.violations)).toEqual(["data"]);
        expect(r.violations[0].message).toMatch(/blockPublicAcls/);
    });
});

// ---------------------------------------------------------------------------------------------
describe("s3-bucket-encryption", () => {
    const P = "s3-bucket-encryption";
    const KMS = { algorithm: "aws:kms" };

    test("a bucket with no configuration gets SSE-S3: it meets any and AES256 and fails aws:kms, in both modes", async () => {
        const s = new TestStack();
        s.add(BUCKET, "data");
        for (const mode of ["preview", "update"] as const) {
            expect((await run(s, mode, P)).violations).toEqual([]);
            expect((await run(s, mode, P, { [P]: { algorithm: "AES256" } })).violations).toEqual([]);
            const r = await run(s, mode, P, { [P]: KMS });
            expect(resources(r.violations)).toEqual(["data"]);
            expect(r.deferred).toEqual([]);
            expect(r.violations[0]).toMatchObject({ level: "mandatory" });
            expect(r.violations[0].message).toMatch(/SSE-S3.*BucketServerSideEncryptionConfiguration/);
        }
    });

    test("passes (algorithm any) with inline Bucket, inline BucketV2 and split V2 shapes", async () => {
        const s = new TestStack();
        s.add(BUCKET, "inline", { serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } } } });
        s.add(BUCKET_V2, "inline-v2", {
            serverSideEncryptionConfigurations: [{ rules: [{ applyServerSideEncryptionByDefaults: [{ sseAlgorithm: "aws:kms" }] }] }],
        });
        const b = s.add(BUCKET_V2, "split");
        s.add(SSE_V2, "split-sse", { bucket: ref(b, "id"), rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] });
        for (const mode of ["preview", "update"] as const) {
            const r = await run(s, mode, P);
            expect(r.violations).toHaveLength(0);
            expect(r.deferred).toHaveLength(0);
        }
    });

    test("algorithm aws:kms: AES256 fires (report 004 #1), KMS without bucket key fires (#9), KMS with key and bucket key passes", async () => {
        const s = new TestStack();
        const key = s.add("aws:kms/key:Key", "key", { enableKeyRotation: true });
        const aes = s.add(BUCKET, "aes");
        s.add(SSE, "aes-sse", { bucket: ref(aes, "id"), rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] });
        const nokey = s.add(BUCKET, "nokey");
        s.add(SSE, "nokey-sse", {
            bucket: ref(nokey, "id"),
            rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: ref(key, "arn") } }],
        });
        const managed = s.add(BUCKET, "managed");
        s.add(SSE, "managed-sse", {
            bucket: ref(managed, "id"),
            rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: "alias/aws/s3" }, bucketKeyEnabled: true }],
        });
        const good = s.add(BUCKET, "good");
        s.add(SSE, "good-sse", {
            bucket: ref(good, "id"),
            rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: ref(key, "arn") }, bucketKeyEnabled: true }],
        });
        const r = await run(s, "update", P, { [P]: KMS });
        expect(resources(r.violations)).toEqual(["aes", "managed", "nokey"]);
        expect(r.violations.find(v => v.resource === "aes")!.message).toMatch(/AES256.*aws:kms/);
        expect(r.violations.find(v => v.resource === "nokey")!.message).toMatch(/bucketKeyEnabled: true/);
        expect(r.violations.find(v => v.resource === "managed")!.message).toMatch(/AWS managed key/);
        // Without config: all four are encrypted.
        expect((await run(s, "update", P)).violations).toHaveLength(0);
        // requireBucketKey: false lifts the bucket key requirement.
        expect(resources((await run(s, "update", P, { [P]: { ...KMS, requireBucketKey: false } })).violations)).toEqual(["aes", "managed"]);
    });

    test("log buckets of S3 access logs and ALB logs must use AES256, whatever the config", async () => {
        const s = new TestStack();
        const key = s.add("aws:kms/key:Key", "key", { enableKeyRotation: true });
        const aesLogs = s.add(BUCKET, "aes-logs", {
            serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } } },
        });
        const kmsLogs = s.add(BUCKET, "kms-logs", {
            serverSideEncryptionConfiguration: {
                rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: ref(key, "arn") }, bucketKeyEnabled: true },
            },
        });
        s.add(BUCKET, "data", {
            logging: { targetBucket: ref(aesLogs, "id") },
            serverSideEncryptionConfiguration: {
                rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: ref(key, "arn") }, bucketKeyEnabled: true },
            },
        });
        s.add("aws:lb/loadBalancer:LoadBalancer", "alb", { loadBalancerType: "application", accessLogs: { bucket: ref(kmsLogs, "bucket"), enabled: true } });
        for (const config of [undefined, { [P]: KMS }]) {
            const r = await run(s, "update", P, config);
            expect(resources(r.violations)).toEqual(["kms-logs"]);
            expect(r.violations[0].message).toMatch(/ALB access logs of alb.*AES256/);
        }
    });

    test("algorithm AES256 fires on a KMS bucket", async () => {
        const s = new TestStack();
        s.add(BUCKET, "kms", { serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } } } });
        s.add(BUCKET, "aes", { serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } } } });
        expect(resources((await run(s, "update", P, { [P]: { algorithm: "AES256" } })).violations)).toEqual(["kms"]);
    });

    test("a key of the stack decides at preview; an unknown key id from elsewhere or an unknown algorithm defers", async () => {
        const s = new TestStack();
        const key = s.add("aws:kms/key:Key", "key", {});
        const b = s.add(BUCKET, "data");
        s.add(SSE, "data-sse", {
            bucket: ref(b, "id"),
            rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: ref(key, "arn") }, bucketKeyEnabled: true }],
        });
        const elsewhere = s.add(BUCKET, "elsewhere");
        s.add(SSE, "elsewhere-sse", {
            bucket: ref(elsewhere, "id"),
            rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: unknownValue(s, "keyid") }, bucketKeyEnabled: true }],
        });
        s.add(BUCKET, "other", {
            serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: unknownValue(s, "algo") } } },
        });
        const r = await run(s, "preview", P, { [P]: KMS });
        expect(r.violations).toHaveLength(0);
        expect(resources(r.deferred)).toEqual(["elsewhere", "other"]);
    });

    test("malformed configurations are violations, never crashes", async () => {
        const s = new TestStack();
        const b = s.add(BUCKET, "a");
        s.add(SSE, "a-sse", { bucket: ref(b, "id"), rules: ["AES256"] });
        s.add(BUCKET, "b", { serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: 42 } } } });
        s.add(BUCKET, "c", { serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "rot13" } } } });
        s.add(BUCKET, "d", { serverSideEncryptionConfiguration: "AES256" });
        const r = await run(s, "update", P);
        expect(resources(r.violations)).toEqual(["a", "b", "c", "d"]);
    });
});

// ---------------------------------------------------------------------------------------------
describe("s3-bucket-access-logging", () => {
    const P = "s3-bucket-access-logging";

    test("fires on a bucket without access logging (report 000 #4)", async () => {
        const s = new TestStack();
        s.add(BUCKET, "data");
        const r = await run(s, "update", P);
        expect(resources(r.violations)).toEqual(["data"]);
        expect(r.violations[0]).toMatchObject({ level: "mandatory" });
        expect(r.violations[0].message).toMatch(/BucketLogging/);
    });

    test.each([LOGGING, LOGGING_V2])("passes with a split %s; the log bucket itself is exempt (both modes)", async type => {
        const s = new TestStack();
        const logs = s.add(BUCKET, "logs");
        const b = s.add(BUCKET, "data");
        s.add(type, "data-logging", { bucket: ref(b, "id"), targetBucket: ref(logs, "id"), targetPrefix: "data/" });
        for (const mode of ["preview", "update"] as const) {
            const r = await run(s, mode, P);
            expect(r.violations).toHaveLength(0);
            expect(r.deferred).toHaveLength(0);
        }
    });

    test("passes with inline logging (Bucket and BucketV2 shapes) and a literal target name", async () => {
        const s = new TestStack();
        s.add(BUCKET, "logs", { bucket: "acme-logs-dev" });
        s.add(BUCKET, "a", { logging: { targetBucket: "acme-logs-dev", targetPrefix: "a/" } });
        s.add(BUCKET_V2, "b", { loggings: [{ targetBucket: "acme-logs-dev" }] });
        s.add(BUCKET, "c", { logging: { targetBucket: "external-central-logs" } });
        expect((await run(s, "update", P)).violations).toHaveLength(0);
    });

    test("fires when a bucket logs into itself or into a public bucket", async () => {
        const s = new TestStack();
        const self = s.add(BUCKET, "self");
        s.add(LOGGING, "self-logging", { bucket: ref(self, "id"), targetBucket: ref(self, "id"), targetPrefix: "logs/" });
        const pub = s.add(BUCKET, "public-logs");
        s.add(ACL, "public-logs-acl", { bucket: ref(pub, "id"), acl: "public-read" });
        const b = s.add(BUCKET, "data");
        s.add(LOGGING, "data-logging", { bucket: ref(b, "id"), targetBucket: ref(pub, "id"), targetPrefix: "data/" });
        const r = await run(s, "update", P);
        expect(resources(r.violations)).toEqual(["data", "self"]);
        expect(r.violations.find(v => v.resource === "data")!.message).toMatch(/public-logs is public/);
        expect(r.violations.find(v => v.resource === "self")!.message).toMatch(/itself/);
    });

    test("a public-access block on the target neutralizes a public ACL", async () => {
        const s = new TestStack();
        const pub = s.add(BUCKET, "logs", { acl: "public-read" });
        s.add(PAB, "logs-pab", { bucket: ref(pub, "id"), ...ALL_FLAGS });
        s.add(BUCKET, "data", { logging: { targetBucket: ref(pub, "id") } });
        expect((await run(s, "update", P)).violations).toHaveLength(0);
    });

    test("defers when a logging resource's bucket or target is unknown", async () => {
        const s = new TestStack();
        s.add(BUCKET, "data");
        s.add(LOGGING, "some-logging", { bucket: unknownValue(s, "name"), targetBucket: "central-logs", targetPrefix: "x/" });
        const r = await run(s, "preview", P);
        expect(r.violations).toHaveLength(0);
        expect(resources(r.deferred)).toEqual(["data"]);
    });

    test("malformed logging blocks are violations, never crashes", async () => {
        const s = new TestStack();
        s.add(BUCKET, "a", { logging: { targetPrefix: "x/" } });
        s.add(BUCKET, "b", { logging: "logs" });
        s.add(BUCKET, "c", { logging: { targetBucket: 42 } });
        s.add(LOGGING, "odd", { bucket: [1, 2], targetBucket: { x: 1 } });
        const r = await run(s, "update", P);
        expect(resources(r.violations)).toEqual(["a", "b", "c"]);
        expect(r.violations[0].message).toMatch(/targetBucket/);
    });
});

// ---------------------------------------------------------------------------------------------
describe("s3-log-bucket-retention", () => {
    const P = "s3-log-bucket-retention";
    const alb = (s: TestStack, logs: TestResource) =>
        s.add("aws:lb/loadBalancer:LoadBalancer", "alb", {
            loadBalancerType: "application",
            subnets: ["subnet-a", "subnet-b"],
            accessLogs: { bucket: ref(logs, "bucket"), enabled: true },
        });

    test("fires on the report 003 #7 log bucket: 30-day expiration, no transition, used by ALB access logs", async () => {
        const s = new TestStack();
        const logs = s.add(BUCKET, "logs", { lifecycleRules: [{ enabled: true, expiration: { days: 30 } }] });
        alb(s, logs);
        for (const mode of ["preview", "update"] as const) {
            const r = await run(s, mode, P);
            expect(resources(r.violations)).toEqual(["logs"]);
            expect(r.violations[0]).toMatchObject({ level: "advisory" });
            expect(r.violations[0].message).toMatch(/30 days.*90/);
            expect(r.violations[0].message).toMatch(/ALB access logs of alb/);
            expect(r.violations[0].message).toMatch(/colder storage/);
        }
    });

    test("passes with a split lifecycle keeping logs 90 days with transitions; non-log buckets are not checked", async () => {
        const s = new TestStack();
        const logs = s.add(BUCKET, "logs");
        s.add(LIFECYCLE, "logs-lifecycle", {
            bucket: ref(logs, "id"),
            rules: [
                {
                    id: "retain",
                    status: "Enabled",
                    expiration: { days: 90 },
                    noncurrentVersionExpiration: { noncurrentDays: 30 },
                    transitions: [{ days: 30, storageClass: "STANDARD_IA" }],
                },
            ],
        });
        alb(s, logs);
        s.add(BUCKET, "data");
        for (const mode of ["preview", "update"] as const) {
            const r = await run(s, mode, P);
            expect(r.violations).toHaveLength(0);
            expect(r.deferred).toHaveLength(0);
        }
    });

    test("fires when a log bucket has no lifecycle, or only a disabled rule", async () => {
        const s = new TestStack();
        const a = s.add(BUCKET, "trail-logs");
        s.add("aws:cloudtrail/trail:Trail", "trail", { s3BucketName: ref(a, "id") });
        const b = s.add(BUCKET, "access-logs", { lifecycleRules: [{ enabled: false, expiration: { days: 365 } }] });
        s.add(BUCKET, "data", { logging: { targetBucket: ref(b, "id") } });
        const r = await run(s, "update", P);
        expect(resources(r.violations)).toEqual(["access-logs", "trail-logs"]);
        expect(r.violations.find(v => v.resource === "trail-logs")!.message).toMatch(/CloudTrail logs of trail.*no enabled lifecycle rule/);
    });

    test("finds log buckets from CloudFront domain names, flow log ARNs and BucketLogging literal names", async () => {
        const s = new TestStack();
        s.add(BUCKET, "cf-logs", { bucket: "acme-cf-logs" });
        s.add("aws:cloudfront/distribution:Distribution", "cdn", { enabled: true, loggingConfig: { bucket: "acme-cf-logs.s3.amazonaws.com", prefix: "cdn/" } });
        const fl = s.add(BUCKET_V2, "flow-logs");
        s.add("aws:ec2/flowLog:FlowLog", "flow", {
            logDestinationType: "s3",
            logDestination: ref(fl, "arn", a => `${a}/vpc/`),
            trafficType: "ALL",
            vpcId: "vpc-1",
        });
        s.add(BUCKET, "cw-only");
        s.add("aws:ec2/flowLog:FlowLog", "flow-cw", {
            logDestinationType: "cloud-watch-logs",
            logDestination: "arn:aws:s3:::cw-only",
            trafficType: "ALL",
            vpcId: "vpc-1",
        });
        s.add(BUCKET, "access", { bucket: "acme-access" });
        const data = s.add(BUCKET, "data");
        s.add(LOGGING, "data-logging", { bucket: ref(data, "id"), targetBucket: "acme-access", targetPrefix: "data/" });
        const r = await run(s, "update", P);
        expect(resources(r.violations)).toEqual(["access", "cf-logs", "flow-logs"]);
    });

    test("reads BucketV2 inline expirations, split V2 lifecycles, classic ELB and CloudFront references", async () => {
        const s = new TestStack();
        const v2 = s.add(BUCKET_V2, "v2-logs", {
            lifecycleRules: [{ enabled: true, expirations: [{ days: 60 }], transitions: [{ days: 30, storageClass: "GLACIER" }] }],
        });
        s.add("aws:elb/loadBalancer:LoadBalancer", "classic", { accessLogs: { bucket: ref(v2, "bucket") }, listeners: [] });
        const cf = s.add(BUCKET, "cf-logs");
        s.add("aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2", "cf-logs-lifecycle", {
            bucket: ref(cf, "id"),
            rules: [{ id: "r", status: "Enabled", expiration: { days: 400 } }],
        });
        s.add("aws:cloudfront/distribution:Distribution", "cdn", { enabled: true, loggingConfig: { bucket: ref(cf, "bucketDomainName") } });
        for (const mode of ["preview", "update"] as const) {
            const r = await run(s, mode, P);
            expect(resources(r.violations)).toEqual(["v2-logs"]);
            expect(r.violations[0].message).toMatch(/ELB access logs of classic.*60 days/);
            expect(r.violations[0].message).not.toMatch(/colder storage/);
        }
    });

    test("config minimumDays is honoured", async () => {
        const s = new TestStack();
        const logs = s.add(BUCKET, "logs", {
            lifecycleRules: [{ enabled: true, expiration: { days: 30 }, transitions: [{ days: 7, storageClass: "GLACIER" }] }],
        });
        alb(s, logs);
        expect((await run(s, "update", P, { [P]: { minimumDays: 30 } })).violations).toHaveLength(0);
        expect(resources((await run(s, "update", P, { [P]: { minimumDays: 31 } })).violations)).toEqual(["logs"]);
    });

    test("defers while the expiration is unknown", async () => {
        const s = new TestStack();
        const logs = s.add(BUCKET, "logs");
        s.add(LIFECYCLE, "logs-lifecycle", { bucket: ref(logs, "id"), rules: [{ id: "r", status: "Enabled", expiration: { days: unknownValue(s, "days") } }] });
        alb(s, logs);
        const r = await run(s, "preview", P);
        expect(r.violations).toHaveLength(0);
        expect(resources(r.deferred)).toEqual(["logs"]);
    });

    test("malformed lifecycle rules are violations, never crashes", async () => {
        const s = new TestStack();
        const a = s.add(BUCKET, "a", { lifecycleRules: [{ enabled: true, expiration: { days: "soon" } }] });
        const b = s.add(BUCKET, "b", { lifecycleRules: ["expire"] });
        const c = s.add(BUCKET, "c", { lifecycleRules: { enabled: true, expiration: 30 } });
        for (const t of [a, b, c]) s.add(LOGGING, `${t.name}-src`, { bucket: "external", targetBucket: ref(t, "id"), targetPrefix: "x/" });
        s.add("aws:lb/loadBalancer:LoadBalancer", "odd-lb", { accessLogs: "on" });
        s.add("aws:cloudtrail/trail:Trail", "odd-trail", { s3BucketName: 42 });
        const r = await run(s, "update", P);
        expect(resources(r.violations)).toEqual(["a", "b", "c"]);
        expect(r.violations[0].message).toMatch(/unreadable/);
    });
});
