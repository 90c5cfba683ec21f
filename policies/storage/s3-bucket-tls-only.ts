import { buckets, tlsOnly } from "../../lib/facts/s3";
import { stackPolicy } from "../../lib/policy";
import { identifier } from "../../lib/report/snippets";

export default stackPolicy(
    {
        name: "s3-bucket-tls-only",
        description:
            'Every S3 bucket\'s policy (inline `policy` or an `aws.s3.BucketPolicy`) denies requests made without TLS: a Deny statement for principal `*` covering the S3 actions with the condition `Bool: { "aws:SecureTransport": "false" }`. Defense in depth: without it a misconfigured client can read or write objects over plain HTTP.',
        severity: "medium",
        enforcementLevel: "advisory",
        section: "A",
        seeds: ["000"],
        remediation:
            'Add a TLS-only statement to the bucket policy:\n  new aws.s3.BucketPolicy("data-policy", {\n      bucket: bucket.id,\n      policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: [{\n          Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*",\n          Resource: [bucket.arn, pulumi.interpolate`${bucket.arn}/*`],\n          Condition: { Bool: { "aws:SecureTransport": "false" } },\n      }] }),\n  });',
        url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html#transit",
        peers: { securityHub: ["S3.5"], cdkNag: ["AwsSolutions-S10"] },
    },
    (graph, ctx) => {
        for (const bucket of buckets(graph)) {
            ctx.decide(bucket, tlsOnly(graph, bucket), tls => {
                if (tls?.present) return undefined;
                const v = identifier(bucket.name, "bucket");
                const fix = `Fix: add { Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [${v}.arn, pulumi.interpolate\`\${${v}.arn}/*\`], Condition: { Bool: { "aws:SecureTransport": "false" } } } to its bucket policy.`;
                if (tls?.malformed.length) {
                    return `Bucket ${bucket.name} has a malformed bucket policy on ${tls.malformed.join(", ")}, so TLS-only access cannot be enforced. ${fix}`;
                }
                const what = tls?.policies.length
                    ? "has a bucket policy that does not deny requests without TLS (aws:SecureTransport false)"
                    : "has no bucket policy denying requests without TLS";
                return `Bucket ${bucket.name} ${what}. ${fix}`;
            });
        }
    },
);
