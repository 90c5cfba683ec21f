import { types } from "../../lib/aws/types";
import { standardLogging } from "../../lib/facts/cloudfront";
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
        resourceTypes: [types.cloudfront.Distribution],
        remediation:
            'Log to an S3 bucket that has ACLs enabled for the log delivery (ObjectOwnership BucketOwnerPreferred):\n  new aws.cloudfront.Distribution("cdn", { ..., loggingConfig: { bucket: logBucket.bucketDomainName, prefix: "cloudfront/", includeCookies: false } });',
        url: "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/AccessLogs.html",
        peers: { checkov: ["CKV_AWS_86"], securityHub: ["CloudFront.5"], cdkNag: ["AwsSolutions-CFR3"] },
    },
    (dist, ctx) => {
        ctx.decide(dist, standardLogging(dist), logging => {
            if (logging === "on") return undefined;
            const fix = `Fix: new aws.cloudfront.Distribution(${JSON.stringify(dist.name)}, { ..., loggingConfig: { bucket: logBucket.bucketDomainName, prefix: "cloudfront/" } }).`;
            if (logging === "no-bucket") return `CloudFront distribution ${dist.name} has loggingConfig without a bucket. ${fix}`;
            return `CloudFront distribution ${dist.name} has no access logging. ${fix}`;
        });
    },
);
