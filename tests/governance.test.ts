/**
 * Governance through the analyzer protocol: exemptions (config and tag) under the organisation's
 * rules (pack-settings.exemptions), waiver reporting (scanner and engine modes), advisory stacks
 * and the config presets with the stack names people use.
 *
 * The pack's clock is pinned to 2026-06-01 (POLICY_PACK_NOW), so expiry and maxDays are exact.
 */
import * as fs from "fs";
import * as path from "path";
import { parseExemptionTag } from "../lib/report/exemptions";
import { toJson } from "../scanner/format";
import { ScanResult } from "../scanner/scan";
import { AnalyzeOptions, TestStack, analyze, of, secret, usePack } from "./helpers/harness";

const TODAY = "2026-06-01";
const pack = usePack({ env: { POLICY_PACK_NOW: TODAY } });

const VERSIONING = "s3-bucket-versioning"; // a stack policy
const ROTATION = "kms-key-rotation"; // a resource policy
const tagOf = (policy: string) => `policy-exempt:${policy}`;

/** One unversioned bucket (a finding of s3-bucket-versioning), with the given tags. */
const bucket = (stackName = "dev", tags: Record<string, unknown> = {}) => {
    const s = new TestStack(stackName);
    s.add("aws:s3/bucket:Bucket", "data", { tags });
    return s;
};

/** One KMS key without rotation (a finding of kms-key-rotation), with the given tags. */
const key = (tags: Record<string, unknown> = {}) => {
    const s = new TestStack("prod");
    s.add("aws:kms/key:Key", "cmk", { enableKeyRotation: false, tags });
    return s;
};

const withRules = (exemptions: Record<string, unknown>, rest: Record<string, unknown> = {}) => ({ "pack-settings": { exemptions }, ...rest });
const configExemption = (policy: string, entry: Record<string, unknown>) => ({ [policy]: { exemptions: [{ resource: "data", ...entry }] } });

async function run(policy: string, s: TestStack, opts: AnalyzeOptions = {}) {
    return of(await analyze(pack, s, "update", opts), policy);
}

describe("exemptions: what a waiver needs", () => {
    test("a config exemption with a reason waives the finding", async () => {
        const r = await run(VERSIONING, bucket(), { config: configExemption(VERSIONING, { resource: "da*", reason: "scratch bucket, INC-7" }) });
        expect(r.violations).toEqual([]);
        expect(r.waived.map(w => w.reason)).toEqual(["scratch bucket, INC-7"]);
    });

    test("an exemption without a reason is refused and the finding stands", async () => {
        const r = await run(VERSIONING, bucket(), { config: configExemption(VERSIONING, {}) });
        expect(r.waived).toEqual([]);
        expect(r.violations).toHaveLength(1);
        expect(r.violations[0].message).toMatch(/config exemption "data" has no reason: the finding stands/);
    });

    test("an expired exemption is a finding that says on which date it expired; its last day still waives", async () => {
        let r = await run(VERSIONING, bucket("dev", { [tagOf(VERSIONING)]: "INC-42 until 2026-05-31" }));
        expect(r.violations).toHaveLength(1);
        expect(r.violations[0].message).toMatch(/tag policy-exempt:s3-bucket-versioning expired on 2026-05-31: the finding stands/);
        r = await run(VERSIONING, bucket("dev", { [tagOf(VERSIONING)]: `INC-42 until ${TODAY}` }));
        expect(r.violations).toEqual([]);
        expect(r.waived).toHaveLength(1);
    });

    test("an unreadable or impossible expiry date is refused", async () => {
        for (const until of ["31/03/2027", "2027-02-30"]) {
            const r = await run(VERSIONING, bucket(), { config: configExemption(VERSIONING, { reason: "INC-1", until }) });
            expect(r.violations[0]?.message).toMatch(/unreadable expiry date; use YYYY-MM-DD/);
        }
    });

    test("an exemption for another resource or policy does not apply", async () => {
        const config = configExemption(VERSIONING, { resource: "other", reason: "x" });
        expect((await run(VERSIONING, bucket(), { config })).violations).toHaveLength(1);
        const r = await run(VERSIONING, bucket("dev", { [tagOf("lambda-function-url-auth")]: "INC-1 not this one" }));
        expect(r.violations).toHaveLength(1);
        expect(r.violations[0].message).not.toMatch(/exemption/);
    });
});

