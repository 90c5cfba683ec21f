/**
 * How a policy of this pack is declared: its metadata beside a small check function.
 *
 *   export default resourcePolicy({ name, description, ..., resourceTypes }, (resource, ctx) => {...});
 *   export default stackPolicy({ name, description, ... }, (graph, ctx) => {...});
 *
 * The wrapper does everything a check should not repeat: typed unknown-aware views, config
 * validation and defaults, exemptions, advisory stacks, deferrals, secret redaction, and a
 * guarantee that no exception escapes into the user's preview.
 */
import {
    EnforcementLevel,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    Severity,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { graphFor } from "./graph/cache";
import { Decision, Malformed, isMalformed } from "./graph/decision";
import { ResourceView, toResourceView } from "./graph/resource";
import { unwrapProxy } from "./graph/values";
import { StackGraph } from "./graph/stack-graph";
import { ConfigProblem, resolveConfig, JsonSchemaProperty } from "./report/config";
import { ExemptionConfig } from "./report/exemptions";
import { recordResourceDeferrals, recordResourceWaivers } from "./report/ledger";
import { Reporter, redact } from "./report/reporter";
import { packSettings, stackContext } from "./report/settings";

/** The same check in the peer packs: ids as the catalog's peers column gives them. */
export interface Peers {
    checkov?: string[];
    /** AWS Security Hub Foundational Security Best Practices controls ("S3.14"). */
    securityHub?: string[];
    /** cdk-nag AwsSolutions rules ("S1"). */
    cdkNag?: string[];
    /** AWSGuard policy names. */
    awsGuard?: string[];
    /** Pulumi compliance-policies policy names. */
    compliancePolicies?: string[];
}

export interface PolicyMetadata {
    /** Exactly the catalog's name. */
    name: string;
    /** One paragraph: what is checked and why it matters. */
    description: string;
    severity: Severity;
    enforcementLevel: Extract<EnforcementLevel, "advisory" | "mandatory">;
    /** Catalog section ("A" to "D") or "pack" for the pack's own controls. */
    section: "A" | "B" | "C" | "D" | "pack";
    /** Seed report items this policy comes from, e.g. ["000#6"]. */
    seeds: string[];
    /** Config properties (JSON Schema), each with a default where one makes sense. */
    config?: Record<string, JsonSchemaProperty>;
    /** Steps to fix, with a Pulumi TypeScript snippet. */
    remediation: string;
    /** AWS documentation. */
    url: string;
    peers?: Peers;
}

export interface ResourcePolicyMetadata extends PolicyMetadata {
    /** Pulumi type tokens this policy reads, e.g. "aws:lambda/functionUrl:FunctionUrl". */
    resourceTypes: string[];
}

export interface CheckContext<C> {
    config: C;
    /** The evaluation time (exemption expiry, deprecation dates). */
    now: Date;
    /** A finding on `resource` (or on the stack when undefined). Say what, where, and the fix. */
    report(resource: ResourceView | undefined, message: string): void;
    /** A finding that is only ever advisory, whatever the policy's level (e.g. a deprecation ahead). */
    advise(resource: ResourceView | undefined, message: string): void;
    /** The check cannot be decided until deployment: never a violation. */
    defer(resource: ResourceView, reason: string): void;
    /**
     * Judges a fact about `resource`: "not known yet" becomes a deferral with its reason, a
     * `Malformed` value a finding that says what cannot be read; otherwise `judge` gets the value
     * (undefined when not set) and returns the finding's message, or undefined when it passes.
     */
    decide<T>(resource: ResourceView, decision: Decision<T>, judge: (value: Exclude<T, Malformed> | undefined) => string | undefined): void;
}

/** The shared body of `CheckContext.decide`. */
function decideWith<T>(
    report: (r: ResourceView, m: string) => void,
    defer: (r: ResourceView, why: string) => void,
    resource: ResourceView,
    decision: Decision<T>,
    judge: (value: Exclude<T, Malformed> | undefined) => string | undefined,
): void {
    if (decision.kind === "unknown") return defer(resource, decision.reason);
    const value = decision.kind === "known" ? decision.value : undefined;
    if (isMalformed(value))
        return report(resource, `${resource.name}: ${value.problem}, so it cannot be checked. Fix: set it as the AWS documentation describes.`);
    const message = judge(value as Exclude<T, Malformed> | undefined);
    if (message) report(resource, message);
}

export type PackPolicy = (ResourceValidationPolicy | StackValidationPolicy) & { metadata: PolicyMetadata; kind: "resource" | "stack"; remediates?: boolean };

/** The evaluation clock; tests may pin it with POLICY_PACK_NOW=YYYY-MM-DD. */
export function evaluationNow(): Date {
    const pinned = process.env.POLICY_PACK_NOW;
    const t = pinned ? Date.parse(pinned) : NaN;
    return isNaN(t) ? new Date() : new Date(t);
}

/** The metadata @pulumi/policy serves for a policy; every policy also takes `exemptions` unless told not to. */
export function sdkMetadata(meta: PolicyMetadata, opts: { exemptions?: boolean; remediates?: boolean; kind?: "resource" | "stack" } = {}) {
    const exemptions: Record<string, JsonSchemaProperty> = opts.exemptions === false ? {} : { exemptions: EXEMPTIONS_SCHEMA };
    return {
        name: meta.name,
        description: meta.description,
        enforcementLevel: meta.enforcementLevel,
        severity: meta.severity,
        remediationSteps: meta.remediation,
        url: meta.url,
        tags: [`section-${meta.section}`, ...(opts.kind ? [`kind-${opts.kind}`] : []), ...(opts.remediates ? ["remediates"] : []), ...peerTags(meta.peers)],
        ...(meta.peers?.securityHub?.length
            ? {
                  framework: {
                      name: "AWS Foundational Security Best Practices",
                      version: "1.0.0",
                      reference: meta.peers.securityHub.join(", "),
                      specification: "",
                  },
              }
            : {}),
        configSchema: {
            properties: {
                ...(meta.config ?? {}),
                ...exemptions,
            },
        },
    };
}

/** Peer ids as policy tags ("checkov:CKV_AWS_21"), so Pulumi Cloud shows where a check comes from. */
function peerTags(peers: Peers | undefined): string[] {
    if (!peers) return [];
    const prefixed = (prefix: string, ids: string[] | undefined) => (ids ?? []).map(id => `${prefix}:${id}`);
    return [
        ...prefixed("checkov", peers.checkov),
        ...prefixed("fsbp", peers.securityHub),
        ...prefixed(
            "cdk-nag",
            (peers.cdkNag ?? []).map(id => (id.startsWith("AwsSolutions-") ? id : `AwsSolutions-${id}`)),
        ),
        ...prefixed("awsguard", peers.awsGuard),
        ...prefixed("compliance-policies", peers.compliancePolicies),
    ];
}

const EXEMPTIONS_SCHEMA: JsonSchemaProperty = {
    type: "array",
    description: "Waivers for this policy: a URN or logical-name glob, a required reason and an optional expiry (YYYY-MM-DD).",
    default: [],
    items: {
        type: "object",
        properties: {
            resource: { type: "string" },
            reason: { type: "string" },
            until: { type: "string" },
        },
        required: ["resource"],
    },
};

interface Prepared<C> {
    config?: C;
    problem?: ConfigProblem;
    exemptions?: ExemptionConfig[];
}

function prepare<C>(meta: PolicyMetadata, rawConfig: unknown): Prepared<C> {
    const res = resolveConfig<C & { exemptions?: ExemptionConfig[] }>(meta.name, sdkMetadata(meta).configSchema.properties, rawConfig);
    if ("problem" in res) return { problem: res.problem };
    return { config: res.config, exemptions: res.config.exemptions };
}

/**
 * A safe, unambiguous fix of a resource's own inputs, applied by the engine before the resource
 * is created or updated when the policy's level is `remediate` (the engine calls Remediate before
 * Analyze). `fix` returns the top-level inputs to set, or undefined to leave the resource alone
 * (nothing to fix, or no fix that is safe: the check that follows then reports it). It is never
 * offered where the fix would replace a live resource or guess a value.
 */
export interface Remediation<C> {
    resourceTypes: readonly string[];
    fix(resource: ResourceView, ctx: { config: C }): Record<string, unknown> | undefined;
}

/** The SDK's `remediateResource` for a policy: unknowns and secrets the fix does not touch stay as they were. */
function remediator<C>(meta: PolicyMetadata, remediation: Remediation<C>) {
    const remediate = (args: ResourceValidationArgs) => {
        if (!remediation.resourceTypes.includes(args.type)) return undefined;
        try {
            const prepared = prepare<C>(meta, safeConfig(args));
            if (prepared.problem) return undefined;
            const changes = remediation.fix(toResourceView(args), { config: prepared.config as C });
            if (!changes || !Object.keys(changes).length) return undefined;
            // Every other input (secrets, unknowns, the engine's `__defaults`) is passed back untouched.
            return { ...(unwrapProxy(args.props) as Record<string, unknown>), ...changes };
        } catch {
            return undefined; // never break a deployment: leave it to the check
        }
    };
    if (remediation.resourceTypes.length === 1) (remediate as any).__pulumiType = remediation.resourceTypes[0];
    return remediate;
}

/** A policy that reads one resource's own inputs (catalog kind R). */
export function resourcePolicy<C = Record<string, never>>(
    meta: ResourcePolicyMetadata,
    check: (resource: ResourceView, ctx: CheckContext<C>) => void,
    opts: { remediation?: Remediation<C> } = {},
): PackPolicy {
    const validate = (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
        if (!meta.resourceTypes.includes(args.type)) return;
        let view: ResourceView | undefined;
        const now = evaluationNow();
        const prepared = prepare<C>(meta, safeConfig(args));
        const secrets = () => {
            const s = new Set(view?.props.secrets() ?? []);
            view?.provider?.props.secrets().forEach(v => s.add(v));
            return s;
        };
        const reporter = new Reporter(meta.name, reportViolation as any, packSettings(), stackContext(), prepared.exemptions, secrets, now);
        if (prepared.problem) {
            reporter.emit(prepared.problem.message, args.urn, "mandatory");
            return;
        }
        try {
            view = toResourceView(args);
            check(view, {
                config: prepared.config as C,
                now,
                report: (r, m) => reporter.report(r ?? view, m),
                advise: (r, m) => reporter.report(r ?? view, m, "advisory"),
                defer: (r, why) => reporter.defer(r, why),
                decide: (r, d, judge) =>
                    decideWith(
                        (x, m) => reporter.report(x, m),
                        (x, why) => reporter.defer(x, why),
                        r,
                        d,
                        judge,
                    ),
            });
        } catch (e) {
            reporter.internalError(view, e);
        }
        if (packSettings().deferralReport === "per-resource") reporter.flushDeferrals("per-resource");
        else
            recordResourceDeferrals(
                meta.name,
                reporter.deferrals.map(d => ({ ...d, reason: redact(d.reason, secrets()) })),
            );
        recordResourceWaivers(meta.name, reporter.waivers);
    };
    // With one type, @pulumi/policy skips other resources before even deserializing them.
    if (meta.resourceTypes.length === 1) (validate as any).__pulumiType = meta.resourceTypes[0];
    const policy = { ...sdkMetadata(meta, { remediates: !!opts.remediation, kind: "resource" }), validateResource: validate } as ResourceValidationPolicy;
    if (opts.remediation) policy.remediateResource = remediator(meta, opts.remediation);
    return Object.assign(policy, { metadata: meta, kind: "resource" as const, remediates: !!opts.remediation });
}

/** A policy that needs other resources of the graph (catalog kind S). */
export function stackPolicy<C = Record<string, never>>(
    meta: PolicyMetadata,
    check: (graph: StackGraph, ctx: CheckContext<C>) => void,
    opts: { remediation?: Remediation<C> } = {},
): PackPolicy {
    const validate = (args: StackValidationArgs, reportViolation: ReportViolation) => {
        const now = evaluationNow();
        let graph: StackGraph | undefined;
        const prepared = prepare<C>(meta, safeConfig(args));
        const secrets = () => graphSecrets(graph);
        const reporter = new Reporter(meta.name, reportViolation as any, packSettings(), stackContext(), prepared.exemptions, secrets, now);
        if (prepared.problem) {
            reporter.emit(prepared.problem.message, undefined, "mandatory");
            return;
        }
        try {
            graph = graphFor(args.resources);
            check(graph, {
                config: prepared.config as C,
                now,
                report: (r, m) => reporter.report(r, m),
                advise: (r, m) => reporter.report(r, m, "advisory"),
                defer: (r, why) => reporter.defer(r, why),
                decide: (r, d, judge) =>
                    decideWith(
                        (x, m) => reporter.report(x, m),
                        (x, why) => reporter.defer(x, why),
                        r,
                        d,
                        judge,
                    ),
            });
        } catch (e) {
            reporter.internalError(undefined, e);
        }
        reporter.flushDeferrals();
        reporter.flushWaivers();
    };
    const policy = { ...sdkMetadata(meta, { remediates: !!opts.remediation, kind: "stack" }), validateStack: validate } as StackValidationPolicy;
    // A stack policy can still fix one resource's inputs before it is created (the SDK runs any
    // policy with `remediateResource` in Remediate; at `remediate` level its check is mandatory).
    if (opts.remediation) (policy as StackValidationPolicy & { remediateResource?: unknown }).remediateResource = remediator(meta, opts.remediation);
    return Object.assign(policy, { metadata: meta, kind: "stack" as const, remediates: !!opts.remediation });
}

function safeConfig(args: { getConfig: () => unknown }): unknown {
    try {
        return args.getConfig();
    } catch {
        return {};
    }
}

const secretCache = new WeakMap<StackGraph, Set<string>>();

/** Every secret value anywhere in the stack (computed once per graph, only when reporting). */
export function graphSecrets(graph: StackGraph | undefined): Set<string> {
    if (!graph) return new Set();
    let s = secretCache.get(graph);
    if (!s) {
        s = new Set();
        for (const r of graph.resources) {
            r.props.secrets().forEach(v => s!.add(v));
            r.provider?.props.secrets().forEach(v => s!.add(v));
        }
        secretCache.set(graph, s);
    }
    return s;
}
