import { stackPolicy } from "../../lib/policy";
import { T, UNKNOWN, describeSubnets, judgeAzSpread, listValues, topology } from "../../lib/network/topology";

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
        const topo = topology(graph);
        for (const group of graph.ofType(T.dbSubnetGroup)) {
            const values = listValues(group, "subnetIds");
            if (values === UNKNOWN) {
                ctx.defer(group, "subnetIds is not known until deployment");
                continue;
            }
            const judged = judgeAzSpread(topo, topo.subnetRefs(group, "subnetIds", values));
            if (judged.verdict === "undecided") ctx.defer(group, `the subnets or availability zones of ${group.name} are not known until deployment`);
            if (judged.verdict !== "narrow") continue;
            const { nodes, spread } = judged;
            const detail = nodes.length ? describeSubnets(nodes) : "no subnets";
            ctx.report(
                group,
                `DB subnet group ${group.name} spans ${spread.atLeast} availability zone${spread.atLeast === 1 ? "" : "s"} only: ${detail}. Fix: subnetIds: [privateA.id, privateB.id] with subnets in two AZs.`,
            );
        }
    },
);
