import { varName } from "../../lib/aws/kms";
import { stackPolicy } from "../../lib/policy";

const VPC = "aws:ec2/vpc:Vpc";
const FLOW_LOG = "aws:ec2/flowLog:FlowLog";

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
        const index = graph.linksTo([FLOW_LOG], "vpcId", [VPC]);
        for (const vpc of graph.ofType(VPC)) {
            if ((index.get(vpc.urn) ?? []).length) continue;
            if (index.undecided.length) {
                ctx.defer(vpc, `flow log ${index.undecided[0].name} names a VPC not known until deployment`);
                continue;
            }
            ctx.report(
                vpc,
                `VPC ${vpc.name} has no flow log. Fix: new aws.ec2.FlowLog("${vpc.name}-flow-log", { vpcId: ${varName(vpc.name, "vpc")}.id, trafficType: "ALL", logDestination: flowLogGroup.arn, iamRoleArn: flowLogRole.arn }).`,
            );
        }
    },
);
