/**
 * Section B (network and placement), through the engine harness: for every policy a firing case,
 * a passing case, a preview case with unknowns (deferred, never a violation) and malformed input.
 */
import { Analysis, TestResource, TestStack, UNKNOWN_IN_PREVIEW, analyze, jsonDoc, of, ref, secret, usePack } from "../helpers/harness";

const pack = usePack();

const VPC = "aws:ec2/vpc:Vpc";
const SUBNET = "aws:ec2/subnet:Subnet";
const RT = "aws:ec2/routeTable:RouteTable";
const ROUTE = "aws:ec2/route:Route";
const RTA = "aws:ec2/routeTableAssociation:RouteTableAssociation";
const IGW = "aws:ec2/internetGateway:InternetGateway";
const NAT = "aws:ec2/natGateway:NatGateway";
const LB = "aws:lb/loadBalancer:LoadBalancer";
const FN = "aws:lambda/function:Function";
const ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";

const noInternalErrors = (a: Analysis) => expect(a.raw.filter(d => /internal error/.test(d.message))).toEqual([]);
const names = (xs: { resource: string }[]) => xs.map(x => x.resource).sort();

interface Net {
    s: TestStack;
    vpc: TestResource;
    igw: TestResource;
    publicRt: TestResource;
    privateRt: TestResource;
    pubA: TestResource;
    pubB: TestResource;
    privA: TestResource;
    privB: TestResource;
}

/** A two-AZ VPC: public subnets routed to an IGW, private subnets routed to a NAT gateway. */
function network(opts: { associatePublic?: boolean; nat?: boolean; privateAzs?: unknown[]; s?: TestStack } = {}): Net {
    const s = opts.s ?? new TestStack();
    const vpc = s.add(VPC, "vpc", { cidrBlock: "10.0.0.0/16" });
    const igw = s.add(IGW, "igw", { vpcId: ref(vpc) });
    const publicRt = s.add(RT, "public-rt", { vpcId: ref(vpc), routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: ref(igw) }] });
    const pubA = s.add(SUBNET, "public-a", { vpcId: ref(vpc), cidrBlock: "10.0.0.0/24", availabilityZone: "us-west-2a", mapPublicIpOnLaunch: true });
    const pubB = s.add(SUBNET, "public-b", { vpcId: ref(vpc), cidrBlock: "10.0.1.0/24", availabilityZone: "us-west-2b", mapPublicIpOnLaunch: true });
    if (opts.associatePublic !== false) {
        s.add(RTA, "public-a-rta", { subnetId: ref(pubA), routeTableId: ref(publicRt) });
        s.add(RTA, "public-b-rta", { subnetId: ref(pubB), routeTableId: ref(publicRt) });
    }
    const privateRt = s.add(RT, "private-rt", { vpcId: ref(vpc) });
    if (opts.nat !== false) {
        const nat = s.add(NAT, "nat", { subnetId: ref(pubA), allocationId: "eipalloc-0123" });
        s.add(ROUTE, "private-default", { routeTableId: ref(privateRt), destinationCidrBlock: "0.0.0.0/0", natGatewayId: ref(nat) });
    }
    const [azA, azB] = opts.privateAzs ?? ["us-west-2a", "us-west-2b"];
    const privA = s.add(SUBNET, "private-a", { vpcId: ref(vpc), cidrBlock: "10.0.10.0/24", availabilityZone: azA });
    const privB = s.add(SUBNET, "private-b", { vpcId: ref(vpc), cidrBlock: "10.0.11.0/24", availabilityZone: azB });
    s.add(RTA, "private-a-rta", { subnetId: ref(privA), routeTableId: ref(privateRt) });
    s.add(RTA, "private-b-rta", { subnetId: ref(privB), routeTableId: ref(privateRt) });
    return { s, vpc, igw, publicRt, privateRt, pubA, pubB, privA, privB };
}

const MODES = ["update", "preview"] as const;

