/**
 * Facts about load balancers (`aws.lb.LoadBalancer`, `aws.alb.LoadBalancer`): access logs.
 */
import { Decision, known, notKnownYet } from "../graph/decision";
import { ResourceView } from "../graph/resource";
import { UNKNOWN, field } from "../graph/values";

export interface LoadBalancerAccessLogs {
    /** No `loadBalancerType` means application. */
    kind: "application" | "network" | "gateway";
    /** none: no accessLogs block; disabled: enabled is not true (it defaults to false); no-bucket: enabled without a bucket. */
    logs: "none" | "disabled" | "no-bucket" | "on";
}

/** The load balancer's kind and whether it writes access logs into a bucket; a gateway load balancer has none to write. */
export function accessLogs(lb: ResourceView): Decision<LoadBalancerAccessLogs> {
    const type = lb.props.get("loadBalancerType");
    if (type === UNKNOWN) return notKnownYet("loadBalancerType is not known until deployment");
    const t = typeof type === "string" ? type.toLowerCase() : "";
    const kind = t === "gateway" ? "gateway" : t === "network" ? "network" : "application";
    if (kind === "gateway") return known({ kind, logs: "none" });
    const raw = lb.props.get("accessLogs");
    const block = Array.isArray(raw) ? raw[0] : raw;
    if (raw === UNKNOWN || block === UNKNOWN) return notKnownYet("accessLogs is not known until deployment");
    if (!block || typeof block !== "object") return known({ kind, logs: "none" });
    const enabled = field(block, "enabled");
    if (enabled === UNKNOWN) return notKnownYet("accessLogs.enabled is not known until deployment");
    if (enabled !== true && enabled !== "true") return known({ kind, logs: "disabled" });
    const bucket = field(block, "bucket");
    if (bucket === UNKNOWN) return notKnownYet("the log bucket is not known until deployment");
    return known({ kind, logs: typeof bucket !== "string" || bucket.trim() === "" ? "no-bucket" : "on" });
}
