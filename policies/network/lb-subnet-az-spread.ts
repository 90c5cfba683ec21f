import { stackPolicy } from "../../lib/policy";
import { LB_TYPES, T, UNKNOWN, describeSubnets, judgeAzSpread, lbSubnets, listValues, topology } from "../../lib/network/topology";

export default stackPolicy(
    {
        name: "lb-subnet-az-spread",
        description:
            "Each load balancer (application, network, gateway or classic) is placed in subnets (`subnets` or `subnetMappings`) of at least two distinct availability zones. The same subnet listed twice, or two subnets of one AZ, count once. AWS rejects an application load balancer in one AZ at deployment, and a network load balancer in one AZ has no zone redundancy.",
        severity: "high",
        enforcementLevel: "mandatory",
        section: "B",
        seeds: ["001#2"],
        remediation:
            'Place the load balancer in one subnet per AZ, for example the public subnets of two AZs:\n  new aws.lb.LoadBalancer("app-lb", { loadBalancerType: "application", subnets: [publicA.id, publicB.id], securityGroups: [albSg.id] });',
        url: "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#availability-zones",
        peers: { securityHub: ["ELB.13"] },
    },
    (graph, ctx) => {
        const topo = topology(graph);
        for (const lb of graph.ofType(...LB_TYPES)) {
            // Classic load balancers may name AZs directly (no VPC).
            if (lb.type === T.elb) {
                const azs = listValues(lb, "availabilityZones");
                if (azs === UNKNOWN || azs.includes(UNKNOWN)) {
                    ctx.defer(lb, "availabilityZones is not known until deployment");
                    continue;
                }
                const names = new Set(azs.filter((a): a is string => typeof a === "string"));
                if (names.size >= 2) continue;
            }
            const refs = lbSubnets(topo, lb);
            if ("unknown" in refs && typeof refs.unknown === "string") {
                ctx.defer(lb, refs.unknown);
                continue;
            }
            const judged = judgeAzSpread(topo, refs as Exclude<typeof refs, { unknown: string }>);
            if (judged.verdict === "undecided") ctx.defer(lb, `the subnets or availability zones of ${lb.name} are not known until deployment`);
            if (judged.verdict !== "narrow") continue;
            const { nodes, spread } = judged;
            if (!nodes.length) {
                if (lb.type === T.elb && listValues(lb, "availabilityZones") !== UNKNOWN) {
                    ctx.report(
                        lb,
                        `Load balancer ${lb.name} is in fewer than two availability zones. Fix: availabilityZones: [azs.names[0], azs.names[1]] (or subnets in two AZs).`,
                    );
                } else if (lb.type !== T.elb)
                    ctx.report(
                        lb,
                        `Load balancer ${lb.name} names no subnets, so it is placed in one AZ at most. Fix: subnets: [publicA.id, publicB.id] (one subnet per AZ).`,
                    );
                continue;
            }
            ctx.report(
                lb,
                `Load balancer ${lb.name} is placed in ${spread.atLeast} availability zone${spread.atLeast === 1 ? "" : "s"} only: ${describeSubnets(nodes)}. Fix: subnets: [subnetInAzA.id, subnetInAzB.id] with one subnet in each of two AZs.`,
            );
        }
    },
);
