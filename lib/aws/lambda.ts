/**
 * Lambda in the planned graph: which function a reference names (a name, an ARN, a qualified
 * ARN, `function:<name>:<qualifier>`), the function's execution role and its permissions view,
 * and how functions are invoked asynchronously.
 */
import { ResourceView } from "../graph/resource";
import { Resolution, StackGraph } from "../graph/stack-graph";
import { UNKNOWN, field } from "../graph/values";
import { ROLE_TYPE, RolePermissions, rolePermissions, mayPerformAll } from "../iam/permissions";

export const FUNCTION_TYPE = "aws:lambda/function:Function";
export const FUNCTION_TYPES = [FUNCTION_TYPE];
export const ALIAS_TYPE = "aws:lambda/alias:Alias";
export const PERMISSION_TYPE = "aws:lambda/permission:Permission";
export const EVENT_INVOKE_CONFIG_TYPE = "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig";
export const EVENT_SOURCE_MAPPING_TYPE = "aws:lambda/eventSourceMapping:EventSourceMapping";
export const PROVISIONED_CONCURRENCY_TYPE = "aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig";
export const BUCKET_NOTIFICATION_TYPE = "aws:s3/bucketNotification:BucketNotification";
export const TOPIC_SUBSCRIPTION_TYPE = "aws:sns/topicSubscription:TopicSubscription";
export const EVENT_TARGET_TYPE = "aws:cloudwatch/eventTarget:EventTarget";

/** `arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]` -> name and qualifier. */
export function parseFunctionArn(value: string): { name: string; qualifier?: string } | undefined {
    const m = /^arn:aws[a-z-]*:lambda:[^:]*:[^:]*:function:([^:]+)(?::([^:]+))?$/.exec(value);
    return m ? { name: m[1], qualifier: m[2] } : undefined;
}

/**
 * The function a reference names. Uses the graph resolver (property dependencies, then known
 * identities: name, ARN, qualified ARN), then falls back to the name inside a qualified or
 * partial ARN (`...:function:name:alias`, `name:alias`).
 */
export function resolveFunction(graph: StackGraph, from: ResourceView, path: string): Resolution {
    const res = graph.resolve(from, path, FUNCTION_TYPES);
    if (res.status !== "missing" || !res.values.length) return res;
    const found: ResourceView[] = [];
    for (const v of res.values) {
        const name = parseFunctionArn(v)?.name ?? (/^[A-Za-z0-9_-]+(:[^:]+)?$/.test(v) ? v.split(":")[0] : undefined);
        const hits = name ? graph.byPhysicalIdentity(name, FUNCTION_TYPES) : [];
        if (hits.length === 1 && !found.includes(hits[0])) found.push(hits[0]);
        else if (hits.length > 1) return { status: "undecided", reason: `${path} of ${from.name} matches several functions` };
        else return res;
    }
    return found.length ? { status: "found", targets: found } : res;
}

/** The function's execution role (Function.role is the role's ARN). */
export function functionRole(graph: StackGraph, fn: ResourceView): Resolution {
    return graph.resolve(fn, "role", [ROLE_TYPE]);
}

export type RoleLookup =
    | { status: "found"; role: ResourceView; perms: RolePermissions }
    /** The role is outside the stack (a literal ARN), or the function names none: not judged. */
    | { status: "external" }
    | { status: "undecided"; reason: string };

export function functionPermissions(graph: StackGraph, fn: ResourceView): RoleLookup {
    const res = functionRole(graph, fn);
    if (res.status === "undecided") return { status: "undecided", reason: res.reason };
    if (res.status === "missing") return { status: "external" };
    if (res.targets.length !== 1) return { status: "undecided", reason: `the role of ${fn.name} matches several roles` };
    const role = res.targets[0];
    return { status: "found", role, perms: rolePermissions(graph, role) };
}

/** Whether a function's role grants every one of `actions`: decided, undecided, or not ours to judge. */
export type RoleActionsVerdict =
    { status: "granted" } | { status: "external" } | { status: "undecided"; reason: string } | { status: "missing"; role: ResourceView; missing: string[] };

export function roleGrantsAll(graph: StackGraph, fn: ResourceView, actions: string[]): RoleActionsVerdict {
    const look = functionPermissions(graph, fn);
    if (look.status === "external") return look;
    if (look.status === "undecided") return look;
    const r = mayPerformAll(look.perms, actions);
    // Something not known yet may still grant the missing actions.
    if (r.undecided) return { status: "undecided", reason: r.undecided };
    return r.missing.length ? { status: "missing", role: look.role, missing: r.missing } : { status: "granted" };
}

