/**
 * Facts about the stack's network (catalog section B, and VPC flow logs of section A): VPCs and
 * their flow logs, subnets and the availability zones they span, public and private tiers (routes
 * to an internet gateway), load balancer and DB subnet group placement, egress of VPC-attached
 * Lambda functions (routes and VPC endpoints), endpoint policies, and use of the default VPC.
 *
 * The routing model (subnets, route tables, associations, gateways, endpoints) is built once per
 * graph by `lib/network/topology.ts`; the questions here read it and answer as Decisions.
 */
import { functionPermissions } from "../aws/lambda";
import { types } from "../aws/types";
import { Decision, NOT_SET, known, mapDecision, notKnownYet } from "../graph/decision";
import { links, sourcesOf } from "../graph/links";
import { ResourceView } from "../graph/resource";
import { RefSet, StackGraph } from "../graph/stack-graph";
import { UNKNOWN, field } from "../graph/values";
import { grantsAllActions, readDocument } from "../iam/document";
import { allowedServicePrefixes } from "../iam/permissions";
import { SubnetNode, TableNode, Tier, Topology, listValues, topology } from "../network/topology";

export type { SubnetNode, TableNode };

// ---- VPCs and flow logs ---------------------------------------------------------------------

/** The VPCs the stack creates. */
export function vpcs(graph: StackGraph): ResourceView[] {
    return graph.ofType(types.ec2.Vpc);
}

/** The flow logs whose `vpcId` names the VPC; not known yet while some flow log names a VPC not known until deployment. */
export function vpcFlowLogs(graph: StackGraph, vpc: ResourceView): Decision<ResourceView[]> {
    const { resources, undecided } = sourcesOf(graph, links.flowLogVpc, vpc);
    if (resources.length) return known(resources);
    if (undecided.length) return notKnownYet(`flow log ${undecided[0].name} names a VPC not known until deployment`);
    return known([]);
}

// ---- availability zones ---------------------------------------------------------------------

/** Distinct-AZ counting for a set of subnets: a lower and upper bound, plus what is undecided. */
export interface AzSpread {
    /** Distinct known AZs (names and ids shown as given). */
    zones: string[];
    /** Lowest possible number of distinct AZs (names and ids may name the same AZ). */
    atLeast: number;
    /** Highest possible number (each unpinned or external subnet could add one). */
    atMost: number;
    /** Subnets whose AZ is known only after deployment. */
    unknown: SubnetNode[];
    /** Subnets with no AZ pinned (AWS picks one). */
    unpinned: SubnetNode[];
}

export function azSpread(subnets: SubnetNode[], externalCount = 0): AzSpread {
    const seen = new Set<string>();
    const names = new Set<string>();
    const ids = new Set<string>();
    const unknown: SubnetNode[] = [];
    const unpinned: SubnetNode[] = [];
    for (const s of subnets) {
        if (seen.has(s.resource.urn)) continue;
        seen.add(s.resource.urn);
        if (s.az === UNKNOWN) unknown.push(s);
        else if (s.az === undefined) unpinned.push(s);
        else (s.az.kind === "name" ? names : ids).add(s.az.value);
    }
    const atLeast = Math.max(names.size, ids.size);
    return { zones: [...names, ...ids].sort(), atLeast, atMost: names.size + ids.size + unknown.length + unpinned.length + externalCount, unknown, unpinned };
}

/** Subnets that span too few availability zones: the subnets of the stack and how they spread. */
export interface NarrowSpread {
    subnets: SubnetNode[];
    spread: AzSpread;
}

/** One line listing subnet names with their AZs, for messages. */
export function describeSubnets(nodes: SubnetNode[]): string {
    return nodes.map(n => `${n.resource.name} (${n.az === undefined ? "AZ not pinned" : n.az === UNKNOWN ? "AZ unknown" : n.az.value})`).join(", ");
}

