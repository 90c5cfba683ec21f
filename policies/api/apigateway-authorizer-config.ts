import { APIGW } from "../../lib/aws/apigateway";
import { UNKNOWN } from "../../lib/graph/values";
import { resourcePolicy } from "../../lib/policy";

const SINGLE_HEADER = /^method\.request\.header\.[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

export default resourcePolicy(
    {
        name: "apigateway-authorizer-config",
        description:
            "A REST API Lambda TOKEN authorizer (`aws.apigateway.Authorizer`, type TOKEN, the default) reads exactly one header: `identitySource` must be a single `method.request.header.<Name>` (a list or a comma-separated set of sources belongs to a REQUEST authorizer and fails the deployment or every call). Result caching (`authorizerResultTtlInSeconds`) must not be 0 on TOKEN and REQUEST authorizers: with caching off every request invokes the authorizer Lambda, adding latency and cost (report 002#1).",
        severity: "medium",
        enforcementLevel: "advisory",
        section: "C",
        seeds: ["002#1"],
        resourceTypes: [APIGW.authorizer],
        remediation:
            'Read one header and keep result caching on:\n  new aws.apigateway.Authorizer("token-auth", { restApi: api.id, type: "TOKEN", authorizerUri: authFn.invokeArn, identitySource: "method.request.header.Authorization", authorizerResultTtlInSeconds: 300 });',
        url: "https://docs.aws.amazon.com/apigateway/latest/developerguide/configure-api-gateway-lambda-authorization.html",
        peers: {},
    },
    (auth, ctx) => {
        const typeRaw = auth.props.get("type");
        if (typeRaw === UNKNOWN) return ctx.defer(auth, "the authorizer type is not known until deployment");
        const type = typeRaw === undefined ? "TOKEN" : typeof typeRaw === "string" ? typeRaw.trim().toUpperCase() : "?";
        if (type !== "TOKEN" && type !== "REQUEST") return; // COGNITO_USER_POOLS: neither applies
        const problems: string[] = [];
        const fixes: string[] = [];
        const source = auth.props.get("identitySource");
        let deferred = false;
        if (type === "TOKEN") {
            if (source === UNKNOWN) deferred = true;
            else if (source !== undefined && !(typeof source === "string" && SINGLE_HEADER.test(source.trim()))) {
                const shape = Array.isArray(source)
                    ? "a list"
                    : typeof source !== "string"
                      ? "not a string"
                      : source.includes(",")
                        ? "several sources"
                        : "not a request header";
                problems.push(`identitySource is ${shape}; a TOKEN authorizer reads exactly one method.request.header.<Name>`);
                fixes.push('identitySource: "method.request.header.Authorization"');
            }
        }
        const ttl = auth.props.get("authorizerResultTtlInSeconds");
        const noIdentity = type === "REQUEST" && (source === undefined || source === "");
        if (ttl === UNKNOWN) deferred = true;
        else if (!noIdentity && (ttl === 0 || ttl === "0")) {
            problems.push("result caching is off (authorizerResultTtlInSeconds: 0), so every request invokes the authorizer");
            fixes.push("authorizerResultTtlInSeconds: 300");
        } else if (ttl !== undefined && typeof ttl !== "number" && !(typeof ttl === "string" && /^\d+$/.test(ttl))) {
            problems.push("authorizerResultTtlInSeconds is not a number");
            fixes.push("authorizerResultTtlInSeconds: 300");
        }
        if (problems.length) {
            ctx.report(auth, `${type} authorizer ${auth.name}: ${problems.join("; ")}. Fix: ${fixes.join(", ")}.`);
        } else if (deferred) {
            ctx.defer(auth, "identitySource or authorizerResultTtlInSeconds is not known until deployment");
        }
    },
);
