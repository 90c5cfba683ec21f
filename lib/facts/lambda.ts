/**
 * Facts about Lambda: functions and the references that name them (a name, an ARN, a qualified
 * ARN, `function:<name>:<qualifier>`), execution roles, runtimes, function URLs, asynchronous
 * invocation and its failure destinations, triggers that may loop, provisioned concurrency, and
 * the CloudFront -> Lambda@Edge associations (read once per graph, for both the region check and
 * the trust-policy check).
 */
import { types } from "../aws/types";
import { links, targetsOf, Targets, LinkSpec } from "../graph/links";
import { Decision, NOT_SET, isMalformed, known, notKnownYet } from "../graph/decision";
import { read } from "../graph/read";
import { ResourceView } from "../graph/resource";
import { Resolution, StackGraph } from "../graph/stack-graph";
import { UNKNOWN, Unknown, field } from "../graph/values";
import { GLOBAL_REGION, resourceRegion } from "./regions";
import { Grants, mayPerformAll, mayPerformAny } from "./iam";

export const FUNCTION_TYPES = [types.lambda.Function];

/** The actions a function's role needs to write its logs. */
export const LAMBDA_LOG_ACTIONS = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"];
/** The actions a function's role needs to attach it to a VPC (its elastic network interfaces). */
export const LAMBDA_VPC_ACTIONS = ["ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface"];

export function functions(graph: StackGraph): ResourceView[] {
    return graph.ofType(types.lambda.Function);
}

/** `arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]` -> name and qualifier. */
export function parseFunctionArn(value: string): { name: string; qualifier?: string } | undefined {
    const m = /^arn:aws[a-z-]*:lambda:[^:]*:[^:]*:function:([^:]+)(?::([^:]+))?$/.exec(value);
    return m ? { name: m[1], qualifier: m[2] } : undefined;
}

function asTargets(res: Resolution): Decision<Targets> {
    if (res.status === "undecided") return notKnownYet(res.reason);
    if (res.status === "found") return known({ resources: res.targets, external: [] });
    return res.values.length ? known({ resources: [], external: res.values }) : NOT_SET;
}

/**
 * The functions a reference names: the link table (property dependencies, then known names,
 * ARNs and qualified ARNs), then the name inside a qualified or partial ARN (`...:function:name:alias`,
 * `name:alias`). `at` is a link, or a path of `from` for references inside a list element.
 */
export function functionsNamed(graph: StackGraph, from: ResourceView, at: LinkSpec | string): Decision<Targets> {
    const path = typeof at === "string" ? at : at.path;
    const d = typeof at === "string" ? asTargets(graph.resolve(from, at, FUNCTION_TYPES)) : targetsOf(graph, at, from);
    if (d.kind !== "known" || d.value.resources.length) return d;
    const found: ResourceView[] = [];
    for (const v of d.value.external) {
        const name = parseFunctionArn(v)?.name ?? (/^[A-Za-z0-9_-]+(:[^:]+)?$/.test(v) ? v.split(":")[0] : undefined);
        const hits = name ? graph.byPhysicalIdentity(name, FUNCTION_TYPES) : [];
        if (hits.length === 1 && !found.includes(hits[0])) found.push(hits[0]);
        else if (hits.length > 1) return notKnownYet(`${path} of ${from.name} matches several functions`);
        else return d;
    }
    return found.length ? known({ resources: found, external: [] }) : d;
}

/** The function's execution role in this stack; not set when the role is outside the stack (or none is named). */
export function executionRole(graph: StackGraph, fn: ResourceView): Decision<ResourceView> {
    const d = targetsOf(graph, links.functionRole, fn);
    if (d.kind !== "known") return d;
    if (!d.value.resources.length) return NOT_SET;
    if (d.value.resources.length !== 1) return notKnownYet(`the role of ${fn.name} matches several roles`);
    return known(d.value.resources[0]);
}

/**
 * Which of `actions` the function's role may perform (on `resource`: see lib/facts/iam.ts).
 * `every`: not known yet while any action is undecided; `any`: known once some action is allowed.
 * Not set when the role is not in this stack.
 */
