/**
 * The stack's network topology, built once per StackGraph (cached in a WeakMap keyed by the
 * graph): the model behind the network facts (`lib/facts/network.ts`), which policies ask.
 *
 *   VPCs (created, default, or read), subnets with their AZ, route tables (inline `routes`,
 *   separate `aws.ec2.Route`s, `DefaultRouteTable`, the VPC's implicit main table), route table
 *   associations (explicit and main), internet gateways (inline `vpcId` or an attachment), NAT
 *   gateways and VPC endpoints; each subnet's tier (public / private / unknown) and whether it is
 *   meant to be public (mapPublicIpOnLaunch, Name/Tier tag, logical name).
 *
 * Everything is three-valued: a value known only after deployment makes the answer "unknown"
 * (a Decision not known yet where the model answers a question), a deferral, never a violation.
 */
import { ResourceView } from "../graph/resource";
import { RefSet, StackGraph } from "../graph/stack-graph";
import { types } from "../aws/types";
import { Decision, known, notKnownYet } from "../graph/decision";
import { UNKNOWN, asString, field } from "../graph/values";

const T = {
    vpc: types.ec2.Vpc,
    defaultVpc: types.ec2.DefaultVpc,
    subnet: types.ec2.Subnet,
    defaultSubnet: types.ec2.DefaultSubnet,
    routeTable: types.ec2.RouteTable,
    defaultRouteTable: types.ec2.DefaultRouteTable,
    route: types.ec2.Route,
    rtAssoc: types.ec2.RouteTableAssociation,
    mainRtAssoc: types.ec2.MainRouteTableAssociation,
    igw: types.ec2.InternetGateway,
    igwAttachment: types.ec2.InternetGatewayAttachment,
    vpnGateway: types.ec2.VpnGateway,
    endpoint: types.ec2.VpcEndpoint,
    endpointRtAssoc: types.ec2.VpcEndpointRouteTableAssociation,
} as const;

const VPC_TYPES: string[] = [T.vpc, T.defaultVpc];
const SUBNET_TYPES: string[] = [T.subnet, T.defaultSubnet];
const TABLE_TYPES: string[] = [T.routeTable, T.defaultRouteTable];
/** What a route's `gatewayId` may name. */
const GATEWAY_TYPES: string[] = [T.igw, T.vpnGateway];

type Tri = true | false | typeof UNKNOWN;

/** The AZ of a subnet: a name ("us-west-2a"), an id ("usw2-az1"), unknown, or unpinned. */
export type Az = { kind: "name" | "id"; value: string } | typeof UNKNOWN | undefined;

export interface SubnetNode {
    resource: ResourceView;
    /** URN of the VPC resource, "ext:<id>" for a VPC outside the stack, UNKNOWN, or undefined (DefaultSubnet: the default VPC). */
    vpc: string | typeof UNKNOWN | undefined;
    az: Az;
    meantPublic: boolean;
}

export interface RouteInfo {
    source: ResourceView;
    /** "default4" 0.0.0.0/0, "default6" ::/0, "other", or UNKNOWN. */
    destination: "default4" | "default6" | "other" | typeof UNKNOWN;
    /** "igw" (with the gateways it may name), "nat", "other", or UNKNOWN. */
    target: "igw" | "nat" | "other" | typeof UNKNOWN;
    igws: ResourceView[];
    /** An igw-... id of a gateway outside the stack (attachment not checkable: assumed attached). */
    externalIgw: boolean;
}

export interface TableNode {
    key: string;
    resource?: ResourceView;
    vpc: string | typeof UNKNOWN | undefined;
    routes: RouteInfo[];
}

export type Tier = "public" | "private" | typeof UNKNOWN;

export interface TierAnswer {
    tier: Tier;
    /** Why it is unknown (for a deferral) or the route tables it used (for messages). */
    reason: string;
    tables: TableNode[];
}

