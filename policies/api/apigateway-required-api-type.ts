import { APIGW, varName } from "../../lib/aws/apigateway";
import { UNKNOWN } from "../../lib/graph/values";
import { stackPolicy } from "../../lib/policy";

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
        if (want === "http") {
            for (const api of graph.ofType(APIGW.restApi)) {
                ctx.report(
                    api,
                    `REST API ${api.name} is not the HTTP API the requirements ask for (config type: http). Fix: new aws.apigatewayv2.Api("${api.name}", { protocolType: "HTTP" }) in place of aws.apigateway.RestApi.`,
                );
            }
        } else if (want === "rest") {
            for (const api of graph.ofType(APIGW.v2Api)) {
                const proto = api.props.get("protocolType");
                const kind =
                    proto === UNKNOWN
                        ? "API Gateway v2 API"
                        : typeof proto === "string"
                          ? `${proto.toUpperCase() === "WEBSOCKET" ? "WebSocket" : "HTTP"} API`
                          : "API Gateway v2 API";
                ctx.report(
                    api,
                    `${kind} ${api.name} is not the REST API the requirements ask for (config type: rest). Fix: const ${varName(api.name, "api")} = new aws.apigateway.RestApi("${api.name}", {}) in place of aws.apigatewayv2.Api.`,
                );
            }
        }
    },
);
