/**
 * Facts about CloudTrail trails: the settings an audit trail needs.
 */
import { types } from "../aws/types";
import { Decision, known, notKnownYet } from "../graph/decision";
import { ResourceView } from "../graph/resource";
import { StackGraph } from "../graph/stack-graph";
import { UNKNOWN } from "../graph/values";

export function trails(graph: StackGraph): ResourceView[] {
    return graph.ofType(types.cloudtrail.Trail);
}

/** Each setting: on (true) or off (false). */
export interface TrailSettings {
    /** Records every region (unset: off). */
    isMultiRegionTrail: Decision<boolean>;
    /** Validates its log files (unset: off). */
    enableLogFileValidation: Decision<boolean>;
    /** Encrypts its logs with a KMS key: a non-blank `kmsKeyId`, or one set from another resource of the stack. */
    kmsKeyId: Decision<boolean>;
    /** Logging is not switched off (unset: on). */
    enableLogging: Decision<boolean>;
}

function flag(trail: ResourceView, prop: string, unset: boolean): Decision<boolean> {
    const v = trail.props.bool(prop);
    if (v === UNKNOWN) return notKnownYet(`${prop} is not known until deployment`);
    return known(v === undefined ? unset : v);
}

export function trailSettings(trail: ResourceView): TrailSettings {
    const key = trail.props.get("kmsKeyId");
    // An unknown that flows from another resource of the stack (`kmsKeyId: key.arn`) is set, even
    // though its text is known only after deployment. One with no resource behind it (an apply
    // over an invoke or config) may still turn out empty.
    const kmsKeyId =
        key === UNKNOWN
            ? (trail.propertyDependencies.kmsKeyId ?? []).length > 0
                ? known(true)
                : notKnownYet("kmsKeyId is not known until deployment")
            : known(typeof key === "string" && key.trim() !== "");
    return {
        isMultiRegionTrail: flag(trail, "isMultiRegionTrail", false),
        enableLogFileValidation: flag(trail, "enableLogFileValidation", false),
        kmsKeyId,
        enableLogging: flag(trail, "enableLogging", true),
    };
}
