/**
 * Facts about SQS queues and SNS topics: how they are encrypted at rest.
 */
import { Decision, Malformed, known } from "../graph/decision";
import { read } from "../graph/read";
import { ResourceView } from "../graph/resource";
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
