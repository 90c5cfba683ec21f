import { recursiveTriggers } from "../../lib/facts/lambda";
import { stackPolicy } from "../../lib/policy";
import { ref, render } from "../../lib/report/snippets";

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
        for (const { on, loop } of recursiveTriggers(graph)) {
            ctx.decide(on, loop, l => {
                if (!l) return undefined;
                if (l.kind === "s3") {
                    return `Lambda function ${l.fn.name} is triggered by every object event of bucket ${l.source.name} (notification ${l.trigger.name}, no prefix/suffix filter) and its role ${l.role.name} may ${l.granted.join(", ")} on that bucket: each write re-triggers it (recursive loop). Fix: lambdaFunctions: [${render({ lambdaFunctionArn: ref(l.fn.name, "arn"), events: ["s3:ObjectCreated:*"], filterPrefix: "incoming/" })}] and write outside that prefix, or to another bucket.`;
                }
                const actions = `${l.granted.slice(0, 3).join(", ")}${l.granted.length > 3 ? ", ..." : ""}`;
                return `Lambda function ${l.fn.name} is triggered by the stream of table ${l.source.name} (${l.trigger.name}) and its role ${l.role.name} may ${actions} on that table: each write re-triggers it (recursive loop). Fix: scope the role's dynamodb write actions to another table, e.g. Resource: otherTable.arn.`;
            });
        }
    },
);