describe("the tag format", () => {
    test("`INC-42 until 2027-03-31` waives until that date (reason, then an optional ` until YYYY-MM-DD`)", async () => {
        const r = await run(VERSIONING, bucket("dev", { [tagOf(VERSIONING)]: "INC-42 until 2027-03-31" }));
        expect(r.violations).toEqual([]);
        expect(r.waived).toHaveLength(1);
        expect(r.waived[0]).toMatchObject({ by: "tag", pattern: tagOf(VERSIONING), reason: "INC-42", until: "2027-03-31" });
    });

    test("the old `reason; until YYYY-MM-DD` form still works, and still expires", async () => {
        let r = await run(VERSIONING, bucket("dev", { [tagOf(VERSIONING)]: "INC-42 migration; until 2027-03-31" }));
        expect(r.violations).toEqual([]);
        expect(r.waived[0]).toMatchObject({ reason: "INC-42 migration", until: "2027-03-31" });
        r = await run(VERSIONING, bucket("dev", { [tagOf(VERSIONING)]: "INC-42 migration; until 2020-01-01" }));
        expect(r.violations[0].message).toMatch(/expired on 2020-01-01/);
    });

    test("a tag without a date has no expiry; 'until' inside the reason is not a date", async () => {
        const r = await run(VERSIONING, bucket("dev", { [tagOf(VERSIONING)]: "INC-42 keep until migration" }));
        expect(r.waived[0]).toMatchObject({ reason: "INC-42 keep until migration", until: null });
    });

    test("parseExemptionTag reads both forms and only characters every AWS service accepts are needed", () => {
        const awsTagValue = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
        expect(awsTagValue.test("INC-42 until 2027-03-31")).toBe(true);
        expect(parseExemptionTag("INC-42 until 2027-03-31")).toEqual({ reason: "INC-42", until: "2027-03-31" });
        expect(parseExemptionTag("INC-42 migration; until 2027-03-31")).toEqual({ reason: "INC-42 migration", until: "2027-03-31" });
        expect(parseExemptionTag("until 2027-03-31")).toEqual({ reason: "", until: "2027-03-31" });
        expect(parseExemptionTag("wait until fixed")).toEqual({ reason: "wait until fixed" });
        expect(parseExemptionTag("INC-1; until soon")).toEqual({ reason: "INC-1", until: "soon" });
    });
});

