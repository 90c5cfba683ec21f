import { Analysis, TestStack, analyze, jsonDoc, of, ref, secret, usePack } from "../helpers/harness";

const pack = usePack();

const ACCOUNT = "123456789012";
const ROOT = { Sid: "Admin", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" };
const LOGS_GRANT = (service = "logs.us-west-2.amazonaws.com") => ({
    Sid: "Logs",
    Effect: "Allow",
    Principal: { Service: service },
    Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
    Resource: "*",
});
const doc = (...statements: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });

const noInternalErrors = (a: Analysis) => expect(a.raw.filter(d => /internal error/.test(d.message))).toEqual([]);
const param = (s: TestStack, name: string) => s.add("aws:ssm/parameter:Parameter", name, { type: "String", value: "x" });

describe("kms-key-rotation", () => {
    const P = "kms-key-rotation";

    test("fires on a symmetric key without rotation", async () => {
        const s = new TestStack();
        s.add("aws:kms/key:Key", "data-key", { policy: doc(ROOT) });
        const a = await analyze(pack, s, "update");
        const r = of(a, P);
        expect(r.violations.map(v => [v.resource, v.level])).toEqual([["data-key", "mandatory"]]);
        expect(r.violations[0].message).toMatch(/enableKeyRotation: true/);
    });

    test("passes with rotation, and skips asymmetric, HMAC and custom-key-store keys", async () => {
        const s = new TestStack();
        s.add("aws:kms/key:Key", "rotated", { enableKeyRotation: true, customerMasterKeySpec: "SYMMETRIC_DEFAULT" });
        s.add("aws:kms/key:Key", "rsa", { customerMasterKeySpec: "RSA_2048", keyUsage: "SIGN_VERIFY" });
        s.add("aws:kms/key:Key", "hmac", { customerMasterKeySpec: "HMAC_256", keyUsage: "GENERATE_VERIFY_MAC" });
        s.add("aws:kms/key:Key", "cks", { customKeyStoreId: "cks-1234567890abcdef0" });
        for (const mode of ["update", "preview"] as const) {
            const r = of(await analyze(pack, s, mode), P);
            expect(r.violations).toEqual([]);
            expect(r.deferred).toEqual([]);
        }
    });

    test("defers when enableKeyRotation is unknown in preview", async () => {
        const s = new TestStack();
        s.add("aws:kms/key:Key", "k", { enableKeyRotation: ref(param(s, "flag"), "insecureValue") });
        const a = await analyze(pack, s, "preview");
        const r = of(a, P);
        expect(r.violations).toEqual([]);
        expect(r.deferred.map(d => d.resource)).toEqual(["k"]);
        noInternalErrors(a);
    });

    test("a malformed enableKeyRotation is a violation, never a crash", async () => {
        const s = new TestStack();
        s.add("aws:kms/key:Key", "str", { enableKeyRotation: "yes" });
        s.add("aws:kms/key:Key", "num", { enableKeyRotation: 42, customerMasterKeySpec: 7 });
        s.add("aws:kms/key:Key", "obj", { enableKeyRotation: { a: 1 } });
        const a = await analyze(pack, s, "update");
        noInternalErrors(a);
        expect(
            of(a, P)
                .violations.map(v => v.resource)
                .sort(),
        ).toEqual(["num", "obj", "str"]);
    });
});