export function executionRoleGrants(
    graph: StackGraph,
    fn: ResourceView,
    actions: string[],
    mode: "every" | "any" = "every",
    resource?: string | Unknown,
): Decision<Grants> {
    const role = executionRole(graph, fn);
    if (role.kind !== "known") return role;
    return (mode === "every" ? mayPerformAll : mayPerformAny)(graph, role.value, actions, resource);
}

/** Whether the function is attached to a VPC: `vpcConfig` with subnets (or subnets not known yet). */
export function attachedToVpc(fn: ResourceView): Decision<boolean> {
    const vpc = read.value(fn, "vpcConfig");
    if (vpc.kind === "unknown") return notKnownYet("vpcConfig is not known until deployment");
    if (vpc.kind === "notSet") return known(false);
    const subnets = read.value(fn, "vpcConfig.subnetIds");
    if (subnets.kind === "unknown") return known(true);
    return known(subnets.kind === "known" && Array.isArray(subnets.value) && subnets.value.length > 0);
}

/** A function URL's `authorizationType` (a value that is not a string is no type AWS accepts: not set). */
export function urlAuthorization(url: ResourceView): Decision<string> {
    const d = read.str(url, "authorizationType");
    if (d.kind === "unknown") return notKnownYet("authorizationType is not known until deployment");
    return d.kind === "known" && !isMalformed(d.value) ? known(d.value) : NOT_SET;
}

// ---- Runtimes --------------------------------------------------------------------------------

/**
 * AWS Lambda runtime deprecation dates (the "Deprecation date" column of
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html: security patches and support
 * end; creating functions is blocked some months later). Update when AWS publishes new dates.
 */
export const RUNTIME_DEPRECATION: Record<string, string> = {
    nodejs: "2016-10-31",
    "nodejs4.3": "2020-03-05",
    "nodejs4.3-edge": "2019-04-30",
    "nodejs6.10": "2019-08-12",
    "nodejs8.10": "2020-03-06",
    "nodejs10.x": "2021-07-30",
    "nodejs12.x": "2023-03-31",
    "nodejs14.x": "2023-12-04",
    "nodejs16.x": "2024-06-12",
    "nodejs18.x": "2025-09-01",
    "nodejs20.x": "2026-04-30",
    "nodejs22.x": "2027-04-30",
    "nodejs24.x": "2028-04-30",
    "python2.7": "2021-07-15",
    "python3.6": "2022-07-18",
    "python3.7": "2023-12-04",
    "python3.8": "2024-10-14",
    "python3.9": "2025-12-15",
    "python3.10": "2026-10-31",
    "python3.11": "2027-06-30",
    "python3.12": "2028-10-31",
    "python3.13": "2029-06-30",
    java8: "2024-01-08",
    "java8.al2": "2026-06-30",
    java11: "2026-06-30",
    java17: "2029-06-30",
    java21: "2029-06-30",
    "dotnetcore1.0": "2019-07-30",
    "dotnetcore2.0": "2019-05-30",
    "dotnetcore2.1": "2022-01-05",
    "dotnetcore3.1": "2023-04-03",
    "dotnet5.0": "2022-05-10",
    dotnet6: "2024-12-20",
    dotnet7: "2024-05-14",
    dotnet8: "2026-11-10",
    "ruby2.5": "2021-07-30",
    "ruby2.7": "2023-12-07",
    "ruby3.2": "2026-03-31",
    "ruby3.3": "2027-03-31",
    "ruby3.4": "2028-03-31",
    "go1.x": "2024-01-08",
    provided: "2024-01-08",
    "provided.al2": "2026-06-30",
    "provided.al2023": "2029-06-30",
};

export interface Runtime {
    /** As the program wrote it. */
    name: string;
    /** AWS's deprecation date (midnight UTC), when the table lists the runtime. */
    deprecatedAt?: { date: string; time: number };
    /** The newest runtime of the same family in the table. */
    successor: string;
}

/** The function's runtime; not set for container images (no runtime) or a value that is not a string. */
export function runtime(fn: ResourceView): Decision<Runtime> {
    const d = read.value(fn, "runtime");
    if (d.kind === "unknown") return notKnownYet("runtime is not known until deployment");
    if (d.kind !== "known" || typeof d.value !== "string" || d.value === "") return NOT_SET;
    const key = d.value.toLowerCase();
    const date = RUNTIME_DEPRECATION[key];
    return known({ name: d.value, deprecatedAt: date ? { date, time: Date.parse(`${date}T00:00:00Z`) } : undefined, successor: successor(key) });
}

