/** Facts about API Gateway, table-driven over StackGraphs built directly. */
import { types } from "../../lib/aws/types";
import {
    accessLogging,
    accountLoggingRole,
    authorizerProblems,
    isAllowedPublic,
    openEntries,
    restApiHasMethods,
    stagesOfDeployment,
    turnsOnRestLogging,
    unreachableRestApi,
    unusedApiLogGroup,
} from "../../lib/facts/apigateway";
import { ResourceView } from "../../lib/graph/resource";
import { StackGraph } from "../../lib/graph/stack-graph";
import { PropertyReader } from "../../lib/graph/values";

const U = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const urnOf = (name: string, type: string) => `urn:pulumi:dev::p::${type}::${name}`;
const A = types.apigateway;

function view(name: string, type: string, props: Record<string, unknown>, deps: Record<string, string[]> = {}, region?: string): ResourceView {
    const v: ResourceView = {
        urn: urnOf(name, type),
        type,
        name,
        props: new PropertyReader(props),
        dependencies: Object.values(deps).flat(),
        propertyDependencies: deps,
    };
    if (region)
        v.provider = {
            urn: "urn:pulumi:dev::p::pulumi:providers:aws::east",
            type: "pulumi:providers:aws",
            name: "east",
            props: new PropertyReader({ region }),
        };
    return v;
}
const last = (rs: ResourceView[]) => rs[rs.length - 1];

describe("deployments and stages", () => {
    const api = view("api", A.RestApi, {});
    const dep = view("dep", A.Deployment, { restApi: U }, { restApi: [api.urn] });
    const method = view("m", A.Method, { restApi: U }, { restApi: [api.urn] });
    test.each([
        [
            "a deployment with a stage",
            [api, dep, view("st", A.Stage, { deployment: U }, { deployment: [dep.urn] })],
            dep,
            { kind: "known", value: [expect.anything()] },
        ],
        ["a deployment without one", [api, dep], dep, { kind: "known", value: [] }],
        ["a stage whose deployment is not known yet", [api, dep, view("st", A.Stage, { deployment: U })], dep, { kind: "unknown" }],
    ])("stagesOfDeployment: %s", (_, rs, d, want) => {
        expect(stagesOfDeployment(new StackGraph(rs), d)).toMatchObject(want);
    });
    test.each([
        ["methods and a deployment", [api, method, dep], { kind: "known", value: false }],
        ["methods and no deployment", [api, method], { kind: "known", value: true }],
        ["no methods", [api], { kind: "known", value: false }],
        ["methods, and a deployment whose API is not known yet", [api, method, view("d2", A.Deployment, { restApi: U })], { kind: "unknown" }],
    ])("unreachableRestApi: %s", (_, rs, want) => {
        expect(unreachableRestApi(new StackGraph(rs), api)).toMatchObject(want);
    });
    test.each([
        ["a JSON body with paths", JSON.stringify({ paths: { "/a": { get: {} } } }), { kind: "known", value: true }],
        ["a JSON body without paths", JSON.stringify({ paths: {} }), { kind: "known", value: false }],
        ["a YAML body with paths", "openapi: 3.0.1\npaths:\n  /a:\n    get: {}\n", { kind: "known", value: true }],
        ["broken JSON", "{not json", { kind: "known", value: false }],
        ["a body not known yet", U, { kind: "unknown" }],
        ["a body that is not a string", 42, { kind: "known", value: false }],
    ])("restApiHasMethods: %s", (_, body, want) => {
        const a = view("api", A.RestApi, { body });
        expect(restApiHasMethods(new StackGraph([a]), a)).toMatchObject(want);
    });
});