// ---------------------------------------------------------------------------------------------
describe("subnet-az-spread", () => {
    const P = "subnet-az-spread";

    test.each(MODES)("a private tier confined to one AZ fires on the VPC (%s)", async mode => {
        const n = network({ privateAzs: ["us-west-2a", "us-west-2a"] });
        const r = of(await analyze(pack, n.s, mode), P);
        expect(r.violations.map(v => [v.resource, v.level])).toEqual([["vpc", "mandatory"]]);
        expect(r.violations[0].message).toMatch(/private subnets of VPC vpc .* span 1 availability zone/);
    });

    test.each(MODES)("a two-AZ VPC passes (%s)", async mode => {
        const r = of(await analyze(pack, network().s, mode), P);
        expect(r.violations).toEqual([]);
        expect(r.deferred).toEqual([]);
    });

    test("minimumAzs from config", async () => {
        const r = of(await analyze(pack, network().s, "update", { config: { [P]: { minimumAzs: 3 } } }), P);
        expect(names(r.violations)).toEqual(["vpc", "vpc"]);
    });

    test("AZs from an invoke are deferred in preview, never a violation", async () => {
        const n = network({ privateAzs: [UNKNOWN_IN_PREVIEW, UNKNOWN_IN_PREVIEW] });
        const a = await analyze(pack, n.s, "preview");
        expect(of(a, P).violations).toEqual([]);
        expect(names(of(a, P).deferred)).toEqual(["vpc"]);
        noInternalErrors(a);
    });

    test("an AZ id and the same subnet's tier are read; an unpinned tier fires", async () => {
        const s = new TestStack();
        const vpc = s.add(VPC, "vpc", { cidrBlock: "10.0.0.0/16" });
        s.add(SUBNET, "a", { vpcId: ref(vpc), cidrBlock: "10.0.1.0/24", availabilityZoneId: "usw2-az1" });
        s.add(SUBNET, "b", { vpcId: ref(vpc), cidrBlock: "10.0.2.0/24", availabilityZoneId: "usw2-az2" });
        expect(of(await analyze(pack, s, "update"), P).violations).toEqual([]);
        const t = new TestStack();
        const v2 = t.add(VPC, "vpc", { cidrBlock: "10.0.0.0/16" });
        t.add(SUBNET, "a", { vpcId: ref(v2), cidrBlock: "10.0.1.0/24" });
        t.add(SUBNET, "b", { vpcId: ref(v2), cidrBlock: "10.0.2.0/24" });
        const r = of(await analyze(pack, t, "update"), P);
        expect(names(r.violations)).toEqual(["vpc"]);
        expect(r.violations[0].message).toMatch(/pin no AZ/);
    });

    test("malformed shapes neither crash nor fire falsely", async () => {
        const s = new TestStack();
        const vpc = s.add(VPC, "vpc", { cidrBlock: 42 });
        s.add(SUBNET, "odd-a", { vpcId: { nested: true }, availabilityZone: 42 });
        s.add(SUBNET, "odd-b", { vpcId: ref(vpc), availabilityZone: ["us-west-2a"], tags: "public" });
        s.add(RT, "odd-rt", { vpcId: ref(vpc), routes: "0.0.0.0/0" });
        s.add(RTA, "odd-rta", { subnetId: 7, routeTableId: [] });
        for (const mode of MODES) noInternalErrors(await analyze(pack, s, mode));
    });
});

// ---------------------------------------------------------------------------------------------
describe("lb-subnet-az-spread", () => {
    const P = "lb-subnet-az-spread";

    test.each(MODES)("the same subnet twice, or two subnets of one AZ, count once (%s)", async mode => {
        const n = network({ privateAzs: ["us-west-2a", "us-west-2a"] });
        n.s.add(LB, "twice", { subnets: [ref(n.pubA), ref(n.pubA)] });
        n.s.add(LB, "one-az", { internal: true, subnetMappings: [{ subnetId: ref(n.privA) }, { subnetId: ref(n.privB) }] });
        const r = of(await analyze(pack, n.s, mode), P);
        expect(r.violations.map(v => [v.resource, v.level]).sort()).toEqual([
            ["one-az", "mandatory"],
            ["twice", "mandatory"],
        ]);
    });

    test.each(MODES)("two AZs pass, through subnets and subnetMappings (%s)", async mode => {
        const n = network();
        n.s.add(LB, "alb", { subnets: [ref(n.pubA), ref(n.pubB)] });
        n.s.add(LB, "nlb", { loadBalancerType: "network", internal: true, subnetMappings: [{ subnetId: ref(n.privA) }, { subnetId: ref(n.privB) }] });
        n.s.add("aws:alb/loadBalancer:LoadBalancer", "legacy-alb", { subnets: [ref(n.pubA), ref(n.pubB)] });
        const r = of(await analyze(pack, n.s, mode), P);
        expect(r.violations).toEqual([]);
        expect(r.deferred).toEqual([]);
    });

    test("subnets known only after deployment are deferred", async () => {
        const n = network();
        n.s.add(LB, "alb", { subnets: UNKNOWN_IN_PREVIEW });
        const a = await analyze(pack, n.s, "preview");
        expect(of(a, P).violations).toEqual([]);
        expect(names(of(a, P).deferred)).toEqual(["alb"]);
    });

    test("malformed subnets neither crash nor fire on external ids", async () => {
        const n = network();
        n.s.add(LB, "weird", { subnets: 42, subnetMappings: ["x", { subnetId: 5 }] });
        n.s.add(LB, "external", { subnets: ["subnet-0aaa", "subnet-0bbb"] });
        const a = await analyze(pack, n.s, "update");
        noInternalErrors(a);
        expect(names(of(a, P).violations)).toEqual(["weird"]);
    });
});