export class Topology {
    readonly subnets = new Map<string, SubnetNode>();
    readonly tables = new Map<string, TableNode>();
    /** Explicit route table associations: subnet URN -> table keys (UNKNOWN when the table is not known). */
    private readonly explicit = new Map<string, (string | typeof UNKNOWN)[]>();
    /** Associations whose subnet is not known yet: any subnet without one may be theirs. */
    private readonly undecidedAssociations: ResourceView[] = [];
    /** Routes whose route table is not known yet. */
    readonly undecidedRoutes: ResourceView[] = [];
    /** VPC key -> main route table key. */
    private readonly mainTable = new Map<string, string | typeof UNKNOWN>();
    /** DefaultRouteTable URN -> its table key (`main:<vpc>` when its VPC is known). */
    private readonly defaultTableKey = new Map<string, string>();
    /** IGW URN -> the VPC keys it is attached to (UNKNOWN inside when not decidable). */
    readonly igwVpcs = new Map<string, (string | typeof UNKNOWN)[]>();
    /** An attachment names a gateway not known yet: it may attach any IGW. */
    private igwAttachmentUndecided = false;
    /** IGWs some route names (directly or as a candidate). */
    readonly usedIgws = new Set<string>();
    /** Some route's gateway cannot be decided yet. */
    undecidedGatewayRoutes = false;
    /** VPC key -> VPC endpoints in it. */
    readonly endpointsByVpc = new Map<string, ResourceView[]>();
    endpointsUndecided = false;
    private readonly tierCache = new Map<string, TierAnswer>();

    constructor(readonly graph: StackGraph) {
        this.buildSubnets();
        this.buildGateways();
        this.buildTables();
        this.buildAssociations();
        this.buildEndpoints();
    }

    // ---- references ----------------------------------------------------------------------

    /** Resolves one reference property to a VPC key. */
    vpcKeyOf(from: ResourceView, path = "vpcId"): string | typeof UNKNOWN | undefined {
        const res = this.graph.resolve(from, path, VPC_TYPES);
        if (res.status === "found") return res.targets.length === 1 ? res.targets[0].urn : UNKNOWN;
        if (res.status === "undecided") return UNKNOWN;
        return res.values.length ? `ext:${res.values[0]}` : undefined;
    }

    resolveRefs(from: ResourceView, top: string, values: unknown[], types: readonly string[]): RefSet {
        return this.graph.refs(from, top, values, types);
    }

    /** Subnets named by a list property (and its property dependencies). */
    subnetRefs(from: ResourceView, top: string, values: unknown[]): RefSet {
        return this.resolveRefs(from, top, values, SUBNET_TYPES);
    }

    // ---- subnets -------------------------------------------------------------------------

    private buildSubnets(): void {
        for (const s of this.graph.ofType(...SUBNET_TYPES)) {
            const vpc = s.type === T.defaultSubnet ? "default" : this.vpcKeyOf(s);
            this.subnets.set(s.urn, { resource: s, vpc, az: readAz(s), meantPublic: meantPublic(s) });
        }
    }

    // ---- gateways ------------------------------------------------------------------------

    private buildGateways(): void {
        for (const igw of this.graph.ofType(T.igw)) {
            const list: (string | typeof UNKNOWN)[] = [];
            const v = this.vpcKeyOf(igw);
            if (v !== undefined) list.push(v);
            this.igwVpcs.set(igw.urn, list);
        }
        for (const att of this.graph.ofType(T.igwAttachment)) {
            const res = this.graph.resolve(att, "internetGatewayId", [T.igw]);
            const vpc = this.vpcKeyOf(att);
            if (res.status === "found") {
                for (const igw of res.targets) this.igwVpcs.get(igw.urn)?.push(vpc ?? UNKNOWN);
            } else if (res.status === "undecided") this.igwAttachmentUndecided = true;
        }
    }