function successor(runtime: string): string {
    if (runtime.startsWith("go") || runtime === "provided") return "provided.al2023";
    const family = runtime.replace(/[0-9.]+.*$/, "").replace(/core$/, "");
    const candidates = Object.entries(RUNTIME_DEPRECATION)
        .filter(([r]) => r.replace(/[0-9.]+.*$/, "").replace(/core$/, "") === family && r !== "provided")
        .sort((a, b) => b[1].localeCompare(a[1]));
    return candidates[0]?.[0] ?? "nodejs22.x";
}

// ---- Asynchronous invocation -----------------------------------------------------------------

export type AsyncSource = { via: ResourceView; kind: "s3" | "sns" | "events" | "permission" };

const ASYNC_PRINCIPALS: Record<string, AsyncSource["kind"]> = {
    "s3.amazonaws.com": "s3",
    "sns.amazonaws.com": "sns",
    "events.amazonaws.com": "events",
};

interface AsyncIndex {
    /** Function URN -> what invokes it asynchronously. */
    byFunction: Map<string, AsyncSource[]>;
    /** Async sources whose function is not known yet. */
    undecided: { via: ResourceView; reason: string }[];
    /** Function URN -> its FunctionEventInvokeConfigs. */
    configs: Map<string, ResourceView[]>;
    /** Event invoke configs whose function is not known yet. */
    floatingConfigs: ResourceView[];
}

const asyncCache = new WeakMap<StackGraph, AsyncIndex>();

/**
 * Functions invoked asynchronously: S3 bucket notifications (`lambdaFunctions`), SNS
 * subscriptions with protocol lambda, EventBridge targets, and `lambda.Permission`s for
 * s3/sns/events; and the event invoke configs of each function. Indexed once per graph.
 */
function asyncIndex(graph: StackGraph): AsyncIndex {
    const hit = asyncCache.get(graph);
    if (hit) return hit;
    const out: AsyncIndex = { byFunction: new Map(), undecided: [], configs: new Map(), floatingConfigs: [] };
    const record = (via: ResourceView, kind: AsyncSource["kind"], d: Decision<Targets>) => {
        if (d.kind === "known") for (const fn of d.value.resources) push(out.byFunction, fn.urn, { via, kind });
        else if (d.kind === "unknown") out.undecided.push({ via, reason: d.reason });
    };
    for (const n of graph.ofType(types.s3.BucketNotification)) {
        const list = n.props.list("lambdaFunctions");
        if (list === UNKNOWN) {
            out.undecided.push({ via: n, reason: `lambdaFunctions of ${n.name} is not known until deployment` });
            continue;
        }
        (list ?? []).forEach((_, i) => record(n, "s3", functionsNamed(graph, n, `lambdaFunctions[${i}].lambdaFunctionArn`)));
    }
    for (const sub of graph.ofType(types.sns.TopicSubscription)) {
        const protocol = sub.props.str("protocol");
        if (protocol === UNKNOWN) {
            out.undecided.push({ via: sub, reason: `protocol of ${sub.name} is not known until deployment` });
            continue;
        }
        if (protocol === "lambda") record(sub, "sns", functionsNamed(graph, sub, links.snsSubscriptionEndpoint));
    }
    for (const t of graph.ofType(types.cloudwatch.EventTarget)) {
        const d = functionsNamed(graph, t, links.eventTargetFunction);
        if (d.kind === "known") record(t, "events", d);
        else if (d.kind === "unknown" && !(t.propertyDependencies["arn"] ?? []).length) out.undecided.push({ via: t, reason: d.reason });
    }
    for (const p of graph.ofType(types.lambda.Permission)) {
        const principal = p.props.str("principal");
        if (principal === UNKNOWN) {
            out.undecided.push({ via: p, reason: `principal of ${p.name} is not known until deployment` });
            continue;
        }
        if (typeof principal !== "string" || !ASYNC_PRINCIPALS[principal.toLowerCase()]) continue;
        record(p, ASYNC_PRINCIPALS[principal.toLowerCase()], functionsNamed(graph, p, links.lambdaPermissionFunction));
    }
    for (const c of graph.ofType(types.lambda.FunctionEventInvokeConfig)) {
        const d = functionsNamed(graph, c, links.eventInvokeConfigFunction);
        if (d.kind === "known") for (const fn of d.value.resources) push(out.configs, fn.urn, c);
        else if (d.kind === "unknown") out.floatingConfigs.push(c);
    }
    asyncCache.set(graph, out);
    return out;
}

