import { functionPermissions } from "../../lib/aws/lambda";
import { allowedServicePrefixes } from "../../lib/iam/permissions";
import { stackPolicy } from "../../lib/policy";
import { SubnetNode, T, UNKNOWN, ident, listValues, topology } from "../../lib/network/topology";
import { endpointServices, endpointType, servicesNeedingNetwork } from "../../lib/network/endpoints";

export default stackPolicy(
    {
        name: "lambda-vpc-egress",
        description:
            "A Lambda function attached to a VPC (`vpcConfig.subnetIds`) has no public IP: it reaches AWS APIs only through a default route to a NAT gateway (or another egress target) from its subnets, or through VPC endpoints. The function passes when every subnet it uses routes 0.0.0.0/0 somewhere, or when its VPC has an endpoint for every AWS service its execution role may call (interface endpoints serve the whole VPC; gateway endpoints only the route tables they are attached to; services its role only uses through the Lambda service itself, logs, X-Ray and ENI management, need none). Otherwise its SDK calls time out at run time.",
        severity: "medium",
        enforcementLevel: "advisory",
        section: "B",
        seeds: ["002#8"],
        remediation:
            'Give the private subnets a NAT route, or add endpoints for the services the function calls:\n  new aws.ec2.Route("private-default", { routeTableId: privateRt.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: nat.id });\n  new aws.ec2.VpcEndpoint("s3", { vpcId: vpc.id, serviceName: `com.amazonaws.${region}.s3`, vpcEndpointType: "Gateway", routeTableIds: [privateRt.id] });',
        url: "https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc-internet.html",
        peers: {},
    },
    (graph, ctx) => {
        const topo = topology(graph);
        for (const fn of graph.ofType(T.lambda)) {
            const values = listValues(fn, "vpcConfig.subnetIds");
            if (values === UNKNOWN) {
                ctx.defer(fn, "vpcConfig.subnetIds is not known until deployment");
                continue;
            }
            if (!values.length) continue;
            const refs = topo.subnetRefs(fn, "vpcConfig", values);
            const nodes = topo.nodes(refs);
            if (!nodes.length) {
                if (refs.unknown) ctx.defer(fn, `the subnets of ${fn.name} are not known until deployment`);
                continue; // subnets outside the stack: their routes cannot be read here
            }
            const without: SubnetNode[] = [];
            let undecided: string | undefined;
            for (const n of nodes) {
                const e = topo.hasEgress(n);
                if (e === false) without.push(n);
                else if (typeof e === "object") undecided ??= e.unknown;
            }
            if (!without.length) {
                if (undecided) ctx.defer(fn, undecided);
                continue;
            }
            // Without a route out: the VPC's endpoints must cover what the role may call.
            const vpc = without.map(n => n.vpc).find((v): v is string => typeof v === "string");
            if (!vpc) {
                ctx.defer(fn, `the VPC of subnet ${without[0].resource.name} is not known until deployment`);
                continue;
            }
            const endpoints = topo.endpointsByVpc.get(vpc) ?? [];
            // Interface endpoints serve the whole VPC; gateway endpoints only the route tables they are attached to.
            const offered = { services: new Set<string>(), unknown: topo.endpointsUndecided };
            const tableKeys = new Set<string>();
            for (const n of without) {
                const tables = topo.tablesOf(n);
                if (Array.isArray(tables)) tables.forEach(t => tableKeys.add(t.key));
            }
            for (const e of endpoints) {
                const served = endpointServices([e]);
                const type = endpointType(e);
                if (served.unknown || type === UNKNOWN) {
                    offered.unknown = true;
                    continue;
                }
                if (type.toLowerCase() === "gateway") {
                    const attached = topo.gatewayEndpointTables(e);
                    if (attached === UNKNOWN) {
                        offered.unknown = true;
                        continue;
                    }
                    // Served only when every egress-less subnet's table has the endpoint's route.
                    if (![...tableKeys].every(k => attached.has(k))) continue;
                }
                served.services.forEach(x => offered.services.add(x));
            }
            if (offered.unknown) {
                ctx.defer(fn, "a VPC endpoint's service, type, VPC or route tables are not known until deployment");
                continue;
            }
            const names = without.map(n => n.resource.name).join(", ");
            const vpcName = graph.get(vpc)?.name ?? "its VPC";
            const lookup = functionPermissions(graph, fn);
            if (lookup.status === "undecided") {
                if (!endpoints.length) report(`VPC ${vpcName} has no VPC endpoints`);
                else ctx.defer(fn, lookup.reason);
                continue;
            }
            if (lookup.status === "external") {
                // The role is outside the stack: any endpoint is taken as intent.
                if (!endpoints.length) report(`VPC ${vpcName} has no VPC endpoints`);
                continue;
            }
            const allowed = allowedServicePrefixes(lookup.perms);
            const needed = allowed.all ? ["*"] : servicesNeedingNetwork(allowed.services);
            const missing = needed.filter(s => !offered.services.has(s));
            if (!missing.length) {
                if (allowed.undecided.length) ctx.defer(fn, allowed.undecided[0]);
                continue;
            }
            if (allowed.all) report(`its role ${lookup.role.name} may call any AWS service, which no set of VPC endpoints covers`);
            else report(`VPC ${vpcName} has no endpoint for ${missing.join(", ")} (services its role ${lookup.role.name} may call)`);

            function report(why: string) {
                ctx.report(
                    fn!,
                    `Lambda function ${fn.name} runs in subnet${without.length > 1 ? "s" : ""} ${names} with no default route to a NAT or internet gateway, and ${why}: its AWS SDK calls cannot leave the VPC. Fix: new aws.ec2.Route("${fn.name}-egress", { routeTableId: privateRouteTable.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: nat.id }) or new aws.ec2.VpcEndpoint(...) per service for ${ident(fn.name)}.`,
                );
            }
        }
    },
);
