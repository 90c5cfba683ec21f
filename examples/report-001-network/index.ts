// Report 001: the model's first response.
//  #1 it read the account's default VPC (getVpc({ default: true }) + Vpc.get) and put a security group in it;
//  #2 its load balancer sat on one public and one private subnet, both in the same AZ (and so did the DB subnet group);
//  #3 it used two regions: a us-west-2 provider and a us-west-1 one, plus a hard-coded us-west-1 ARN.
import * as aws from "@pulumi/aws";

const awsProvider = new aws.Provider("aws-provider", { region: "us-west-2" });
const westOne = new aws.Provider("aws-west-1", { region: "us-west-1" });
const defaultOpts = { provider: awsProvider };

// #1: the default VPC, read into the stack, and a security group placed in it.
const defaultVpc = aws.ec2.getVpcOutput({ default: true }, defaultOpts).apply(vpc => aws.ec2.Vpc.get("default-vpc", vpc.id, {}, defaultOpts));
new aws.ec2.SecurityGroup("legacy-sg", { vpcId: defaultVpc.id, description: "Web tier in the default VPC" }, defaultOpts);

// #2: a new VPC whose public and private subnet share one AZ; the ALB and DB subnet group use both.
const vpc = new aws.ec2.Vpc("main-vpc", { cidrBlock: "172.16.0.0/16", enableDnsHostnames: true, enableDnsSupport: true }, defaultOpts);
const publicSubnet = new aws.ec2.Subnet(
    "public-subnet",
    { vpcId: vpc.id, cidrBlock: "172.16.1.0/24", availabilityZone: "us-west-2a", mapPublicIpOnLaunch: true },
    defaultOpts,
);
const privateSubnet = new aws.ec2.Subnet("private-subnet", { vpcId: vpc.id, cidrBlock: "172.16.3.0/24", availabilityZone: "us-west-2a" }, defaultOpts);
const igw = new aws.ec2.InternetGateway("main-igw", { vpcId: vpc.id }, defaultOpts);
const publicRt = new aws.ec2.RouteTable("public-rt", { vpcId: vpc.id }, defaultOpts);
new aws.ec2.Route("public-default", { routeTableId: publicRt.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id }, defaultOpts);
new aws.ec2.RouteTableAssociation("public-rta", { subnetId: publicSubnet.id, routeTableId: publicRt.id }, defaultOpts);

const albSg = new aws.ec2.SecurityGroup("alb-sg", { vpcId: vpc.id, description: "HTTP in" }, defaultOpts);
new aws.lb.LoadBalancer(
    "app-lb",
    {
        loadBalancerType: "application",
        subnets: [publicSubnet.id, privateSubnet.id], // WRONG: mixed public/private, one AZ
        securityGroups: [albSg.id],
    },
    defaultOpts,
);
new aws.rds.SubnetGroup("db-subnet-group", { subnetIds: [privateSubnet.id] }, defaultOpts);

// #3: a second region, and a hard-coded ARN from it.
new aws.sns.Topic("alerts-west-1", {}, { provider: westOne });
const topic = new aws.sns.Topic("alerts", {}, defaultOpts);
new aws.sns.TopicSubscription(
    "alerts-to-queue",
    {
        topic: topic.arn,
        protocol: "sqs",
        endpoint: "arn:aws:sqs:us-west-1:123456789012:alerts-queue",
    },
    defaultOpts,
);

export const vpcId = vpc.id;
export const defaultVpcId = defaultVpc.id;
