/**
 * The facts about KMS keys live in lib/facts/keys.ts and lib/facts/key-grants.ts. What remains
 * here is used by a policy not yet ported (vpc-flow-logs); fix snippets belong in lib/report/snippets.ts.
 */

/** Identifier-safe variable name for a logical name, for fix snippets. */
export function varName(name: string, fallback = "key"): string {
    return (
        name
            .replace(/[^A-Za-z0-9]+(.)/g, (_, c: string) => c.toUpperCase())
            .replace(/[^A-Za-z0-9_]/g, "")
            .replace(/^[^A-Za-z_]+/, "") || fallback
    );
}
