import { AccessLogging, LoggingProblem, accessLogging, buckets } from "../../lib/facts/s3";
import { stackPolicy } from "../../lib/policy";
import { newResource, ref } from "../../lib/report/snippets";

function problemText(c: AccessLogging, p: LoggingProblem): string {
    const which = c.inline ? "its inline logging" : c.on.name;
    if (p.kind === "no-target") return `${which} names no target bucket`;
    return p.kind === "into-itself" ? `${which} writes the logs into the bucket itself` : `the log target ${p.target.name} is public`;
}

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
        for (const bucket of buckets(graph)) {
            ctx.decide(bucket, accessLogging(graph, bucket), logging => {
                const fix = newResource("aws.s3.BucketLogging", `${bucket.name}-logging`, {
                    bucket: ref(bucket.name, "id"),
                    targetBucket: ref("logBucket", "id"),
                    targetPrefix: `${bucket.name}/`,
                });
                if (logging?.malformed)
                    return `Bucket ${bucket.name} has an access logging block with no readable targetBucket (${logging.malformed}). Fix: ${fix}.`;
                if (!logging) return `Bucket ${bucket.name} has no server access logging. Fix: ${fix}.`;
                // A bucket that receives logs and configures none has no configs: it needs no log target of its own.
                const problems = logging.configs.flatMap(c => c.problems.map(p => problemText(c, p)));
                if (!problems.length) return undefined;
                return `Bucket ${bucket.name} has unsafe access logging: ${problems.join("; ")}. Fix: targetBucket: a separate private log bucket (with a BucketPublicAccessBlock), e.g. targetBucket: logBucket.id.`;
            });
        }
    },
);
