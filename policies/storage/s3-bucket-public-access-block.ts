import { buckets } from "../../lib/aws/s3";
import { PAB_FLAGS, listNames, missingFlags, publicAccessBlockOf, readFlags, varName } from "../../lib/aws/s3-state";
import { UNKNOWN } from "../../lib/graph/values";
import { stackPolicy } from "../../lib/policy";

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
            const state = publicAccessBlockOf(graph, bucket);
            if (state.accountBlock) continue;
            const v = varName(bucket.name);
            if (!state.resources.length) {
                if (state.maybeMore) {
                    ctx.defer(bucket, "a BucketPublicAccessBlock whose bucket is not known yet may configure it");
                    continue;
                }
                ctx.report(
                    bucket,
                    `Bucket ${bucket.name} has no public access block. Fix: new aws.s3.BucketPublicAccessBlock("${bucket.name}-pab", { bucket: ${v}.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }).`,
                );
                continue;
            }
            // Any one block resource of the bucket with all four flags true is enough.
            let unknown = false;
            let best: { name: string; missing: string[] } | undefined;
            let ok = false;
            for (const r of state.resources) {
                const m = missingFlags(readFlags(r));
                if (m === UNKNOWN) unknown = true;
                else if (m.length === 0) ok = true;
                else if (!best || m.length < best.missing.length) best = { name: r.name, missing: m };
            }
            if (ok) continue;
            if (unknown) {
                ctx.defer(bucket, "public access block flags are not known until deployment");
                continue;
            }
            const missing = best?.missing ?? PAB_FLAGS;
            ctx.report(
                bucket,
                `Bucket ${bucket.name} has public access block ${best?.name ?? ""} without ${listNames(missing)} set to true. Fix: ${missing.map(f => `${f}: true`).join(", ")} on ${best?.name}.`,
            );
        }
    },
);