export type AsyncSource = { via: ResourceView; kind: "s3" | "sns" | "events" | "permission" };

const ASYNC_PRINCIPALS: Record<string, AsyncSource["kind"]> = {
    "s3.amazonaws.com": "s3",
    "sns.amazonaws.com": "sns",
    "events.amazonaws.com": "events",
};

export interface AsyncInvocations {
    /** Function URN -> what invokes it asynchronously. */
    byFunction: Map<string, AsyncSource[]>;
    /** Async sources whose function is not known yet. */
    undecided: { via: ResourceView; reason: string }[];
}

const asyncCache = new WeakMap<StackGraph, AsyncInvocations>();

/**
 * Functions invoked asynchronously: S3 bucket notifications (`lambdaFunctions`), SNS
 * subscriptions with protocol lambda, EventBridge targets, and `lambda.Permission`s for
 * s3/sns/events. Indexed once per graph.
 */
export function asyncInvocations(graph: StackGraph): AsyncInvocations {
    const hit = asyncCache.get(graph);
    if (hit) return hit;
    const out: AsyncInvocations = { byFunction: new Map(), undecided: [] };
    const record = (via: ResourceView, kind: AsyncSource["kind"], res: Resolution) => {
        if (res.status === "found") for (const fn of res.targets) push(out.byFunction, fn.urn, { via, kind });
        else if (res.status === "undecided") out.undecided.push({ via, reason: res.reason });
    };
    for (const n of graph.ofType(BUCKET_NOTIFICATION_TYPE)) {
        const list = n.props.list("lambdaFunctions");
        if (list === UNKNOWN) {
            out.undecided.push({ via: n, reason: `lambdaFunctions of ${n.name} is not known until deployment` });
            continue;
        }
        (list ?? []).forEach((_, i) => record(n, "s3", resolveFunction(graph, n, `lambdaFunctions[${i}].lambdaFunctionArn`)));
    }
    for (const sub of graph.ofType(TOPIC_SUBSCRIPTION_TYPE)) {
        const protocol = sub.props.str("protocol");
        if (protocol === UNKNOWN) {
            out.undecided.push({ via: sub, reason: `protocol of ${sub.name} is not known until deployment` });
            continue;
        }
        if (protocol !== "lambda") continue;
        record(sub, "sns", resolveFunction(graph, sub, "endpoint"));
    }
    for (const t of graph.ofType(EVENT_TARGET_TYPE)) {
        const res = resolveFunction(graph, t, "arn");
        if (res.status === "found") record(t, "events", res);
        else if (res.status === "undecided" && !(t.propertyDependencies["arn"] ?? []).length) out.undecided.push({ via: t, reason: res.reason });
    }
    for (const p of graph.ofType(PERMISSION_TYPE)) {
        const principal = p.props.str("principal");
        if (principal === UNKNOWN) {
            out.undecided.push({ via: p, reason: `principal of ${p.name} is not known until deployment` });
            continue;
        }
        if (typeof principal !== "string" || !ASYNC_PRINCIPALS[principal.toLowerCase()]) continue;
        record(p, ASYNC_PRINCIPALS[principal.toLowerCase()], resolveFunction(graph, p, "function"));
    }
    asyncCache.set(graph, out);
    return out;
}

/** A bucket notification's Lambda entries, with their filters and events. */
export interface NotificationEntry {
    notification: ResourceView;
    index: number;
    events: unknown;
    filterPrefix: unknown;
    filterSuffix: unknown;
}

export function notificationEntries(n: ResourceView): NotificationEntry[] | typeof UNKNOWN {
    const list = n.props.list("lambdaFunctions");
    if (list === UNKNOWN) return UNKNOWN;
    return (list ?? []).map((e, index) => ({
        notification: n,
        index,
        events: field(e, "events"),
        filterPrefix: field(e, "filterPrefix"),
        filterSuffix: field(e, "filterSuffix"),
    }));
}

/** Lower-case camel identifier for a logical name, for Fix snippets (`my-fn` -> `myFn`). */
export function varName(name: string, fallback = "fn"): string {
    return name.replace(/[^A-Za-z0-9]+(.)/g, (_, c: string) => c.toUpperCase()).replace(/^[^A-Za-z_]+/, "") || fallback;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
    const list = m.get(k);
    if (list) list.push(v);
    else m.set(k, [v]);
}
