import { APIGW, isAllowedPublic, routeKeyParts } from "../../lib/aws/apigateway";
import { UNKNOWN } from "../../lib/graph/values";
import { resourcePolicy } from "../../lib/policy";

interface Config {
    allowedPublicRoutes: string[];
    allowCorsPreflight: boolean;
}

/** WebSocket-only route inputs: their presence marks a route of a WebSocket API. */
const WEBSOCKET_ROUTE_INPUTS = ["routeResponseSelectionExpression", "modelSelectionExpression"];

export default resourcePolicy<Config>(
    {
        name: "apigateway-method-authorization",
        description:
            'REST API methods (`aws.apigateway.Method`, `authorization`) and HTTP API routes (`aws.apigatewayv2.Route`, `authorizationType`, which defaults to NONE) must not be open to anyone: they use AWS_IAM, a Cognito user pool or a Lambda/JWT authorizer. Routes that are meant to be public, such as a health check, are listed in `allowedPublicRoutes` as route keys ("GET /health"), paths ("/health") or, for REST methods whose path lives on a separate aws.apigateway.Resource, the method\'s logical name. CORS preflight (OPTIONS) is allowed unless `allowCorsPreflight` is false. On WebSocket APIs only the `$connect` route can carry authorization, so only it is checked.',
        severity: "high",
        enforcementLevel: "mandatory",
        section: "C",
        seeds: ["002#1", "002#4"],
        resourceTypes: [APIGW.method, APIGW.v2Route],
        config: {
            allowedPublicRoutes: {
                type: "array",
                items: { type: "string" },
                default: [],
                description: 'Methods and routes that may be public: route keys ("GET /health", globs allowed), paths ("/health") or logical resource names.',
            },
            allowCorsPreflight: { type: "boolean", default: true, description: "Allow OPTIONS methods and routes without authorization (CORS preflight)." },
        },
        remediation:
            'Attach an authorizer (or IAM auth) to the method or route:\n  new aws.apigateway.Method("get-items", { restApi: api.id, resourceId: items.id, httpMethod: "GET", authorization: "CUSTOM", authorizerId: authorizer.id });\n  new aws.apigatewayv2.Route("get-items", { apiId: httpApi.id, routeKey: "GET /items", authorizationType: "JWT", authorizerId: jwtAuthorizer.id, target: pulumi.interpolate`integrations/${integration.id}` });\nOr list an intentionally public route in the policy config: allowedPublicRoutes: ["GET /health"].',
        url: "https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-to-api.html",
        peers: { checkov: ["CKV_AWS_59"], securityHub: ["APIGateway.8"], cdkNag: ["AwsSolutions-APIG4"] },
    },
    (r, ctx) => {
        const allowed = Array.isArray(ctx.config.allowedPublicRoutes) ? ctx.config.allowedPublicRoutes : [];
        if (r.type === APIGW.method) {
            const auth = r.props.get("authorization");
            if (auth === UNKNOWN) return ctx.defer(r, "authorization is not known until deployment");
            if (typeof auth !== "string" || auth.trim().toUpperCase() !== "NONE") return;
            const method = r.props.get("httpMethod");
            if (method === UNKNOWN) return ctx.defer(r, "httpMethod is not known until deployment");
            const httpMethod = typeof method === "string" ? method.toUpperCase() : undefined;
            if (httpMethod === "OPTIONS" && ctx.config.allowCorsPreflight !== false) return;
            if (isAllowedPublic(allowed, { method: httpMethod, logicalName: r.name })) return;
            ctx.report(
                r,
                `REST method ${r.name}${httpMethod ? ` (${httpMethod})` : ""} uses authorization "NONE": anyone can call it. Fix: authorization: "CUSTOM", authorizerId: authorizer.id (or "AWS_IAM"), or list "${r.name}" in allowedPublicRoutes if it is meant to be public.`,
            );
            return;
        }
        // HTTP / WebSocket route
        const auth = r.props.get("authorizationType");
        if (auth === UNKNOWN) return ctx.defer(r, "authorizationType is not known until deployment");
        if (auth !== undefined && (typeof auth !== "string" || auth.trim().toUpperCase() !== "NONE")) return;
        const key = r.props.get("routeKey");
        if (key === UNKNOWN) return ctx.defer(r, "routeKey is not known until deployment");
        const routeKey = typeof key === "string" ? key.trim() : undefined;
        const parts = routeKey ? routeKeyParts(routeKey) : {};
        if (routeKey !== undefined && !parts.method) {
            // WebSocket route keys ($connect, $disconnect, actions) or the $default catch-all.
            if (routeKey === "$connect") {
                /* checked below */
            } else if (routeKey !== "$default") return;
            else if (WEBSOCKET_ROUTE_INPUTS.some(p => r.props.has(p))) return;
        }
        if (parts.method === "OPTIONS" && ctx.config.allowCorsPreflight !== false) return;
        if (isAllowedPublic(allowed, { method: parts.method, path: parts.path, routeKey, logicalName: r.name })) return;
        // The provider fills in NONE when the program sets nothing: say so either way.
        const implicit = auth === undefined || auth === "NONE" ? " (authorizationType NONE, which is also the default)" : "";
        ctx.report(
            r,
            `API route ${r.name}${routeKey ? ` (${routeKey})` : ""} has no authorization${implicit}: anyone can call it. Fix: authorizationType: "JWT" (or "AWS_IAM" / "CUSTOM"), authorizerId: authorizer.id, or list the route key in allowedPublicRoutes if it is meant to be public.`,
        );
    },
);