// ---------------------------------------------------------------------------------------------
describe("lb-internet-facing-public-subnets", () => {
    const P = "lb-internet-facing-public-subnets";

    test.each(MODES)("internet-facing on a private subnet and internal on public subnets fire (%s)", async mode => {
        const n = network();
        n.s.add(LB, "mixed", { subnets: [ref(n.pubA), ref(n.privB)] });
        n.s.add(LB, "internal-public", { internal: true, subnets: [ref(n.pubA), ref(n.pubB)] });
        const r = of(await analyze(pack, n.s, mode), P);
        expect(r.violations.map(v => [v.resource, v.level]).sort()).toEqual([
            ["internal-public", "mandatory"],
            ["mixed", "mandatory"],
        ]);
        expect(r.violations.find(v => v.resource === "mixed")!.message).toMatch(/private subnet private-b/);
    });

    test.each(MODES)("internet-facing on public and internal on private subnets pass (%s)", async mode => {
        const n = network();
        n.s.add(LB, "web", { internal: false, subnets: [ref(n.pubA), ref(n.pubB)] });
        n.s.add(LB, "api", { internal: true, subnets: [ref(n.privA), ref(n.privB)] });
        const r = of(await analyze(pack, n.s, mode), P);
        expect(r.violations).toEqual([]);
        expect(r.deferred).toEqual([]);
    });

    test("an unknown scheme or an association to an unknown subnet defers", async () => {
        const n = network();
        n.s.add(LB, "web", { internal: UNKNOWN_IN_PREVIEW, subnets: [ref(n.pubA), ref(n.pubB)] });
        const a = await analyze(pack, n.s, "preview");
        expect(of(a, P).violations).toEqual([]);
        expect(names(of(a, P).deferred)).toEqual(["web"]);
        const m = network();
        m.s.add(RTA, "mystery-rta", { subnetId: UNKNOWN_IN_PREVIEW, routeTableId: ref(m.publicRt) });
        const lone = m.s.add(SUBNET, "lone", { vpcId: ref(m.vpc), availabilityZone: "us-west-2c" });
        m.s.add(LB, "web2", { subnets: [ref(lone), ref(m.pubA)] });
        const b = await analyze(pack, m.s, "preview");
        expect(of(b, P).violations).toEqual([]);
        expect(names(of(b, P).deferred)).toEqual(["web2"]);
    });

    test("malformed input is a skip, never an internal error", async () => {
        const n = network();
        n.s.add(LB, "odd", { internal: "maybe", subnets: [{ id: 1 }], subnetMappings: 7 });
        const a = await analyze(pack, n.s, "update");
        noInternalErrors(a);
        expect(of(a, P).violations).toEqual([]);
    });
});

