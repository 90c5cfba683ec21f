/**
 * `npm run bench`: the pack against a floor pack (the same number of resource and stack policies
 * that do nothing: the SDK's own cost), through the analyzer protocol in the engine's order and
 * shapes (Remediate + Analyze per resource on checked inputs, then AnalyzeStack on planned outputs
 * at preview / reported outputs at update), on generated graphs of 1k, 10k and 100k resources.
 * The pack also runs on the SDK's plain AnalyzeStack path (AWS_REQUIREMENT_GAPS_PLAIN_SDK=1), to
 * show what the one-pass path saves; and the scanner records a generated 2,000-resource program.
 * Writes BENCHMARKS.md.
 *
 *   BENCH_SIZES=1000,10000 BENCH_MODES=update BENCH_PLAIN=0 npm run bench
 *   (defaults: 1000,10000,100000; preview,update; plain path measured)
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { allPolicies } from "../policies";
import { EngineResource, PolicyPackProcess, reconcileConfig } from "../scanner/engine";
import { PACK_DIR, recordInChild } from "../scanner/scan";
import { generateGraph, generateProgram } from "./graphs";

const SIZES = (process.env.BENCH_SIZES ?? "1000,10000,100000").split(",").map(Number);
const STARTS = Number(process.env.BENCH_STARTS ?? 5);
const CONCURRENCY = 8;
const PLAIN = process.env.BENCH_PLAIN !== "0";
const PROGRAM_SIZE = Number(process.env.BENCH_PROGRAM_SIZE ?? 2000);

function floorPackDir(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "floor-pack-"));
    const resourceCount = allPolicies.filter(p => "validateResource" in p).length;
    const stackCount = allPolicies.filter(p => "validateStack" in p).length;
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "floor", version: "0.0.1", main: "index.js" }));
    fs.writeFileSync(path.join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\n");
    fs.writeFileSync(
        path.join(dir, "index.js"),
        `const { PolicyPack } = require("@pulumi/policy");
const policies = [];
for (let i = 0; i < ${resourceCount}; i++) policies.push({ name: "r" + i, description: "no-op", enforcementLevel: "advisory", validateResource: () => {} });
for (let i = 0; i < ${stackCount}; i++) policies.push({ name: "s" + i, description: "no-op", enforcementLevel: "advisory", validateStack: () => {} });
new PolicyPack("floor", { policies });
`,
    );
    fs.symlinkSync(path.join(PACK_DIR, "node_modules"), path.join(dir, "node_modules"), "dir");
    return dir;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function startMedian(dir: string): Promise<number> {
    const times: number[] = [];
    for (let i = 0; i < STARTS; i++) {
        const p = await PolicyPackProcess.start(dir);
        times.push(p.readyMs);
        await p.stop();
    }
    return median(times);
}

interface Run {
    analyzeMs: number;
    analyzeStackMs: number;
    peakRssMiB: number;
    diagnostics: number;
}

async function measure(dir: string, resources: EngineResource[], mode: string, env: NodeJS.ProcessEnv = {}): Promise<Run> {
    const pack = await PolicyPackProcess.start(dir, { env });
    try {
        await pack.configureStack({ stack: "bench", project: "bench", dryRun: mode === "preview" });
        const info = await pack.getAnalyzerInfo();
        await pack.configure(reconcileConfig({}, info.policies));
        const byUrn = new Map(resources.map(r => [r.urn, r]));
        const requests = resources.map(r => pack.analyzeRequest(r, byUrn));
        const stackRequest = pack.analyzeStackRequest(resources, byUrn);
        let diagnostics = 0;
        const t0 = process.hrtime.bigint();
        let next = 0;
        // The engine sends Remediate, then Analyze, for each resource (the same request shape).
        await Promise.all(
            Array.from({ length: CONCURRENCY }, async () => {
                while (next < requests.length) {
                    const req = requests[next++];
                    await pack.sendRaw("remediate" as "analyze", req);
                    diagnostics += (await pack.send("analyze", req)).length;
                }
            }),
        );
        const t1 = process.hrtime.bigint();
        diagnostics += (await pack.send("analyzeStack", stackRequest)).length;
        const t2 = process.hrtime.bigint();
        return { analyzeMs: Number(t1 - t0) / 1e6, analyzeStackMs: Number(t2 - t1) / 1e6, peakRssMiB: (pack.peakRssKiB() ?? 0) / 1024, diagnostics };
    } finally {
        await pack.stop();
    }
}

/** Time to record a generated program of PROGRAM_SIZE resources, as the scanner does before analysis. */
async function recordProgramTime(mode: "preview" | "update"): Promise<{ ms: number; resources: number }> {
    const dir = generateProgram(PROGRAM_SIZE);
    try {
        const t0 = process.hrtime.bigint();
        const program = await recordInChild(dir, mode, "bench");
        return { ms: Number(process.hrtime.bigint() - t0) / 1e6, resources: program.resources.length };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

const fmt = (ms: number) => (ms >= 10000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`);

async function main(): Promise<void> {
    const floor = floorPackDir();
    const lines: string[] = [];
    const log = (s: string) => {
        console.log(s);
        lines.push(s);
    };
    try {
        const packStart = await startMedian(PACK_DIR);
        const floorStart = await startMedian(floor);
        const rows: string[] = [];
        const stackTimes = new Map<string, { pack: number; floor: number }>();
        for (const size of SIZES) {
            for (const mode of (process.env.BENCH_MODES ?? "preview,update").split(",") as ("preview" | "update")[]) {
                const graph = generateGraph(size, mode);
                const p = await measure(PACK_DIR, graph, mode);
                const f = await measure(floor, graph, mode);
                const plain = PLAIN ? await measure(PACK_DIR, graph, mode, { AWS_REQUIREMENT_GAPS_PLAIN_SDK: "1" }) : undefined;
                if (plain && plain.diagnostics !== p.diagnostics)
                    throw new Error(`plain path gave ${plain.diagnostics} diagnostics, one-pass ${p.diagnostics}`);
                stackTimes.set(`${mode}:${size}`, { pack: p.analyzeStackMs, floor: f.analyzeStackMs });
                const plainCells = plain ? `${fmt(plain.analyzeStackMs)} | ${plain.peakRssMiB.toFixed(0)} MiB` : "- | -";
                const row = `| ${graph.length} | ${mode} | ${fmt(p.analyzeMs)} | ${fmt(f.analyzeMs)} | ${(p.analyzeMs / f.analyzeMs).toFixed(2)} | ${fmt(p.analyzeStackMs)} | ${fmt(f.analyzeStackMs)} | ${(p.analyzeStackMs / f.analyzeStackMs).toFixed(2)} | ${plainCells} | ${p.peakRssMiB.toFixed(0)} MiB | ${f.peakRssMiB.toFixed(0)} MiB | ${p.diagnostics} |`;
                console.log(row);
                rows.push(row);
            }
        }
        const cpu = os.cpus()[0]?.model ?? "unknown CPU";
        log(`# Benchmarks\n`);
        log(
            `Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}.`,
        );
        log(
            `The pack (${allPolicies.length} policies: ${allPolicies.filter(p => "validateResource" in p).length} with a resource check, ${allPolicies.filter(p => "validateStack" in p).length} with a stack check) against a floor pack with the same numbers of no-op policies, both started as the engine starts them and driven through the analyzer gRPC protocol in the engine's order and shapes (Remediate then Analyze for every resource on its checked inputs, ${CONCURRENCY} in flight; then one AnalyzeStack on planned outputs at preview, reported outputs at update). Graphs: repeated slices of a VPC, buckets with split settings, keys, log groups, roles, functions and a REST API.\n`,
        );
        log(`Start to ready (process start to port printed, median of ${STARTS}): pack ${fmt(packStart)}, floor ${fmt(floorStart)}.\n`);
        log(
            `| resources | mode | Remediate + Analyze (pack) | (floor) | ratio | AnalyzeStack (pack) | (floor) | ratio | AnalyzeStack, SDK's plain path | its peak RSS | peak RSS (pack) | peak RSS (floor) | diagnostics |`,
        );
        log(`|---|---|---|---|---|---|---|---|---|---|---|---|---|`);
        rows.forEach(r => log(r));
        const big = SIZES.filter(n => n >= 10000).sort((a, b) => a - b);
        if (big.length >= 2) {
            log("");
            for (const mode of ["preview", "update"]) {
                const a = stackTimes.get(`${mode}:${big[0]}`)!;
                const b = stackTimes.get(`${mode}:${big[big.length - 1]}`)!;
                log(
                    `AnalyzeStack ${big[0]} -> ${big[big.length - 1]} resources (${mode}): pack x${(b.pack / a.pack).toFixed(1)} (target at most x11); ` +
                        `floor x${(b.floor / a.floor).toFixed(1)}; the pack's own share (pack - floor) x${((b.pack - b.floor) / (a.pack - a.floor)).toFixed(1)}.`,
                );
            }
        }
        log("");
        for (const mode of (process.env.BENCH_MODES ?? "preview,update").split(",") as ("preview" | "update")[]) {
            const rec = await recordProgramTime(mode);
            log(
                `Scanner: recording a generated ${PROGRAM_SIZE}-resource program (${mode}, the program run under the mock runtime in a child process): ${fmt(rec.ms)}, ${rec.resources} resources recorded.`,
            );
        }
        log(`\nTargets: start to ready <= 1.0 s; Analyze <= 1.3x floor; AnalyzeStack below the floor; 10k -> 100k at most 11x.`);
        fs.writeFileSync(path.join(PACK_DIR, "BENCHMARKS.md"), lines.join("\n") + "\n");
    } finally {
        fs.rmSync(floor, { recursive: true, force: true });
    }
}

main().catch(e => {
    console.error(e);
    process.exit(1);
});