/**
 * Whether a resource placed in `refs` (a load balancer, a DB subnet group) spans at least
 * `minimum` AZs: undefined when it does or cannot be judged here (subnets outside the stack,
 * AZ names and ids mixed), the narrow spread otherwise; not known yet while a subnet or AZ is.
 */
function placementSpread(topo: Topology, refs: RefSet, name: string, minimum = 2): Decision<NarrowSpread | undefined> {
    const subnets = topo.nodes(refs);
    const spread = azSpread(subnets, refs.external.length);
    if (spread.atLeast >= minimum) return known(undefined);
    if (refs.unknown || spread.unknown.length) return notKnownYet(`the subnets or availability zones of ${name} are not known until deployment`);
    if (refs.external.length) return known(undefined); // subnets outside the stack: their AZs cannot be read here
    if (spread.atMost >= minimum && !spread.unpinned.length) return known(undefined); // AZ names and ids mixed
    return known({ subnets, spread });
}

/** The subnets of one tier of one VPC, and whether they span `minimum` AZs. */
export interface TierSpread {
    /** Where a finding goes: the VPC, or a subnet when the VPC is not in the stack. */
    subject: ResourceView;
    vpc?: ResourceView;
    /** Undefined when the tier (or the VPC) of a subnet is not known yet. */
    tier?: "public" | "private";
    subnets: SubnetNode[];
    /** The spread when it is narrower than `minimum` AZs; undefined when wide enough or not comparable offline. */
    narrow: Decision<AzSpread | undefined>;
}

/**
 * Per VPC and per tier (public: routed to an internet gateway; private: everything else), how the
 * stack's subnets spread over AZs. A subnet whose VPC is not known yet, or a VPC with a subnet
 * whose tier is not known yet, is one entry whose answer is not known yet.
 */
export function tierSpreads(graph: StackGraph, minimum: number): TierSpread[] {
    const topo = topology(graph);
    const out: TierSpread[] = [];
    const groups = new Map<string, { public: SubnetNode[]; private: SubnetNode[]; undecided?: { node: SubnetNode; why: string } }>();
    for (const node of topo.subnets.values()) {
        if (node.vpc === UNKNOWN) {
            out.push({ subject: node.resource, subnets: [node], narrow: notKnownYet(`the VPC of ${node.resource.name} is not known until deployment`) });
            continue;
        }
        const key = node.vpc ?? "default";
        let g = groups.get(key);
        if (!g) groups.set(key, (g = { public: [], private: [] }));
        const tier = topo.tierOf(node);
        if (tier.tier === UNKNOWN) g.undecided ??= { node, why: tier.reason };
        else g[tier.tier].push(node);
    }
    for (const [key, g] of groups) {
        const vpc = graph.get(key);
        if (g.undecided) {
            const why = `the tier of subnet ${g.undecided.node.resource.name} is not known: ${g.undecided.why}`;
            out.push({ subject: vpc ?? g.undecided.node.resource, vpc, subnets: [g.undecided.node], narrow: notKnownYet(why) });
            continue;
        }
        for (const tier of ["public", "private"] as const) {
            const subnets = g[tier];
            if (!subnets.length) continue;
            const spread = azSpread(subnets);
            let narrow: Decision<AzSpread | undefined> = known(spread);
            if (spread.atLeast >= minimum) narrow = known(undefined);
            else if (spread.unknown.length && spread.atMost >= minimum)
                narrow = notKnownYet(`the availability zone of ${spread.unknown.map(s => s.resource.name).join(", ")} is not known until deployment`);
            else if (spread.atMost >= minimum && !spread.unpinned.length) narrow = known(undefined); // AZ names and ids mixed: cannot be compared offline
            out.push({ subject: vpc ?? subnets[0].resource, vpc, tier, subnets, narrow });
        }
    }
    return out;
}

// ---- load balancers -------------------------------------------------------------------------

