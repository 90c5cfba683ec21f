/**
 * AnalyzeStack in one pass (lib/graph/stack-call.ts) answers exactly as @pulumi/policy's own
 * handler does. Two packs run side by side, one on the one-pass path and one forced onto the
 * SDK's plain path; every stack below must get byte-identical AnalyzeStack responses
 * (diagnostics and not-applicable lists) from both.
 */
import { generateGraph } from "../bench/graphs";
import { EngineResource, PolicyConfigInput, PolicyPackProcess, analyzeWithPack } from "../scanner/engine";
import { Mode, TestStack, jsonDoc, ref, secret } from "../scanner/stack-builder";
import { VERIFIED_SDK_VERSIONS, installedSdkVersion } from "../lib/graph/stack-call";
import { PACK_DIR } from "./helpers/harness";

jest.setTimeout(180_000);

let onePass: PolicyPackProcess;
let plain: PolicyPackProcess;

beforeAll(async () => {
    [onePass, plain] = await Promise.all([
        PolicyPackProcess.start(PACK_DIR, { env: { AWS_REQUIREMENT_GAPS_TRACE: "1" } }),
        PolicyPackProcess.start(PACK_DIR, { env: { AWS_REQUIREMENT_GAPS_TRACE: "1", AWS_REQUIREMENT_GAPS_PLAIN_SDK: "1" } }),
    ]);
});

afterAll(async () => {
    await Promise.all([onePass?.stop(), plain?.stop()]);
});

function gapStack(): TestStack {
    const s = new TestStack();
    const bucket = s.add("aws:s3/bucket:Bucket", "data", {});
    s.add("aws:s3/bucketPolicy:BucketPolicy", "data-policy", {
        bucket: ref(bucket, "id"),
        policy: jsonDoc({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "s3:*", Resource: "*" }],
        }),
    });
    s.add("aws:s3/bucket:Bucket", "broken-policy", { policy: "{ not json" });
    s.add("aws:cloudwatch/logGroup:LogGroup", "app-logs", {});
    s.add("aws:kms/key:Key", "app-key", {});
    const vpc = s.add("aws:ec2/vpc:Vpc", "main", { cidrBlock: "10.0.0.0/16" });
    const a = s.add("aws:ec2/subnet:Subnet", "a", { vpcId: ref(vpc), cidrBlock: "10.0.1.0/24", availabilityZone: "us-west-2a" });
    const b = s.add("aws:ec2/subnet:Subnet", "b", { vpcId: ref(vpc), cidrBlock: "10.0.2.0/24", availabilityZone: "us-west-2a" });
    s.add("aws:lb/loadBalancer:LoadBalancer", "web", { loadBalancerType: "application", subnets: [ref(a), ref(b)] });
    s.add("aws:rds/instance:Instance", "db", { engine: "postgres", instanceClass: "db.t3.micro", allocatedStorage: 20, password: secret("hunter2-hunter2") });
    s.add("aws:iam/role:Role", "admin", {
        assumeRolePolicy: jsonDoc({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
        }),
        managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"],
    });
    return s;
}

/** Runs the engine's whole sequence on a pack, then one more AnalyzeStack whose raw response is kept. */
async function run(pack: PolicyPackProcess, resources: EngineResource[], mode: Mode, config: Record<string, PolicyConfigInput>, tags?: Record<string, string>) {
    const stack = { stack: "prod", project: "test", dryRun: mode === "preview", tags };
    const { diagnostics } = await analyzeWithPack(pack, resources, { config, stack });
    const byUrn = new Map(resources.map(r => [r.urn, r]));
    const raw = await pack.sendRaw("analyzeStack", pack.analyzeStackRequest(resources, byUrn));
    return { diagnostics, raw };
}

async function compare(resources: EngineResource[], mode: Mode, config: Record<string, PolicyConfigInput> = {}, tags?: Record<string, string>) {
    const before = (onePass.stderr.match(/AnalyzeStack in one pass/g) ?? []).length;
    const [fast, slow] = await Promise.all([run(onePass, resources, mode, config, tags), run(plain, resources, mode, config, tags)]);
    expect(fast).toEqual(slow);
    // Both AnalyzeStack calls of the one-pass pack took the one-pass path; the plain pack's none.
    expect((onePass.stderr.match(/AnalyzeStack in one pass/g) ?? []).length - before).toBe(2);
    expect(plain.stderr).not.toMatch(/AnalyzeStack in one pass/);
    return fast;
}

test("the installed @pulumi/policy is a version the one-pass path was checked against", () => {
    // Fails after an SDK upgrade: compare server.js's AnalyzeStack handler with stack-call.ts again,
    // then add the version.
    expect(VERIFIED_SDK_VERSIONS).toContain(installedSdkVersion());
});

describe.each(["preview", "update"] as const)("%s", mode => {
    test("a stack with gaps, malformed documents and a secret", async () => {
        const r = await compare(gapStack().build(mode), mode);
        expect(r.diagnostics.filter(d => d.enforcementLevel === "mandatory").length).toBeGreaterThan(5);
        expect(JSON.stringify(r.raw)).not.toContain("hunter2");
    });

    test("config: a disabled policy, properties, everything mandatory, and stack tags", async () => {
        const config: Record<string, PolicyConfigInput> = {
            all: "mandatory",
            "s3-bucket-versioning": "disabled",
            "cloudwatch-log-group-retention": { enforcementLevel: "advisory", minimumDays: 400 },
        };
        const r = await compare(gapStack().build(mode), mode, config, { environment: "dev" });
        expect(r.diagnostics.some(d => d.policyName === "s3-bucket-versioning")).toBe(false);
    });

    test("a generated 300-resource stack", async () => {
        await compare(generateGraph(300, mode), mode);
    });

    test("an empty stack", async () => {
        await compare([], mode);
    });
});

test("nothing crosses calls: the same stack after a different one gives the first answer again", async () => {
    const first = await run(onePass, gapStack().build("preview"), "preview", {});
    await run(onePass, generateGraph(60, "update"), "update", { all: "mandatory" });
    const again = await run(onePass, gapStack().build("preview"), "preview", {});
    expect(again).toEqual(first);
});
