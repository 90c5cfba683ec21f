/**
 * lib/network/topology: the shared model, read directly from a StackGraph (no engine): tiers,
 * AZ spread bounds, caching per graph, and linear cost on a large stack.
 */
import { toResourceView } from "../../lib/graph/resource";
import { StackGraph } from "../../lib/graph/stack-graph";
import { UNKNOWN_STRING_SENTINEL } from "../../lib/graph/values";
import { azSpread } from "../../lib/facts/network";
import { topology } from "../../lib/network/topology";

const urn = (type: string, name: string) => `urn:pulumi:dev::t::${type}::${name}`;

interface Spec {
    type: string;
    name: string;
    props: Record<string, unknown>;
    deps?: Record<string, string[]>;
}

function graphOf(specs: Spec[]): StackGraph {
    return new StackGraph(
        specs.map(s =>
            toResourceView({
                urn: urn(s.type, s.name),
                type: s.type,
                name: s.name,
                props: s.props,
                propertyDependencies: Object.fromEntries(Object.entries(s.deps ?? {}).map(([k, names]) => [k, names])),
            }),
        ),
    );
}

const VPC = "aws:ec2/vpc:Vpc";
const SUBNET = "aws:ec2/subnet:Subnet";
const RT = "aws:ec2/routeTable:RouteTable";
const RTA = "aws:ec2/routeTableAssociation:RouteTableAssociation";
const IGW = "aws:ec2/internetGateway:InternetGateway";

function vpcSpecs(prefix: string, publicRouted: boolean): Spec[] {
    const vpc = urn(VPC, `${prefix}vpc`);
    const igw = urn(IGW, `${prefix}igw`);
    const rt = urn(RT, `${prefix}rt`);
    const sub = urn(SUBNET, `${prefix}public-a`);
    const priv = urn(SUBNET, `${prefix}private-a`);
    return [
        { type: VPC, name: `${prefix}vpc`, props: { cidrBlock: "10.0.0.0/16" } },
        { type: IGW, name: `${prefix}igw`, props: { vpcId: `vpc-${prefix}` }, deps: { vpcId: [vpc] } },
        {
            type: RT,
            name: `${prefix}rt`,
            props: { vpcId: `vpc-${prefix}`, routes: publicRouted ? [{ cidrBlock: "0.0.0.0/0", gatewayId: `igw-${prefix}` }] : [] },
            deps: { vpcId: [vpc], routes: [igw] },
        },
        {
            type: SUBNET,
            name: `${prefix}public-a`,
            props: { vpcId: `vpc-${prefix}`, availabilityZone: "us-west-2a", mapPublicIpOnLaunch: true },
            deps: { vpcId: [vpc] },
        },
        { type: SUBNET, name: `${prefix}private-a`, props: { vpcId: `vpc-${prefix}`, availabilityZone: UNKNOWN_STRING_SENTINEL }, deps: { vpcId: [vpc] } },
        {
            type: RTA,
            name: `${prefix}rta`,
            props: { subnetId: `subnet-${prefix}`, routeTableId: `rtb-${prefix}` },
            deps: { subnetId: [sub], routeTableId: [rt] },
        },
        { type: "aws:ec2/natGateway:NatGateway", name: `${prefix}nat`, props: { subnetId: `subnet-${prefix}` }, deps: { subnetId: [priv] } },
    ];
}

test("tiers: routed public subnet is public, unassociated subnet on the main table is private", () => {
    const g = graphOf(vpcSpecs("", true));
    const t = topology(g);
    const tiers = Object.fromEntries([...t.subnets.values()].map(n => [n.resource.name, t.tierOf(n).tier]));
    expect(tiers).toEqual({ "public-a": "public", "private-a": "private" });
    expect(t.usedIgws.size).toBe(1);
    expect(topology(g)).toBe(t); // cached per graph
});

test("tiers: a route table without the IGW route leaves the 'public' subnet private", () => {
    const t = topology(graphOf(vpcSpecs("", false)));
    const pub = [...t.subnets.values()].find(n => n.resource.name === "public-a")!;
    expect(pub.meantPublic).toBe(true);
    expect(t.tierOf(pub).tier).toBe("private");
});

test("azSpread: duplicates count once, names and ids bound the count, unknowns are reported", () => {
    const t = topology(graphOf(vpcSpecs("", true)));
    const nodes = [...t.subnets.values()];
    const pub = nodes.find(n => n.resource.name === "public-a")!;
    const spread = azSpread([pub, pub]);
    expect([spread.atLeast, spread.atMost, spread.zones]).toEqual([1, 1, ["us-west-2a"]]);
    const withUnknown = azSpread(nodes);
    expect(withUnknown.unknown.map(n => n.resource.name)).toEqual(["private-a"]);
    expect(withUnknown.atMost).toBe(2);
});

test("linear: 2,000 VPCs (14,000 resources) build and classify quickly", () => {
    const specs: Spec[] = [];
    for (let i = 0; i < 2000; i++) specs.push(...vpcSpecs(`v${i}-`, i % 2 === 0));
    const g = graphOf(specs);
    const started = Date.now();
    const t = topology(g);
    let publics = 0;
    for (const n of t.subnets.values()) if (t.tierOf(n).tier === "public") publics++;
    const elapsed = Date.now() - started;
    expect(publics).toBe(1000);
    expect(elapsed).toBeLessThan(3000);
});