describe("pack-settings.exemptions: rules the organisation sets", () => {
    const tagged = (value = "INC-42 until 2027-03-31") => bucket("dev", { [tagOf(VERSIONING)]: value });

    test("allowTags: false ignores a tag exemption and the finding says so", async () => {
        const r = await run(VERSIONING, tagged(), { config: withRules({ allowTags: false }) });
        expect(r.waived).toEqual([]);
        expect(r.violations).toHaveLength(1);
        expect(r.violations[0].message).toMatch(/tag policy-exempt:s3-bucket-versioning is ignored because pack-settings exemptions.allowTags is false/);
    });

    test("allowTags: false still honours a config exemption, and applies to resource policies too", async () => {
        const config = withRules({ allowTags: false }, configExemption(VERSIONING, { reason: "INC-7" }));
        expect((await run(VERSIONING, tagged(), { config })).waived.map(w => w.by)).toEqual(["config"]);
        const r = await run(ROTATION, key({ [tagOf(ROTATION)]: "INC-42 until 2027-03-31" }), { config: withRules({ allowTags: false }) });
        expect(r.violations[0]?.message).toMatch(/allowTags is false/);
    });

    test("policiesExemptible deny: a denied policy cannot be waived, by config or tag; others still can", async () => {
        const deny = withRules({ policiesExemptible: { deny: [VERSIONING] } }, configExemption(VERSIONING, { reason: "INC-7" }));
        const r = await run(VERSIONING, tagged(), { config: deny });
        expect(r.waived).toEqual([]);
        expect(r.violations[0].message).toMatch(/policy s3-bucket-versioning may not be waived \(pack-settings exemptions.policiesExemptible\)/);
        const other = await run(ROTATION, key({ [tagOf(ROTATION)]: "INC-42 until 2027-03-31" }), { config: deny });
        expect(other.violations).toEqual([]);
        expect(other.waived).toHaveLength(1);
    });

    test("policiesExemptible allow: only the listed policies can be waived", async () => {
        const allow = withRules({ policiesExemptible: { allow: [ROTATION] } });
        expect((await run(VERSIONING, tagged(), { config: allow })).violations[0]?.message).toMatch(/may not be waived/);
        expect((await run(ROTATION, key({ [tagOf(ROTATION)]: "INC-42" }), { config: allow })).waived).toHaveLength(1);
    });

    test("policiesExemptible takes allow or deny, not both: the engine refuses it, the pack fails closed", async () => {
        const config = withRules({ policiesExemptible: { allow: [VERSIONING], deny: [ROTATION] } });
        await expect(analyze(pack, tagged(), "update", { config })).rejects.toThrow(
            /pack-settings: \/exemptions\/policiesExemptible must NOT have more than 1 properties/,
        );
        const a = await analyze(pack, tagged(), "update", { config, skipConfigValidation: true });
        expect(a.raw.some(d => d.enforcementLevel === "mandatory" && /pack-settings: field 'exemptions.policiesExemptible'/.test(d.message))).toBe(true);
        expect(of(a, VERSIONING).waived).toEqual([]);
        expect(of(a, VERSIONING).violations[0].message).toMatch(
            /pack-settings is invalid \(field 'exemptions.policiesExemptible'\), so no exemption is honoured/,
        );
    });

    test("a policy name in policiesExemptible that the pack does not have is pointed out (advisory)", async () => {
        const a = await analyze(pack, tagged(), "update", { config: withRules({ policiesExemptible: { deny: ["s3-bucket-versionin", VERSIONING] } }) });
        const notes = a.raw.filter(d => d.policyName === "pack-settings" && /policiesExemptible.deny names/.test(d.message));
        expect(notes).toHaveLength(1);
        expect(notes[0].enforcementLevel).toBe("advisory");
        expect(notes[0].message).toMatch(/names s3-bucket-versionin, which is not a policy/);
    });

    test("maxDays: an expiry within maxDays waives, a later one or none is refused", async () => {
        const rules = withRules({ maxDays: 90 });
        const within = await run(VERSIONING, tagged("INC-42 until 2026-08-30"), { config: rules }); // 90 days ahead
        expect(within.waived).toHaveLength(1);
        const far = await run(VERSIONING, tagged("INC-42 until 2026-08-31"), { config: rules });
        expect(far.waived).toEqual([]);
        expect(far.violations[0].message).toMatch(/expires on 2026-08-31, 91 days ahead; pack-settings exemptions.maxDays allows at most 90/);
        const none = await run(VERSIONING, bucket(), { config: withRules({ maxDays: 90 }, configExemption(VERSIONING, { reason: "INC-7" })) });
        expect(none.waived).toEqual([]);
        expect(none.violations[0].message).toMatch(/config exemption "data" has no expiry date; pack-settings exemptions.maxDays requires one/);
    });

    test("requireTicket: a reason without a ticket is refused, one with a ticket waives (config and tag)", async () => {
        const rules = { requireTicket: "^[A-Z]+-\\d+" };
        const noTicket = await run(VERSIONING, tagged("cache only until 2027-03-31"), { config: withRules(rules) });
        expect(noTicket.waived).toEqual([]);
        expect(noTicket.violations[0].message).toMatch(/has a reason that names no ticket \(pack-settings exemptions.requireTicket is \^\[A-Z\]\+-\\d\+\)/);
        expect((await run(VERSIONING, tagged("INC-42 until 2027-03-31"), { config: withRules(rules) })).waived).toHaveLength(1);
        const cfg = (reason: string) => withRules(rules, configExemption(VERSIONING, { reason }));
        expect((await run(VERSIONING, bucket(), { config: cfg("scratch bucket") })).waived).toEqual([]);
        expect((await run(VERSIONING, bucket(), { config: cfg("OPS-7 scratch bucket") })).waived).toHaveLength(1);
    });

    test("an invalid requireTicket is one mandatory config finding naming the field; exemptions are refused meanwhile", async () => {
        const a = await analyze(pack, tagged(), "update", { config: withRules({ requireTicket: "([A-Z" }) });
        const problems = a.raw.filter(d => /field 'exemptions.requireTicket' is not a valid regular expression/.test(d.message));
        expect(problems).toHaveLength(1);
        expect(problems[0]).toMatchObject({ policyName: "pack-settings", enforcementLevel: "mandatory" });
        expect(of(a, VERSIONING).waived).toEqual([]);
        expect(of(a, VERSIONING).violations[0].message).toMatch(/requireTicket is not a valid regular expression, so no exemption is honoured/);
        expect(a.raw.some(d => /internal error/.test(d.message))).toBe(false);
    });

    test("the rules combine: every refusal is stated", async () => {
        const config = withRules({ allowTags: false, maxDays: 30 }, configExemption(VERSIONING, { reason: "INC-7", until: "2027-01-01" }));
        const r = await run(VERSIONING, tagged(), { config });
        expect(r.violations[0].message).toMatch(/allowTags is false; config exemption "data" expires on 2027-01-01, 214 days ahead/);
    });
});

