/**
 * Exemptions: a finding of one policy on one resource may be waived, with a required reason and an
 * optional expiry date, either in the policy's config or with a resource tag
 * `policy-exempt:<policy-name>` = `<reason> until <YYYY-MM-DD>` (the older `<reason>; until
 * <YYYY-MM-DD>` is still read, but many AWS services refuse `;` in a tag value).
 *
 * The organisation limits exemptions through `pack-settings.exemptions` (ExemptionRules): tags may
 * be switched off, some policies may never be waived, expiries may be capped, and reasons may be
 * required to name a ticket. The same rules apply to config and tag exemptions.
 */
import { globMatch } from "./settings";

export interface ExemptionConfig {
    /** A URN, or a glob over the resource's logical name. */
    resource: string;
    reason?: string;
    /** YYYY-MM-DD; the exemption ends after this day. */
    until?: string;
}

/** `pack-settings.exemptions`: what the organisation allows. */
export interface ExemptionRules {
    /** false: `policy-exempt:` tags are ignored (config exemptions still apply). */
    allowTags: boolean;
    /** Which policies may be waived at all: only those in `allow`, or all but those in `deny`. */
    policiesExemptible?: { allow: string[] } | { deny: string[] };
    /** An exemption must expire within this many days of the evaluation date. */
    maxDays?: number;
    /** A regular expression the reason must match, e.g. `^[A-Z]+-\d+` (a ticket id first). */
    requireTicket?: string;
    /**
     * Set by the pack (not by config) when pack-settings itself is invalid: the organisation's rules
     * are then unknown, so no exemption is honoured (fail closed) and this says why.
     */
    unusable?: string;
}

export const DEFAULT_RULES: ExemptionRules = { allowTags: true };

/** An exemption that was honoured: who granted it (mechanism), why, and until when. */
export interface Waiver {
    by: "config" | "tag";
    /** config: the entry's `resource` pattern; tag: the tag key. */
    pattern: string;
    reason: string;
    /** YYYY-MM-DD, or undefined when the exemption has no expiry. */
    until?: string;
}

export type ExemptionVerdict =
    | { status: "none" }
    | { status: "waived"; waiver: Waiver }
    /** One or more exemptions exist but none can be honoured; `why` says why, one clause each. */
    | { status: "refused"; why: string[] };

export const EXEMPT_TAG_PREFIX = "policy-exempt:";

/**
 * `<reason> until <date>` or the older `<reason>; until <date>`. In the new form only a trailing
 * `until` followed by something date-like is an expiry, so "wait until fixed" stays a reason (and
 * "until 31/03/2027" is read as an expiry, then refused as unreadable, which says how to write it).
 */
export function parseExemptionTag(value: string): { reason: string; until?: string } {
    const m = /^(.*?)(?:\s*;\s*until\s+(\S+)|(?:\s+|^)until\s+(\d\S*))\s*$/i.exec(value);
    if (!m) return { reason: value.trim() };
    return { reason: m[1].trim(), until: m[2] ?? m[3] };
}

const DAY_MS = 86_400_000;

/** Milliseconds of 00:00 UTC of a valid YYYY-MM-DD date, else undefined (2027-02-30 is invalid). */
function dayOf(date: string): number | undefined {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
    if (!m) return undefined;
    const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    return new Date(t).toISOString().slice(0, 10) === date ? t : undefined;
}

const ticketCache = new Map<string, RegExp | Error>();

/** The compiled `requireTicket` pattern, or the error that makes it unusable (never throws). */
export function ticketPattern(source: string): RegExp | Error {
    let hit = ticketCache.get(source);
    if (!hit) {
        try {
            hit = new RegExp(source);
        } catch (e) {
            hit = e instanceof Error ? e : new Error(String(e));
        }
        if (ticketCache.size > 100) ticketCache.clear();
        ticketCache.set(source, hit);
    }
    return hit;
}

/** Whether `policiesExemptible` lets `policy` be waived at all. */
export function isExemptible(policy: string, rules: ExemptionRules): boolean {
    const p = rules.policiesExemptible;
    if (!p) return true;
    return "allow" in p ? p.allow.includes(policy) : !p.deny.includes(policy);
}