describe("openEntries", () => {
    const auth = { "x-amazon-apigateway-authtype": "custom", "x-amazon-apigateway-authorizer": { type: "token" } };
    test.each([
        ["a REST method with NONE", A.Method, { authorization: "none", httpMethod: "get" }, { kind: "known", value: [{ method: "GET" }] }],
        ["a REST method with an authorizer", A.Method, { authorization: "CUSTOM", httpMethod: "GET" }, { kind: "known", value: [] }],
        ["a REST method with authorization not known yet", A.Method, { authorization: U }, { kind: "unknown" }],
        ["a REST method with a malformed authorization", A.Method, { authorization: 42 }, { kind: "known", value: [] }],
        [
            "a route with no authorizationType",
            types.apigatewayv2.Route,
            { routeKey: "GET /items" },
            { kind: "known", value: [{ method: "GET", path: "/items", routeKey: "GET /items", implicit: true }] },
        ],
        ["a route with JWT", types.apigatewayv2.Route, { routeKey: "GET /items", authorizationType: "JWT" }, { kind: "known", value: [] }],
        ["a WebSocket action route", types.apigatewayv2.Route, { routeKey: "sendmessage" }, { kind: "known", value: [] }],
        ["a WebSocket $connect route", types.apigatewayv2.Route, { routeKey: "$connect" }, { kind: "known", value: [{ routeKey: "$connect" }] }],
        [
            "a WebSocket $default route",
            types.apigatewayv2.Route,
            { routeKey: "$default", routeResponseSelectionExpression: "$default" },
            { kind: "known", value: [] },
        ],
        ["an HTTP $default route", types.apigatewayv2.Route, { routeKey: "$default" }, { kind: "known", value: [{ routeKey: "$default" }] }],
        ["a route key not known yet", types.apigatewayv2.Route, { routeKey: U }, { kind: "unknown" }],
        [
            "an OpenAPI body",
            A.RestApi,
            {
                body: JSON.stringify({
                    security: [{ lambda: [] }],
                    components: { securitySchemes: { lambda: auth, key: { type: "apiKey" } } },
                    paths: {
                        "/a": {
                            get: {},
                            post: { security: [] },
                            put: { security: [{ key: [] }] },
                            patch: { security: [], "x-amazon-apigateway-auth": { type: "aws_iam" } },
                        },
                        "/b": { "x-amazon-apigateway-any-method": { security: [] }, parameters: [] },
                    },
                }),
            },
            {
                kind: "known",
                value: [
                    { method: "POST", path: "/a", routeKey: "POST /a" },
                    { method: "PUT", path: "/a", routeKey: "PUT /a" },
                    { method: "ANY", path: "/b", routeKey: "ANY /b" },
                ],
            },
        ],
        [
            "a Swagger body without security",
            A.RestApi,
            { body: JSON.stringify({ swagger: "2.0", paths: { "/a": { get: {} } } }) },
            { kind: "known", value: [{ routeKey: "GET /a" }] },
        ],
        ["a body not known yet", A.RestApi, { body: U }, { kind: "unknown" }],
        ["no body", A.RestApi, {}, { kind: "known", value: [] }],
    ])("%s", (_, type, props, want) => {
        expect(openEntries(view("r", type, props))).toMatchObject(want);
    });
    test.each([
        ["broken JSON", "{not json", "body is not valid JSON"],
        ["a JSON list", "[1]", "body is not an OpenAPI object"],
        ["not a string", 42, "body is not a string"],
    ])("%s is Malformed", (_, body, problem) => {
        const d = openEntries(view("r", A.RestApi, { body }));
        expect(d).toMatchObject({ kind: "known", value: { problem } });
    });
});

describe("isAllowedPublic", () => {
    test.each([
        [["GET /health"], { method: "GET", path: "/health", routeKey: "GET /health" }, "r", true],
        [["* /public/*"], { method: "POST", path: "/public/x", routeKey: "POST /public/x" }, "r", true],
        [["ANY /health"], { method: "GET", path: "/health" }, "r", true],
        [["GET /health"], { method: "ANY", path: "/health" }, "r", true],
        [["/health"], { method: "DELETE", path: "/health" }, "r", true],
        [["health-get"], { method: "GET" }, "health-get", true],
        [["POST /health"], { method: "GET", path: "/health", routeKey: "GET /health" }, "r", false],
        [["/health"], { method: "GET" }, "r", false],
        [[42, "", "  "], { method: "GET", path: "/" }, "r", false],
    ])("%j allows %j of %s: %s", (entries, entry, name, want) => {
        expect(isAllowedPublic(entries, entry, name)).toBe(want);
    });
});

