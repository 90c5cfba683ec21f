/**
 * The link table: every reference between resources that the pack follows, declared once as data
 * ("a BucketVersioning's `bucket` names a Bucket"). The graph resolves each link once per
 * AnalyzeStack call (StackGraph.linksTo: property dependencies first, then known ids, ARNs and
 * names), so facts ask `targetsOf(graph, link, resource)` or `sourcesOf(graph, link, target)`
 * and never walk the graph themselves.
 *
 * Add a link here when a fact needs a new reference; name it after what it says.
 */
import { types } from "../aws/types";
import { Decision, NOT_SET, known, notKnownYet } from "./decision";
import { ResourceView } from "./resource";
import { StackGraph } from "./stack-graph";

export interface LinkSpec {
    /** The types that hold the reference. */
    readonly from: readonly string[];
    /** The property (a path; its top-level key carries the property dependencies). */
    readonly path: string;
    /** The types it may name. */
    readonly to: readonly string[];
}

function link(from: readonly string[], path: string, to: readonly string[]): LinkSpec {
    return Object.freeze({ from, path, to });
}

export const BUCKET_TYPES = [types.s3.Bucket, types.s3.BucketV2] as const;

/** Every KMS key type that carries its own key policy (rotation applies to aws.kms.Key only). */
export const KEY_TYPES = [types.kms.Key, types.kms.ReplicaKey, types.kms.ExternalKey, types.kms.ReplicaExternalKey] as const;

