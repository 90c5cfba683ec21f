import { grantsAllActions, readDocument } from "../../lib/iam/document";
import { resourcePolicy } from "../../lib/policy";
import { ident } from "../../lib/network/topology";

export default resourcePolicy(
    {
        name: "vpc-endpoint-policy-scope",
        description:
            "A VPC endpoint policy (inline `policy` on `aws.ec2.VpcEndpoint`, or an `aws.ec2.VpcEndpointPolicy`) does not Allow every action (`*`) to every principal (`*`) without a condition: such a statement is the full-access default written out, and lets any identity use the endpoint to reach any resource of the service, including other accounts' buckets (a data exfiltration path). An unreadable document is flagged as well (AWS rejects it).",
        severity: "medium",
        enforcementLevel: "advisory",
        section: "B",
        seeds: ["002#3"],
        resourceTypes: ["aws:ec2/vpcEndpoint:VpcEndpoint", "aws:ec2/vpcEndpointPolicy:VpcEndpointPolicy"],
        remediation:
            'Scope the endpoint policy to the actions and resources the workload needs, or narrow it with a condition:\n  new aws.ec2.VpcEndpoint("s3", { vpcId: vpc.id, serviceName: `com.amazonaws.${region}.s3`, policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: ["s3:GetObject", "s3:PutObject"], Resource: [`${bucketArn}/*`], Condition: { StringEquals: { "aws:PrincipalAccount": accountId } } }] }) });',
        url: "https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html",
        peers: {},
    },
    (endpoint, ctx) => {
        const reading = readDocument(endpoint.props.get("policy"));
        if (reading.status === "absent") return;
        if (reading.status === "unknown") return ctx.defer(endpoint, "the endpoint policy is not known until deployment");
        if (reading.status === "malformed") {
            return ctx.report(
                endpoint,
                `The endpoint policy of ${endpoint.name} cannot be read (${reading.reason}); AWS rejects it. Fix: policy: JSON.stringify({ Version: "2012-10-17", Statement: [...] }) with scoped actions.`,
            );
        }
        let deferred = false;
        for (const st of reading.statements) {
            if (st.effect !== "Allow") continue;
            const open = st.principals?.wildcard === true;
            const allActions = grantsAllActions(st);
            const unconditioned = Object.keys(st.conditions).length === 0;
            if (open && allActions && unconditioned && !st.hasUnknown) {
                const which = st.sid ? `statement "${st.sid.replace(/[^\w -]/g, "")}"` : `statement ${st.index + 1}`;
                return ctx.report(
                    endpoint,
                    `The endpoint policy of ${endpoint.name} Allows every action to every principal without a condition (${which}). Fix: policy for ${ident(endpoint.name)} with Action: ["<service>:<Action>", ...], Resource: [<your resources>] and/or Condition: { StringEquals: { "aws:PrincipalAccount": accountId } }.`,
                );
            }
            if (st.hasUnknown || st.principals?.unknown) deferred = true;
        }
        if (deferred) ctx.defer(endpoint, "part of the endpoint policy is not known until deployment");
    },
);