describe("waivers are reported", () => {
    /** Three buckets of s3-bucket-versioning waived by one config glob and one tag; one key by config. */
    const waivedStack = () => {
        const s = new TestStack("prod");
        s.add("aws:s3/bucket:Bucket", "legacy-a", {});
        s.add("aws:s3/bucket:Bucket", "legacy-b", {});
        s.add("aws:s3/bucket:Bucket", "cache", { tags: { [tagOf(VERSIONING)]: "INC-9 until 2026-12-31" } });
        s.add("aws:kms/key:Key", "cmk", { enableKeyRotation: false });
        return s;
    };
    const config = {
        [VERSIONING]: { exemptions: [{ resource: "legacy-*", reason: "INC-42 migration", until: "2027-03-31" }] },
        [ROTATION]: { exemptions: [{ resource: "cmk", reason: "OPS-1 external key material" }] },
    };

    test("scanner mode: one `waived` entry per finding with who (mechanism and pattern), why and until", async () => {
        const a = await analyze(pack, waivedStack(), "update", { config });
        expect(a.violations.filter(v => v.policy === VERSIONING || v.policy === ROTATION)).toEqual([]);
        const entries = a.waived.map(({ policy, resource, by, pattern, reason, until }) => ({ policy, resource, by, pattern, reason, until }));
        expect(entries).toEqual(
            expect.arrayContaining([
                { policy: VERSIONING, resource: "legacy-a", by: "config", pattern: "legacy-*", reason: "INC-42 migration", until: "2027-03-31" },
                { policy: VERSIONING, resource: "legacy-b", by: "config", pattern: "legacy-*", reason: "INC-42 migration", until: "2027-03-31" },
                { policy: VERSIONING, resource: "cache", by: "tag", pattern: tagOf(VERSIONING), reason: "INC-9", until: "2026-12-31" },
                { policy: ROTATION, resource: "cmk", by: "config", pattern: "cmk", reason: "OPS-1 external key material", until: null },
            ]),
        );
        expect(entries).toHaveLength(4);
        expect(a.waived.every(w => w.message.includes(w.resource))).toBe(true); // the waived finding itself is kept
        const json = JSON.parse(toJson({ ...a, program: { resources: [] } } as unknown as ScanResult));
        expect(json.waived.find((w: any) => w.resource === "cache")).toMatchObject({
            by: "tag",
            pattern: tagOf(VERSIONING),
            reason: "INC-9",
            until: "2026-12-31",
        });
    });

    test("engine mode: one advisory line per policy listing its exemptions in force (stack and resource policies)", async () => {
        const a = await analyze(pack, waivedStack(), "update", { config, perResource: false });
        const versioning = a.raw.filter(d => d.policyName === VERSIONING);
        expect(versioning).toHaveLength(1);
        expect(versioning[0].enforcementLevel).toBe("advisory");
        expect(versioning[0].urn).toBeUndefined();
        const line = versioning[0].message;
        expect(line).toMatch(/^\[waived\] 3 findings waived by 2 exemptions in force: /);
        expect(line).toContain('config exemption "legacy-*", until 2027-03-31, reason "INC-42 migration" (legacy-a, legacy-b)');
        expect(line).toContain('tag policy-exempt:s3-bucket-versioning, until 2026-12-31, reason "INC-9" (cache)');
        const rotation = a.raw.filter(d => d.policyName === ROTATION);
        expect(rotation).toHaveLength(1);
        expect(rotation[0].urn).toBeUndefined();
        expect(rotation[0].message).toBe(
            '[waived] 1 finding waived by 1 exemption in force: config exemption "cmk", no expiry, reason "OPS-1 external key material" (cmk)',
        );
    });

    test("engine mode: waivers do not leak into the next AnalyzeStack", async () => {
        await analyze(pack, waivedStack(), "update", { config, perResource: false });
        const a = await analyze(pack, new TestStack("prod"), "update", { perResource: false });
        expect(a.raw.filter(d => /^\[waived\]/.test(d.message))).toEqual([]);
    });

    test("a secret in a reason is redacted in both modes", async () => {
        const s = new TestStack("prod");
        s.add("aws:kms/key:Key", "cmk", { enableKeyRotation: false, tags: secret({ [tagOf(ROTATION)]: "INC-5 token 9f8e7d6c" }) });
        for (const perResource of [true, false]) {
            const a = await analyze(pack, s, "update", { perResource });
            const lines = a.raw.filter(d => d.policyName === ROTATION);
            expect(lines).toHaveLength(1);
            expect(lines[0].message).toMatch(/^\[waived\]/);
            expect(lines[0].message).not.toContain("9f8e7d6c");
        }
    });
});

