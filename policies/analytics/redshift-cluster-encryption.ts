import { types } from "../../lib/aws/types";
import { clusterEncrypted, clusterKey } from "../../lib/facts/redshift";
import { allDecided } from "../../lib/graph/decision";
import { resourcePolicy } from "../../lib/policy";

type Config = { requireCustomerManagedKey: boolean };

export default resourcePolicy<Config>(
    {
        name: "redshift-cluster-encryption",
        description:
            "Redshift clusters are encrypted at rest: `encrypted` is not false (the default is true). With `requireCustomerManagedKey`, `kmsKeyId` names a customer managed key.",
        severity: "high",
        enforcementLevel: "mandatory",
        section: "D",
        seeds: [],
        resourceTypes: [types.redshift.Cluster],
        config: {
            requireCustomerManagedKey: { type: "boolean", default: false, description: "Require kmsKeyId to name a customer managed key." },
        },
        remediation:
            'Leave encryption on, with a customer managed key where required:\n  new aws.redshift.Cluster("warehouse", { encrypted: true, kmsKeyId: warehouseKey.arn });',
        url: "https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-db-encryption.html",
        peers: { awsGuard: ["redshift-cluster-configuration"], cdkNag: ["RS6"], checkov: ["CKV_AWS_64"], securityHub: ["Redshift.10"] },
    },
    (cluster, ctx) => {
        ctx.decide(cluster, allDecided(clusterEncrypted(cluster), clusterKey(cluster)), settings => {
            const [encrypted, key] = settings ?? [];
            if (encrypted === false)
                return `Redshift cluster ${cluster.name} turns encryption off (encrypted: false). Fix: encrypted: true on new aws.redshift.Cluster("${cluster.name}", { ... }).`;
            if (ctx.config.requireCustomerManagedKey && key?.managedBy !== "customer")
                return `Redshift cluster ${cluster.name} is not encrypted with a customer managed key (requireCustomerManagedKey). Fix: kmsKeyId: warehouseKey.arn.`;
            return undefined;
        });
    },
);
