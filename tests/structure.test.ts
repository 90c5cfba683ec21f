/**
 * The shape every policy is written in (CONTRIBUTING.md), enforced: one file per policy named as
 * the catalog names it, metadata plus a short judgement over facts from lib/, and nothing else.
 */
import * as fs from "fs";
import * as path from "path";
import { renderTypes } from "../tools/generate-types";
import { CATALOG_ORDER, catalogPolicies, policyFiles } from "../policies";

/**
 * Policies still written in the older shape (reading properties and walking the graph
 * themselves). The list may only shrink: a policy that follows the rules must leave it.
 */
const NOT_YET_PORTED: string[] = [];

/** What a judgement may not contain, with the reason. */
const FORBIDDEN: [RegExp, string][] = [
    [/\.props\b/, "reads properties itself (ask a fact in lib/facts)"],
    [/propertyDependencies/, "follows property dependencies itself (the link table does)"],
    [/\bgraph\.\w+\(/, "walks the graph itself (ask a fact)"],
    [/["'`](aws|pulumi):[a-zA-Z0-9]+[/:]/, "spells a type token (use lib/aws/types.ts)"],
    [/JSON\.parse/, "parses a document itself (lib/iam reads documents)"],
    [/:\s*any\b|\bas any\b|<any>/, "uses `any`"],
    [/ctx\.defer\(/, "defers by hand (return a Decision; the wrapper defers)"],
    [/\bUNKNOWN\b/, "handles unknowns by hand (facts answer with Decisions)"],
];

const MAX_JUDGEMENT_LINES = 40;

// Run from sources, discovery finds the .ts files.
const files = policyFiles();

describe("policy layout", () => {
    test("each policy file is named as its policy, and each policy is a catalog name", () => {
        for (const p of catalogPolicies) expect(CATALOG_ORDER).toContain(p.metadata.name);
        const byFile = files.map(f => path.basename(f, path.extname(f))).sort();
        expect(byFile).toEqual(catalogPolicies.map(p => p.metadata.name).sort());
    });

    test("lib/aws/types.ts is what tools/generate-types.ts writes for the installed @pulumi/aws", () => {
        const fresh = renderTypes();
        if (fresh === undefined) return; // no @pulumi/aws (a production install): nothing to compare
        expect(fs.readFileSync(path.resolve(__dirname, "..", "lib", "aws", "types.ts"), "utf8")).toEqual(fresh);
    });

    test("the list of policies not yet in the new shape only holds existing policies", () => {
        const names = catalogPolicies.map(p => p.metadata.name);
        for (const n of NOT_YET_PORTED) expect(names).toContain(n);
    });
});

describe.each(files.map(f => [path.basename(f, path.extname(f)), f] as const))("policy %s", (name, file) => {
    const text = fs.readFileSync(file, "utf8");
    const ported = !NOT_YET_PORTED.includes(name);

    test("imports only from lib/", () => {
        const imports = [...text.matchAll(/^import .* from "([^"]+)";$/gm)].map(m => m[1]);
        expect(imports.filter(i => !i.startsWith("../../lib/"))).toEqual([]);
    });

    (ported ? test : test.skip)("is metadata and a judgement over facts", () => {
        const problems = FORBIDDEN.filter(([re]) => re.test(text)).map(([, why]) => why);
        expect(problems).toEqual([]);
        // The judgement: from the check function after the metadata to the end of the file.
        const start = text.search(/^ {4}(async )?\(\w+, ctx\) =>/m);
        expect(start).toBeGreaterThan(0);
        const lines = text
            .slice(start)
            .split("\n")
            .filter(l => l.trim() !== "").length;
        expect(lines).toBeLessThanOrEqual(MAX_JUDGEMENT_LINES);
    });

    if (!ported) {
        test("is listed as not yet ported only while it breaks a rule", () => {
            expect(FORBIDDEN.some(([re]) => re.test(text))).toBe(true);
        });
    }
});
