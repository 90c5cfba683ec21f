// Report 003 (e-commerce platform): #8 "Missing Comprehensive Logging Infrastructure". The model
// only created a Lambda log group; there are no ALB access logs, no CloudFront logs, no VPC flow
// logs and no API Gateway access logs.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const environmentSuffix = pulumi.getStack();
const tags = { Project: "ecommerce-platform", Environment: environmentSuffix, ManagedBy: "pulumi" };

const vpc = new aws.ec2.Vpc(`ecommerce-vpc-${environmentSuffix}`, { cidrBlock: "10.0.0.0/16", enableDnsHostnames: true, enableDnsSupport: true, tags });
const azs = aws.getAvailabilityZonesOutput({ state: "available" });
const publicSubnets = [0, 1].map(
    i =>
        new aws.ec2.Subnet(`ecommerce-public-${i + 1}-${environmentSuffix}`, {
            vpcId: vpc.id,
            cidrBlock: `10.0.${i}.0/24`,
            availabilityZone: azs.names[i],
            mapPublicIpOnLaunch: true,
            tags,
        }),
);

const albSg = new aws.ec2.SecurityGroup(`ecommerce-alb-sg-${environmentSuffix}`, {
    vpcId: vpc.id,
    ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }],
    egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
    tags,
});

const alb = new aws.lb.LoadBalancer(`ecommerce-alb-${environmentSuffix}`, {
    loadBalancerType: "application",
    subnets: publicSubnets.map(s => s.id),
    securityGroups: [albSg.id],
    tags,
});

const cdn = new aws.cloudfront.Distribution(`ecommerce-cdn-${environmentSuffix}`, {
    enabled: true,
    origins: [
        {
            originId: "alb",
            domainName: alb.dnsName,
            customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"] },
        },
    ],
    defaultCacheBehavior: {
        targetOriginId: "alb",
        viewerProtocolPolicy: "redirect-to-https",
        allowedMethods: ["GET", "HEAD"],
        cachedMethods: ["GET", "HEAD"],
        forwardedValues: { queryString: false, cookies: { forward: "none" } },
    },
    restrictions: { geoRestriction: { restrictionType: "none" } },
    viewerCertificate: { cloudfrontDefaultCertificate: true },
    tags,
});

const api = new aws.apigatewayv2.Api(`ecommerce-api-${environmentSuffix}`, { protocolType: "HTTP", tags });
const stage = new aws.apigatewayv2.Stage(`ecommerce-api-stage-${environmentSuffix}`, { apiId: api.id, name: "$default", autoDeploy: true, tags });

// The only log group of the stack: the Lambda's, 7 days.
new aws.cloudwatch.LogGroup(`ecommerce-lambda-logs-${environmentSuffix}`, { name: `/aws/lambda/ecommerce-api-${environmentSuffix}`, retentionInDays: 7, tags });

export const albDns = alb.dnsName;
export const cdnDomain = cdn.domainName;
export const apiEndpoint = stage.invokeUrl;
