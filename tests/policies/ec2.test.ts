/**
 * Section D EC2 network access: security-group-public-ingress, in every shape a rule is written.
 */
import { TestStack, ref, usePack } from "../helpers/harness";
import { Case, fromOutput, policyTable } from "../helpers/table";

const pack = usePack();

const SG = "aws:ec2/securityGroup:SecurityGroup";
const RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
const VPC_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const group = (s: TestStack, name: string) => ref(s.add(SG, `${name}-group`, { description: "web tier", vpcId: "vpc-123" }), "id");
const tcp = (port: number, cidr = "0.0.0.0/0", to = port) => ({ protocol: "tcp", fromPort: port, toPort: to, cidrBlocks: [cidr] });

const cases: Case[] = [
    { name: "ssh-inline", inputs: { description: "web", ingress: [tcp(22)] }, expect: "violation", message: /tcp port 22 from 0.0.0.0\/0.*Fix: /s },
    { name: "https-inline", inputs: { description: "web", ingress: [tcp(443), tcp(80)] }, expect: "pass" },
    {
        name: "all-traffic",
        inputs: { description: "web", ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] },
        expect: "violation",
        message: /all traffic/,
    },
    {
        name: "ipv6-range",
        inputs: { description: "web", ingress: [{ protocol: "tcp", fromPort: 0, toPort: 65535, ipv6CidrBlocks: ["::/0"] }] },
        expect: "violation",
        message: /::\/0/,
    },
    { name: "range-over-allowed", inputs: { description: "web", ingress: [tcp(80, "0.0.0.0/0", 443)] }, expect: "violation", message: /ports 80-443/ },
    { name: "narrow-cidr", inputs: { description: "web", ingress: [tcp(22, "10.0.0.0/8")] }, expect: "pass" },
    { name: "icmp", inputs: { description: "web", ingress: [{ protocol: "icmp", fromPort: -1, toPort: -1, cidrBlocks: ["0.0.0.0/0"] }] }, expect: "pass" },
    {
        name: "group-source",
        inputs: { description: "web", ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, securityGroups: ["sg-1"] }] },
        expect: "pass",
    },
    { name: "no-ingress", inputs: { description: "web" }, expect: "pass" },
    {
        name: "cidr-from-output",
        inputs: s => ({ description: "web", ingress: [{ ...tcp(22), cidrBlocks: [fromOutput(s, "cidr", "0.0.0.0/0")] }] }),
        expect: "deferred",
        update: "violation",
    },
    { name: "malformed-port", inputs: { description: "web", ingress: [{ ...tcp(22), fromPort: "ssh" }] }, expect: "violation", message: /not a number/ },
    {
        name: "rule-ssh",
        type: RULE,
        inputs: s => ({ type: "ingress", securityGroupId: group(s, "rule-ssh"), ...tcp(22) }),
        expect: "violation",
        message: /security group rule-ssh-group/,
    },
    { name: "rule-egress", type: RULE, inputs: s => ({ type: "egress", securityGroupId: group(s, "rule-egress"), ...tcp(22) }), expect: "pass" },
    {
        name: "vpc-rule-rdp",
        type: VPC_RULE,
        inputs: s => ({ securityGroupId: group(s, "vpc-rule"), ipProtocol: "tcp", fromPort: 3389, toPort: 3389, cidrIpv4: "0.0.0.0/0" }),
        expect: "violation",
        message: /port 3389/,
    },
    {
        name: "vpc-rule-all",
        type: VPC_RULE,
        inputs: s => ({ securityGroupId: group(s, "vpc-all"), ipProtocol: "-1", cidrIpv6: "::/0" }),
        expect: "violation",
        message: /all traffic from ::\/0/,
    },
    {
        name: "vpc-rule-https",
        type: VPC_RULE,
        inputs: s => ({ securityGroupId: group(s, "vpc-https"), ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" }),
        expect: "pass",
    },
];
policyTable(pack, "security-group-public-ingress", SG, cases);
// 22 in allowedPublicPorts is ignored; [443] is the peers' stricter rule.
policyTable(
    pack,
    "security-group-public-ingress",
    SG,
    [
        { name: "ssh-still-fails", inputs: { description: "web", ingress: [tcp(22)] }, expect: "violation" },
        { name: "http-strict", inputs: { description: "web", ingress: [tcp(80)] }, expect: "violation" },
        { name: "https-strict", inputs: { description: "web", ingress: [tcp(443)] }, expect: "pass" },
    ],
    { allowedPublicPorts: [22, 443] },
);
