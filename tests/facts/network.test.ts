/** Facts about the network, table-driven over StackGraphs built directly (no engine). */
import { types } from "../../lib/aws/types";
import {
    dbSubnetGroupSpread,
    defaultVpcPlacements,
    endpointPolicy,
    internetGatewayUsed,
    lambdaEgressGap,
    lbAzSpread,
    lbScheme,
    subnetTier,
    subnetsMeantPublic,
    tierSpreads,
    vpcFlowLogs,
} from "../../lib/facts/network";
import { ResourceView } from "../../lib/graph/resource";
import { StackGraph } from "../../lib/graph/stack-graph";
import { PropertyReader } from "../../lib/graph/values";

const U = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const urnOf = (name: string, type: string) => `urn:pulumi:dev::p::${type}::${name}`;

function view(name: string, type: string, props: Record<string, unknown>, deps: Record<string, string[]> = {}): ResourceView {
    return { urn: urnOf(name, type), type, name, props: new PropertyReader(props), dependencies: Object.values(deps).flat(), propertyDependencies: deps };
}

const { Vpc, Subnet, RouteTable, RouteTableAssociation, InternetGateway, FlowLog, VpcEndpoint, DefaultSubnet, DefaultSecurityGroup, SecurityGroup } = types.ec2;
const VPC = urnOf("vpc", Vpc);

/** A VPC with an internet gateway, a public route table, and subnets `public-*` (associated with it) and `private-*`. */
function network(subnets: Record<string, Record<string, unknown>>, opts: { routed?: boolean } = {}): ResourceView[] {
    const out = [
        view("vpc", Vpc, { cidrBlock: "10.0.0.0/16" }),
        view("igw", InternetGateway, { vpcId: U }, { vpcId: [VPC] }),
        view(
            "public-rt",
            RouteTable,
            { vpcId: U, routes: opts.routed === false ? [] : [{ cidrBlock: "0.0.0.0/0", gatewayId: U }] },
            { vpcId: [VPC], routes: [urnOf("igw", InternetGateway)] },
        ),
    ];
    for (const [name, props] of Object.entries(subnets)) {
        out.push(view(name, Subnet, { vpcId: U, ...props }, { vpcId: [VPC] }));
        if (name.startsWith("public"))
            out.push(
                view(
                    `${name}-rta`,
                    RouteTableAssociation,
                    { subnetId: U, routeTableId: U },
                    { subnetId: [urnOf(name, Subnet)], routeTableId: [urnOf("public-rt", RouteTable)] },
                ),
            );
    }
    return out;
}

const names = (v: unknown) => (v as { resource: ResourceView }[]).map(n => n.resource.name);

describe("vpcFlowLogs", () => {
    const vpc = view("vpc", Vpc, {});
    test.each([
        [
            "a flow log naming the VPC",
            [view("fl", FlowLog, { vpcId: U }, { vpcId: [VPC] })],
            { kind: "known", value: [expect.objectContaining({ name: "fl" })] },
        ],
        ["none", [], { kind: "known", value: [] }],
        ["a flow log on another VPC outside the stack", [view("fl", FlowLog, { vpcId: "vpc-123" })], { kind: "known", value: [] }],
        ["a flow log whose VPC is not known yet", [view("fl", FlowLog, { vpcId: U })], { kind: "unknown", reason: expect.stringContaining("flow log fl") }],
    ])("%s", (_, others, want) => {
        expect(vpcFlowLogs(new StackGraph([vpc, ...others]), vpc)).toMatchObject(want);
    });
});

