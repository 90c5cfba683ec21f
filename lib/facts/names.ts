/**
 * Physical names that must be unique beyond one stack: the resource types whose name input is
 * unique globally (S3 buckets), per account (IAM), or per account and region (most others), and
 * how to tell a fixed literal from a name that varies with the stack.
 *
 * Scope matters: two stacks of one program (dev, prod) deployed to one account and region collide
 * on every account-regional name; with one account per environment only global and IAM names
 * collide. Both are flagged (the policy is advisory) and the message says which scope applies.
 * Log groups are included: their names are unique per account and region, and a fixed
 * "/aws/apigateway/my-api" collides exactly like a fixed queue name. Names derived from another
 * resource (`/aws/lambda/${fn.name}`) vary with it and pass.
 */
import { Decision, known } from "../graph/decision";
import { read } from "../graph/read";
import { ResourceView, stackOfUrn } from "../graph/resource";

export type NameScope = "global" | "account" | "account-region";

export interface PhysicalName {
    /** Input that holds the physical name. */
    property: string;
    /** Input that, when set, makes the provider add a unique suffix. */
    prefixProperty?: string;
    scope: NameScope;
}

export const PHYSICAL_NAMES: Record<string, PhysicalName> = {
    "aws:s3/bucket:Bucket": { property: "bucket", prefixProperty: "bucketPrefix", scope: "global" },
    "aws:s3/bucketV2:BucketV2": { property: "bucket", prefixProperty: "bucketPrefix", scope: "global" },
    "aws:iam/role:Role": { property: "name", prefixProperty: "namePrefix", scope: "account" },
    "aws:iam/policy:Policy": { property: "name", prefixProperty: "namePrefix", scope: "account" },
    "aws:iam/user:User": { property: "name", scope: "account" },
    "aws:iam/group:Group": { property: "name", scope: "account" },
    "aws:iam/instanceProfile:InstanceProfile": { property: "name", prefixProperty: "namePrefix", scope: "account" },
    "aws:cloudwatch/dashboard:Dashboard": { property: "dashboardName", scope: "account" },
    "aws:lambda/function:Function": { property: "name", scope: "account-region" },
    "aws:cloudwatch/logGroup:LogGroup": { property: "name", prefixProperty: "namePrefix", scope: "account-region" },
    "aws:cloudwatch/metricAlarm:MetricAlarm": { property: "name", scope: "account-region" },
    "aws:sqs/queue:Queue": { property: "name", prefixProperty: "namePrefix", scope: "account-region" },
    "aws:sns/topic:Topic": { property: "name", prefixProperty: "namePrefix", scope: "account-region" },
    "aws:dynamodb/table:Table": { property: "name", scope: "account-region" },
    "aws:ecr/repository:Repository": { property: "name", scope: "account-region" },
    "aws:secretsmanager/secret:Secret": { property: "name", prefixProperty: "namePrefix", scope: "account-region" },
    "aws:ssm/parameter:Parameter": { property: "name", scope: "account-region" },
    "aws:kms/alias:Alias": { property: "name", prefixProperty: "namePrefix", scope: "account-region" },
    "aws:rds/instance:Instance": { property: "identifier", prefixProperty: "identifierPrefix", scope: "account-region" },
    "aws:rds/cluster:Cluster": { property: "clusterIdentifier", prefixProperty: "clusterIdentifierPrefix", scope: "account-region" },
    "aws:rds/subnetGroup:SubnetGroup": { property: "name", prefixProperty: "namePrefix", scope: "account-region" },
    "aws:ecs/cluster:Cluster": { property: "name", scope: "account-region" },
    "aws:lb/loadBalancer:LoadBalancer": { property: "name", prefixProperty: "namePrefix", scope: "account-region" },
    "aws:alb/loadBalancer:LoadBalancer": { property: "name", prefixProperty: "namePrefix", scope: "account-region" },
    "aws:lb/targetGroup:TargetGroup": { property: "name", prefixProperty: "namePrefix", scope: "account-region" },
    "aws:alb/targetGroup:TargetGroup": { property: "name", prefixProperty: "namePrefix", scope: "account-region" },
    "aws:cloudtrail/trail:Trail": { property: "name", scope: "account-region" },
    "aws:cloudwatch/eventRule:EventRule": { property: "name", prefixProperty: "namePrefix", scope: "account-region" },
    "aws:sfn/stateMachine:StateMachine": { property: "name", prefixProperty: "namePrefix", scope: "account-region" },
    "aws:kinesis/stream:Stream": { property: "name", scope: "account-region" },
    "aws:elasticache/replicationGroup:ReplicationGroup": { property: "replicationGroupId", scope: "account-region" },
    "aws:cognito/userPoolDomain:UserPoolDomain": { property: "domain", scope: "global" },
};

export const SCOPE_WORDS: Record<NameScope, string> = {
    global: "unique across all AWS accounts",
    account: "unique in the account (all regions)",
    "account-region": "unique in the account and region",
};

/** A provider auto-name: "<logicalName>-<7 hex>" (Pulumi's default), or "<prefix><hex/digits>". */
export function looksAutoNamed(value: string, logicalName: string): boolean {
    const m = /^(.*)-[0-9a-f]{7}$/.exec(value);
    if (!m) return false;
    const base = m[1].toLowerCase();
    const ln = logicalName.toLowerCase();
    return base === ln || base === ln.replace(/[^a-z0-9.-]/g, "-");
}

/** True when the name carries something of the stack (its name) or is the stack's auto-name. */
export function isStackSpecific(r: ResourceView, value: string, property: string): boolean {
    if ((r.propertyDependencies[property] ?? []).length) return true;
    const stack = stackOfUrn(r.urn).toLowerCase();
    if (stack && value.toLowerCase().includes(stack)) return true;
    return looksAutoNamed(value, r.name);
}

/**
 * Parts that came from another resource: a Pulumi auto-name suffix ("-" + 7 hex, e.g. the
 * function name inside "/aws/lambda/orders-fn-1a2b3c4") or a generated id (hex with letters and digits).
 */
const AUTO_NAME_PART = /-[0-9a-f]{7}(?=$|[^0-9a-z])/;
const GENERATED_ID = /(^|[^0-9a-z])(?=[0-9a-f]*[a-f])(?=[0-9a-f]*[0-9])[0-9a-f]{7,}(?=[^0-9a-z]|$)/i;

/**
 * A physical name that must be unique beyond one stack and is a fixed literal: the input that
 * holds it and how far it must be unique. Undefined for no name, a `...Prefix`, a stack-specific
 * name, one that embeds another resource's auto-name or id, or a value that is not a string.
 */
export function fixedPhysicalName(r: ResourceView): Decision<{ property: string; scope: NameScope } | undefined> {
    const spec = PHYSICAL_NAMES[r.type];
    if (!spec) return known(undefined);
    if (spec.prefixProperty) {
        const prefix = read.value(r, spec.prefixProperty);
        if (prefix.kind !== "notSet" && !(prefix.kind === "known" && prefix.value === "")) return known(undefined);
    }
    const value = read.value(r, spec.property);
    if (value.kind !== "known") return value.kind === "unknown" ? value : known(undefined);
    const name = value.value;
    if (typeof name !== "string" || name === "") return known(undefined);
    if (isStackSpecific(r, name, spec.property) || AUTO_NAME_PART.test(name) || GENERATED_ID.test(name)) return known(undefined);
    return known({ property: spec.property, scope: spec.scope });
}
