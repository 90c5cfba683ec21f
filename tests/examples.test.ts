/**
 * Every example program under examples/ is scanned offline in both modes, through the real
 * analyzer protocol, and must produce exactly the findings its expected.json lists:
 *   { "update": { "violations": ["<policy> <resource>", ...] },
 *     "preview": { "violations": [...], "deferred": [...] (optional: exact when given) },
 *     "only": ["<policy>", ...] (optional: compare only these policies' findings) }
 * A well-built example has no "only": it must be silent for every policy of the pack.
 */
import * as fs from "fs";
import * as path from "path";
import { PolicyPackProcess } from "../scanner/engine";
import { analyzeRecorded, recordInChild } from "../scanner/scan";

const EXAMPLES = path.resolve(__dirname, "..", "examples");
const dirs = fs
    .readdirSync(EXAMPLES)
    .filter(d => fs.existsSync(path.join(EXAMPLES, d, "expected.json")))
    .sort();

let pack: PolicyPackProcess;
beforeAll(async () => {
    pack = await PolicyPackProcess.start(path.resolve(__dirname, ".."));
});
afterAll(async () => {
    await pack?.stop();
});

const keyOf = (x: { policy: string; resource: string }) => `${x.policy} ${x.resource}`;

describe.each(dirs)("example %s", dir => {
    const expected = JSON.parse(fs.readFileSync(path.join(EXAMPLES, dir, "expected.json"), "utf8"));
    test.each(["update", "preview"] as const)("%s mode", async mode => {
        const program = await recordInChild(path.join(EXAMPLES, dir), mode, "dev");
        const r = await analyzeRecorded(program, { mode, stack: "dev", stackTags: {}, config: expected.config ?? {} }, path.join(EXAMPLES, dir), pack);
        expect(r.diagnostics.filter(d => /internal error/.test(d.message))).toEqual([]);
        const want = expected[mode] ?? {};
        const only: string[] | undefined = expected.only;
        const inScope = (x: { policy: string }) => !only || only.includes(x.policy);
        expect(r.violations.filter(inScope).map(keyOf).sort()).toEqual([...(want.violations ?? [])].sort());
        if (want.deferred) expect([...new Set(r.deferred.filter(inScope).map(keyOf))].sort()).toEqual([...want.deferred].sort());
    });
});
