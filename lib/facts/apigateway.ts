/**
 * Facts about API Gateway: REST APIs (v1: RestApi, Resource, Method, Deployment, Stage,
 * Authorizer, MethodSettings, Account) and HTTP/WebSocket APIs (v2: Api, Route, Stage), their
 * OpenAPI bodies, who may call their methods, and where their stages send logs.
 */
import { types } from "../aws/types";
import { isFirehoseArn, isLogGroupArn } from "../aws/logs";
import { resourceRegion } from "./regions";
import { Decision, Malformed, isMalformed, known, notKnownYet } from "../graph/decision";
import { links, sourcesOf, targetsOf } from "../graph/links";
import { block, read } from "../graph/read";
import { ResourceView } from "../graph/resource";
import { StackGraph } from "../graph/stack-graph";

export function restApis(graph: StackGraph): ResourceView[] {
    return graph.ofType(types.apigateway.RestApi);
}

export function v2Apis(graph: StackGraph): ResourceView[] {
    return graph.ofType(types.apigatewayv2.Api);
}

export function restDeployments(graph: StackGraph): ResourceView[] {
    return graph.ofType(types.apigateway.Deployment);
}

/** REST and HTTP/WebSocket stages. */
export function apiStages(graph: StackGraph): ResourceView[] {
    return graph.ofType(types.apigateway.Stage, types.apigatewayv2.Stage);
}

export function isRestStage(stage: ResourceView): boolean {
    return stage.type === types.apigateway.Stage;
}

export function logGroups(graph: StackGraph): ResourceView[] {
    return graph.ofType(types.cloudwatch.LogGroup);
}

/** "WebSocket API", "HTTP API", or "API Gateway v2 API" when the protocol cannot be read. */
export function v2ApiKind(api: ResourceView): string {
    const proto = read.str(api, "protocolType");
    if (proto.kind !== "known" || isMalformed(proto.value)) return "API Gateway v2 API";
    return `${proto.value.toUpperCase() === "WEBSOCKET" ? "WebSocket" : "HTTP"} API`;
}

// --- Deployments and stages -----------------------------------------------------------------

/** The REST stages that serve a deployment; not known yet while some stage's deployment is not. */
export function stagesOfDeployment(graph: StackGraph, deployment: ResourceView): Decision<ResourceView[]> {
    const stages = sourcesOf(graph, links.apigwStageDeployment, deployment);
    if (!stages.resources.length && stages.maybeMore) return notKnownYet("a stage points at a deployment not known yet");
    return known(stages.resources);
}

/** The deployments of a REST API; not known yet while some deployment's API is not. */
export function deploymentsOfApi(graph: StackGraph, api: ResourceView): Decision<ResourceView[]> {
    const deployments = sourcesOf(graph, links.apigwDeploymentApi, api);
    if (!deployments.resources.length && deployments.maybeMore) return notKnownYet("a deployment points at an API not known yet");
    return known(deployments.resources);
}

/** Whether a REST API has methods: `aws.apigateway.Method`s of the stack, or an OpenAPI body with paths. */
export function restApiHasMethods(graph: StackGraph, api: ResourceView): Decision<boolean> {
    if (sourcesOf(graph, links.apigwMethodApi, api).resources.length) return known(true);
    const body = read.str(api, "body");
    if (body.kind === "unknown") return notKnownYet("the OpenAPI body is not known until deployment");
    if (body.kind !== "known" || isMalformed(body.value)) return known(false);
    const doc = parseJson(body.value);
    if (doc === undefined || isMalformed(doc)) return known(/^paths:\s*\n\s+\S/m.test(body.value)); // YAML: a "paths:" key with something under it
    const paths = isObject(doc) ? doc.paths : undefined;
    return known(isObject(paths) && Object.keys(paths).length > 0);
}

/** A REST API with methods and no deployment (none of them reachable); false otherwise. */
export function unreachableRestApi(graph: StackGraph, api: ResourceView): Decision<boolean> {
    const has = restApiHasMethods(graph, api);
    if (has.kind !== "known" || !has.value) return has;
    const deployments = deploymentsOfApi(graph, api);
    return deployments.kind === "known" ? known(deployments.value.length === 0) : deployments;
}

// --- Who may call a method -------------------------------------------------------------------

/** A method, route or OpenAPI operation that anyone may call. */
export interface OpenEntry {
    /** HTTP method (upper case; "ANY" for x-amazon-apigateway-any-method), when known. */
    method?: string;
    /** Path ("/health"), when the resource's own inputs say it. */
    path?: string;
    /** The route key as written ("GET /health", "$connect"). */
    routeKey?: string;
    /** An HTTP API route that sets no authorizationType (the provider's default is NONE). */
    implicit?: boolean;
}

