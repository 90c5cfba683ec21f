import { types } from "../../lib/aws/types";
import { clusterAllowsVersionUpgrade, clusterMaintenanceWindow, clusterSnapshotRetentionDays } from "../../lib/facts/redshift";
import { allDecided } from "../../lib/graph/decision";
import { resourcePolicy } from "../../lib/policy";
import { gapsMessage } from "../../lib/report/gaps";
import { shown } from "../../lib/report/shown";

type Config = { minimumSnapshotDays: number; preferredMaintenanceWindow: string };

export default resourcePolicy<Config>(
    {
        name: "redshift-cluster-maintenance",
        description:
            "Redshift clusters take engine upgrades (`allowVersionUpgrade` is not false) and keep automated snapshots for at least `minimumSnapshotDays` (default 7; AWS's default is 1 and 0 turns them off). `preferredMaintenanceWindow` in the config pins the window, as AWSGuard's option does.",
        severity: "medium",
        enforcementLevel: "advisory",
        section: "D",
        seeds: [],
        resourceTypes: [types.redshift.Cluster],
        config: {
            minimumSnapshotDays: { type: "integer", minimum: 1, default: 7, description: "The shortest acceptable automated snapshot retention in days." },
            preferredMaintenanceWindow: {
                type: "string",
                description: "When set, every cluster uses exactly this maintenance window (e.g. sun:05:00-sun:05:30).",
            },
        },
        remediation:
            'Allow version upgrades and keep a week of automated snapshots:\n  new aws.redshift.Cluster("warehouse", { allowVersionUpgrade: true, automatedSnapshotRetentionPeriod: 7, preferredMaintenanceWindow: "sun:05:00-sun:05:30" });',
        url: "https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-snapshots.html",
        peers: { awsGuard: ["redshift-cluster-maintenance-settings"], cdkNag: ["RS9", "RS10"], securityHub: ["Redshift.3", "Redshift.6"] },
    },
    (cluster, ctx) => {
        const { minimumSnapshotDays: min, preferredMaintenanceWindow: window } = ctx.config;
        const settings = allDecided(clusterAllowsVersionUpgrade(cluster), clusterSnapshotRetentionDays(cluster), clusterMaintenanceWindow(cluster));
        ctx.decide(cluster, settings, values => {
            const [upgrades, days, actualWindow] = values ?? [];
            return gapsMessage(`Redshift cluster ${cluster.name}`, [
                [upgrades === false, "allowVersionUpgrade is false", "allowVersionUpgrade: true"],
                [
                    days !== undefined && days < min,
                    `automated snapshots are kept ${shown(cluster, days ?? 1)} days (minimum ${min})`,
                    `automatedSnapshotRetentionPeriod: ${min}`,
                ],
                [!!window && actualWindow !== window, `the maintenance window is not ${window}`, `preferredMaintenanceWindow: "${window}"`],
            ]);
        });
    },
);
