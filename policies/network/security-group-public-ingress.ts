import { ingressHolders, portsOutside, publicIngress } from "../../lib/facts/ec2";
import { stackPolicy } from "../../lib/policy";

type Config = { allowedPublicPorts: number[] };

/** Never opened to the internet by config: only an exemption (with its reason) can. */
const ADMIN_PORTS = [22, 3389];

export default stackPolicy<Config>(
    {
        name: "security-group-public-ingress",
        description:
            "No security group ingress rule admits `0.0.0.0/0` or `::/0` to all traffic (protocol `-1`, or ports 0-65535), or to a port outside `allowedPublicPorts` (default 80 and 443). Ports 22 and 3389 are never allowed this way, only by an exemption. Reads inline `ingress` on `aws.ec2.SecurityGroup` / `DefaultSecurityGroup`, `aws.ec2.SecurityGroupRule` of type ingress and `aws.vpc.SecurityGroupIngressRule`. Security group sources, narrower CIDRs and ICMP pass.",
        severity: "critical",
        enforcementLevel: "mandatory",
        section: "D",
        seeds: [],
        config: {
            allowedPublicPorts: {
                type: "array",
                items: { type: "integer", minimum: 0, maximum: 65535 },
                default: [80, 443],
                description: "Ports that may be open to 0.0.0.0/0 and ::/0 (22 and 3389 are ignored here). [443] gives the peers' stricter rule.",
            },
        },
        remediation:
            'Admit only the sources that need the port, e.g. the load balancer\'s group or a VPN range:\n  new aws.vpc.SecurityGroupIngressRule("ssh-from-vpn", { securityGroupId: web.id, ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: "10.8.0.0/16" });',
        url: "https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html",
        peers: {
            compliancePolicies: ["aws-ec2-securitygroup-disallow-public-internet-ingress", "aws-ec2-securitygroup-disallow-inbound-http-traffic"],
            checkov: ["CKV_AWS_24", "CKV_AWS_25", "CKV_AWS_260", "CKV_AWS_277"],
            cdkNag: ["EC23"],
            securityHub: ["EC2.18", "EC2.19"],
        },
    },
    (graph, ctx) => {
        const allowed = ctx.config.allowedPublicPorts.filter(p => !ADMIN_PORTS.includes(p));
        for (const { holder, group } of ingressHolders(graph)) {
            ctx.decide(holder, publicIngress(holder), rules => {
                const open = (rules ?? []).flatMap(r => {
                    if (r.ports.all) return [`all traffic from ${r.cidr}`];
                    const outside = portsOutside(r.ports.from, r.ports.to, allowed);
                    if (!outside.length) return [];
                    const range = r.ports.from === r.ports.to ? `port ${r.ports.from}` : `ports ${r.ports.from}-${r.ports.to}`;
                    return [`${r.ports.protocol} ${range} from ${r.cidr}`];
                });
                if (!open.length) return undefined;
                const where = group && group !== holder.name ? ` (security group ${group})` : "";
                return `${holder.name}${where} admits ${[...new Set(open)].join(", ")} (open to the internet). Fix: narrow the source to the clients that need it (a CIDR such as 10.0.0.0/8, or referencedSecurityGroupId: lb.id); a public port must be in allowedPublicPorts (${allowed.join(", ") || "none"}).`;
            });
        }
    },
);