describe("kms-key-policy-scope", () => {
    const P = "kms-key-policy-scope";

    test("fires on a wildcard principal without a condition (inline and KeyPolicy), and on bypassPolicyLockoutSafetyCheck", async () => {
        const s = new TestStack();
        s.add("aws:kms/key:Key", "open-inline", {
            enableKeyRotation: true,
            policy: doc(ROOT, { Sid: "Anyone", Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "*" }),
        });
        const k2 = s.add("aws:kms/key:Key", "open-split", { enableKeyRotation: true });
        s.add("aws:kms/keyPolicy:KeyPolicy", "open-split-policy", {
            keyId: ref(k2, "id"),
            policy: doc(ROOT, { Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:*", Resource: "*" }),
        });
        s.add("aws:kms/key:Key", "bypass", { enableKeyRotation: true, bypassPolicyLockoutSafetyCheck: true, policy: doc(ROOT) });
        const a = await analyze(pack, s, "update");
        const r = of(a, P);
        expect(r.violations.map(v => [v.resource, v.level]).sort()).toEqual([
            ["bypass", "mandatory"],
            ["open-inline", "mandatory"],
            ["open-split", "mandatory"],
        ]);
        expect(r.violations.find(v => v.resource === "open-inline")!.message).toMatch(/"Anyone"/);
        expect(r.violations.find(v => v.resource === "open-split")!.message).toMatch(/KeyPolicy open-split-policy/);
    });

    test("a secret key policy is checked but its statement ids are not echoed", async () => {
        const s = new TestStack();
        s.add("aws:kms/key:Key", "k", {
            enableKeyRotation: true,
            policy: secret(doc({ Sid: "HiddenSid", Effect: "Allow", Principal: "*", Action: "kms:*", Resource: "*" })),
        });
        const a = await analyze(pack, s, "update");
        const r = of(a, P);
        expect(r.violations.map(v => v.resource)).toEqual(["k"]);
        expect(a.raw.some(d => d.message.includes("HiddenSid"))).toBe(false);
        expect(r.violations[0].message).toMatch(/statement #1/);
    });

    test("a key with no explicit policy is flagged at advisory level (the policy itself is mandatory)", async () => {
        const s = new TestStack();
        s.add("aws:kms/key:Key", "default-policy", { enableKeyRotation: true });
        const r = of(await analyze(pack, s, "update"), P);
        expect(r.violations.map(v => [v.resource, v.level])).toEqual([["default-policy", "advisory"]]);
        expect(r.violations[0].message).toMatch(/no explicit key policy/);
    });

    test("passes with named principals, and with a wildcard narrowed by a condition (JSON and object documents)", async () => {
        const s = new TestStack();
        const role = s.add("aws:iam/role:Role", "app-role", {
            assumeRolePolicy: doc({ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }),
        });
        s.add("aws:kms/key:Key", "named", {
            enableKeyRotation: true,
            policy: jsonDoc({
                Version: "2012-10-17",
                Statement: [ROOT, { Effect: "Allow", Principal: { AWS: ref(role, "arn") }, Action: "kms:Decrypt", Resource: "*" }],
            }),
        });
        s.add("aws:kms/key:Key", "narrowed", {
            enableKeyRotation: true,
            policy: doc(ROOT, {
                Effect: "Allow",
                Principal: "*",
                Action: "kms:Decrypt",
                Resource: "*",
                Condition: { StringEquals: { "kms:CallerAccount": ACCOUNT } },
            }),
        });
        const k = s.add("aws:kms/key:Key", "object-doc", { enableKeyRotation: true });
        s.add("aws:kms/keyPolicy:KeyPolicy", "object-doc-policy", { keyId: ref(k, "keyId"), policy: { Version: "2012-10-17", Statement: [ROOT] } });
        const r = of(await analyze(pack, s, "update"), P);
        expect(r.violations).toEqual([]);
    });

    test("defers in preview when the policy document is not known yet", async () => {
        const s = new TestStack();
        const role = s.add("aws:iam/role:Role", "app-role", {});
        s.add("aws:kms/key:Key", "k", {
            enableKeyRotation: true,
            policy: jsonDoc({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: ref(role, "arn") }, Action: "kms:*", Resource: "*" }] }),
        });
        const k2 = s.add("aws:kms/key:Key", "k2", { enableKeyRotation: true });
        s.add("aws:kms/keyPolicy:KeyPolicy", "k2-policy", {
            keyId: ref(k2, "id"),
            policy: jsonDoc({ Statement: [{ Effect: "Allow", Principal: { AWS: ref(role, "arn") }, Action: "kms:*", Resource: "*" }] }),
        });
        const a = await analyze(pack, s, "preview");
        const r = of(a, P);
        expect(r.violations).toEqual([]);
        expect(r.deferred.map(d => d.resource).sort()).toEqual(["k", "k2"]);
        noInternalErrors(a);
    });

    test("malformed documents are violations, not crashes", async () => {
        const s = new TestStack();
        s.add("aws:kms/key:Key", "broken-json", { enableKeyRotation: true, policy: "{ not json" });
        s.add("aws:kms/key:Key", "no-statement", { enableKeyRotation: true, policy: JSON.stringify({ Version: "2012-10-17" }) });
        s.add("aws:kms/key:Key", "bad-effect", { enableKeyRotation: true, policy: doc({ Effect: "Maybe", Principal: "*", Action: "kms:*" }) });
        s.add("aws:kms/key:Key", "number", { enableKeyRotation: true, policy: 42, bypassPolicyLockoutSafetyCheck: "nope" });
        const a = await analyze(pack, s, "update");
        noInternalErrors(a);
        const r = of(a, P);
        expect(r.violations.map(v => v.resource).sort()).toEqual(["bad-effect", "broken-json", "no-statement", "number"]);
        expect(r.violations.every(v => /not a valid policy document/.test(v.message))).toBe(true);
    });
});