describe("tierSpreads", () => {
    const cases: [string, ResourceView[], number, unknown[]][] = [
        [
            "two AZs per tier",
            network({
                "public-a": { availabilityZone: "us-west-2a" },
                "public-b": { availabilityZone: "us-west-2b" },
                "private-a": { availabilityZone: "us-west-2a" },
                "private-b": { availabilityZone: "us-west-2b" },
            }),
            2,
            [
                { tier: "public", narrow: { kind: "known", value: undefined } },
                { tier: "private", narrow: { kind: "known", value: undefined } },
            ],
        ],
        [
            "private tier in one AZ",
            network({
                "public-a": { availabilityZone: "us-west-2a" },
                "public-b": { availabilityZone: "us-west-2b" },
                "private-a": { availabilityZone: "us-west-2a" },
            }),
            2,
            [
                { tier: "public", narrow: { kind: "known", value: undefined } },
                { tier: "private", narrow: { kind: "known", value: { atLeast: 1, zones: ["us-west-2a"] } } },
            ],
        ],
        [
            "a minimum of one",
            network({ "private-a": { availabilityZone: "us-west-2a" } }),
            1,
            [{ tier: "private", narrow: { kind: "known", value: undefined } }],
        ],
        [
            "an AZ not known yet that could make two",
            network({ "private-a": { availabilityZone: "us-west-2a" }, "private-b": { availabilityZone: U } }),
            2,
            [{ tier: "private", narrow: { kind: "unknown", reason: expect.stringContaining("private-b") } }],
        ],
        [
            "an AZ name and an AZ id (not comparable offline)",
            network({ "private-a": { availabilityZone: "us-west-2a" }, "private-b": { availabilityZoneId: "usw2-az2" } }),
            2,
            [{ tier: "private", narrow: { kind: "known", value: undefined } }],
        ],
        [
            "unpinned subnets",
            network({ "private-a": {}, "private-b": {} }),
            2,
            [{ tier: "private", narrow: { kind: "known", value: { atLeast: 0, unpinned: [{}, {}] } } }],
        ],
    ];
    test.each(cases)("%s", (_, resources, min, want) => {
        const spreads = tierSpreads(new StackGraph(resources), min);
        expect(spreads).toMatchObject(want);
        for (const s of spreads) expect(s.subject.name).toBe("vpc");
    });
    test("a subnet whose VPC is not known yet is its own entry, not known yet", () => {
        const spreads = tierSpreads(new StackGraph([view("s", Subnet, { vpcId: U, availabilityZone: "us-west-2a" })]), 2);
        expect(spreads).toMatchObject([{ subject: { name: "s" }, narrow: { kind: "unknown" } }]);
    });
    test("a subnet whose route table is not known yet makes its whole VPC not known yet", () => {
        const resources = [
            ...network({ "private-a": { availabilityZone: "us-west-2a" } }),
            view("rta", RouteTableAssociation, { subnetId: U, routeTableId: U }, { subnetId: [urnOf("private-a", Subnet)] }),
        ];
        expect(tierSpreads(new StackGraph(resources), 2)).toMatchObject([{ subject: { name: "vpc" }, narrow: { kind: "unknown" } }]);
    });
});

describe("load balancers", () => {
    const LB = types.lb.LoadBalancer;
    const subnets = network({
        "public-a": { availabilityZone: "us-west-2a" },
        "public-b": { availabilityZone: "us-west-2b" },
        "private-a": { availabilityZone: "us-west-2a" },
    });
    const lb = (props: Record<string, unknown>, on: string[]) =>
        view("lb", LB, { subnets: on.map(() => U), ...props }, { subnets: on.map(n => urnOf(n, Subnet)) });
    test.each([
        ["two AZs", lb({}, ["public-a", "public-b"]), { kind: "known", value: undefined }],
        [
            "one subnet listed twice",
            view("lb", LB, { subnets: [U, U] }, { subnets: [urnOf("public-a", Subnet)] }),
            { kind: "known", value: { classic: false } },
        ],
        ["two subnets of one AZ", lb({}, ["public-a", "private-a"]), { kind: "known", value: { spread: { atLeast: 1 }, classic: false } }],
        ["no subnets", view("lb", LB, {}), { kind: "known", value: { subnets: [], classic: false } }],
        ["subnets not known yet", view("lb", LB, { subnets: U }), { kind: "unknown", reason: expect.stringContaining("subnets of lb") }],
        ["subnets outside the stack", view("lb", LB, { subnets: ["subnet-1"] }), { kind: "known", value: undefined }],
        [
            "a classic load balancer naming two AZs",
            view("lb", types.elb.LoadBalancer, { availabilityZones: ["us-west-2a", "us-west-2b"] }),
            { kind: "known", value: undefined },
        ],
        [
            "a classic load balancer naming one AZ",
            view("lb", types.elb.LoadBalancer, { availabilityZones: ["us-west-2a"] }),
            { kind: "known", value: { classic: true } },
        ],
        ["a classic load balancer whose AZs are not known yet", view("lb", types.elb.LoadBalancer, { availabilityZones: [U] }), { kind: "unknown" }],
    ])("lbAzSpread: %s", (_, balancer, want) => {
        expect(lbAzSpread(new StackGraph([...subnets, balancer]), balancer)).toMatchObject(want);
    });

    test.each([
        ["internet-facing in public subnets", lb({}, ["public-a", "public-b"]), { kind: "known", value: { internal: false, wrongTier: [] } }],
        [
            "internet-facing in a private subnet",
            lb({ internal: false }, ["public-a", "private-a"]),
            { kind: "known", value: { internal: false, wrongTier: [{}] } },
        ],
        ["internal in a public subnet", lb({ internal: true }, ["public-a", "private-a"]), { kind: "known", value: { internal: true, wrongTier: [{}] } }],
        ["internal not known yet", lb({ internal: U }, ["public-a"]), { kind: "unknown", reason: "internal is not known until deployment" }],
        ["a gateway load balancer (no scheme)", lb({ loadBalancerType: "gateway" }, ["private-a"]), { kind: "notSet" }],
        [
            "subnet mappings",
            view("lb", LB, { subnetMappings: [{ subnetId: U }] }, { subnetMappings: [urnOf("private-a", Subnet)] }),
            { kind: "known", value: { wrongTier: [{}] } },
        ],
    ])("lbScheme: %s", (_, balancer, want) => {
        const d = lbScheme(new StackGraph([...subnets, balancer]), balancer);
        expect(d).toMatchObject(want);
        if (d.kind === "known" && d.value.wrongTier.length)
            expect(names(d.value.wrongTier)).toEqual([balancer.props.get("internal") === true ? "public-a" : "private-a"]);
    });
});

