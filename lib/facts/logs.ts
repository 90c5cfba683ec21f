/**
 * Facts about CloudWatch Logs log groups.
 */
import { Decision, Malformed, known, notKnownYet } from "../graph/decision";
import { read } from "../graph/read";
import { ResourceView } from "../graph/resource";
import { UNKNOWN } from "../graph/values";

/**
 * The days a log group keeps events; 0 is "never expire". The provider's Check fills in 0 when
 * the program sets nothing, so unset and 0 are one answer here.
 */
export function retentionDays(logGroup: ResourceView): Decision<number | Malformed> {
    const days = read.num(logGroup, "retentionInDays");
    return days.kind === "notSet" ? known(0) : days;
}

/** Retention periods CloudWatch Logs accepts, in days. */
export const ACCEPTED_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/** The shortest accepted retention of at least `min` days. */
export function acceptedRetentionAtLeast(min: number): number {
    return ACCEPTED_RETENTION_DAYS.find(d => d >= min) ?? 3653;
}

/** How a log group is encrypted: with a KMS key (`kmsKeyId`), or not (then `unreadable` when a kmsKeyId is there but blank or not a string). */
export interface LogGroupKey {
    encrypted: boolean;
    unreadable: boolean;
}

/**
 * The log group's KMS key. Resource policies get no property dependencies, so a value not known
 * yet may still turn out empty: not known yet.
 */
export function logGroupKey(logGroup: ResourceView): Decision<LogGroupKey> {
    const key = logGroup.props.get("kmsKeyId");
    if (key === UNKNOWN) return notKnownYet("kmsKeyId is not known until deployment");
    if (typeof key === "string" && key.trim() !== "") return known({ encrypted: true, unreadable: false });
    return known({ encrypted: false, unreadable: !(key === undefined || key === "") });
}
