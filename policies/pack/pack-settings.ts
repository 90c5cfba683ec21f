/**
 * `pack-settings`: the pack's own control policy. It finds nothing wrong with resources; it reads
 * the pack-wide settings (advisory stacks, deferral reporting) before the other policies run, and
 * at AnalyzeStack reports the resource policies' deferred checks as one advisory line per policy.
 */
import { ReportViolation, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import { PackPolicy, PolicyMetadata, evaluationNow, sdkMetadata } from "../../lib/policy";
import { resolveConfig } from "../../lib/report/config";
import { drainResourceDeferrals } from "../../lib/report/ledger";
import { DEFERRED_PREFIX, Reporter, summarizeDeferrals } from "../../lib/report/reporter";
import { stackOfUrn } from "../../lib/graph/resource";
import { DEFAULT_SETTINGS, PackSettings, packSettings, setPackSettings, stackContext } from "../../lib/report/settings";

const metadata: PolicyMetadata = {
    name: "pack-settings",
    description:
        "Pack-wide settings of aws-requirement-gaps: which stacks (by tag or name pattern) get mandatory findings as advisory, and how checks deferred during preview are reported. It reports no findings of its own, only deferred checks.",
    severity: "low",
    enforcementLevel: "advisory",
    section: "pack",
    seeds: [],
    config: {
        advisoryStacks: {
            type: "object",
            description: "Stacks whose mandatory findings are reported as advisory: stackTags {key: value | [values]} and stackNames globs (dev-*).",
            default: {},
            properties: {
                stackTags: { type: "object", additionalProperties: { type: ["string", "array"], items: { type: "string" } } },
                stackNames: { type: "array", items: { type: "string" } },
            },
            additionalProperties: false,
        },
        deferralReport: {
            type: "string",
            enum: ["summary", "per-resource", "off"],
            default: "summary",
            description: "How checks deferred until values are known are shown: one advisory line per policy (summary), one per resource, or not at all.",
        },
        reportWaived: { type: "boolean", default: false, description: "Also list waived findings as advisory [waived] lines." },
    },
    remediation: "Nothing to fix: configure it with --policy-pack-config, e.g. {\"pack-settings\": {\"advisoryStacks\": {\"stackNames\": [\"dev-*\"]}}}.",
    url: "https://www.pulumi.com/docs/iac/using-pulumi/crossguard/configuration/",
};

function capture(args: { getConfig: () => unknown; stackTags: ReadonlyMap<string, string> }, urn: string): string | undefined {
    let raw: unknown = {};
    try {
        raw = args.getConfig();
    } catch {
        raw = {};
    }
    const res = resolveConfig<PackSettings>(metadata.name, metadata.config!, raw);
    const settings = "config" in res ? { ...DEFAULT_SETTINGS, ...res.config } : DEFAULT_SETTINGS;
    setPackSettings(settings, { stackName: stackOfUrn(urn), stackTags: args.stackTags ?? new Map() });
    return "problem" in res ? res.problem.message : undefined;
}

export const packSettingsPolicy: PackPolicy = Object.assign(
    {
        ...sdkMetadata(metadata, { exemptions: false }),
        validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
            const problem = capture(args, args.urn);
            if (problem) (report as any)({ message: problem, urn: args.urn, enforcementLevel: "mandatory" });
        },
        validateStack: (args: StackValidationArgs, report: ReportViolation) => {
            const problem = capture(args, args.resources[0]?.urn ?? "");
            if (problem) (report as any)({ message: problem, enforcementLevel: "mandatory" });
            const mode = packSettings().deferralReport;
            const drained = drainResourceDeferrals();
            if (mode === "off") return;
            const reporter = new Reporter(metadata.name, report as any, packSettings(), stackContext(), [], () => [], evaluationNow());
            for (const [policy, entry] of [...drained.entries()].sort(([a], [b]) => a.localeCompare(b))) {
                if (mode === "per-resource") {
                    for (const d of entry.examples) reporter.emit(`${DEFERRED_PREFIX}${d.reason}`, d.urn, "advisory", policy);
                } else {
                    reporter.emit(summarizeDeferrals(entry.examples, entry.total), undefined, "advisory", policy);
                }
            }
        },
    },
    { metadata, kind: "stack" as const },
) as PackPolicy;
