import { EVENT_INVOKE_CONFIG_TYPE, FUNCTION_TYPE, asyncInvocations, resolveFunction, varName } from "../../lib/aws/lambda";
import { ResourceView } from "../../lib/graph/resource";
import { UNKNOWN } from "../../lib/graph/values";
import { stackPolicy } from "../../lib/policy";

const KIND_LABEL = { s3: "S3 notifications", sns: "an SNS subscription", events: "an EventBridge target", permission: "a lambda.Permission" } as const;

export default stackPolicy(
    {
        name: "lambda-async-failure-destination",
        description:
            "A Lambda function invoked asynchronously (S3 bucket notifications, SNS subscriptions, EventBridge targets, or a `lambda.Permission` for s3/sns/events.amazonaws.com) has somewhere to send events that fail after the retries: a dead-letter queue (`deadLetterConfig.targetArn`) or an on-failure destination (`aws.lambda.FunctionEventInvokeConfig` with `destinationConfig.onFailure`). Otherwise failed events are dropped without a trace.",
        severity: "medium",
        enforcementLevel: "advisory",
        section: "C",
        seeds: ["002#10"],
        remediation:
            'Send failed asynchronous events to a queue:\n  const dlq = new aws.sqs.Queue("fn-dlq", { sqsManagedSseEnabled: true });\n  new aws.lambda.FunctionEventInvokeConfig("fn-async", { functionName: fn.name, destinationConfig: { onFailure: { destination: dlq.arn } } });\nGrant the role sqs:SendMessage on the queue.',
        url: "https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html",
        peers: { checkov: ["CKV_AWS_116"], securityHub: [], cdkNag: [] },
    },
    (graph, ctx) => {
        const invoked = asyncInvocations(graph);
        // FunctionEventInvokeConfig -> function, indexed once.
        const configs = new Map<string, ResourceView[]>();
        const floatingConfigs: ResourceView[] = [];
        for (const c of graph.ofType(EVENT_INVOKE_CONFIG_TYPE)) {
            const res = resolveFunction(graph, c, "functionName");
            if (res.status === "found") for (const fn of res.targets) configs.set(fn.urn, [...(configs.get(fn.urn) ?? []), c]);
            else if (res.status === "undecided") floatingConfigs.push(c);
        }
        for (const fn of graph.ofType(FUNCTION_TYPE)) {
            const sources = invoked.byFunction.get(fn.urn);
            if (!sources?.length) {
                if (invoked.undecided.length) {
                    // Some async source names a function not known yet; only a missing destination matters.
                    if (!hasDestination(fn, configs.get(fn.urn) ?? []).yes)
                        ctx.defer(fn, `${invoked.undecided[0].reason}; it may invoke this function asynchronously`);
                }
                continue;
            }
            const d = hasDestination(fn, configs.get(fn.urn) ?? []);
            if (d.yes) continue;
            if (d.unknown) {
                ctx.defer(fn, d.unknown);
                continue;
            }
            if (floatingConfigs.length) {
                ctx.defer(fn, `the function of ${floatingConfigs[0].name} is not known until deployment`);
                continue;
            }
            const via = [...new Set(sources.map(s => `${KIND_LABEL[s.kind]} (${s.via.name})`))].join(", ");
            ctx.report(
                fn,
                `Lambda function ${fn.name} is invoked asynchronously by ${via} but has no dead-letter queue or on-failure destination: failed events are lost. Fix: new aws.lambda.FunctionEventInvokeConfig("${fn.name}-async", { functionName: ${varName(fn.name)}.name, destinationConfig: { onFailure: { destination: dlq.arn } } }).`,
            );
        }
    },
);

function hasDestination(fn: ResourceView, configs: ResourceView[]): { yes: boolean; unknown?: string } {
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
