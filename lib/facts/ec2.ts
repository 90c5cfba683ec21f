/**
 * Facts about EC2 network access: the ingress rules of security groups, from every shape a
 * program may write them in (inline `ingress` on the group, `aws.ec2.SecurityGroupRule` of type
 * ingress, `aws.vpc.SecurityGroupIngressRule`).
 */
import { types } from "../aws/types";
import { Decision, Malformed, NOT_SET, known, notKnownYet } from "../graph/decision";
import { links, targetsOf } from "../graph/links";
import { block, read } from "../graph/read";
import { ResourceView } from "../graph/resource";
import { StackGraph } from "../graph/stack-graph";
import { UNKNOWN } from "../graph/values";

export const PUBLIC_CIDRS = ["0.0.0.0/0", "::/0"];

export interface PublicIngress {
    /** "all traffic" or the port range as AWS prints it ("22", "0-65535"). */
    ports: { all: true } | { all: false; from: number; to: number; protocol: string };
    cidr: string;
    /** Which entry: "ingress[2]" for an inline rule, "" for a rule resource. */
    entry: string;
}

/** The resources that hold ingress rules, each with the group its rules belong to (logical name). */
export function ingressHolders(graph: StackGraph): { holder: ResourceView; group: string | undefined }[] {
    const groups = graph.ofType(types.ec2.SecurityGroup, types.ec2.DefaultSecurityGroup).map(g => ({ holder: g, group: g.name }));
    const rules = graph.ofType(types.ec2.SecurityGroupRule, types.vpc.SecurityGroupIngressRule).map(r => {
        const target = targetsOf(graph, links.securityGroupRuleGroup, r);
        return { holder: r, group: target.kind === "known" ? target.value.resources[0]?.name : undefined };
    });
    return [...groups, ...rules];
}

const ICMP = new Set(["icmp", "icmpv6", "1", "58"]);
const ALL = new Set(["-1", "all"]);

type Source = ResourceView | ReturnType<typeof block>;

/** One rule's admission from the internet, or undefined when it admits none. */
function judgeRule(src: Source, shape: { protocol: string; cidrs: string[] }, entry: string): Decision<PublicIngress[] | Malformed> {
    const cidrLists = shape.cidrs.map(path => read.value(src, path));
    const cidrs: string[] = [];
    for (const d of cidrLists) {
        if (d.kind === "unknown") return d;
        if (d.kind !== "known") continue;
        const values = Array.isArray(d.value) ? d.value : [d.value];
        if (values.some(v => v === UNKNOWN)) return notKnownYet(`a CIDR of ${src.name} is not known until deployment`);
        cidrs.push(...values.filter((v): v is string => typeof v === "string" && PUBLIC_CIDRS.includes(v.trim())));
    }
    if (!cidrs.length) return known([]);
    const protocol = read.str(src, shape.protocol);
    const from = read.num(src, "fromPort");
    const to = read.num(src, "toPort");
    for (const d of [protocol, from, to]) {
        if (d.kind === "unknown") return d;
        if (d.kind === "known" && d.value instanceof Malformed) return known(d.value);
    }
    const proto = protocol.kind === "known" ? String(protocol.value).toLowerCase() : "-1";
    if (ICMP.has(proto)) return known([]);
    const lo = from.kind === "known" ? (from.value as number) : 0;
    const hi = to.kind === "known" ? (to.value as number) : 65535;
    const all = ALL.has(proto) || !["tcp", "udp", "6", "17"].includes(proto) || (lo <= 0 && hi >= 65535);
    return known(cidrs.map(cidr => ({ cidr, entry, ports: all ? { all: true as const } : { all: false as const, from: lo, to: hi, protocol: proto } })));
}

/** What a holder of ingress rules admits from 0.0.0.0/0 or ::/0. */
export function publicIngress(holder: ResourceView): Decision<PublicIngress[] | Malformed> {
    if (holder.type === types.vpc.SecurityGroupIngressRule) return judgeRule(holder, { protocol: "ipProtocol", cidrs: ["cidrIpv4", "cidrIpv6"] }, "");
    if (holder.type === types.ec2.SecurityGroupRule) {
        const type = read.str(holder, "type");
        if (type.kind === "unknown") return type;
        if (type.kind !== "known" || type.value !== "ingress") return NOT_SET;
        return judgeRule(holder, { protocol: "protocol", cidrs: ["cidrBlocks", "ipv6CidrBlocks"] }, "");
    }
    const ingress = read.list(holder, "ingress");
    if (ingress.kind !== "known") return ingress;
    if (ingress.value instanceof Malformed) return known(ingress.value);
    const out: PublicIngress[] = [];
    for (let i = 0; i < ingress.value.length; i++) {
        const rule = judgeRule(
            block(ingress.value[i], `${holder.name}.ingress[${i}]`),
            { protocol: "protocol", cidrs: ["cidrBlocks", "ipv6CidrBlocks"] },
            `ingress[${i}]`,
        );
        if (rule.kind !== "known") {
            if (rule.kind === "unknown") return rule;
            continue;
        }
        if (rule.value instanceof Malformed) return rule;
        out.push(...rule.value);
    }
    return known(out);
}

/** Ports of `from`-`to` that `allowed` does not cover (up to `limit` of them, for the message). */
export function portsOutside(from: number, to: number, allowed: readonly number[], limit = 3): number[] {
    const out: number[] = [];
    for (let p = Math.max(0, from); p <= Math.min(65535, to) && out.length < limit; p++) if (!allowed.includes(p)) out.push(p);
    return out;
}