    /** Is this IGW attached to the VPC? */
    igwAttachedTo(igw: ResourceView, vpc: string): Tri {
        const list = this.igwVpcs.get(igw.urn) ?? [];
        if (list.includes(vpc)) return true;
        if (list.includes(UNKNOWN) || this.igwAttachmentUndecided) return UNKNOWN;
        return false;
    }

    // ---- route tables and routes ---------------------------------------------------------

    private table(key: string, resource: ResourceView | undefined, vpc: string | typeof UNKNOWN | undefined): TableNode {
        let t = this.tables.get(key);
        if (!t) {
            t = { key, resource, vpc, routes: [] };
            this.tables.set(key, t);
        } else if (resource && !t.resource) t.resource = resource;
        return t;
    }

    private buildTables(): void {
        for (const rt of this.graph.ofType(T.routeTable)) {
            const t = this.table(rt.urn, rt, this.vpcKeyOf(rt));
            const routes = rt.props.get("routes");
            if (routes === UNKNOWN) t.routes.push(unknownRoute(rt));
            else if (Array.isArray(routes)) for (const r of routes) t.routes.push(this.readRoute(rt, "routes", r, "cidrBlock", "ipv6CidrBlock"));
        }
        for (const drt of this.graph.ofType(T.defaultRouteTable)) {
            // `defaultRouteTableId: vpc.defaultRouteTableId`: the table is that VPC's main table.
            const res = this.graph.resolve(drt, "defaultRouteTableId", VPC_TYPES);
            const vpc = res.status === "found" && res.targets.length === 1 ? res.targets[0].urn : undefined;
            const key = vpc ? `main:${vpc}` : drt.urn;
            const t = this.table(key, drt, vpc ?? UNKNOWN);
            this.defaultTableKey.set(drt.urn, key);
            if (vpc) this.mainTable.set(vpc, key);
            const routes = drt.props.get("routes");
            if (routes === UNKNOWN) t.routes.push(unknownRoute(drt));
            else if (Array.isArray(routes)) for (const r of routes) t.routes.push(this.readRoute(drt, "routes", r, "cidrBlock", "ipv6CidrBlock"));
        }
        for (const m of this.graph.ofType(T.mainRtAssoc)) {
            const vpc = this.vpcKeyOf(m);
            const key = this.tableKeyOf(m, "routeTableId");
            if (typeof vpc === "string") this.mainTable.set(vpc, key);
        }
        for (const route of this.graph.ofType(T.route)) {
            const key = this.tableKeyOf(route, "routeTableId");
            if (key === UNKNOWN) {
                this.undecidedRoutes.push(route);
                continue;
            }
            const t = this.tables.get(key) ?? this.table(key, undefined, key.startsWith("main:") ? key.slice(5) : UNKNOWN);
            t.routes.push(this.readRoute(route, "gatewayId", route.props.get([]), "destinationCidrBlock", "destinationIpv6CidrBlock"));
        }
    }

    /** The table a `routeTableId` names: a RouteTable, a DefaultRouteTable, or a VPC's main table (`vpc.mainRouteTableId`). */
    private tableKeyOf(from: ResourceView, path: string): string | typeof UNKNOWN {
        const res = this.graph.resolve(from, path, [...TABLE_TYPES, ...VPC_TYPES]);
        if (res.status === "found" && res.targets.length === 1) {
            const t = res.targets[0];
            if (VPC_TYPES.includes(t.type)) return `main:${t.urn}`;
            if (t.type === T.defaultRouteTable) return this.defaultTableKey.get(t.urn) ?? t.urn;
            return t.urn;
        }
        if (res.status === "missing" && res.values.length) return `ext:${res.values[0]}`;
        return UNKNOWN;
    }

