/**
 * Pack-wide behaviour through the analyzer protocol: analyzer info and metadata, enforcement levels
 * from config, config validation, deferral modes, secrets. Exemptions, waiver reporting, advisory
 * stacks and the config presets are in governance.test.ts.
 */
import { TestStack, analyze, of, ref, usePack } from "./helpers/harness";

const pack = usePack();

const unversioned = (stackName = "dev", tags: Record<string, unknown> = {}) => {
    const s = new TestStack(stackName);
    s.add("aws:s3/bucket:Bucket", "data", { tags });
    return s;
};

test("GetAnalyzerInfo: the pack's name, policies in catalog order with metadata and config schema", async () => {
    const info = await pack.getAnalyzerInfo();
    expect(info.name).toBe("aws-requirement-gaps");
    expect(info.supportsConfig).toBe(true);
    expect(info.policies[0].name).toBe("pack-settings");
    const versioning = info.policies.find(p => p.name === "s3-bucket-versioning")!;
    expect(versioning.enforcementLevel).toBe("mandatory");
    expect(versioning.severity).toBeDefined();
    expect(Object.keys(versioning.configSchema!.properties)).toContain("exemptions");
});

test("config levels apply: a policy set to advisory reports advisory, disabled reports nothing", async () => {
    let r = of(await analyze(pack, unversioned(), "update", { config: { "s3-bucket-versioning": "advisory" } }), "s3-bucket-versioning");
    expect(r.violations.map(v => v.level)).toEqual(["advisory"]);
    r = of(await analyze(pack, unversioned(), "update", { config: { all: "disabled" } }), "s3-bucket-versioning");
    expect(r.violations).toEqual([]);
});

describe("config validation", () => {
    test("the engine refuses a bad value before any analysis, naming the policy and the field", async () => {
        const config = { "s3-bucket-versioning": { exemptions: "everything" } };
        await expect(analyze(pack, unversioned(), "update", { config })).rejects.toThrow(/s3-bucket-versioning: \/exemptions must be array/);
    });

    test("sent unvalidated, a bad value fails with a message naming the policy and the field", async () => {
        const config = { "s3-bucket-versioning": { exemptions: "everything" } };
        const a = await analyze(pack, unversioned(), "update", { config, skipConfigValidation: true });
        const bad = a.raw.filter(d => /Invalid configuration/.test(d.message));
        expect(bad).toHaveLength(1);
        expect(bad[0].enforcementLevel).toBe("mandatory");
        expect(bad[0].message).toMatch(/s3-bucket-versioning/);
        expect(bad[0].message).toMatch(/exemptions/);
    });

    test("a bad pack-settings value is reported too", async () => {
        const a = await analyze(pack, unversioned(), "update", {
            config: { "pack-settings": { deferralReport: "loud" } },
            perResource: false,
            skipConfigValidation: true,
        });
        expect(a.raw.some(d => /Invalid configuration for policy pack-settings: field 'deferralReport'/.test(d.message))).toBe(true);
    });
});

describe("deferrals", () => {
    const pending = () => {
        const s = new TestStack();
        const p = s.add("aws:ssm/parameter:Parameter", "auth", { type: "String", value: "x" });
        for (const n of ["u1", "u2", "u3"]) s.add("aws:lambda/functionUrl:FunctionUrl", n, { functionName: "f", authorizationType: ref(p, "insecureValue") });
        return s;
    };

    test("engine mode: resource-policy deferrals become one advisory line per policy at AnalyzeStack", async () => {
        const a = await analyze(pack, pending(), "preview", { perResource: false });
        const lines = a.raw.filter(d => d.policyName === "lambda-function-url-auth");
        expect(lines).toHaveLength(1);
        expect(lines[0].enforcementLevel).toBe("advisory");
        expect(lines[0].urn).toBeUndefined();
        expect(lines[0].message).toMatch(/^\[deferred\] 3 checks/);
    });

    test("scanner mode: one deferral per resource", async () => {
        const a = await analyze(pack, pending(), "preview");
        expect(
            of(a, "lambda-function-url-auth")
                .deferred.map(d => d.resource)
                .sort(),
        ).toEqual(["u1", "u2", "u3"]);
    });

    test("deferralReport off hides them", async () => {
        const a = await analyze(pack, pending(), "preview", { perResource: false, config: { "pack-settings": { deferralReport: "off" } } });
        expect(a.raw.filter(d => d.policyName === "lambda-function-url-auth")).toEqual([]);
    });

    test("the ledger does not leak into the next AnalyzeStack", async () => {
        await analyze(pack, pending(), "preview", { perResource: false });
        const a = await analyze(pack, new TestStack(), "preview", { perResource: false });
        expect(a.raw.filter(d => d.policyName === "lambda-function-url-auth")).toEqual([]);
    });
});

describe("secrets never reach a message", () => {
    test("a bucket policy made secret: neither the document nor values parsed out of it are echoed", async () => {
        const { secret } = require("./helpers/harness");
        const s = new TestStack();
        const doc = JSON.stringify({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "SidTopSecret42",
                    Effect: "Allow",
                    Principal: { AWS: "arn:aws:iam::123456789012:root" },
                    Action: "s3:*",
                    Resource: "arn:aws:s3:::vault-7f3a/*",
                },
            ],
        });
        s.add("aws:s3/bucket:Bucket", "vault", { policy: secret(doc), versioning: { enabled: true } });
        const a = await analyze(pack, s, "update");
        expect(a.violations.some(v => v.policy === "s3-bucket-policy-scope" && v.resource === "vault")).toBe(true);
        for (const d of a.raw) {
            expect(d.message).not.toContain("SidTopSecret42");
            expect(d.message).not.toContain("vault-7f3a");
        }
    });
});
