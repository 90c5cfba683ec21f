import { lbScheme, loadBalancers } from "../../lib/facts/network";
import { stackPolicy } from "../../lib/policy";

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
        for (const lb of loadBalancers(graph)) {
            ctx.decide(lb, lbScheme(graph, lb), scheme => {
                if (!scheme?.wrongTier.length) return undefined;
                const wrong = scheme.wrongTier;
                const names = wrong.map(n => n.resource.name).join(", ");
                if (scheme.internal)
                    return `Internal load balancer ${lb.name} is placed in public subnet${wrong.length > 1 ? "s" : ""} ${names} (routed to an internet gateway). Fix: subnets: privateSubnets.map(s => s.id).`;
                return `Internet-facing load balancer ${lb.name} is placed in private subnet${wrong.length > 1 ? "s" : ""} ${names} (no default route to an internet gateway). Fix: subnets: publicSubnets.map(s => s.id) (or internal: true if it must not face the internet).`;
            });
        }
    },
);