const LB_TYPES = [types.lb.LoadBalancer, types.alb.LoadBalancer, types.elb.LoadBalancer];

/** Application, network, gateway and classic load balancers. */
export function loadBalancers(graph: StackGraph): ResourceView[] {
    return graph.ofType(...LB_TYPES);
}

/** The subnets a load balancer is placed in: `subnets` plus `subnetMappings[].subnetId`. */
function lbSubnets(topo: Topology, lb: ResourceView): Decision<RefSet> {
    const subnets = listValues(lb, "subnets");
    const mappings = listValues(lb, "subnetMappings");
    if (subnets === UNKNOWN || mappings === UNKNOWN) return notKnownYet(`the subnets of ${lb.name} are not known until deployment`);
    const a = topo.subnetRefs(lb, "subnets", subnets);
    const b = topo.subnetRefs(
        lb,
        "subnetMappings",
        mappings.map(m => field(m, "subnetId")),
    );
    const targets = [...a.targets];
    for (const t of b.targets) if (!targets.includes(t)) targets.push(t);
    return known({ targets, external: [...new Set([...a.external, ...b.external])], unknown: a.unknown || b.unknown });
}

export interface LbSpread extends NarrowSpread {
    /** A classic load balancer (`aws.elb.LoadBalancer`), which may name AZs instead of subnets. */
    classic: boolean;
}

/** Whether a load balancer spans two AZs: undefined when it does (or cannot be judged here), its narrow spread otherwise. */
export function lbAzSpread(graph: StackGraph, lb: ResourceView): Decision<LbSpread | undefined> {
    const classic = lb.type === types.elb.LoadBalancer;
    if (classic) {
        // Classic load balancers may name AZs directly (no VPC).
        const azs = listValues(lb, "availabilityZones");
        if (azs === UNKNOWN || azs.includes(UNKNOWN)) return notKnownYet("availabilityZones is not known until deployment");
        if (new Set(azs.filter((a): a is string => typeof a === "string")).size >= 2) return known(undefined);
    }
    const topo = topology(graph);
    const refs = lbSubnets(topo, lb);
    if (refs.kind !== "known") return refs;
    return mapDecision(placementSpread(topo, refs.value, lb.name), narrow => narrow && { ...narrow, classic });
}

export interface LbScheme {
    internal: boolean;
    /** Subnets of the wrong tier for the scheme: private ones of an internet-facing load balancer, public ones of an internal one. */
    wrongTier: SubnetNode[];
}

/**
 * A load balancer's scheme (`internal`, unset is internet-facing) and the subnets it uses that do
 * not suit it; not set for gateway load balancers (no scheme). Subnets of the wrong tier are
 * known even while another subnet's tier is not.
 */
export function lbScheme(graph: StackGraph, lb: ResourceView): Decision<LbScheme> {
    if (lb.props.str("loadBalancerType") === "gateway") return NOT_SET;
    const internal = lb.props.bool("internal");
    if (internal === UNKNOWN) return notKnownYet("internal is not known until deployment");
    const topo = topology(graph);
    const refs = lbSubnets(topo, lb);
    if (refs.kind !== "known") return refs;
    const wrongTier: SubnetNode[] = [];
    let undecided: string | undefined;
    for (const node of topo.nodes(refs.value)) {
        const tier = topo.tierOf(node);
        if (tier.tier === UNKNOWN) undecided ??= tier.reason;
        else if ((internal === true) === (tier.tier === "public")) wrongTier.push(node);
    }
    if (!wrongTier.length && (undecided || refs.value.unknown)) return notKnownYet(undecided ?? `the subnets of ${lb.name} are not known until deployment`);
    return known({ internal: internal === true, wrongTier });
}

// ---- DB subnet groups -----------------------------------------------------------------------

export function dbSubnetGroups(graph: StackGraph): ResourceView[] {
    return graph.ofType(types.rds.SubnetGroup);
}

