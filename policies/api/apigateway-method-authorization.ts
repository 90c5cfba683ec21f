import { types } from "../../lib/aws/types";
import { isAllowedPublic, openEntries } from "../../lib/facts/apigateway";
import { resourcePolicy } from "../../lib/policy";

interface Config {
    allowedPublicRoutes: string[];
    allowCorsPreflight: boolean;
}

export default resourcePolicy<Config>(
    {
        name: "apigateway-method-authorization",
        description:
            'REST API methods (`aws.apigateway.Method`, `authorization`) and HTTP API routes (`aws.apigatewayv2.Route`, `authorizationType`, which defaults to NONE) must not be open to anyone: they use AWS_IAM, a Cognito user pool or a Lambda/JWT authorizer. Routes that are meant to be public, such as a health check, are listed in `allowedPublicRoutes` as route keys ("GET /health"), paths ("/health") or, for REST methods whose path lives on a separate aws.apigateway.Resource, the method\'s logical name. CORS preflight (OPTIONS) is allowed unless `allowCorsPreflight` is false. On WebSocket APIs only the `$connect` route can carry authorization, so only it is checked.',
        severity: "high",
        enforcementLevel: "mandatory",
        section: "C",
        seeds: ["002#1", "002#4"],
        resourceTypes: [types.apigateway.Method, types.apigatewayv2.Route, types.apigateway.RestApi],
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
        ctx.decide(r, openEntries(r), entries => {
            const open = (entries ?? []).filter(
                e => !(e.method === "OPTIONS" && ctx.config.allowCorsPreflight !== false) && !isAllowedPublic(allowed, e, r.name),
            );
            if (!open.length) return undefined;
            const e = open[0];
            if (r.type === types.apigateway.Method) {
                return `REST method ${r.name}${e.method ? ` (${e.method})` : ""} uses authorization "NONE": anyone can call it. Fix: authorization: "CUSTOM", authorizerId: authorizer.id (or "AWS_IAM"), or list "${r.name}" in allowedPublicRoutes if it is meant to be public.`;
            }
            if (r.type === types.apigatewayv2.Route) {
                // The provider fills in NONE when the program sets nothing: say so either way.
                const implicit = e.implicit ? " (authorizationType NONE, which is also the default)" : "";
                return `API route ${r.name}${e.routeKey ? ` (${e.routeKey})` : ""} has no authorization${implicit}: anyone can call it. Fix: authorizationType: "JWT" (or "AWS_IAM" / "CUSTOM"), authorizerId: authorizer.id, or list the route key in allowedPublicRoutes if it is meant to be public.`;
            }
            const list =
                open
                    .slice(0, 5)
                    .map(o => o.routeKey)
                    .join(", ") + (open.length > 5 ? ` and ${open.length - 5} more` : "");
            return `REST API ${r.name} defines operations in its OpenAPI body that anyone can call: ${list}. Fix: a security requirement naming a scheme with x-amazon-apigateway-authorizer (or x-amazon-apigateway-auth: { type: "AWS_IAM" }) on each operation or at the top of the document, or list the route keys in allowedPublicRoutes if they are meant to be public.`;
        });
    },
);
