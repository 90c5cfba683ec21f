/**
 * Programs of the shapes real Pulumi programs have (issue 11, item 1), recorded as the scanner
 * records them (bin/scanner/program.js in its own process).
 */
import * as path from "path";
import { PACK_DIR } from "./helpers/harness";
import { recordInChild } from "../scanner/scan";

const FIXTURES = path.join(PACK_DIR, "tests", "fixtures", "programs");
const record = (name: string, timeout?: number) => recordInChild(path.join(FIXTURES, name), "update", "dev", timeout);
const names = (rec: { resources: { type: string; name: string }[] }) => rec.resources.filter(r => !r.type.startsWith("pulumi:")).map(r => r.name);

test.concurrent("the program runs in its own folder (relative paths)", async () => {
    const rec = await record("cwd-relative");
    const policy = rec.resources.find(r => r.name === "site-policy");
    expect(String(policy?.inputs.policy)).toContain('"s3:GetObject"');
});

test.concurrent("Pulumi.yaml main: names a folder", async () => {
    expect(names(await record("main-folder"))).toEqual(["from-main-folder"]);
});

test.concurrent("a package.json main that does not exist warns and falls back to index.ts", async () => {
    const rec = await record("missing-package-main");
    expect(names(rec)).toEqual(["fallback-entry"]);
    expect(rec.warnings.join("\n")).toMatch(/package.json main bin\/index.js does not exist/);
});

test.concurrent("an index.js program", async () => {
    expect(names(await record("javascript"))).toEqual(["plain-js"]);
});

test.concurrent('an ESM program: "type": "module", top-level await, import "./x.js" naming x.ts', async () => {
    expect(names(await record("esm"))).toEqual(["after-await"]);
});

test.concurrent("an exception inside an apply fails the scan with its message, the secret redacted", async () => {
    const err = await record("apply-throws").then(
        () => undefined,
        e => e as Error,
    );
    expect(err?.message).toMatch(/cannot name the queue for data-\w+ with \[secret\]/);
    expect(err?.message).not.toContain("s3cr3t-token-value");
});

test.concurrent("an unhandled rejection fails the scan", async () => {
    await expect(record("unhandled-rejection")).rejects.toThrow(/lookup failed: no such zone/);
});

test.concurrent("a program that never finishes ends at --timeout", async () => {
    await expect(record("keeps-running", 3)).rejects.toThrow(/timeout of 3 s/);
});

test.concurrent('process.on("beforeExit") hooks run before the graph is taken', async () => {
    expect(names(await record("before-exit"))).toEqual(["uploads", "uploads-notification"]);
});

test.concurrent("many resources across files: every one recorded, each at its TypeScript line (issue 11, item 17)", async () => {
    const rec = await record("many-resources");
    const buckets = rec.resources.filter(r => r.type === "aws:s3/bucket:Bucket");
    const queues = rec.resources.filter(r => r.type === "aws:sqs/queue:Queue");
    expect([buckets.length, queues.length]).toEqual([150, 150]);
    // The stacks the scanner no longer maps (the SDK's per-promise ones) are not the positions:
    // these still map through the source maps to the lines of the .ts files.
    expect(new Set(buckets.map(b => JSON.stringify(rec.locations[b.urn])))).toEqual(new Set([JSON.stringify({ file: "index.ts", line: 15 })]));
    expect(new Set(queues.map(q => JSON.stringify(rec.locations[q.urn])))).toEqual(new Set([JSON.stringify({ file: "queues.ts", line: 9 })]));
    expect(queues.find(q => q.name === "team-7-events")?.inputs.messageRetentionSeconds).toBe(86407);
});

test.concurrent("update mode: every output a program reads has a value, a secret or an unknown (issue 11, item 7)", async () => {
    const rec = await record("update-outputs");
    const tags = rec.resources.find(r => r.name === "reads")?.inputs.tags as Record<string, string>;
    expect(tags.url).toMatch(/^HTTPS:\/\//);
    expect(tags.pet).toMatch(/^app-\w+-\w+$/);
    // Not known offline: a stack reference, a command's output, an unknown provider's output.
    for (const k of ["vpc", "required", "version", "widget"]) expect(tags[k]).toBe("04da6b54-80e4-46f7-96ec-b56ff0331ba9");
    const password = rec.resources.find(r => r.name === "db")?.inputs.password as Record<string, string>;
    expect(password["4dabf18193072939515e22adb298388d"]).toBe("1b47061264138c4ac30d75fd1eb44270");
    expect(password.value).toHaveLength(20);
    expect(rec.warnings.join("\n")).toMatch(/StackReference acme\/network\/prod: .*not available offline/);
});
