/**
 * Exemptions: a finding of one policy on one resource may be waived, with a required reason and an
 * optional expiry date, either in the policy's config or with a resource tag
 * `policy-exempt:<policy-name>` = `<reason>; until <YYYY-MM-DD>`.
 */
import { globMatch } from "./settings";

export interface ExemptionConfig {
    /** A URN, or a glob over the resource's logical name. */
    resource: string;
    reason?: string;
    /** YYYY-MM-DD; the exemption ends after this day. */
    until?: string;
}

export type ExemptionVerdict =
    | { status: "none" }
    | { status: "waived"; reason: string; source: string }
    /** An exemption exists but cannot be honoured (no reason, bad date, expired). */
    | { status: "invalid"; why: string; source: string };

export const EXEMPT_TAG_PREFIX = "policy-exempt:";

export function parseExemptionTag(value: string): { reason: string; until?: string } {
    const m = /^(.*?)(?:;\s*until\s+(\S+))?\s*$/i.exec(value) ?? [value, value];
    return { reason: (m[1] ?? "").trim(), until: m[2] };
}

function judge(reason: string | undefined, until: string | undefined, now: Date, source: string): ExemptionVerdict {
    if (!reason || !reason.trim()) return { status: "invalid", why: `exemption (${source}) has no reason`, source };
    if (until !== undefined) {
        if (!/^\d{4}-\d{2}-\d{2}$/.test(until) || isNaN(Date.parse(until + "T23:59:59Z"))) {
            return { status: "invalid", why: `exemption (${source}) has an unreadable expiry date; use YYYY-MM-DD`, source };
        }
        if (Date.parse(until + "T23:59:59Z") < now.getTime()) {
            return { status: "invalid", why: `exemption (${source}) expired on ${until}`, source };
        }
    }
    return { status: "waived", reason: reason.trim(), source };
}

export function findExemption(
    policyName: string,
    resource: { urn: string; name: string; tags: Record<string, unknown> | undefined },
    configured: ExemptionConfig[] | undefined,
    now: Date,
): ExemptionVerdict {
    const tag = resource.tags?.[EXEMPT_TAG_PREFIX + policyName];
    if (typeof tag === "string") {
        const { reason, until } = parseExemptionTag(tag);
        return judge(reason, until, now, `tag ${EXEMPT_TAG_PREFIX}${policyName}`);
    }
    for (const e of configured ?? []) {
        if (!e || typeof e.resource !== "string") continue;
        if (e.resource === resource.urn || globMatch(e.resource, resource.name)) {
            return judge(e.reason, e.until, now, `config of ${policyName}`);
        }
    }
    return { status: "none" };
}
