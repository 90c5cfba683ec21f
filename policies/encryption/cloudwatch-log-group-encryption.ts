import { types } from "../../lib/aws/types";
import { logGroupKey } from "../../lib/facts/logs";
import { resourcePolicy } from "../../lib/policy";

export default resourcePolicy(
    {
        name: "cloudwatch-log-group-encryption",
        description:
            "CloudWatch log groups should be encrypted with a customer managed KMS key (`kmsKeyId`). Logs often carry request data, tokens and personal data; a customer managed key gives control over who can read them and an audit trail of every decryption. The key's policy must also grant CloudWatch Logs (see kms-key-service-grants).",
        severity: "medium",
        enforcementLevel: "advisory",
        section: "A",
        seeds: ["001#5"],
        resourceTypes: [types.cloudwatch.LogGroup],
        remediation:
            'Create (or reuse) a key whose policy grants logs.<region>.amazonaws.com and point the log group at it:\n  new aws.cloudwatch.LogGroup("app-logs", { retentionInDays: 90, kmsKeyId: logsKey.arn });',
        url: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html",
        peers: { checkov: ["CKV_AWS_158"], securityHub: [], cdkNag: [] },
    },
    (lg, ctx) => {
        ctx.decide(lg, logGroupKey(lg), key => {
            if (key?.encrypted) return undefined;
            const why = key?.unreadable ? "has a kmsKeyId that is not a key ARN" : "is not encrypted with a KMS key";
            return `Log group ${lg.name} ${why}. Fix: new aws.cloudwatch.LogGroup(${JSON.stringify(lg.name)}, { kmsKeyId: logsKey.arn, ... }).`;
        });
    },
);
