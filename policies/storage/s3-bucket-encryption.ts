import { NOT_SET, allDecided, valueOr } from "../../lib/graph/decision";
import { buckets, defaultEncryption, describeSources, sseS3OnlyLogSources } from "../../lib/facts/s3";
import { stackPolicy } from "../../lib/policy";
import { newResource, ref } from "../../lib/report/snippets";

interface Config {
    algorithm: "any" | "AES256" | "aws:kms";
    requireBucketKey?: boolean | "auto";
}

/** The configuration to add where aws:kms is required (S3 encrypts every bucket without one with SSE-S3, which meets "any" and "AES256"). */
function kmsConfiguration(bucketName: string): string {
    const rule = { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: ref("key", "arn") }, bucketKeyEnabled: true };
    return newResource("aws.s3.BucketServerSideEncryptionConfiguration", `${bucketName}-sse`, { bucket: ref(bucketName, "id"), rules: [rule] });
}

export default stackPolicy<Config>(
    {
        name: "s3-bucket-encryption",
        description:
            "Every S3 bucket's default server-side encryption meets config `algorithm`, configured inline (`serverSideEncryptionConfiguration`) or with an `aws.s3.BucketServerSideEncryptionConfiguration` (which decides over the inline value). S3 applies SSE-S3 (AES256) to every bucket without a configuration, which meets `any` and `AES256`. Config `algorithm` pins what the requirements ask for: `AES256` (S3 managed keys) or `aws:kms` (a customer managed KMS key given in `kmsMasterKeyId`, with an S3 bucket key unless `requireBucketKey` is false, which cuts KMS request costs); `any` accepts either. A requirement that asked for one algorithm and got the other is a gap even though the data is encrypted. Buckets that receive S3 server access logs or ALB/classic ELB access logs must use AES256 whatever the config says: those services cannot deliver into SSE-KMS buckets.",
        severity: "high",
        enforcementLevel: "mandatory",
        section: "A",
        seeds: ["000", "004#1", "004#9"],
        config: {
            algorithm: {
                type: "string",
                enum: ["any", "AES256", "aws:kms"],
                default: "any",
                description: "The algorithm required: `any` (default), `AES256` (S3 managed keys) or `aws:kms` (customer managed KMS key).",
            },
            requireBucketKey: {
                enum: [true, false, "auto"],
                default: "auto",
                description:
                    "Require bucketKeyEnabled on KMS-encrypted buckets: true, false, or auto (the default: true when algorithm is aws:kms, otherwise false).",
            },
        },
        remediation:
            'Configure default encryption for the bucket (with a customer managed key when aws:kms is required):\n  new aws.s3.BucketServerSideEncryptionConfiguration("data-sse", {\n      bucket: bucket.id,\n      rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn }, bucketKeyEnabled: true }],\n  });\nor, where AES256 is required: rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }].',
        url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-bucket-encryption.html",
        peers: { checkov: ["CKV_AWS_19", "CKV_AWS_145"], securityHub: ["S3.17"] },
    },
    (graph, ctx) => {
        const wanted = ctx.config.algorithm ?? "any";
        const requireBucketKey = (ctx.config.requireBucketKey ?? "auto") === "auto" ? wanted === "aws:kms" : ctx.config.requireBucketKey === true;
        for (const bucket of buckets(graph)) {
            const sseS3Only = sseS3OnlyLogSources(graph, bucket); // S3 and ALB/ELB access logs are delivered only into SSE-S3 buckets
            ctx.decide(bucket, defaultEncryption(graph, bucket), enc => {
                if (enc?.malformed) {
                    return `Bucket ${bucket.name} has an unreadable encryption configuration on ${enc.on.name} (${enc.malformed}). Fix: rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "${wanted === "any" ? "aws:kms" : wanted}" } }].`;
                }
                if (!enc && (sseS3Only.length || wanted !== "aws:kms")) return undefined;
                if (!enc) {
                    return `Bucket ${bucket.name} has no default encryption configuration, so S3 applies SSE-S3 (AES256), but the requirements ask for aws:kms with a customer managed key. Fix: ${kmsConfiguration(bucket.name)}.`;
                }
                const kms = enc.algorithm.startsWith("aws:kms");
                if (sseS3Only.length && kms) {
                    return `Bucket ${bucket.name} receives ${describeSources(sseS3Only)}, which are delivered only into buckets encrypted with S3 managed keys, but it uses ${enc.algorithm} (on ${enc.on.name}): log delivery fails. Fix: applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } on the log bucket.`;
                }
                if (sseS3Only.length || !enc.recognised) {
                    if (sseS3Only.length && enc.algorithm === "AES256") return undefined;
                    return `Bucket ${bucket.name} sets an unrecognised sseAlgorithm on ${enc.on.name}. Fix: applyServerSideEncryptionByDefault: { sseAlgorithm: "${wanted === "AES256" || sseS3Only.length ? "AES256" : "aws:kms"}" }.`;
                }
                if (wanted === "AES256" && kms) {
                    return `Bucket ${bucket.name} uses ${enc.algorithm} encryption (on ${enc.on.name}) but the requirements ask for AES256 (S3 managed keys). Fix: applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }.`;
                }
                if (wanted === "aws:kms" && !kms) {
                    return `Bucket ${bucket.name} uses AES256 encryption (on ${enc.on.name}) but the requirements ask for aws:kms with a customer managed key. Fix: applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn }, bucketKeyEnabled: true.`;
                }
                if (wanted === "aws:kms" && valueOr(enc.keyManagedBy, "customer") === "aws") {
                    return `Bucket ${bucket.name} uses aws:kms with the AWS managed key aws/s3 (on ${enc.on.name}), not a customer managed key. Fix: kmsMasterKeyId: key.arn (an aws.kms.Key with enableKeyRotation: true).`;
                }
                const needsBucketKey = kms && requireBucketKey && !enc.dualLayer;
                if (needsBucketKey && valueOr(enc.bucketKey, true) === false) {
                    return `Bucket ${bucket.name} uses aws:kms encryption without an S3 bucket key (on ${enc.on.name}): every object request calls KMS. Fix: bucketKeyEnabled: true in the encryption rule.`;
                }
                ctx.decide(bucket, allDecided(wanted === "aws:kms" ? enc.keyManagedBy : NOT_SET, needsBucketKey ? enc.bucketKey : NOT_SET), () => undefined);
                return undefined;
            });
        }
    },
);
