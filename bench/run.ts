/**
 * `npm run bench`: the pack against a floor pack (the same number of resource and stack policies
 * that do nothing: the SDK's own cost), through the analyzer protocol, on generated graphs of 1k,
 * 10k and 100k resources in preview and update modes. Writes BENCHMARKS.md.
 *
 *   BENCH_SIZES=1000,10000 BENCH_MODES=update npm run bench   (defaults: 1000,10000,100000; preview,update)
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { allPolicies } from "../policies";
import { EngineResource, PolicyPackProcess, reconcileConfig } from "../scanner/engine";
import { PACK_DIR } from "../scanner/scan";
import { generateGraph } from "./graphs";

const SIZES = (process.env.BENCH_SIZES ?? "1000,10000,100000").split(",").map(Number);
const STARTS = Number(process.env.BENCH_STARTS ?? 5);
const CONCURRENCY = 8;

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

async function measure(dir: string, resources: EngineResource[], mode: string): Promise<Run> {
    const pack = await PolicyPackProcess.start(dir);
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
        await Promise.all(
            Array.from({ length: CONCURRENCY }, async () => {
                while (next < requests.length) diagnostics += (await pack.send("analyze", requests[next++])).length;
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
                stackTimes.set(`${mode}:${size}`, { pack: p.analyzeStackMs, floor: f.analyzeStackMs });
                const row = `| ${graph.length} | ${mode} | ${fmt(p.analyzeMs)} | ${fmt(f.analyzeMs)} | ${(p.analyzeMs / f.analyzeMs).toFixed(2)} | ${fmt(p.analyzeStackMs)} | ${fmt(f.analyzeStackMs)} | ${(p.analyzeStackMs / f.analyzeStackMs).toFixed(2)} | ${p.peakRssMiB.toFixed(0)} MiB | ${f.peakRssMiB.toFixed(0)} MiB | ${p.diagnostics} |`;
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
            `The pack (${allPolicies.length} policies: ${allPolicies.filter(p => "validateResource" in p).length} with a resource check, ${allPolicies.filter(p => "validateStack" in p).length} with a stack check) against a floor pack with the same numbers of no-op policies, both started as the engine starts them and driven through the analyzer gRPC protocol (Analyze for every resource, ${CONCURRENCY} in flight; then one AnalyzeStack). Graphs: repeated slices of a VPC, buckets with split settings, keys, log groups, roles, functions and a REST API.\n`,
        );
        log(`Start to ready (process start to port printed, median of ${STARTS}): pack ${fmt(packStart)}, floor ${fmt(floorStart)}.\n`);
        log(
            `| resources | mode | Analyze (pack) | Analyze (floor) | ratio | AnalyzeStack (pack) | AnalyzeStack (floor) | ratio | peak RSS (pack) | peak RSS (floor) | diagnostics |`,
        );
        log(`|---|---|---|---|---|---|---|---|---|---|---|`);
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
        log(`\nTargets: start to ready <= 1.0 s; Analyze <= 1.3x floor; AnalyzeStack <= 2x floor; 10k -> 100k at most 11x.`);
        fs.writeFileSync(path.join(PACK_DIR, "BENCHMARKS.md"), lines.join("\n") + "\n");
    } finally {
        fs.rmSync(floor, { recursive: true, force: true });
    }
}

main().catch(e => {
    console.error(e);
    process.exit(1);
});
