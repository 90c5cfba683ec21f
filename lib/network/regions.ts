/**
 * Providers and regions: which AWS provider manages each resource, where it deploys, and the
 * global services (CloudFront and what it needs) that belong in us-east-1.
 */
import { ProviderView, ResourceView, providerRegion } from "../graph/resource";
import { StackGraph } from "../graph/stack-graph";
import { Maybe, UNKNOWN } from "../graph/values";

export const AWS_PROVIDER = "pulumi:providers:aws";
export const DISTRIBUTION = "aws:cloudfront/distribution:Distribution";
export const GLOBAL_REGION = "us-east-1";

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
export function isDefaultProviderUrn(urn: string): boolean {
    return /::pulumi:providers:aws::default(_[A-Za-z0-9_]+)?$/.test(urn);
}

const cache = new WeakMap<StackGraph, Map<string, ProviderNode>>();

/** Every AWS provider of the stack with the resources it manages (one pass, cached per graph). */
export function awsProviders(graph: StackGraph): Map<string, ProviderNode> {
    let map = cache.get(graph);
    if (map) return map;
    map = new Map();
    const node = (urn: string, name: string): ProviderNode => {
        let n = map!.get(urn);
        if (!n) {
            n = { urn, name, isDefault: isDefaultProviderUrn(urn), region: undefined, users: [] };
            map!.set(urn, n);
        }
        return n;
    };
    for (const r of graph.resources) {
        if (r.type === AWS_PROVIDER) {
            const n = node(r.urn, r.name);
            n.resource = r;
            if (!n.view) n.region = providerRegion({ urn: r.urn, type: r.type, name: r.name, props: r.props });
            continue;
        }
        if (!r.type.startsWith("aws:") || !r.provider || r.provider.type !== AWS_PROVIDER) continue;
        const n = node(r.provider.urn, r.provider.name);
        if (!n.view) {
            n.view = r.provider;
            n.region = providerRegion(r.provider);
        }
        n.users.push(r);
    }
    cache.set(graph, map);
    return map;
}

/** The region a resource deploys to: its own `region` argument (v7) or its provider's. */
export function resourceRegion(r: ResourceView): Maybe<string> {
    const own = r.props.str("region");
    if (typeof own === "string" && own) return own;
    return r.provider ? providerRegion(r.provider) : undefined;
}

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
    if (r.type === "aws:acm/certificate:Certificate" || r.type === "aws:lambda/function:Function") return cfRefs.has(r.urn);
    if (r.type === "aws:acm/certificateValidation:CertificateValidation") {
        return (r.propertyDependencies.certificateArn ?? []).some(u => cfRefs.has(u));
    }
    // Lambda@Edge versions, aliases and permissions of an edge function; log groups of edge replicas.
    if (r.type.startsWith("aws:lambda/")) return Object.values(r.propertyDependencies).some(us => us.some(u => cfRefs.has(u)));
    return false;
}

const ARN_WITH_REGION = /^arn:aws[a-z-]*:([a-z0-9-]+):([a-z]{2}(?:-gov|-iso[a-z]*)?-[a-z]+-\d):(\d{12})?:/;

/** Literal ARNs in a resource's inputs (top-level properties that no resource output flowed into). */
export function literalArns(r: ResourceView, maxDepth = 4): { property: string; service: string; region: string }[] {
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
