import { describeSubnets, lbAzSpread, loadBalancers } from "../../lib/facts/network";
import { stackPolicy } from "../../lib/policy";

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
        for (const lb of loadBalancers(graph)) {
            ctx.decide(lb, lbAzSpread(graph, lb), narrow => {
                if (!narrow) return undefined;
                const { subnets, spread } = narrow;
                if (!subnets.length && narrow.classic)
                    return `Load balancer ${lb.name} is in fewer than two availability zones. Fix: availabilityZones: [azs.names[0], azs.names[1]] (or subnets in two AZs).`;
                if (!subnets.length)
                    return `Load balancer ${lb.name} names no subnets, so it is placed in one AZ at most. Fix: subnets: [publicA.id, publicB.id] (one subnet per AZ).`;
                return `Load balancer ${lb.name} is placed in ${spread.atLeast} availability zone${spread.atLeast === 1 ? "" : "s"} only: ${describeSubnets(subnets)}. Fix: subnets: [subnetInAzA.id, subnetInAzB.id] with one subnet in each of two AZs.`;
            });
        }
    },
);
