/**
 * Facts about S3 buckets, from both shapes a program may use: the deprecated inline arguments of
 * `aws.s3.Bucket` / `BucketV2` and the v7 split resources that point at the bucket. A split
 * resource decides over the inline value: after an update the bucket reports what AWS applied
 * when it was created, before the split resource ran (docs/engine-model.md).
 */
import { BUCKET_TYPES, links, sourcesOf } from "../graph/links";
import { Decision, NOT_SET, known, notKnownYet } from "../graph/decision";
import { read } from "../graph/read";
import { ResourceView } from "../graph/resource";
import { StackGraph } from "../graph/stack-graph";

export function buckets(graph: StackGraph): ResourceView[] {
    return graph.ofType(...BUCKET_TYPES);
}

export interface Versioning {
    enabled: boolean;
    /** The split resources that configure it (none: the inline argument, or nothing). */
    via: ResourceView[];
}

/** Whether versioning is Enabled; not set when neither shape configures it. */
export function versioning(graph: StackGraph, bucket: ResourceView): Decision<Versioning> {
    const split = sourcesOf(graph, links.bucketVersioning, bucket);
    if (split.resources.length) {
        const statuses = split.resources.map(r => read.str(r, "versioningConfiguration.status"));
        if (statuses.some(d => d.kind === "known" && d.value === "Enabled")) return known({ enabled: true, via: split.resources });
        const pending = statuses.find(d => d.kind === "unknown");
        return pending ?? known({ enabled: false, via: split.resources });
    }
    const inline = read.bool(bucket, "versioning.enabled");
    if (inline.kind === "known" && inline.value === true) return known({ enabled: true, via: [] });
    if (inline.kind === "unknown") return inline;
    if (split.maybeMore) return notKnownYet(`a ${typeName(links.bucketVersioning.from[0])} whose bucket is not known yet may configure it`);
    return inline.kind === "known" ? known({ enabled: false, via: [] }) : NOT_SET;
}

function typeName(token: string): string {
    return token.split(":").pop() ?? token;
}