export interface AsyncInvocation {
    /** What invokes the function asynchronously (empty: nothing does). */
    sources: AsyncSource[];
    /** A dead-letter queue or an on-failure destination receives the events that fail. */
    failureDestination: boolean;
}

/**
 * How the function is invoked asynchronously and whether failed events go somewhere. Not known
 * yet while an async source or an event invoke config names a function not known yet, or the
 * destination settings are not known yet (only where the answer depends on them).
 */
export function asyncInvocation(graph: StackGraph, fn: ResourceView): Decision<AsyncInvocation> {
    const idx = asyncIndex(graph);
    const sources = idx.byFunction.get(fn.urn) ?? [];
    const d = failureDestination(fn, idx.configs.get(fn.urn) ?? []);
    if (!sources.length) {
        // Some async source names a function not known yet; only a missing destination matters.
        if (idx.undecided.length && !d.yes) return notKnownYet(`${idx.undecided[0].reason}; it may invoke this function asynchronously`);
        return known({ sources, failureDestination: d.yes });
    }
    if (d.yes) return known({ sources, failureDestination: true });
    if (d.unknown) return notKnownYet(d.unknown);
    if (idx.floatingConfigs.length) return notKnownYet(`the function of ${idx.floatingConfigs[0].name} is not known until deployment`);
    return known({ sources, failureDestination: false });
}

function failureDestination(fn: ResourceView, configs: ResourceView[]): { yes: boolean; unknown?: string } {
    let unknown: string | undefined;
    const dlq = fn.props.get("deadLetterConfig.targetArn");
    if (dlq === UNKNOWN) {
        // An unknown ARN is still a configured dead-letter target (only its value comes later).
        if (fn.props.get("deadLetterConfig") === UNKNOWN) unknown = "deadLetterConfig is not known until deployment";
        else return { yes: true };
    } else if (typeof dlq === "string" && dlq !== "") return { yes: true };
    for (const c of configs) {
        const dest = c.props.get("destinationConfig.onFailure.destination");
        if (dest === UNKNOWN) {
            if (c.props.get("destinationConfig") === UNKNOWN || c.props.get("destinationConfig.onFailure") === UNKNOWN)
                unknown ??= `destinationConfig of ${c.name} is not known until deployment`;
            else return { yes: true };
        } else if (typeof dest === "string" && dest !== "") return { yes: true };
    }
    return { yes: false, unknown };
}

// ---- Recursive triggers ----------------------------------------------------------------------

const S3_CREATE_ACTIONS = ["s3:PutObject"];
const S3_REMOVE_ACTIONS = ["s3:DeleteObject"];
const DYNAMODB_WRITE_ACTIONS = [
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:BatchWriteItem",
    "dynamodb:PartiQLInsert",
    "dynamodb:PartiQLUpdate",
    "dynamodb:PartiQLDelete",
];

/** A function whose own writes trigger it again. */
export interface RecursiveLoop {
    fn: ResourceView;
    role: ResourceView;
    /** The write actions the role holds on the source. */
    granted: string[];
    /** The bucket (S3 notification) or table (DynamoDB stream) that triggers the function. */
    source: ResourceView;
    /** The BucketNotification or EventSourceMapping. */
    trigger: ResourceView;
    kind: "s3" | "dynamodb";
}

/** One trigger's answer: on which resource it is judged, and whether it loops (known(undefined): it does not). */
export interface TriggerJudgement {
    on: ResourceView;
    loop: Decision<RecursiveLoop | undefined>;
}