    private readRoute(source: ResourceView, top: string, route: unknown, v4: string, v6: string): RouteInfo {
        const info: RouteInfo = { source, destination: "other", target: "other", igws: [], externalIgw: false };
        if (route === UNKNOWN || route === null || typeof route !== "object") {
            if (route === UNKNOWN) return unknownRoute(source);
            return info;
        }
        const d4 = field(route, v4);
        const d6 = field(route, v6);
        if (d4 === UNKNOWN || d6 === UNKNOWN) info.destination = UNKNOWN;
        else if (d4 === "0.0.0.0/0") info.destination = "default4";
        else if (d6 === "::/0") info.destination = "default6";

        const nat = field(route, "natGatewayId");
        if (nat !== undefined && nat !== "") {
            info.target = "nat";
            return info;
        }
        const gw = field(route, "gatewayId");
        if (gw === undefined || gw === "") {
            // transit gateway, network interface, peering, egress-only gateway, endpoint, ...
            info.target = "other";
            return info;
        }
        const deps = (source.propertyDependencies[top] ?? [])
            .map(u => this.graph.get(u))
            .filter((r): r is ResourceView => !!r && GATEWAY_TYPES.includes(r.type));
        const igwDeps = deps.filter(r => r.type === T.igw);
        const otherDeps = deps.filter(r => r.type !== T.igw);
        if (typeof gw === "string") {
            if (/^igw-/.test(gw)) {
                info.target = "igw";
                info.igws = igwDeps;
                info.externalIgw = igwDeps.length === 0;
            } else info.target = "other";
        } else if (gw === UNKNOWN) {
            if (igwDeps.length && !otherDeps.length) {
                info.target = "igw";
                info.igws = igwDeps;
            } else if (!igwDeps.length && otherDeps.length) info.target = "other";
            else info.target = UNKNOWN;
        }
        if (info.target === UNKNOWN) this.undecidedGatewayRoutes = true;
        for (const i of info.igws) this.usedIgws.add(i.urn);
        return info;
    }

    // ---- associations --------------------------------------------------------------------

    private buildAssociations(): void {
        for (const a of this.graph.ofType(T.rtAssoc)) {
            if (a.props.get("gatewayId") !== undefined && a.props.get("subnetId") === undefined) continue; // edge association
            const res = this.graph.resolve(a, "subnetId", SUBNET_TYPES);
            const key = this.tableKeyOf(a, "routeTableId");
            if (res.status === "found") {
                for (const s of res.targets) {
                    const list = this.explicit.get(s.urn) ?? [];
                    list.push(key);
                    this.explicit.set(s.urn, list);
                }
            } else if (res.status === "undecided") this.undecidedAssociations.push(a);
        }
    }

    private mainTableOf(vpc: string): TableNode {
        const key = this.mainTable.get(vpc);
        if (key === UNKNOWN) return { key: "unknown", vpc, routes: [unknownRoute(undefined as any)] };
        return this.tables.get(key ?? `main:${vpc}`) ?? { key: `main:${vpc}`, vpc, routes: [] };
    }

    /** The route tables that govern a subnet (its explicit association, else its VPC's main table). */
    tablesOf(subnet: SubnetNode): Decision<TableNode[]> {
        const explicit = this.explicit.get(subnet.resource.urn);
        if (explicit && explicit.length) {
            if (explicit.includes(UNKNOWN)) return notKnownYet(`the route table associated with ${subnet.resource.name} is not known until deployment`);
            return known(
                (explicit as string[]).map(
                    k => this.tables.get(k) ?? { key: k, vpc: UNKNOWN, routes: k.startsWith("ext:") ? [unknownRoute(subnet.resource)] : [] },
                ),
            );
        }
        if (this.undecidedAssociations.length)
            return notKnownYet(`route table association ${this.undecidedAssociations[0].name} names a subnet not known until deployment`);
        if (subnet.vpc === UNKNOWN) return notKnownYet(`the VPC of ${subnet.resource.name} is not known until deployment`);
        if (subnet.vpc === undefined || subnet.vpc === "default" || subnet.vpc.startsWith("ext:")) {
            return notKnownYet(`${subnet.resource.name} is in a VPC outside this stack`);
        }
        return known([this.mainTableOf(subnet.vpc)]);
    }

