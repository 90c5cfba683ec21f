import { TestStack, UNKNOWN_IN_PREVIEW, analyze, jsonDoc, of, ref, usePack } from "../helpers/harness";

const pack = usePack();

const noInternalErrors = (a: { raw: { message: string }[] }) => expect(a.raw.filter(d => /internal error/.test(d.message))).toEqual([]);

function restApi(withStage: boolean, withDeployment = true) {
    const s = new TestStack();
    const api = s.add("aws:apigateway/restApi:RestApi", "api", {});
    const res = s.add("aws:apigateway/resource:Resource", "items", { restApi: ref(api, "id"), parentId: ref(api, "rootResourceId"), pathPart: "items" });
    s.add("aws:apigateway/method:Method", "items-get", { restApi: ref(api, "id"), resourceId: ref(res, "id"), httpMethod: "GET", authorization: "AWS_IAM" });
    if (withDeployment) {
        const dep = s.add("aws:apigateway/deployment:Deployment", "api-deployment", { restApi: ref(api, "id") });
        if (withStage) s.add("aws:apigateway/stage:Stage", "api-stage", { restApi: ref(api, "id"), deployment: ref(dep, "id"), stageName: "prod" });
    }
    return s;
}

describe("apigateway-deployment-stage", () => {
    const P = "apigateway-deployment-stage";
    test("fires on a deployment no stage uses (both modes)", async () => {
        for (const mode of ["update", "preview"] as const) {
            const r = of(await analyze(pack, restApi(false), mode), P);
            expect(r.violations.map(v => [v.resource, v.level])).toEqual([["api-deployment", "mandatory"]]);
            expect(r.violations[0].message).toMatch(/aws\.apigateway\.Stage/);
        }
    });
    test("fires on a REST API with methods and no deployment", async () => {
        const r = of(await analyze(pack, restApi(false, false), "update"), P);
        expect(r.violations.map(v => v.resource)).toEqual(["api"]);
    });
    test("passes with deployment and stage", async () => {
        for (const mode of ["update", "preview"] as const) {
            const r = of(await analyze(pack, restApi(true), mode), P);
            expect(r.violations).toEqual([]);
            expect(r.deferred).toEqual([]);
        }
    });
    test("defers when a stage points at a deployment id not known yet", async () => {
        const s = restApi(false);
        const p = s.add("aws:ssm/parameter:Parameter", "dep-id", { type: "String", value: "x" });
        s.add("aws:apigateway/stage:Stage", "other-stage", { restApi: "abc", deployment: ref(p, "insecureValue"), stageName: "x" });
        const r = of(await analyze(pack, s, "preview"), P);
        expect(r.violations).toEqual([]);
        expect(r.deferred.map(d => d.resource)).toEqual(["api-deployment"]);
    });
    test("malformed references neither crash nor pass silently", async () => {
        const s = new TestStack();
        s.add("aws:apigateway/deployment:Deployment", "dep", { restApi: 42 });
        s.add("aws:apigateway/stage:Stage", "stage", { restApi: ["x"], deployment: { odd: true }, stageName: 7 });
        s.add("aws:apigateway/restApi:RestApi", "api", { body: "{not json" });
        const a = await analyze(pack, s, "update");
        noInternalErrors(a);
        expect(of(a, P).violations.map(v => v.resource)).toEqual(["dep"]);
    });
});