describe("authorizerProblems", () => {
    test.each([
        [
            "a good TOKEN authorizer",
            { identitySource: "method.request.header.Authorization", authorizerResultTtlInSeconds: 300 },
            { kind: "known", value: { type: "TOKEN", problems: [] } },
        ],
        [
            "several sources",
            { identitySource: "method.request.header.A,method.request.header.B" },
            { kind: "known", value: { problems: [{ kind: "identitySource", shape: "several sources" }] } },
        ],
        ["a list", { identitySource: ["method.request.header.A"] }, { kind: "known", value: { problems: [{ kind: "identitySource", shape: "a list" }] } }],
        [
            "a query string",
            { identitySource: "method.request.querystring.token" },
            { kind: "known", value: { problems: [{ kind: "identitySource", shape: "not a request header" }] } },
        ],
        [
            "caching off",
            { type: "REQUEST", identitySource: "method.request.header.A", authorizerResultTtlInSeconds: "0" },
            { kind: "known", value: { type: "REQUEST", problems: [{ kind: "cachingOff" }] } },
        ],
        [
            "caching off on a REQUEST authorizer with no identity",
            { type: "REQUEST", authorizerResultTtlInSeconds: 0 },
            { kind: "known", value: { problems: [] } },
        ],
        ["a TTL that is not a number", { authorizerResultTtlInSeconds: "soon" }, { kind: "known", value: { problems: [{ kind: "ttlNotANumber" }] } }],
        ["Cognito", { type: "COGNITO_USER_POOLS", authorizerResultTtlInSeconds: 0 }, { kind: "known", value: undefined }],
        ["a type not known yet", { type: U }, { kind: "unknown" }],
        ["settings not known yet", { identitySource: U, authorizerResultTtlInSeconds: U }, { kind: "unknown" }],
        [
            "a certain problem while another setting is not known yet",
            { identitySource: U, authorizerResultTtlInSeconds: 0 },
            { kind: "known", value: { problems: [{ kind: "cachingOff" }] } },
        ],
    ])("%s", (_, props, want) => {
        expect(authorizerProblems(view("auth", A.Authorizer, props))).toMatchObject(want);
    });
});

describe("access logging", () => {
    const lg = view("lg", types.cloudwatch.LogGroup, {
        name: "/aws/apigateway/orders",
        arn: "arn:aws:logs:us-west-2:123456789012:log-group:/aws/apigateway/orders",
    });
    const stage = (type: string, settings: unknown, deps: string[] = []) =>
        view("st", type, settings === undefined ? {} : { accessLogSettings: settings }, deps.length ? { accessLogSettings: deps } : {});
    const F = "$context.requestId";
    test.each([
        ["no settings", stage(A.Stage, undefined), { kind: "known", value: { status: "absent" } }],
        [
            "the log group's ARN by reference",
            stage(A.Stage, { destinationArn: U, format: F }, [lg.urn]),
            { kind: "known", value: { status: "ok", logGroup: lg } },
        ],
        [
            "the log group's ARN as text",
            stage(types.apigatewayv2.Stage, { destinationArn: lg.props.get("arn"), format: F }),
            { kind: "known", value: { status: "ok", logGroup: lg } },
        ],
        [
            "the log group's name",
            stage(A.Stage, { destinationArn: "/aws/apigateway/orders", format: F }, [lg.urn]),
            { kind: "known", value: { status: "bad", what: expect.stringMatching(/name of log group lg, not its ARN/) } },
        ],
        [
            "an external log group ARN",
            stage(A.Stage, { destinationArn: "arn:aws:logs:us-west-2:123456789012:log-group:/x", format: F }),
            { kind: "known", value: { status: "ok" } },
        ],
        [
            "a Firehose ARN on a REST stage",
            stage(A.Stage, { destinationArn: "arn:aws:firehose:us-west-2:123456789012:deliverystream/amazon-apigateway-x", format: F }),
            { kind: "known", value: { status: "ok" } },
        ],
        [
            "a Firehose ARN on an HTTP stage",
            stage(types.apigatewayv2.Stage, { destinationArn: "arn:aws:firehose:us-west-2:123456789012:deliverystream/amazon-apigateway-x", format: F }),
            { kind: "known", value: { status: "bad" } },
        ],
        ["a bare name", stage(A.Stage, { destinationArn: "my-log-group", format: F }), { kind: "known", value: { status: "bad" } }],
        [
            "an empty format",
            stage(A.Stage, { destinationArn: U, format: "" }, [lg.urn]),
            { kind: "known", value: { status: "bad", what: "an empty access log format" } },
        ],
        ["no destination", stage(A.Stage, { format: F }), { kind: "known", value: { status: "bad", what: "no destinationArn" } }],
        [
            "a destination that is not a string",
            stage(A.Stage, { destinationArn: 42, format: F }),
            { kind: "known", value: { status: "bad", what: "a destinationArn that is not a string" } },
        ],
        ["settings that are not an object", stage(A.Stage, "on"), { kind: "known", value: { status: "bad", what: "accessLogSettings is not an object" } }],
        ["settings not known yet", stage(A.Stage, U), { kind: "unknown" }],
        ["a destination not known yet", stage(A.Stage, { destinationArn: U, format: F }), { kind: "unknown" }],
        ["a format not known yet", stage(A.Stage, { destinationArn: U, format: U }, [lg.urn]), { kind: "unknown" }],
    ])("%s", (_, st, want) => {
        expect(accessLogging(new StackGraph([lg, st]), st)).toMatchObject(want);
    });

    const api = view("api", A.RestApi, { name: "orders" });
    test.each([
        [
            "an API log group no stage uses",
            [api, view("g", types.cloudwatch.LogGroup, { name: "/aws/apigateway/orders" }, { name: [api.urn] })],
            { kind: "known", value: "api" },
        ],
        ["named like an API log group", [view("g", types.cloudwatch.LogGroup, { name: "/aws/apigateway/x" })], { kind: "known", value: true }],
        [
            "an execution log group",
            [api, view("g", types.cloudwatch.LogGroup, { name: "API-Gateway-Execution-Logs_abc/prod" }, { name: [api.urn] })],
            { kind: "known", value: undefined },
        ],
        ["another log group", [view("g", types.cloudwatch.LogGroup, { name: "/aws/lambda/x" })], { kind: "known", value: undefined }],
        [
            "used by a stage",
            [
                view("g", types.cloudwatch.LogGroup, { name: "/aws/apigateway/x" }),
                view("st", A.Stage, { accessLogSettings: { destinationArn: U, format: "f" } }, { accessLogSettings: [urnOf("g", types.cloudwatch.LogGroup)] }),
            ],
            { kind: "known", value: undefined },
        ],
        ["a name not known yet, from an API", [api, view("g", types.cloudwatch.LogGroup, { name: U }, { name: [api.urn] })], { kind: "unknown" }],
        [
            "while a stage's destination is not known yet",
            [
                view("g", types.cloudwatch.LogGroup, { name: "/aws/apigateway/x" }),
                view("st", A.Stage, { accessLogSettings: { destinationArn: U, format: "f" } }),
            ],
            { kind: "unknown" },
        ],
    ])("unusedApiLogGroup: %s", (_, rs, want) => {
        const g = rs.find(r => r.name === "g")!;
        expect(unusedApiLogGroup(new StackGraph(rs), g)).toMatchObject(want);
    });
});

