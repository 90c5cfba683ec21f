import { generatedTable } from "../../lib/data";
import { resourcePolicy } from "../../lib/policy";

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

const DEPRECATED = loadDeprecated();

/** "aws.s3/bucketversioning.BucketVersioning" or "s3.Bucket" -> "aws.s3.BucketVersioning". */
export function replacementOf(note: string): string | undefined {
    const m = /in favor of\s+(?:aws\.)?([a-z0-9]+)(?:\/[a-z0-9]+)?\.([A-Za-z0-9]+)/.exec(note);
    return m ? `aws.${m[1]}.${m[2]}` : undefined;
}

function classOf(token: string): string {
    const [, mod = "", cls = ""] = token.split(":");
    return `aws.${mod.split("/")[0]}.${cls}`;
}

export default resourcePolicy(
    {
        name: "no-deprecated-resource-types",
        description:
            "No resource uses a type that @pulumi/aws v7 deprecates: `aws.s3.BucketV2` and its `...V2` settings resources (`BucketVersioningV2`, `BucketServerSideEncryptionConfigurationV2`, `BucketLoggingV2`, `BucketAclV2`, ...) and any other class the SDK marks `@deprecated`. The list is generated at build time from @pulumi/aws's own type definitions, so it follows the SDK version the pack is built with. Deprecated types print warnings on every run and disappear in a later major version (report 004#3).",
        severity: "low",
        enforcementLevel: "advisory",
        section: "C",
        seeds: ["004#3"],
        resourceTypes: Object.keys(DEPRECATED),
        remediation:
            'Use the current type and keep the state with an alias, so Pulumi does not replace the resource:\n  new aws.s3.BucketVersioning("data-versioning", { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } }, { aliases: [{ type: "aws:s3/bucketVersioningV2:BucketVersioningV2" }] });',
        url: "https://www.pulumi.com/registry/packages/aws/how-to-guides/7-0-migration/",
        peers: {},
    },
    (r, ctx) => {
        const note = DEPRECATED[r.type];
        if (!note) return;
        const replacement = replacementOf(note);
        const fix = replacement
            ? `new ${replacement}("${r.name}", { ... }, { aliases: [{ type: "${r.type}" }] })`
            : `replace ${classOf(r.type)} with its current equivalent`;
        ctx.report(r, `${r.name} uses the deprecated type ${classOf(r.type)}${replacement ? `, deprecated in favor of ${replacement}` : ""}. Fix: ${fix}.`);
    },
);