/** Whether a DB subnet group spans two AZs: undefined when it does (or cannot be judged here), its narrow spread otherwise. */
export function dbSubnetGroupSpread(graph: StackGraph, group: ResourceView): Decision<NarrowSpread | undefined> {
    const values = listValues(group, "subnetIds");
    if (values === UNKNOWN) return notKnownYet("subnetIds is not known until deployment");
    const topo = topology(graph);
    return placementSpread(topo, topo.subnetRefs(group, "subnetIds", values), group.name);
}

// ---- public subnets and internet gateways ---------------------------------------------------

/**
 * Subnets meant to be public (`mapPublicIpOnLaunch`, a Name/Tier tag or a logical name saying
 * public); default subnets are left out (AWS routes them to the default VPC's gateway).
 */
export function subnetsMeantPublic(graph: StackGraph): SubnetNode[] {
    return [...topology(graph).subnets.values()].filter(n => n.meantPublic && n.resource.type !== types.ec2.DefaultSubnet);
}

export interface SubnetTier {
    tier: Exclude<Tier, typeof UNKNOWN>;
    /** The route tables that govern the subnet (its explicit associations, else its VPC's main table). */
    tables: TableNode[];
}

/** Public when a governing route table routes 0.0.0.0/0 or ::/0 to an internet gateway of the subnet's VPC. */
export function subnetTier(graph: StackGraph, subnet: SubnetNode): Decision<SubnetTier> {
    const answer = topology(graph).tierOf(subnet);
    if (answer.tier === UNKNOWN) return notKnownYet(answer.reason);
    return known({ tier: answer.tier, tables: answer.tables });
}

/** "route table public-rt" or "its VPC's main route table": the tables of a subnet, for messages. */
export function describeTables(tables: TableNode[]): string {
    const names = tables.map(t => (t.resource ? t.resource.name : t.key.startsWith("main:") ? "its VPC's main route table" : t.key)).join(", ");
    return tables.some(t => t.resource && t.resource.type === types.ec2.RouteTable) ? `route table ${names}` : names || "its VPC's main route table";
}

export function internetGateways(graph: StackGraph): ResourceView[] {
    return graph.ofType(types.ec2.InternetGateway);
}

/** Whether some route sends traffic to the internet gateway; not known yet while a route's gateway or table is. */
export function internetGatewayUsed(graph: StackGraph, igw: ResourceView): Decision<boolean> {
    const topo = topology(graph);
    if (topo.usedIgws.has(igw.urn)) return known(true);
    if (topo.undecidedGatewayRoutes || topo.undecidedRoutes.length) return notKnownYet("a route whose gateway is not known until deployment may use it");
    return known(false);
}

// ---- Lambda egress and VPC endpoints --------------------------------------------------------

export function lambdaFunctions(graph: StackGraph): ResourceView[] {
    return graph.ofType(types.lambda.Function);
}

/** IAM service prefix -> the endpoint service name suffix(es) that serve its API. */
const ENDPOINT_FOR_PREFIX: Record<string, string[]> = {
    cloudwatch: ["monitoring"],
    ecr: ["ecr.api"],
    "execute-api": ["execute-api"],
    bedrock: ["bedrock-runtime", "bedrock"],
    sagemaker: ["sagemaker.api", "sagemaker.runtime"],
    "rds-data": ["rds-data"],
    ses: ["email", "email-smtp"],
    states: ["states"],
    elasticfilesystem: ["elasticfilesystem"],
};

/** Prefixes whose permissions the Lambda service itself uses (logs, tracing, ENIs): no endpoint needed. */
const SERVICE_SIDE = new Set(["logs", "xray", "ec2"]);

/** The IAM service prefixes a function calls over the network, sorted. */
function servicesNeedingNetwork(prefixes: Iterable<string>): string[] {
    return [...new Set([...prefixes].map(p => p.toLowerCase()).filter(p => !SERVICE_SIDE.has(p)))].sort();
}