describe("the account's CloudWatch Logs role", () => {
    test.each([
        ["a stage with access logs", view("st", A.Stage, { accessLogSettings: { destinationArn: "x" } }), { kind: "known", value: "access" }],
        ["a stage without", view("st", A.Stage, {}), { kind: "known", value: undefined }],
        ["execution logging", view("ms", A.MethodSettings, { settings: { loggingLevel: "info" } }), { kind: "known", value: "execution" }],
        ["data trace", view("ms", A.MethodSettings, { settings: { dataTraceEnabled: "true" } }), { kind: "known", value: "execution" }],
        ["metrics only", view("ms", A.MethodSettings, { settings: { metricsEnabled: true, loggingLevel: "OFF" } }), { kind: "known", value: undefined }],
        ["a level not known yet", view("ms", A.MethodSettings, { settings: { loggingLevel: U } }), { kind: "unknown" }],
        ["settings not known yet", view("ms", A.MethodSettings, { settings: U }), { kind: "unknown" }],
    ])("turnsOnRestLogging: %s", (_, r, want) => {
        expect(turnsOnRestLogging(r)).toMatchObject(want);
    });

    const stage = view("st", A.Stage, {}, {}, "us-west-2");
    test.each([
        ["no account", [stage], { kind: "known", value: { covered: false, region: "us-west-2" } }],
        [
            "an account in the region",
            [view("acct", A.Account, { cloudwatchRoleArn: "arn:aws:iam::1:role/x" }, {}, "us-west-2"), stage],
            { kind: "known", value: { covered: true } },
        ],
        [
            "an account in another region",
            [view("acct", A.Account, { cloudwatchRoleArn: "arn:aws:iam::1:role/x" }, {}, "us-east-1"), stage],
            { kind: "known", value: { covered: false } },
        ],
        ["an account whose region is not known", [view("acct", A.Account, { cloudwatchRoleArn: U }), stage], { kind: "known", value: { covered: true } }],
        ["an account without a role", [view("acct", A.Account, {}, {}, "us-west-2"), stage], { kind: "known", value: { covered: false } }],
        [
            "a logger whose region is not known, with an account elsewhere",
            [view("acct", A.Account, { cloudwatchRoleArn: "r" }, {}, "us-east-1"), view("st", A.Stage, {})],
            { kind: "unknown" },
        ],
    ])("accountLoggingRole: %s", (_, rs, want) => {
        expect(accountLoggingRole(new StackGraph(rs), last(rs))).toMatchObject(want);
    });
});
