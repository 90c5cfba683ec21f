import { REST_API_TYPE, REST_STAGE_TYPE, STAGE_TYPES, V2_API_TYPE, readAccessLog } from "../../lib/aws/apigateway-logging";
import { varName } from "../../lib/aws/kms";
import { LOG_GROUP_TYPE } from "../../lib/aws/logs";
import { ResourceView } from "../../lib/graph/resource";
import { UNKNOWN } from "../../lib/graph/values";
import { stackPolicy } from "../../lib/policy";

const FORMAT = 'JSON.stringify({ requestId: "$context.requestId", ip: "$context.identity.sourceIp", status: "$context.status" })';

export default stackPolicy(
    {
        name: "apigateway-stage-access-logging",
        description:
            "Every REST (`aws.apigateway.Stage`) and HTTP/WebSocket (`aws.apigatewayv2.Stage`) stage sends access logs: `accessLogSettings.destinationArn` names a log group of the stack (or a well-formed log group ARN) and `format` is non-empty. A log group the stack created for an API (named /aws/apigateway/..., or named after the API) that no stage writes to is flagged too: it is the sign of logging that was meant but never wired (report 000).",
        severity: "medium",
        enforcementLevel: "mandatory",
        section: "A",
        seeds: ["000#4", "000#5", "003#8"],
        remediation:
            'Point the stage at a log group with a format:\n  const apiLogs = new aws.cloudwatch.LogGroup("api-access-logs", { retentionInDays: 90, kmsKeyId: logsKey.arn });\n  new aws.apigateway.Stage("prod", { restApi: api.id, deployment: deployment.id, stageName: "prod",\n    accessLogSettings: { destinationArn: apiLogs.arn, format: JSON.stringify({ requestId: "$context.requestId", status: "$context.status" }) } });\nREST APIs also need an aws.apigateway.Account with cloudwatchRoleArn (see apigateway-account-logging-role).',
        url: "https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html",
        peers: { checkov: ["CKV_AWS_76"], securityHub: ["APIGateway.1", "APIGateway.9"], cdkNag: ["AwsSolutions-APIG1"] },
    },
    (graph, ctx) => {
        const used = new Set<string>();
        let usedUndecided = false;
        for (const stage of graph.ofType(...STAGE_TYPES)) {
            const kind = stage.type === REST_STAGE_TYPE ? "REST API stage" : "API stage";
            const ctor = stage.type === REST_STAGE_TYPE ? "aws.apigateway.Stage" : "aws.apigatewayv2.Stage";
            // Any log group this stage's settings depend on counts as used, whatever else is wrong.
            for (const urn of stage.propertyDependencies["accessLogSettings"] ?? []) used.add(urn);
            const reading = readAccessLog(graph, stage);
            switch (reading.status) {
                case "ok":
                    if (reading.logGroup) used.add(reading.logGroup.urn);
                    break;
                case "unknown":
                    usedUndecided = true;
                    ctx.defer(stage, reading.reason);
                    break;
                case "absent":
                    ctx.report(
                        stage,
                        `${kind} ${stage.name} has no access logging. Fix: new ${ctor}("${stage.name}", { ..., accessLogSettings: { destinationArn: apiLogs.arn, format: ${FORMAT} } }).`,
                    );
                    break;
                case "bad":
                    ctx.report(
                        stage,
                        `${kind} ${stage.name} has access log settings with ${reading.problem}. Fix: accessLogSettings: { destinationArn: apiLogs.arn, format: ${FORMAT} }.`,
                    );
                    break;
            }
        }
        for (const lg of graph.ofType(LOG_GROUP_TYPE)) {
            const api = createdForApi(graph, lg);
            if (!api || used.has(lg.urn)) continue;
            if (api === "unknown") {
                ctx.defer(lg, "the log group's name (access or execution logs) is not known until deployment");
                continue;
            }
            if (usedUndecided) {
                ctx.defer(lg, "a stage's access log destination is not known until deployment");
                continue;
            }
            ctx.report(
                lg,
                `Log group ${lg.name} was created for ${api === true ? "API Gateway access logs" : `API ${api}`} but no stage sends access logs to it. Fix: accessLogSettings: { destinationArn: ${varName(lg.name, "logGroup")}.arn, format: ${FORMAT} } on the API's stage.`,
            );
        }
    },
);

/** The API a log group was made for (its name), true when only its name says so, or undefined. */
function createdForApi(graph: { get(urn: string): ResourceView | undefined }, lg: ResourceView): string | true | "unknown" | undefined {
    let api: string | undefined;
    for (const urn of lg.propertyDependencies["name"] ?? []) {
        const r = graph.get(urn);
        if (r && (r.type === REST_API_TYPE || r.type === V2_API_TYPE || r.type === REST_STAGE_TYPE)) api = r.name;
    }
    const name = lg.props.get("name");
    // The name decides: an execution-log group (API-Gateway-Execution-Logs_<id>/<stage>) is not for access logs.
    if (name === UNKNOWN) return api ? "unknown" : undefined;
    if (typeof name !== "string") return undefined;
    if (/^API-Gateway-Execution-Logs_/i.test(name) || /^\/aws\/apigateway\/welcome$/i.test(name)) return undefined;
    if (api) return api;
    return /^\/aws\/apigateway\//i.test(name) ? true : undefined;
}