/**
 * Triggers that may loop: S3 notifications without a prefix or suffix filter whose function may
 * write (create, or remove for removal events) objects of the same bucket, and DynamoDB stream
 * mappings whose function may write the same table.
 */
export function recursiveTriggers(graph: StackGraph): TriggerJudgement[] {
    const out: TriggerJudgement[] = [];
    const seen = new Set<string>();
    const loops = (trigger: ResourceView, source: ResourceView, kind: RecursiveLoop["kind"], fns: ResourceView[], actions: string[], on: string | Unknown) => {
        for (const fn of fns) {
            const g = executionRoleGrants(graph, fn, actions, "any", on);
            if (g.kind === "notSet" || (g.kind === "known" && !g.value.allowed.length)) continue;
            if (g.kind === "unknown") {
                out.push({ on: fn, loop: g });
                continue;
            }
            const key = `${fn.urn}|${trigger.urn}|${g.value.allowed.join(",")}`;
            if (seen.has(key)) continue;
            seen.add(key);
            out.push({ on: fn, loop: known({ fn, role: g.value.role, granted: g.value.allowed, source, trigger, kind }) });
        }
    };
    const pending = (on: ResourceView, reason: string): void => {
        out.push({ on, loop: notKnownYet(reason) });
    };

    for (const n of graph.ofType(types.s3.BucketNotification)) {
        const list = n.props.list("lambdaFunctions");
        if (list === UNKNOWN) {
            pending(n, "lambdaFunctions is not known until deployment");
            continue;
        }
        if (!list?.length) continue;
        const b = targetsOf(graph, links.bucketNotification, n);
        if (b.kind === "unknown") {
            pending(n, `the bucket of ${n.name} is not known until deployment`);
            continue;
        }
        if (b.kind !== "known" || b.value.resources.length !== 1) continue;
        const bucket = b.value.resources[0];
        const bucketName = bucket.props.str("bucket");
        const bucketArn = bucket.props.str("arn");
        const objectArn: string | Unknown =
            typeof bucketName === "string"
                ? `arn:aws:s3:::${bucketName}/any-object-key`
                : typeof bucketArn === "string"
                  ? `${bucketArn}/any-object-key`
                  : UNKNOWN;
        list.forEach((e, index) => {
            const prefix = field(e, "filterPrefix");
            const suffix = field(e, "filterSuffix");
            if (prefix === UNKNOWN || suffix === UNKNOWN) return pending(n, "a notification filter is not known until deployment");
            if ((typeof prefix === "string" && prefix !== "") || (typeof suffix === "string" && suffix !== "")) return;
            const fns = functionsNamed(graph, n, `lambdaFunctions[${index}].lambdaFunctionArn`);
            if (fns.kind === "unknown") return pending(n, fns.reason);
            if (fns.kind !== "known" || !fns.value.resources.length) return;
            const ev = field(e, "events");
            const rawEvents = Array.isArray(ev) ? ev : typeof ev === "string" ? [ev] : undefined;
            const unknownEvents = !rawEvents || rawEvents.some(v => v === UNKNOWN);
            const events = (rawEvents ?? []).filter((v): v is string => typeof v === "string");
            const actions = [
                ...(unknownEvents || events.some(v => /ObjectCreated|^s3:\*$/i.test(v)) ? S3_CREATE_ACTIONS : []),
                ...(unknownEvents || events.some(v => /ObjectRemoved|^s3:\*$/i.test(v)) ? S3_REMOVE_ACTIONS : []),
            ];
            if (actions.length) loops(n, bucket, "s3", fns.value.resources, actions, objectArn);
        });
    }

    for (const m of graph.ofType(types.lambda.EventSourceMapping)) {
        if (m.props.get("eventSourceArn") === undefined) continue;
        const t = targetsOf(graph, links.eventSourceMappingTable, m);
        if (t.kind === "notSet") continue;
        if (t.kind === "unknown") {
            if ((m.propertyDependencies["eventSourceArn"] ?? []).length === 0) pending(m, `the event source of ${m.name} is not known until deployment`);
            continue;
        }
        if (t.value.resources.length !== 1) continue;
        const table = t.value.resources[0];
        const fns = functionsNamed(graph, m, links.eventSourceMappingFunction);
        if (fns.kind === "unknown") {
            pending(m, fns.reason);
            continue;
        }
        if (fns.kind !== "known" || !fns.value.resources.length) continue;
        const tableArn = table.props.str("arn");
        loops(m, table, "dynamodb", fns.value.resources, DYNAMODB_WRITE_ACTIONS, typeof tableArn === "string" ? tableArn : UNKNOWN);
    }
    return out;
}

