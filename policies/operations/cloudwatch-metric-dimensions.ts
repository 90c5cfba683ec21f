import { types } from "../../lib/aws/types";
import { PER_RESOURCE, metricsWithoutDimensions } from "../../lib/facts/cloudwatch";
import { resourcePolicy } from "../../lib/policy";

export default resourcePolicy(
    {
        name: "cloudwatch-metric-dimensions",
        description:
            "Dashboard metric widgets (`aws.cloudwatch.Dashboard` `dashboardBody`) and metric alarms (`aws.cloudwatch.MetricAlarm`, `namespace` + `dimensions` or `metricQueries`) on per-resource namespaces (AWS/Lambda, AWS/ApplicationELB, AWS/RDS, AWS/ApiGateway, AWS/DynamoDB, AWS/SQS, AWS/ECS, ...) name the dimension of the resource they watch. Without one the graph or alarm aggregates every resource of that kind in the account and region, so it shows or alarms on the wrong thing (report 003#6). Account-wide metrics such as AWS/Lambda ConcurrentExecutions are exempt; metric math expressions are not checked; a body that is not known until deployment defers; an unreadable body is a finding.",
        severity: "medium",
        enforcementLevel: "advisory",
        section: "C",
        seeds: ["003#6"],
        resourceTypes: [types.cloudwatch.Dashboard, types.cloudwatch.MetricAlarm],
        remediation:
            'Name the resource in every metric, with its dimension:\n  dashboardBody: pulumi.jsonStringify({ widgets: [{ type: "metric", properties: { region: "us-west-2", metrics: [["AWS/Lambda", "Duration", "FunctionName", fn.name]] } }] })\n  new aws.cloudwatch.MetricAlarm("fn-errors", { namespace: "AWS/Lambda", metricName: "Errors", dimensions: { FunctionName: fn.name }, ... });',
        url: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#Dimension",
        peers: {},
    },
    (r, ctx) => {
        const dashboard = r.type === types.cloudwatch.Dashboard;
        ctx.decide(r, metricsWithoutDimensions(r), gaps => {
            if (!gaps?.length) return undefined;
            const list =
                gaps
                    .slice(0, 5)
                    .map(g => `${g.namespace} ${g.metric} (${g.where})`)
                    .join(", ") + (gaps.length > 5 ? ` and ${gaps.length - 5} more` : "");
            const g = gaps[0];
            const dim = PER_RESOURCE[g.namespace];
            const fix = dashboard
                ? `["${g.namespace}", "${g.metric}", "${dim}", <resource>.name] in the metrics row`
                : `dimensions: { ${dim}: <resource>.name }`;
            return `${dashboard ? "Dashboard" : "Metric alarm"} ${r.name} has metrics without a dimension, so they aggregate every resource in the account: ${list}. Fix: ${fix}.`;
        });
    },
);
