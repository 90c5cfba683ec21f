import { types } from "../../lib/aws/types";
import { AuthorizerProblem, authorizerProblems } from "../../lib/facts/apigateway";
import { resourcePolicy } from "../../lib/policy";

const SAID: Record<AuthorizerProblem["kind"], [string, string]> = {
    identitySource: ["", 'identitySource: "method.request.header.Authorization"'],
    cachingOff: ["result caching is off (authorizerResultTtlInSeconds: 0), so every request invokes the authorizer", "authorizerResultTtlInSeconds: 300"],
    ttlNotANumber: ["authorizerResultTtlInSeconds is not a number", "authorizerResultTtlInSeconds: 300"],
};

export default resourcePolicy(
    {
        name: "apigateway-authorizer-config",
        description:
            "A REST API Lambda TOKEN authorizer (`aws.apigateway.Authorizer`, type TOKEN, the default) reads exactly one header: `identitySource` must be a single `method.request.header.<Name>` (a list or a comma-separated set of sources belongs to a REQUEST authorizer and fails the deployment or every call). Result caching (`authorizerResultTtlInSeconds`) must not be 0 on TOKEN and REQUEST authorizers: with caching off every request invokes the authorizer Lambda, adding latency and cost (report 002#1).",
        severity: "medium",
        enforcementLevel: "advisory",
        section: "C",
        seeds: ["002#1"],
        resourceTypes: [types.apigateway.Authorizer],
        remediation:
            'Read one header and keep result caching on:\n  new aws.apigateway.Authorizer("token-auth", { restApi: api.id, type: "TOKEN", authorizerUri: authFn.invokeArn, identitySource: "method.request.header.Authorization", authorizerResultTtlInSeconds: 300 });',
        url: "https://docs.aws.amazon.com/apigateway/latest/developerguide/configure-api-gateway-lambda-authorization.html",
        peers: {},
    },
    (auth, ctx) => {
        ctx.decide(auth, authorizerProblems(auth), found => {
            if (!found?.problems.length) return undefined;
            const problems = found.problems.map(p =>
                p.kind === "identitySource"
                    ? `identitySource is ${p.shape}; a TOKEN authorizer reads exactly one method.request.header.<Name>`
                    : SAID[p.kind][0],
            );
            const fixes = found.problems.map(p => SAID[p.kind][1]);
            return `${found.type} authorizer ${auth.name}: ${problems.join("; ")}. Fix: ${fixes.join(", ")}.`;
        });
    },
);