describe("apigateway-method-authorization", () => {
    const P = "apigateway-method-authorization";
    const build = (auth: unknown, routeAuth: unknown, routeKey: unknown = "GET /items") => {
        const s = new TestStack();
        const api = s.add("aws:apigateway/restApi:RestApi", "api", {});
        s.add("aws:apigateway/method:Method", "items-get", { restApi: ref(api, "id"), resourceId: "abc", httpMethod: "GET", authorization: auth });
        const http = s.add("aws:apigatewayv2/api:Api", "http", { protocolType: "HTTP" });
        const route: Record<string, unknown> = { apiId: ref(http, "id"), routeKey };
        if (routeAuth !== undefined) route.authorizationType = routeAuth;
        s.add("aws:apigatewayv2/route:Route", "items-route", route);
        return s;
    };
    test("fires on REST NONE and on an HTTP route with no authorization (default NONE)", async () => {
        const r = of(await analyze(pack, build("NONE", undefined), "update"), P);
        expect(r.violations.map(v => [v.resource, v.level])).toEqual([
            ["items-get", "mandatory"],
            ["items-route", "mandatory"],
        ]);
        expect(r.violations[1].message).toMatch(/NONE, which is also the default/);
    });
    test("passes with authorizers", async () => {
        const r = of(await analyze(pack, build("CUSTOM", "JWT"), "update"), P);
        expect(r.violations).toEqual([]);
    });
    test("allowedPublicRoutes by route key, path and logical name; OPTIONS allowed", async () => {
        const s = build("NONE", "NONE", "GET /health");
        s.add("aws:apigatewayv2/route:Route", "cors", { apiId: "x", routeKey: "OPTIONS /{proxy+}" });
        s.add("aws:apigatewayv2/route:Route", "ws-msg", { apiId: "x", routeKey: "sendmessage" });
        s.add("aws:apigatewayv2/route:Route", "ws-connect", { apiId: "x", routeKey: "$connect" });
        const config = { [P]: { allowedPublicRoutes: ["GET /health", "items-get"] } };
        const r = of(await analyze(pack, s, "update", { config }), P);
        expect(r.violations.map(v => v.resource)).toEqual(["ws-connect"]);
        const r2 = of(await analyze(pack, build("NONE", "NONE", "GET /health"), "update", { config: { [P]: { allowedPublicRoutes: ["/health"] } } }), P);
        expect(r2.violations.map(v => v.resource)).toEqual(["items-get"]);
    });
    test("defers when authorization is unknown in preview", async () => {
        const r = of(await analyze(pack, build(UNKNOWN_IN_PREVIEW, UNKNOWN_IN_PREVIEW), "preview"), P);
        expect(r.violations).toEqual([]);
        expect(r.deferred.map(d => d.resource).sort()).toEqual(["items-get", "items-route"]);
    });
    test("malformed values neither crash nor fire wrongly", async () => {
        const a = await analyze(pack, build(42, { a: 1 }, ["GET /x"]), "update");
        noInternalErrors(a);
        expect(of(a, P).violations).toEqual([]);
        const b = await analyze(pack, build("none", "NONE", 17), "update");
        noInternalErrors(b);
        expect(of(b, P).violations.map(v => v.resource)).toEqual(["items-get", "items-route"]);
    });
});

