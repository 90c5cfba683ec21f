/**
 * `npm run demo`: scans every bundled example program offline, in update mode, and prints what
 * `pulumi preview` would show, then a summary. Exit 0 when every scan ran (findings are expected
 * in the examples with gaps), 2 when one could not run.
 */
import * as fs from "fs";
import * as path from "path";
import { PolicyPackProcess } from "./engine";
import { toText } from "./format";
import { PACK_DIR, analyzeRecorded, recordInChild } from "./scan";

async function main(): Promise<number> {
    const root = path.join(PACK_DIR, "examples");
    const dirs = fs
        .readdirSync(root)
        .filter(d => fs.existsSync(path.join(root, d, "Pulumi.yaml")))
        .sort((a, b) => Number(a.startsWith("well-built")) - Number(b.startsWith("well-built")) || a.localeCompare(b));
    const pack = await PolicyPackProcess.start(PACK_DIR);
    const summary: string[] = [];
    let failed = false;
    try {
        for (const d of dirs) {
            const dir = path.join(root, d);
            const expected = fs.existsSync(path.join(dir, "expected.json")) ? JSON.parse(fs.readFileSync(path.join(dir, "expected.json"), "utf8")) : {};
            process.stdout.write(`\n=== examples/${d}${expected.description ? ` — ${expected.description}` : ""}\n`);
            try {
                const program = await recordInChild(dir, "update", "dev");
                const r = await analyzeRecorded(program, { mode: "update", stack: "dev", stackTags: {}, config: expected.config ?? {} }, dir, pack);
                process.stdout.write(toText(r) + "\n");
                const mandatory = r.violations.filter(v => v.level === "mandatory").length;
                summary.push(
                    `${d.padEnd(32)} ${String(program.resources.length).padStart(4)} resources  ${String(mandatory).padStart(3)} mandatory  ${String(r.violations.length - mandatory).padStart(3)} advisory`,
                );
            } catch (e) {
                failed = true;
                process.stdout.write(`could not scan: ${(e as Error).message}\n`);
                summary.push(`${d.padEnd(32)} could not run`);
            }
        }
    } finally {
        await pack.stop();
    }
    process.stdout.write(`\n=== Summary (update mode)\n${summary.join("\n")}\n`);
    process.stdout.write(`\nScan your own program: npm run --silent scan -- <program-dir> [--mode preview] [--format json|sarif]\n`);
    return failed ? 2 : 0;
}

main().then(code => process.exit(code));
