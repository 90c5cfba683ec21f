/**
 * Section D identity policies: static provider credentials, the account password policy, user
 * permissions outside groups, and secrets encrypted with the AWS managed key.
 */
import { TestStack, analyze, of, secret, usePack } from "../helpers/harness";
import { fromOutput, noInternalErrors, policyTable } from "../helpers/table";

const pack = usePack();

describe("aws-provider-no-static-credentials", () => {
    const P = "aws-provider-no-static-credentials";
    const stackWith = (providerInputs: Record<string, unknown>) => {
        const s = new TestStack("dev", "test", "us-west-2", providerInputs);
        s.add("aws:s3/bucket:Bucket", "b", {});
        return s;
    };

    test.each(["preview", "update"] as const)("keys on the default provider (stack config) and on an explicit provider fail, never echoed (%s)", async mode => {
        const s = stackWith({ accessKey: secret("AKIAEXAMPLEKEY123456"), secretKey: secret("s3cr3t-wJalrXUtnFEMI") });
        const explicit = s.provider("deploy", { region: "eu-west-1", accessKey: "AKIAPLAINKEY00000000" });
        s.add("aws:s3/bucket:Bucket", "eu", {}, { provider: explicit });
        const a = await analyze(pack, s, mode);
        noInternalErrors(a);
        const r = of(a, P);
        expect(r.violations.map(v => [v.resource, v.level]).sort()).toEqual([
            ["default_7_48_0", "mandatory"],
            ["deploy", "mandatory"],
        ]);
        expect(r.violations.find(v => v.resource === "default_7_48_0")!.message).toMatch(/accessKey and secretKey.*assumeRoles/);
        for (const d of a.raw) expect(d.message).not.toMatch(/AKIA|s3cr3t/);
    });

    test("allowSecretValues accepts keys marked secret, never a plain one; an unknown key defers then", async () => {
        const s = stackWith({ accessKey: secret("AKIAEXAMPLEKEY123456"), secretKey: secret("s3cr3t-wJalrXUtnFEMI") });
        const plain = s.provider("plain", { accessKey: "AKIAPLAINKEY00000000" });
        s.add("aws:s3/bucket:Bucket", "p", {}, { provider: plain });
        const fromOut = s.provider("from-output", { accessKey: fromOutput(s, "key", "AKIAFROMOUTPUT000000") });
        s.add("aws:s3/bucket:Bucket", "o", {}, { provider: fromOut });
        const r = of(await analyze(pack, s, "preview", { config: { [P]: { allowSecretValues: true } } }), P);
        expect(r.violations.map(v => v.resource)).toEqual(["plain"]);
        expect(r.violations[0].message).toMatch(/plain values/);
        expect(r.deferred.map(d => d.resource)).toEqual(["from-output"]);
    });

    test("profiles, assumeRoles and no keys pass", async () => {
        const s = stackWith({ profile: "deploy" });
        const role = s.provider("role", { assumeRoles: [{ roleArn: "arn:aws:iam::123456789012:role/deploy" }], accessKey: "" });
        s.add("aws:s3/bucket:Bucket", "r", {}, { provider: role });
        for (const mode of ["preview", "update"] as const) expect(of(await analyze(pack, s, mode), P).violations).toEqual([]);
    });
});

