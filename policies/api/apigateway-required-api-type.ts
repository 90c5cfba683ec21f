import { restApis, v2ApiKind, v2Apis } from "../../lib/facts/apigateway";
import { stackPolicy } from "../../lib/policy";
import { identifier } from "../../lib/report/snippets";

interface Config {
    type: "http" | "rest" | "any";
}

export default stackPolicy<Config>(
    {
        name: "apigateway-required-api-type",
        description:
            "When the requirements name the kind of API Gateway, the stack must build that kind. Config `type`: `http` requires API Gateway v2 APIs (`aws.apigatewayv2.Api`, protocolType HTTP or WEBSOCKET) and flags every REST API (`aws.apigateway.RestApi`); `rest` flags every v2 API; `any` (the default) checks nothing. Report 000 asked for an HTTP API and got a REST API, with a different price, feature set and integration model.",
        severity: "medium",
        enforcementLevel: "mandatory",
        section: "C",
        seeds: ["000#1"],
        config: {
            type: {
                type: "string",
                enum: ["http", "rest", "any"],
                default: "any",
                description: "The kind of API the requirements ask for: http (API Gateway v2), rest (API Gateway v1) or any.",
            },
        },
        remediation:
            'Build the kind of API the requirements name. For an HTTP API:\n  const api = new aws.apigatewayv2.Api("api", { protocolType: "HTTP" });\n  new aws.apigatewayv2.Stage("api-stage", { apiId: api.id, name: "$default", autoDeploy: true });\nFor a REST API: new aws.apigateway.RestApi("api", {}).',
        url: "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-vs-rest.html",
        peers: {},
    },
    (graph, ctx) => {
        const want = ctx.config.type;
        for (const api of want === "http" ? restApis(graph) : []) {
            ctx.report(
                api,
                `REST API ${api.name} is not the HTTP API the requirements ask for (config type: http). Fix: new aws.apigatewayv2.Api(${JSON.stringify(api.name)}, { protocolType: "HTTP" }) in place of aws.apigateway.RestApi.`,
            );
        }
        for (const api of want === "rest" ? v2Apis(graph) : []) {
            ctx.report(
                api,
                `${v2ApiKind(api)} ${api.name} is not the REST API the requirements ask for (config type: rest). Fix: const ${identifier(api.name, "api")} = new aws.apigateway.RestApi(${JSON.stringify(api.name)}, {}) in place of aws.apigatewayv2.Api.`,
            );
        }
    },
);
