import { asyncInvocation, functions } from "../../lib/facts/lambda";
import { stackPolicy } from "../../lib/policy";
import { code, newResource, ref } from "../../lib/report/snippets";

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
        for (const fn of functions(graph)) {
            ctx.decide(fn, asyncInvocation(graph, fn), a => {
                if (!a?.sources.length || a.failureDestination) return undefined;
                const via = [...new Set(a.sources.map(s => `${KIND_LABEL[s.kind]} (${s.via.name})`))].join(", ");
                const fix = newResource("aws.lambda.FunctionEventInvokeConfig", `${fn.name}-async`, {
                    functionName: ref(fn.name, "name"),
                    destinationConfig: { onFailure: { destination: code("dlq.arn") } },
                });
                return `Lambda function ${fn.name} is invoked asynchronously by ${via} but has no dead-letter queue or on-failure destination: failed events are lost. Fix: ${fix}.`;
            });
        }
    },
);
