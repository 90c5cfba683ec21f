import { buckets } from "../../lib/aws/s3";
import { EncryptionRule, encryptionOf, listNames, logTargets, varName } from "../../lib/aws/s3-state";
import { UNKNOWN } from "../../lib/graph/values";
import { stackPolicy } from "../../lib/policy";

interface Config {
    algorithm: "any" | "AES256" | "aws:kms";
    requireBucketKey?: boolean | "auto";
}

const KNOWN_ALGORITHMS = ["AES256", "aws:kms", "aws:kms:dsse"];

/** An AWS managed key (`alias/aws/s3`) rather than a customer managed one. */
function isAwsManagedKey(id: string): boolean {
    return /(^|:)alias\/aws\//.test(id);
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
                description: "The algorithm required: any (default), AES256 (S3 managed keys) or aws:kms (customer managed KMS key).",
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
        const setting = ctx.config.requireBucketKey ?? "auto";
        const requireBucketKey = setting === "auto" ? wanted === "aws:kms" : setting;
        const targets = logTargets(graph);
        for (const bucket of buckets(graph)) {
            const v = varName(bucket.name);
            const state = encryptionOf(graph, bucket);
            // S3 server access logs and ALB/ELB access logs are delivered only into SSE-S3 buckets.
            const sseS3Only = (targets.byBucket.get(bucket.urn) ?? []).filter(s => s.sseS3Only && !s.tentative);
            const bucketWanted: Config["algorithm"] = sseS3Only.length ? "AES256" : wanted;
            const malformed = state.rules.find(r => r.malformed);
            if (malformed) {
                ctx.report(
                    bucket,
                    `Bucket ${bucket.name} has an unreadable encryption configuration on ${malformed.source.name} (${malformed.malformed}). Fix: rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "${wanted === "any" ? "aws:kms" : wanted}" } }].`,
                );
                continue;
            }
            const defaults = state.rules.filter(r => r.algorithm !== undefined);
            if (!defaults.length) {
                if (state.unknown || state.maybeMore) {
                    ctx.defer(bucket, "the bucket's encryption configuration is not known until deployment");
                    continue;
                }
                // S3 encrypts every bucket with SSE-S3 (AES256) since January 2023: that meets "any" and "AES256".
                if (bucketWanted !== "aws:kms") continue;
                ctx.report(
                    bucket,
                    `Bucket ${bucket.name} has no default encryption configuration, so S3 applies SSE-S3 (AES256), but the requirements ask for aws:kms with a customer managed key. Fix: new aws.s3.BucketServerSideEncryptionConfiguration("${bucket.name}-sse", { bucket: ${v}.id, rules: [${fixRule(bucketWanted, requireBucketKey)}] }).`,
                );
                continue;
            }
            if (defaults.some(r => r.algorithm === UNKNOWN)) {
                ctx.defer(bucket, "sseAlgorithm is not known until deployment");
                continue;
            }
            if (sseS3Only.length) {
                const algorithm = defaults[0].algorithm as string;
                if (algorithm.startsWith("aws:kms")) {
                    ctx.report(
                        bucket,
                        `Bucket ${bucket.name} receives ${listNames(sseS3Only.map(s => `${s.kind} of ${s.from.name}`))}, which are delivered only into buckets encrypted with S3 managed keys, but it uses ${algorithm} (on ${defaults[0].source.name}): log delivery fails. Fix: applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } on the log bucket.`,
                    );
                } else if (algorithm !== "AES256") {
                    ctx.report(
                        bucket,
                        `Bucket ${bucket.name} sets an unrecognised sseAlgorithm on ${defaults[0].source.name}. Fix: applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }.`,
                    );
                }
                continue;
            }
            const problem = judge(defaults[0], wanted, requireBucketKey);
            if (problem === "defer") ctx.defer(bucket, "the KMS key or bucket key setting is not known until deployment");
            else if (problem) ctx.report(bucket, `Bucket ${bucket.name} ${problem}`);
        }
    },
);

function fixRule(wanted: Config["algorithm"], bucketKey: boolean): string {
    if (wanted === "AES256" || (wanted === "any" && !bucketKey)) return '{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }';
    return `{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn }${bucketKey || wanted === "aws:kms" ? ", bucketKeyEnabled: true" : ""} }`;
}

/** What is wrong with the effective default rule (the message tail), "defer", or undefined. */
function judge(rule: EncryptionRule, wanted: Config["algorithm"], requireBucketKey: boolean): string | "defer" | undefined {
    const algorithm = rule.algorithm as string;
    const where = rule.source.name;
    if (!KNOWN_ALGORITHMS.includes(algorithm)) {
        return `sets an unrecognised sseAlgorithm on ${where}. Fix: applyServerSideEncryptionByDefault: { sseAlgorithm: "${wanted === "AES256" ? "AES256" : "aws:kms"}" }.`;
    }
    const kms = algorithm.startsWith("aws:kms");
    if (wanted === "AES256" && kms) {
        return `uses ${algorithm} encryption (on ${where}) but the requirements ask for AES256 (S3 managed keys). Fix: applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }.`;
    }
    if (wanted === "aws:kms" && !kms) {
        return `uses AES256 encryption (on ${where}) but the requirements ask for aws:kms with a customer managed key. Fix: applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn }, bucketKeyEnabled: true.`;
    }
    let deferred = false;
    if (wanted === "aws:kms") {
        if (rule.kmsKeyId === UNKNOWN) deferred = !rule.kmsKeyOfStack;
        else if (rule.kmsKeyId === undefined || rule.kmsKeyId === "" || isAwsManagedKey(rule.kmsKeyId)) {
            return `uses aws:kms with the AWS managed key aws/s3 (on ${where}), not a customer managed key. Fix: kmsMasterKeyId: key.arn (an aws.kms.Key with enableKeyRotation: true).`;
        }
    }
    if (kms && requireBucketKey && algorithm !== "aws:kms:dsse") {
        if (rule.bucketKey === UNKNOWN) deferred = true;
        else if (rule.bucketKey !== true) {
            return `uses aws:kms encryption without an S3 bucket key (on ${where}): every object request calls KMS. Fix: bucketKeyEnabled: true in the encryption rule.`;
        }
    }
    if (deferred) return "defer";
    return undefined;
}