    /** Public when a governing table routes 0.0.0.0/0 or ::/0 to an internet gateway of the subnet's VPC. */
    tierOf(subnet: SubnetNode): TierAnswer {
        const cached = this.tierCache.get(subnet.resource.urn);
        if (cached) return cached;
        const answer = this.computeTier(subnet);
        this.tierCache.set(subnet.resource.urn, answer);
        return answer;
    }

    private computeTier(subnet: SubnetNode): TierAnswer {
        if (subnet.resource.type === T.defaultSubnet)
            return { tier: "public", reason: "default subnets route to the default VPC's internet gateway", tables: [] };
        const governing = this.tablesOf(subnet);
        if (governing.kind !== "known") return { tier: UNKNOWN, reason: governing.kind === "unknown" ? governing.reason : "", tables: [] };
        const tables = governing.value;
        let unknownWhy: string | undefined;
        for (const t of tables) {
            for (const r of t.routes) {
                const v = this.routeIsInternet(r, subnet.vpc);
                if (v === true) return { tier: "public", reason: "", tables };
                if (v === UNKNOWN) unknownWhy ??= `a route of ${r.source?.name ?? "its route table"} is not known until deployment`;
            }
        }
        if (!unknownWhy && this.undecidedRoutes.length) unknownWhy = `route ${this.undecidedRoutes[0].name} names a route table not known until deployment`;
        if (unknownWhy) return { tier: UNKNOWN, reason: unknownWhy, tables };
        return { tier: "private", reason: "", tables };
    }

    private routeIsInternet(r: RouteInfo, vpc: string | typeof UNKNOWN | undefined): Tri {
        if (r.destination === "other") return false;
        if (r.target === "nat" || r.target === "other") return false;
        if (r.target === UNKNOWN || r.destination === UNKNOWN) return UNKNOWN;
        if (r.externalIgw) return true;
        if (typeof vpc !== "string") return UNKNOWN;
        let result: Tri = false;
        for (const igw of r.igws) {
            const a = this.igwAttachedTo(igw, vpc);
            if (a === true) return true;
            if (a === UNKNOWN) result = UNKNOWN;
        }
        return result;
    }

    /** A default IPv4 route to a NAT gateway, an internet gateway or another egress target. */
    hasEgress(subnet: SubnetNode): Decision<boolean> {
        if (subnet.resource.type === T.defaultSubnet) return known(true);
        const tables = this.tablesOf(subnet);
        if (tables.kind !== "known") return tables;
        let unknown: string | undefined;
        for (const t of tables.value) {
            for (const r of t.routes) {
                if (r.destination === "default4" && r.target !== UNKNOWN) return known(true);
                if (r.destination === UNKNOWN || (r.destination === "default4" && r.target === UNKNOWN))
                    unknown ??= `a route of ${r.source?.name ?? "its route table"} is not known until deployment`;
            }
        }
        if (!unknown && this.undecidedRoutes.length) unknown = `route ${this.undecidedRoutes[0].name} names a route table not known until deployment`;
        return unknown ? notKnownYet(unknown) : known(false);
    }

    // ---- endpoints -----------------------------------------------------------------------

    /** Endpoint URN -> route table keys from VpcEndpointRouteTableAssociation resources. */
    private readonly endpointTableAssocs = new Map<string, string[]>();
    private endpointTableAssocUndecided = false;

