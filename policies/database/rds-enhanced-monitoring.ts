import { ResourceView } from "../../lib/graph/resource";
import { UNKNOWN } from "../../lib/graph/values";
import { readDocument, statementCoversAction } from "../../lib/iam/document";
import { CheckContext, stackPolicy } from "../../lib/policy";

const INSTANCE = "aws:rds/instance:Instance";
const CLUSTER_INSTANCE = "aws:rds/clusterInstance:ClusterInstance";
const CLUSTER = "aws:rds/cluster:Cluster";
const ROLE = "aws:iam/role:Role";
const MONITORING_PRINCIPAL = "monitoring.rds.amazonaws.com";
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@\/-]+$/;

type Trust = "ok" | "unknown" | string;

/** Does the role's trust policy let RDS enhanced monitoring assume it? A string explains why not. */
function trustsMonitoring(role: ResourceView): Trust {
    const doc = readDocument(role.props.get("assumeRolePolicy"));
    if (doc.status === "unknown") return "unknown";
    if (doc.status === "absent") return "has no trust policy";
    if (doc.status === "malformed") return `has an unreadable trust policy (${doc.reason})`;
    let unknown = false;
    for (const st of doc.statements) {
        if (st.effect !== "Allow" || !st.principals) continue;
        if (st.principals.service.includes(MONITORING_PRINCIPAL) && (statementCoversAction(st, "sts:AssumeRole") || (!st.actions && !st.notActions)))
            return "ok";
        if (st.principals.unknown || st.hasUnknown) unknown = true;
    }
    return unknown ? "unknown" : `does not trust ${MONITORING_PRINCIPAL}`;
}

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
        for (const db of graph.ofType(INSTANCE, CLUSTER_INSTANCE, CLUSTER)) check(graph, db, ctx);
    },
);

function check(graph: import("../../lib/graph/stack-graph").StackGraph, db: ResourceView, ctx: CheckContext<Record<string, never>>): void {
    const kind = db.type === INSTANCE ? "RDS instance" : db.type === CLUSTER ? "RDS cluster" : "Aurora cluster instance";
    const interval = db.props.num("monitoringInterval");
    if (interval === UNKNOWN) return ctx.defer(db, "monitoringInterval is not known until deployment");
    if (interval === undefined || interval <= 0) {
        if (db.type === CLUSTER) return; // Aurora monitors per cluster instance
        const raw = db.props.get("monitoringInterval");
        const why =
            raw === undefined
                ? "does not set monitoringInterval"
                : typeof interval === "number"
                  ? "sets monitoringInterval: 0"
                  : "has a monitoringInterval that is not a number";
        return ctx.report(
            db,
            `${kind} ${db.name} ${why}, so Enhanced Monitoring is off. Fix: monitoringInterval: 60, monitoringRoleArn: monitoringRole.arn (a role trusting ${MONITORING_PRINCIPAL}).`,
        );
    }
    const res = graph.resolve(db, "monitoringRoleArn", [ROLE]);
    if (res.status === "undecided") return ctx.defer(db, res.reason);
    if (res.status === "missing") {
        if (!res.values.length) {
            return ctx.report(
                db,
                `${kind} ${db.name} sets monitoringInterval ${interval} but no monitoringRoleArn; the deployment fails. Fix: monitoringRoleArn: monitoringRole.arn (a role trusting ${MONITORING_PRINCIPAL}).`,
            );
        }
        if (res.values.every(v => ROLE_ARN.test(v))) return; // a role managed outside this stack
        return ctx.report(
            db,
            `${kind} ${db.name} has a monitoringRoleArn that is not an IAM role ARN. Fix: monitoringRoleArn: monitoringRole.arn (a role trusting ${MONITORING_PRINCIPAL}).`,
        );
    }
    for (const role of res.targets) {
        const trust = trustsMonitoring(role);
        if (trust === "ok") continue;
        if (trust === "unknown") {
            ctx.defer(db, `the trust policy of role ${role.name} is not known until deployment`);
            continue;
        }
        ctx.report(
            db,
            `${kind} ${db.name} uses monitoring role ${role.name}, which ${trust}. Fix: assumeRolePolicy with Principal: { Service: "${MONITORING_PRINCIPAL}" }, Action: "sts:AssumeRole" on role ${role.name}.`,
        );
    }
}
