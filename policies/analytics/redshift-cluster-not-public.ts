import { types } from "../../lib/aws/types";
import { clusterPubliclyAccessible } from "../../lib/facts/redshift";
import { resourcePolicy } from "../../lib/policy";

export default resourcePolicy(
    {
        name: "redshift-cluster-not-public",
        description:
            "Redshift clusters are not publicly accessible: `publiclyAccessible` is not true. (The provider's default is now false; AWSGuard, written for the old default, also fails it when unset.)",
        severity: "critical",
        enforcementLevel: "mandatory",
        section: "D",
        seeds: [],
        resourceTypes: [types.redshift.Cluster],
        remediation:
            'Keep the cluster private and reach it from inside the VPC:\n  new aws.redshift.Cluster("warehouse", { publiclyAccessible: false, clusterSubnetGroupName: privateSubnets.name });',
        url: "https://docs.aws.amazon.com/redshift/latest/mgmt/managing-clusters-vpc.html",
        peers: { awsGuard: ["redshift-cluster-public-access"], cdkNag: ["RS8"], checkov: ["CKV_AWS_87"], securityHub: ["Redshift.1"] },
    },
    (cluster, ctx) => {
        ctx.decide(cluster, clusterPubliclyAccessible(cluster), isPublic =>
            isPublic
                ? `Redshift cluster ${cluster.name} is publicly accessible. Fix: publiclyAccessible: false on new aws.redshift.Cluster("${cluster.name}", { ... }).`
                : undefined,
        );
    },
);
