/** Facts about KMS keys, their policies and the services they must grant, table-driven over StackGraphs built directly. */
import { types } from "../../lib/aws/types";
import { CLOUDTRAIL_NEED, grantsService, keyUses, logsNeed, serviceGrants } from "../../lib/facts/key-grants";
import { automaticRotation, bypassesLockoutCheck, keyPolicy, keyPolicyDocument, keysNamedBy, openStatements, unlinkedKeyPolicies } from "../../lib/facts/keys";
import { publishers } from "../../lib/facts/messaging";
import { links } from "../../lib/graph/links";
import { ResourceView } from "../../lib/graph/resource";
import { StackGraph } from "../../lib/graph/stack-graph";
import { PropertyReader } from "../../lib/graph/values";
import { readDocument } from "../../lib/iam/document";

const U = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const KEY = types.kms.Key;
const urnOf = (name: string, type: string) => `urn:pulumi:dev::p::${type}::${name}`;

function view(name: string, type: string, props: Record<string, unknown>, deps: Record<string, string[]> = {}): ResourceView {
    return { urn: urnOf(name, type), type, name, props: new PropertyReader(props), dependencies: Object.values(deps).flat(), propertyDependencies: deps };
}
const KEY_ARN = "arn:aws:kms:us-west-2:123456789012:key/1111";
const key = (props: Record<string, unknown> = {}) => view("key", KEY, { arn: KEY_ARN, keyId: "1111", ...props });
const doc = (...Statement: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const statements = (...s: unknown[]) => {
    // An object document (getPolicyDocument output) may hold values not known yet.
    const r = readDocument(new PropertyReader({ policy: { Version: "2012-10-17", Statement: s } }).get("policy"));
    return r.status === "ok" ? r.statements : [];
};

describe("automaticRotation", () => {
    test.each([
        ["on", { enableKeyRotation: true }, { kind: "known", value: { applies: true, enabled: true } }],
        ["off by default", {}, { kind: "known", value: { applies: true, enabled: false, notBoolean: false } }],
        ["not a boolean", { enableKeyRotation: "yes" }, { kind: "known", value: { applies: true, enabled: false, notBoolean: true } }],
        ["an asymmetric key", { customerMasterKeySpec: "RSA_2048" }, { kind: "known", value: { applies: false } }],
        ["an HMAC key", { keySpec: "HMAC_256", keyUsage: "GENERATE_VERIFY_MAC" }, { kind: "known", value: { applies: false } }],
        ["a custom key store", { customKeyStoreId: "cks-1" }, { kind: "known", value: { applies: false } }],
        ["a key spec not known yet", { keySpec: U }, { kind: "unknown", reason: "keySpec is not known until deployment" }],
        ["rotation not known yet", { enableKeyRotation: U }, { kind: "unknown", reason: "enableKeyRotation is not known until deployment" }],
    ])("%s", (_, props, want) => expect(automaticRotation(key(props))).toMatchObject(want));
});

describe("key references and key policies", () => {
    const ALIAS = types.kms.Alias;
    const LG = types.cloudwatch.LogGroup;
    test.each([
        ["the key ARN", view("lg", LG, { kmsKeyId: KEY_ARN }), { kind: "known", value: [expect.objectContaining({ name: "key" })] }],
        ["an alias of the stack", view("lg", LG, { kmsKeyId: "alias/app" }), { kind: "known", value: [expect.objectContaining({ name: "key" })] }],
        ["an AWS managed key", view("lg", LG, { kmsKeyId: "alias/aws/logs" }), { kind: "notSet" }],
        ["a value not known yet with no dependency", view("lg", LG, { kmsKeyId: U }), { kind: "unknown" }],
    ])("keysNamedBy: %s", (_, user, want) => {
        const g = new StackGraph([
            key(),
            view("alias", ALIAS, { name: "alias/app", arn: "arn:aws:kms:us-west-2:123456789012:alias/app", targetKeyId: "1111" }),
            user,
        ]);
        expect(keysNamedBy(g, links.kmsKeyIdKey, user)).toMatchObject(want);
    });

    test("a KeyPolicy resource decides over the inline policy; one for a key elsewhere stands alone", () => {
        const kp = view("kp", types.kms.KeyPolicy, { keyId: "1111", policy: doc({ Effect: "Allow", Principal: "*", Action: "kms:*" }) });
        const other = view("other", types.kms.KeyPolicy, { keyId: "elsewhere" });
        const g = new StackGraph([key({ policy: doc({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "kms:*" }) }), kp, other]);
        const d = keyPolicy(g, g.resources[0]);
        expect(d.kind === "known" && d.value.on.name).toBe("kp");
        expect(unlinkedKeyPolicies(g).map(r => r.name)).toEqual(["other"]);
        expect(keyPolicyDocument(other)).toMatchObject({ kind: "known", value: { malformed: "the KeyPolicy has no policy document" } });
        if (d.kind === "known") expect(openStatements(d.value)).toMatchObject({ kind: "known", value: { open: [{ index: 0 }] } });
    });

    test("no policy is not set; a KeyPolicy whose key is not known yet may be it", () => {
        const none = new StackGraph([key()]);
        expect(keyPolicy(none, none.resources[0])).toEqual({ kind: "notSet" });
        const maybe = new StackGraph([key(), view("kp", types.kms.KeyPolicy, { keyId: U, policy: doc() })]);
        expect(keyPolicy(maybe, maybe.resources[0])).toMatchObject({ kind: "unknown" });
    });

    test.each([
        ["open", [{ Sid: "Open", Effect: "Allow", Principal: "*", Action: "kms:*" }], { kind: "known", value: { open: [{ sid: "Open", index: 0 }] } }],
        [
            "narrowed by kms:CallerAccount",
            [{ Effect: "Allow", Principal: "*", Action: "kms:*", Condition: { StringEquals: { "kms:CallerAccount": "123456789012" } } }],
            { kind: "known", value: { open: [] } },
        ],
        ["an open statement with a value not known yet", [{ Effect: "Allow", Principal: "*", Action: ["kms:Decrypt", U] }], { kind: "unknown" }],
    ])("openStatements: %s", (_, st, want) => {
        expect(openStatements({ statements: statements(...st), on: key() })).toMatchObject(want);
    });

    test.each([
        [{}, { kind: "known", value: false }],
        [{ bypassPolicyLockoutSafetyCheck: true }, { kind: "known", value: true }],
        [{ bypassPolicyLockoutSafetyCheck: U }, { kind: "unknown" }],
    ])("bypassesLockoutCheck %j", (props, want) => expect(bypassesLockoutCheck(key(props))).toMatchObject(want));
});

describe("service grants", () => {
    const logs = logsNeed("us-west-2");
    test.each([
        [
            "the regional principal",
            [{ Effect: "Allow", Principal: { Service: "logs.us-west-2.amazonaws.com" }, Action: "kms:*", Resource: "*" }],
            { status: "granted" },
        ],
        ["too few actions", [{ Effect: "Allow", Principal: { Service: "logs.amazonaws.com" }, Action: "kms:Decrypt*", Resource: "*" }], { status: "missing" }],
        ["another service", [{ Effect: "Allow", Principal: { Service: "sns.amazonaws.com" }, Action: "kms:*", Resource: "*" }], { status: "missing" }],
        [
            "an unconditional Deny",
            [
                { Effect: "Allow", Principal: { Service: "logs.amazonaws.com" }, Action: "kms:*", Resource: "*" },
                { Effect: "Deny", Principal: "*", Action: "kms:Decrypt", Resource: "*" },
            ],
            { status: "missing", actions: ["kms:Decrypt"] },
        ],
        ["a principal not known yet", [{ Effect: "Allow", Principal: { Service: U }, Action: "kms:*", Resource: "*" }], { status: "unknown" }],
    ])("grantsService (logs): %s", (_, st, want) => expect(grantsService(statements(...st), logs)).toMatchObject(want));

    test("keyUses pairs each encrypted user with its key and writer; serviceGrants names what is missing", () => {
        const provider = {
            urn: "urn:pulumi:dev::p::pulumi:providers:aws::default",
            type: "pulumi:providers:aws",
            name: "default",
            props: new PropertyReader({ region: "us-west-2" }),
        };
        const lg = { ...view("app-logs", types.cloudwatch.LogGroup, { kmsKeyId: KEY_ARN }), provider };
        const trail = view("audit", types.cloudtrail.Trail, { kmsKeyId: KEY_ARN });
        const topic = view("alerts", types.sns.Topic, { kmsMasterKeyId: KEY_ARN, arn: "arn:aws:sns:us-west-2:123456789012:alerts" });
        const alarm = view("cpu", types.cloudwatch.MetricAlarm, { alarmActions: ["arn:aws:sns:us-west-2:123456789012:alerts"] });
        const cloudtrailOnly = doc({
            Effect: "Allow",
            Principal: { Service: "cloudtrail.amazonaws.com" },
            Action: ["kms:GenerateDataKey*", "kms:DescribeKey"],
            Resource: "*",
        });
        const g = new StackGraph([key({ policy: cloudtrailOnly }), lg, trail, topic, alarm]);
        expect(publishers(g).get(topic.urn)).toEqual(["cloudwatch.amazonaws.com"]);
        const uses = keyUses(g);
        expect(uses.undecided).toEqual([]);
        expect(uses.byKey.map(k => [k.key.name, k.uses.map(u => `${u.kind} ${u.user.name} ${u.need.label}`)])).toEqual([
            ["key", ["log group app-logs logs.us-west-2.amazonaws.com", "trail audit cloudtrail.amazonaws.com", "topic alerts cloudwatch.amazonaws.com"]],
        ]);
        const grants = serviceGrants(g, g.resources[0], uses.byKey[0].uses);
        expect(grants).toMatchObject({ kind: "known", value: { absent: false, undecided: { kind: "known" } } });
        if (grants.kind === "known") expect(grants.value.missing.map(m => m.need.label)).toEqual(["logs.us-west-2.amazonaws.com", "cloudwatch.amazonaws.com"]);
        expect(CLOUDTRAIL_NEED.label).toBe("cloudtrail.amazonaws.com");
    });

    test("a user whose key is not known yet is undecided; a key without a policy grants nothing", () => {
        const g = new StackGraph([key(), view("audit", types.cloudtrail.Trail, { kmsKeyId: U }), view("t2", types.cloudtrail.Trail, { kmsKeyId: KEY_ARN })]);
        const uses = keyUses(g);
        expect(uses.undecided.map(u => [u.user.name, u.pending])).toEqual([
            ["audit", { kind: "unknown", reason: "the KMS key of audit is not known until deployment" }],
        ]);
        expect(serviceGrants(g, g.resources[0], uses.byKey[0].uses)).toMatchObject({
            kind: "known",
            value: { absent: true, missing: [{ need: { label: "cloudtrail.amazonaws.com" } }] },
        });
    });
});
