import { BUCKET_SETTING_TYPES, buckets } from "../../lib/aws/s3";
import { PolicySource, allowsAnyone, bucketPolicies, readPolicyOf, varName } from "../../lib/aws/s3-state";
import { ResourceView } from "../../lib/graph/resource";
import { Statement, grantsAllActions, isAccountRootPrincipal } from "../../lib/iam/document";
import { CheckContext, stackPolicy } from "../../lib/policy";

interface Config {
    requireDenyUnlessFrom: boolean;
}

/** Condition keys a "deny unless" statement may restrict on: named principals and VPC endpoints. */
const DENY_UNLESS_KEYS = ["aws:principalarn", "aws:sourcevpce"];

/** A statement by Sid, or by position when there is none or the document may be secret. */
function labelOf(st: Statement, secretDoc = false): string {
    return st.sid && !secretDoc ? `statement "${st.sid}"` : `statement ${st.index + 1}`;
}

/** `s3:*` or `*` among the statement's actions (or a NotAction, which grants everything else). */
function grantsAllS3(st: Statement): boolean {
    return grantsAllActions(st) || (st.actions ?? []).some(a => a.toLowerCase() === "s3:*");
}

/** The first problem of an Allow statement, "defer" when it depends on unknown values, or undefined. */
function allowProblem(st: Statement, secretDoc: boolean): string | "defer" | undefined {
    const label = (x: Statement) => labelOf(x, secretDoc);
    if (st.effect !== "Allow") return undefined;
    if (allowsAnyone(st)) {
        return `${label(st)} allows any principal ("*") with no condition that narrows it (aws:SourceVpce, aws:PrincipalArn, aws:PrincipalOrgID, aws:SourceAccount)`;
    }
    if (grantsAllActions(st)) return `${label(st)} allows every action ("*")`;
    const roots = (st.principals?.aws ?? []).filter(isAccountRootPrincipal);
    if (roots.length && grantsAllS3(st)) return `${label(st)} allows s3:* to the account root principal`;
    if (st.hasUnknown && (st.principals?.unknown || (!st.actions && !st.notActions))) return "defer";
    return undefined;
}

function isDenyUnlessFrom(st: Statement): boolean {
    if (st.effect !== "Deny") return false;
    if (!(st.principals?.wildcard ?? false)) return false;
    for (const [op, block] of Object.entries(st.conditions)) {
        if (!/not/i.test(op)) continue;
        if (Object.keys(block).some(k => DENY_UNLESS_KEYS.includes(k))) return true;
    }
    return false;
}

function checkSource(src: PolicySource, bucketName: string | undefined, ctx: CheckContext<Config>): void {
    const where = src.inline
        ? `the inline policy of bucket ${src.resource.name}`
        : `bucket policy ${src.resource.name}${bucketName ? ` (bucket ${bucketName})` : ""}`;
    const r = src.reading;
    if (r.status === "absent") return;
    if (r.status === "unknown") return ctx.defer(src.resource, "the bucket policy document is not known until deployment");
    if (r.status === "malformed") {
        ctx.report(
            src.resource,
            `The policy document of ${where} is malformed: ${r.reason}. Fix: policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: [...] }) with valid statements.`,
        );
        return;
    }
    const problems: string[] = [];
    let deferred = false;
    // Never quote a Sid out of a document that holds secret values.
    const secretDoc = src.resource.props.secrets().size > 0;
    for (const st of r.statements) {
        const p = allowProblem(st, secretDoc);
        if (p === "defer") deferred = true;
        else if (p) problems.push(p);
    }
    if (problems.length) {
        ctx.report(
            src.resource,
            `Overly broad access in ${where}: ${problems.join("; ")}. Fix: grant only the actions needed to the named role ARN (Principal: { AWS: role.arn }, Action: ["s3:GetObject", "s3:PutObject"]), or add a Condition on aws:SourceVpce / aws:PrincipalArn.`,
        );
    } else if (deferred) {
        ctx.defer(src.resource, "some principals or actions of the bucket policy are not known until deployment");
    }
}

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
        // Every policy document once: inline on buckets, and every BucketPolicy (linked or not).
        for (const bucket of buckets(graph)) {
            const reading = readPolicyOf(bucket);
            if (reading.status !== "absent") checkSource({ resource: bucket, inline: true, reading }, bucket.name, ctx);
        }
        const policyIndex = graph.linksTo([...BUCKET_SETTING_TYPES.policy], "bucket", ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"]);
        for (const p of graph.ofType(...BUCKET_SETTING_TYPES.policy)) {
            const res = policyIndex.bySource.get(p.urn);
            const target = res?.status === "found" ? res.targets[0].name : undefined;
            checkSource({ resource: p, inline: false, reading: readPolicyOf(p) }, target, ctx);
        }
        if (!ctx.config.requireDenyUnlessFrom) return;
        for (const bucket of buckets(graph)) requireDenyUnless(graph, bucket, ctx);
    },
);

function requireDenyUnless(graph: Parameters<typeof bucketPolicies>[0], bucket: ResourceView, ctx: CheckContext<Config>): void {
    const { sources, maybeMore } = bucketPolicies(graph, bucket);
    let unknown = maybeMore;
    for (const s of sources) {
        if (s.reading.status === "unknown") unknown = true;
        if (s.reading.status === "malformed") return; // already reported as malformed
        if (s.reading.status !== "ok") continue;
        if (s.reading.statements.some(isDenyUnlessFrom)) return;
        if (s.reading.statements.some(st => st.effect === "Deny" && st.hasUnknown)) unknown = true;
    }
    if (unknown) return ctx.defer(bucket, "the bucket policy is not known until deployment");
    ctx.report(
        bucket,
        `Bucket ${bucket.name} has no bucket policy statement that denies requests unless they come from the named role or VPC endpoint. Fix: add { Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [${varName(bucket.name)}.arn, pulumi.interpolate\`\${${varName(bucket.name)}.arn}/*\`], Condition: { StringNotEquals: { "aws:PrincipalArn": role.arn, "aws:SourceVpce": endpoint.id } } }.`,
    );
}
