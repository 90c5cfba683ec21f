import { types } from "../../lib/aws/types";
import { topicKey } from "../../lib/facts/messaging";
import { resourcePolicy } from "../../lib/policy";

type Config = { requireCustomerManagedKey: boolean };

export default resourcePolicy<Config>(
    {
        name: "sns-topic-encryption",
        description:
            "SNS topics are encrypted: `kmsMasterKeyId` is set, since topics are not encrypted by default. With `requireCustomerManagedKey` the key is not `alias/aws/sns`. Topics that AWS services publish to must not use `alias/aws/sns`; `kms-key-service-grants` reports that case.",
        severity: "medium",
        enforcementLevel: "advisory",
        section: "D",
        seeds: [],
        resourceTypes: [types.sns.Topic],
        config: {
            requireCustomerManagedKey: { type: "boolean", default: false, description: "Require a customer managed KMS key (not alias/aws/sns)." },
        },
        remediation: 'Encrypt the topic with a KMS key:\n  new aws.sns.Topic("alerts", { kmsMasterKeyId: topicKey.arn });',
        url: "https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html",
        peers: { checkov: ["CKV_AWS_26"], securityHub: ["SNS.1"] },
    },
    (topic, ctx) => {
        ctx.decide(topic, topicKey(topic), key => {
            const fix = `kmsMasterKeyId: topicKey.arn on new aws.sns.Topic("${topic.name}", { ... })`;
            if (!key) return `Topic ${topic.name} is not encrypted (no kmsMasterKeyId). Fix: ${fix}.`;
            if (ctx.config.requireCustomerManagedKey && key.managedBy === "aws")
                return `Topic ${topic.name} is encrypted with the AWS managed key ${key.key}, not a customer managed key (requireCustomerManagedKey). Fix: ${fix}.`;
            return undefined;
        });
    },
);
