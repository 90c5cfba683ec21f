import { KeyUse, keyUses, serviceGrants } from "../../lib/facts/key-grants";
import { stackPolicy } from "../../lib/policy";

/** "log group app-logs", "topic alerts (written by cloudwatch.amazonaws.com)": each once. */
function describeUses(uses: KeyUse[]): string {
    return [...new Set(uses.map(u => `${u.kind} ${u.user.name}${u.writer ? ` (written by ${u.writer})` : ""}`))].join(", ");
}

export default stackPolicy(
    {
        name: "kms-key-service-grants",
        description:
            "Where a CloudWatch log group, CloudTrail trail, SNS topic or SQS queue of the stack is encrypted with a KMS key of the stack, the key policy must let the AWS service that writes into it use the key: CloudWatch Logs (`logs.<region>.amazonaws.com`) needs kms:Encrypt*, Decrypt*, ReEncrypt*, GenerateDataKey* and Describe*; CloudTrail needs kms:GenerateDataKey* and DescribeKey; services that publish into an encrypted topic or queue (SNS into a subscribed queue, CloudWatch alarms into a topic, S3 notifications, EventBridge targets) need kms:GenerateDataKey* and kms:Decrypt. Without the grant the deployment fails or the service silently drops the data.",
        severity: "high",
        enforcementLevel: "mandatory",
        section: "A",
        seeds: ["001#5"],
        remediation:
            'Add a statement for the service principal to the key policy, for example for CloudWatch Logs:\n  new aws.kms.KeyPolicy("logs-key-policy", { keyId: key.id, policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: [\n    { Sid: "Admin", Effect: "Allow", Principal: { AWS: pulumi.interpolate`arn:aws:iam::${accountId}:root` }, Action: "kms:*", Resource: "*" },\n    { Sid: "CloudWatchLogs", Effect: "Allow", Principal: { Service: `logs.${region}.amazonaws.com` },\n      Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"], Resource: "*",\n      Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": pulumi.interpolate`arn:aws:logs:${region}:${accountId}:log-group:*` } } },\n  ] }) });',
        url: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html",
        peers: { checkov: [], securityHub: [], cdkNag: [] },
    },
    (graph, ctx) => {
        const uses = keyUses(graph);
        for (const { user, pending } of uses.undecided) ctx.decide(user, pending, () => undefined);
        for (const { key, uses: keyed } of uses.byKey) {
            ctx.decide(key, serviceGrants(graph, key, keyed), grants => {
                if (!grants) return undefined;
                if (grants.malformed) {
                    return `KMS key ${key.name} is used by ${keyed.map(u => describeUses([u])).join(", ")} but its key policy is not readable (${grants.malformed}), so no service is granted the key. Fix: write the policy as pulumi.jsonStringify({ Version: "2012-10-17", Statement: [...] }).`;
                }
                ctx.decide(key, grants.undecided, () => undefined);
                // One finding per service principal, naming every user that needs it.
                for (const { need, uses: needing } of grants.missing) {
                    const why = grants.absent
                        ? "it has no key policy (the default policy grants only the account)"
                        : `its key policy does not allow ${need.label} ${need.actionPatterns.join(", ")}`;
                    ctx.report(
                        key,
                        `KMS key ${key.name} encrypts ${describeUses(needing)} but ${why}: the deployment fails or the service cannot write. Fix: add { Effect: "Allow", Principal: { Service: "${need.label}" }, Action: ${JSON.stringify(need.actionPatterns)}, Resource: "*" } to the key policy.`,
                    );
                }
                return undefined;
            });
        }
    },
);