/**
 * The IAM service prefixes an endpoint serves: `com.amazonaws.<region>.<service>` (and the
 * `aws.api.` / `aws.sagemaker.` forms), mapped back to IAM prefixes; undefined while not known.
 */
function endpointServices(e: ResourceView): Set<string> | undefined {
    const services = new Set<string>();
    const name = e.props.str("serviceName");
    if (name === UNKNOWN) return undefined;
    if (typeof name !== "string") return services;
    const m = /^(?:com\.amazonaws|aws\.api|aws\.sagemaker)\.[a-z]{2}(?:-gov)?-[a-z]+-\d\.(.+)$/.exec(name);
    const suffix = m ? m[1] : (name.split(".").pop() ?? "");
    services.add(suffix);
    for (const [prefix, suffixes] of Object.entries(ENDPOINT_FOR_PREFIX)) if (suffixes.includes(suffix)) services.add(prefix);
    return services;
}

/** "Gateway" (the default type), "Interface", "GatewayLoadBalancer", ... or UNKNOWN. */
function endpointType(e: ResourceView): string | typeof UNKNOWN {
    const t = e.props.str("vpcEndpointType");
    if (t === UNKNOWN) return UNKNOWN;
    return typeof t === "string" && t ? t : "Gateway";
}

/** The IAM service prefixes the VPC's endpoints serve to `subnets` (interface endpoints: the whole VPC; gateway endpoints: their route tables). */
function servicesServed(topo: Topology, vpc: string, subnets: SubnetNode[]): Decision<Set<string>> {
    const reason = "a VPC endpoint's service, type, VPC or route tables are not known until deployment";
    if (topo.endpointsUndecided) return notKnownYet(reason);
    const tableKeys = new Set<string>();
    for (const n of subnets) {
        const tables = topo.tablesOf(n);
        if (tables.kind === "known") tables.value.forEach(t => tableKeys.add(t.key));
    }
    const offered = new Set<string>();
    let unknown = false;
    for (const e of topo.endpointsByVpc.get(vpc) ?? []) {
        const served = endpointServices(e);
        const type = endpointType(e);
        if (!served || type === UNKNOWN) {
            unknown = true;
            continue;
        }
        if (type.toLowerCase() === "gateway") {
            const attached = topo.gatewayEndpointTables(e);
            if (attached === UNKNOWN) {
                unknown = true;
                continue;
            }
            // Served only when every egress-less subnet's table has the endpoint's route.
            if (![...tableKeys].every(k => attached.has(k))) continue;
        }
        served.forEach(x => offered.add(x));
    }
    return unknown ? notKnownYet(reason) : known(offered);
}

/** Why a VPC-attached function cannot reach the AWS services it needs. */
export interface EgressGap {
    /** The function's subnets that have no default IPv4 route out. */
    subnets: SubnetNode[];
    /** The logical name of their VPC, or "its VPC". */
    vpcName: string;
    /** "no-endpoints": the VPC has none at all; "any-service": the role may call any service; "missing": no endpoint for `services`. */
    gap: { kind: "no-endpoints" } | { kind: "any-service"; role: string } | { kind: "missing"; services: string[]; role: string };
}

/**
 * Whether a Lambda function attached to a VPC reaches the AWS APIs it may call: undefined when it
 * is not in a VPC of the stack, when each of its subnets routes 0.0.0.0/0 somewhere (a NAT or
 * internet gateway, or another egress target), or when the VPC's endpoints serve every service its
 * execution role may call over the network; the gap otherwise. A role outside the stack: any
 * endpoint is taken as intent.
 */