/** Describes an exemption in messages: `config exemption "legacy-*"` or `tag policy-exempt:x`. */
export function describeSource(w: Pick<Waiver, "by" | "pattern">): string {
    return w.by === "config" ? `config exemption ${JSON.stringify(w.pattern)}` : `tag ${w.pattern}`;
}

/** Judges one exemption against its own content and then the organisation's rules. */
function judge(candidate: Omit<Waiver, "reason"> & { reason?: string }, now: Date, rules: ExemptionRules): Waiver | string {
    const source = describeSource(candidate);
    const reason = candidate.reason?.trim();
    if (!reason) return `${source} has no reason`;
    let untilDay: number | undefined;
    if (candidate.until !== undefined) {
        untilDay = dayOf(candidate.until);
        if (untilDay === undefined) return `${source} has an unreadable expiry date; use YYYY-MM-DD`;
        // The exemption holds through its last day (UTC).
        if (untilDay + DAY_MS <= now.getTime()) return `${source} expired on ${candidate.until}`;
    }
    if (rules.maxDays !== undefined) {
        const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
        if (untilDay === undefined) {
            return `${source} has no expiry date; pack-settings exemptions.maxDays requires one at most ${rules.maxDays} days ahead`;
        }
        const days = Math.round((untilDay - today) / DAY_MS);
        if (days > rules.maxDays) {
            return `${source} expires on ${candidate.until}, ${days} days ahead; pack-settings exemptions.maxDays allows at most ${rules.maxDays}`;
        }
    }
    if (rules.requireTicket !== undefined) {
        const re = ticketPattern(rules.requireTicket);
        if (re instanceof Error)
            return `pack-settings exemptions.requireTicket is not a valid regular expression, so no exemption is honoured until it is fixed`;
        if (!re.test(reason)) return `${source} has a reason that names no ticket (pack-settings exemptions.requireTicket is ${rules.requireTicket})`;
    }
    return { ...candidate, reason };
}

/**
 * The exemption in force for `policyName` on `resource`, if any. Config entries are judged before
 * the tag; the first one honoured waives the finding. When none is honoured, every refusal is
 * returned so the finding can say why each exemption did not apply.
 */
export function findExemption(
    policyName: string,
    resource: { urn: string; name: string; tags: Record<string, unknown> | undefined },
    configured: ExemptionConfig[] | undefined,
    now: Date,
    rules: ExemptionRules = DEFAULT_RULES,
): ExemptionVerdict {
    const candidates: (Omit<Waiver, "reason"> & { reason?: string })[] = [];
    const refused: string[] = [];
    for (const e of configured ?? []) {
        if (!e || typeof e.resource !== "string") continue;
        if (e.resource === resource.urn || globMatch(e.resource, resource.name)) {
            candidates.push({ by: "config", pattern: e.resource, reason: e.reason, until: e.until });
            break; // the first matching entry is this resource's config exemption
        }
    }
    const tagKey = EXEMPT_TAG_PREFIX + policyName;
    const tag = resource.tags?.[tagKey];
    if (typeof tag === "string") {
        if (rules.allowTags) candidates.push({ by: "tag", pattern: tagKey, ...parseExemptionTag(tag) });
        else refused.push(`tag ${tagKey} is ignored because pack-settings exemptions.allowTags is false`);
    }
    if (!candidates.length) return refused.length ? { status: "refused", why: refused } : { status: "none" };
    if (rules.unusable) return { status: "refused", why: [...refused, rules.unusable] };
    if (!isExemptible(policyName, rules)) {
        return { status: "refused", why: [...refused, `policy ${policyName} may not be waived (pack-settings exemptions.policiesExemptible)`] };
    }
    for (const c of candidates) {
        const verdict = judge(c, now, rules);
        if (typeof verdict !== "string") return { status: "waived", waiver: verdict };
        refused.push(verdict);
    }
    return { status: "refused", why: refused };
}
