import { types } from "../../lib/aws/types";
import { deprecation, typesWithDeprecations } from "../../lib/facts/types";
import { resourcePolicy } from "../../lib/policy";

export default resourcePolicy(
    {
        name: "no-deprecated-resource-types",
        description:
            "No resource uses a type that @pulumi/aws v7 deprecates: `aws.s3.BucketV2` and its `...V2` settings resources (`BucketVersioningV2`, `BucketServerSideEncryptionConfigurationV2`, `BucketLoggingV2`, `BucketAclV2`, ...) and any other class the SDK marks `@deprecated`; also `aws.ec2.LaunchConfiguration`, and an `aws.autoscaling.Group` that sets `launchConfiguration` (AWS offers no new instance types on launch configurations, and new accounts cannot create them; use `aws.ec2.LaunchTemplate`). The list is generated at build time from @pulumi/aws's own type definitions, so it follows the SDK version the pack is built with. Deprecated types print warnings on every run and disappear in a later major version (report 004#3).",
        severity: "low",
        enforcementLevel: "advisory",
        section: "C",
        seeds: ["004#3"],
        resourceTypes: typesWithDeprecations(),
        remediation:
            'Use the current type and keep the state with an alias, so Pulumi does not replace the resource:\n  new aws.s3.BucketVersioning("data-versioning", { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } }, { aliases: [{ type: ' +
            JSON.stringify(types.s3.BucketVersioningV2) +
            ' }] });\nA launch configuration has no alias: create an aws.ec2.LaunchTemplate and point the group at it (launchTemplate: { id: template.id, version: "$Latest" }).',
        url: "https://www.pulumi.com/registry/packages/aws/how-to-guides/7-0-migration/",
        peers: {},
    },
    (r, ctx) => {
        ctx.decide(r, deprecation(r), d => {
            if (!d) return undefined;
            if (d.via === "launchConfiguration") {
                return `Autoscaling group ${r.name} launches from a launch configuration (${d.deprecated}), which AWS retires. Fix: launchTemplate: { id: launchTemplate.id, version: "$Latest" } with a new aws.ec2.LaunchTemplate in place of the launch configuration.`;
            }
            const by = d.replacement ? `, deprecated in favor of ${d.replacement}` : "";
            const fix = !d.replacement
                ? `replace ${d.deprecated} with its current equivalent`
                : d.aliasable
                  ? `new ${d.replacement}(${JSON.stringify(r.name)}, { ... }, { aliases: [{ type: ${JSON.stringify(r.type)} }] })`
                  : `new ${d.replacement}(${JSON.stringify(r.name)}, { ... }) in place of it (a new resource: the state does not carry over)`;
            return `${r.name} uses the deprecated type ${d.deprecated}${by}. Fix: ${fix}.`;
        });
    },
);