    /**
     * The route tables a gateway endpoint is attached to (`routeTableIds` and
     * VpcEndpointRouteTableAssociation resources), as table keys; UNKNOWN when not decidable.
     */
    gatewayEndpointTables(e: ResourceView): Set<string> | typeof UNKNOWN {
        const out = new Set<string>(this.endpointTableAssocs.get(e.urn) ?? []);
        const values = listValues(e, "routeTableIds");
        if (values === UNKNOWN) return UNKNOWN;
        const refs = this.resolveRefs(e, "routeTableIds", values, [...TABLE_TYPES, ...VPC_TYPES]);
        if (refs.unknown) return UNKNOWN;
        for (const t of refs.targets) {
            if (VPC_TYPES.includes(t.type)) out.add(`main:${t.urn}`);
            else if (t.type === T.defaultRouteTable) out.add(this.defaultTableKey.get(t.urn) ?? t.urn);
            else out.add(t.urn);
        }
        for (const x of refs.external) out.add(`ext:${x}`);
        if (!out.size && this.endpointTableAssocUndecided) return UNKNOWN;
        return out;
    }

    private buildEndpoints(): void {
        for (const a of this.graph.ofType(T.endpointRtAssoc)) {
            const res = this.graph.resolve(a, "vpcEndpointId", [T.endpoint]);
            const key = this.tableKeyOf(a, "routeTableId");
            if (res.status === "found" && key !== UNKNOWN) {
                for (const e of res.targets) {
                    const list = this.endpointTableAssocs.get(e.urn) ?? [];
                    list.push(key);
                    this.endpointTableAssocs.set(e.urn, list);
                }
            } else if (res.status !== "missing" || key === UNKNOWN) this.endpointTableAssocUndecided = true;
        }
        for (const e of this.graph.ofType(T.endpoint)) {
            const vpc = this.vpcKeyOf(e);
            if (typeof vpc === "string") {
                const list = this.endpointsByVpc.get(vpc) ?? [];
                list.push(e);
                this.endpointsByVpc.set(vpc, list);
            } else this.endpointsUndecided = true;
        }
    }

    /** Subnet nodes for resolved subnet resources (in the stack). */
    nodes(refs: RefSet): SubnetNode[] {
        return refs.targets.map(t => this.subnets.get(t.urn)).filter((n): n is SubnetNode => !!n);
    }
}

function unknownRoute(source: ResourceView): RouteInfo {
    return { source, destination: UNKNOWN, target: UNKNOWN, igws: [], externalIgw: false };
}

function readAz(s: ResourceView): Az {
    const name = s.props.str("availabilityZone");
    if (name === UNKNOWN) return UNKNOWN;
    if (typeof name === "string" && name) return { kind: "name", value: name };
    const id = s.props.str("availabilityZoneId");
    if (id === UNKNOWN) return UNKNOWN;
    if (typeof id === "string" && id) return { kind: "id", value: id };
    return undefined;
}

const PUBLIC_WORD = /(^|[^a-z])public/i;

/** mapPublicIpOnLaunch, a Name/Tier/Type tag saying public, or a logical name containing "public". */
export function meantPublic(s: ResourceView): boolean {
    if (s.props.bool("mapPublicIpOnLaunch") === true) return true;
    if (/public/i.test(s.name) && !/non-?public/i.test(s.name)) return true;
    for (const key of ["tags", "tagsAll"]) {
        const tags = s.props.obj(key);
        if (!tags || tags === UNKNOWN) continue;
        for (const [k, v] of Object.entries(tags)) {
            if (!/^(name|tier|type|subnet-?type|aws-cdk:subnet-type)$/i.test(k)) continue;
            const text = asString(v);
            if (typeof text === "string" && PUBLIC_WORD.test(text) && !/non-?public/i.test(text)) return true;
        }
    }
    return false;
}

const cache = new WeakMap<StackGraph, Topology>();

/** The topology of this graph, built on first use and shared by every network policy. */
export function topology(graph: StackGraph): Topology {
    let t = cache.get(graph);
    if (!t) {
        t = new Topology(graph);
        cache.set(graph, t);
    }
    return t;
}

/** Reads a list property's string/unknown values (a single value reads as a one-element list). */
export function listValues(r: ResourceView, path: string): unknown[] | typeof UNKNOWN {
    const v = r.props.list(path);
    if (v === UNKNOWN) return UNKNOWN;
    return v ?? [];
}
