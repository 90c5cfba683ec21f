import { PHYSICAL_NAMES, SCOPE_WORDS, isStackSpecific } from "../../lib/aws/names";
import { UNKNOWN } from "../../lib/graph/values";
import { resourcePolicy } from "../../lib/policy";

/**
 * Parts that came from another resource: a Pulumi auto-name suffix ("-" + 7 hex, e.g. the
 * function name inside "/aws/lambda/orders-fn-1a2b3c4") or a generated id (hex with letters and digits).
 */
const AUTO_NAME_PART = /-[0-9a-f]{7}(?=$|[^0-9a-z])/;
const GENERATED_ID = /(^|[^0-9a-z])(?=[0-9a-f]*[a-f])(?=[0-9a-f]*[0-9])[0-9a-f]{7,}(?=[^0-9a-z]|$)/i;

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
        const spec = PHYSICAL_NAMES[r.type];
        if (!spec) return;
        if (spec.prefixProperty) {
            const prefix = r.props.get(spec.prefixProperty);
            if (prefix !== undefined && prefix !== "") return;
        }
        const value = r.props.get(spec.property);
        if (value === UNKNOWN) return ctx.defer(r, `${spec.property} is not known until deployment`);
        if (typeof value !== "string" || value === "") return;
        if (isStackSpecific(r, value, spec.property) || AUTO_NAME_PART.test(value) || GENERATED_ID.test(value)) return;
        ctx.report(
            r,
            `${r.name} has a fixed ${spec.property} with no stack-specific part; the name must be ${SCOPE_WORDS[spec.scope]}, so a second stack of this program collides. Fix: drop ${spec.property} and let Pulumi auto-name it, or use \`...-\${pulumi.getStack()}\`.`,
        );
    },
);