// ---------------------------------------------------------------------------------------------
describe("public-subnet-routing", () => {
    const P = "public-subnet-routing";

    test.each(MODES)("public subnets left on the main route table fire (report 000 #2) (%s)", async mode => {
        const r = of(await analyze(pack, network({ associatePublic: false }).s, mode), P);
        expect(r.violations.map(v => [v.resource, v.level]).sort()).toEqual([
            ["public-a", "mandatory"],
            ["public-b", "mandatory"],
        ]);
        expect(r.violations[0].message).toMatch(/main route table/);
    });

    test.each(MODES)("an unused internet gateway and an IGW of another VPC fire (%s)", async mode => {
        const s = new TestStack();
        const vpc = s.add(VPC, "vpc", { cidrBlock: "10.0.0.0/16" });
        const other = s.add(VPC, "other", { cidrBlock: "10.1.0.0/16" });
        s.add(IGW, "unused-igw", { vpcId: ref(vpc) });
        const foreign = s.add(IGW, "foreign-igw", { vpcId: ref(other) });
        const rt = s.add(RT, "rt", { vpcId: ref(vpc), routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: ref(foreign) }] });
        const sub = s.add(SUBNET, "web", { vpcId: ref(vpc), availabilityZone: "us-west-2a", tags: { Tier: "Public" } });
        s.add(RTA, "web-rta", { subnetId: ref(sub), routeTableId: ref(rt) });
        const r = of(await analyze(pack, s, mode), P);
        expect(names(r.violations)).toEqual(["unused-igw", "web"]);
    });

    test.each(MODES)("separate Route, main-table association, DefaultRouteTable and IGW attachment pass (%s)", async mode => {
        const s = new TestStack();
        const vpc = s.add(VPC, "vpc", { cidrBlock: "10.0.0.0/16" });
        const igw = s.add(IGW, "igw", {});
        s.add("aws:ec2/internetGatewayAttachment:InternetGatewayAttachment", "igw-att", { internetGatewayId: ref(igw), vpcId: ref(vpc) });
        const rt = s.add(RT, "rt", { vpcId: ref(vpc) });
        s.add(ROUTE, "default", { routeTableId: ref(rt), destinationCidrBlock: "0.0.0.0/0", gatewayId: ref(igw) });
        s.add(SUBNET, "public-a", { vpcId: ref(vpc), availabilityZone: "us-west-2a" });
        s.add("aws:ec2/mainRouteTableAssociation:MainRouteTableAssociation", "main", { vpcId: ref(vpc), routeTableId: ref(rt) });
        const vpc2 = s.add(VPC, "vpc2", { cidrBlock: "10.2.0.0/16" });
        const igw2 = s.add(IGW, "igw2", { vpcId: ref(vpc2) });
        s.add("aws:ec2/defaultRouteTable:DefaultRouteTable", "vpc2-main", {
            defaultRouteTableId: ref(vpc2, "defaultRouteTableId"),
            routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: ref(igw2) }],
        });
        s.add(SUBNET, "public-b", { vpcId: ref(vpc2), availabilityZone: "us-west-2b", mapPublicIpOnLaunch: true });
        const r = of(await analyze(pack, s, mode), P);
        expect(r.violations).toEqual([]);
        expect(r.deferred).toEqual([]);
    });

    test("a route whose gateway comes from an invoke defers, never fires", async () => {
        const n = network({ associatePublic: true });
        n.s.add(ROUTE, "mystery", { routeTableId: ref(n.privateRt), destinationIpv6CidrBlock: "::/0", gatewayId: UNKNOWN_IN_PREVIEW });
        const lonely = n.s.add(SUBNET, "public-c", { vpcId: ref(n.vpc), availabilityZone: "us-west-2c", mapPublicIpOnLaunch: true });
        n.s.add(RTA, "public-c-rta", { subnetId: ref(lonely), routeTableId: ref(n.privateRt) });
        const a = await analyze(pack, n.s, "preview");
        expect(of(a, P).violations).toEqual([]);
        expect(names(of(a, P).deferred)).toEqual(["public-c"]);
    });

    test("malformed routes and tags are skipped", async () => {
        const s = new TestStack();
        const vpc = s.add(VPC, "vpc", { cidrBlock: "10.0.0.0/16" });
        const igw = s.add(IGW, "igw", { vpcId: ref(vpc) });
        const rt = s.add(RT, "rt", { vpcId: ref(vpc), routes: [{ cidrBlock: 5, gatewayId: {} }, "junk", { cidrBlock: "0.0.0.0/0", gatewayId: ref(igw) }] });
        const sub = s.add(SUBNET, "public-a", { vpcId: ref(vpc), tags: ["Tier", "public"], mapPublicIpOnLaunch: "yes" });
        s.add(RTA, "rta", { subnetId: ref(sub), routeTableId: ref(rt) });
        for (const mode of MODES) {
            const a = await analyze(pack, s, mode);
            noInternalErrors(a);
            expect(of(a, P).violations).toEqual([]);
        }
    });
});

// ---------------------------------------------------------------------------------------------
describe("rds-subnet-group-az-spread", () => {
    const P = "rds-subnet-group-az-spread";
    const GROUP = "aws:rds/subnetGroup:SubnetGroup";

    test.each(MODES)("one AZ fires, two AZs pass (%s)", async mode => {
        const n = network({ privateAzs: ["us-west-2a", "us-west-2a"] });
        n.s.add(GROUP, "one-az", { subnetIds: [ref(n.privA), ref(n.privB)] });
        n.s.add(GROUP, "two-az", { subnetIds: [ref(n.privA), ref(n.pubB)] });
        const r = of(await analyze(pack, n.s, mode), P);
        expect(r.violations.map(v => [v.resource, v.level])).toEqual([["one-az", "mandatory"]]);
        expect(r.violations[0].message).toMatch(/private-a \(us-west-2a\), private-b \(us-west-2a\)/);
    });

    test("a secret AZ is honoured but never echoed", async () => {
        const n = network({ privateAzs: [secret("us-west-2c"), secret("us-west-2c")] });
        n.s.add(GROUP, "db", { subnetIds: [ref(n.privA), ref(n.privB)] });
        const r = of(await analyze(pack, n.s, "update"), P);
        expect(names(r.violations)).toEqual(["db"]);
        expect(r.violations[0].message).not.toContain("us-west-2c");
    });

    test("an AZ unknown in preview defers", async () => {
        const n = network({ privateAzs: ["us-west-2a", UNKNOWN_IN_PREVIEW] });
        n.s.add(GROUP, "db", { subnetIds: [ref(n.privA), ref(n.privB)] });
        const a = await analyze(pack, n.s, "preview");
        expect(of(a, P).violations).toEqual([]);
        expect(names(of(a, P).deferred)).toEqual(["db"]);
    });

    test("malformed or external subnet ids: no crash, no false violation", async () => {
        const s = new TestStack();
        s.add(GROUP, "external", { subnetIds: ["subnet-0aaa", "subnet-0bbb"] });
        s.add(GROUP, "odd", { subnetIds: 42 });
        const a = await analyze(pack, s, "update");
        noInternalErrors(a);
        expect(names(of(a, P).violations)).toEqual(["odd"]);
    });
});

