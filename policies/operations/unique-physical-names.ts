import { PHYSICAL_NAMES, SCOPE_WORDS, fixedPhysicalName } from "../../lib/facts/names";
import { resourcePolicy } from "../../lib/policy";

export default resourcePolicy(
    {
        name: "unique-physical-names",
        description:
            "A physical name that must be unique beyond one stack (S3 `bucket`: globally; IAM role, policy, user, group and instance profile `name` and dashboard names: per account; Lambda functions, log groups, queues, topics, tables, repositories, secrets, parameters, RDS identifiers, load balancers and similar: per account and region) must not be a fixed literal: the second stack or environment of the same program collides with the first (report 001#8: `bucket: 'my-app-data-bucket'`). Passes: no name (Pulumi auto-names as <logicalName>-<7 hex>), a `...Prefix` input, a name that contains the stack name, or a name that embeds another resource's auto-name (\"-\" + 7 hex) or generated id. Because a resource policy does not see property dependencies, a value built from another resource is recognised by that generated part; unknown values defer.",
        severity: "medium",
        enforcementLevel: "advisory",
        section: "C",
        seeds: ["001#8"],
        resourceTypes: Object.keys(PHYSICAL_NAMES),
        remediation:
            'Let Pulumi auto-name the resource (drop the name), or make the name stack-specific:\n  new aws.s3.Bucket("app-data", {});  // app-data-1a2b3c4\n  new aws.s3.Bucket("app-data", { bucket: `my-app-data-${pulumi.getStack()}` });',
        url: "https://www.pulumi.com/docs/iac/concepts/resources/names/#autonaming",
        peers: {},
    },
    (r, ctx) => {
        ctx.decide(r, fixedPhysicalName(r), fixed => {
            if (!fixed) return undefined;
            const p = fixed.property;
            return `${r.name} has a fixed ${p} with no stack-specific part; the name must be ${SCOPE_WORDS[fixed.scope]}, so a second stack of this program collides. Fix: drop ${p} and let Pulumi auto-name it, or use \`...-\${pulumi.getStack()}\`.`;
        });
    },
);
