import { vpcFlowLogs, vpcs } from "../../lib/facts/network";
import { stackPolicy } from "../../lib/policy";
import { newResource, ref } from "../../lib/report/snippets";

export default stackPolicy(
    {
        name: "vpc-flow-logs",
        description:
            "Every VPC the stack creates has an `aws.ec2.FlowLog` whose `vpcId` references it. Flow logs are the network audit trail: without them rejected connections, scans and data exfiltration leave no record (report 003). Flow logs on single subnets or interfaces do not cover the VPC.",
        severity: "medium",
        enforcementLevel: "mandatory",
        section: "A",
        seeds: ["003#8"],
        remediation:
            'Log all traffic of the VPC to CloudWatch Logs (or S3):\n  new aws.ec2.FlowLog("vpc-flow-log", { vpcId: vpc.id, trafficType: "ALL", logDestinationType: "cloud-watch-logs", logDestination: flowLogGroup.arn, iamRoleArn: flowLogRole.arn });',
        url: "https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html",
        peers: { checkov: ["CKV2_AWS_11"], securityHub: ["EC2.6"], cdkNag: ["AwsSolutions-VPC7"] },
    },
    (graph, ctx) => {
        for (const vpc of vpcs(graph)) {
            ctx.decide(vpc, vpcFlowLogs(graph, vpc), logs => {
                if (logs?.length) return undefined;
                const fix = newResource("aws.ec2.FlowLog", `${vpc.name}-flow-log`, {
                    vpcId: ref(vpc.name, "id"),
                    trafficType: "ALL",
                    logDestination: ref("flowLogGroup", "arn"),
                    iamRoleArn: ref("flowLogRole", "arn"),
                });
                return `VPC ${vpc.name} has no flow log. Fix: ${fix}.`;
            });
        }
    },
);