describe("apigateway-method-authorization: OpenAPI bodies (issue 13)", () => {
    const P = "apigateway-method-authorization";
    const authorizer = {
        type: "apiKey",
        name: "Authorization",
        in: "header",
        "x-amazon-apigateway-authtype": "custom",
        "x-amazon-apigateway-authorizer": { type: "token", authorizerUri: "arn:x" },
    };
    const op = (extra: Record<string, unknown> = {}) => ({ responses: {}, "x-amazon-apigateway-integration": { type: "mock" }, ...extra });
    const body = (doc: Record<string, unknown>) => JSON.stringify({ openapi: "3.0.1", info: { title: "t", version: "1" }, ...doc });
    const build = (b: unknown) => {
        const s = new TestStack();
        s.add("aws:apigateway/restApi:RestApi", "api", { body: b });
        return s;
    };
    test("fires on operations with no authorization, x-amazon-apigateway-any-method included, in both modes", async () => {
        const s = build(
            body({
                components: { securitySchemes: { lambda: authorizer, api_key: { type: "apiKey", name: "x-api-key", in: "header" } } },
                paths: {
                    "/items": { get: op(), post: op({ security: [{ lambda: [] }] }), options: op() },
                    "/{proxy+}": { "x-amazon-apigateway-any-method": op({ security: [{ api_key: [] }] }) },
                    "/admin": { delete: op({ "x-amazon-apigateway-auth": { type: "NONE" } }) },
                },
            }),
        );
        for (const mode of ["preview", "update"] as const) {
            const r = of(await analyze(pack, s, mode), P);
            expect(r.violations.map(v => [v.resource, v.level])).toEqual([["api", "mandatory"]]);
            expect(r.violations[0].message).toMatch(/GET \/items, ANY \/\{proxy\+\}, DELETE \/admin\./);
            expect(r.deferred).toEqual([]);
        }
    });
    test("passes with document-wide security, IAM auth per operation, and allowed public routes", async () => {
        const guarded = body({
            security: [{ lambda: [] }],
            components: {
                securitySchemes: {
                    lambda: authorizer,
                    sigv4: { type: "apiKey", name: "Authorization", in: "header", "x-amazon-apigateway-authtype": "awsSigv4" },
                },
            },
            paths: {
                "/items": { get: op(), put: op({ security: [{ sigv4: [] }] }) },
                "/internal": { post: op({ security: [], "x-amazon-apigateway-auth": { type: "AWS_IAM" } }) },
                "/health": { get: op({ security: [] }) },
                "/docs": { get: op({ security: [] }) },
            },
        });
        const config = { [P]: { allowedPublicRoutes: ["GET /health", "/docs"] } };
        for (const mode of ["preview", "update"] as const) {
            expect(of(await analyze(pack, build(guarded), mode, { config }), P).violations).toEqual([]);
        }
        const swagger = JSON.stringify({
            swagger: "2.0",
            securityDefinitions: { cognito: { ...authorizer, "x-amazon-apigateway-authtype": "cognito_user_pools" } },
            security: [{ cognito: [] }],
            paths: { "/a": { get: op() } },
        });
        expect(of(await analyze(pack, build(swagger), "update"), P).violations).toEqual([]);
    });
    test("a body built from values not known yet defers; a YAML body is not read", async () => {
        const s = new TestStack();
        const fn = s.add("aws:lambda/function:Function", "fn", { runtime: "nodejs20.x", handler: "index.handler" });
        s.add("aws:apigateway/restApi:RestApi", "api", {
            body: jsonDoc({ openapi: "3.0.1", paths: { "/a": { get: { "x-amazon-apigateway-integration": { uri: ref(fn, "invokeArn") } } } } }),
        });
        s.add("aws:apigateway/restApi:RestApi", "yaml", { body: "openapi: 3.0.1\npaths:\n  /a:\n    get: {}\n" });
        const r = of(await analyze(pack, s, "preview"), P);
        expect(r.violations).toEqual([]);
        expect(r.deferred.map(d => d.resource)).toEqual(["api"]);
        expect(of(await analyze(pack, s, "update"), P).violations.map(v => v.resource)).toEqual(["api"]);
    });
    test("broken JSON and odd shapes are a finding or silence, never a crash", async () => {
        const s = new TestStack();
        s.add("aws:apigateway/restApi:RestApi", "broken", { body: "{not json" });
        s.add("aws:apigateway/restApi:RestApi", "list", { body: "[1, 2]" });
        s.add("aws:apigateway/restApi:RestApi", "odd", {
            body: JSON.stringify({ paths: { "/a": "get", "/b": { get: 7, post: { security: "x" } } }, components: 3 }),
        });
        s.add("aws:apigateway/restApi:RestApi", "num", { body: 42 });
        const a = await analyze(pack, s, "update");
        noInternalErrors(a);
        const r = of(a, P);
        expect(r.violations.map(v => v.resource).sort()).toEqual(["broken", "list", "num", "odd"]);
        expect(r.violations.find(v => v.resource === "broken")?.message).toMatch(/not valid JSON/);
        expect(r.violations.find(v => v.resource === "odd")?.message).toMatch(/POST \/b\./);
    });
});

