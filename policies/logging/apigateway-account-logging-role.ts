import { accountLoggingRole, restLoggingSources, turnsOnRestLogging } from "../../lib/facts/apigateway";
import { stackPolicy } from "../../lib/policy";

export default stackPolicy<{ accountRoleManagedElsewhere: boolean }>(
    {
        name: "apigateway-account-logging-role",
        description:
            'REST API logging (stage access logs, or execution logs through MethodSettings `loggingLevel` INFO/ERROR or `dataTraceEnabled`) only works once the API Gateway account settings of the region name a CloudWatch Logs role. When the stack logs but sets no `aws.apigateway.Account` with `cloudwatchRoleArn`, the deployment fails with "CloudWatch Logs role ARN must be set in account settings" (report 000, which then commented logging out). Set config `accountRoleManagedElsewhere: true` when another stack owns the account setting.',
        severity: "medium",
        enforcementLevel: "advisory",
        section: "A",
        seeds: ["000#4"],
        config: {
            accountRoleManagedElsewhere: {
                type: "boolean",
                default: false,
                description: "The API Gateway account's CloudWatch role is set outside this stack (another stack or by hand).",
            },
        },
        remediation:
            'Create a role API Gateway can assume and register it once per account and region:\n  const apigwLogsRole = new aws.iam.Role("apigw-logs", { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "apigateway.amazonaws.com" }, Action: "sts:AssumeRole" }] }) });\n  new aws.iam.RolePolicyAttachment("apigw-logs", { role: apigwLogsRole.name, policyArn: "arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs" });\n  new aws.apigateway.Account("account", { cloudwatchRoleArn: apigwLogsRole.arn });',
        url: "https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html#set-up-access-logging-permissions",
        peers: { checkov: [], securityHub: [], cdkNag: [] },
    },
    (graph, ctx) => {
        if (ctx.config.accountRoleManagedElsewhere === true) return;
        for (const r of restLoggingSources(graph)) {
            ctx.decide(r, turnsOnRestLogging(r), logs => {
                if (!logs) return undefined;
                ctx.decide(r, accountLoggingRole(graph, r), role => {
                    if (!role || role.covered) return undefined;
                    const what = logs === "access" ? `REST API stage ${r.name} sends access logs` : `Method settings ${r.name} turn on execution logging`;
                    return `${what} but the stack sets no aws.apigateway.Account cloudwatchRoleArn${role.region ? ` in ${role.region}` : ""}: the deployment fails with "CloudWatch Logs role ARN must be set in account settings". Fix: new aws.apigateway.Account("account", { cloudwatchRoleArn: apigwLogsRole.arn }) (or config accountRoleManagedElsewhere: true).`;
                });
                return undefined;
            });
        }
    },
);