describe("advisory stacks (pack-settings.advisoryStacks)", () => {
    const settings = { "pack-settings": { advisoryStacks: { stackTags: { environment: "dev" }, stackNames: ["dev-*"] } } };
    const level = async (s: TestStack, policy: string, opts: AnalyzeOptions) => (await run(policy, s, opts)).violations.map(v => v.level);

    test("a stack tagged environment=dev gets advisory findings", async () => {
        expect(await level(bucket("main"), VERSIONING, { config: settings, stackTags: { environment: "dev" } })).toEqual(["advisory"]);
    });

    test("a stack named dev-* gets advisory findings; a prod stack keeps mandatory ones", async () => {
        expect(await level(bucket("dev-alice"), VERSIONING, { config: settings })).toEqual(["advisory"]);
        expect(await level(bucket("prod"), VERSIONING, { config: settings, stackTags: { environment: "prod" } })).toEqual(["mandatory"]);
    });

    test("resource policies honour it too", async () => {
        const s = new TestStack("dev-bob");
        s.add("aws:lambda/functionUrl:FunctionUrl", "url", { functionName: "f", authorizationType: "NONE" });
        expect(await level(s, "lambda-function-url-auth", { config: settings })).toEqual(["advisory"]);
    });
});

describe("config presets through the protocol, with the stack names people use", () => {
    const preset = (file: string) => JSON.parse(fs.readFileSync(path.join(__dirname, "..", "config", file), "utf8"));
    const NAMES = ["dev", "dev-alice", "feature-dev", "prod", "production", "staging", "prod-eu"];
    const DEV_NAMES = new Set(["dev", "dev-alice", "feature-dev"]);
    const expected: Record<string, (stack: string) => string> = {
        "dev.json": () => "advisory",
        "prod.json": () => "mandatory",
        "org.json": stack => (DEV_NAMES.has(stack) ? "advisory" : "mandatory"),
    };
    const cases = Object.keys(expected).flatMap(file => NAMES.map(stack => [file, stack, expected[file](stack)] as const));

    test.each(cases)("%s on stack %s: the finding is %s", async (file, stack, want) => {
        const a = await analyze(pack, bucket(stack), "update", { config: preset(file) });
        expect(a.raw.filter(d => /Invalid configuration/.test(d.message))).toEqual([]);
        expect(of(a, VERSIONING).violations.map(v => v.level)).toEqual([want]);
    });

    test("org.json: a stack tagged environment=dev is advisory whatever its name; environment=staging is not", async () => {
        const levelFor = async (tags: Record<string, string>) =>
            (await run(VERSIONING, bucket("main"), { config: preset("org.json"), stackTags: tags })).violations.map(v => v.level);
        expect(await levelFor({ environment: "dev" })).toEqual(["advisory"]);
        expect(await levelFor({ environment: "staging" })).toEqual(["mandatory"]);
    });

    test("org.json: a resource policy follows the same switch", async () => {
        const s = (name: string) => {
            const t = new TestStack(name);
            t.add("aws:lambda/functionUrl:FunctionUrl", "url", { functionName: "f", authorizationType: "NONE" });
            return t;
        };
        expect((await run("lambda-function-url-auth", s("dev"), { config: preset("org.json") })).violations.map(v => v.level)).toEqual(["advisory"]);
        expect((await run("lambda-function-url-auth", s("prod"), { config: preset("org.json") })).violations.map(v => v.level)).toEqual(["mandatory"]);
    });
});