describe("apigateway-authorizer-config", () => {
    const P = "apigateway-authorizer-config";
    const build = (inputs: Record<string, unknown>) => {
        const s = new TestStack();
        const api = s.add("aws:apigateway/restApi:RestApi", "api", {});
        s.add("aws:apigateway/authorizer:Authorizer", "auth", {
            restApi: ref(api, "id"),
            authorizerUri: "arn:aws:apigateway:us-west-2:lambda:path/fn",
            ...inputs,
        });
        return s;
    };
    test("fires on a list identity source and TTL 0 (report 002#1)", async () => {
        const r = of(
            await analyze(
                pack,
                build({ type: "TOKEN", identitySource: "method.request.header.X-Api-Key,method.request.header.X-Other", authorizerResultTtlInSeconds: 0 }),
                "update",
            ),
            P,
        );
        expect(r.violations.map(v => [v.resource, v.level])).toEqual([["auth", "advisory"]]);
        expect(r.violations[0].message).toMatch(/several sources.*caching is off/);
    });
    test("an array identity source fires too (type defaults to TOKEN)", async () => {
        const r = of(await analyze(pack, build({ identitySource: ["method.request.header.X-Api-Key"] }), "update"), P);
        expect(r.violations).toHaveLength(1);
        expect(r.violations[0].message).toMatch(/a list/);
    });
    test("passes with one header and caching on; COGNITO ignored", async () => {
        expect(
            of(
                await analyze(
                    pack,
                    build({ type: "TOKEN", identitySource: "method.request.header.Authorization", authorizerResultTtlInSeconds: 300 }),
                    "update",
                ),
                P,
            ).violations,
        ).toEqual([]);
        expect(of(await analyze(pack, build({ type: "COGNITO_USER_POOLS", authorizerResultTtlInSeconds: 0 }), "update"), P).violations).toEqual([]);
        expect(of(await analyze(pack, build({}), "update"), P).violations).toEqual([]);
    });
    test("defers on unknown values", async () => {
        const r = of(await analyze(pack, build({ identitySource: UNKNOWN_IN_PREVIEW, authorizerResultTtlInSeconds: UNKNOWN_IN_PREVIEW }), "preview"), P);
        expect(r.violations).toEqual([]);
        expect(r.deferred.map(d => d.resource)).toEqual(["auth"]);
    });
    test("malformed values are a clear finding, not a crash", async () => {
        const a = await analyze(pack, build({ identitySource: { h: 1 }, authorizerResultTtlInSeconds: "soon" }), "update");
        noInternalErrors(a);
        expect(of(a, P).violations).toHaveLength(1);
        expect(of(a, P).violations[0].message).toMatch(/not a string.*not a number/);
    });
});

describe("apigateway-required-api-type", () => {
    const P = "apigateway-required-api-type";
    const build = () => {
        const s = new TestStack();
        s.add("aws:apigateway/restApi:RestApi", "rest", {});
        s.add("aws:apigatewayv2/api:Api", "http", { protocolType: "HTTP" });
        return s;
    };
    test("type http flags REST APIs; type rest flags v2 APIs", async () => {
        const h = of(await analyze(pack, build(), "update", { config: { [P]: { type: "http" } } }), P);
        expect(h.violations.map(v => [v.resource, v.level])).toEqual([["rest", "mandatory"]]);
        const r = of(await analyze(pack, build(), "update", { config: { [P]: { type: "rest" } } }), P);
        expect(r.violations.map(v => v.resource)).toEqual(["http"]);
    });
    test("default any passes", async () => {
        expect(of(await analyze(pack, build(), "update"), P).violations).toEqual([]);
    });
    test("preview with unknown protocolType: still decided by resource type, no crash", async () => {
        const s = new TestStack();
        s.add("aws:apigatewayv2/api:Api", "ws", { protocolType: UNKNOWN_IN_PREVIEW });
        const a = await analyze(pack, s, "preview", { config: { [P]: { type: "http" } } });
        noInternalErrors(a);
        expect(of(a, P).violations).toEqual([]);
        expect(of(await analyze(pack, s, "preview", { config: { [P]: { type: "rest" } } }), P).violations.map(v => v.resource)).toEqual(["ws"]);
    });
    test("an invalid config value is reported as a config problem, not a crash", async () => {
        const a = await analyze(pack, build(), "update", { config: { [P]: { type: "graphql" } }, skipConfigValidation: true });
        noInternalErrors(a);
        const r = of(a, P);
        expect(r.violations).toHaveLength(1);
        expect(r.violations[0].message).toMatch(/type/);
    });
});