export function lambdaEgressGap(graph: StackGraph, fn: ResourceView): Decision<EgressGap | undefined> {
    const topo = topology(graph);
    const values = listValues(fn, "vpcConfig.subnetIds");
    if (values === UNKNOWN) return notKnownYet("vpcConfig.subnetIds is not known until deployment");
    if (!values.length) return known(undefined);
    const refs = topo.subnetRefs(fn, "vpcConfig", values);
    const nodes = topo.nodes(refs);
    if (!nodes.length) return refs.unknown ? notKnownYet(`the subnets of ${fn.name} are not known until deployment`) : known(undefined); // subnets outside the stack: their routes cannot be read here
    const without: SubnetNode[] = [];
    let undecided: string | undefined;
    for (const n of nodes) {
        const e = topo.hasEgress(n);
        if (e.kind === "known" && !e.value) without.push(n);
        else if (e.kind === "unknown") undecided ??= e.reason;
    }
    if (!without.length) return undecided ? notKnownYet(undecided) : known(undefined);
    // Without a route out: the VPC's endpoints must cover what the role may call.
    const vpc = without.map(n => n.vpc).find((v): v is string => typeof v === "string");
    if (!vpc) return notKnownYet(`the VPC of subnet ${without[0].resource.name} is not known until deployment`);
    const offered = servicesServed(topo, vpc, without);
    if (offered.kind !== "known") return offered;
    const gap = (g: EgressGap["gap"]) => known({ subnets: without, vpcName: graph.get(vpc)?.name ?? "its VPC", gap: g });
    const noEndpoints = !(topo.endpointsByVpc.get(vpc) ?? []).length;
    const lookup = functionPermissions(graph, fn);
    if (lookup.status === "undecided") return noEndpoints ? gap({ kind: "no-endpoints" }) : notKnownYet(lookup.reason);
    if (lookup.status === "external") return noEndpoints ? gap({ kind: "no-endpoints" }) : known(undefined);
    const allowed = allowedServicePrefixes(lookup.perms);
    const needed = allowed.all ? ["*"] : servicesNeedingNetwork(allowed.services);
    const missing = needed.filter(s => !offered.value.has(s));
    if (!missing.length) return allowed.undecided.length ? notKnownYet(allowed.undecided[0]) : known(undefined);
    return gap(allowed.all ? { kind: "any-service", role: lookup.role.name } : { kind: "missing", services: missing, role: lookup.role.name });
}

export const ENDPOINT_POLICY_TYPES = [types.ec2.VpcEndpoint, types.ec2.VpcEndpointPolicy];

/** An endpoint policy: unreadable (the reason), or readable with the first statement that opens every action to every principal. */
export type EndpointPolicy = { unreadable: string } | { openStatement?: string };

/**
 * The policy of a VPC endpoint (inline `policy`, or an `aws.ec2.VpcEndpointPolicy`): not set
 * without one; the first Allow of every action to every principal without a condition ("statement
 * \"Sid\"" or "statement 2"); not known yet when no such statement is known but part of one is not.
 */
export function endpointPolicy(endpoint: ResourceView): Decision<EndpointPolicy> {
    const reading = readDocument(endpoint.props.get("policy"));
    if (reading.status === "absent") return NOT_SET;
    if (reading.status === "unknown") return notKnownYet("the endpoint policy is not known until deployment");
    if (reading.status === "malformed") return known({ unreadable: reading.reason });
    let deferred = false;
    for (const st of reading.statements) {
        if (st.effect !== "Allow") continue;
        const open = st.principals?.wildcard === true;
        if (open && grantsAllActions(st) && Object.keys(st.conditions).length === 0 && !st.hasUnknown)
            return known({ openStatement: st.sid ? `statement "${st.sid.replace(/[^\w -]/g, "")}"` : `statement ${st.index + 1}` });
        if (st.hasUnknown || st.principals?.unknown) deferred = true;
    }
    return deferred ? notKnownYet("part of the endpoint policy is not known until deployment") : known({});
}

// ---- the default VPC ------------------------------------------------------------------------

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
export const DEFAULT_VPC_CIDR = "172.31.0.0/16";

