/**
 * Facts about regions: where each resource deploys (the one `resourceRegion` of the pack), the
 * AWS providers of the stack with the resources they manage, the global services (CloudFront and
 * what it needs) that belong in us-east-1, and hard-coded ARNs of another region.
 */
import { types } from "../aws/types";
import { Decision, NOT_SET, known, notKnownYet } from "../graph/decision";
import { ProviderView, ResourceView, providerRegion } from "../graph/resource";
import { StackGraph } from "../graph/stack-graph";
import { Maybe, UNKNOWN } from "../graph/values";

export const DISTRIBUTION = types.cloudfront.Distribution;
export const GLOBAL_REGION = "us-east-1";

/**
 * The region a resource deploys to: its own v7 `region` argument, else its provider's. Not set
 * when neither names one (the provider takes the region from its environment, which the pack
 * cannot see); not known yet when the one that decides is set from an output not known yet.
 */
export function resourceRegion(r: ResourceView): Decision<string> {
    const own = r.props.get("region");
    if (own === UNKNOWN) return notKnownYet(`the region of ${r.name} is not known until deployment`);
    if (typeof own === "string" && own) return known(own);
    const fromProvider = providerRegion(r.provider);
    if (fromProvider === UNKNOWN) return notKnownYet(`the region of provider ${r.provider?.name ?? ""} is not known until deployment`);
    return typeof fromProvider === "string" && fromProvider ? known(fromProvider) : NOT_SET;
}

export interface ProviderNode {
    urn: string;
    name: string;
    /** The provider resource, when the stack lists it. */
    resource?: ResourceView;
    view?: ProviderView;
    isDefault: boolean;
    region: Maybe<string>;
    users: ResourceView[];
}

/** The engine names default providers `default` or `default_<version>`. */
function isDefaultProviderUrn(urn: string): boolean {
    return /::pulumi:providers:aws::default(_[A-Za-z0-9_]+)?$/.test(urn);
}

const cache = new WeakMap<StackGraph, Map<string, ProviderNode>>();

/** Every AWS provider of the stack with the resources it manages (one pass, cached per graph). */
export function providerNodes(graph: StackGraph): Map<string, ProviderNode> {
    let map = cache.get(graph);
    if (map) return map;
    const nodes = new Map<string, ProviderNode>();
    const node = (urn: string, name: string): ProviderNode => {
        let n = nodes.get(urn);
        if (!n) {
            n = { urn, name, isDefault: isDefaultProviderUrn(urn), region: undefined, users: [] };
            nodes.set(urn, n);
        }
        return n;
    };
    for (const r of graph.resources) {
        if (r.type === types.pulumi.AwsProvider) {
            const n = node(r.urn, r.name);
            n.resource = r;
            if (!n.view) n.region = providerRegion({ urn: r.urn, type: r.type, name: r.name, props: r.props });
            continue;
        }
        if (!r.type.startsWith("aws:") || !r.provider || r.provider.type !== types.pulumi.AwsProvider) continue;
        const n = node(r.provider.urn, r.provider.name);
        if (!n.view) {
            n.view = r.provider;
            n.region = providerRegion(r.provider);
        }
        n.users.push(r);
    }
    map = nodes;
    cache.set(graph, map);
    return map;
}

/** Everything CloudFront distributions reference (property dependencies and dependencies), as URNs. */
export function cloudFrontReferences(graph: StackGraph): Set<string> {
    const out = new Set<string>();
    for (const d of graph.ofType(DISTRIBUTION)) {
        for (const urns of Object.values(d.propertyDependencies)) urns.forEach(u => out.add(u));
        for (const dep of d.dependencies) out.add(dep);
    }
    return out;
}

/**
 * Is this resource one that belongs in us-east-1 whatever the stack's region: CloudFront itself,
 * IAM / Route 53 / classic WAF (global services), an ACM certificate or Lambda@Edge function a
 * distribution uses, a WAFv2 resource with scope CLOUDFRONT. UNKNOWN when the scope is not known.
 */