// ---- Provisioned concurrency -----------------------------------------------------------------

const PROVISIONED_DIMENSION = "lambda:function:ProvisionedConcurrentExecutions";

interface ProvisionedIndex {
    /** "<function name>:<qualifier>" of every ProvisionedConcurrencyConfig. */
    configured: Set<string>;
    /** Configs whose function or qualifier is not known yet. */
    undecided: ResourceView[];
}

const provisionedCache = new WeakMap<StackGraph, ProvisionedIndex>();

function provisionedIndex(graph: StackGraph): ProvisionedIndex {
    const hit = provisionedCache.get(graph);
    if (hit) return hit;
    const out: ProvisionedIndex = { configured: new Set(), undecided: [] };
    for (const pc of graph.ofType(types.lambda.ProvisionedConcurrencyConfig)) {
        const qualifier = pc.props.get("qualifier");
        const fns = functionsNamed(graph, pc, links.provisionedConcurrencyFunction);
        let names: string[] = [];
        if (fns.kind === "known" && fns.value.resources.length) {
            names = fns.value.resources.map(f => f.props.str("name")).filter((n): n is string => typeof n === "string");
            if (names.length < fns.value.resources.length) out.undecided.push(pc);
        } else if (fns.kind !== "unknown") {
            const raw = pc.props.str("functionName");
            if (typeof raw === "string") names = [parseFunctionArn(raw)?.name ?? raw];
        } else out.undecided.push(pc);
        if (qualifier === UNKNOWN) {
            out.undecided.push(pc);
            continue;
        }
        if (typeof qualifier !== "string" && typeof qualifier !== "number") continue;
        for (const n of names) out.configured.add(`${n}:${qualifier}`);
    }
    provisionedCache.set(graph, out);
    return out;
}

export type ProvisionedScaling =
    /** `resourceId` is not `function:<name>[:<qualifier>]`. */
    | { kind: "bad-resource-id" }
    /** `function:<name>` without an alias or version. */
    | { kind: "unqualified" }
    /** The alias or version it scales; `configured` when a ProvisionedConcurrencyConfig sets it up; `fn` when the function is in this stack. */
    | { kind: "qualified"; qualifier: string; configured: boolean; fn?: ResourceView };

export function scalingTargets(graph: StackGraph): ResourceView[] {
    return graph.ofType(types.appautoscaling.Target);
}

/**
 * What an Application Auto Scaling target scales, when it scales Lambda provisioned concurrency
 * (not set for any other dimension).
 */
export function provisionedConcurrencyScaling(graph: StackGraph, target: ResourceView): Decision<ProvisionedScaling> {
    const dim = target.props.get("scalableDimension");
    if (dim === UNKNOWN) return notKnownYet("scalableDimension is not known until deployment");
    if (dim !== PROVISIONED_DIMENSION) return NOT_SET;
    const id = target.props.get("resourceId");
    if (id === UNKNOWN) return notKnownYet("resourceId is not known until deployment");
    const m = typeof id === "string" ? /^function:([^:]+)(?::(.+))?$/.exec(id) : null;
    if (!m) return known({ kind: "bad-resource-id" });
    const [, fnName, qualifier] = m;
    if (!qualifier) return known({ kind: "unqualified" });
    const idx = provisionedIndex(graph);
    if (idx.configured.has(`${fnName}:${qualifier}`)) return known({ kind: "qualified", qualifier, configured: true });
    if (idx.undecided.length) return notKnownYet(`the function or qualifier of ${idx.undecided[0].name} is not known until deployment`);
    return known({ kind: "qualified", qualifier, configured: false, fn: graph.byPhysicalIdentity(fnName, FUNCTION_TYPES)[0] });
}

// ---- Lambda@Edge -----------------------------------------------------------------------------

