import { ResourceView } from "../../lib/graph/resource";
import { UNKNOWN } from "../../lib/graph/values";
import { stackPolicy } from "../../lib/policy";
import { T, topology } from "../../lib/network/topology";

/** Properties through which a resource is placed in a VPC (its own or one of its subnets / groups). */
const PLACEMENT_PROPERTIES = [
    "vpcId",
    "subnetId",
    "subnetIds",
    "subnets",
    "subnetMappings",
    "vpcConfig",
    "vpcSecurityGroupIds",
    "securityGroups",
    "securityGroupIds",
    "dbSubnetGroupName",
    "networkInterfaces",
    "vpcOptions",
    "networkConfiguration",
];

/** Every default VPC in AWS has this CIDR block. */
const DEFAULT_VPC_CIDR = "172.31.0.0/16";

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
        const topo = topology(graph);
        // The default VPC's resources in the stack: DefaultVpc, a read of the default VPC, DefaultSubnet,
        // subnets and security groups in a default VPC, DefaultSecurityGroup of the default VPC.
        const defaults = new Map<string, ResourceView>();
        const why = new Map<string, string>();
        for (const v of graph.ofType(T.defaultVpc)) mark(v, "is the account's default VPC");
        for (const v of graph.ofType(T.vpc)) {
            const cidr = v.props.str("cidrBlock");
            const pool = v.props.get("ipv4IpamPoolId");
            if (cidr === DEFAULT_VPC_CIDR && v.props.bool("isDefault") !== false) mark(v, "has the default VPC's CIDR block 172.31.0.0/16");
            else if (cidr === undefined && pool === undefined && /default/i.test(v.name)) mark(v, "reads the default VPC into the stack");
            else if (v.props.bool("default") === true || v.props.bool("isDefault") === true) mark(v, "is the account's default VPC");
        }
        for (const s of graph.ofType(T.defaultSubnet)) mark(s, "is a default subnet of the default VPC");
        for (const node of topo.subnets.values()) {
            if (typeof node.vpc === "string" && defaults.has(node.vpc)) mark(node.resource, `is a subnet of default VPC ${defaults.get(node.vpc)!.name}`);
        }
        for (const sg of graph.ofType(T.defaultSecurityGroup)) {
            const vpc = topo.vpcKeyOf(sg);
            if (vpc === undefined) mark(sg, "manages the default VPC's default security group (no vpcId)");
            else if (typeof vpc === "string" && defaults.has(vpc)) mark(sg, `is the default security group of default VPC ${defaults.get(vpc)!.name}`);
            else if (vpc === UNKNOWN) ctx.defer(sg, "its vpcId is not known until deployment");
        }
        // Resources whose placement properties depend on any of them (one pass over property dependencies).
        for (const r of graph.resources) {
            if (defaults.has(r.urn) || r.type === "pulumi:providers:aws" || !r.type.startsWith("aws:")) continue;
            for (const p of PLACEMENT_PROPERTIES) {
                const hit = (r.propertyDependencies[p] ?? []).map(u => defaults.get(u)).find((x): x is ResourceView => !!x);
                if (hit) {
                    mark(r, `is placed in the default VPC through ${p} (${hit.name})`);
                    break;
                }
            }
        }
        for (const [urn, r] of defaults) {
            const network = r.type === T.vpc || r.type === T.defaultVpc || r.type === T.defaultSubnet || r.type === T.subnet;
            const fix = network
                ? `new aws.ec2.Vpc("main", { cidrBlock: "10.0.0.0/16" }) with its own subnets, used instead of ${r.name}`
                : `new aws.ec2.Vpc("main", { cidrBlock: "10.0.0.0/16" }) with its own subnets, and place ${r.name} there`;
            ctx.report(r, `${r.name} ${why.get(urn)}. Fix: ${fix}.`);
        }

        function mark(r: ResourceView, reason: string) {
            if (defaults.has(r.urn)) return;
            defaults.set(r.urn, r);
            why.set(r.urn, reason);
        }
    },
);
