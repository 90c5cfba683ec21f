/**
 * Facts about RDS databases: instances (`aws.rds.Instance`), Aurora and Multi-AZ clusters
 * (`aws.rds.Cluster`) and cluster instances (`aws.rds.ClusterInstance`).
 */
import { types } from "../aws/types";
import { Decision, Malformed, isMalformed, known, notKnownYet } from "../graph/decision";
import { links, targetsOf } from "../graph/links";
import { read } from "../graph/read";
import { ResourceView } from "../graph/resource";
import { StackGraph } from "../graph/stack-graph";
import { roleTrust, trustsService } from "../iam/trust";

export const RDS_MONITORING_PRINCIPAL = "monitoring.rds.amazonaws.com";

/** Instances and clusters: the resources that own storage and a master password. */
export function databases(graph: StackGraph): ResourceView[] {
    return graph.ofType(types.rds.Cluster, types.rds.Instance);
}

/** "RDS instance", "RDS cluster" or "Aurora cluster instance", for messages. */
export function databaseKind(db: ResourceView): string {
    return db.type === types.rds.Instance ? "RDS instance" : db.type === types.rds.Cluster ? "RDS cluster" : "Aurora cluster instance";
}

export function isCluster(db: ResourceView): boolean {
    return db.type === types.rds.Cluster;
}

/** Inputs that carry a master password the program supplies (v7 names, write-only variants included). */
const PASSWORD_INPUTS: Record<string, string[]> = {
    [types.rds.Instance]: ["password", "passwordWo"],
    [types.rds.Cluster]: ["masterPassword", "masterPasswordWo"],
};

/**
 * The master-password inputs the program sets (the names, never the values). Any value counts:
 * a literal, a secret, or one not known yet (a `random.RandomPassword` result at preview) is a
 * password the program provides, not one RDS manages. An empty string is not a password.
 */
export function programPasswordInputs(db: ResourceView): string[] {
    return (PASSWORD_INPUTS[db.type] ?? []).filter(p => {
        const d = read.value(db, p);
        return d.kind === "unknown" || (d.kind === "known" && d.value !== "");
    });
}

export interface StorageEncryption {
    encrypted: boolean;
    /** Set explicitly (`storageEncrypted: false`), as opposed to the unencrypted default. */
    explicit: boolean;
    /** Encrypted without the setting: a read replica takes its source's, Serverless v1 is encrypted by default. */
    inherited?: "replica" | "serverless-v1";
}

/** Whether a database's storage is encrypted (`storageEncrypted`; the default is unencrypted). */
export function storageEncryption(db: ResourceView): Decision<StorageEncryption | Malformed> {
    const enc = read.bool(db, "storageEncrypted");
    if (enc.kind === "known" && enc.value === true) return known({ encrypted: true, explicit: true });
    if (enc.kind === "unknown") return enc;
    if (db.type === types.rds.Instance) {
        const replica = read.value(db, "replicateSourceDb");
        if (replica.kind === "unknown") return replica;
        if (replica.kind === "known" && replica.value !== "") return known({ encrypted: true, explicit: false, inherited: "replica" });
    } else if (enc.kind === "notSet") {
        const mode = read.str(db, "engineMode");
        if (mode.kind === "unknown") return mode;
        if (mode.kind === "known" && typeof mode.value === "string" && mode.value.toLowerCase() === "serverless")
            return known({ encrypted: true, explicit: false, inherited: "serverless-v1" });
    }
    if (enc.kind === "notSet") return known({ encrypted: false, explicit: false });
    return isMalformed(enc.value) ? known(enc.value) : known({ encrypted: false, explicit: true });
}

/** Instances, cluster instances and clusters: the resources Enhanced Monitoring applies to. */
export function monitoredDatabases(graph: StackGraph): ResourceView[] {
    return graph.ofType(types.rds.Instance, types.rds.ClusterInstance, types.rds.Cluster);
}

export type MonitoringRole =
    /** No `monitoringRoleArn`. */
    | { kind: "none" }
    /** ARNs of roles outside the stack; `wellFormed` false when one is not an IAM role ARN. */
    | { kind: "external"; wellFormed: boolean }
    /** A role of the stack; `problem` says why RDS cannot assume it ("does not trust ..."). */
    | { kind: "stack"; role: ResourceView; problem?: string };

export type EnhancedMonitoring = { on: false; interval?: number } | { on: true; interval: number; role: MonitoringRole };

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

/**
 * Enhanced Monitoring: on when `monitoringInterval` > 0, with the role `monitoringRoleArn`
 * names and whether that role's trust policy lets RDS monitoring assume it.
 */
export function enhancedMonitoring(graph: StackGraph, db: ResourceView): Decision<EnhancedMonitoring | Malformed> {
    const interval = read.num(db, "monitoringInterval");
    if (interval.kind === "unknown") return interval;
    if (interval.kind === "known" && isMalformed(interval.value)) return known(interval.value);
    const seconds = interval.kind === "known" ? (interval.value as number) : undefined;
    if (seconds === undefined || seconds <= 0) return known({ on: false, interval: seconds });
    const targets = targetsOf(graph, links.rdsMonitoringRole, db);
    if (targets.kind === "unknown") return targets;
    if (targets.kind === "notSet") return known({ on: true, interval: seconds, role: { kind: "none" } });
    if (!targets.value.resources.length) {
        return known({ on: true, interval: seconds, role: { kind: "external", wellFormed: targets.value.external.every(v => ROLE_ARN.test(v)) } });
    }
    let pending: Decision<never> | undefined;
    for (const role of targets.value.resources) {
        const problem = monitoringTrustProblem(role);
        if (problem === "unknown") pending ??= notKnownYet(`the trust policy of role ${role.name} is not known until deployment`);
        else if (problem) return known({ on: true, interval: seconds, role: { kind: "stack", role, problem } });
    }
    return pending ?? known({ on: true, interval: seconds, role: { kind: "stack", role: targets.value.resources[0] } });
}

/** Why RDS monitoring cannot assume the role, "unknown" while its trust policy is not known, or undefined. */
function monitoringTrustProblem(role: ResourceView): string | "unknown" | undefined {
    const trust = roleTrust(role);
    if (trust.status === "absent") return "has no trust policy";
    if (trust.status === "malformed") return `has an unreadable trust policy (${trust.reason})`;
    const trusts = trustsService(trust, RDS_MONITORING_PRINCIPAL);
    return trusts === true ? undefined : trusts === "unknown" ? "unknown" : `does not trust ${RDS_MONITORING_PRINCIPAL}`;
}
