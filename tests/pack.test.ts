/**
 * Pack-wide behaviour through the analyzer protocol: analyzer info and metadata, enforcement levels
 * from config, advisory stacks, exemptions (config and tag), config validation, deferral modes.
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

describe("advisory stacks (pack-settings.advisoryStacks)", () => {
    const settings = { "pack-settings": { advisoryStacks: { stackTags: { environment: "dev" }, stackNames: ["dev-*"] } } };

    test("a stack tagged environment=dev gets advisory findings", async () => {
        const r = of(await analyze(pack, unversioned("main"), "update", { config: settings, stackTags: { environment: "dev" } }), "s3-bucket-versioning");
        expect(r.violations.map(v => v.level)).toEqual(["advisory"]);
    });

    test("a stack named dev-* gets advisory findings", async () => {
        const r = of(await analyze(pack, unversioned("dev-alice"), "update", { config: settings }), "s3-bucket-versioning");
        expect(r.violations.map(v => v.level)).toEqual(["advisory"]);
    });

    test("a prod stack keeps mandatory findings", async () => {
        const r = of(await analyze(pack, unversioned("prod"), "update", { config: settings, stackTags: { environment: "prod" } }), "s3-bucket-versioning");
        expect(r.violations.map(v => v.level)).toEqual(["mandatory"]);
    });

    test("resource policies honour it too", async () => {
        const s = new TestStack("dev-bob");
        s.add("aws:lambda/functionUrl:FunctionUrl", "url", { functionName: "f", authorizationType: "NONE" });
        const r = of(await analyze(pack, s, "update", { config: settings }), "lambda-function-url-auth");
        expect(r.violations.map(v => v.level)).toEqual(["advisory"]);
    });
});

describe("exemptions", () => {
    test("a config exemption with a reason waives the finding and the scanner mode lists it", async () => {
        const config = { "s3-bucket-versioning": { exemptions: [{ resource: "da*", reason: "scratch bucket, INC-7" }] } };
        const r = of(await analyze(pack, unversioned(), "update", { config }), "s3-bucket-versioning");
        expect(r.violations).toEqual([]);
        expect(r.waived).toHaveLength(1);
        expect(r.waived[0].message).toMatch(/INC-7/);
    });

    test("a tag exemption with reason and future expiry waives the finding", async () => {
        const s = unversioned("dev", { "policy-exempt:s3-bucket-versioning": "cache only; until 2999-01-01" });
        const r = of(await analyze(pack, s, "update"), "s3-bucket-versioning");
        expect(r.violations).toEqual([]);
        expect(r.waived).toHaveLength(1);
    });

    test("an expired exemption is itself reported and the finding stands", async () => {
        const s = unversioned("dev", { "policy-exempt:s3-bucket-versioning": "cache only; until 2020-01-01" });
        const r = of(await analyze(pack, s, "update"), "s3-bucket-versioning");
        expect(r.violations).toHaveLength(1);
        expect(r.violations[0].message).toMatch(/expired on 2020-01-01/);
    });

    test("an exemption without a reason is reported and the finding stands", async () => {
        const config = { "s3-bucket-versioning": { exemptions: [{ resource: "data" }] } };
        const r = of(await analyze(pack, unversioned(), "update", { config }), "s3-bucket-versioning");
        expect(r.violations).toHaveLength(1);
        expect(r.violations[0].message).toMatch(/no reason/);
    });

    test("an exemption for another resource or policy does not apply", async () => {
        const config = { "s3-bucket-versioning": { exemptions: [{ resource: "other", reason: "x" }] } };
        expect(of(await analyze(pack, unversioned(), "update", { config }), "s3-bucket-versioning").violations).toHaveLength(1);
        const s = unversioned("dev", { "policy-exempt:lambda-function-url-auth": "not this one" });
        expect(of(await analyze(pack, s, "update"), "s3-bucket-versioning").violations).toHaveLength(1);
    });

    test("without scanner mode, waived findings are silent", async () => {
        const config = { "s3-bucket-versioning": { exemptions: [{ resource: "data", reason: "ok" }] } };
        const a = await analyze(pack, unversioned(), "update", { config, perResource: false });
        expect(a.raw.filter(d => d.policyName === "s3-bucket-versioning")).toEqual([]);
    });
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
        const a = await analyze(pack, unversioned(), "update", { config: { "pack-settings": { deferralReport: "loud" } }, perResource: false, skipConfigValidation: true });
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
        expect(of(a, "lambda-function-url-auth").deferred.map(d => d.resource).sort()).toEqual(["u1", "u2", "u3"]);
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
            Statement: [{ Sid: "SidTopSecret42", Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "s3:*", Resource: "arn:aws:s3:::vault-7f3a/*" }],
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

describe("config presets", () => {
    const fs = require("fs");
    const path = require("path");
    test.each(["dev.json", "prod.json", "org.json"])("config/%s is accepted by the pack", async file => {
        const config = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "config", file), "utf8"));
        const a = await analyze(pack, unversioned("prod"), "update", { config });
        expect(a.raw.filter(d => /Invalid configuration/.test(d.message))).toEqual([]);
        const level = of(a, "s3-bucket-versioning").violations.map(v => v.level);
        expect(level).toEqual([file === "dev.json" ? "advisory" : "mandatory"]);
    });

    test("org.json: the same finding is advisory on a stack tagged environment=dev", async () => {
        const config = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "config", "org.json"), "utf8"));
        const a = await analyze(pack, unversioned("main"), "update", { config, stackTags: { environment: "dev" } });
        expect(of(a, "s3-bucket-versioning").violations.map(v => v.level)).toEqual(["advisory"]);
    });
});
