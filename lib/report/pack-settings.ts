/**
 * `pack-settings`: the pack's own control policy, not a catalog policy. It finds nothing wrong
 * with resources; it reads the pack-wide settings (advisory stacks, exemption rules, deferral and
 * waiver reporting) before the other policies run, and at AnalyzeStack reports what the resource
 * policies left in the ledger: deferred checks and waivers in force, one advisory line per policy.
 */
import { ReportViolation, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import { PackPolicy, PolicyMetadata, evaluationNow, sdkMetadata } from "../policy";
import { stackOfUrn } from "../graph/resource";
import { resolveConfig } from "./config";
import { ExemptionRules, ticketPattern } from "./exemptions";
import { drainResourceDeferrals, drainResourceWaivers } from "./ledger";
import { DEFERRED_PREFIX, Reporter, summarizeDeferrals, summarizeWaivers } from "./reporter";
import { DEFAULT_SETTINGS, PackSettings, packSettings, setPackSettings, stackContext } from "./settings";

const policyList = { type: "array", items: { type: "string" } };

const metadata: PolicyMetadata = {
    name: "pack-settings",
    description:
        "Pack-wide settings of aws-requirement-gaps: which stacks (by tag or name pattern) get mandatory findings as advisory, which exemptions the organisation allows, and how deferred checks and waivers are reported. It reports no findings of its own, only deferred checks, waivers in force and problems with its own settings.",
    severity: "low",
    enforcementLevel: "advisory",
    section: "pack",
    seeds: [],
    config: {
        advisoryStacks: {
            type: "object",
            description: "Stacks whose mandatory findings are reported as advisory: stackTags {key: value | [values]} and stackNames globs (dev, dev-*).",
            default: {},
            properties: {
                stackTags: { type: "object", additionalProperties: { type: ["string", "array"], items: { type: "string" } } },
                stackNames: { type: "array", items: { type: "string" } },
            },
            additionalProperties: false,
        },
        exemptions: {
            type: "object",
            description: "What the organisation allows of exemptions (config and policy-exempt:<policy> tags alike).",
            default: {},
            properties: {
                allowTags: {
                    type: "boolean",
                    default: true,
                    description: "false: every policy-exempt:<policy> tag is ignored (config exemptions still apply) and the finding says so.",
                },
                policiesExemptible: {
                    type: "object",
                    description: 'Which policies may be waived at all: {"allow": [names]} (only these) or {"deny": [names]} (all but these); one of the two.',
                    properties: { allow: policyList, deny: policyList },
                    additionalProperties: false,
                    minProperties: 1,
                    maxProperties: 1,
                },
                maxDays: {
                    type: "integer",
                    minimum: 1,
                    description: "An exemption must expire at most this many days after the evaluation date; one without an expiry is refused.",
                },
                requireTicket: {
                    type: "string",
                    description: "A regular expression (JavaScript) the reason must match, e.g. ^[A-Z]+-\\d+ for a ticket id first.",
                },
            },
            additionalProperties: false,
        },
        deferralReport: {
            type: "string",
            enum: ["summary", "per-resource", "off"],
            default: "summary",
            description: "How checks deferred until values are known are shown: one advisory line per policy (summary), one per resource, or not at all.",
        },
        reportWaived: {
            type: "boolean",
            default: false,
            description:
                "Waived findings are always reported: false gives one advisory [waived] line per policy listing its exemptions in force, true one line per waived finding (the scanner's mode).",
        },
    },
    remediation:
        'Nothing to fix: configure it with --policy-pack-config, e.g. {"pack-settings": {"advisoryStacks": {"stackNames": ["dev", "dev-*"]}, "exemptions": {"maxDays": 90}}}.',
    url: "https://www.pulumi.com/docs/iac/using-pulumi/crossguard/configuration/",
};

/**
 * Reads this call's pack-settings config into the shared settings. Returns a schema problem (the
 * engine normally refuses such config before any analysis). While pack-settings is invalid the
 * organisation's exemption rules are unknown, so no exemption is honoured: fail closed.
 */
function capture(args: { getConfig: () => unknown; stackTags: ReadonlyMap<string, string> }, urn: string): string | undefined {
    let raw: unknown = {};
    try {
        raw = args.getConfig();
    } catch {
        raw = {};
    }
    const res = resolveConfig<PackSettings>(metadata.name, metadata.config!, raw);
    const settings: PackSettings =
        "config" in res
            ? { ...DEFAULT_SETTINGS, ...res.config, exemptions: { ...DEFAULT_SETTINGS.exemptions, ...res.config.exemptions } }
            : {
                  ...DEFAULT_SETTINGS,
                  exemptions: {
                      ...DEFAULT_SETTINGS.exemptions,
                      unusable: `pack-settings is invalid (field '${res.problem.field}'), so no exemption is honoured until it is fixed`,
                  },
              };
    setPackSettings(settings, { stackName: stackOfUrn(urn), stackTags: args.stackTags ?? new Map() });
    return "problem" in res ? res.problem.message : undefined;
}

/**
 * Problems the schema cannot express, reported once per stack (at AnalyzeStack, not on every
 * resource): an invalid requireTicket (mandatory; meanwhile every exemption is refused, see
 * exemptions.ts) and policy names in policiesExemptible that are not policies of this pack
 * (advisory: a misspelt deny-list entry would leave that policy waivable).
 */
function ruleProblems(rules: ExemptionRules, known: ReadonlySet<string>): { message: string; level: "mandatory" | "advisory" }[] {
    const out: { message: string; level: "mandatory" | "advisory" }[] = [];
    if (rules.requireTicket !== undefined) {
        const re = ticketPattern(rules.requireTicket);
        if (re instanceof Error) {
            out.push({
                level: "mandatory",
                message: `Invalid configuration for policy pack-settings: field 'exemptions.requireTicket' is not a valid regular expression (${re.message.slice(0, 200)}); until it is fixed no exemption is honoured. Fix the policy pack config (--policy-pack-config) for pack-settings, e.g. "requireTicket": "^[A-Z]+-\\\\d+".`,
            });
        }
    }
    const p = rules.policiesExemptible;
    if (p) {
        const [list, names] = "allow" in p ? ["allow", p.allow] : ["deny", p.deny];
        const unknown = names.filter(n => !known.has(n));
        if (unknown.length) {
            out.push({
                level: "advisory",
                message: `pack-settings: exemptions.policiesExemptible.${list} names ${unknown.join(", ")}, which ${unknown.length === 1 ? "is not a policy" : "are not policies"} of this pack (misspelt, or from another version); ${list === "deny" ? "a misspelt name leaves the intended policy waivable" : "such a name has no effect"}.`,
            });
        }
    }
    return out;
}

/** The pack-settings policy; `catalog` are the policies it governs (to check names in its settings). */
export function packSettingsFor(catalog: readonly PackPolicy[]): PackPolicy {
    const known = new Set(catalog.map(p => p.metadata.name));
    return Object.assign(
        {
            ...sdkMetadata(metadata, { exemptions: false, kind: "stack" }),
            validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
                const problem = capture(args, args.urn);
                if (problem) (report as any)({ message: problem, urn: args.urn, enforcementLevel: "mandatory" });
            },
            validateStack: (args: StackValidationArgs, report: ReportViolation) => {
                const problem = capture(args, args.resources[0]?.urn ?? "");
                const settings = packSettings();
                const reporter = new Reporter(metadata.name, report as any, settings, stackContext(), [], () => [], evaluationNow());
                if (problem) reporter.emit(problem, undefined, "mandatory");
                for (const p of ruleProblems(settings.exemptions, known)) reporter.emit(p.message, undefined, p.level);
                const byPolicy = <T>(m: Map<string, T>) => [...m.entries()].sort(([a], [b]) => a.localeCompare(b));
                // Waivers are always listed (a reviewer must see every exemption in force); in the
                // scanner's mode (reportWaived) they were reported per finding and none is left here.
                for (const [policy, tally] of byPolicy(drainResourceWaivers())) reporter.emit(summarizeWaivers(tally), undefined, "advisory", policy);
                const mode = settings.deferralReport;
                const deferred = drainResourceDeferrals();
                if (mode === "off") return;
                for (const [policy, entry] of byPolicy(deferred)) {
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
}
