import { ResourceView } from "../../lib/graph/resource";
import { stackPolicy } from "../../lib/policy";
import { SubnetNode, UNKNOWN, azSpread, topology } from "../../lib/network/topology";

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
        const topo = topology(graph);
        const min = ctx.config.minimumAzs ?? 2;
        // VPC key -> tier -> subnets; subnets whose tier or VPC is not known yet defer their VPC.
        const groups = new Map<string, { public: SubnetNode[]; private: SubnetNode[]; undecided?: { node: SubnetNode; why: string } }>();
        for (const node of topo.subnets.values()) {
            if (node.vpc === UNKNOWN) {
                ctx.defer(node.resource, `the VPC of ${node.resource.name} is not known until deployment`);
                continue;
            }
            const key = node.vpc ?? "default";
            let g = groups.get(key);
            if (!g) groups.set(key, (g = { public: [], private: [] }));
            const tier = topo.tierOf(node);
            if (tier.tier === UNKNOWN) g.undecided ??= { node, why: tier.reason };
            else g[tier.tier].push(node);
        }
        for (const [key, g] of groups) {
            const vpc: ResourceView | undefined = graph.get(key);
            if (g.undecided) {
                ctx.defer(vpc ?? g.undecided.node.resource, `the tier of subnet ${g.undecided.node.resource.name} is not known: ${g.undecided.why}`);
                continue;
            }
            for (const tier of ["public", "private"] as const) {
                const subnets = g[tier];
                if (!subnets.length) continue;
                const spread = azSpread(subnets);
                if (spread.atLeast >= min) continue;
                const where = vpc ? `VPC ${vpc.name}` : `the VPC of ${subnets[0].resource.name}`;
                if (spread.unknown.length && spread.atMost >= min) {
                    ctx.defer(
                        vpc ?? subnets[0].resource,
                        `the availability zone of ${spread.unknown.map(s => s.resource.name).join(", ")} is not known until deployment`,
                    );
                    continue;
                }
                if (spread.atMost >= min && !spread.unpinned.length) continue; // AZ names and ids mixed: cannot be compared offline
                const zones = spread.zones.length ? spread.zones.join(", ") : "none pinned";
                const unpinned = spread.unpinned.length
                    ? `; ${spread.unpinned.map(s => s.resource.name).join(", ")} pin no AZ, so AWS may put them anywhere`
                    : "";
                ctx.report(
                    vpc ?? subnets[0].resource,
                    `The ${tier} subnets of ${where} (${subnets.map(s => s.resource.name).join(", ")}) span ${spread.atLeast} availability zone${spread.atLeast === 1 ? "" : "s"} (${zones})${unpinned}; at least ${min} are required. Fix: add a ${tier} subnet in another AZ, e.g. new aws.ec2.Subnet("${tier}-b", { vpcId: vpc.id, cidrBlock: "10.0.${tier === "public" ? 2 : 12}.0/24", availabilityZone: azs.names[1] }).`,
                );
            }
        }
    },
);
