/**
 * Every policy of the pack: `pack-settings` first (the pack's own control,
 * lib/report/pack-settings.ts: it records pack-wide settings that the others read), then the
 * catalog's policies in catalog order.
 *
 * Policies are discovered: every file `policies/<area>/<policy-name>.ts` default-exports one
 * policy, so adding a policy is adding its file (tests/structure.test.ts checks the layout).
 */
import * as fs from "fs";
import * as path from "path";
import { CATALOG_ORDER } from "../lib/catalog";
import { PackPolicy } from "../lib/policy";
import { packSettingsFor } from "../lib/report/pack-settings";

export { CATALOG_ORDER };

/** Each area's policy files (compiled .js next to this file, or .ts when run from sources). */
export function policyFiles(): string[] {
    const ext = path.extname(__filename);
    const out: string[] = [];
    for (const area of fs.readdirSync(__dirname).sort()) {
        const dir = path.join(__dirname, area);
        if (!fs.statSync(dir).isDirectory()) continue;
        for (const file of fs.readdirSync(dir).sort()) {
            if (file.endsWith(ext) && !file.endsWith(".d.ts") && file !== `index${ext}`) out.push(path.join(dir, file));
        }
    }
    return out;
}

function discover(): PackPolicy[] {
    const found = policyFiles().map(file => (require(file) as { default: PackPolicy }).default);
    const rank = (p: PackPolicy) => {
        const i = CATALOG_ORDER.indexOf(p.metadata.name);
        return i < 0 ? CATALOG_ORDER.length : i;
    };
    return found.sort((a, b) => rank(a) - rank(b));
}

export const catalogPolicies: PackPolicy[] = discover();
/** pack-settings first; it is given the catalog to check the policy names in its settings. */
export const allPolicies: PackPolicy[] = [packSettingsFor(catalogPolicies), ...catalogPolicies];
