import { stackPolicy } from "../../lib/policy";
import { T, UNKNOWN, ident, topology } from "../../lib/network/topology";

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
        const topo = topology(graph);
        for (const node of topo.subnets.values()) {
            if (!node.meantPublic || node.resource.type === T.defaultSubnet) continue;
            const tier = topo.tierOf(node);
            if (tier.tier === "public") continue;
            if (tier.tier === UNKNOWN) {
                ctx.defer(node.resource, tier.reason);
                continue;
            }
            const tables = tier.tables.map(t => (t.resource ? t.resource.name : t.key.startsWith("main:") ? "its VPC's main route table" : t.key)).join(", ");
            const via = tier.tables.some(t => t.resource && t.resource.type === T.routeTable)
                ? `route table ${tables}`
                : tables || "its VPC's main route table";
            const s = ident(node.resource.name);
            ctx.report(
                node.resource,
                `Subnet ${node.resource.name} is meant to be public but ${via} has no default route to an internet gateway of its VPC. Fix: new aws.ec2.RouteTableAssociation("${node.resource.name}-rta", { subnetId: ${s}.id, routeTableId: publicRouteTable.id }) with routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }].`,
            );
        }
        // Internet gateways that no route uses.
        if (topo.undecidedGatewayRoutes || topo.undecidedRoutes.length) {
            for (const igw of graph.ofType(T.igw))
                if (!topo.usedIgws.has(igw.urn)) ctx.defer(igw, "a route whose gateway is not known until deployment may use it");
            return;
        }
        for (const igw of graph.ofType(T.igw)) {
            if (topo.usedIgws.has(igw.urn)) continue;
            ctx.report(
                igw,
                `Internet gateway ${igw.name} is not used by any route, so nothing in the VPC reaches the internet through it. Fix: routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: ${ident(igw.name)}.id }] on the public route table (or remove the gateway).`,
            );
        }
    },
);