// ---------------------------------------------------------------------------------------------
describe("lambda-vpc-egress", () => {
    const P = "lambda-vpc-egress";
    const role = (s: TestStack, actions: string[]) => {
        const r = s.add("aws:iam/role:Role", "fn-role", {
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
            }),
        });
        s.add("aws:iam/rolePolicy:RolePolicy", "fn-role-policy", {
            role: ref(r, "name"),
            policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: actions, Resource: "*" }] }),
        });
        return r;
    };
    const fn = (n: Net, roleArn: unknown) =>
        n.s.add(FN, "worker", {
            runtime: "nodejs22.x",
            handler: "index.handler",
            role: roleArn,
            vpcConfig: { subnetIds: [ref(n.privA), ref(n.privB)], securityGroupIds: ["sg-0123"] },
        });

    test.each(MODES)("no NAT route and no endpoint fires (advisory) (%s)", async mode => {
        const n = network({ nat: false });
        fn(n, "arn:aws:iam::123456789012:role/external");
        const r = of(await analyze(pack, n.s, mode), P);
        expect(r.violations.map(v => [v.resource, v.level])).toEqual([["worker", "advisory"]]);
        expect(r.violations[0].message).toMatch(/no VPC endpoints/);
    });

    test.each(MODES)("endpoints must cover what the role may call (%s)", async mode => {
        const n = network({ nat: false });
        const r0 = role(n.s, ["s3:GetObject", "dynamodb:PutItem", "logs:PutLogEvents"]);
        fn(n, ref(r0, "arn"));
        n.s.add(ENDPOINT, "s3", {
            vpcId: ref(n.vpc),
            serviceName: "com.amazonaws.us-west-2.s3",
            vpcEndpointType: "Gateway",
            routeTableIds: [ref(n.privateRt)],
        });
        const r = of(await analyze(pack, n.s, mode), P);
        expect(names(r.violations)).toEqual(["worker"]);
        expect(r.violations[0].message).toMatch(/no endpoint for dynamodb/);
        n.s.add(ENDPOINT, "ddb", {
            vpcId: ref(n.vpc),
            serviceName: "com.amazonaws.us-west-2.dynamodb",
            vpcEndpointType: "Gateway",
            routeTableIds: [ref(n.privateRt)],
        });
        expect(of(await analyze(pack, n.s, mode), P).violations).toEqual([]);
    });

    test.each(MODES)("a gateway endpoint counts only for the route tables it is attached to (%s)", async mode => {
        const n = network({ nat: false });
        const r0 = role(n.s, ["s3:GetObject"]);
        fn(n, ref(r0, "arn"));
        const e = n.s.add(ENDPOINT, "s3", { vpcId: ref(n.vpc), serviceName: "com.amazonaws.us-west-2.s3", routeTableIds: [ref(n.publicRt)] });
        const r = of(await analyze(pack, n.s, mode), P);
        expect(names(r.violations)).toEqual(["worker"]);
        expect(r.violations[0].message).toMatch(/no endpoint for s3/);
        n.s.add("aws:ec2/vpcEndpointRouteTableAssociation:VpcEndpointRouteTableAssociation", "s3-private", {
            vpcEndpointId: ref(e),
            routeTableId: ref(n.privateRt),
        });
        const ok = of(await analyze(pack, n.s, mode), P);
        expect(ok.violations).toEqual([]);
        expect(ok.deferred).toEqual([]);
    });

    test.each(MODES)("an interface endpoint serves the whole VPC (%s)", async mode => {
        const n = network({ nat: false });
        const r0 = role(n.s, ["secretsmanager:GetSecretValue", "xray:PutTraceSegments"]);
        fn(n, ref(r0, "arn"));
        n.s.add(ENDPOINT, "sm", {
            vpcId: ref(n.vpc),
            serviceName: "com.amazonaws.us-west-2.secretsmanager",
            vpcEndpointType: "Interface",
            subnetIds: [ref(n.privA)],
        });
        expect(of(await analyze(pack, n.s, mode), P).violations).toEqual([]);
    });

    test.each(MODES)("a NAT route passes (%s)", async mode => {
        const n = network();
        fn(n, "arn:aws:iam::123456789012:role/external");
        const r = of(await analyze(pack, n.s, mode), P);
        expect(r.violations).toEqual([]);
        expect(r.deferred).toEqual([]);
    });

    test("a route whose table is known only after deployment defers", async () => {
        const n = network({ nat: false });
        n.s.add(ROUTE, "maybe-egress", { routeTableId: UNKNOWN_IN_PREVIEW, destinationCidrBlock: "0.0.0.0/0", natGatewayId: "nat-0123" });
        fn(n, "arn:aws:iam::123456789012:role/external");
        const a = await analyze(pack, n.s, "preview");
        expect(of(a, P).violations).toEqual([]);
        expect(names(of(a, P).deferred)).toEqual(["worker"]);
    });

    test("malformed vpcConfig is skipped", async () => {
        const n = network({ nat: false });
        n.s.add(FN, "odd-1", { role: "x", vpcConfig: "subnet-1" });
        n.s.add(FN, "odd-2", { role: "x", vpcConfig: { subnetIds: [42, null] } });
        const a = await analyze(pack, n.s, "update");
        noInternalErrors(a);
        expect(of(a, P).violations).toEqual([]);
    });
});