/**
 * What of a method (`aws.apigateway.Method`), route (`aws.apigatewayv2.Route`) or REST API's
 * OpenAPI body (`aws.apigateway.RestApi.body`) anyone may call: authorization NONE, an HTTP route
 * with no authorizationType, an operation with no security requirement naming an authorizer and
 * no `x-amazon-apigateway-auth` of AWS_IAM. On WebSocket APIs only `$connect` can carry
 * authorization, so other WebSocket routes are not listed.
 */
export function openEntries(r: ResourceView): Decision<OpenEntry[] | Malformed> {
    if (r.type === types.apigateway.Method) return openRestMethod(r);
    if (r.type === types.apigatewayv2.Route) return openRoute(r);
    if (r.type === types.apigateway.RestApi) return openBodyOperations(r);
    return known([]);
}

function isNone(v: unknown): boolean {
    return typeof v === "string" && v.trim().toUpperCase() === "NONE";
}

function openRestMethod(method: ResourceView): Decision<OpenEntry[]> {
    const auth = read.value(method, "authorization");
    if (auth.kind !== "known") return auth.kind === "unknown" ? auth : known([]);
    if (!isNone(auth.value)) return known([]);
    const verb = read.value(method, "httpMethod");
    if (verb.kind === "unknown") return verb;
    return known([{ method: verb.kind === "known" && typeof verb.value === "string" ? verb.value.toUpperCase() : undefined }]);
}

/** WebSocket-only route inputs: their presence marks a route of a WebSocket API. */
const WEBSOCKET_ROUTE_INPUTS = ["routeResponseSelectionExpression", "modelSelectionExpression"];

function openRoute(route: ResourceView): Decision<OpenEntry[]> {
    const auth = read.value(route, "authorizationType");
    if (auth.kind === "unknown") return auth;
    if (auth.kind === "known" && !isNone(auth.value)) return known([]);
    const key = read.value(route, "routeKey");
    if (key.kind === "unknown") return key;
    const routeKey = key.kind === "known" && typeof key.value === "string" ? key.value.trim() : undefined;
    const parts = routeKey ? routeKeyParts(routeKey) : {};
    if (routeKey !== undefined && !parts.method) {
        // WebSocket route keys ($connect, $disconnect, actions) or the $default catch-all.
        if (routeKey !== "$connect" && routeKey !== "$default") return known([]);
        if (routeKey === "$default" && WEBSOCKET_ROUTE_INPUTS.some(p => read.value(route, p).kind !== "notSet")) return known([]);
    }
    return known([{ ...parts, routeKey, implicit: auth.kind === "notSet" || auth.value === "NONE" }]);
}

const OPERATION_KEYS: Record<string, string> = {
    get: "GET",
    put: "PUT",
    post: "POST",
    delete: "DELETE",
    options: "OPTIONS",
    head: "HEAD",
    patch: "PATCH",
    "x-amazon-apigateway-any-method": "ANY",
};

/** The operations of a REST API's OpenAPI (or Swagger) JSON body that no authorizer guards. */
function openBodyOperations(api: ResourceView): Decision<OpenEntry[] | Malformed> {
    const body = read.str(api, "body");
    if (body.kind !== "known") return body.kind === "unknown" ? body : known([]);
    if (isMalformed(body.value)) return known(body.value);
    const doc = parseJson(body.value);
    if (doc === undefined) return known([]); // a YAML body is not read
    if (isMalformed(doc)) return known(doc);
    if (!isObject(doc)) return known(new Malformed("body is not an OpenAPI object"));
    const schemes = (isObject(doc.components) ? doc.components.securitySchemes : undefined) ?? doc.securityDefinitions;
    const guards = (security: unknown): boolean =>
        Array.isArray(security) &&
        security.some(req => isObject(req) && Object.keys(req).some(name => isAuthorizerScheme(isObject(schemes) ? schemes[name] : undefined)));
    const open: OpenEntry[] = [];
    for (const [path, item] of Object.entries(isObject(doc.paths) ? doc.paths : {})) {
        if (!isObject(item)) continue;
        for (const [key, op] of Object.entries(item)) {
            const method = OPERATION_KEYS[key.toLowerCase()];
            if (!method || !isObject(op)) continue;
            const auth = isObject(op["x-amazon-apigateway-auth"]) ? op["x-amazon-apigateway-auth"].type : undefined;
            if (typeof auth === "string" && auth.trim().toUpperCase() === "AWS_IAM") continue;
            if (guards(op.security !== undefined ? op.security : doc.security)) continue;
            open.push({ method, path, routeKey: `${method} ${path}` });
        }
    }
    return known(open);
}

