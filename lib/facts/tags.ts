/**
 * Tags: which @pulumi/aws resource types take `tags` (generated at build time from the SDK's own
 * type definitions into bin/data/taggable-types.json, loaded on first use), and the tag keys a
 * resource ends up with once the provider's `defaultTags` are merged in.
 */
import { generatedTable } from "../data";
import { Decision, known, notKnownYet } from "../graph/decision";
import { ResourceView, providerDefaultTags } from "../graph/resource";
import { StackGraph } from "../graph/stack-graph";
import { Maybe, UNKNOWN } from "../graph/values";

/** Used only when bin/data/taggable-types.json could not be generated (no @pulumi/aws at build time). */
const FALLBACK_TAGGABLE = [
    "aws:s3/bucket:Bucket",
    "aws:s3/bucketV2:BucketV2",
    "aws:kms/key:Key",
    "aws:iam/role:Role",
    "aws:iam/policy:Policy",
    "aws:iam/user:User",
    "aws:lambda/function:Function",
    "aws:cloudwatch/logGroup:LogGroup",
    "aws:cloudwatch/metricAlarm:MetricAlarm",
    "aws:ec2/vpc:Vpc",
    "aws:ec2/subnet:Subnet",
    "aws:ec2/securityGroup:SecurityGroup",
    "aws:ec2/internetGateway:InternetGateway",
    "aws:ec2/natGateway:NatGateway",
    "aws:ec2/routeTable:RouteTable",
    "aws:ec2/eip:Eip",
    "aws:ec2/instance:Instance",
    "aws:ec2/vpcEndpoint:VpcEndpoint",
    "aws:ec2/flowLog:FlowLog",
    "aws:rds/instance:Instance",
    "aws:rds/cluster:Cluster",
    "aws:rds/clusterInstance:ClusterInstance",
    "aws:rds/subnetGroup:SubnetGroup",
    "aws:dynamodb/table:Table",
    "aws:sqs/queue:Queue",
    "aws:sns/topic:Topic",
    "aws:secretsmanager/secret:Secret",
    "aws:ecr/repository:Repository",
    "aws:apigateway/restApi:RestApi",
    "aws:apigateway/stage:Stage",
    "aws:apigatewayv2/api:Api",
    "aws:apigatewayv2/stage:Stage",
    "aws:lb/loadBalancer:LoadBalancer",
    "aws:lb/targetGroup:TargetGroup",
    "aws:alb/loadBalancer:LoadBalancer",
    "aws:cloudtrail/trail:Trail",
    "aws:ecs/cluster:Cluster",
    "aws:ecs/service:Service",
    "aws:cloudfront/distribution:Distribution",
    "aws:ssm/parameter:Parameter",
];

let taggable: Set<string> | undefined;

export function taggableTypes(): Set<string> {
    if (!taggable) {
        const list = generatedTable<unknown>("taggable-types.json");
        taggable = new Set(Array.isArray(list) && list.length ? list.filter((t): t is string => typeof t === "string") : FALLBACK_TAGGABLE);
    }
    return taggable;
}

export function isTaggable(type: string): boolean {
    return taggableTypes().has(type);
}

type TagKeys =
    | { status: "known"; keys: Set<string> }
    /** Some tags are not known until deployment; `keys` are the ones already known. */
    | { status: "unknown"; keys: Set<string> }
    | { status: "malformed"; keys: Set<string> };

/** Keys of a tags value: a map, or the `[{ key, value }]` list form (autoscaling groups). */
function keysOf(v: unknown, into: Set<string>): "ok" | "unknown" | "malformed" {
    if (v === undefined) return "ok";
    if (v === UNKNOWN) return "unknown";
    if (Array.isArray(v)) {
        let state: "ok" | "unknown" | "malformed" = "ok";
        for (const e of v) {
            if (e === UNKNOWN) state = "unknown";
            else if (e && typeof e === "object" && typeof (e as any).key === "string") into.add((e as any).key);
            else if (e && typeof e === "object" && (e as any).key === UNKNOWN) state = "unknown";
            else if (state === "ok") state = "malformed";
        }
        return state;
    }
    if (typeof v === "object") {
        for (const k of Object.keys(v as object)) into.add(k);
        return "ok";
    }
    return "malformed";
}

/** The tag keys a resource carries: its own `tags` plus its provider's `defaultTags`. */
function effectiveTagKeys(r: ResourceView): TagKeys {
    const keys = new Set<string>();
    const own = keysOf(r.props.get("tags"), keys);
    const defaults: Maybe<Record<string, unknown>> = providerDefaultTags(r.provider);
    let providerUnknown = false;
    if (defaults === UNKNOWN) providerUnknown = true;
    else if (defaults) Object.keys(defaults).forEach(k => keys.add(k));
    if (own === "unknown" || providerUnknown) return { status: "unknown", keys };
    if (own === "malformed") return { status: "malformed", keys };
    return { status: "known", keys };
}

/** The stack's resources whose type takes `tags`. */
export function taggableResources(graph: StackGraph): ResourceView[] {
    return graph.resources.filter(r => isTaggable(r.type));
}

/**
 * The required tag keys a resource lacks, counting its provider's `defaultTags`; `malformed`
 * when its tags value is not a map. Not known yet while a key is missing and some tags are not
 * known.
 */
export function missingTags(r: ResourceView, required: readonly string[]): Decision<{ missing: string[]; malformed: boolean }> {
    const have = effectiveTagKeys(r);
    const missing = required.filter(k => !have.keys.has(k));
    if (missing.length && have.status === "unknown") return notKnownYet("its tags are not known until deployment");
    return known({ missing, malformed: have.status === "malformed" });
}
