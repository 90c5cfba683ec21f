/**
 * What resource policies leave for AnalyzeStack: deferrals and waivers, kept between the engine's
 * Analyze calls and reported once, at AnalyzeStack, by `pack-settings` as one advisory line per
 * policy (not one per resource).
 */
import { Deferral, WaiverTally } from "./reporter";

const MAX_KEPT = 20;

interface Entry {
    total: number;
    examples: Deferral[];
}

const ledger = new Map<string, Entry>();
const waivers = new Map<string, WaiverTally>();

export function recordResourceDeferrals(policy: string, deferrals: Deferral[]): void {
    if (!deferrals.length) return;
    let e = ledger.get(policy);
    if (!e) ledger.set(policy, (e = { total: 0, examples: [] }));
    e.total += deferrals.length;
    for (const d of deferrals) if (e.examples.length < MAX_KEPT) e.examples.push(d);
}

/** Returns and clears what was recorded since the last AnalyzeStack. */
export function drainResourceDeferrals(): Map<string, Entry> {
    const copy = new Map(ledger);
    ledger.clear();
    return copy;
}

/** Keeps one Analyze call's waivers of `policy` (grouped by exemption; bounded in size). */
export function recordResourceWaivers(policy: string, tally: WaiverTally): void {
    if (!tally.total) return;
    let t = waivers.get(policy);
    if (!t) waivers.set(policy, (t = new WaiverTally()));
    t.merge(tally);
}

/** Returns and clears the waivers recorded since the last AnalyzeStack. */
export function drainResourceWaivers(): Map<string, WaiverTally> {
    const copy = new Map(waivers);
    waivers.clear();
    return copy;
}
