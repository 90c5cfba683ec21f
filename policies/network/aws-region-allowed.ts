import { ResourceView } from "../../lib/graph/resource";
import { UNKNOWN } from "../../lib/graph/values";
import { stackPolicy } from "../../lib/policy";
import { GLOBAL_REGION, awsProviders, cloudFrontReferences, isGlobalServiceResource, literalArns, resourceRegion } from "../../lib/network/regions";

interface Config {
    allowedRegions: string[];
}

export default stackPolicy<Config>(
    {
        name: "aws-region-allowed",
        description:
            "Every AWS provider, default and explicit, deploys to a region in `allowedRegions` (default: the default provider's region, that is the stack's `aws:region`; when every resource names an explicit provider, the region whose providers manage the most resources). A provider in us-east-1 is also accepted when everything it manages is a global-service resource that must live there: CloudFront, ACM certificates used by CloudFront, Lambda@Edge functions, WAF with scope CLOUDFRONT (and IAM/Route 53). A resource's own `region` argument (v7) is held to the same rule, and a hard-coded ARN in a resource's inputs whose region differs from the resource's own is flagged: a stack that mixes regions by accident deploys half its resources where nothing else can reach them.",
        severity: "high",
        enforcementLevel: "mandatory",
        section: "B",
        seeds: ["001#3"],
        config: {
            allowedRegions: {
                type: "array",
                items: { type: "string" },
                default: [],
                description: "Regions providers may use. Empty (the default): the default provider's region.",
            },
        },
        remediation:
            'Use one region throughout: set it once in stack config (`pulumi config set aws:region us-west-2`) and give explicit providers the same region; keep us-east-1 providers for CloudFront-only resources:\n  const usEast1 = new aws.Provider("us-east-1", { region: "us-east-1" }); // CloudFront certificates and Lambda@Edge only\n  const arn = pulumi.interpolate`arn:aws:sns:${aws.getRegionOutput().region}:${accountId}:topic`;',
        url: "https://www.pulumi.com/registry/packages/aws/installation-configuration/#configuration-options",
        peers: {},
    },
    (graph, ctx) => {
        const providers = awsProviders(graph);
        const configured = (ctx.config.allowedRegions ?? []).filter(r => typeof r === "string" && r);
        let allowed = new Set(configured);
        if (!allowed.size) {
            const defaults = [...providers.values()].filter(p => p.isDefault);
            const unknownDefault = defaults.find(p => p.region === UNKNOWN);
            if (unknownDefault) {
                const subject = unknownDefault.resource ?? unknownDefault.users[0];
                if (subject) ctx.defer(subject, "the default provider's region is not known until deployment");
                return;
            }
            allowed = new Set(defaults.map(p => p.region).filter((r): r is string => typeof r === "string" && !!r));
            if (!allowed.size) {
                // No default provider (every resource names an explicit one): the stack's main region is
                // the one whose providers manage the most resources; a tie names no main region.
                const counts = new Map<string, number>();
                for (const p of providers.values())
                    if (typeof p.region === "string" && p.region) counts.set(p.region, (counts.get(p.region) ?? 0) + p.users.length);
                const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1]);
                if (!ranked.length || (ranked.length > 1 && ranked[0][1] === ranked[1][1])) return;
                allowed = new Set([ranked[0][0]]);
            }
        }
        const list = [...allowed].sort().join(", ");
        const cfRefs = cloudFrontReferences(graph);
        const isAllowed = (region: string, users: ResourceView[]): { ok: boolean; offenders: ResourceView[]; undecided?: ResourceView } => {
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

        for (const p of providers.values()) {
            const subject = p.resource ?? p.users[0];
            if (!subject) continue;
            if (p.region === UNKNOWN) {
                ctx.defer(subject, `the region of provider ${p.name} is not known until deployment`);
                continue;
            }
            if (typeof p.region !== "string" || !p.region) continue; // no region: the provider falls back to the environment
            // Resources that override the region themselves are judged on their own below.
            const users = p.users.filter(u => {
                const own = u.props.str("region");
                return !(typeof own === "string" && own && own !== p.region);
            });
            if (!p.resource && !users.length) continue;
            const verdict = isAllowed(p.region, users);
            if (verdict.ok) {
                if (verdict.undecided) ctx.defer(verdict.undecided, "the WAF scope is not known until deployment");
                continue;
            }
            const kind = p.isDefault ? "The default AWS provider" : `AWS provider ${p.name}`;
            const what =
                p.region === GLOBAL_REGION
                    ? ` and manages ${verdict.offenders
                          .slice(0, 3)
                          .map(u => u.name)
                          .join(
                              ", ",
                          )}${verdict.offenders.length > 3 ? ` and ${verdict.offenders.length - 3} more` : ""}, which are not CloudFront-scoped global resources`
                    : "";
            ctx.report(
                subject,
                `${kind} deploys to ${p.region}${what}; allowed: ${list}. Fix: ${p.isDefault ? `pulumi config set aws:region ${[...allowed][0]}` : `new aws.Provider("${p.name}", { region: "${[...allowed][0]}" })`}.`,
            );
        }

        for (const r of graph.resources) {
            if (!r.type.startsWith("aws:")) continue;
            const own = r.props.str("region");
            const providerRegion = r.provider ? providers.get(r.provider.urn)?.region : undefined;
            if (typeof own === "string" && own && own !== providerRegion) {
                const verdict = isAllowed(own, [r]);
                if (!verdict.ok) {
                    ctx.report(
                        r,
                        `${r.name} sets region ${own}, which is not allowed (${list}). Fix: remove the region argument or use region: "${[...allowed][0]}".`,
                    );
                    continue;
                }
            }
            const region = resourceRegion(r);
            if (typeof region !== "string" || isGlobalServiceResource(r, cfRefs) === true) continue;
            const foreign = literalArns(r).filter(a => a.region !== region && !(a.region === GLOBAL_REGION && (a.service === "acm" || a.service === "lambda")));
            if (foreign.length) {
                const a = foreign[0];
                ctx.report(
                    r,
                    `${r.name} has a hard-coded ${a.service} ARN in ${a.property} for region ${a.region}, but it deploys to ${region}. Fix: build the ARN from the resource (for example ${a.property}: resource.arn) or from pulumi.interpolate with aws.getRegionOutput().region.`,
                );
            }
        }
    },
);
