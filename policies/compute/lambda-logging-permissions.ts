import { LAMBDA_LOG_ACTIONS, executionRoleGrants, functions } from "../../lib/facts/lambda";
import { stackPolicy } from "../../lib/policy";
import { code, newResource, ref } from "../../lib/report/snippets";

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
        for (const fn of functions(graph)) {
            ctx.decide(fn, executionRoleGrants(graph, fn, LAMBDA_LOG_ACTIONS), g => {
                if (!g?.missing.length) return undefined;
                const fix = newResource("aws.iam.RolePolicyAttachment", `${fn.name}-logs`, {
                    role: ref(g.role.name, "name"),
                    policyArn: code("aws.iam.ManagedPolicy.AWSLambdaBasicExecutionRole"),
                });
                return `Role ${g.role.name} of Lambda function ${fn.name} does not grant ${g.missing.join(", ")}: the function cannot write its logs. Fix: ${fix}.`;
            });
        }
    },
);