describe("kms-key-service-grants", () => {
    const P = "kms-key-service-grants";

    test("fires when a log group uses a key with no policy (report 001#5), by ARN or through an alias", async () => {
        const s = new TestStack();
        const key = s.add("aws:kms/key:Key", "app-kms-key", { enableKeyRotation: true });
        s.add("aws:cloudwatch/logGroup:LogGroup", "app-logs", { retentionInDays: 90, kmsKeyId: ref(key, "arn") });
        const key2 = s.add("aws:kms/key:Key", "root-only", { enableKeyRotation: true, policy: doc(ROOT) });
        const alias = s.add("aws:kms/alias:Alias", "root-only-alias", { name: "alias/root-only", targetKeyId: ref(key2, "keyId") });
        s.add("aws:cloudwatch/logGroup:LogGroup", "aliased-logs", { retentionInDays: 90, kmsKeyId: ref(alias, "arn") });
        for (const mode of ["update", "preview"] as const) {
            const a = await analyze(pack, s, mode);
            const r = of(a, P);
            expect(r.violations.map(v => [v.resource, v.level]).sort()).toEqual([
                ["app-kms-key", "mandatory"],
                ["root-only", "mandatory"],
            ]);
            expect(r.violations.find(v => v.resource === "app-kms-key")!.message).toMatch(/log group app-logs.*logs\.us-west-2\.amazonaws\.com/);
            expect(r.violations.find(v => v.resource === "root-only")!.message).toMatch(/aliased-logs/);
        }
    });

    test("replica and external keys are checked too", async () => {
        const s = new TestStack();
        const replica = s.add("aws:kms/replicaKey:ReplicaKey", "replica", { primaryKeyArn: "arn:aws:kms:us-east-1:123456789012:key/mrk-1", policy: doc(ROOT) });
        s.add("aws:cloudwatch/logGroup:LogGroup", "lg", { retentionInDays: 90, kmsKeyId: ref(replica, "arn") });
        s.add("aws:kms/externalKey:ExternalKey", "external", { policy: doc(ROOT, { Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "*" }) });
        const a = await analyze(pack, s, "update");
        expect(of(a, P).violations.map(v => v.resource)).toEqual(["replica"]);
        expect(of(a, "kms-key-policy-scope").violations.map(v => v.resource)).toEqual(["external"]);
        expect(of(a, "kms-key-rotation").violations).toEqual([]);
    });

    test("a grant to another region's logs principal does not count", async () => {
        const s = new TestStack();
        const key = s.add("aws:kms/key:Key", "k", { enableKeyRotation: true, policy: doc(ROOT, LOGS_GRANT("logs.us-east-1.amazonaws.com")) });
        s.add("aws:cloudwatch/logGroup:LogGroup", "lg", { retentionInDays: 90, kmsKeyId: ref(key, "arn") });
        expect(of(await analyze(pack, s, "update"), P).violations.map(v => v.resource)).toEqual(["k"]);
    });

    test("fires for CloudTrail and for SNS delivering into an encrypted queue", async () => {
        const s = new TestStack();
        const key = s.add("aws:kms/key:Key", "shared", { enableKeyRotation: true, policy: doc(ROOT, LOGS_GRANT()) });
        s.add("aws:cloudtrail/trail:Trail", "audit", {
            s3BucketName: "trail-bucket",
            isMultiRegionTrail: true,
            enableLogFileValidation: true,
            kmsKeyId: ref(key, "arn"),
        });
        const topic = s.add("aws:sns/topic:Topic", "events", {});
        const queue = s.add("aws:sqs/queue:Queue", "work", { kmsMasterKeyId: ref(key, "id") });
        s.add("aws:sns/topicSubscription:TopicSubscription", "work-sub", { topic: ref(topic, "arn"), protocol: "sqs", endpoint: ref(queue, "arn") });
        const r = of(await analyze(pack, s, "update"), P);
        expect(r.violations.map(v => v.resource)).toEqual(["shared", "shared"]);
        const text = r.violations.map(v => v.message).join("\n");
        expect(text).toMatch(/cloudtrail\.amazonaws\.com/);
        expect(text).toMatch(/sns\.amazonaws\.com/);
    });

    test("passes when the key policy grants the services (regional or global principal, wildcard actions)", async () => {
        const s = new TestStack();
        const key = s.add("aws:kms/key:Key", "k", {
            enableKeyRotation: true,
            policy: doc(ROOT, LOGS_GRANT(), {
                Effect: "Allow",
                Principal: { Service: ["cloudtrail.amazonaws.com", "sns.amazonaws.com"] },
                Action: "kms:*",
                Resource: "*",
            }),
        });
        s.add("aws:cloudwatch/logGroup:LogGroup", "lg", { retentionInDays: 90, kmsKeyId: ref(key, "arn") });
        s.add("aws:cloudtrail/trail:Trail", "audit", { s3BucketName: "b", kmsKeyId: ref(key, "arn") });
        const topic = s.add("aws:sns/topic:Topic", "events", {});
        const queue = s.add("aws:sqs/queue:Queue", "work", { kmsMasterKeyId: ref(key, "arn") });
        s.add("aws:sns/topicSubscription:TopicSubscription", "work-sub", { topic: ref(topic, "arn"), protocol: "sqs", endpoint: ref(queue, "arn") });
        const key2 = s.add("aws:kms/key:Key", "k2", { enableKeyRotation: true });
        s.add("aws:kms/keyPolicy:KeyPolicy", "k2-policy", { keyId: ref(key2, "id"), policy: doc(ROOT, LOGS_GRANT("logs.amazonaws.com")) });
        s.add("aws:cloudwatch/logGroup:LogGroup", "lg2", { retentionInDays: 90, kmsKeyId: ref(key2, "arn") });
        // An AWS managed key (not in the stack) is out of scope.
        s.add("aws:cloudwatch/logGroup:LogGroup", "lg3", { retentionInDays: 90, kmsKeyId: "arn:aws:kms:us-west-2:123456789012:alias/aws/logs" });
        const r = of(await analyze(pack, s, "update"), P);
        expect(r.violations).toEqual([]);
    });

    test("defers when the key policy or the key reference is unknown in preview", async () => {
        const s = new TestStack();
        const role = s.add("aws:iam/role:Role", "r", {});
        const key = s.add("aws:kms/key:Key", "k", {
            enableKeyRotation: true,
            policy: jsonDoc({ Statement: [{ Effect: "Allow", Principal: { AWS: ref(role, "arn") }, Action: "kms:*", Resource: "*" }] }),
        });
        s.add("aws:cloudwatch/logGroup:LogGroup", "lg", { retentionInDays: 90, kmsKeyId: ref(key, "arn") });
        s.add("aws:cloudwatch/logGroup:LogGroup", "lg-unknown", { retentionInDays: 90, kmsKeyId: ref(param(s, "key-param"), "insecureValue") });
        const a = await analyze(pack, s, "preview");
        const r = of(a, P);
        expect(r.violations).toEqual([]);
        expect(r.deferred.map(d => d.resource).sort()).toEqual(["k", "lg-unknown"]);
        noInternalErrors(a);
    });

    test("malformed key policies and key references: a violation or a skip, never a crash", async () => {
        const s = new TestStack();
        const key = s.add("aws:kms/key:Key", "broken", { enableKeyRotation: true, policy: "[1, 2" });
        s.add("aws:cloudwatch/logGroup:LogGroup", "lg", { retentionInDays: 90, kmsKeyId: ref(key, "arn") });
        s.add("aws:cloudwatch/logGroup:LogGroup", "odd", { retentionInDays: 90, kmsKeyId: 42 });
        s.add("aws:sqs/queue:Queue", "q", { kmsMasterKeyId: { a: 1 } });
        s.add("aws:s3/bucketNotification:BucketNotification", "n", { bucket: "b", topics: "not-a-list", queues: [42, { queueArn: 7 }] });
        const a = await analyze(pack, s, "update");
        noInternalErrors(a);
        const r = of(a, P);
        expect(r.violations.map(v => v.resource)).toEqual(["broken"]);
        expect(r.violations[0].message).toMatch(/not readable/);
    });

    test("never echoes a secret value", async () => {
        const s = new TestStack();
        const key = s.add("aws:kms/key:Key", "k", { enableKeyRotation: true });
        s.add("aws:cloudwatch/logGroup:LogGroup", "lg", { retentionInDays: 90, kmsKeyId: ref(key, "arn"), tags: { Token: secret("s3cr3t-value") } });
        const a = await analyze(pack, s, "update");
        expect(of(a, P).violations).toHaveLength(1);
        expect(a.raw.some(d => d.message.includes("s3cr3t-value"))).toBe(false);
    });
});

