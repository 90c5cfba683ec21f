import { ACCOUNT_TYPE, METHOD_SETTINGS_TYPE, REST_STAGE_TYPE } from "../../lib/aws/apigateway-logging";
import { resourceRegion } from "../../lib/aws/logs";
import { ResourceView } from "../../lib/graph/resource";
import { UNKNOWN, field } from "../../lib/graph/values";
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
        const loggers: { r: ResourceView; what: string }[] = [];
        for (const stage of graph.ofType(REST_STAGE_TYPE)) {
            const s = stage.props.get("accessLogSettings");
            if (s === UNKNOWN) ctx.defer(stage, "accessLogSettings is not known until deployment");
            else if (s !== undefined && s !== null) loggers.push({ r: stage, what: `REST API stage ${stage.name} sends access logs` });
        }
        for (const ms of graph.ofType(METHOD_SETTINGS_TYPE)) {
            const settings = ms.props.get("settings");
            if (settings === UNKNOWN) {
                ctx.defer(ms, "settings is not known until deployment");
                continue;
            }
            const level = field(settings, "loggingLevel");
            const trace = field(settings, "dataTraceEnabled");
            if (level === UNKNOWN || trace === UNKNOWN) {
                ctx.defer(ms, "the logging level is not known until deployment");
                continue;
            }
            const logs = (typeof level === "string" && ["INFO", "ERROR"].includes(level.toUpperCase())) || trace === true || trace === "true";
            if (logs) loggers.push({ r: ms, what: `method settings ${ms.name} turn on execution logging` });
        }
        if (!loggers.length) return;

        // Regions whose account setting the stack configures (unknown region or role counts as set).
        const configured = new Set<string>();
        let anyRegion = false;
        for (const acct of graph.ofType(ACCOUNT_TYPE)) {
            const role = acct.props.get("cloudwatchRoleArn");
            if (role === undefined || role === "" || (role !== UNKNOWN && typeof role !== "string")) continue;
            const region = resourceRegion(acct);
            if (typeof region === "string") configured.add(region);
            else anyRegion = true;
        }
        for (const { r, what } of loggers) {
            const region = resourceRegion(r);
            if (anyRegion || (typeof region === "string" && configured.has(region))) continue;
            if (region === UNKNOWN || (region === undefined && configured.size)) {
                if (configured.size) {
                    ctx.defer(r, "the region is not known until deployment");
                    continue;
                }
            }
            ctx.report(
                r,
                `${capitalize(what)} but the stack sets no aws.apigateway.Account cloudwatchRoleArn${typeof region === "string" ? ` in ${region}` : ""}: the deployment fails with "CloudWatch Logs role ARN must be set in account settings". Fix: new aws.apigateway.Account("account", { cloudwatchRoleArn: apigwLogsRole.arn }) (or config accountRoleManagedElsewhere: true).`,
            );
        }
    },
);

function capitalize(s: string): string {
    return s.charAt(0).toUpperCase() + s.slice(1);
}
