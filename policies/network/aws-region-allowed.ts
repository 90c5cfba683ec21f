import { GLOBAL_REGION, regionPlacements } from "../../lib/facts/regions";
import { stackPolicy } from "../../lib/policy";

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
        for (const { subject, finding } of regionPlacements(graph, ctx.config.allowedRegions ?? [])) {
            ctx.decide(subject, finding, f => {
                if (!f) return undefined;
                const list = [...f.allowed].sort().join(", ");
                const first = f.allowed[0];
                if (f.kind === "own-region")
                    return `${subject.name} sets region ${f.region}, which is not allowed (${list}). Fix: remove the region argument or use region: "${first}".`;
                if (f.kind === "foreign-arn")
                    return `${subject.name} has a hard-coded ${f.service} ARN in ${f.property} for region ${f.arnRegion}, but it deploys to ${f.region}. Fix: build the ARN from the resource (for example ${f.property}: resource.arn) or from pulumi.interpolate with aws.getRegionOutput().region.`;
                const names = f.offenders.slice(0, 3).map(u => u.name);
                const more = f.offenders.length > 3 ? ` and ${f.offenders.length - 3} more` : "";
                const what = f.region === GLOBAL_REGION ? ` and manages ${names.join(", ")}${more}, which are not CloudFront-scoped global resources` : "";
                const kind = f.isDefault ? "The default AWS provider" : `AWS provider ${f.provider}`;
                const fix = f.isDefault ? `pulumi config set aws:region ${first}` : `new aws.Provider("${f.provider}", { region: "${first}" })`;
                return `${kind} deploys to ${f.region}${what}; allowed: ${list}. Fix: ${fix}.`;
            });
        }
    },
);
