/**
 * Facts about resource types: the class a type token names, and the types @pulumi/aws or AWS
 * deprecates (generated at build time from the SDK's `@deprecated` tags, plus launch
 * configurations, which AWS retires).
 */
import { generatedTable } from "../data";
import { types } from "../aws/types";
import { Decision, known } from "../graph/decision";
import { read } from "../graph/read";
import { ResourceView } from "../graph/resource";

/** Used only when bin/data/deprecated-types.json could not be generated at build time. */
const FALLBACK: Record<string, string> = {
    "aws:s3/bucketV2:BucketV2": "in favor of s3.Bucket",
    "aws:s3/bucketAclV2:BucketAclV2": "in favor of aws.s3/bucketacl.BucketAcl",
    "aws:s3/bucketVersioningV2:BucketVersioningV2": "in favor of aws.s3/bucketversioning.BucketVersioning",
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2":
        "in favor of aws.s3/bucketserversideencryptionconfiguration.BucketServerSideEncryptionConfiguration",
    "aws:s3/bucketLoggingV2:BucketLoggingV2": "in favor of aws.s3/bucketlogging.BucketLogging",
    "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2": "in favor of aws.s3/bucketlifecycleconfiguration.BucketLifecycleConfiguration",
    "aws:s3/bucketCorsConfigurationV2:BucketCorsConfigurationV2": "in favor of aws.s3/bucketcorsconfiguration.BucketCorsConfiguration",
    "aws:s3/bucketWebsiteConfigurationV2:BucketWebsiteConfigurationV2": "in favor of aws.s3/bucketwebsiteconfiguration.BucketWebsiteConfiguration",
    "aws:s3/bucketAccelerateConfigurationV2:BucketAccelerateConfigurationV2": "in favor of aws.s3/bucketaccelerateconfiguration.BucketAccelerateConfiguration",
    "aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2": "in favor of aws.s3/bucketobjectlockconfiguration.BucketObjectLockConfiguration",
    "aws:s3/bucketRequestPaymentConfigurationV2:BucketRequestPaymentConfigurationV2":
        "in favor of aws.s3/bucketrequestpaymentconfiguration.BucketRequestPaymentConfiguration",
};

/** Type token -> @pulumi/aws's deprecation note, generated from the SDK's `@deprecated` tags. */
function loadDeprecated(): Record<string, string> {
    const data = generatedTable<Record<string, string>>("deprecated-types.json");
    return data && typeof data === "object" && !Array.isArray(data) && Object.keys(data).length ? data : FALLBACK;
}

/** "aws.s3/bucketversioning.BucketVersioning" or "s3.Bucket" -> "aws.s3.BucketVersioning". */
export function replacementOf(note: string): string | undefined {
    const m = /in favor of\s+(?:aws\.)?([a-z0-9]+)(?:\/[a-z0-9]+)?\.([A-Za-z0-9]+)/.exec(note);
    return m ? `aws.${m[1]}.${m[2]}` : undefined;
}

/** "aws:s3/bucketV2:BucketV2" -> "aws.s3.BucketV2". */
export function classOf(token: string): string {
    const [, mod = "", cls = ""] = token.split(":");
    return `aws.${mod.split("/")[0]}.${cls}`;
}

/** Not an SDK deprecation: AWS offers no new instance types on launch configurations, and new accounts cannot create them. */
const LAUNCH_CONFIGURATION_NOTE = "launch configurations are retired by AWS in favor of aws.ec2.LaunchTemplate";

let deprecated: Record<string, string> | undefined;

/** Type token -> why it is deprecated ("... in favor of ..."). */
function deprecatedTypes(): Record<string, string> {
    deprecated ??= { ...loadDeprecated(), [types.ec2.LaunchConfiguration]: LAUNCH_CONFIGURATION_NOTE };
    return deprecated;
}

/** The types `deprecation` can find something on (deprecated types, and groups that may use a launch configuration). */
export function typesWithDeprecations(): string[] {
    return [...Object.keys(deprecatedTypes()), types.autoscaling.Group];
}

export interface Deprecation {
    /** The deprecated class ("aws.s3.BucketV2", "aws.ec2.LaunchConfiguration"). */
    deprecated: string;
    /** The class that replaces it, when the note names one. */
    replacement?: string;
    /** The state carries over with an alias of the old type (a rename), or the resource is replaced. */
    aliasable: boolean;
    /** An autoscaling group that launches from a launch configuration (`launchConfiguration`). */
    via?: "launchConfiguration";
}

/** What a resource uses that is deprecated: its own type, or (an autoscaling group) a launch configuration. */
export function deprecation(r: ResourceView): Decision<Deprecation | undefined> {
    if (r.type === types.autoscaling.Group) {
        const lc = read.value(r, "launchConfiguration");
        if (lc.kind === "notSet" || (lc.kind === "known" && lc.value === "")) return known(undefined);
        return known({
            deprecated: classOf(types.ec2.LaunchConfiguration),
            replacement: "aws.ec2.LaunchTemplate",
            aliasable: false,
            via: "launchConfiguration",
        });
    }
    const note = deprecatedTypes()[r.type];
    if (!note) return known(undefined);
    const replacement = replacementOf(note);
    return known({ deprecated: classOf(r.type), replacement, aliasable: r.type !== types.ec2.LaunchConfiguration });
}
