/**
 * S3 in @pulumi/aws v7: a bucket's settings live either inline on `aws.s3.Bucket` (deprecated
 * arguments) or in separate resources that point at the bucket (`BucketVersioning`, ...), each
 * also under a deprecated `...V2` type. This module links those resources to their buckets once.
 */
import { ResourceView } from "../graph/resource";
import { LinkIndex, StackGraph } from "../graph/stack-graph";

export const BUCKET_TYPES = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];

export const BUCKET_SETTING_TYPES = {
    versioning: ["aws:s3/bucketVersioning:BucketVersioning", "aws:s3/bucketVersioningV2:BucketVersioningV2"],
    encryption: [
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
    ],
    logging: ["aws:s3/bucketLogging:BucketLogging", "aws:s3/bucketLoggingV2:BucketLoggingV2"],
    publicAccessBlock: ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"],
    policy: ["aws:s3/bucketPolicy:BucketPolicy"],
    lifecycle: ["aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2"],
    notification: ["aws:s3/bucketNotification:BucketNotification"],
    acl: ["aws:s3/bucketAcl:BucketAcl", "aws:s3/bucketAclV2:BucketAclV2"],
} as const;

export type BucketSettingKind = keyof typeof BUCKET_SETTING_TYPES;

/** Setting resources of one kind, indexed by the URN of the bucket they configure. */
export function bucketSettings(graph: StackGraph, kind: BucketSettingKind): LinkIndex {
    return graph.linksTo([...BUCKET_SETTING_TYPES[kind]], "bucket", BUCKET_TYPES);
}

export interface BucketSettingLookup {
    /** Separate resources of this kind that configure the bucket. */
    resources: ResourceView[];
    /** Some resource of this kind names a bucket not known yet: it may be this one. */
    maybeMore: boolean;
}

export function settingsOf(graph: StackGraph, kind: BucketSettingKind, bucket: ResourceView): BucketSettingLookup {
    const index = bucketSettings(graph, kind);
    return { resources: index.get(bucket.urn) ?? [], maybeMore: index.undecided.length > 0 };
}

export function buckets(graph: StackGraph): ResourceView[] {
    return graph.ofType(...BUCKET_TYPES);
}
