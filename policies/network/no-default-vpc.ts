import { DefaultVpcUse, defaultVpcPlacements } from "../../lib/facts/network";
import { stackPolicy } from "../../lib/policy";

/** How each kind of use reads in a finding: "<resource> is the account's default VPC". */
const WHY: { [K in DefaultVpcUse["kind"]]: (use: Extract<DefaultVpcUse, { kind: K }>) => string } = {
    "default-vpc": () => "is the account's default VPC",
    "default-cidr": () => "has the default VPC's CIDR block 172.31.0.0/16",
    "read-default": () => "reads the default VPC into the stack",
    "default-subnet": () => "is a default subnet of the default VPC",
    "subnet-of": u => `is a subnet of default VPC ${u.vpc}`,
    "default-sg": () => "manages the default VPC's default security group (no vpcId)",
    "default-sg-of": u => `is the default security group of default VPC ${u.vpc}`,
    placed: u => `is placed in the default VPC through ${u.property} (${u.via})`,
};

export default stackPolicy(
    {
        name: "no-default-vpc",
        description:
            "Resources are not placed in the account's default VPC: not through `aws.ec2.DefaultVpc`, `DefaultSubnet` or `DefaultSecurityGroup` (of the default VPC), nor a VPC read into the stack with `default: true` (a `Vpc.get` of the default VPC, recognised by its 172.31.0.0/16 block or a read with no CIDR under a name saying default). The default VPC has public subnets only, a shared default security group and no flow logs; workloads belong in a VPC the stack defines.",
        severity: "medium",
        enforcementLevel: "advisory",
        section: "B",
        seeds: ["001#1"],
        remediation:
            'Create a VPC for the stack and place resources in its subnets:\n  const vpc = new aws.ec2.Vpc("main", { cidrBlock: "10.0.0.0/16", enableDnsHostnames: true, enableDnsSupport: true });\n  const privateA = new aws.ec2.Subnet("private-a", { vpcId: vpc.id, cidrBlock: "10.0.10.0/24", availabilityZone: azs.names[0] });',
        url: "https://docs.aws.amazon.com/vpc/latest/userguide/default-vpc.html",
        peers: {},
    },
    (graph, ctx) => {
        for (const { resource: r, network, use } of defaultVpcPlacements(graph)) {
            ctx.decide(r, use, u => {
                if (!u) return undefined;
                const why = (WHY[u.kind] as (use: DefaultVpcUse) => string)(u);
                const fix = network
                    ? `new aws.ec2.Vpc("main", { cidrBlock: "10.0.0.0/16" }) with its own subnets, used instead of ${r.name}`
                    : `new aws.ec2.Vpc("main", { cidrBlock: "10.0.0.0/16" }) with its own subnets, and place ${r.name} there`;
                return `${r.name} ${why}. Fix: ${fix}.`;
            });
        }
    },
);
