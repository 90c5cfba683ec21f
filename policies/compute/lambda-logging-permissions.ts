import { FUNCTION_TYPE, roleGrantsAll, varName } from "../../lib/aws/lambda";
import { stackPolicy } from "../../lib/policy";

export const LOG_ACTIONS = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"];

export default stackPolicy(
    {
        name: "lambda-logging-permissions",
        description:
            "A Lambda function's execution role grants logs:CreateLogGroup, logs:CreateLogStream and logs:PutLogEvents, through its own inline or role policies, attached customer policies, or the AWS managed AWSLambdaBasicExecutionRole / AWSLambdaVPCAccessExecutionRole. Without them the function runs but its logs are silently lost, or it fails when its log group does not exist yet.",
        severity: "medium",
        enforcementLevel: "mandatory",
        section: "C",
        seeds: ["000#7"],
        remediation:
            'Attach the AWS managed basic execution policy (or grant the three logs actions yourself):\n  new aws.iam.RolePolicyAttachment("fn-logs", { role: role.name, policyArn: aws.iam.ManagedPolicy.AWSLambdaBasicExecutionRole });',
        url: "https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html",
        peers: { checkov: [], securityHub: [], cdkNag: [] },
    },
    (graph, ctx) => {
        for (const fn of graph.ofType(FUNCTION_TYPE)) {
            const verdict = roleGrantsAll(graph, fn, LOG_ACTIONS);
            if (verdict.status === "undecided") ctx.defer(fn, verdict.reason);
            if (verdict.status !== "missing") continue;
            const { role, missing } = verdict;
            ctx.report(
                fn,
                `Role ${role.name} of Lambda function ${fn.name} does not grant ${missing.join(", ")}: the function cannot write its logs. Fix: new aws.iam.RolePolicyAttachment("${fn.name}-logs", { role: ${varName(role.name, "role")}.name, policyArn: aws.iam.ManagedPolicy.AWSLambdaBasicExecutionRole }).`,
            );
        }
    },
);
