import { buckets } from "../../lib/aws/s3";
import { isBucketPublic, logTargets, loggingOf, varName } from "../../lib/aws/s3-state";
import { UNKNOWN } from "../../lib/graph/values";
import { stackPolicy } from "../../lib/policy";

export default stackPolicy(
    {
        name: "s3-bucket-access-logging",
        description:
            "Every S3 bucket has server access logging (inline `logging` or an `aws.s3.BucketLogging`) into a different bucket, and where that target bucket is in the stack it is not itself public. Buckets that receive logs (S3 access logs, load balancer, CloudFront, CloudTrail or VPC flow logs) are exempt from needing their own log target. Without access logs there is no audit trail of who read or changed the data.",
        severity: "medium",
        enforcementLevel: "mandatory",
        section: "A",
        seeds: ["000#4"],
        remediation:
            'Send the bucket\'s server access logs to a dedicated, private log bucket:\n  const logBucket = new aws.s3.Bucket("access-logs");\n  new aws.s3.BucketLogging("data-logging", { bucket: bucket.id, targetBucket: logBucket.id, targetPrefix: "data/" });',
        url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html",
        peers: { checkov: ["CKV_AWS_18"], securityHub: ["S3.9"], cdkNag: ["AwsSolutions-S1"] },
    },
    (graph, ctx) => {
        const targets = logTargets(graph);
        for (const bucket of buckets(graph)) {
            const v = varName(bucket.name);
            const isLogTarget = targets.byBucket.has(bucket.urn);
            const state = loggingOf(graph, bucket);
            if (state.malformed) {
                ctx.report(
                    bucket,
                    `Bucket ${bucket.name} has an access logging block with no readable targetBucket (${state.malformed}). Fix: new aws.s3.BucketLogging("${bucket.name}-logging", { bucket: ${v}.id, targetBucket: logBucket.id, targetPrefix: "${bucket.name}/" }).`,
                );
                continue;
            }
            if (!state.configs.length) {
                if (isLogTarget) continue;
                if (state.unknown || state.maybeMore) {
                    ctx.defer(bucket, "the bucket's access logging configuration is not known until deployment");
                    continue;
                }
                if (targets.undecided.length) {
                    ctx.defer(bucket, `it may receive logs from ${targets.undecided[0].from.name}, whose destination is not known yet`);
                    continue;
                }
                ctx.report(
                    bucket,
                    `Bucket ${bucket.name} has no server access logging. Fix: new aws.s3.BucketLogging("${bucket.name}-logging", { bucket: ${v}.id, targetBucket: logBucket.id, targetPrefix: "${bucket.name}/" }).`,
                );
                continue;
            }
            const problems: string[] = [];
            let deferred = false;
            for (const c of state.configs) {
                if (c.target.status === "undecided") {
                    deferred = true;
                    continue;
                }
                if (c.target.status === "missing") {
                    if (c.targetUnknown) deferred = true;
                    else if (!c.target.values.length) problems.push(`${c.inline ? "its inline logging" : c.source.name} names no target bucket`);
                    continue; // a literal name outside the stack: a log bucket managed elsewhere
                }
                for (const t of c.target.targets) {
                    if (t.urn === bucket.urn) {
                        problems.push(`${c.inline ? "its inline logging" : c.source.name} writes the logs into the bucket itself`);
                        continue;
                    }
                    const pub = isBucketPublic(graph, t);
                    if (pub === true) problems.push(`the log target ${t.name} is public`);
                    else if (pub === UNKNOWN) deferred = true;
                }
            }
            if (problems.length) {
                ctx.report(
                    bucket,
                    `Bucket ${bucket.name} has unsafe access logging: ${problems.join("; ")}. Fix: targetBucket: a separate private log bucket (with a BucketPublicAccessBlock), e.g. targetBucket: logBucket.id.`,
                );
            } else if (deferred) {
                ctx.defer(bucket, "the access log target bucket is not known until deployment");
            }
        }
    },
);
