/**
 * Turns a policy's findings into diagnostics: exemptions, advisory-on-dev stacks, secret
 * redaction, deferrals. Every policy reports through this one path.
 */
import { ResourceView } from "../graph/resource";
import { UNKNOWN } from "../graph/values";
import { ExemptionConfig, findExemption } from "./exemptions";
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
                { urn: resource.urn, name: resource.name, tags: tags && tags !== UNKNOWN && typeof tags === "object" ? (tags as Record<string, unknown>) : undefined },
                this.exemptions,
                this.now,
            );
            if (verdict.status === "waived") {
                if (this.settings.reportWaived) {
                    this.emit(`${WAIVED_PREFIX}${verdict.reason} (${verdict.source}): ${message}`, resource.urn, "advisory");
                }
                return;
            }
            if (verdict.status === "invalid") text = `${message} (${verdict.why}: the finding stands)`;
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

    emit(message: string, urn: string | undefined, level: "advisory" | "mandatory" | undefined, policyName?: string): void {
        const diag: Record<string, unknown> = { message: redact(message, this.secrets()) };
        if (urn) diag.urn = urn;
        if (level) diag.enforcementLevel = level;
        if (policyName) diag.name = policyName;
        this.raw(diag);
    }
}

export function summarizeDeferrals(deferrals: Deferral[], total = deferrals.length): string {
    const shown = deferrals.slice(0, 5).map(d => `${d.name} (${d.reason})`).join("; ");
    const more = total > 5 ? `; and ${total - 5} more` : "";
    return `${DEFERRED_PREFIX}${total} check${total === 1 ? "" : "s"} wait for values known only after deployment: ${shown}${more}`;
}