export function isGlobalServiceResource(r: ResourceView, cfRefs: Set<string>): boolean | typeof UNKNOWN {
    const service = r.type.split(":")[1]?.split("/")[0] ?? "";
    if (["cloudfront", "iam", "route53", "waf", "organizations", "shield", "globalaccelerator"].includes(service)) return true;
    if (service === "wafv2") {
        const scope = r.props.str("scope");
        if (scope === UNKNOWN) return UNKNOWN;
        if (scope === "CLOUDFRONT") return true;
        return false;
    }
    if (r.type === types.acm.Certificate || r.type === types.lambda.Function) return cfRefs.has(r.urn);
    if (r.type === types.acm.CertificateValidation) {
        return (r.propertyDependencies.certificateArn ?? []).some(u => cfRefs.has(u));
    }
    // Lambda@Edge versions, aliases and permissions of an edge function; log groups of edge replicas.
    if (r.type.startsWith("aws:lambda/")) return Object.values(r.propertyDependencies).some(us => us.some(u => cfRefs.has(u)));
    return false;
}

const ARN_WITH_REGION = /^arn:aws[a-z-]*:([a-z0-9-]+):([a-z]{2}(?:-gov|-iso[a-z]*)?-[a-z]+-\d):(\d{12})?:/;

/** Literal ARNs in a resource's inputs (top-level properties that no resource output flowed into). */
function literalArns(r: ResourceView, maxDepth = 4): { property: string; service: string; region: string }[] {
    const out: { property: string; service: string; region: string }[] = [];
    const root = r.props.get([]);
    if (!root || typeof root !== "object" || Array.isArray(root)) return out;
    for (const [key, value] of Object.entries(root as Record<string, unknown>)) {
        if ((r.propertyDependencies[key] ?? []).length) continue;
        if (key === "region" || key === "tags" || key === "tagsAll") continue;
        walk(value, 0, s => {
            const m = ARN_WITH_REGION.exec(s);
            if (m) out.push({ property: key, service: m[1], region: m[2] });
        });
    }
    return out;

    function walk(v: unknown, depth: number, visit: (s: string) => void): void {
        if (depth > maxDepth || v === UNKNOWN || v === undefined || v === null) return;
        if (typeof v === "string") {
            if (v.length < 2048) visit(v);
            return;
        }
        if (Array.isArray(v)) v.forEach(e => walk(e, depth + 1, visit));
        else if (typeof v === "object") Object.values(v as object).forEach(e => walk(e, depth + 1, visit));
    }
}

/** A region outside the allowed ones (`allowed`: in the order configured or found; the first is the fix). */
export type RegionFinding =
    /** A provider deploys there; in us-east-1, `offenders` are what it manages that is not a global-service resource. */
    | { kind: "provider"; provider: string; isDefault: boolean; region: string; offenders: ResourceView[]; allowed: string[] }
    /** The resource's own `region` argument. */
    | { kind: "own-region"; region: string; allowed: string[] }
    /** A hard-coded ARN in an input names another region than the resource's own. */
    | { kind: "foreign-arn"; service: string; property: string; arnRegion: string; region: string; allowed: string[] };

export interface RegionPlacement {
    /** The provider (or its first resource when the stack does not list it), or the resource. */
    subject: ResourceView;
    finding: Decision<RegionFinding>;
}

/**
 * Where the stack deploys outside its allowed regions. `configured` empty: the default provider's
 * region; with no default provider (every resource names an explicit one), the region whose
 * providers manage the most resources (a tie names none: nothing is judged). A provider in
 * us-east-1 is allowed when everything it manages is a global-service resource. A region not
 * known yet is an entry that is not known yet; a provider with no region (from its environment)
 * is not judged.
 */