const STRONG = {
    minimumPasswordLength: 14,
    passwordReusePrevention: 24,
    requireLowercaseCharacters: true,
    requireUppercaseCharacters: true,
    requireNumbers: true,
    requireSymbols: true,
};
policyTable(pack, "iam-password-policy", "aws:iam/accountPasswordPolicy:AccountPasswordPolicy", [
    { name: "strong", inputs: STRONG, expect: "pass" },
    {
        name: "empty",
        inputs: {},
        expect: "violation",
        message: /minimum length 6 \(required 14\).*reuse prevention unset.*lowercase, uppercase, numbers, symbols.*Fix: minimumPasswordLength: 14/,
    },
    { name: "short", inputs: { ...STRONG, minimumPasswordLength: 8 }, expect: "violation", message: /minimum length 8/ },
    { name: "no-symbols", inputs: { ...STRONG, requireSymbols: false }, expect: "violation", message: /requireSymbols: true/ },
    { name: "length-from-output", inputs: s => ({ ...STRONG, minimumPasswordLength: fromOutput(s, "len", 16) }), expect: "deferred", update: "pass" },
    { name: "malformed", inputs: { ...STRONG, minimumPasswordLength: "long" }, expect: "violation", message: /not a number/ },
]);
policyTable(
    pack,
    "iam-password-policy",
    "aws:iam/accountPasswordPolicy:AccountPasswordPolicy",
    [
        { name: "no-max-age", inputs: STRONG, expect: "violation", message: /forever days \(maximum 90\)/ },
        { name: "max-age-90", inputs: { ...STRONG, maxPasswordAge: 90 }, expect: "pass" },
    ],
    { maximumAgeDays: 90 },
);

const USER_TYPES = {
    policy: "aws:iam/userPolicy:UserPolicy",
    attachment: "aws:iam/userPolicyAttachment:UserPolicyAttachment",
    exclusive: "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive",
    inlineExclusive: "aws:iam/userPoliciesExclusive:UserPoliciesExclusive",
    shared: "aws:iam/policyAttachment:PolicyAttachment",
};
policyTable(pack, "iam-user-permissions-via-groups", USER_TYPES.policy, [
    { name: "inline", inputs: { user: "alice", policy: "{}" }, expect: "violation", message: /inline user policy directly.*UserGroupMembership/ },
    { name: "attached", type: USER_TYPES.attachment, inputs: { user: "alice", policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }, expect: "violation" },
    { name: "exclusive-empty", type: USER_TYPES.exclusive, inputs: { userName: "alice", policyArns: [] }, expect: "pass" },
    {
        name: "exclusive",
        type: USER_TYPES.exclusive,
        inputs: { userName: "alice", policyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] },
        expect: "violation",
    },
    { name: "inline-exclusive", type: USER_TYPES.inlineExclusive, inputs: { userName: "alice", policyNames: ["x"] }, expect: "violation" },
    { name: "groups-only", type: USER_TYPES.shared, inputs: { policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess", groups: ["devs"] }, expect: "pass" },
    {
        name: "to-users",
        type: USER_TYPES.shared,
        inputs: { policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess", users: ["alice", "bob"] },
        expect: "violation",
        message: /2 user/,
    },
    { name: "users-malformed", type: USER_TYPES.shared, inputs: { policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess", users: 7 }, expect: "violation" },
]);

policyTable(pack, "secrets-customer-managed-key", "aws:secretsmanager/secret:Secret", [
    { name: "default-key", inputs: {}, expect: "violation", message: /AWS managed key aws\/secretsmanager \(the secret\)/ },
    { name: "aws-alias", inputs: { kmsKeyId: "alias/aws/secretsmanager" }, expect: "violation" },
    { name: "cmk", inputs: { kmsKeyId: "arn:aws:kms:us-west-2:123456789012:key/abc" }, expect: "pass" },
    {
        name: "replica-default",
        inputs: { kmsKeyId: "alias/app", replicas: [{ region: "us-east-1" }] },
        expect: "violation",
        message: /replica in us-east-1.*each replica/,
    },
    { name: "replica-cmk", inputs: { kmsKeyId: "alias/app", replicas: [{ region: "us-east-1", kmsKeyId: "alias/app-east" }] }, expect: "pass" },
    {
        name: "key-from-output",
        inputs: s => ({ kmsKeyId: fromOutput(s, "k", "arn:aws:kms:us-west-2:123456789012:key/abc") }),
        expect: "deferred",
        update: "pass",
    },
    { name: "malformed", inputs: { kmsKeyId: { id: 1 } }, expect: "violation", message: /not a string/ },
]);
