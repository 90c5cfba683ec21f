/**
 * The scanner's contract, end to end through `node bin/scanner/cli.js` (as `npm run --silent scan`
 * runs it): JSON shape, exit codes, flags, SARIF validity.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import AjvDraft04 from "ajv-draft-04";
import { PACK_DIR } from "./helpers/harness";

const CLI = path.join(PACK_DIR, "bin", "scanner", "cli.js");
const GAPS = path.join(PACK_DIR, "examples", "quickstart-gaps");

function scan(args: string[]) {
    const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", cwd: PACK_DIR });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tmpProgram(files: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scan-prog-"));
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    return dir;
}

describe("json format", () => {
    let out: ReturnType<typeof scan>;
    beforeAll(() => {
        out = scan([GAPS, "--format", "json"]);
    });

    test("exit 1 on a mandatory violation, one JSON object on stdout with exactly the contract's keys", () => {
        expect(out.code).toBe(1);
        const j = JSON.parse(out.stdout);
        expect(Object.keys(j)).toEqual(["resources", "violations", "deferred", "incomplete", "warnings"]);
        expect(j.incomplete).toEqual([]);
        expect(Array.isArray(j.warnings)).toBe(true);
        expect(typeof j.resources).toBe("number");
        for (const v of j.violations) expect(Object.keys(v)).toEqual(["policy", "level", "urn", "resource", "message", "source"]);
        // Where the resource is constructed in the program (index.ts of the example).
        const url = j.violations.find((v: { resource: string }) => v.resource === "processor-url");
        expect(url.source).toEqual({ file: "index.ts", line: expect.any(Number) });
        expect(fs.readFileSync(path.join(GAPS, "index.ts"), "utf8").split("\n")[url.source.line - 1]).toMatch(/FunctionUrl\("processor-url"/);
        expect(j.violations.map((v: any) => `${v.policy} ${v.resource} ${v.level}`)).toEqual(
            expect.arrayContaining(["lambda-function-url-auth processor-url mandatory", "s3-bucket-versioning documents mandatory"]),
        );
    });

    test("deferred entries have the contract's keys (preview mode)", () => {
        const dir = tmpProgram({
            "Pulumi.yaml": "name: deferral\nruntime: nodejs\n",
            "index.ts": `import * as aws from "@pulumi/aws";
const p = new aws.ssm.Parameter("auth", { type: "String", value: "AWS_IAM" });
new aws.lambda.FunctionUrl("url", { functionName: "fn", authorizationType: p.insecureValue.apply(v => v) });
`,
        });
        const r = scan([dir, "--mode", "preview", "--format", "json"]);
        expect(r.stderr).toBe("");
        expect(r.code).toBe(0);
        const j = JSON.parse(r.stdout);
        const d = j.deferred.find((x: any) => x.policy === "lambda-function-url-auth");
        expect(d).toBeDefined();
        expect(Object.keys(d)).toEqual(["policy", "urn", "resource", "reason", "source"]);
        expect(d.resource).toBe("url");
        expect(d.source).toEqual({ file: "index.ts", line: 3 });
    });
});

test("exit 0 when only advisory findings or none; --config levels apply", () => {
    const cfg = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cfg-")), "c.json");
    fs.writeFileSync(cfg, JSON.stringify({ all: "advisory" }));
    const r = scan([GAPS, "--format", "json", "--config", cfg]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.violations.length).toBeGreaterThan(0);
    expect(j.violations.every((v: any) => v.level === "advisory")).toBe(true);
});

test("--stack and --stack-tag reach the pack (advisory stacks)", () => {
    const cfg = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cfg-")), "c.json");
    fs.writeFileSync(cfg, JSON.stringify({ "pack-settings": { advisoryStacks: { stackTags: { environment: "dev" } } } }));
    const tagged = scan([GAPS, "--format", "json", "--config", cfg, "--stack", "main", "--stack-tag", "environment=dev"]);
    expect(tagged.code).toBe(0);
    const untagged = scan([GAPS, "--format", "json", "--config", cfg, "--stack", "main", "--stack-tag", "environment=prod"]);
    expect(untagged.code).toBe(1);
    expect(JSON.parse(untagged.stdout).violations[0].urn).toMatch(/^urn:pulumi:main::/);
});

describe("exit 2 with a clear message when the scan cannot run", () => {
    test.each([
        [["--format", "yaml", GAPS], /argument 'yaml' is invalid. Allowed choices are text, json, sarif/],
        [["--mode", "apply", GAPS], /argument 'apply' is invalid. Allowed choices are preview, update/],
        [[], /program directory is required/],
        [[GAPS, "--stack-tag", "novalue"], /key=value/],
        [[GAPS, "--config", "/nonexistent.json"], /cannot read config/],
        [["/nonexistent-dir"], /no Pulumi.yaml/],
    ])("%j", (args, message) => {
        const r = scan(args as string[]);
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(message as RegExp);
        expect(r.stdout).toBe("");
    });

    test("a program that throws", () => {
        const dir = tmpProgram({ "Pulumi.yaml": "name: broken\nruntime: nodejs\n", "index.ts": `throw new Error("boom");\n` });
        const r = scan([dir]);
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(/boom/);
    });

    test("a config naming a policy the pack does not have", () => {
        const cfg = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cfg-")), "c.json");
        fs.writeFileSync(cfg, JSON.stringify({ "no-such-policy": "mandatory" }));
        const r = scan([GAPS, "--config", cfg]);
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(/no-such-policy/);
    });
});

test("text format reads like pulumi preview's policy section, grouped by resource, with a summary", () => {
    const r = scan([GAPS]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/aws:lambda\/functionUrl:FunctionUrl \(processor-url\) index\.ts:\d+\n\s+- \[mandatory\]\s+lambda-function-url-auth/);
    expect(r.stdout).toMatch(/^Summary: \d+ mandatory, \d+ advisory, \d+ deferred, \d+ waived\.$/m);
});

test("sarif format is valid SARIF 2.1.0 with rules from the metadata and located results", () => {
    const r = scan([GAPS, "--format", "sarif"]);
    expect(r.code).toBe(1);
    const sarif = JSON.parse(r.stdout);
    const schema = JSON.parse(fs.readFileSync(require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8"));
    const ajv = new AjvDraft04({ strict: false, allErrors: true, validateFormats: false, unicodeRegExp: false });
    const validate = ajv.compile(schema);
    const ok = validate(sarif);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    const run = sarif.runs[0];
    expect(run.tool.driver.rules.map((x: any) => x.id)).toEqual(expect.arrayContaining(["s3-bucket-versioning", "lambda-function-url-auth"]));
    const url = run.results.find((x: any) => x.ruleId === "lambda-function-url-auth");
    expect(url.level).toBe("error");
    expect(url.locations[0].physicalLocation.artifactLocation.uri).toBe("index.ts");
    expect(url.locations[0].physicalLocation.region.startLine).toBe(
        fs
            .readFileSync(path.join(GAPS, "index.ts"), "utf8")
            .split("\n")
            .findIndex(l => l.includes('new aws.lambda.FunctionUrl("processor-url"')) + 1,
    );
});

describe("the command line people expect", () => {
    test("--help lists every flag and exits 0; --version prints the pack's version", () => {
        const help = scan(["--help"]);
        expect(help.code).toBe(0);
        for (const flag of [
            "--mode",
            "--format",
            "--config",
            "--stack",
            "--stack-tag",
            "--timeout",
            "--save-export",
            "--from-export",
            "--from-preview",
            "--list-policies",
            "--version",
        ])
            expect(help.stdout).toContain(flag);
        const version = scan(["--version"]);
        expect(version.code).toBe(0);
        expect(version.stdout.trim()).toBe(JSON.parse(fs.readFileSync(path.join(PACK_DIR, "package.json"), "utf8")).version);
    });

    test("--list-policies gives name, section, kind, level and severity of every policy, asked of the pack", () => {
        const r = scan(["--list-policies", "--format", "json"]);
        expect(r.code).toBe(0);
        const rows = JSON.parse(r.stdout) as { name: string; section: string; kind: string; level: string; severity: string }[];
        expect(rows.find(p => p.name === "s3-bucket-versioning")).toEqual({
            name: "s3-bucket-versioning",
            section: "A",
            kind: "stack",
            level: expect.any(String),
            severity: expect.any(String),
        });
        expect(rows.find(p => p.name === "lambda-runtime-supported")?.kind).toBe("resource");
        expect(new Set(rows.map(p => p.kind))).toEqual(new Set(["resource", "stack"]));
        const text = scan(["--list-policies"]);
        expect(text.stdout.split("\n")[0]).toMatch(/^name\s+section\s+kind\s+level\s+severity$/);
        expect(text.stdout.split("\n").length).toBeGreaterThan(rows.length);
    });

    test("--format=json works as --format json", () => {
        const r = scan([GAPS, "--format=json"]);
        expect(JSON.parse(r.stdout).violations.length).toBeGreaterThan(0);
    });

    test("a config property that is not in the policy's schema is exit 2 naming it", () => {
        const cfg = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cfg-")), "c.json");
        fs.writeFileSync(cfg, JSON.stringify({ "cloudwatch-log-group-retention": { minimumDay: 30 } }));
        const r = scan([GAPS, "--config", cfg]);
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(/cloudwatch-log-group-retention: unknown property "minimumDay"/);
    });

    test("a report over 64 KiB reaches a slow pipe whole", () => {
        const whole = scan([GAPS, "--format", "sarif"]).stdout;
        expect(whole.length).toBeGreaterThan(64 * 1024);
        const piped = spawnSync("sh", ["-c", `"${process.execPath}" "${CLI}" "${GAPS}" --format sarif | (sleep 1; wc -c)`], {
            encoding: "utf8",
            cwd: PACK_DIR,
        });
        expect(Number(piped.stdout.trim())).toBe(Buffer.byteLength(whole));
    });

    test("several programs in one call: a folder of programs, one combined report", () => {
        const parent = fs.mkdtempSync(path.join(os.tmpdir(), "programs-"));
        for (const name of ["quickstart-gaps", "well-built-storage"])
            fs.cpSync(path.join(PACK_DIR, "examples", name), path.join(parent, name), { recursive: true });
        const r = scan([parent, "--format", "json"]);
        expect(r.code).toBe(1);
        const out = JSON.parse(r.stdout) as { programs: { program: string; violations: unknown[] }[] };
        expect(out.programs.map(p => path.basename(p.program))).toEqual(["quickstart-gaps", "well-built-storage"]);
        expect(out.programs[0].violations.length).toBeGreaterThan(0);
        expect(out.programs[1].violations).toEqual([]);
    });
});

test("a remote component is never silently clean: listed as incomplete in every format, exit 2 under --strict", () => {
    const dir = path.join(PACK_DIR, "tests", "fixtures", "programs", "remote-component");
    const json = scan([dir, "--format", "json"]);
    expect(json.code).toBe(0);
    const out = JSON.parse(json.stdout) as { incomplete: { urn: string; type: string; reason: string }[] };
    expect(out.incomplete).toEqual([
        { urn: expect.stringMatching(/awsx:ec2:Vpc::main$/), type: "awsx:ec2:Vpc", reason: expect.stringMatching(/not checked.*--from-export/) },
    ]);
    expect(scan([dir]).stdout).toMatch(/warning: NOT FULLY CHECKED: awsx:ec2:Vpc \(main\)/);
    const sarif = JSON.parse(scan([dir, "--format", "sarif"]).stdout);
    expect(sarif.runs[0].invocations[0].toolExecutionNotifications.map((n: { message: { text: string } }) => n.message.text).join("\n")).toMatch(
        /awsx:ec2:Vpc::main: remote component/,
    );
    const strict = scan([dir, "--strict"]);
    expect(strict.code).toBe(2);
    expect(strict.stderr).toMatch(/--strict/);
});
