import * as aws from "@pulumi/aws";

// Gap 1: no versioning at all (the bucket's planned `versioning` output is unknown at preview).
const uploads = new aws.s3.Bucket("uploads");

// Gap 2: no retention (the provider fills in 0, "never expire").
new aws.cloudwatch.LogGroup("app-logs", { kmsKeyId: undefined });

// Gap 3: an internet-facing ALB in two subnets of the same zone.
const vpc = new aws.ec2.Vpc("main", { cidrBlock: "10.0.0.0/16" });
const igw = new aws.ec2.InternetGateway("igw", { vpcId: vpc.id });
const publicRt = new aws.ec2.RouteTable("public", { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }] });
const subnets = ["10.0.1.0/24", "10.0.2.0/24"].map((cidrBlock, i) => {
    const subnet = new aws.ec2.Subnet(`public-${i}`, { vpcId: vpc.id, cidrBlock, availabilityZone: "us-west-2a", mapPublicIpOnLaunch: true });
    new aws.ec2.RouteTableAssociation(`public-${i}`, { subnetId: subnet.id, routeTableId: publicRt.id });
    return subnet;
});
new aws.lb.LoadBalancer("web", { subnets: subnets.map(s => s.id) });

// Built right: versioned and KMS-encrypted by the v7 split resources; silent in both modes.
const key = new aws.kms.Key("data-key", { enableKeyRotation: true });
const data = new aws.s3.Bucket("data");
new aws.s3.BucketVersioning("data", { bucket: data.id, versioningConfiguration: { status: "Enabled" } });
new aws.s3.BucketServerSideEncryptionConfiguration("data", {
    bucket: data.id,
    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn }, bucketKeyEnabled: true }],
});

export const uploadsBucket = uploads.bucket;
