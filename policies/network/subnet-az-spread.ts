import { tierSpreads } from "../../lib/facts/network";
import { stackPolicy } from "../../lib/policy";
import { newResource, ref } from "../../lib/report/snippets";

interface Config {
    minimumAzs: number;
}

export default stackPolicy<Config>(
    {
        name: "subnet-az-spread",
        description:
            "Per VPC and per tier (public: routed to an internet gateway; private: everything else), the stack's subnets span at least `minimumAzs` (default 2) distinct availability zones. A tier confined to one AZ takes the whole tier down with that AZ, and load balancers and DB subnet groups built on it cannot be made highly available.",
        severity: "high",
        enforcementLevel: "mandatory",
        section: "B",
        seeds: ["001#2", "card"],
        config: {
            minimumAzs: { type: "integer", minimum: 1, default: 2, description: "Distinct availability zones each tier of each VPC must span." },
        },
        remediation:
            'Create one subnet per AZ for each tier, with the AZ pinned:\n  const azs = aws.getAvailabilityZonesOutput({ state: "available" });\n  const privateSubnets = [0, 1].map(i => new aws.ec2.Subnet(`private-${i}`, { vpcId: vpc.id, cidrBlock: `10.0.${10 + i}.0/24`, availabilityZone: azs.names[i] }));',
        url: "https://docs.aws.amazon.com/vpc/latest/userguide/configure-subnets.html",
        peers: {},
    },
    (graph, ctx) => {
        const min = ctx.config.minimumAzs ?? 2;
        for (const { subject, vpc, tier, subnets, narrow } of tierSpreads(graph, min)) {
            ctx.decide(subject, narrow, spread => {
                if (!spread || !tier) return undefined;
                const where = vpc ? `VPC ${vpc.name}` : `the VPC of ${subnets[0].resource.name}`;
                const zones = spread.zones.length ? spread.zones.join(", ") : "none pinned";
                const unpinned = spread.unpinned.length
                    ? `; ${spread.unpinned.map(s => s.resource.name).join(", ")} pin no AZ, so AWS may put them anywhere`
                    : "";
                const fix = newResource("aws.ec2.Subnet", `${tier}-b`, {
                    vpcId: ref("vpc", "id"),
                    cidrBlock: `10.0.${tier === "public" ? 2 : 12}.0/24`,
                    availabilityZone: ref("azs", "names[1]"),
                });
                return `The ${tier} subnets of ${where} (${subnets.map(s => s.resource.name).join(", ")}) span ${spread.atLeast} availability zone${spread.atLeast === 1 ? "" : "s"} (${zones})${unpinned}; at least ${min} are required. Fix: add a ${tier} subnet in another AZ, e.g. ${fix}.`;
            });
        }
    },
);
