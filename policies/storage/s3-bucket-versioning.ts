import { BUCKET_SETTING_TYPES, buckets, settingsOf } from "../../lib/aws/s3";
import { UNKNOWN } from "../../lib/graph/values";
import { stackPolicy } from "../../lib/policy";

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
            const inline = bucket.props.bool("versioning.enabled");
            if (inline === true) continue;
            if (inline === UNKNOWN) {
                ctx.defer(bucket, "inline versioning is not known until deployment");
                continue;
            }
            const split = settingsOf(graph, "versioning", bucket);
            const statuses = split.resources.map(v => v.props.str("versioningConfiguration.status"));
            if (statuses.includes("Enabled")) continue;
            if (statuses.includes(UNKNOWN)) {
                ctx.defer(bucket, "the versioning status is not known until deployment");
                continue;
            }
            if (split.resources.length) {
                const names = split.resources.map(v => v.name).join(", ");
                ctx.report(bucket, `Bucket ${bucket.name} has versioning resource ${names} but its status is not "Enabled". Fix: set versioningConfiguration: { status: "Enabled" }.`);
                continue;
            }
            if (split.maybeMore) {
                ctx.defer(bucket, `a ${BUCKET_SETTING_TYPES.versioning[0].split(":").pop()} whose bucket is not known yet may configure it`);
                continue;
            }
            ctx.report(
                bucket,
                `Bucket ${bucket.name} has no versioning. Fix: new aws.s3.BucketVersioning("${bucket.name}-versioning", { bucket: ${camel(bucket.name)}.id, versioningConfiguration: { status: "Enabled" } }).`,
            );
        }
    },
);

function camel(name: string): string {
    return name.replace(/[^A-Za-z0-9]+(.)/g, (_, c: string) => c.toUpperCase()).replace(/^[^A-Za-z_]+/, "") || "bucket";
}
