// Report 003 #4 ("Lambda@Edge provider configuration error"): the edge function was created by
// the stack's us-west-2 provider and never published, yet a CloudFront distribution associates
// it. CloudFront only accepts numbered versions of us-east-1 functions. The distribution's ACM
// certificate is (correctly) created in us-east-1, which the region policy accepts for CloudFront.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const environmentSuffix = pulumi.getStack();
const usEast1 = new aws.Provider("us-east-1-provider", { region: "us-east-1" });

const edgeRole = new aws.iam.Role(`edge-role-${environmentSuffix}`, {
    assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: ["lambda.amazonaws.com", "edgelambda.amazonaws.com"] }, Action: "sts:AssumeRole" }],
    }),
});

// The gap: default (us-west-2) provider, no publish.
const edgeLambda = new aws.lambda.Function(`ecommerce-edge-lambda-${environmentSuffix}`, {
    runtime: "nodejs22.x",
    handler: "index.handler",
    role: edgeRole.arn,
    code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async (e) => e.Records[0].cf.request;") }),
});

const cert = new aws.acm.Certificate(`site-cert-${environmentSuffix}`, { domainName: "shop.example.com", validationMethod: "DNS" }, { provider: usEast1 });

new aws.cloudfront.Distribution(`ecommerce-cdn-${environmentSuffix}`, {
    enabled: true,
    aliases: ["shop.example.com"],
    origins: [
        {
            domainName: "origin.example.com",
            originId: "app",
            customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"] },
        },
    ],
    defaultCacheBehavior: {
        targetOriginId: "app",
        viewerProtocolPolicy: "redirect-to-https",
        allowedMethods: ["GET", "HEAD"],
        cachedMethods: ["GET", "HEAD"],
        cachePolicyId: "658327ea-f89d-4fab-a63d-7e88639e58f6",
        lambdaFunctionAssociations: [{ eventType: "viewer-request", lambdaArn: edgeLambda.qualifiedArn }],
    },
    restrictions: { geoRestriction: { restrictionType: "none" } },
    viewerCertificate: { acmCertificateArn: cert.arn, sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.2_2021" },
});
