import { ENDPOINT_POLICY_TYPES, endpointPolicy } from "../../lib/facts/network";
import { resourcePolicy } from "../../lib/policy";
import { identifier } from "../../lib/report/snippets";

export default resourcePolicy(
    {
        name: "vpc-endpoint-policy-scope",
        description:
            "A VPC endpoint policy (inline `policy` on `aws.ec2.VpcEndpoint`, or an `aws.ec2.VpcEndpointPolicy`) does not Allow every action (`*`) to every principal (`*`) without a condition: such a statement is the full-access default written out, and lets any identity use the endpoint to reach any resource of the service, including other accounts' buckets (a data exfiltration path). An unreadable document is flagged as well (AWS rejects it).",
        severity: "medium",
        enforcementLevel: "advisory",
        section: "B",
        seeds: ["002#3"],
        resourceTypes: ENDPOINT_POLICY_TYPES,
        remediation:
            'Scope the endpoint policy to the actions and resources the workload needs, or narrow it with a condition:\n  new aws.ec2.VpcEndpoint("s3", { vpcId: vpc.id, serviceName: `com.amazonaws.${region}.s3`, policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: ["s3:GetObject", "s3:PutObject"], Resource: [`${bucketArn}/*`], Condition: { StringEquals: { "aws:PrincipalAccount": accountId } } }] }) });',
        url: "https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html",
        peers: {},
    },
    (endpoint, ctx) => {
        ctx.decide(endpoint, endpointPolicy(endpoint), policy => {
            if (!policy) return undefined;
            if ("unreadable" in policy)
                return `The endpoint policy of ${endpoint.name} cannot be read (${policy.unreadable}); AWS rejects it. Fix: policy: JSON.stringify({ Version: "2012-10-17", Statement: [...] }) with scoped actions.`;
            if (!policy.openStatement) return undefined;
            return `The endpoint policy of ${endpoint.name} Allows every action to every principal without a condition (${policy.openStatement}). Fix: policy for ${identifier(endpoint.name)} with Action: ["<service>:<Action>", ...], Resource: [<your resources>] and/or Condition: { StringEquals: { "aws:PrincipalAccount": accountId } }.`;
        });
    },
);