/** A security scheme API Gateway enforces: a Lambda or Cognito authorizer, or IAM (awsSigv4). */
function isAuthorizerScheme(scheme: unknown): boolean {
    return isObject(scheme) && (isObject(scheme["x-amazon-apigateway-authorizer"]) || typeof scheme["x-amazon-apigateway-authtype"] === "string");
}

/** The method and path of a route key ("GET /health"); nothing for "$connect" and the like. */
export function routeKeyParts(routeKey: string): { method?: string; path?: string } {
    const m = /^\s*([A-Za-z]+)\s+(\S+)\s*$/.exec(routeKey);
    if (m) return { method: m[1].toUpperCase(), path: m[2] };
    return {};
}

/** `*` and `?` globs, anchored, case-insensitive. */
function glob(pattern: string, text: string): boolean {
    const re = new RegExp(
        "^" +
            pattern
                .replace(/[.+^${}()|[\]\\]/g, "\\$&")
                .replace(/\*/g, ".*")
                .replace(/\?/g, ".") +
            "$",
        "i",
    );
    return re.test(text);
}

/**
 * Does an `allowedPublicRoutes` entry allow this entry of the resource named `logicalName`? An
 * entry is a route key ("GET /health", globs allowed: "* /public/*", "ANY /health"), a path
 * ("/health", any method), or a logical resource name ("health-get").
 */
export function isAllowedPublic(entries: readonly unknown[], c: OpenEntry, logicalName: string): boolean {
    for (const raw of entries) {
        if (typeof raw !== "string") continue;
        const entry = raw.trim();
        if (!entry) continue;
        if (c.routeKey !== undefined && glob(entry, c.routeKey.trim())) return true;
        if (glob(entry, logicalName)) return true;
        const parts = routeKeyParts(entry);
        if (parts.method && parts.path !== undefined) {
            if (c.path === undefined) continue;
            const methodOk = parts.method === "*" || parts.method === "ANY" || parts.method === c.method || c.method === "ANY";
            if (methodOk && glob(parts.path, c.path)) return true;
        } else if (entry.startsWith("/") && c.path !== undefined && glob(entry, c.path)) {
            return true;
        }
    }
    return false;
}

// --- Authorizers ------------------------------------------------------------------------------

export type AuthorizerProblem =
    | { kind: "identitySource"; shape: "a list" | "not a string" | "several sources" | "not a request header" }
    | { kind: "cachingOff" }
    | { kind: "ttlNotANumber" };