describe("dbSubnetGroupSpread", () => {
    const subnets = network({
        "private-a": { availabilityZone: "us-west-2a" },
        "private-b": { availabilityZone: "us-west-2b" },
        "private-c": { availabilityZone: "us-west-2a" },
    });
    const group = (on: string[]) => view("db", types.rds.SubnetGroup, { subnetIds: on.map(() => U) }, { subnetIds: on.map(n => urnOf(n, Subnet)) });
    test.each([
        ["two AZs", group(["private-a", "private-b"]), { kind: "known", value: undefined }],
        ["one AZ", group(["private-a", "private-c"]), { kind: "known", value: { spread: { atLeast: 1, zones: ["us-west-2a"] } } }],
        [
            "subnetIds not known yet",
            view("db", types.rds.SubnetGroup, { subnetIds: U }),
            { kind: "unknown", reason: "subnetIds is not known until deployment" },
        ],
    ])("%s", (_, g, want) => {
        expect(dbSubnetGroupSpread(new StackGraph([...subnets, g]), g)).toMatchObject(want);
    });
});

describe("public subnets and internet gateways", () => {
    test("subnetsMeantPublic: by mapPublicIpOnLaunch, tag or name; default subnets left out", () => {
        const g = new StackGraph([
            view("web", Subnet, { mapPublicIpOnLaunch: true }),
            view("tagged", Subnet, { tags: { Tier: "Public" } }),
            view("public-x", Subnet, {}),
            view("nonpublic-x", Subnet, {}),
            view("app", Subnet, {}),
            view("default-public", DefaultSubnet, { availabilityZone: "us-west-2a" }),
        ]);
        expect(names(subnetsMeantPublic(g))).toEqual(["web", "tagged", "public-x"]);
    });
    test.each([
        ["routed to the gateway", true, { kind: "known", value: { tier: "public" } }],
        ["its route table has no default route", false, { kind: "known", value: { tier: "private" } }],
    ])("subnetTier: %s", (_, routed, want) => {
        const g = new StackGraph(network({ "public-a": {} }, { routed }));
        expect(subnetTier(g, subnetsMeantPublic(g)[0])).toMatchObject(want);
    });
    test.each([
        ["a route uses it", network({}), { kind: "known", value: true }],
        ["no route uses it", network({}, { routed: false }), { kind: "known", value: false }],
        [
            "a route whose table is not known yet may use it",
            [...network({}, { routed: false }), view("r", types.ec2.Route, { routeTableId: U, gatewayId: U, destinationCidrBlock: "0.0.0.0/0" })],
            { kind: "unknown" },
        ],
    ])("internetGatewayUsed: %s", (_, resources, want) => {
        const g = new StackGraph(resources);
        expect(internetGatewayUsed(g, resources[1])).toMatchObject(want);
    });
});