export function regionPlacements(graph: StackGraph, configured: readonly string[]): RegionPlacement[] {
    const providers = providerNodes(graph);
    let allowed = new Set(configured.filter(r => typeof r === "string" && r));
    if (!allowed.size) {
        const defaults = [...providers.values()].filter(p => p.isDefault);
        const unknownDefault = defaults.find(p => p.region === UNKNOWN);
        if (unknownDefault) {
            const subject = unknownDefault.resource ?? unknownDefault.users[0];
            return subject ? [{ subject, finding: notKnownYet("the default provider's region is not known until deployment") }] : [];
        }
        allowed = new Set(defaults.map(p => p.region).filter((r): r is string => typeof r === "string" && !!r));
        if (!allowed.size) {
            const counts = new Map<string, number>();
            for (const p of providers.values())
                if (typeof p.region === "string" && p.region) counts.set(p.region, (counts.get(p.region) ?? 0) + p.users.length);
            const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1]);
            if (!ranked.length || (ranked.length > 1 && ranked[0][1] === ranked[1][1])) return [];
            allowed = new Set([ranked[0][0]]);
        }
    }
    const list = [...allowed];
    const cfRefs = cloudFrontReferences(graph);
    const judge = (region: string, users: ResourceView[]): { ok: boolean; offenders: ResourceView[]; undecided?: ResourceView } => {
        if (allowed.has(region)) return { ok: true, offenders: [] };
        if (region !== GLOBAL_REGION) return { ok: false, offenders: users };
        const offenders: ResourceView[] = [];
        let undecided: ResourceView | undefined;
        for (const u of users) {
            const g = isGlobalServiceResource(u, cfRefs);
            if (g === UNKNOWN) undecided ??= u;
            else if (!g) offenders.push(u);
        }
        return { ok: offenders.length === 0, offenders, undecided };
    };

    const out: RegionPlacement[] = [];
    for (const p of providers.values()) {
        const subject = p.resource ?? p.users[0];
        if (!subject) continue;
        if (p.region === UNKNOWN) {
            out.push({ subject, finding: notKnownYet(`the region of provider ${p.name} is not known until deployment`) });
            continue;
        }
        if (typeof p.region !== "string" || !p.region) continue; // no region: the provider falls back to the environment
        // Resources that override the region themselves are judged on their own below.
        const users = p.users.filter(u => {
            const own = u.props.str("region");
            return !(typeof own === "string" && own && own !== p.region);
        });
        if (!p.resource && !users.length) continue;
        const verdict = judge(p.region, users);
        if (!verdict.ok) {
            const finding: RegionFinding = {
                kind: "provider",
                provider: p.name,
                isDefault: p.isDefault,
                region: p.region,
                offenders: verdict.offenders,
                allowed: list,
            };
            out.push({ subject, finding: known(finding) });
        } else if (verdict.undecided) out.push({ subject: verdict.undecided, finding: notKnownYet("the WAF scope is not known until deployment") });
    }

    for (const r of graph.resources) {
        if (!r.type.startsWith("aws:")) continue;
        const own = r.props.str("region");
        const ofProvider = r.provider ? providers.get(r.provider.urn)?.region : undefined;
        if (typeof own === "string" && own && own !== ofProvider && !judge(own, [r]).ok) {
            out.push({ subject: r, finding: known({ kind: "own-region", region: own, allowed: list }) });
            continue;
        }
        const region = resourceRegion(r);
        if (region.kind !== "known") {
            // A provider's region not known yet is deferred on the provider; the resource's own is deferred here.
            if (own === UNKNOWN) out.push({ subject: r, finding: region });
            continue;
        }
        if (isGlobalServiceResource(r, cfRefs) === true) continue;
        const foreign = literalArns(r).find(a => a.region !== region.value && !(a.region === GLOBAL_REGION && (a.service === "acm" || a.service === "lambda")));
        if (foreign) {
            const finding: RegionFinding = {
                kind: "foreign-arn",
                service: foreign.service,
                property: foreign.property,
                arnRegion: foreign.region,
                region: region.value,
                allowed: list,
            };
            out.push({ subject: r, finding: known(finding) });
        }
    }
    return out;
}
