import { buckets } from "../../lib/aws/s3";
import { bucketPolicies, varName } from "../../lib/aws/s3-state";
import { Statement, conditionValues, statementCoversAction } from "../../lib/iam/document";
import { stackPolicy } from "../../lib/policy";

/** A Deny to everyone of S3 reads and writes when aws:SecureTransport is false. */
function deniesPlainHttp(st: Statement): boolean {
    if (st.effect !== "Deny" || !st.principals?.wildcard) return false;
    if (!statementCoversAction(st, "s3:GetObject") || !statementCoversAction(st, "s3:PutObject")) return false;
    return conditionValues(st, "aws:securetransport", /^Bool(IfExists)?$/i).some(v => v.toLowerCase() === "false");
}

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
            const v = varName(bucket.name);
            const fix = `Fix: add { Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [${v}.arn, pulumi.interpolate\`\${${v}.arn}/*\`], Condition: { Bool: { "aws:SecureTransport": "false" } } } to its bucket policy.`;
            const { sources, maybeMore } = bucketPolicies(graph, bucket);
            let unknown = maybeMore;
            let ok = false;
            const malformed: string[] = [];
            for (const s of sources) {
                const r = s.reading;
                if (r.status === "unknown") unknown = true;
                else if (r.status === "malformed") malformed.push(`${s.resource.name} (${r.reason})`);
                else if (r.status === "ok") {
                    if (r.statements.some(deniesPlainHttp)) ok = true;
                    else if (r.statements.some(st => st.effect === "Deny" && st.hasUnknown)) unknown = true;
                }
            }
            if (ok) continue;
            if (malformed.length) {
                ctx.report(
                    bucket,
                    `Bucket ${bucket.name} has a malformed bucket policy on ${malformed.join(", ")}, so TLS-only access cannot be enforced. ${fix}`,
                );
                continue;
            }
            if (unknown) {
                ctx.defer(bucket, "the bucket policy is not known until deployment");
                continue;
            }
            const what = sources.length
                ? "has a bucket policy that does not deny requests without TLS (aws:SecureTransport false)"
                : "has no bucket policy denying requests without TLS";
            ctx.report(bucket, `Bucket ${bucket.name} ${what}. ${fix}`);
        }
    },
);
