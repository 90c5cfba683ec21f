import { lambdaEgressGap, lambdaFunctions } from "../../lib/facts/network";
import { stackPolicy } from "../../lib/policy";
import { identifier, newResource, ref } from "../../lib/report/snippets";

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
        for (const fn of lambdaFunctions(graph)) {
            ctx.decide(fn, lambdaEgressGap(graph, fn), e => {
                if (!e) return undefined;
                const why =
                    e.gap.kind === "no-endpoints"
                        ? `VPC ${e.vpcName} has no VPC endpoints`
                        : e.gap.kind === "any-service"
                          ? `its role ${e.gap.role} may call any AWS service, which no set of VPC endpoints covers`
                          : `VPC ${e.vpcName} has no endpoint for ${e.gap.services.join(", ")} (services its role ${e.gap.role} may call)`;
                const names = e.subnets.map(n => n.resource.name).join(", ");
                const route = newResource("aws.ec2.Route", `${fn.name}-egress`, {
                    routeTableId: ref("privateRouteTable", "id"),
                    destinationCidrBlock: "0.0.0.0/0",
                    natGatewayId: ref("nat", "id"),
                });
                return `Lambda function ${fn.name} runs in subnet${e.subnets.length > 1 ? "s" : ""} ${names} with no default route to a NAT or internet gateway, and ${why}: its AWS SDK calls cannot leave the VPC. Fix: ${route} or new aws.ec2.VpcEndpoint(...) per service for ${identifier(fn.name)}.`;
            });
        }
    },
);
