import { stackPolicy } from "../../lib/policy";
import { LB_TYPES, SubnetNode, UNKNOWN, lbSubnets, topology } from "../../lib/network/topology";

export default stackPolicy(
    {
        name: "lb-internet-facing-public-subnets",
        description:
            "An internet-facing load balancer (`internal` false or unset) uses only public subnets, that is subnets associated with a route table that routes 0.0.0.0/0 (or ::/0) to an internet gateway of their VPC; an internal load balancer uses none of them. An internet-facing load balancer node in a private subnet cannot be reached, and an internal one in a public subnet is one flag away from exposure.",
        severity: "high",
        enforcementLevel: "mandatory",
        section: "B",
        seeds: ["001#2"],
        remediation:
            'Put internet-facing load balancers in the public subnets and internal ones in the private subnets:\n  new aws.lb.LoadBalancer("app-lb", { internal: false, subnets: publicSubnets.map(s => s.id) });\n  new aws.lb.LoadBalancer("api-lb", { internal: true, subnets: privateSubnets.map(s => s.id) });',
        url: "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#load-balancer-scheme",
        peers: {},
    },
    (graph, ctx) => {
        const topo = topology(graph);
        for (const lb of graph.ofType(...LB_TYPES)) {
            const type = lb.props.str("loadBalancerType");
            if (type === "gateway") continue; // gateway load balancers have no scheme
            const internal = lb.props.bool("internal");
            if (internal === UNKNOWN) {
                ctx.defer(lb, "internal is not known until deployment");
                continue;
            }
            const refs = lbSubnets(topo, lb);
            if ("unknown" in refs && typeof refs.unknown === "string") {
                ctx.defer(lb, refs.unknown);
                continue;
            }
            const set = refs as Exclude<typeof refs, { unknown: string }>;
            const wrong: SubnetNode[] = [];
            let undecided: string | undefined;
            for (const node of topo.nodes(set)) {
                const tier = topo.tierOf(node);
                if (tier.tier === UNKNOWN) undecided ??= tier.reason;
                else if ((internal === true) === (tier.tier === "public")) wrong.push(node);
            }
            if (wrong.length) {
                const names = wrong.map(n => n.resource.name).join(", ");
                if (internal === true) {
                    ctx.report(
                        lb,
                        `Internal load balancer ${lb.name} is placed in public subnet${wrong.length > 1 ? "s" : ""} ${names} (routed to an internet gateway). Fix: subnets: privateSubnets.map(s => s.id).`,
                    );
                } else {
                    ctx.report(
                        lb,
                        `Internet-facing load balancer ${lb.name} is placed in private subnet${wrong.length > 1 ? "s" : ""} ${names} (no default route to an internet gateway). Fix: subnets: publicSubnets.map(s => s.id) (or internal: true if it must not face the internet).`,
                    );
                }
                continue;
            }
            if (undecided || set.unknown) ctx.defer(lb, undecided ?? `the subnets of ${lb.name} are not known until deployment`);
        }
    },
);