// ---------------------------------------------------------------------------------------------
describe("vpc-endpoint-policy-scope", () => {
    const P = "vpc-endpoint-policy-scope";
    const open = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }] };
    const scoped = {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*", Condition: { StringEquals: { "aws:PrincipalAccount": "123456789012" } } }],
    };

    test.each(MODES)("Allow * to * without a condition fires, inline and as VpcEndpointPolicy (%s)", async mode => {
        const s = new TestStack();
        const e = s.add(ENDPOINT, "s3", { vpcId: "vpc-0123", serviceName: "com.amazonaws.us-west-2.s3", policy: JSON.stringify(open) });
        s.add("aws:ec2/vpcEndpointPolicy:VpcEndpointPolicy", "s3-policy", { vpcEndpointId: ref(e), policy: open });
        const r = of(await analyze(pack, s, mode), P);
        expect(r.violations.map(v => [v.resource, v.level]).sort()).toEqual([
            ["s3", "advisory"],
            ["s3-policy", "advisory"],
        ]);
    });

    test("a conditioned or scoped policy, or none, passes", async () => {
        const s = new TestStack();
        s.add(ENDPOINT, "a", { vpcId: "vpc-0123", serviceName: "com.amazonaws.us-west-2.s3", policy: JSON.stringify(scoped) });
        s.add(ENDPOINT, "b", {
            vpcId: "vpc-0123",
            serviceName: "com.amazonaws.us-west-2.s3",
            policy: JSON.stringify({ Statement: { Effect: "Allow", Principal: { AWS: "*" }, Action: "s3:GetObject", Resource: "*" } }),
        });
        s.add(ENDPOINT, "c", { vpcId: "vpc-0123", serviceName: "com.amazonaws.us-west-2.s3" });
        expect(of(await analyze(pack, s, "update"), P).violations).toEqual([]);
    });

    test("a policy known only after deployment defers", async () => {
        const s = new TestStack();
        const acct = s.add("aws:ssm/parameter:Parameter", "acct", { type: "String", value: "123456789012" });
        s.add(ENDPOINT, "s3", {
            vpcId: "vpc-0123",
            serviceName: "com.amazonaws.us-west-2.s3",
            policy: jsonDoc({
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: "*",
                        Action: "*",
                        Resource: "*",
                        Condition: { StringEquals: { "aws:PrincipalAccount": ref(acct, "insecureValue") } },
                    },
                ],
            }),
        });
        const a = await analyze(pack, s, "preview");
        expect(of(a, P).violations).toEqual([]);
        expect(names(of(a, P).deferred)).toEqual(["s3"]);
    });

    test("broken documents are a clear violation, never an internal error", async () => {
        const s = new TestStack();
        s.add(ENDPOINT, "broken", { vpcId: "vpc-0123", serviceName: "com.amazonaws.us-west-2.s3", policy: "{not json" });
        s.add(ENDPOINT, "shapeless", { vpcId: "vpc-0123", serviceName: "com.amazonaws.us-west-2.s3", policy: JSON.stringify({ Statement: 5 }) });
        const a = await analyze(pack, s, "update");
        noInternalErrors(a);
        expect(names(of(a, P).violations)).toEqual(["broken", "shapeless"]);
        expect(of(a, P).violations[0].message).toMatch(/cannot be read/);
    });
});

