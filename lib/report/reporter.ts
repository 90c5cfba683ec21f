/**
 * Turns a policy's findings into diagnostics: exemptions, advisory-on-dev stacks, secret
 * redaction, deferrals. Every policy reports through this one path.
 */
import { ResourceView } from "../graph/resource";
import { UNKNOWN } from "../graph/values";
import { ExemptionConfig, Waiver, describeSource, findExemption } from "./exemptions";
import { PackSettings, StackContext, isAdvisoryStack } from "./settings";

/** @pulumi/policy accepts `reportViolation({ message, urn, enforcementLevel, name })` (see server.js). */
export type RawReportViolation = (messageOrDiag: any, urn?: string) => void;

export const DEFERRED_PREFIX = "[deferred] ";
export const WAIVED_PREFIX = "[waived] ";
const MAX_MESSAGE = 1500;

export interface Deferral {
    urn: string;
    name: string;
    reason: string;
}

/** Replaces every secret value in `text` (longest first) with `[secret]`. */
export function redact(text: string, secrets: Iterable<string>): string {
    const list = [...secrets].filter(s => s.length >= 3).sort((a, b) => b.length - a.length);
    let out = text;
    for (const s of list) if (out.includes(s)) out = out.split(s).join("[secret]");
    return out.length > MAX_MESSAGE ? out.slice(0, MAX_MESSAGE - 1) + "…" : out;
}

export class Reporter {
    readonly deferrals: Deferral[] = [];
    /** Waivers applied, kept for the per-policy summary when they are not reported one by one. */
    readonly waivers = new WaiverTally();
    private readonly advisory: boolean;

    constructor(
        private readonly policyName: string,
        private readonly raw: RawReportViolation,
        private readonly settings: PackSettings,
        stack: StackContext,
        private readonly exemptions: ExemptionConfig[] | undefined,
        private readonly secrets: () => Iterable<string>,
        private readonly now: Date,
    ) {
        this.advisory = isAdvisoryStack(settings, stack);
    }

    /** A finding: what is wrong, on which resource, and how to fix it in Pulumi TypeScript. */
    report(resource: ResourceView | undefined, message: string, level?: "advisory"): void {
        let text = message;
        if (resource) {
            const tags = resource.props.get("tags");
            const verdict = findExemption(
                this.policyName,
                {
                    urn: resource.urn,
                    name: resource.name,
                    tags: tags && tags !== UNKNOWN && typeof tags === "object" ? (tags as Record<string, unknown>) : undefined,
                },
                this.exemptions,
                this.now,
                this.settings.exemptions,
            );
            if (verdict.status === "waived") {
                // Redacted before encoding: the reporter's final redaction would miss a secret whose
                // JSON form differs from its raw text (quotes, backslashes).
                const waiver = {
                    ...verdict.waiver,
                    reason: redact(verdict.waiver.reason, this.secrets()),
                    pattern: redact(verdict.waiver.pattern, this.secrets()),
                };
                if (this.settings.reportWaived) this.emit(formatWaived(waiver, message), resource.urn, "advisory");
                else this.waivers.add(waiver, resource.name);
                return;
            }
            if (verdict.status === "refused") text = `${message} (${verdict.why.join("; ")}: the finding stands)`;
        }
        this.emit(text, resource?.urn, this.advisory || level === "advisory" ? "advisory" : undefined);
    }

    /** A check that cannot be decided until values are known: never a violation. */
    defer(resource: ResourceView, reason: string): void {
        this.deferrals.push({ urn: resource.urn, name: resource.name, reason });
    }

    /** An exception inside a check becomes an advisory note, never a failed preview. */
    internalError(resource: ResourceView | undefined, error: unknown): void {
        const kind = error instanceof Error ? error.name : typeof error;
        const detail = error instanceof Error ? error.message.slice(0, 200) : "";
        this.emit(`internal error in policy ${this.policyName} (${kind}: ${detail}); the check was skipped. Please report this.`, resource?.urn, "advisory");
    }

    /** Reports deferrals: one summary line for the policy, or one line per resource. */
    flushDeferrals(mode: PackSettings["deferralReport"] = this.settings.deferralReport): void {
        if (!this.deferrals.length || mode === "off") return;
        if (mode === "per-resource") {
            for (const d of this.deferrals) this.emit(`${DEFERRED_PREFIX}${d.reason}`, d.urn, "advisory");
        } else {
            this.emit(summarizeDeferrals(this.deferrals), undefined, "advisory");
        }
        this.deferrals.length = 0;
    }

    /** Stack policies: the waivers of this evaluation as one advisory summary line (engine mode). */
    flushWaivers(): void {
        if (this.waivers.total) this.emit(summarizeWaivers(this.waivers), undefined, "advisory");
        this.waivers.clear();
    }

    emit(message: string, urn: string | undefined, level: "advisory" | "mandatory" | undefined, policyName?: string): void {
        const diag: Record<string, unknown> = { message: redact(message, this.secrets()) };
        if (urn) diag.urn = urn;
        if (level) diag.enforcementLevel = level;
        if (policyName) diag.name = policyName;
        this.raw(diag);
    }
}