describe("lambdaEgressGap", () => {
    const ROLE = types.iam.Role;
    const role = view("fn-role", ROLE, {
        assumeRolePolicy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
    });
    const s3Policy = view(
        "fn-s3",
        types.iam.RolePolicy,
        { role: U, policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] }) },
        { role: [urnOf("fn-role", ROLE)] },
    );
    const fn = view(
        "fn",
        types.lambda.Function,
        { role: U, vpcConfig: { subnetIds: [U] } },
        { role: [urnOf("fn-role", ROLE)], vpcConfig: [urnOf("private-a", Subnet)] },
    );
    const base = [...network({ "private-a": {} }), role, s3Policy];
    const s3Endpoint = view("s3", VpcEndpoint, { vpcId: U, serviceName: "com.amazonaws.us-west-2.s3", vpcEndpointType: "Interface" }, { vpcId: [VPC] });
    test.each([
        ["not in a VPC", [...base, view("fn", types.lambda.Function, {})], { kind: "known", value: undefined }],
        ["subnets not known yet", [...base, view("fn", types.lambda.Function, { vpcConfig: { subnetIds: U } })], { kind: "unknown" }],
        ["no route out and no endpoints", [...base, fn], { kind: "known", value: { vpcName: "vpc", gap: { kind: "missing", services: ["s3"] } } }],
        [
            "no route out, no endpoints, a role outside the stack",
            [
                ...base,
                view(
                    "fn",
                    types.lambda.Function,
                    { role: "arn:aws:iam::123456789012:role/r", vpcConfig: { subnetIds: [U] } },
                    { vpcConfig: [urnOf("private-a", Subnet)] },
                ),
            ],
            { kind: "known", value: { gap: { kind: "no-endpoints" } } },
        ],
        [
            "no route out, an endpoint, a role outside the stack (taken as intent)",
            [
                ...base,
                s3Endpoint,
                view(
                    "fn",
                    types.lambda.Function,
                    { role: "arn:aws:iam::123456789012:role/r", vpcConfig: { subnetIds: [U] } },
                    { vpcConfig: [urnOf("private-a", Subnet)] },
                ),
            ],
            { kind: "known", value: undefined },
        ],
        ["no route out, an S3 endpoint for an S3-only role", [...base, s3Endpoint, fn], { kind: "known", value: undefined }],
        [
            "no route out, an endpoint for another service",
            [...base, view("sqs", VpcEndpoint, { vpcId: U, serviceName: "com.amazonaws.us-west-2.sqs", vpcEndpointType: "Interface" }, { vpcId: [VPC] }), fn],
            { kind: "known", value: { gap: { kind: "missing", services: ["s3"], role: "fn-role" } } },
        ],
        [
            "an endpoint whose service is not known yet",
            [...base, view("e", VpcEndpoint, { vpcId: U, serviceName: U, vpcEndpointType: "Interface" }, { vpcId: [VPC] }), fn],
            { kind: "unknown" },
        ],
    ])("%s", (_, resources, want) => {
        const g = new StackGraph(resources);
        expect(lambdaEgressGap(g, resources[resources.length - 1])).toMatchObject(want);
    });
    test("a subnet with a NAT route has egress", () => {
        const resources = network({ "public-a": {} }).map(r =>
            r.name === "public-rt"
                ? view("public-rt", RouteTable, { vpcId: U, routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: "nat-1" }] }, { vpcId: [VPC] })
                : r,
        );
        const f = view("fn", types.lambda.Function, { vpcConfig: { subnetIds: [U] } }, { vpcConfig: [urnOf("public-a", Subnet)] });
        expect(lambdaEgressGap(new StackGraph([...resources, f]), f)).toEqual({ kind: "known", value: undefined });
    });
});

