/**
 * Remediation through the protocol's Remediate call, as the engine makes it before Analyze: the
 * returned properties are the fixed inputs, secrets stay secret, unknowns stay unknown, and a
 * resource that cannot be fixed safely is left alone (the check then reports it).
 */
import { UNKNOWN_SENTINEL, secretEnvelope } from "../scanner/engine";
import { TestStack, analyze, of, ref, secret, usePack } from "./helpers/harness";

const pack = usePack();

const SECRET_SIG = "4dabf18193072939515e22adb298388d";

async function remediated(s: TestStack, mode: "preview" | "update", policy: string, config: Record<string, unknown> = {}) {
    const resources = s.build(mode);
    const byUrn = new Map(resources.map(r => [r.urn, r]));
    await pack.configureStack({ stack: s.stackName, project: s.project, dryRun: mode === "preview" });
    const info = await pack.getAnalyzerInfo();
    const { reconcileConfig } = await import("../scanner/engine");
    await pack.configure(reconcileConfig({ [policy]: { enforcementLevel: "remediate", ...config } }, info.policies));
    const out = new Map<string, Record<string, unknown> | undefined>();
    for (const r of resources) out.set(r.name, (await pack.remediate(r, byUrn)).properties);
    return out;
}

describe("cloudwatch-log-group-retention remediates", () => {
    const P = "cloudwatch-log-group-retention";
    const build = () => {
        const s = new TestStack();
        const p = s.add("aws:ssm/parameter:Parameter", "days", { type: "String", value: "7" });
        s.add("aws:cloudwatch/logGroup:LogGroup", "unset", { tags: { Owner: secret("team-a") } });
        s.add("aws:cloudwatch/logGroup:LogGroup", "short", { retentionInDays: 7, kmsKeyId: ref(p, "arn") });
        s.add("aws:cloudwatch/logGroup:LogGroup", "fine", { retentionInDays: 365 });
        s.add("aws:cloudwatch/logGroup:LogGroup", "from-output", { retentionInDays: ref(p, "insecureValue") });
        s.add("aws:cloudwatch/logGroup:LogGroup", "secret-days", { retentionInDays: secret(7) });
        return s;
    };

    test("the returned inputs are fixed; secrets and unknowns pass through; what cannot be fixed is left alone", async () => {
        const out = await remediated(build(), "preview", P);
        expect(out.get("unset")).toMatchObject({ retentionInDays: 90, tags: { Owner: secretEnvelope("team-a") } });
        expect(out.get("short")).toMatchObject({ retentionInDays: 90, kmsKeyId: UNKNOWN_SENTINEL });
        expect(out.get("fine")).toBeUndefined();
        expect(out.get("from-output")).toBeUndefined();
        expect(out.get("secret-days")).toBeUndefined();
        expect(JSON.stringify(out.get("unset"))).toContain(SECRET_SIG);
    });

    test("minimumDays is honoured", async () => {
        const out = await remediated(build(), "update", P, { minimumDays: 365 });
        expect(out.get("short")).toMatchObject({ retentionInDays: 365 });
        expect(out.get("fine")).toBeUndefined();
    });

    test("at remediate level the engine's run analyzes the fixed inputs: only what could not be fixed is reported", async () => {
        const a = await analyze(pack, build(), "update", { config: { [P]: "remediate" } });
        expect(of(a, P).violations.map(v => [v.resource, v.level])).toEqual([["secret-days", "mandatory"]]);
    });

    test("the policy says in its metadata that it remediates", async () => {
        const info = await pack.getAnalyzerInfo();
        expect(info.policies.find(p => p.name === P)?.tags).toContain("remediates");
        expect(info.policies.find(p => p.name === "s3-bucket-versioning")?.tags).not.toContain("remediates");
    });
});

test("peers reach Pulumi Cloud as tags, and Security Hub controls as the compliance framework", async () => {
    const info = await pack.getAnalyzerInfo();
    const p = info.policies.find(x => x.name === "s3-bucket-versioning");
    expect(p?.tags).toEqual(expect.arrayContaining(["section-A", "checkov:CKV_AWS_21", "fsbp:S3.14"]));
    expect(p?.framework).toMatchObject({ name: "AWS Foundational Security Best Practices", reference: "S3.14" });
});

