import { accessLogging, apiStages, isRestStage, logGroups, unusedApiLogGroup } from "../../lib/facts/apigateway";
import { stackPolicy } from "../../lib/policy";
import { ref } from "../../lib/report/snippets";

const FORMAT = 'JSON.stringify({ requestId: "$context.requestId", ip: "$context.identity.sourceIp", status: "$context.status" })';

export default stackPolicy(
    {
        name: "apigateway-stage-access-logging",
        description:
            "Every REST (`aws.apigateway.Stage`) and HTTP/WebSocket (`aws.apigatewayv2.Stage`) stage sends access logs: `accessLogSettings.destinationArn` is the ARN of a log group of the stack (or a well-formed log group ARN) and `format` is non-empty. A log group's *name* (`destinationArn: logGroup.name`) is rejected by API Gateway and is a violation. A log group the stack created for an API (named /aws/apigateway/..., or named after the API) that no stage writes to is flagged too: it is the sign of logging that was meant but never wired (report 000).",
        severity: "medium",
        enforcementLevel: "mandatory",
        section: "A",
        seeds: ["000#4", "000#5", "003#8"],
        remediation:
            'Point the stage at a log group with a format:\n  const apiLogs = new aws.cloudwatch.LogGroup("api-access-logs", { retentionInDays: 90, kmsKeyId: logsKey.arn });\n  new aws.apigateway.Stage("prod", { restApi: api.id, deployment: deployment.id, stageName: "prod",\n    accessLogSettings: { destinationArn: apiLogs.arn, format: JSON.stringify({ requestId: "$context.requestId", status: "$context.status" }) } });\nREST APIs also need an aws.apigateway.Account with cloudwatchRoleArn (see apigateway-account-logging-role).',
        url: "https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html",
        peers: { checkov: ["CKV_AWS_76"], securityHub: ["APIGateway.9"], cdkNag: ["AwsSolutions-APIG1"] },
    },
    (graph, ctx) => {
        for (const stage of apiStages(graph)) {
            const kind = isRestStage(stage) ? "REST API stage" : "API stage";
            const ctor = isRestStage(stage) ? "aws.apigateway.Stage" : "aws.apigatewayv2.Stage";
            ctx.decide(stage, accessLogging(graph, stage), log => {
                if (log?.status === "absent") {
                    return `${kind} ${stage.name} has no access logging. Fix: new ${ctor}(${JSON.stringify(stage.name)}, { ..., accessLogSettings: { destinationArn: apiLogs.arn, format: ${FORMAT} } }).`;
                }
                if (log?.status === "bad") {
                    return `${kind} ${stage.name} has access log settings with ${log.what}. Fix: accessLogSettings: { destinationArn: apiLogs.arn, format: ${FORMAT} }.`;
                }
                return undefined;
            });
        }
        for (const lg of logGroups(graph)) {
            ctx.decide(lg, unusedApiLogGroup(graph, lg), api => {
                if (api === undefined) return undefined;
                const what = api === true ? "API Gateway access logs" : `API ${api}`;
                return `Log group ${lg.name} was created for ${what} but no stage sends access logs to it. Fix: accessLogSettings: { destinationArn: ${ref(lg.name, "arn").text}, format: ${FORMAT} } on the API's stage.`;
            });
        }
    },
);
