import { FUNCTION_TYPE, roleGrantsAll, varName } from "../../lib/aws/lambda";
import { UNKNOWN } from "../../lib/graph/values";
import { stackPolicy } from "../../lib/policy";

export const VPC_ACTIONS = ["ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface"];

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
        for (const fn of graph.ofType(FUNCTION_TYPE)) {
            const vpc = fn.props.get("vpcConfig");
            if (vpc === undefined) continue;
            if (vpc === UNKNOWN) {
                ctx.defer(fn, "vpcConfig is not known until deployment");
                continue;
            }
            const subnets = fn.props.get("vpcConfig.subnetIds");
            if (subnets !== UNKNOWN && (!Array.isArray(subnets) || subnets.length === 0)) continue; // no subnets: not attached to a VPC
            const verdict = roleGrantsAll(graph, fn, VPC_ACTIONS);
            if (verdict.status === "undecided") ctx.defer(fn, verdict.reason);
            if (verdict.status !== "missing") continue;
            const { role, missing } = verdict;
            ctx.report(
                fn,
                `Lambda function ${fn.name} runs in a VPC but its role ${role.name} does not grant ${missing.join(", ")}: creating the function fails. Fix: new aws.iam.RolePolicyAttachment("${fn.name}-vpc", { role: ${varName(role.name, "role")}.name, policyArn: aws.iam.ManagedPolicy.AWSLambdaVPCAccessExecutionRole }).`,
            );
        }
    },
);
