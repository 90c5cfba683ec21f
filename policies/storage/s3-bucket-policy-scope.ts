import { BroadStatement, bucketPolicyHolders, buckets, denyUnlessFrom, policyScope } from "../../lib/facts/s3";
import { stackPolicy } from "../../lib/policy";
import { identifier } from "../../lib/report/snippets";

interface Config {
    requireDenyUnlessFrom: boolean;
}

/** What each kind of broad grant allows, after the statement's label. */
const GRANTS: Record<BroadStatement["grant"], string> = {
    "any-principal": 'allows any principal ("*") with no condition that narrows it (aws:SourceVpce, aws:PrincipalArn, aws:PrincipalOrgID, aws:SourceAccount)',
    "every-action": 'allows every action ("*")',
    "root-s3": "allows s3:* to the account root principal",
};

export default stackPolicy<Config>(
    {
        name: "s3-bucket-policy-scope",
        description:
            'A bucket policy (inline `policy` on the bucket or an `aws.s3.BucketPolicy`) must not Allow a wildcard principal (`*`, `{"AWS":"*"}`) without a narrowing condition (aws:SourceVpce, aws:SourceVpc, aws:PrincipalArn, aws:PrincipalOrgID, aws:SourceAccount, aws:SourceArn), must not Allow `s3:*` or `*` to an account root principal, and must not Allow `Action: "*"`. With `requireDenyUnlessFrom: true` every bucket also needs a Deny statement that refuses requests unless they come from named principals (aws:PrincipalArn) and/or VPC endpoints (aws:SourceVpce). Documents are read as JSON strings, objects or getPolicyDocument output; a malformed document is a violation.',
        severity: "high",
        enforcementLevel: "mandatory",
        section: "A",
        seeds: ["000#6"],
        config: {
            requireDenyUnlessFrom: {
                type: "boolean",
                default: false,
                description:
                    "Also require a Deny statement whose condition restricts access to named principals (aws:PrincipalArn) and/or VPC endpoints (aws:SourceVpce).",
            },
        },
        remediation:
            'Grant only what the workload needs, to the principals that need it, and deny everything else:\n  new aws.s3.BucketPolicy("data-policy", {\n      bucket: bucket.id,\n      policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: [\n          { Sid: "AllowFunction", Effect: "Allow", Principal: { AWS: role.arn }, Action: ["s3:GetObject", "s3:PutObject"], Resource: pulumi.interpolate`${bucket.arn}/*` },\n          { Sid: "DenyUnlessFunctionOrEndpoint", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [bucket.arn, pulumi.interpolate`${bucket.arn}/*`],\n            Condition: { StringNotEquals: { "aws:PrincipalArn": role.arn, "aws:SourceVpce": endpoint.id } } },\n      ] }),\n  });',
        url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies.html",
        peers: { checkov: ["CKV_AWS_70"], securityHub: ["S3.2", "S3.3", "S3.6"] },
    },
    (graph, ctx) => {
        for (const { resource, inline, bucket } of bucketPolicyHolders(graph)) {
            const where = inline ? `the inline policy of bucket ${resource.name}` : `bucket policy ${resource.name}${bucket ? ` (bucket ${bucket.name})` : ""}`;
            ctx.decide(resource, policyScope(resource), scope => {
                if (scope?.malformed) {
                    return `The policy document of ${where} is malformed: ${scope.malformed}. Fix: policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: [...] }) with valid statements.`;
                }
                if (!scope?.broad.length) return undefined;
                const problems = scope.broad.map(st => `${st.sid ? `statement "${st.sid}"` : `statement ${st.index + 1}`} ${GRANTS[st.grant]}`);
                return `Overly broad access in ${where}: ${problems.join("; ")}. Fix: grant only the actions needed to the named role ARN (Principal: { AWS: role.arn }, Action: ["s3:GetObject", "s3:PutObject"]), or add a Condition on aws:SourceVpce / aws:PrincipalArn.`;
            });
        }
        if (!ctx.config.requireDenyUnlessFrom) return;
        for (const bucket of buckets(graph)) {
            ctx.decide(bucket, denyUnlessFrom(graph, bucket), deny => {
                if (deny?.present || deny?.malformed.length) return undefined; // a malformed document is reported above
                const v = identifier(bucket.name, "bucket");
                return `Bucket ${bucket.name} has no bucket policy statement that denies requests unless they come from the named role or VPC endpoint. Fix: add { Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [${v}.arn, pulumi.interpolate\`\${${v}.arn}/*\`], Condition: { StringNotEquals: { "aws:PrincipalArn": role.arn, "aws:SourceVpce": endpoint.id } } }.`;
            });
        }
    },
);