describe("cloudwatch-log-group-encryption", () => {
    const P = "cloudwatch-log-group-encryption";

    test("fires (advisory) on a log group without kmsKeyId", async () => {
        const s = new TestStack();
        s.add("aws:cloudwatch/logGroup:LogGroup", "plain", { retentionInDays: 90 });
        const r = of(await analyze(pack, s, "update"), P);
        expect(r.violations.map(v => [v.resource, v.level])).toEqual([["plain", "advisory"]]);
        expect(r.violations[0].message).toMatch(/kmsKeyId/);
    });

    test("passes with a key (update) and defers while the key ARN is unknown (preview)", async () => {
        const s = new TestStack();
        const key = s.add("aws:kms/key:Key", "k", { enableKeyRotation: true });
        s.add("aws:cloudwatch/logGroup:LogGroup", "enc", { retentionInDays: 90, kmsKeyId: ref(key, "arn") });
        s.add("aws:cloudwatch/logGroup:LogGroup", "literal", {
            retentionInDays: 90,
            kmsKeyId: "arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        });
        const u = of(await analyze(pack, s, "update"), P);
        expect(u.violations).toEqual([]);
        expect(u.deferred).toEqual([]);
        const p = of(await analyze(pack, s, "preview"), P);
        expect(p.violations).toEqual([]);
        expect(p.deferred.map(d => d.resource)).toEqual(["enc"]);
    });

    test("defers when kmsKeyId is unknown with no resource behind it", async () => {
        const s = new TestStack();
        s.add("aws:cloudwatch/logGroup:LogGroup", "lg", { kmsKeyId: ref(param(s, "p"), "insecureValue") });
        const r = of(await analyze(pack, s, "preview"), P);
        expect(r.violations).toEqual([]);
        expect(r.deferred.map(d => d.resource)).toEqual(["lg"]);
    });

    test("a malformed kmsKeyId is a violation", async () => {
        const s = new TestStack();
        s.add("aws:cloudwatch/logGroup:LogGroup", "num", { kmsKeyId: 42 });
        s.add("aws:cloudwatch/logGroup:LogGroup", "empty", { kmsKeyId: "" });
        const a = await analyze(pack, s, "update");
        noInternalErrors(a);
        expect(
            of(a, P)
                .violations.map(v => v.resource)
                .sort(),
        ).toEqual(["empty", "num"]);
    });
});
