import { dbSubnetGroupSpread, dbSubnetGroups, describeSubnets } from "../../lib/facts/network";
import { stackPolicy } from "../../lib/policy";

export default stackPolicy(
    {
        name: "rds-subnet-group-az-spread",
        description:
            "A DB subnet group's subnets span at least two availability zones. RDS rejects a subnet group that covers one AZ, and Multi-AZ deployments and failover need a standby subnet in a second AZ.",
        severity: "high",
        enforcementLevel: "mandatory",
        section: "B",
        seeds: ["001#2"],
        remediation: 'List one private subnet per AZ in the subnet group:\n  new aws.rds.SubnetGroup("db-subnets", { subnetIds: [privateA.id, privateB.id] });',
        url: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html#USER_VPC.Subnets",
        peers: {},
    },
    (graph, ctx) => {
        for (const group of dbSubnetGroups(graph)) {
            ctx.decide(group, dbSubnetGroupSpread(graph, group), narrow => {
                if (!narrow) return undefined;
                const { subnets, spread } = narrow;
                const detail = subnets.length ? describeSubnets(subnets) : "no subnets";
                return `DB subnet group ${group.name} spans ${spread.atLeast} availability zone${spread.atLeast === 1 ? "" : "s"} only: ${detail}. Fix: subnetIds: [privateA.id, privateB.id] with subnets in two AZs.`;
            });
        }
    },
);
