import { types } from "../../lib/aws/types";
import { queueEncryption } from "../../lib/facts/messaging";
import { resourcePolicy } from "../../lib/policy";

type Config = { requireCustomerManagedKey: boolean };

export default resourcePolicy<Config>(
    {
        name: "sqs-queue-encryption",
        description:
            "SQS queues are encrypted at rest: a queue does not set `sqsManagedSseEnabled: false` without a `kmsMasterKeyId` (unset is SQS-managed SSE, AWS's default). With `requireCustomerManagedKey`, `kmsMasterKeyId` names a customer managed key, not `alias/aws/sqs`. Queues that AWS services deliver to must not use `alias/aws/sqs` at all; `kms-key-service-grants` reports that case.",
        severity: "high",
        enforcementLevel: "mandatory",
        section: "D",
        seeds: [],
        resourceTypes: [types.sqs.Queue],
        config: {
            requireCustomerManagedKey: {
                type: "boolean",
                default: false,
                description: "Require a customer managed KMS key (not SQS-managed SSE, not alias/aws/sqs).",
            },
        },
        remediation:
            'Leave SQS-managed encryption on, or encrypt with a customer managed key:\n  new aws.sqs.Queue("jobs", { kmsMasterKeyId: queueKey.arn, kmsDataKeyReusePeriodSeconds: 300 });',
        url: "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html",
        peers: { checkov: ["CKV_AWS_27", "CKV2_AWS_73"], cdkNag: ["SQS2"], securityHub: ["SQS.1"] },
    },
    (queue, ctx) => {
        ctx.decide(queue, queueEncryption(queue), encryption => {
            const fix = `kmsMasterKeyId: queueKey.arn on new aws.sqs.Queue("${queue.name}", { ... })`;
            if (encryption?.by === "none")
                return `Queue ${queue.name} turns encryption off (sqsManagedSseEnabled: false, no kmsMasterKeyId). Fix: remove sqsManagedSseEnabled: false, or set ${fix}.`;
            if (!ctx.config.requireCustomerManagedKey) return undefined;
            if (encryption?.by === "kms" && encryption.key.managedBy === "customer") return undefined;
            const now = encryption?.by === "kms" ? `the AWS managed key ${encryption.key.key}` : "SQS-managed keys";
            return `Queue ${queue.name} is encrypted with ${now}, not a customer managed key (requireCustomerManagedKey). Fix: ${fix}.`;
        });
    },
);
