/**
 * API Gateway for the API-area policies: type tokens of REST (v1) and HTTP/WebSocket (v2) APIs,
 * their methods, routes, deployments and stages, and the `allowedPublicRoutes` matcher shared by
 * the authorization checks.
 */
import { ResourceView } from "../graph/resource";
import { StackGraph } from "../graph/stack-graph";

export const APIGW = {
    restApi: "aws:apigateway/restApi:RestApi",
    method: "aws:apigateway/method:Method",
    resource: "aws:apigateway/resource:Resource",
    deployment: "aws:apigateway/deployment:Deployment",
    stage: "aws:apigateway/stage:Stage",
    authorizer: "aws:apigateway/authorizer:Authorizer",
    v2Api: "aws:apigatewayv2/api:Api",
    v2Route: "aws:apigatewayv2/route:Route",
    v2Stage: "aws:apigatewayv2/stage:Stage",
    v2Deployment: "aws:apigatewayv2/deployment:Deployment",
} as const;

/** The HTTP method of a REST method or of an HTTP API route key ("GET /health" -> "GET"). */
export function routeKeyParts(routeKey: string): { method?: string; path?: string } {
    const m = /^\s*([A-Za-z]+)\s+(\S+)\s*$/.exec(routeKey);
    if (m) return { method: m[1].toUpperCase(), path: m[2] };
    return {};
}

/** `*` and `?` globs, anchored; case-insensitive for methods, case-sensitive paths are rare enough to ignore. */
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

export interface PublicRouteCandidate {
    /** HTTP method (upper case), when known. */
    method?: string;
    /** Path ("/health"), when the resource's own inputs say it. */
    path?: string;
    /** The route key as written ("GET /health", "$default"). */
    routeKey?: string;
    /** The Pulumi logical name of the method or route resource. */
    logicalName: string;
}

/**
 * Does an `allowedPublicRoutes` entry allow this method or route? An entry is one of:
 *   - a route key, "GET /health" (method and path, globs allowed: "* /public/*", "ANY /health");
 *   - a path, "/health" (any method);
 *   - a logical resource name, "health-get" (REST methods keep their path on a separate
 *     `aws.apigateway.Resource`, so a resource policy can name them only this way).
 */
export function isAllowedPublic(entries: readonly string[], c: PublicRouteCandidate): boolean {
    for (const raw of entries) {
        if (typeof raw !== "string") continue;
        const entry = raw.trim();
        if (!entry) continue;
        if (c.routeKey !== undefined && glob(entry, c.routeKey.trim())) return true;
        if (glob(entry, c.logicalName)) return true;
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

/** Methods (REST) indexed by the URN of their RestApi. */
export function methodsByApi(graph: StackGraph) {
    return graph.linksTo([APIGW.method], "restApi", [APIGW.restApi]);
}

/** REST deployments indexed by the URN of their RestApi. */
export function deploymentsByApi(graph: StackGraph) {
    return graph.linksTo([APIGW.deployment], "restApi", [APIGW.restApi]);
}

/** REST stages indexed by the URN of the deployment they serve. */
export function stagesByDeployment(graph: StackGraph) {
    return graph.linksTo([APIGW.stage], "deployment", [APIGW.deployment]);
}

/** True when a REST API defines its methods inline through an OpenAPI `body` with paths. */
export function bodyDefinesPaths(api: ResourceView): boolean | "unknown" {
    const body = api.props.get("body");
    if (body === undefined) return false;
    if (typeof body !== "string") return typeof body === "symbol" ? "unknown" : false;
    try {
        const doc = JSON.parse(body);
        return !!doc && typeof doc === "object" && !!doc.paths && typeof doc.paths === "object" && Object.keys(doc.paths).length > 0;
    } catch {
        // YAML bodies: a "paths:" key with something under it.
        return /^paths:\s*\n\s+\S/m.test(body);
    }
}

/** A JS-ish variable name for a logical name, for Fix snippets. */
export function varName(logicalName: string, fallback = "res"): string {
    return (
        logicalName
            .replace(/[^A-Za-z0-9]+(.)/g, (_, c: string) => c.toUpperCase())
            .replace(/[^A-Za-z0-9_]/g, "")
            .replace(/^[^A-Za-z_]+/, "") || fallback
    );
}