/** One `lambdaFunctionAssociations` entry of a distribution that names a function of the stack. */
interface EdgeAssociation {
    distribution: ResourceView;
    value: unknown;
}

/** A function CloudFront runs at the edge, with the associations that name it. */
export interface EdgeFunction {
    fn: ResourceView;
    via: EdgeAssociation[];
    /** The alias an association names, when it names one. */
    alias?: ResourceView;
}

/**
 * An association that says something on its own (not about a function of the stack): one not
 * known yet (with the reason), or one that names a function outside the stack by an ARN that is
 * not a numbered version (known("unversioned")).
 */
export interface EdgeAssociationIssue {
    distribution: ResourceView;
    issue: Decision<"unversioned">;
}

interface EdgeIndex {
    functions: Map<string, EdgeFunction>;
    issues: EdgeAssociationIssue[];
    /** Functions a distribution's cache behaviours depend on (a reference not resolved yet included). */
    behaviourDependencies: Set<string>;
}

const edgeCache = new WeakMap<StackGraph, EdgeIndex>();

type EdgeTarget = { fn: ResourceView; alias?: ResourceView };

/** The Lambda@Edge associations of every distribution, read once per graph. */
function edgeIndex(graph: StackGraph): EdgeIndex {
    const hit = edgeCache.get(graph);
    if (hit) return hit;
    const idx: EdgeIndex = { functions: new Map(), issues: [], behaviourDependencies: new Set() };
    for (const d of graph.ofType(types.cloudfront.Distribution)) {
        const pending = (reason: string): void => {
            idx.issues.push({ distribution: d, issue: notKnownYet(reason) });
        };
        for (const top of ["defaultCacheBehavior", "orderedCacheBehaviors"]) {
            for (const urn of d.propertyDependencies[top] ?? []) if (graph.get(urn)?.type === types.lambda.Function) idx.behaviourDependencies.add(urn);
        }
        const def = d.props.get("defaultCacheBehavior");
        if (def === UNKNOWN) {
            pending("defaultCacheBehavior is not known until deployment");
            continue;
        }
        const behaviors: { top: string; behavior: unknown }[] = [{ top: "defaultCacheBehavior", behavior: def }];
        const ordered = d.props.get("orderedCacheBehaviors");
        if (ordered === UNKNOWN) {
            pending("orderedCacheBehaviors is not known until deployment");
            continue;
        }
        if (Array.isArray(ordered)) ordered.forEach(b => behaviors.push({ top: "orderedCacheBehaviors", behavior: b }));
        for (const { top, behavior } of behaviors) {
            const assocs = field(behavior, "lambdaFunctionAssociations");
            if (assocs === UNKNOWN) {
                pending("lambdaFunctionAssociations is not known until deployment");
                continue;
            }
            if (!Array.isArray(assocs)) continue;
            for (const a of assocs) {
                const value = field(a, "lambdaArn");
                if (value === undefined) continue;
                const targets = resolveEdge(graph, d, top, value);
                if (targets === "undecided") pending("a lambdaArn is not known until deployment");
                else if (targets === "external") idx.issues.push({ distribution: d, issue: known("unversioned") });
                else if (targets !== "published-external") {
                    for (const t of targets) {
                        const use = idx.functions.get(t.fn.urn) ?? { fn: t.fn, via: [] };
                        use.via.push({ distribution: d, value });
                        if (t.alias) use.alias = t.alias;
                        idx.functions.set(t.fn.urn, use);
                    }
                }
            }
        }
    }
    edgeCache.set(graph, idx);
    return idx;
}