const SINGLE_HEADER = /^method\.request\.header\.[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

/**
 * What is wrong with a TOKEN or REQUEST authorizer (`aws.apigateway.Authorizer`; type defaults to
 * TOKEN): a TOKEN authorizer reads exactly one `method.request.header.<Name>`, and result caching
 * is not 0. Undefined for authorizers neither rule applies to (COGNITO_USER_POOLS). A certain
 * problem is known even while another setting is not known yet.
 */
export function authorizerProblems(auth: ResourceView): Decision<{ type: string; problems: AuthorizerProblem[] } | undefined> {
    const typeRaw = read.value(auth, "type");
    if (typeRaw.kind === "unknown") return notKnownYet("the authorizer type is not known until deployment");
    const type = typeRaw.kind === "notSet" ? "TOKEN" : typeof typeRaw.value === "string" ? typeRaw.value.trim().toUpperCase() : "?";
    if (type !== "TOKEN" && type !== "REQUEST") return known(undefined);
    const problems: AuthorizerProblem[] = [];
    let pending = false;
    const source = read.value(auth, "identitySource");
    if (type === "TOKEN") {
        if (source.kind === "unknown") pending = true;
        else if (source.kind === "known" && !(typeof source.value === "string" && SINGLE_HEADER.test(source.value.trim()))) {
            const v = source.value;
            const shape = Array.isArray(v) ? "a list" : typeof v !== "string" ? "not a string" : v.includes(",") ? "several sources" : "not a request header";
            problems.push({ kind: "identitySource", shape });
        }
    }
    const ttl = read.value(auth, "authorizerResultTtlInSeconds");
    const noIdentity = type === "REQUEST" && (source.kind === "notSet" || (source.kind === "known" && source.value === ""));
    if (ttl.kind === "unknown") pending = true;
    else if (ttl.kind === "known") {
        if (!noIdentity && (ttl.value === 0 || ttl.value === "0")) problems.push({ kind: "cachingOff" });
        else if (typeof ttl.value !== "number" && !(typeof ttl.value === "string" && /^\d+$/.test(ttl.value))) problems.push({ kind: "ttlNotANumber" });
    }
    if (!problems.length && pending) return notKnownYet("identitySource or authorizerResultTtlInSeconds is not known until deployment");
    return known({ type, problems });
}

// --- Access logging ----------------------------------------------------------------------------

export type AccessLog =
    /** Configured: the destination is an ARN (of `logGroup` when it is in the stack) and the format is set. */
    | { status: "ok"; logGroup?: ResourceView }
    | { status: "absent" }
    /** Present but unusable: what is wrong, in words. */
    | { status: "bad"; what: string };

/** A stage's access log settings and their destination. */
export function accessLogging(graph: StackGraph, stage: ResourceView): Decision<AccessLog> {
    const settings = read.value(stage, "accessLogSettings");
    if (settings.kind === "unknown") return notKnownYet("accessLogSettings is not known until deployment");
    if (settings.kind === "notSet") return known({ status: "absent" });
    const first = Array.isArray(settings.value) ? settings.value[0] : settings.value;
    const b = block(first, `the access log settings of ${stage.name}`);
    const whole = read.obj(b, []);
    if (whole.kind === "unknown") return notKnownYet("accessLogSettings is not known until deployment");
    if (whole.kind !== "known" || isMalformed(whole.value)) return known({ status: "bad", what: "accessLogSettings is not an object" });

    const format = read.str(b, "format");
    const formatProblem = format.kind !== "unknown" && (format.kind !== "known" || isMalformed(format.value) || format.value.trim() === "");
    const dest = read.str(b, "destinationArn");
    if (dest.kind === "notSet" || (dest.kind === "known" && dest.value === "")) return known({ status: "bad", what: "no destinationArn" });
    if (dest.kind === "known" && isMalformed(dest.value)) return known({ status: "bad", what: "a destinationArn that is not a string" });
    const target = targetsOf(graph, links.apigwAccessLogDestination, stage);
    if (target.kind === "unknown") return notKnownYet(`the access log destination is not known until deployment (${target.reason})`);
    const logGroup = target.kind === "known" ? target.value.resources[0] : undefined;
    const value = dest.kind === "known" ? (dest.value as string).trim() : undefined;
    if (logGroup && value !== undefined && !value.startsWith("arn:")) {
        return known({ status: "bad", what: `a destinationArn that is the name of log group ${logGroup.name}, not its ARN (API Gateway rejects a name)` });
    }
    if (!logGroup) {
        const ok = value !== undefined && (isLogGroupArn(value) || (isRestStage(stage) && isFirehoseArn(value)));
        if (!ok) return known({ status: "bad", what: "a destinationArn that is neither a log group of this stack nor a well-formed log group ARN" });
    }
    if (formatProblem) return known({ status: "bad", what: "an empty access log format" });
    if (format.kind === "unknown") return notKnownYet("the access log format is not known until deployment");
    return known({ status: "ok", logGroup });
}

const pendingCache = new WeakMap<StackGraph, boolean>();

/** Some stage's access log settings or destination are not known yet (computed once per graph). */
function someAccessLogPending(graph: StackGraph): boolean {
    let pending = pendingCache.get(graph);
    if (pending === undefined) {
        pending = apiStages(graph).some(s => accessLogging(graph, s).kind === "unknown");
        pendingCache.set(graph, pending);
    }
    return pending;
}

/**
 * A log group the stack created for an API's access logs (named /aws/apigateway/..., or named
 * from an API or REST stage) that no stage sends access logs to: the API it was made for (its
 * logical name), or true when only its name says so. Undefined when it is not such a group or a
 * stage uses it.
 */
export function unusedApiLogGroup(graph: StackGraph, lg: ResourceView): Decision<string | true | undefined> {
    const createdFor = createdForApi(graph, lg);
    if (createdFor === undefined || sourcesOf(graph, links.apigwAccessLogDestination, lg).resources.length) return known(undefined);
    if (createdFor === "unknown") return notKnownYet("the log group's name (access or execution logs) is not known until deployment");
    if (sourcesOf(graph, links.apigwAccessLogDestination, lg).maybeMore || someAccessLogPending(graph))
        return notKnownYet("a stage's access log destination is not known until deployment");
    return known(createdFor);
}

function createdForApi(graph: StackGraph, lg: ResourceView): string | true | "unknown" | undefined {
    const from = targetsOf(graph, links.logGroupNamedFromApi, lg);
    const api = from.kind === "known" ? from.value.resources.at(-1)?.name : undefined;
    const name = read.str(lg, "name");
    // The name decides: an execution-log group (API-Gateway-Execution-Logs_<id>/<stage>) is not for access logs.
    if (name.kind === "unknown") return api ? "unknown" : undefined;
    if (name.kind !== "known" || isMalformed(name.value)) return undefined;
    if (/^API-Gateway-Execution-Logs_/i.test(name.value) || /^\/aws\/apigateway\/welcome$/i.test(name.value)) return undefined;
    if (api) return api;
    return /^\/aws\/apigateway\//i.test(name.value) ? true : undefined;
}

// --- The account's CloudWatch Logs role ----------------------------------------------------------

/** REST stages and method settings: what turns on API Gateway logging that needs the account role. */
export function restLoggingSources(graph: StackGraph): ResourceView[] {
    return graph.ofType(types.apigateway.Stage, types.apigateway.MethodSettings);
}

/**
 * Whether a REST stage sends access logs, or a MethodSettings turns on execution logging
 * (`loggingLevel` INFO/ERROR or `dataTraceEnabled`).
 */
export function turnsOnRestLogging(r: ResourceView): Decision<"access" | "execution" | undefined> {
    if (r.type === types.apigateway.Stage) {
        const s = read.value(r, "accessLogSettings");
        if (s.kind === "unknown") return notKnownYet("accessLogSettings is not known until deployment");
        return known(s.kind === "known" ? "access" : undefined);
    }
    const settings = read.value(r, "settings");
    if (settings.kind === "unknown") return notKnownYet("settings is not known until deployment");
    const level = read.value(r, "settings.loggingLevel");
    const trace = read.value(r, "settings.dataTraceEnabled");
    if (level.kind === "unknown" || trace.kind === "unknown") return notKnownYet("the logging level is not known until deployment");
    const logs =
        (level.kind === "known" && typeof level.value === "string" && ["INFO", "ERROR"].includes(level.value.toUpperCase())) ||
        (trace.kind === "known" && (trace.value === true || trace.value === "true"));
    return known(logs ? "execution" : undefined);
}

const accountCache = new WeakMap<StackGraph, { regions: Set<string>; anyRegion: boolean }>();

/** Regions whose API Gateway account settings the stack gives a CloudWatch role (an unknown region or role counts as set). */
function accountRoleRegions(graph: StackGraph): { regions: Set<string>; anyRegion: boolean } {
    let out = accountCache.get(graph);
    if (!out) {
        out = { regions: new Set(), anyRegion: false };
        for (const acct of graph.ofType(types.apigateway.Account)) {
            const role = read.value(acct, "cloudwatchRoleArn");
            if (role.kind === "notSet" || (role.kind === "known" && (role.value === "" || typeof role.value !== "string"))) continue;
            const region = resourceRegion(acct);
            if (region.kind === "known") out.regions.add(region.value);
            else out.anyRegion = true;
        }
        accountCache.set(graph, out);
    }
    return out;
}

/**
 * Whether the stack sets the API Gateway account's CloudWatch role in the region of `r`: the
 * region (when known) and whether it is covered.
 */
export function accountLoggingRole(graph: StackGraph, r: ResourceView): Decision<{ covered: boolean; region?: string }> {
    const { regions, anyRegion } = accountRoleRegions(graph);
    const decided = resourceRegion(r);
    const region = decided.kind === "known" ? decided.value : undefined;
    if (anyRegion || (region !== undefined && regions.has(region))) return known({ covered: true, region });
    if (regions.size && region === undefined) return notKnownYet("the region is not known until deployment");
    return known({ covered: false, region });
}

// --- helpers ---------------------------------------------------------------------------------------

function isObject(v: unknown): v is Record<string, unknown> {
    return !!v && typeof v === "object" && !Array.isArray(v);
}

/** A JSON document; undefined when the text is not JSON at all (YAML), Malformed when it is broken JSON. */
function parseJson(text: string): unknown {
    if (!/^\s*[[{]/.test(text)) return undefined;
    try {
        return JSON.parse(text);
    } catch {
        return new Malformed("body is not valid JSON");
    }
}
