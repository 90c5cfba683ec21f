/**
 * Facts about CloudWatch dashboards and metric alarms: which metrics on per-resource namespaces
 * name no dimension, so that they aggregate every resource of the kind in the account.
 */
import { types } from "../aws/types";
import { Decision, Malformed, known, notKnownYet } from "../graph/decision";
import { read } from "../graph/read";
import { ResourceView } from "../graph/resource";
import { UNKNOWN, containsUnknown } from "../graph/values";

/** Namespaces whose metrics belong to one resource, with the dimension that names it (for the Fix). */
export const PER_RESOURCE: Record<string, string> = {
    "AWS/Lambda": "FunctionName",
    "AWS/ApplicationELB": "LoadBalancer",
    "AWS/NetworkELB": "LoadBalancer",
    "AWS/ELB": "LoadBalancerName",
    "AWS/RDS": "DBInstanceIdentifier",
    "AWS/ApiGateway": "ApiName",
    "AWS/DynamoDB": "TableName",
    "AWS/SQS": "QueueName",
    "AWS/SNS": "TopicName",
    "AWS/ECS": "ClusterName",
    "AWS/EC2": "InstanceId",
    "AWS/States": "StateMachineArn",
    "AWS/Kinesis": "StreamName",
    "AWS/Firehose": "DeliveryStreamName",
    "AWS/ElastiCache": "CacheClusterId",
    "AWS/CloudFront": "DistributionId",
    "AWS/EFS": "FileSystemId",
    "AWS/S3": "BucketName",
    "AWS/NATGateway": "NatGatewayId",
    "AWS/DocDB": "DBClusterIdentifier",
    "AWS/ES": "DomainName",
    "AWS/AppSync": "GraphQLAPIId",
};

/** Metrics that are account-wide by design in a per-resource namespace. */
function accountLevel(namespace: string, metric: string): boolean {
    if (namespace === "AWS/Lambda") return ["ConcurrentExecutions", "UnreservedConcurrentExecutions", "ClaimedAccountConcurrency"].includes(metric);
    if (namespace === "AWS/DynamoDB") return /^(Account|MaxProvisioned)/.test(metric) || metric === "UserErrors";
    return false;
}

export interface MetricGap {
    namespace: string;
    metric: string;
    where: string;
}

function hasDimensionObject(o: unknown): boolean {
    if (!o || typeof o !== "object" || Array.isArray(o)) return false;
    const d = (o as any).dimensions;
    return !!d && typeof d === "object" && Object.keys(d).length > 0;
}

/** Reads a dashboard body: widgets[].properties.metrics rows, with "." and "..." shorthands. */
function readDashboard(body: string): MetricGap[] | Malformed {
    let doc: any;
    try {
        doc = JSON.parse(body);
    } catch {
        return new Malformed("dashboardBody is not valid JSON");
    }
    if (!doc || typeof doc !== "object" || Array.isArray(doc)) return new Malformed("dashboardBody is not a JSON object");
    const widgets = doc.widgets;
    if (widgets === undefined) return [];
    if (!Array.isArray(widgets)) return new Malformed("dashboardBody.widgets is not a list");
    const gaps: MetricGap[] = [];
    for (let w = 0; w < widgets.length; w++) {
        const widget = widgets[w];
        if (!widget || typeof widget !== "object") return new Malformed(`widget ${w + 1} is not an object`);
        const metrics = widget.properties?.metrics;
        if (metrics === undefined) continue;
        if (!Array.isArray(metrics)) return new Malformed(`widget ${w + 1} has metrics that are not a list`);
        let prev: { values: unknown[]; dims: boolean } | undefined;
        for (let i = 0; i < metrics.length; i++) {
            const row = metrics[i];
            if (!Array.isArray(row)) return new Malformed(`widget ${w + 1}, metric ${i + 1} is not a list`);
            if (row.length === 0) continue;
            if (typeof row[0] === "object" && row[0] !== null) continue; // expression row: [{ expression, ... }]
            const options = row.length && typeof row[row.length - 1] === "object" ? row[row.length - 1] : undefined;
            const strings = (options ? row.slice(0, -1) : row).map(v => (typeof v === "string" ? v : String(v)));
            const ellipsis = strings.includes("...");
            const values = strings.filter(v => v !== "...").map((v, k) => (v === "." && prev ? String(prev.values[k] ?? "") : v));
            let namespace = values[0];
            let metric = values[1] ?? "";
            if (ellipsis && prev) {
                namespace = String(prev.values[0] ?? "");
                metric = String(prev.values[1] ?? "");
            }
            const dims = (ellipsis && prev?.dims) || values.length >= 4 || hasDimensionObject(options);
            prev = { values: ellipsis && prev ? prev.values : values, dims };
            if (namespace in PER_RESOURCE && !dims && !accountLevel(namespace, metric)) {
                gaps.push({ namespace, metric, where: `widget ${w + 1}` });
            }
        }
    }
    return gaps;
}

function readAlarm(alarm: ResourceView): Decision<MetricGap[] | Malformed> {
    const gaps: MetricGap[] = [];
    let unknown = false;
    const check = (ns: unknown, metric: unknown, dims: unknown, where: string): void => {
        if (ns === UNKNOWN || metric === UNKNOWN) {
            unknown = true;
            return;
        }
        if (typeof ns !== "string" || !(ns in PER_RESOURCE)) return;
        if (dims === UNKNOWN || containsUnknown(dims)) {
            if (dims === UNKNOWN) unknown = true;
            return;
        }
        const has = !!dims && typeof dims === "object" && !Array.isArray(dims) && Object.keys(dims).length > 0;
        if (!has && !accountLevel(ns, typeof metric === "string" ? metric : ""))
            gaps.push({ namespace: ns, metric: typeof metric === "string" ? metric : "?", where });
    };
    check(alarm.props.get("namespace"), alarm.props.get("metricName"), alarm.props.get("dimensions"), "the alarm");
    const queries = alarm.props.get("metricQueries");
    if (queries === UNKNOWN) unknown = true;
    else if (queries !== undefined) {
        if (!Array.isArray(queries)) return known(new Malformed("metricQueries is not a list"));
        queries.forEach((q, i) => {
            if (q === UNKNOWN) unknown = true;
            else if (q && typeof q === "object" && (q as any).metric !== undefined) {
                const m = (q as any).metric;
                if (m === UNKNOWN) unknown = true;
                else if (m && typeof m === "object")
                    check(m.namespace, m.metricName, m.dimensions, `metric query ${typeof (q as any).id === "string" ? (q as any).id : i + 1}`);
            }
        });
    }
    if (!gaps.length && unknown) return notKnownYet("the alarm's metric or dimensions are not known until deployment");
    return known(gaps);
}

/**
 * The metrics of a dashboard (`dashboardBody` widgets' `metrics` rows, with the "." and "..."
 * shorthands) or of a metric alarm (`namespace` + `dimensions`, or `metricQueries`) that name no
 * dimension on a per-resource namespace. Metric math expressions are not read. An alarm with a
 * gap is known even while another of its metrics is not known yet.
 */
export function metricsWithoutDimensions(r: ResourceView): Decision<MetricGap[] | Malformed> {
    if (r.type !== types.cloudwatch.Dashboard) return readAlarm(r);
    const body = read.value(r, "dashboardBody");
    if (body.kind !== "known") return body.kind === "unknown" ? notKnownYet("dashboardBody is not known until deployment") : known([]);
    if (typeof body.value !== "string") return known(new Malformed("dashboardBody is not a JSON string"));
    return known(readDashboard(body.value));
}
