/** The scanner's output formats: text (like `pulumi preview`'s policy section) and JSON. */
import { ScanResult } from "./scan";

export function toJson(r: ScanResult): string {
    const out: Record<string, unknown> = {
        resources: r.program.resources.length,
        violations: r.violations.map(v => ({ policy: v.policy, level: v.level, urn: v.urn, resource: v.resource, message: v.message, ...source(r, v.urn) })),
        deferred: r.deferred.map(d => ({ policy: d.policy, urn: d.urn, resource: d.resource, reason: d.reason, ...source(r, d.urn) })),
        // What the scan could not see (remote components): never silently clean.
        incomplete: r.program.incomplete ?? [],
        warnings: r.program.warnings,
    };
    if (r.waived.length) {
        out.waived = r.waived.map(w => ({
            policy: w.policy,
            urn: w.urn,
            resource: w.resource,
            by: w.by,
            pattern: w.pattern,
            reason: w.reason,
            until: w.until,
            message: w.message,
        }));
    }
    return JSON.stringify(out, null, 2);
}

/** Where the resource's constructor call is in the program, when the recording found it. */
function source(r: ScanResult, urn: string): { source?: { file: string; line: number } } {
    const loc = r.program.locations?.[urn];
    return loc ? { source: { file: loc.file, line: loc.line } } : {};
}

function location(r: ScanResult, urn: string): string {
    const loc = r.program.locations?.[urn];
    return loc ? ` ${loc.file}:${loc.line}` : "";
}

function typeOf(urn: string): string {
    const parts = urn.split("::");
    return parts.length >= 4 ? (parts[parts.length - 2].split("$").pop() ?? "") : "";
}

export function toText(r: ScanResult): string {
    const lines: string[] = [];
    const mandatory = r.violations.filter(v => v.level === "mandatory").length;
    const advisory = r.violations.length - mandatory;
    lines.push(`Policies (aws-requirement-gaps) on ${r.program.project}/${r.program.stack}, ${r.program.mode} mode, ${r.program.resources.length} resources:`);
    const groups = new Map<string, typeof r.violations>();
    for (const v of r.violations) {
        const key = v.urn || "";
        groups.set(key, [...(groups.get(key) ?? []), v]);
    }
    for (const [urn, list] of groups) {
        lines.push("");
        lines.push(urn ? `  ${typeOf(urn)} (${list[0].resource})${location(r, urn)}` : "  stack");
        for (const v of list) {
            lines.push(`    - [${v.level}]  ${v.policy}`);
            for (const l of v.message.split("\n")) lines.push(`      ${l}`);
        }
    }
    if (r.deferred.length) {
        lines.push("");
        lines.push("  Deferred until values are known (not violations):");
        for (const d of r.deferred) lines.push(`    - ${d.policy} on ${d.resource || "stack"}${location(r, d.urn)}: ${d.reason}`);
    }
    if (r.waived.length) {
        lines.push("");
        lines.push("  Waived:");
        for (const w of r.waived) lines.push(`    - ${w.policy} on ${w.resource}: ${w.message}`);
    }
    if (r.program.warnings.length || r.program.incomplete?.length) {
        lines.push("");
        for (const i of r.program.incomplete ?? []) lines.push(`  warning: NOT FULLY CHECKED: ${typeOf(i.urn)} (${i.urn.split("::").pop()}): ${i.reason}`);
        for (const w of r.program.warnings) lines.push(`  warning: ${w}`);
    }
    lines.push("");
    lines.push(`Summary: ${mandatory} mandatory, ${advisory} advisory, ${r.deferred.length} deferred, ${r.waived.length} waived.`);
    return lines.join("\n");
}
