// Report 000 #2 ("Missing public subnets infrastructure"): the model created public subnets, an
// internet gateway and a public route table with a default route, but never associated the public
// subnets with that table, so they use the VPC's main table and have no internet route.
// The private tier (VPC endpoints, no NAT, as the prompt asked) is built right.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const environmentSuffix = pulumi.getStack();
const azs = aws.getAvailabilityZonesOutput({ state: "available" });
const region = aws.getRegionOutput().region;

const vpc = new aws.ec2.Vpc(`secure-doc-vpc-${environmentSuffix}`, { cidrBlock: "10.0.0.0/16", enableDnsHostnames: true, enableDnsSupport: true });

const publicSubnets = [0, 1].map(
    index =>
        new aws.ec2.Subnet(`public-subnet-${index + 1}-${environmentSuffix}`, {
            vpcId: vpc.id,
            cidrBlock: `10.0.${index + 1}.0/24`,
            availabilityZone: azs.names[index],
            mapPublicIpOnLaunch: true,
        }),
);
const privateSubnets = [0, 1].map(
    index =>
        new aws.ec2.Subnet(`private-subnet-${index + 1}-${environmentSuffix}`, {
            vpcId: vpc.id,
            cidrBlock: `10.0.${index + 10}.0/24`,
            availabilityZone: azs.names[index],
        }),
);

const igw = new aws.ec2.InternetGateway(`igw-${environmentSuffix}`, { vpcId: vpc.id });
// The public route table routes to the internet gateway...
new aws.ec2.RouteTable(`public-rt-${environmentSuffix}`, { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }] });
// ...but no RouteTableAssociation ties the public subnets to it (the gap).

const privateRt = new aws.ec2.RouteTable(`private-rt-${environmentSuffix}`, { vpcId: vpc.id });
privateSubnets.forEach(
    (s, i) => new aws.ec2.RouteTableAssociation(`private-rta-${i + 1}-${environmentSuffix}`, { subnetId: s.id, routeTableId: privateRt.id }),
);
new aws.ec2.VpcEndpoint(`s3-endpoint-${environmentSuffix}`, {
    vpcId: vpc.id,
    serviceName: pulumi.interpolate`com.amazonaws.${region}.s3`,
    vpcEndpointType: "Gateway",
    routeTableIds: [privateRt.id],
});

export const publicSubnetIds = publicSubnets.map(s => s.id);