// ---------------------------------------------------------------------------------------------
describe("aws-region-allowed", () => {
    const P = "aws-region-allowed";
    const DIST = "aws:cloudfront/distribution:Distribution";

    test.each(MODES)("a provider in another region and a hard-coded foreign ARN fire (report 001 #3) (%s)", async mode => {
        const s = new TestStack();
        const west1 = s.provider("west-1", { region: "us-west-1" });
        s.add("aws:sns/topic:Topic", "alerts", {}, { provider: west1 });
        s.add("aws:sns/topicSubscription:TopicSubscription", "sub", {
            topic: "arn:aws:sns:us-west-2:123456789012:t",
            protocol: "sqs",
            endpoint: "arn:aws:sqs:us-west-1:123456789012:q",
        });
        const r = of(await analyze(pack, s, mode), P);
        expect(r.violations.map(v => [v.resource, v.level]).sort()).toEqual([
            ["sub", "mandatory"],
            ["west-1", "mandatory"],
        ]);
        expect(r.violations.find(v => v.resource === "west-1")!.message).toMatch(/us-west-1; allowed: us-west-2/);
    });

    test.each(MODES)("us-east-1 is accepted for CloudFront, its certificate and Lambda@Edge, not for a queue (%s)", async mode => {
        const s = new TestStack();
        const east = s.provider("east", { region: "us-east-1" });
        const cert = s.add("aws:acm/certificate:Certificate", "cert", { domainName: "example.com", validationMethod: "DNS" }, { provider: east });
        const edge = s.add(FN, "edge", { runtime: "nodejs22.x", role: "arn:aws:iam::123456789012:role/edge", publish: true }, { provider: east });
        s.add(DIST, "cdn", {
            enabled: true,
            defaultCacheBehavior: { lambdaFunctionAssociations: [{ eventType: "viewer-request", lambdaArn: ref(edge, "qualifiedArn") }] },
            viewerCertificate: { acmCertificateArn: ref(cert, "arn") },
        });
        expect(of(await analyze(pack, s, mode), P).violations).toEqual([]);
        s.add("aws:sqs/queue:Queue", "jobs", {}, { provider: east });
        const r = of(await analyze(pack, s, mode), P);
        expect(names(r.violations)).toEqual(["east"]);
        expect(r.violations[0].message).toMatch(/manages jobs/);
    });

    test("allowedRegions from config", async () => {
        const s = new TestStack();
        const west1 = s.provider("west-1", { region: "us-west-1" });
        s.add("aws:sns/topic:Topic", "alerts", {}, { provider: west1 });
        expect(of(await analyze(pack, s, "update", { config: { [P]: { allowedRegions: ["us-west-2", "us-west-1"] } } }), P).violations).toEqual([]);
        expect(names(of(await analyze(pack, s, "update", { config: { [P]: { allowedRegions: ["eu-west-1"] } } }), P).violations)).toEqual([
            "default_7_48_0",
            "west-1",
        ]);
    });

    test("a provider region known only after deployment defers", async () => {
        const s = new TestStack();
        const p = s.provider("dynamic", { region: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" });
        s.add("aws:sns/topic:Topic", "alerts", {}, { provider: p });
        const a = await analyze(pack, s, "preview");
        expect(of(a, P).violations).toEqual([]);
        expect(names(of(a, P).deferred)).toEqual(["dynamic"]);
    });

    test("malformed provider settings and ARNs do not crash", async () => {
        const s = new TestStack();
        const p = s.provider("odd", { region: 42 });
        s.add("aws:sns/topic:Topic", "alerts", { policy: { deep: [{ arn: "arn:aws:sqs:" }] } }, { provider: p });
        const a = await analyze(pack, s, "update");
        noInternalErrors(a);
        expect(of(a, P).violations).toEqual([]);
    });
});

// ---------------------------------------------------------------------------------------------
describe("lambda-edge-us-east-1", () => {
    const P = "lambda-edge-us-east-1";
    const DIST = "aws:cloudfront/distribution:Distribution";
    const dist = (s: TestStack, lambdaArn: unknown, ordered = false) =>
        s.add(
            DIST,
            "cdn",
            ordered
                ? {
                      enabled: true,
                      defaultCacheBehavior: { targetOriginId: "o" },
                      orderedCacheBehaviors: [{ pathPattern: "/api/*", lambdaFunctionAssociations: [{ eventType: "origin-request", lambdaArn }] }],
                  }
                : { enabled: true, defaultCacheBehavior: { targetOriginId: "o", lambdaFunctionAssociations: [{ eventType: "viewer-request", lambdaArn }] } },
        );

    test.each(MODES)("a us-west-2, unpublished edge function fires (report 003 #4) (%s)", async mode => {
        const s = new TestStack();
        const fn = s.add(FN, "edge", { runtime: "nodejs22.x", role: "arn:aws:iam::123456789012:role/edge" });
        dist(s, ref(fn, "qualifiedArn"));
        const r = of(await analyze(pack, s, mode), P);
        expect(r.violations.map(v => [v.resource, v.level])).toEqual([["edge", "mandatory"]]);
        expect(r.violations[0].message).toMatch(/created in us-west-2.*without a published version/);
    });

    test.each(MODES)("an unqualified ARN of a us-east-1 function fires in an ordered behavior (%s)", async mode => {
        const s = new TestStack();
        const east = s.provider("east", { region: "us-east-1" });
        const fn = s.add(
            FN,
            "edge",
            { runtime: "nodejs22.x", role: "arn:aws:iam::123456789012:role/edge", publish: mode === "update" ? true : undefined },
            { provider: east },
        );
        dist(s, ref(fn, "arn"), true);
        const r = of(await analyze(pack, s, mode), P);
        expect(names(r.violations)).toEqual(["edge"]);
        expect(r.violations[0].message).not.toMatch(/us-west-2/);
    });

    test.each(MODES)("a published us-east-1 function passes; so does an external numbered version (%s)", async mode => {
        const s = new TestStack();
        const east = s.provider("east", { region: "us-east-1" });
        const fn = s.add(FN, "edge", { runtime: "nodejs22.x", role: "arn:aws:iam::123456789012:role/edge", publish: true }, { provider: east });
        dist(s, ref(fn, "qualifiedArn"));
        const t = new TestStack();
        dist(t, "arn:aws:lambda:us-east-1:123456789012:function:shared-edge:7");
        for (const stack of [s, t]) {
            const r = of(await analyze(pack, stack, mode), P);
            expect(r.violations).toEqual([]);
            expect(r.deferred).toEqual([]);
        }
    });

    test("publish known only after deployment defers", async () => {
        const s = new TestStack();
        const east = s.provider("east", { region: "us-east-1" });
        const fn = s.add(FN, "edge", { runtime: "nodejs22.x", role: "arn:aws:iam::123456789012:role/edge", publish: UNKNOWN_IN_PREVIEW }, { provider: east });
        dist(s, ref(fn, "qualifiedArn"));
        const a = await analyze(pack, s, "preview");
        expect(of(a, P).violations).toEqual([]);
        expect(names(of(a, P).deferred)).toEqual(["edge"]);
    });

    test("malformed associations: a clear violation or a skip", async () => {
        const s = new TestStack();
        s.add(DIST, "odd", {
            defaultCacheBehavior: { lambdaFunctionAssociations: "x" },
            orderedCacheBehaviors: [5, { lambdaFunctionAssociations: [{ lambdaArn: 42 }] }],
        });
        const a = await analyze(pack, s, "update");
        noInternalErrors(a);
        expect(names(of(a, P).violations)).toEqual(["odd"]);
    });
});

// ---------------------------------------------------------------------------------------------
describe("no-default-vpc", () => {
    const P = "no-default-vpc";

    test.each(MODES)("DefaultVpc, DefaultSubnet and what is placed in them fire (advisory) (%s)", async mode => {
        const s = new TestStack();
        const dv = s.add("aws:ec2/defaultVpc:DefaultVpc", "default", {});
        const ds = s.add("aws:ec2/defaultSubnet:DefaultSubnet", "default-a", { availabilityZone: "us-west-2a" });
        s.add("aws:ec2/securityGroup:SecurityGroup", "web-sg", { vpcId: ref(dv) });
        s.add(FN, "worker", { role: "x", vpcConfig: { subnetIds: [ref(ds)], securityGroupIds: [] } });
        s.add("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "default-sg", {});
        const r = of(await analyze(pack, s, mode), P);
        expect(r.violations.map(v => v.resource).sort()).toEqual(["default", "default-a", "default-sg", "web-sg", "worker"]);
        expect(new Set(r.violations.map(v => v.level))).toEqual(new Set(["advisory"]));
    });

    test.each(MODES)("a VPC read with the default VPC's CIDR fires with its subnets (%s)", async mode => {
        const s = new TestStack();
        const vpc = s.add(VPC, "looked-up", { cidrBlock: "172.31.0.0/16" });
        s.add(SUBNET, "extra", { vpcId: ref(vpc), cidrBlock: "172.31.96.0/20", availabilityZone: "us-west-2a" });
        expect(names(of(await analyze(pack, s, mode), P).violations)).toEqual(["extra", "looked-up"]);
    });

    test.each(MODES)("a stack's own VPC, with its default security group locked down, passes (%s)", async mode => {
        const n = network();
        n.s.add("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "locked", { vpcId: ref(n.vpc) });
        n.s.add("aws:ec2/securityGroup:SecurityGroup", "web-sg", { vpcId: ref(n.vpc) });
        const r = of(await analyze(pack, n.s, mode), P);
        expect(r.violations).toEqual([]);
        expect(r.deferred).toEqual([]);
    });

    test("a default security group whose VPC is known only after deployment defers", async () => {
        const s = new TestStack();
        s.add("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "sg", { vpcId: UNKNOWN_IN_PREVIEW });
        const a = await analyze(pack, s, "preview");
        expect(of(a, P).violations).toEqual([]);
        expect(names(of(a, P).deferred)).toEqual(["sg"]);
    });

    test("malformed VPC inputs do not crash", async () => {
        const s = new TestStack();
        const v = s.add(VPC, "app", { cidrBlock: ["x"], tags: 5 });
        s.add(SUBNET, "s", { vpcId: [ref(v)] });
        const a = await analyze(pack, s, "update");
        noInternalErrors(a);
        expect(of(a, P).violations).toEqual([]);
    });
});
