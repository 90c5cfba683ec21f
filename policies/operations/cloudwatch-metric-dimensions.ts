import { ResourceView } from "../../lib/graph/resource";
import { UNKNOWN, containsUnknown } from "../../lib/graph/values";
import { resourcePolicy } from "../../lib/policy";

const DASHBOARD = "aws:cloudwatch/dashboard:Dashboard";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

/** Namespaces whose metrics belong to one resource, with the dimension that names it (for the Fix). */
const PER_RESOURCE: Record<string, string> = {
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

interface Gap {
    namespace: string;
    metric: string;
    where: string;
}

type Reading = { status: "ok"; gaps: Gap[]; unknown: boolean } | { status: "malformed"; reason: string };

function hasDimensionObject(o: unknown): boolean {
    if (!o || typeof o !== "object" || Array.isArray(o)) return false;
    const d = (o as any).dimensions;
    return !!d && typeof d === "object" && Object.keys(d).length > 0;
}

/** Reads a dashboard body: widgets[].properties.metrics rows, with "." and "..." shorthands. */
function readDashboard(body: string): Reading {
    let doc: any;
    try {
        doc = JSON.parse(body);
    } catch {
        return { status: "malformed", reason: "dashboardBody is not valid JSON" };
    }
    if (!doc || typeof doc !== "object" || Array.isArray(doc)) return { status: "malformed", reason: "dashboardBody is not a JSON object" };
    const widgets = doc.widgets;
    if (widgets === undefined) return { status: "ok", gaps: [], unknown: false };
    if (!Array.isArray(widgets)) return { status: "malformed", reason: "dashboardBody.widgets is not a list" };
    const gaps: Gap[] = [];
    for (let w = 0; w < widgets.length; w++) {
        const widget = widgets[w];
        if (!widget || typeof widget !== "object") return { status: "malformed", reason: `widget ${w + 1} is not an object` };
        const metrics = widget.properties?.metrics;
        if (metrics === undefined) continue;
        if (!Array.isArray(metrics)) return { status: "malformed", reason: `widget ${w + 1} has metrics that are not a list` };
        let prev: { values: unknown[]; dims: boolean } | undefined;
        for (let i = 0; i < metrics.length; i++) {
            const row = metrics[i];
            if (!Array.isArray(row)) return { status: "malformed", reason: `widget ${w + 1}, metric ${i + 1} is not a list` };
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
    return { status: "ok", gaps, unknown: false };
}

function readAlarm(alarm: ResourceView): Reading | "unknown" {
    const gaps: Gap[] = [];
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
        if (!Array.isArray(queries)) return { status: "malformed", reason: "metricQueries is not a list" };
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
    if (!gaps.length && unknown) return "unknown";
    return { status: "ok", gaps, unknown };
}

export default resourcePolicy(
    {
        name: "cloudwatch-metric-dimensions",
        description:
            "Dashboard metric widgets (`aws.cloudwatch.Dashboard` `dashboardBody`) and metric alarms (`aws.cloudwatch.MetricAlarm`, `namespace` + `dimensions` or `metricQueries`) on per-resource namespaces (AWS/Lambda, AWS/ApplicationELB, AWS/RDS, AWS/ApiGateway, AWS/DynamoDB, AWS/SQS, AWS/ECS, ...) name the dimension of the resource they watch. Without one the graph or alarm aggregates every resource of that kind in the account and region, so it shows or alarms on the wrong thing (report 003#6). Account-wide metrics such as AWS/Lambda ConcurrentExecutions are exempt; metric math expressions are not checked; a body that is not known until deployment defers; an unreadable body is a finding.",
        severity: "medium",
        enforcementLevel: "advisory",
        section: "C",
        seeds: ["003#6"],
        resourceTypes: [DASHBOARD, ALARM],
        remediation:
            'Name the resource in every metric, with its dimension:\n  dashboardBody: pulumi.jsonStringify({ widgets: [{ type: "metric", properties: { region: "us-west-2", metrics: [["AWS/Lambda", "Duration", "FunctionName", fn.name]] } }] })\n  new aws.cloudwatch.MetricAlarm("fn-errors", { namespace: "AWS/Lambda", metricName: "Errors", dimensions: { FunctionName: fn.name }, ... });',
        url: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#Dimension",
        peers: {},
    },
    (r, ctx) => {
        let reading: Reading | "unknown";
        if (r.type === DASHBOARD) {
            const body = r.props.get("dashboardBody");
            if (body === UNKNOWN) return ctx.defer(r, "dashboardBody is not known until deployment");
            if (body === undefined) return;
            if (typeof body !== "string")
                return ctx.report(
                    r,
                    `Dashboard ${r.name} has a dashboardBody that is not a JSON string. Fix: dashboardBody: pulumi.jsonStringify({ widgets: [...] }).`,
                );
            reading = readDashboard(body);
        } else reading = readAlarm(r);
        if (reading === "unknown") return ctx.defer(r, "the alarm's metric or dimensions are not known until deployment");
        const what = r.type === DASHBOARD ? "Dashboard" : "Metric alarm";
        if (reading.status === "malformed") {
            return ctx.report(
                r,
                `${what} ${r.name} cannot be read: ${reading.reason}. Fix: build it with pulumi.jsonStringify({ widgets: [{ type: "metric", properties: { metrics: [[namespace, metric, dimensionName, dimensionValue]] } }] }).`,
            );
        }
        if (!reading.gaps.length) return;
        const list =
            reading.gaps
                .slice(0, 5)
                .map(g => `${g.namespace} ${g.metric} (${g.where})`)
                .join(", ") + (reading.gaps.length > 5 ? ` and ${reading.gaps.length - 5} more` : "");
        const g = reading.gaps[0];
        const dim = PER_RESOURCE[g.namespace];
        const fix =
            r.type === DASHBOARD
                ? `["${g.namespace}", "${g.metric}", "${dim}", <resource>.name] in the metrics row`
                : `dimensions: { ${dim}: <resource>.name }`;
        ctx.report(r, `${what} ${r.name} has metrics without a dimension, so they aggregate every resource in the account: ${list}. Fix: ${fix}.`);
    },
);
