import { buckets, versioning } from "../../lib/facts/s3";
import { stackPolicy } from "../../lib/policy";
import { newResource, ref } from "../../lib/report/snippets";

export default stackPolicy(
    {
        name: "s3-bucket-versioning",
        description:
            "Every S3 bucket has versioning Enabled, through the inline `versioning` argument or a separate `aws.s3.BucketVersioning` resource that points at it. Without versioning an overwrite or delete loses data for good.",
        severity: "medium",
        enforcementLevel: "mandatory",
        section: "A",
        seeds: ["000", "001#7"],
        remediation:
            'Add a versioning resource for the bucket:\n  new aws.s3.BucketVersioning("data-versioning", { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } });',
        url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html",
        peers: { checkov: ["CKV_AWS_21"], securityHub: ["S3.14"] },
    },
    (graph, ctx) => {
        for (const bucket of buckets(graph)) {
            ctx.decide(bucket, versioning(graph, bucket), v => {
                if (v?.enabled) return undefined;
                if (v?.via.length) {
                    return `Bucket ${bucket.name} has versioning resource ${v.via.map(r => r.name).join(", ")} but its status is not "Enabled". Fix: set versioningConfiguration: { status: "Enabled" }.`;
                }
                const fix = newResource("aws.s3.BucketVersioning", `${bucket.name}-versioning`, {
                    bucket: ref(bucket.name, "id"),
                    versioningConfiguration: { status: "Enabled" },
                });
                return `Bucket ${bucket.name} has no versioning. Fix: ${fix}.`;
            });
        }
    },
);
