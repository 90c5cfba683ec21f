import { RDS_MONITORING_PRINCIPAL, databaseKind, enhancedMonitoring, isCluster, monitoredDatabases } from "../../lib/facts/rds";
import { stackPolicy } from "../../lib/policy";

const ROLE_FIX = `monitoringRoleArn: monitoringRole.arn (a role trusting ${RDS_MONITORING_PRINCIPAL})`;

export default stackPolicy(
    {
        name: "rds-enhanced-monitoring",
        description:
            "RDS instances (`aws.rds.Instance`) and Aurora cluster instances (`aws.rds.ClusterInstance`) turn on Enhanced Monitoring: `monitoringInterval` greater than 0 and a `monitoringRoleArn` that resolves to a role whose trust policy lets `monitoring.rds.amazonaws.com` assume it. An interval without a role fails the deployment; a role that does not trust the monitoring service leaves the OS metrics empty (report 001#7). Clusters (`aws.rds.Cluster`) that set a monitoring interval get the same role check.",
        severity: "medium",
        enforcementLevel: "advisory",
        section: "C",
        seeds: ["001#7"],
        remediation:
            'Create the monitoring role and point the database at it:\n  const monitoringRole = new aws.iam.Role("rds-monitoring", { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "monitoring.rds.amazonaws.com" }, Action: "sts:AssumeRole" }] }) });\n  new aws.iam.RolePolicyAttachment("rds-monitoring", { role: monitoringRole.name, policyArn: "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole" });\n  new aws.rds.Instance("db", { ..., monitoringInterval: 60, monitoringRoleArn: monitoringRole.arn });',
        url: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Monitoring.OS.Enabling.html",
        peers: { securityHub: ["RDS.6"] },
    },
    (graph, ctx) => {
        for (const db of monitoredDatabases(graph)) {
            const kind = databaseKind(db);
            ctx.decide(db, enhancedMonitoring(graph, db), m => {
                if (!m || !m.on) {
                    if (isCluster(db)) return undefined; // Aurora monitors per cluster instance
                    const why = m?.interval === undefined ? "does not set monitoringInterval" : "sets monitoringInterval: 0";
                    return `${kind} ${db.name} ${why}, so Enhanced Monitoring is off. Fix: monitoringInterval: 60, ${ROLE_FIX}.`;
                }
                const role = m.role;
                if (role.kind === "none") {
                    return `${kind} ${db.name} sets monitoringInterval ${m.interval} but no monitoringRoleArn; the deployment fails. Fix: ${ROLE_FIX}.`;
                }
                if (role.kind === "external") {
                    return role.wellFormed ? undefined : `${kind} ${db.name} has a monitoringRoleArn that is not an IAM role ARN. Fix: ${ROLE_FIX}.`;
                }
                if (!role.problem) return undefined;
                return `${kind} ${db.name} uses monitoring role ${role.role.name}, which ${role.problem}. Fix: assumeRolePolicy with Principal: { Service: "${RDS_MONITORING_PRINCIPAL}" }, Action: "sts:AssumeRole" on role ${role.role.name}.`;
            });
        }
    },
);
