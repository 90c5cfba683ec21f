import { PUBLIC_ACCESS_FLAGS, buckets, publicAccessBlock } from "../../lib/facts/s3";
import { stackPolicy } from "../../lib/policy";
import { listNames } from "../../lib/report/shown";
import { args, newResource, ref } from "../../lib/report/snippets";

export default stackPolicy(
    {
        name: "s3-bucket-public-access-block",
        description:
            "Every S3 bucket has an `aws.s3.BucketPublicAccessBlock` with all four flags (blockPublicAcls, blockPublicPolicy, ignorePublicAcls, restrictPublicBuckets) set to true. Without it a later ACL or policy change can publish the bucket's objects to the internet. An account-level `aws.s3.AccountPublicAccessBlock` in the same stack with all four flags true also satisfies the check, since it applies to every bucket of the account.",
        severity: "high",
        enforcementLevel: "mandatory",
        section: "A",
        seeds: ["001#7"],
        remediation:
            'Add a public access block for every bucket, with all four flags true:\n  new aws.s3.BucketPublicAccessBlock("data-pab", {\n      bucket: bucket.id,\n      blockPublicAcls: true,\n      blockPublicPolicy: true,\n      ignorePublicAcls: true,\n      restrictPublicBuckets: true,\n  });',
        url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html",
        peers: { checkov: ["CKV2_AWS_6"], securityHub: ["S3.8"] },
    },
    (graph, ctx) => {
        for (const bucket of buckets(graph)) {
            ctx.decide(bucket, publicAccessBlock(graph, bucket), pab => {
                if (pab?.complete) return undefined;
                const all = Object.fromEntries(PUBLIC_ACCESS_FLAGS.map(f => [f, true]));
                if (!pab) {
                    const fix = newResource("aws.s3.BucketPublicAccessBlock", `${bucket.name}-pab`, { bucket: ref(bucket.name, "id"), ...all });
                    return `Bucket ${bucket.name} has no public access block. Fix: ${fix}.`;
                }
                const fix = args(Object.fromEntries(pab.missing.map(f => [f, true])));
                return `Bucket ${bucket.name} has public access block ${pab.closest?.name ?? ""} without ${listNames(pab.missing)} set to true. Fix: ${fix} on ${pab.closest?.name}.`;
            });
        }
    },
);