describe("endpointPolicy", () => {
    const doc = (...Statement: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement });
    test.each([
        ["no policy", {}, { kind: "notSet" }],
        ["a policy not known yet", { policy: U }, { kind: "unknown" }],
        ["an unreadable document", { policy: "{ not json" }, { kind: "known", value: { unreadable: expect.any(String) } }],
        [
            "full access to everyone",
            { policy: doc({ Sid: "All", Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }) },
            { kind: "known", value: { openStatement: 'statement "All"' } },
        ],
        [
            "full access, second statement, no Sid",
            {
                policy: doc(
                    { Effect: "Deny", Principal: "*", Action: "*", Resource: "*" },
                    { Effect: "Allow", Principal: { AWS: "*" }, Action: "*", Resource: "*" },
                ),
            },
            { kind: "known", value: { openStatement: "statement 2" } },
        ],
        [
            "full access with a condition",
            {
                policy: doc({
                    Effect: "Allow",
                    Principal: "*",
                    Action: "*",
                    Resource: "*",
                    Condition: { StringEquals: { "aws:PrincipalAccount": "123456789012" } },
                }),
            },
            { kind: "known", value: {} },
        ],
        ["scoped actions", { policy: doc({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "*" }) }, { kind: "known", value: {} }],
        [
            "an action not known yet",
            { policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: U, Resource: "*" }] } },
            { kind: "unknown" },
        ],
    ])("%s", (_, props, want) => {
        const d = endpointPolicy(view("e", VpcEndpoint, props));
        expect(d).toMatchObject(want);
        if (d.kind === "known" && !("unreadable" in d.value) && !(want as { value?: { openStatement?: string } }).value?.openStatement)
            expect(d.value.openStatement).toBeUndefined();
    });
});

describe("defaultVpcPlacements", () => {
    const placements = (resources: ResourceView[]) =>
        Object.fromEntries(
            defaultVpcPlacements(new StackGraph(resources)).map(p => [
                p.resource.name,
                p.use.kind === "known" ? { ...p.use.value, network: p.network } : p.use.kind,
            ]),
        );
    test("the default VPC, what is in it, and what is placed there", () => {
        const dv = urnOf("default-vpc", types.ec2.DefaultVpc);
        expect(
            placements([
                view("default-vpc", types.ec2.DefaultVpc, {}),
                view("sub", Subnet, { vpcId: U }, { vpcId: [dv] }),
                view("sg", SecurityGroup, { vpcId: U }, { vpcId: [dv] }),
                view("db", types.rds.Instance, { vpcSecurityGroupIds: [U] }, { vpcSecurityGroupIds: [urnOf("sg", SecurityGroup)] }),
                view("own", Vpc, { cidrBlock: "10.0.0.0/16" }),
                view("app-sg", SecurityGroup, { vpcId: U }, { vpcId: [urnOf("own", Vpc)] }),
            ]),
        ).toEqual({
            "default-vpc": { kind: "default-vpc", network: true },
            sub: { kind: "subnet-of", vpc: "default-vpc", network: true },
            sg: { kind: "placed", property: "vpcId", via: "default-vpc", network: false },
            db: { kind: "placed", property: "vpcSecurityGroupIds", via: "sg", network: false },
        });
    });
    test.each([
        ["a VPC with the default block", [view("v", Vpc, { cidrBlock: "172.31.0.0/16" })], { v: { kind: "default-cidr", network: true } }],
        ["a VPC with the default block marked not default", [view("v", Vpc, { cidrBlock: "172.31.0.0/16", isDefault: false })], {}],
        ["a read of the default VPC by name", [view("default-vpc", Vpc, {})], { "default-vpc": { kind: "read-default", network: true } }],
        ["a VPC read with default true", [view("v", Vpc, { cidrBlock: "10.1.0.0/16", default: true })], { v: { kind: "default-vpc", network: true } }],
        ["a default subnet", [view("ds", DefaultSubnet, { availabilityZone: "us-west-2a" })], { ds: { kind: "default-subnet", network: true } }],
        ["a default security group with no vpcId", [view("dsg", DefaultSecurityGroup, {})], { dsg: { kind: "default-sg", network: false } }],
        ["a default security group whose vpcId is not known yet", [view("dsg", DefaultSecurityGroup, { vpcId: U })], { dsg: "unknown" }],
        [
            "a default security group of a VPC of the stack",
            [view("own", Vpc, { cidrBlock: "10.0.0.0/16" }), view("dsg", DefaultSecurityGroup, { vpcId: U }, { vpcId: [urnOf("own", Vpc)] })],
            {},
        ],
    ])("%s", (_, resources, want) => {
        expect(placements(resources)).toEqual(want);
    });
});