function resolveEdge(graph: StackGraph, d: ResourceView, top: string, value: unknown): EdgeTarget[] | "undecided" | "external" | "published-external" {
    const deps = (d.propertyDependencies[top] ?? []).map(u => graph.get(u)).filter((r): r is ResourceView => !!r);
    if (typeof value === "string") {
        const direct = graph.byPhysicalIdentity(value, [types.lambda.Function, types.lambda.Alias]);
        const hit = direct.length === 1 ? direct[0] : undefined;
        if (hit) return hit.type === types.lambda.Alias ? aliasTarget(graph, hit) : [{ fn: hit }];
        const parsed = parseFunctionArn(value);
        const byName = parsed ? graph.byPhysicalIdentity(parsed.name, FUNCTION_TYPES) : [];
        if (byName.length === 1) return [{ fn: byName[0] }];
        const fnDeps = deps.filter(r => r.type === types.lambda.Function);
        if (fnDeps.length) return fnDeps.map(fn => ({ fn }));
        return parsed?.qualifier && /^\d+$/.test(parsed.qualifier) ? "published-external" : "external";
    }
    if (value !== UNKNOWN) return "external";
    const out: EdgeTarget[] = deps.filter(r => r.type === types.lambda.Function).map(fn => ({ fn }));
    for (const a of deps.filter(r => r.type === types.lambda.Alias)) {
        const t = aliasTarget(graph, a);
        if (t === "undecided") return t;
        out.push(...t);
    }
    return out.length ? out : "undecided";
}

function aliasTarget(graph: StackGraph, alias: ResourceView): EdgeTarget[] | "undecided" {
    const d = targetsOf(graph, links.lambdaAliasFunction, alias);
    return d.kind === "known" && d.value.resources.length ? d.value.resources.map(fn => ({ fn, alias })) : "undecided";
}

/** Lambda@Edge associations that wait, or name an unversioned function outside the stack, in the order met. */
export function edgeAssociationIssues(graph: StackGraph): EdgeAssociationIssue[] {
    return edgeIndex(graph).issues;
}

/** The functions of the stack that a distribution associates as Lambda@Edge. */
export function edgeFunctions(graph: StackGraph): EdgeFunction[] {
    return [...edgeIndex(graph).functions.values()];
}

/** Does CloudFront run this function at the edge (an association names it, or a cache behaviour depends on it)? */
export function isEdgeFunction(graph: StackGraph, fn: ResourceView): boolean {
    const idx = edgeIndex(graph);
    return idx.functions.has(fn.urn) || idx.behaviourDependencies.has(fn.urn);
}

export interface EdgeDeployment {
    /** The function's region when it is not us-east-1 (undefined: a provider region the pack cannot see). */
    wrongRegion?: { region: string | undefined };
    /** The first distribution that associates it without a published, numbered version. */
    unpublishedFor?: ResourceView;
}

/**
 * Where a Lambda@Edge function is created and whether each association names a numbered version
 * (`publish: true` with `qualifiedArn`, a `...:<number>` ARN, or an alias of a numbered version).
 * Not known yet when the region or a version is not known yet and nothing is wrong otherwise.
 */
export function edgeDeployment(use: EdgeFunction): Decision<EdgeDeployment> {
    const out: EdgeDeployment = {};
    let pending: string | undefined;
    const region = resourceRegion(use.fn);
    if (region.kind === "unknown") pending = "the function's region is not known until deployment";
    else if (region.kind === "notSet") out.wrongRegion = { region: undefined };
    else if (region.value !== GLOBAL_REGION) out.wrongRegion = { region: region.value };
    const publish = use.fn.props.bool("publish");
    for (const a of use.via) {
        const verdict = published(a.value, publish, use.alias);
        if (verdict === UNKNOWN) pending ??= "whether the associated ARN is a published version is not known until deployment";
        else if (!verdict) {
            out.unpublishedFor = a.distribution;
            break;
        }
    }
    if (!out.wrongRegion && !out.unpublishedFor && pending) return notKnownYet(pending);
    return known(out);
}

/** Is the associated ARN a numbered version? */
function published(value: unknown, publish: unknown, alias?: ResourceView): boolean | Unknown {
    if (alias) {
        const v = alias.props.str("functionVersion");
        if (v === UNKNOWN) return UNKNOWN;
        return typeof v === "string" && /^\d+$/.test(v);
    }
    if (typeof value === "string") {
        const q = parseFunctionArn(value)?.qualifier;
        if (q !== undefined) return /^\d+$/.test(q);
        return false; // an unqualified ARN
    }
    // Unknown in preview: qualifiedArn is a version only when the function publishes.
    if (publish === UNKNOWN) return UNKNOWN;
    return publish === true;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
    const list = m.get(k);
    if (list) list.push(v);
    else m.set(k, [v]);
}
