/**
 * Real Pulumi files (issue 10 item 4, issue 11 items 9-11): `--save-export` writes what the scan
 * sent as a `pulumi stack export`; `--from-export` and `--from-preview` read such files and send
 * them as the engine would. Through `node bin/scanner/cli.js`, as `npm run --silent scan` runs it.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PACK_DIR } from "./helpers/harness";
import { UNKNOWN_SENTINEL, secretEnvelope } from "../scanner/engine";
import { fromPreviewJson, fromStackExport, toStackExport } from "../scanner/pulumi-files";

const CLI = path.join(PACK_DIR, "bin", "scanner", "cli.js");
const FIXTURES = path.join(PACK_DIR, "tests", "fixtures", "programs");
const SIG = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";

function cli(args: string[]) {
    const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", cwd: os.tmpdir(), maxBuffer: 64 * 1024 * 1024 });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const tmpFile = (name: string) => path.join(fs.mkdtempSync(path.join(os.tmpdir(), "files-")), name);

interface Json {
    violations: { policy: string; resource: string; level: string; message: string }[];
    deferred: { policy: string; resource: string }[];
}
const fired = (j: Json) => j.violations.map(v => `${v.policy} ${v.resource}`).sort();

type Exported = { urn: string; type: string; custom: boolean; id?: string; inputs: Record<string, unknown>; outputs: Record<string, unknown> };
const exported = (file: string) => JSON.parse(fs.readFileSync(file, "utf8")) as { version: number; deployment: { resources: Exported[] } };
const byName = (e: ReturnType<typeof exported>, name: string) => e.deployment.resources.find(r => r.urn.endsWith(`::${name}`))!;

describe.each(["preview", "update"] as const)("a new user's trial, %s mode", mode => {
    let out: Json;
    let exportFile: string;
    beforeAll(() => {
        exportFile = tmpFile("stack.json");
        const r = cli([path.join(FIXTURES, "engine-gaps"), "--mode", mode, "--format", "json", "--save-export", exportFile]);
        expect(r.stderr).toBe("");
        out = JSON.parse(r.stdout);
    }, 120_000);

    test("a bucket without versioning, a log group without retention and a one-AZ load balancer are violations, not deferrals", () => {
        expect(fired(out)).toEqual(
            expect.arrayContaining(["s3-bucket-versioning unversioned", "cloudwatch-log-group-retention forever", "lb-subnet-az-spread one-az"]),
        );
        const deferred = out.deferred.map(d => `${d.policy} ${d.resource}`);
        for (const gap of ["s3-bucket-versioning unversioned", "cloudwatch-log-group-retention forever", "lb-subnet-az-spread one-az"])
            expect(deferred).not.toContain(gap);
    });

    test("--save-export writes a version 3 export of what was sent", () => {
        const e = exported(exportFile);
        expect(e.version).toBe(3);
        const logGroup = byName(e, "forever");
        expect(logGroup.inputs.retentionInDays).toBe(0);
        const bucket = byName(e, "unversioned");
        if (mode === "preview") {
            expect(bucket.outputs.versioning).toBe(UNKNOWN_SENTINEL);
            expect(bucket.outputs.policy).toBe(UNKNOWN_SENTINEL);
        } else {
            for (const r of e.deployment.resources.filter(x => x.custom)) expect(typeof r.id).toBe("string");
            expect(bucket.outputs.versioning).toEqual(expect.objectContaining({ enabled: false }));
        }
    });

    test("--from-export of the saved export gives the same findings as scanning the program", () => {
        const r = cli(["--from-export", exportFile, "--mode", mode, "--format", "json"]);
        expect(r.stderr).toBe("");
        const again = JSON.parse(r.stdout) as Json;
        expect(again.violations.map(v => `${v.policy} ${v.resource} ${v.level} ${v.message}`).sort()).toEqual(
            out.violations.map(v => `${v.policy} ${v.resource} ${v.level} ${v.message}`).sort(),
        );
        expect(again.deferred.map(d => `${d.policy} ${d.resource}`).sort()).toEqual(out.deferred.map(d => `${d.policy} ${d.resource}`).sort());
    });
});

test.each(["preview", "update"])("a bucket versioned and KMS-encrypted by separate resources is silent for both, %s mode", mode => {
    const r = cli([path.join(FIXTURES, "engine-well-built"), "--mode", mode, "--format", "json"]);
    const out = JSON.parse(r.stdout) as Json;
    const about = (j: Json["violations"] | Json["deferred"]) => j.filter(v => ["s3-bucket-versioning", "s3-bucket-encryption"].includes(v.policy));
    expect(about(out.violations)).toEqual([]);
    expect(about(out.deferred)).toEqual([]);
});

describe("reading a stack export", () => {
    const stack = "urn:pulumi:prod::shop";
    const provider = `${stack}::pulumi:providers:aws::default_7_48_0`;
    const file = (resources: unknown[], extra: Record<string, unknown> = {}) =>
        JSON.stringify({ version: 3, deployment: { manifest: { time: "2026-12-01T00:00:00Z", magic: "", version: "v3.200.0" }, resources }, ...extra });
    const resources = [
        { urn: `${stack}::pulumi:pulumi:Stack::shop-prod`, custom: false, type: "pulumi:pulumi:Stack" },
        {
            urn: provider,
            custom: true,
            id: "prov-id",
            type: "pulumi:providers:aws",
            inputs: { region: "eu-west-1", __internal: true },
            outputs: { region: "eu-west-1" },
        },
        {
            urn: `${stack}::aws:rds/instance:Instance::db`,
            custom: true,
            id: "db-1",
            type: "aws:rds/instance:Instance",
            inputs: { __defaults: ["port"], port: 5432, password: { [SIG]: SECRET, ciphertext: "AAAA" }, tags: { __defaults: [], team: "a" } },
            outputs: { id: "db-1", port: 5432, password: { [SIG]: SECRET, plaintext: '"hunter2"' } },
            parent: `${stack}::pulumi:pulumi:Stack::shop-prod`,
            provider: `${provider}::prov-id`,
            dependencies: [],
            propertyDependencies: { port: [] },
        },
        { urn: `${stack}::aws:s3/bucket:Bucket::old`, custom: true, id: "old", type: "aws:s3/bucket:Bucket", inputs: {}, outputs: {}, delete: true },
        { urn: `${stack}::aws:s3/bucket:Bucket::read`, custom: true, id: "read", type: "aws:s3/bucket:Bucket", inputs: {}, outputs: {}, external: true },
    ];

    test("resources as the engine sends them: providers by URN, top-level __defaults dropped, deletions and reads left out", () => {
        const read = fromStackExport(file(resources));
        expect(read).toMatchObject({ stack: "prod", project: "shop", mode: "update" });
        expect(read.resources.map(r => r.name)).toEqual(["shop-prod", "default_7_48_0", "db"]);
        const db = read.resources[2];
        expect(db.provider).toBe(provider);
        expect(db.parent).toBe(`${stack}::pulumi:pulumi:Stack::shop-prod`);
        expect(db.inputs).not.toHaveProperty("__defaults");
        expect(db.inputs.tags).toEqual({ __defaults: [], team: "a" });
        expect(db.outputs.id).toBe("db-1");
        expect(read.resources[1].inputs).toEqual({ region: "eu-west-1" });
    });

    test("secrets stay secret: plaintext rewrapped, ciphertext not known, and a warning says so", () => {
        const read = fromStackExport(file(resources));
        const db = read.resources[2];
        expect(db.outputs.password).toEqual(secretEnvelope("hunter2"));
        expect(db.inputs.password).toEqual(secretEnvelope(UNKNOWN_SENTINEL));
        expect(read.warnings.join("\n")).toMatch(/1 secret value\(s\) are encrypted.*--show-secrets/);
    });

    test("a DIY-backend checkpoint reads the same", () => {
        const checkpoint = JSON.stringify({ version: 3, checkpoint: { stack: "prod", latest: { resources } } });
        expect(fromStackExport(checkpoint).resources.map(r => r.name)).toEqual(["shop-prod", "default_7_48_0", "db"]);
    });

    test("written and read back, the shapes are unchanged", () => {
        const read = fromStackExport(file(resources));
        const again = fromStackExport(
            JSON.stringify(
                toStackExport(
                    read.resources.map(r => ({ ...r, inputs: { ...r.inputs, password: secretEnvelope("x") } })),
                    "update",
                ),
            ),
        );
        expect(again.resources.map(r => [r.urn, r.provider, r.parent, r.outputs])).toEqual(read.resources.map(r => [r.urn, r.provider, r.parent, r.outputs]));
        expect(again.resources[2].inputs.password).toEqual(secretEnvelope("x"));
    });

    test.each([
        ["not JSON", "{", /not JSON/],
        ["another version", JSON.stringify({ version: 1, deployment: { resources: [] } }), /version 1 is not supported/],
        ["a preview file", JSON.stringify({ steps: [] }), /has no version/],
        ["no resources", JSON.stringify({ version: 3, deployment: {} }), /no resources/],
    ])("%s is a clear error", (_what, text, message) => {
        expect(() => fromStackExport(text)).toThrow(message);
    });
});

describe("reading pulumi preview --json", () => {
    const stack = "urn:pulumi:dev::site";
    const bucketState = {
        urn: `${stack}::aws:s3/bucket:Bucket::b`,
        custom: true,
        type: "aws:s3/bucket:Bucket",
        inputs: { bucket: "b-1" },
        outputs: { versioning: UNKNOWN_SENTINEL },
    };
    const preview = {
        config: { "aws:region": "eu-central-1", "site:x": "1" },
        steps: [
            {
                op: "create",
                urn: bucketState.urn,
                newState: { ...bucketState, provider: `${stack}::pulumi:providers:aws::default_7_48_0::${UNKNOWN_SENTINEL}` },
            },
            { op: "read", urn: `${stack}::aws:s3/bucket:Bucket::r`, newState: { ...bucketState, urn: `${stack}::aws:s3/bucket:Bucket::r` } },
            { op: "delete", urn: `${stack}::aws:s3/bucket:Bucket::gone`, oldState: bucketState },
            {
                op: "create",
                urn: `${stack}::aws:rds/instance:Instance::db`,
                newState: {
                    urn: `${stack}::aws:rds/instance:Instance::db`,
                    custom: true,
                    type: "aws:rds/instance:Instance",
                    inputs: { password: "[secret]" },
                    outputs: {},
                },
            },
        ],
    };

    test("new states of the analyzed steps, the default provider rebuilt from config, masked secrets not known", () => {
        const read = fromPreviewJson(JSON.stringify(preview));
        expect(read).toMatchObject({ stack: "dev", project: "site", mode: "preview" });
        expect(read.resources.map(r => r.name)).toEqual(["b", "db", "default_7_48_0"]);
        expect(read.resources[2].inputs).toEqual({ region: "eu-central-1" });
        expect(read.resources[0].outputs.versioning).toBe(UNKNOWN_SENTINEL);
        expect(read.resources[1].inputs.password).toEqual(secretEnvelope(UNKNOWN_SENTINEL));
        expect(read.warnings.join("\n")).toMatch(/rebuilt from the stack's config/);
    });

    test("an export given as a preview is a clear error", () => {
        expect(() => fromPreviewJson(JSON.stringify({ version: 3, deployment: { resources: [] } }))).toThrow(/no steps.*--from-export/);
    });

    test("through the CLI, a preview file's bucket gap is reported in preview mode", () => {
        const f = tmpFile("preview.json");
        fs.writeFileSync(f, JSON.stringify(preview));
        const r = cli(["--from-preview", f, "--format", "json"]);
        expect(r.stderr).toBe("");
        expect(fired(JSON.parse(r.stdout))).toContain("s3-bucket-versioning b");
    });

    test("through the CLI, a file of the wrong format exits 2 naming it", () => {
        const f = tmpFile("x.json");
        fs.writeFileSync(f, JSON.stringify({ hello: 1 }));
        const r = cli(["--from-export", f]);
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(/x\.json: not a `pulumi stack export` file/);
    });
});