describe("dynamodb-table-protection remediates point-in-time recovery", () => {
    const P = "dynamodb-table-protection";
    const build = () => {
        const s = new TestStack();
        const key = s.add("aws:kms/key:Key", "key", {});
        s.add("aws:dynamodb/table:Table", "unset", {
            hashKey: "id",
            tags: { Owner: secret("team-a") },
            serverSideEncryption: { enabled: true, kmsKeyArn: ref(key, "arn") },
        });
        s.add("aws:dynamodb/table:Table", "off", { hashKey: "id", pointInTimeRecovery: { enabled: false, recoveryPeriodInDays: 14 } });
        s.add("aws:dynamodb/table:Table", "on", { hashKey: "id", pointInTimeRecovery: { enabled: true } });
        s.add("aws:dynamodb/table:Table", "from-output", { hashKey: "id", pointInTimeRecovery: { enabled: ref(key, "enableKeyRotation") } });
        s.add("aws:dynamodb/table:Table", "no-kms", { hashKey: "id", pointInTimeRecovery: { enabled: true }, serverSideEncryption: { enabled: false } });
        return s;
    };

    test("PITR is turned on; secrets and unknowns pass through; what cannot be fixed is left alone", async () => {
        const out = await remediated(build(), "preview", P);
        expect(out.get("unset")).toMatchObject({
            pointInTimeRecovery: { enabled: true },
            tags: { Owner: secretEnvelope("team-a") },
            serverSideEncryption: { enabled: true, kmsKeyArn: UNKNOWN_SENTINEL },
        });
        expect(out.get("off")).toMatchObject({ pointInTimeRecovery: { enabled: true, recoveryPeriodInDays: 14 } });
        expect(out.get("on")).toBeUndefined();
        expect(out.get("from-output")).toBeUndefined();
        expect(out.get("no-kms")).toBeUndefined(); // encryption is not guessed
    });

    test("at remediate level only what could not be fixed is reported", async () => {
        const a = await analyze(pack, build(), "update", { config: { [P]: "remediate" } });
        expect(of(a, P).violations.map(v => v.resource)).toEqual(["no-kms"]);
        const info = await pack.getAnalyzerInfo();
        expect(info.policies.find(p => p.name === P)?.tags).toContain("remediates");
    });
});

describe("ecr-repository-scanning remediates", () => {
    const P = "ecr-repository-scanning";
    const build = () => {
        const s = new TestStack();
        const key = s.add("aws:kms/key:Key", "key", {});
        s.add("aws:ecr/repository:Repository", "bare", { encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: ref(key, "arn") }] });
        s.add("aws:ecr/repository:Repository", "mutable", { imageScanningConfiguration: { scanOnPush: true }, imageTagMutability: "MUTABLE" });
        s.add("aws:ecr/repository:Repository", "fine", { imageScanningConfiguration: { scanOnPush: true }, imageTagMutability: "IMMUTABLE" });
        s.add("aws:ecr/repository:Repository", "exclusions", {
            imageScanningConfiguration: { scanOnPush: true },
            imageTagMutability: "MUTABLE_WITH_EXCLUSION",
        });
        return s;
    };
    test("scan on push and immutable tags are set; unknowns pass through; exclusions are left alone", async () => {
        const out = await remediated(build(), "preview", P);
        expect(out.get("bare")).toMatchObject({
            imageScanningConfiguration: { scanOnPush: true },
            imageTagMutability: "IMMUTABLE",
            encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: UNKNOWN_SENTINEL }],
        });
        expect(out.get("mutable")).toMatchObject({ imageTagMutability: "IMMUTABLE" });
        expect(out.get("fine")).toBeUndefined();
        expect(out.get("exclusions")).toBeUndefined();
    });
    test("at remediate level only what could not be fixed is reported", async () => {
        const a = await analyze(pack, build(), "update", { config: { [P]: "remediate" } });
        expect(of(a, P).violations.map(v => v.resource)).toEqual(["exclusions"]);
    });
});