export const links = {
    // S3: the v7 split settings resources name their bucket.
    bucketVersioning: link([types.s3.BucketVersioning, types.s3.BucketVersioningV2], "bucket", BUCKET_TYPES),
    bucketEncryption: link([types.s3.BucketServerSideEncryptionConfiguration, types.s3.BucketServerSideEncryptionConfigurationV2], "bucket", BUCKET_TYPES),
    bucketLogging: link([types.s3.BucketLogging, types.s3.BucketLoggingV2], "bucket", BUCKET_TYPES),
    bucketPublicAccessBlock: link([types.s3.BucketPublicAccessBlock], "bucket", BUCKET_TYPES),
    bucketPolicy: link([types.s3.BucketPolicy], "bucket", BUCKET_TYPES),
    bucketLifecycle: link([types.s3.BucketLifecycleConfiguration, types.s3.BucketLifecycleConfigurationV2], "bucket", BUCKET_TYPES),
    bucketNotification: link([types.s3.BucketNotification], "bucket", BUCKET_TYPES),
    bucketAcl: link([types.s3.BucketAcl, types.s3.BucketAclV2], "bucket", BUCKET_TYPES),

    // Storage, keys and logging (port-s).
    bucketLoggingTarget: link([types.s3.BucketLogging, types.s3.BucketLoggingV2], "targetBucket", BUCKET_TYPES),
    /** Inline server access logging (`logging` on Bucket, `loggings[i]` on BucketV2). */
    bucketInlineLoggingTarget: link(BUCKET_TYPES, "logging.targetBucket", BUCKET_TYPES),
    lbAccessLogBucket: link([types.lb.LoadBalancer, types.alb.LoadBalancer, types.elb.LoadBalancer], "accessLogs.bucket", BUCKET_TYPES),
    distributionLogBucket: link([types.cloudfront.Distribution], "loggingConfig.bucket", BUCKET_TYPES),
    trailBucket: link([types.cloudtrail.Trail], "s3BucketName", BUCKET_TYPES),
    flowLogBucket: link([types.ec2.FlowLog], "logDestination", BUCKET_TYPES),
    keyPolicyKey: link([types.kms.KeyPolicy], "keyId", KEY_TYPES),
    aliasTargetKey: link([types.kms.Alias], "targetKeyId", KEY_TYPES),
    /** Settings that name a KMS key by ARN, id, alias name or alias ARN (an alias then names the key). */
    kmsKeyIdKey: link([types.cloudwatch.LogGroup, types.cloudtrail.Trail], "kmsKeyId", [...KEY_TYPES, types.kms.Alias]),
    kmsMasterKeyIdKey: link([types.sns.Topic, types.sqs.Queue], "kmsMasterKeyId", [...KEY_TYPES, types.kms.Alias]),
    /** The key of a default-encryption rule (`rules` of the split resource; inline on the bucket). */
    bucketEncryptionKey: link(
        [types.s3.BucketServerSideEncryptionConfiguration, types.s3.BucketServerSideEncryptionConfigurationV2, ...BUCKET_TYPES],
        "rules",
        [...KEY_TYPES, types.kms.Alias],
    ),
    subscriptionQueue: link([types.sns.TopicSubscription], "endpoint", [types.sqs.Queue]),
    eventTargetDestination: link([types.cloudwatch.EventTarget], "arn", [types.sns.Topic, types.sqs.Queue]),
    alarmActionTopic: link([types.cloudwatch.MetricAlarm], "alarmActions", [types.sns.Topic]),
    alarmOkActionTopic: link([types.cloudwatch.MetricAlarm], "okActions", [types.sns.Topic]),
    alarmInsufficientDataActionTopic: link([types.cloudwatch.MetricAlarm], "insufficientDataActions", [types.sns.Topic]),
    /** `topics[i].topicArn` / `queues[i].queueArn` of a BucketNotification. */
    notificationTopic: link([types.s3.BucketNotification], "topics.topicArn", [types.sns.Topic]),
    notificationQueue: link([types.s3.BucketNotification], "queues.queueArn", [types.sqs.Queue]),

    // API, database and operations (port-c): API Gateway, RDS, Secrets Manager.
    rdsMonitoringRole: link([types.rds.Instance, types.rds.ClusterInstance, types.rds.Cluster], "monitoringRoleArn", [types.iam.Role]),
    secretRotationFunction: link([types.secretsmanager.SecretRotation], "rotationLambdaArn", [types.lambda.Function, types.lambda.Alias]),
    lambdaAliasFunction: link([types.lambda.Alias], "functionName", [types.lambda.Function]),
    lambdaPermissionFunction: link([types.lambda.Permission], "function", [types.lambda.Function]),

    // Identity and Lambda (port-i).
    functionRole: link([types.lambda.Function], "role", [types.iam.Role]),
    instanceProfileRole: link([types.iam.InstanceProfile], "role", [types.iam.Role]),
    eventInvokeConfigFunction: link([types.lambda.FunctionEventInvokeConfig], "functionName", [types.lambda.Function]),
    provisionedConcurrencyFunction: link([types.lambda.ProvisionedConcurrencyConfig], "functionName", [types.lambda.Function]),
    eventSourceMappingFunction: link([types.lambda.EventSourceMapping], "functionName", [types.lambda.Function]),
    eventSourceMappingTable: link([types.lambda.EventSourceMapping], "eventSourceArn", [types.dynamodb.Table]),
    snsSubscriptionEndpoint: link([types.sns.TopicSubscription], "endpoint", [types.lambda.Function]),
    eventTargetFunction: link([types.cloudwatch.EventTarget], "arn", [types.lambda.Function]),
    apigwMethodApi: link([types.apigateway.Method], "restApi", [types.apigateway.RestApi]),
    apigwDeploymentApi: link([types.apigateway.Deployment], "restApi", [types.apigateway.RestApi]),
    apigwStageDeployment: link([types.apigateway.Stage], "deployment", [types.apigateway.Deployment]),
    apigwAccessLogDestination: link([types.apigateway.Stage, types.apigatewayv2.Stage], "accessLogSettings.destinationArn", [types.cloudwatch.LogGroup]),
    logGroupNamedFromApi: link([types.cloudwatch.LogGroup], "name", [types.apigateway.RestApi, types.apigatewayv2.Api, types.apigateway.Stage]),

    // Network (port-n).
    flowLogVpc: link([types.ec2.FlowLog], "vpcId", [types.ec2.Vpc]),

    // EC2 and listeners (section D): security group rules name their group.
    securityGroupRuleGroup: link([types.ec2.SecurityGroupRule, types.vpc.SecurityGroupIngressRule], "securityGroupId", [
        types.ec2.SecurityGroup,
        types.ec2.DefaultSecurityGroup,
    ]),
} as const;

/** The resources a link of `from` names. */
export interface Targets {
    /** Resources of this stack. */
    resources: ResourceView[];
    /** Known values that name nothing in this stack (a resource managed elsewhere). */
    external: string[];
}

/** What `from`'s reference names: not set when absent, not known yet when it cannot be decided. */
export function targetsOf(graph: StackGraph, spec: LinkSpec, from: ResourceView): Decision<Targets> {
    const res = graph.linksTo([...spec.from], spec.path, [...spec.to]).bySource.get(from.urn) ?? graph.resolve(from, spec.path, [...spec.to]);
    if (res.status === "undecided") return notKnownYet(res.reason);
    if (res.status === "found") return known({ resources: res.targets, external: [] });
    return res.values.length ? known({ resources: [], external: res.values }) : NOT_SET;
}

/**
 * The resources whose link names `target`; `maybeMore` when some such reference is not known yet
 * (`undecided` lists those sources, for the reason).
 */
export function sourcesOf(
    graph: StackGraph,
    spec: LinkSpec,
    target: ResourceView,
): { resources: ResourceView[]; maybeMore: boolean; undecided: readonly ResourceView[] } {
    const index = graph.linksTo([...spec.from], spec.path, [...spec.to]);
    return { resources: index.get(target.urn) ?? [], maybeMore: index.undecided.length > 0, undecided: index.undecided };
}