export function summarizeDeferrals(deferrals: Deferral[], total = deferrals.length): string {
    const shown = deferrals
        .slice(0, 5)
        .map(d => `${d.name} (${d.reason})`)
        .join("; ");
    const more = total > 5 ? `; and ${total - 5} more` : "";
    return `${DEFERRED_PREFIX}${total} check${total === 1 ? "" : "s"} wait for values known only after deployment: ${shown}${more}`;
}

/**
 * One waived finding, as the scanner parses it back (parseWaived):
 *   [waived] by config exemption "legacy-*", until 2027-03-31, reason "INC-42 migration": <finding>
 *   [waived] by tag policy-exempt:<policy>, no expiry, reason "INC-7": <finding>
 * The pattern and reason are JSON strings, so any character in them survives the round trip.
 */
export function formatWaived(w: Waiver, finding: string): string {
    return `${WAIVED_PREFIX}by ${describeWaiver(w)}: ${finding}`;
}

function describeWaiver(w: Waiver): string {
    const reason = w.reason.length > 300 ? w.reason.slice(0, 299) + "…" : w.reason;
    return `${describeSource(w)}, ${w.until ? `until ${w.until}` : "no expiry"}, reason ${JSON.stringify(reason)}`;
}

const JSON_STRING = String.raw`"(?:[^"\\]|\\.)*"`;
const WAIVED_LINE = new RegExp(
    String.raw`^by (?:config exemption (${JSON_STRING})|tag (\S+)), (?:until (\d{4}-\d{2}-\d{2})|no expiry), reason (${JSON_STRING}): ([\s\S]*)$`,
);

/** The inverse of formatWaived (without the prefix); undefined for a summary line. */
export function parseWaived(text: string): (Waiver & { finding: string }) | undefined {
    const m = WAIVED_LINE.exec(text);
    if (!m) return undefined;
    try {
        return {
            by: m[1] !== undefined ? "config" : "tag",
            pattern: m[1] !== undefined ? JSON.parse(m[1]) : m[2],
            until: m[3],
            reason: JSON.parse(m[4]),
            finding: m[5],
        };
    } catch {
        return undefined;
    }
}

const MAX_NAMES = 5;
const MAX_EXEMPTIONS = 200;

/** Waivers grouped by the exemption that granted them, with the resources each one covers. */
export class WaiverTally {
    total = 0;
    readonly groups = new Map<string, { waiver: Waiver; count: number; names: string[] }>();
    /** Waivers of exemptions beyond MAX_EXEMPTIONS (counted, not described). */
    overflow = 0;

    add(w: Waiver, resourceName: string, count = 1): void {
        this.total += count;
        const key = JSON.stringify([w.by, w.pattern, w.reason, w.until ?? ""]);
        let g = this.groups.get(key);
        if (!g) {
            if (this.groups.size >= MAX_EXEMPTIONS) {
                this.overflow += count;
                return;
            }
            this.groups.set(key, (g = { waiver: w, count: 0, names: [] }));
        }
        g.count += count;
        if (g.names.length < MAX_NAMES && !g.names.includes(resourceName)) g.names.push(resourceName);
    }

    merge(other: WaiverTally): void {
        for (const g of other.groups.values()) {
            this.add(g.waiver, g.names[0] ?? "", g.count);
            for (const n of g.names.slice(1)) this.add(g.waiver, n, 0);
        }
        this.total += other.overflow;
        this.overflow += other.overflow;
    }

    clear(): void {
        this.total = 0;
        this.overflow = 0;
        this.groups.clear();
    }
}

/** The budget of a summary line: below MAX_MESSAGE so the line ends with its own "and N more". */
const SUMMARY_BUDGET = 1300;

/**
 * One line for one policy listing every exemption in force, so a reviewer of `pulumi preview` sees
 * each one: mechanism, expiry, reason and the resources it waives.
 */
export function summarizeWaivers(t: WaiverTally): string {
    const head = `${WAIVED_PREFIX}${t.total} finding${t.total === 1 ? "" : "s"} waived by ${t.groups.size} exemption${t.groups.size === 1 ? "" : "s"} in force: `;
    const parts: string[] = [];
    let length = head.length;
    let shown = 0;
    for (const g of t.groups.values()) {
        const more = g.count > g.names.length ? `, and ${g.count - g.names.length} more` : "";
        const part = `${describeWaiver(g.waiver)} (${g.names.join(", ")}${more})`;
        if (length + part.length > SUMMARY_BUDGET && shown > 0) break;
        parts.push(part);
        length += part.length + 2;
        shown++;
    }
    const hidden = t.groups.size - shown;
    if (hidden > 0) parts.push(`and ${hidden} more exemption${hidden === 1 ? "" : "s"} (the scanner's --format json lists every waiver)`);
    if (t.overflow) parts.push(`and ${t.overflow} more waived finding${t.overflow === 1 ? "" : "s"}`);
    return head + parts.join("; ");
}
