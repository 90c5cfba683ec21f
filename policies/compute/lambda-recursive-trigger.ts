import { BUCKET_TYPES } from "../../lib/aws/s3";
import { EVENT_SOURCE_MAPPING_TYPE, BUCKET_NOTIFICATION_TYPE, functionPermissions, notificationEntries, resolveFunction, varName } from "../../lib/aws/lambda";
import { ResourceView } from "../../lib/graph/resource";
import { StackGraph } from "../../lib/graph/stack-graph";
import { UNKNOWN, Unknown } from "../../lib/graph/values";
import { mayPerform } from "../../lib/iam/permissions";
import { CheckContext, stackPolicy } from "../../lib/policy";

const TABLE_TYPE = "aws:dynamodb/table:Table";
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

type Ctx = CheckContext<Record<string, never>>;

/** Which write actions on `resource` the function's role holds; reports or defers. */
function writes(
    graph: StackGraph,
    ctx: Ctx,
    fn: ResourceView,
    actions: string[],
    resource: string | Unknown,
): { role: ResourceView; granted: string[] } | undefined {
    const look = functionPermissions(graph, fn);
    if (look.status === "external") return undefined;
    if (look.status === "undecided") {
        ctx.defer(fn, look.reason);
        return undefined;
    }
    const granted: string[] = [];
    let undecided: string | undefined;
    for (const a of actions) {
        const v = mayPerform(look.perms, a, resource);
        if (v.verdict === "allowed") granted.push(a);
        else if (v.verdict === "undecided") undecided ??= v.reason;
    }
    if (!granted.length && undecided) {
        ctx.defer(fn, undecided);
        return undefined;
    }
    return { role: look.role, granted };
}

export default stackPolicy(
    {
        name: "lambda-recursive-trigger",
        description:
            "A Lambda function triggered by a bucket's notifications without a prefix or suffix filter must not hold write permission (s3:PutObject, or s3:DeleteObject for removal events) on that same bucket, and a function triggered by a DynamoDB stream must not write to the table of that stream: each write triggers the function again, an infinite loop that burns money until throttled.",
        severity: "high",
        enforcementLevel: "mandatory",
        section: "C",
        seeds: ["002#7"],
        remediation:
            'Write results to a different bucket or table, or filter the trigger to an input prefix the function never writes to:\n  new aws.s3.BucketNotification("uploads", { bucket: uploads.id, lambdaFunctions: [{ lambdaFunctionArn: fn.arn, events: ["s3:ObjectCreated:*"], filterPrefix: "incoming/" }] });',
        url: "https://docs.aws.amazon.com/lambda/latest/dg/invocation-recursion.html",
        peers: { checkov: [], securityHub: [], cdkNag: [] },
    },
    (graph, ctx) => {
        const reported = new Set<string>();
        const report = (fn: ResourceView, msg: string) => {
            if (reported.has(fn.urn + msg)) return;
            reported.add(fn.urn + msg);
            ctx.report(fn, msg);
        };

        // S3: notification -> bucket, entries without filters -> function.
        for (const n of graph.ofType(BUCKET_NOTIFICATION_TYPE)) {
            const entries = notificationEntries(n);
            if (entries === UNKNOWN) {
                ctx.defer(n, "lambdaFunctions is not known until deployment");
                continue;
            }
            if (!entries.length) continue;
            const b = graph.resolve(n, "bucket", BUCKET_TYPES);
            if (b.status === "undecided") {
                ctx.defer(n, `the bucket of ${n.name} is not known until deployment`);
                continue;
            }
            if (b.status !== "found" || b.targets.length !== 1) continue;
            const bucket = b.targets[0];
            const bucketName = bucket.props.str("bucket");
            const bucketArn = bucket.props.str("arn");
            const objectArn: string | Unknown =
                typeof bucketName === "string"
                    ? `arn:aws:s3:::${bucketName}/any-object-key`
                    : typeof bucketArn === "string"
                      ? `${bucketArn}/any-object-key`
                      : UNKNOWN;
            for (const e of entries) {
                if (e.filterPrefix === UNKNOWN || e.filterSuffix === UNKNOWN) {
                    ctx.defer(n, "a notification filter is not known until deployment");
                    continue;
                }
                if ((typeof e.filterPrefix === "string" && e.filterPrefix !== "") || (typeof e.filterSuffix === "string" && e.filterSuffix !== "")) continue;
                const fnRes = resolveFunction(graph, n, `lambdaFunctions[${e.index}].lambdaFunctionArn`);
                if (fnRes.status === "undecided") {
                    ctx.defer(n, fnRes.reason);
                    continue;
                }
                if (fnRes.status !== "found") continue;
                const rawEvents = Array.isArray(e.events) ? e.events : typeof e.events === "string" ? [e.events] : undefined;
                const unknownEvents = !rawEvents || rawEvents.some(v => v === UNKNOWN);
                const events = (rawEvents ?? []).filter((v): v is string => typeof v === "string");
                const actions = [
                    ...(unknownEvents || events.some(v => /ObjectCreated|^s3:\*$/i.test(v)) ? S3_CREATE_ACTIONS : []),
                    ...(unknownEvents || events.some(v => /ObjectRemoved|^s3:\*$/i.test(v)) ? S3_REMOVE_ACTIONS : []),
                ];
                if (!actions.length) continue;
                for (const fn of fnRes.targets) {
                    const w = writes(graph, ctx, fn, actions, objectArn);
                    if (!w?.granted.length) continue;
                    report(
                        fn,
                        `Lambda function ${fn.name} is triggered by every object event of bucket ${bucket.name} (notification ${n.name}, no prefix/suffix filter) and its role ${w.role.name} may ${w.granted.join(", ")} on that bucket: each write re-triggers it (recursive loop). Fix: lambdaFunctions: [{ lambdaFunctionArn: ${varName(fn.name)}.arn, events: ["s3:ObjectCreated:*"], filterPrefix: "incoming/" }] and write outside that prefix, or to another bucket.`,
                    );
                }
            }
        }

        // DynamoDB streams: event source mapping -> table (by stream ARN) and function.
        for (const m of graph.ofType(EVENT_SOURCE_MAPPING_TYPE)) {
            if (m.props.get("eventSourceArn") === undefined) continue;
            const t = graph.resolve(m, "eventSourceArn", [TABLE_TYPE]);
            if (t.status === "undecided") {
                if ((m.propertyDependencies["eventSourceArn"] ?? []).length === 0) ctx.defer(m, `the event source of ${m.name} is not known until deployment`);
                continue;
            }
            if (t.status !== "found" || t.targets.length !== 1) continue;
            const table = t.targets[0];
            const fnRes = resolveFunction(graph, m, "functionName");
            if (fnRes.status === "undecided") {
                ctx.defer(m, fnRes.reason);
                continue;
            }
            if (fnRes.status !== "found") continue;
            const tableArn = table.props.str("arn");
            const resource: string | Unknown = typeof tableArn === "string" ? tableArn : UNKNOWN;
            for (const fn of fnRes.targets) {
                const w = writes(graph, ctx, fn, DYNAMODB_WRITE_ACTIONS, resource);
                if (!w?.granted.length) continue;
                report(
                    fn,
                    `Lambda function ${fn.name} is triggered by the stream of table ${table.name} (${m.name}) and its role ${w.role.name} may ${w.granted.slice(0, 3).join(", ")}${w.granted.length > 3 ? ", ..." : ""} on that table: each write re-triggers it (recursive loop). Fix: scope the role's dynamodb write actions to another table, e.g. Resource: otherTable.arn.`,
                );
            }
        }
    },
);
