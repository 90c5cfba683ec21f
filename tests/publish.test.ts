/**
 * What `pulumi policy publish` ships (`npm pack`) is exactly what the pack needs to run, and it
 * runs: the tarball is unpacked and installed the way Pulumi Cloud does (`npm install`, production
 * dependencies only), then driven through the analyzer protocol.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PolicyPackProcess } from "../scanner/engine";
import { PACK_DIR, TestStack, analyze, of } from "./helpers/harness";

const npm = process.platform === "win32" ? "npm.cmd" : "npm";
let work: string;
let files: string[];

beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "pack-publish-"));
    const out = execFileSync(npm, ["pack", "--json", "--ignore-scripts", "--pack-destination", work], {
        cwd: PACK_DIR,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
    });
    const info = JSON.parse(out)[0];
    files = info.files.map((f: { path: string }) => f.path).sort();
    execFileSync("tar", ["xzf", path.join(work, info.filename), "-C", work]);
}, 120000);

afterAll(() => {
    fs.rmSync(work, { recursive: true, force: true });
});

test("the tarball holds the compiled pack, its data and manifest, and nothing else", () => {
    expect(files).toContain("bin/index.js");
    expect(files).toContain("PulumiPolicy.yaml");
    expect(files).toContain("package.json");
    expect(files).toContain("LICENSE");
    expect(files).toContain("bin/data/managed-policies.json");
    const stray = files.filter(f => !/^(bin\/(index\.js|lib\/|policies\/|data\/)|PulumiPolicy\.yaml$|package\.json$|README\.md$|LICENSE$)/.test(f));
    expect(stray).toEqual([]);
    expect(files.filter(f => f.endsWith(".ts"))).toEqual([]);
    expect(files.filter(f => f.startsWith("bin/scanner") || f.startsWith("bin/tools") || f.startsWith("bin/bench"))).toEqual([]);
});

test("installed from the tarball (production dependencies), the pack serves the analyzer protocol", async () => {
    const dir = path.join(work, "package");
    execFileSync(npm, ["install", "--omit=dev", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], { cwd: dir, stdio: "ignore" });
    const pack = await PolicyPackProcess.start(dir);
    try {
        const s = new TestStack();
        s.add("aws:s3/bucket:Bucket", "data");
        const a = await analyze(pack, s, "update");
        expect(of(a, "s3-bucket-versioning").violations.map(v => v.resource)).toEqual(["data"]);
        const info = await pack.getAnalyzerInfo();
        expect(info.name).toBe("aws-requirement-gaps");
    } finally {
        await pack.stop();
    }
}, 300000);
