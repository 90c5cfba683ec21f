/**
 * One finding for several settings of one resource: "Domain search: X; Y. Fix: a, b."
 * Each gap is [is it open, what is wrong, the fix]; no open gap is no finding.
 */
export type Gap = readonly [open: boolean, problem: string, fix: string];

export function gapsMessage(subject: string, gaps: readonly Gap[]): string | undefined {
    const open = gaps.filter(([isOpen]) => isOpen);
    return open.length ? `${subject}: ${open.map(g => g[1]).join("; ")}. Fix: ${open.map(g => g[2]).join(", ")}.` : undefined;
}
