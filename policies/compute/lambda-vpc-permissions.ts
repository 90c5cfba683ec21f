import { LAMBDA_VPC_ACTIONS, attachedToVpc, executionRoleGrants, functions } from "../../lib/facts/lambda";
import { stackPolicy } from "../../lib/policy";
import { code, newResource, ref } from "../../lib/report/snippets";

export default stackPolicy(
    {
        name: "lambda-vpc-permissions",
        description:
            'A Lambda function with `vpcConfig` needs an execution role that can manage its elastic network interfaces (ec2:CreateNetworkInterface, ec2:DescribeNetworkInterfaces, ec2:DeleteNetworkInterface), for example through the AWS managed AWSLambdaVPCAccessExecutionRole. Without them the function\'s creation fails with "The provided execution role does not have permissions to call CreateNetworkInterface on EC2".',
        severity: "high",
        enforcementLevel: "mandatory",
        section: "C",
        seeds: ["000"],
        remediation:
            'Attach the AWS managed VPC access policy to the function\'s role:\n  new aws.iam.RolePolicyAttachment("fn-vpc", { role: role.name, policyArn: aws.iam.ManagedPolicy.AWSLambdaVPCAccessExecutionRole });',
        url: "https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html#configuration-vpc-permissions",
        peers: { checkov: [], securityHub: [], cdkNag: [] },
    },
    (graph, ctx) => {
        for (const fn of functions(graph)) {
            ctx.decide(fn, attachedToVpc(fn), inVpc => {
                if (!inVpc) return undefined;
                ctx.decide(fn, executionRoleGrants(graph, fn, LAMBDA_VPC_ACTIONS), g => {
                    if (!g?.missing.length) return undefined;
                    const fix = newResource("aws.iam.RolePolicyAttachment", `${fn.name}-vpc`, {
                        role: ref(g.role.name, "name"),
                        policyArn: code("aws.iam.ManagedPolicy.AWSLambdaVPCAccessExecutionRole"),
                    });
                    return `Lambda function ${fn.name} runs in a VPC but its role ${g.role.name} does not grant ${g.missing.join(", ")}: creating the function fails. Fix: ${fix}.`;
                });
                return undefined;
            });
        }
    },
);
