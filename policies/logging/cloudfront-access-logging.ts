import { UNKNOWN, field } from "../../lib/graph/values";
import { resourcePolicy } from "../../lib/policy";

export default resourcePolicy(
    {
        name: "cloudfront-access-logging",
        description:
            "CloudFront distributions should log requests: the standard (legacy) logging `loggingConfig` with a bucket. Without it there is no record of viewer requests, cache behaviour or attacks at the edge (report 003). This resource policy reads the distribution's own inputs; logging configured only through a CloudWatch Logs v2 delivery (aws.cloudwatch.LogDeliverySource/LogDelivery) is not visible to it: waive the finding with an exemption in that case.",
        severity: "low",
        enforcementLevel: "advisory",
        section: "A",
        seeds: ["003#8"],
        resourceTypes: ["aws:cloudfront/distribution:Distribution"],
        remediation:
            'Log to an S3 bucket that has ACLs enabled for the log delivery (ObjectOwnership BucketOwnerPreferred):\n  new aws.cloudfront.Distribution("cdn", { ..., loggingConfig: { bucket: logBucket.bucketDomainName, prefix: "cloudfront/", includeCookies: false } });',
        url: "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/AccessLogs.html",
        peers: { checkov: ["CKV_AWS_86"], securityHub: ["CloudFront.5"], cdkNag: ["AwsSolutions-CFR3"] },
    },
    (dist, ctx) => {
        const cfg = dist.props.get("loggingConfig");
        if (cfg === UNKNOWN) return ctx.defer(dist, "loggingConfig is not known until deployment");
        const block = Array.isArray(cfg) ? cfg[0] : cfg;
        if (block === UNKNOWN) return ctx.defer(dist, "loggingConfig is not known until deployment");
        const fix = `Fix: new aws.cloudfront.Distribution("${dist.name}", { ..., loggingConfig: { bucket: logBucket.bucketDomainName, prefix: "cloudfront/" } }).`;
        if (!block || typeof block !== "object") return ctx.report(dist, `CloudFront distribution ${dist.name} has no access logging. ${fix}`);
        const bucket = field(block, "bucket");
        if (bucket === UNKNOWN) return ctx.defer(dist, "the log bucket is not known until deployment");
        if (typeof bucket !== "string" || bucket.trim() === "")
            ctx.report(dist, `CloudFront distribution ${dist.name} has loggingConfig without a bucket. ${fix}`);
    },
);
