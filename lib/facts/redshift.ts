/**
 * Facts about Redshift clusters. The provider's Check fills in its defaults (publiclyAccessible
 * false, encrypted true, allowVersionUpgrade true, automatedSnapshotRetentionPeriod 1), so "not
 * set" here only happens on shapes the provider did not check; it is read as that default.
 */
import { Decision, Malformed, known } from "../graph/decision";
import { read } from "../graph/read";
import { ResourceView } from "../graph/resource";
import { KeyChoice, keyAt } from "./keys";

function withDefault<T>(d: Decision<T | Malformed>, fallback: T): Decision<T | Malformed> {
    return d.kind === "notSet" ? known(fallback) : d;
}

export function clusterPubliclyAccessible(cluster: ResourceView): Decision<boolean | Malformed> {
    return withDefault(read.bool(cluster, "publiclyAccessible"), false);
}

export function clusterEncrypted(cluster: ResourceView): Decision<boolean | Malformed> {
    return withDefault(read.bool(cluster, "encrypted"), true);
}

export function clusterKey(cluster: ResourceView): Decision<KeyChoice | Malformed> {
    return keyAt(cluster, "kmsKeyId");
}

export function clusterAllowsVersionUpgrade(cluster: ResourceView): Decision<boolean | Malformed> {
    return withDefault(read.bool(cluster, "allowVersionUpgrade"), true);
}

/** Days automated snapshots are kept (AWS's default 1; 0 turns them off). */
export function clusterSnapshotRetentionDays(cluster: ResourceView): Decision<number | Malformed> {
    return withDefault(read.num(cluster, "automatedSnapshotRetentionPeriod"), 1);
}

export function clusterMaintenanceWindow(cluster: ResourceView): Decision<string | Malformed> {
    return read.str(cluster, "preferredMaintenanceWindow");
}
