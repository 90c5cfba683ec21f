import { describeTables, internetGatewayUsed, internetGateways, subnetTier, subnetsMeantPublic } from "../../lib/facts/network";
import { stackPolicy } from "../../lib/policy";
import { newResource, ref } from "../../lib/report/snippets";

export default stackPolicy(
    {
        name: "public-subnet-routing",
        description:
            'A subnet meant to be public (`mapPublicIpOnLaunch: true`, a Name/Tier tag saying public, or a logical name containing "public") is associated with a route table that has a default route (0.0.0.0/0 or ::/0) to an internet gateway attached to its VPC; an unassociated subnet uses its VPC\'s main route table. An internet gateway that no route uses is flagged too: both are the signature of public subnets that were created but never wired to the internet.',
        severity: "high",
        enforcementLevel: "mandatory",
        section: "B",
        seeds: ["000#2"],
        remediation:
            'Route the public subnets to the internet gateway:\n  const publicRt = new aws.ec2.RouteTable("public-rt", { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }] });\n  publicSubnets.forEach((s, i) => new aws.ec2.RouteTableAssociation(`public-rta-${i}`, { subnetId: s.id, routeTableId: publicRt.id }));',
        url: "https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html",
        peers: {},
    },
    (graph, ctx) => {
        for (const node of subnetsMeantPublic(graph)) {
            const subnet = node.resource;
            ctx.decide(subnet, subnetTier(graph, node), t => {
                if (!t || t.tier === "public") return undefined;
                const fix = newResource("aws.ec2.RouteTableAssociation", `${subnet.name}-rta`, {
                    subnetId: ref(subnet.name, "id"),
                    routeTableId: ref("publicRouteTable", "id"),
                });
                return `Subnet ${subnet.name} is meant to be public but ${describeTables(t.tables)} has no default route to an internet gateway of its VPC. Fix: ${fix} with routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }].`;
            });
        }
        // Internet gateways that no route uses.
        for (const igw of internetGateways(graph)) {
            ctx.decide(igw, internetGatewayUsed(graph, igw), used => {
                if (used) return undefined;
                return `Internet gateway ${igw.name} is not used by any route, so nothing in the VPC reaches the internet through it. Fix: routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: ${ref(igw.name, "id").text} }] on the public route table (or remove the gateway).`;
            });
        }
    },
);