/** How a resource belongs to the account's default VPC. */
export type DefaultVpcUse =
    | { kind: "default-vpc" } // an aws.ec2.DefaultVpc, or a VPC read with default / isDefault true
    | { kind: "default-cidr" } // a VPC with the default VPC's block
    | { kind: "read-default" } // a VPC read with no CIDR under a name saying default
    | { kind: "default-subnet" }
    | { kind: "subnet-of"; vpc: string }
    | { kind: "default-sg" } // a DefaultSecurityGroup with no vpcId
    | { kind: "default-sg-of"; vpc: string }
    | { kind: "placed"; property: string; via: string };

export interface DefaultVpcPlacement {
    resource: ResourceView;
    /** A VPC or subnet itself (the fix replaces it), as opposed to a resource placed in one. */
    network: boolean;
    use: Decision<DefaultVpcUse>;
}

/**
 * The stack's resources that are the default VPC or are placed in it: the DefaultVpc, reads of the
 * default VPC, default subnets, subnets and default security groups of those VPCs, and every AWS
 * resource whose placement properties depend on one of them (one pass over property
 * dependencies). A DefaultSecurityGroup whose `vpcId` is not known yet is not known yet.
 */
export function defaultVpcPlacements(graph: StackGraph): DefaultVpcPlacement[] {
    const topo = topology(graph);
    const found = new Map<string, { resource: ResourceView; use: DefaultVpcUse }>();
    const pending: DefaultVpcPlacement[] = [];
    const mark = (resource: ResourceView, use: DefaultVpcUse) => {
        if (!found.has(resource.urn)) found.set(resource.urn, { resource, use });
    };
    for (const v of graph.ofType(types.ec2.DefaultVpc)) mark(v, { kind: "default-vpc" });
    for (const v of graph.ofType(types.ec2.Vpc)) {
        const cidr = v.props.str("cidrBlock");
        const pool = v.props.get("ipv4IpamPoolId");
        if (cidr === DEFAULT_VPC_CIDR && v.props.bool("isDefault") !== false) mark(v, { kind: "default-cidr" });
        else if (cidr === undefined && pool === undefined && /default/i.test(v.name)) mark(v, { kind: "read-default" });
        else if (v.props.bool("default") === true || v.props.bool("isDefault") === true) mark(v, { kind: "default-vpc" });
    }
    for (const s of graph.ofType(types.ec2.DefaultSubnet)) mark(s, { kind: "default-subnet" });
    for (const node of topo.subnets.values()) {
        const vpc = typeof node.vpc === "string" ? found.get(node.vpc) : undefined;
        if (vpc) mark(node.resource, { kind: "subnet-of", vpc: vpc.resource.name });
    }
    for (const sg of graph.ofType(types.ec2.DefaultSecurityGroup)) {
        const vpc = topo.vpcKeyOf(sg);
        if (vpc === undefined) mark(sg, { kind: "default-sg" });
        else if (typeof vpc === "string" && found.has(vpc)) mark(sg, { kind: "default-sg-of", vpc: found.get(vpc)!.resource.name });
        else if (vpc === UNKNOWN) pending.push({ resource: sg, network: false, use: notKnownYet("its vpcId is not known until deployment") });
    }
    for (const r of graph.resources) {
        if (found.has(r.urn) || r.type === types.pulumi.AwsProvider || !r.type.startsWith("aws:")) continue;
        for (const property of PLACEMENT_PROPERTIES) {
            const hit = (r.propertyDependencies[property] ?? []).map(u => found.get(u)).find(x => !!x);
            if (hit) {
                mark(r, { kind: "placed", property, via: hit.resource.name });
                break;
            }
        }
    }
    const NETWORK: string[] = [types.ec2.Vpc, types.ec2.DefaultVpc, types.ec2.DefaultSubnet, types.ec2.Subnet];
    return [...pending, ...[...found.values()].map(f => ({ resource: f.resource, network: NETWORK.includes(f.resource.type), use: known(f.use) }))];
}
