/**
 * Facts about SQS queues and SNS topics: how they are encrypted at rest, and which services publish into them.
 */
import { types } from "../aws/types";
import { Decision, Malformed, known } from "../graph/decision";
import { LinkSpec, links } from "../graph/links";
import { read } from "../graph/read";
import { ResourceView } from "../graph/resource";
import { Resolution, StackGraph } from "../graph/stack-graph";
import { asList, field } from "../graph/values";
import { KeyChoice, keyAt } from "./keys";

export type QueueEncryption = { by: "kms"; key: KeyChoice } | { by: "sqs-managed" } | { by: "none" };

/**
 * How a queue is encrypted. A KMS key decides; without one, SQS-managed SSE is on unless the
 * program turned it off (`sqsManagedSseEnabled: false`): AWS's default for new queues.
 */
export function queueEncryption(queue: ResourceView): Decision<QueueEncryption | Malformed> {
    const key = keyAt(queue, "kmsMasterKeyId");
    if (key.kind === "unknown") return key;
    if (key.kind === "known") return known(key.value instanceof Malformed ? key.value : { by: "kms", key: key.value });
    const managed = read.bool(queue, "sqsManagedSseEnabled");
    if (managed.kind === "unknown") return managed;
    if (managed.kind === "known" && managed.value instanceof Malformed) return known(managed.value);
    return known(managed.kind === "known" && managed.value === false ? { by: "none" } : { by: "sqs-managed" });
}

/** The KMS key a topic is encrypted with; not set means the topic is not encrypted (SNS's default). */
export function topicKey(topic: ResourceView): Decision<KeyChoice | Malformed> {
    return keyAt(topic, "kmsMasterKeyId");
}

/**
 * Topic or queue URN -> the service principals that publish into it: SNS into a subscribed
 * queue, EventBridge targets, CloudWatch alarm actions, S3 event notifications. Linear in the
 * graph, computed once per graph.
 */
export function publishers(graph: StackGraph): Map<string, string[]> {
    let out = publishersCache.get(graph);
    if (out) return out;
    const map = new Map<string, string[]>();
    const add = (res: Resolution, service: string) => {
        if (res.status !== "found") return;
        for (const t of res.targets) {
            const list = map.get(t.urn) ?? [];
            if (!list.includes(service)) list.push(service);
            map.set(t.urn, list);
        }
    };
    const resolve = (spec: LinkSpec, from: ResourceView, path = spec.path) => graph.resolve(from, path, [...spec.to]);
    for (const sub of graph.ofType(...links.subscriptionQueue.from)) {
        const protocol = sub.props.str("protocol");
        if (typeof protocol === "string" && protocol.toLowerCase() === "sqs") add(resolve(links.subscriptionQueue, sub), "sns.amazonaws.com");
    }
    for (const t of graph.ofType(...links.eventTargetDestination.from)) add(resolve(links.eventTargetDestination, t), "events.amazonaws.com");
    for (const alarm of graph.ofType(types.cloudwatch.MetricAlarm)) {
        for (const spec of [links.alarmActionTopic, links.alarmOkActionTopic, links.alarmInsufficientDataActionTopic]) {
            if (alarm.props.has(spec.path)) add(resolve(spec, alarm), "cloudwatch.amazonaws.com");
        }
    }
    for (const n of graph.ofType(types.s3.BucketNotification)) {
        for (const spec of [links.notificationTopic, links.notificationQueue]) {
            const [list, prop] = spec.path.split(".");
            const entries = asList(n.props.get(list));
            if (!Array.isArray(entries)) continue;
            entries.slice(0, 100).forEach((e, i) => {
                if (field(e, prop) !== undefined) add(resolve(spec, n, `${list}[${i}].${prop}`), "s3.amazonaws.com");
            });
        }
    }
    out = map;
    publishersCache.set(graph, out);
    return out;
}

const publishersCache = new WeakMap<StackGraph, Map<string, string[]>>();
