/**
 * Facts about CloudFront distributions: standard (legacy) access logging.
 */
import { Decision, known, notKnownYet } from "../graph/decision";
import { ResourceView } from "../graph/resource";
import { UNKNOWN, field } from "../graph/values";

/**
 * Whether the distribution writes standard logs (`loggingConfig` with a bucket): none, a
 * loggingConfig without a bucket, or on. Logging configured only through a CloudWatch Logs v2
 * delivery is not on the distribution and is not seen here.
 */
export function standardLogging(dist: ResourceView): Decision<"none" | "no-bucket" | "on"> {
    const cfg = dist.props.get("loggingConfig");
    const block = Array.isArray(cfg) ? cfg[0] : cfg;
    if (cfg === UNKNOWN || block === UNKNOWN) return notKnownYet("loggingConfig is not known until deployment");
    if (!block || typeof block !== "object") return known("none");
    const bucket = field(block, "bucket");
    if (bucket === UNKNOWN) return notKnownYet("the log bucket is not known until deployment");
    return known(typeof bucket !== "string" || bucket.trim() === "" ? "no-bucket" : "on");
}
