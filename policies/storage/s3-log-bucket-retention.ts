import { buckets, describeSources, logBucket, logRetention } from "../../lib/facts/s3";
import { stackPolicy } from "../../lib/policy";
import { newResource, ref } from "../../lib/report/snippets";

interface Config {
    minimumDays: number;
}

const TRANSITION = { days: 30, storageClass: "STANDARD_IA" };

export default stackPolicy<Config>(
    {
        name: "s3-log-bucket-retention",
        description:
            "A bucket that receives logs (target of S3 server access logging, ALB/NLB or CloudFront access logs, a CloudTrail trail, or VPC flow logs to S3) has an enabled lifecycle rule (inline `lifecycleRules` or an `aws.s3.BucketLifecycleConfiguration`) that expires logs no earlier than `minimumDays` (default 90), ideally after transitioning them to colder storage. A rule that deletes logs earlier loses the audit trail compliance needs; no lifecycle at all keeps paying for logs forever.",
        severity: "medium",
        enforcementLevel: "advisory",
        section: "A",
        seeds: ["003#7"],
        config: {
            minimumDays: {
                type: "integer",
                minimum: 1,
                default: 90,
                description: "The least number of days logs must be kept before a lifecycle rule expires them.",
            },
        },
        remediation:
            'Keep logs at least 90 days, moving them to cheaper storage first:\n  new aws.s3.BucketLifecycleConfiguration("logs-lifecycle", {\n      bucket: logsBucket.id,\n      rules: [{\n          id: "retain-logs", status: "Enabled", filter: {},\n          transitions: [{ days: 30, storageClass: "STANDARD_IA" }, { days: 60, storageClass: "GLACIER" }],\n          expiration: { days: 90 },\n      }],\n  });',
        url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lifecycle-mgmt.html",
        peers: { checkov: ["CKV2_AWS_61"] },
    },
    (graph, ctx) => {
        const min = ctx.config.minimumDays ?? 90;
        const keep = Math.max(min, 90);
        for (const bucket of buckets(graph)) {
            const logs = logBucket(graph, bucket);
            if (!logs) continue;
            ctx.decide(bucket, logRetention(graph, bucket, min, ctx.now), r => {
                const what = `Log bucket ${bucket.name} (receives ${describeSources(logs.sources)})`;
                const rule = { id: "retain-logs", status: "Enabled", filter: {}, transitions: [TRANSITION], expiration: { days: keep } };
                const fixNew = newResource("aws.s3.BucketLifecycleConfiguration", `${bucket.name}-lifecycle`, {
                    bucket: ref(bucket.name, "id"),
                    rules: [rule],
                });
                const hint = r?.transitions ? "" : " It also has no transition to colder storage (ideal: STANDARD_IA after 30 days, GLACIER after 60).";
                let message: string | undefined;
                if (r?.malformed) {
                    message = `${what} has an unreadable lifecycle rule on ${r.malformed.on.name} (${r.malformed.problem}). Fix: ${fixNew}.`;
                } else if (r?.early) {
                    const which = r.early.id ? `rule "${r.early.id}"` : "a lifecycle rule";
                    const transition = r.transitions ? "" : ', transitions: [{ days: 30, storageClass: "STANDARD_IA" }]';
                    message = `${what} has ${which} on ${r.early.on.name} that deletes logs after ${Math.max(0, Math.floor(r.early.days))} days, less than the required ${min}.${hint} Fix: expiration: { days: ${keep} }${transition}.`;
                } else if (!r?.adequate && !r?.enabledRules) {
                    message = `${what} has no enabled lifecycle rule: logs are never expired or moved to colder storage. Fix: ${fixNew}.`;
                } else if (!r?.adequate) {
                    message = `${what} has no lifecycle rule that expires logs after at least ${min} days.${hint} Fix: expiration: { days: ${keep} } in its lifecycle rule.`;
                }
                // Only a bucket that certainly receives logs is reported; one that only may is deferred.
                if (message) ctx.decide(bucket, logs.certain, () => message);
                return undefined;
            });
        }
    },
);
