import { FUNCTION_TYPE, functionPermissions, varName } from "../../lib/aws/lambda";
import { mayPerformAll } from "../../lib/iam/permissions";
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
            const look = functionPermissions(graph, fn);
            if (look.status === "external") continue;
            if (look.status === "undecided") {
                ctx.defer(fn, look.reason);
                continue;
            }
            const r = mayPerformAll(look.perms, LOG_ACTIONS);
            if (!r.missing.length) {
                if (r.undecided) ctx.defer(fn, r.undecided);
                continue;
            }
            if (r.undecided && r.missing.length) {
                // Something unknown may still grant the missing actions.
                ctx.defer(fn, r.undecided);
                continue;
            }
            ctx.report(
                fn,
                `Role ${look.role.name} of Lambda function ${fn.name} does not grant ${r.missing.join(", ")}: the function cannot write its logs. Fix: new aws.iam.RolePolicyAttachment("${fn.name}-logs", { role: ${varName(look.role.name, "role")}.name, policyArn: aws.iam.ManagedPolicy.AWSLambdaBasicExecutionRole }).`,
            );
        }
    },
);
