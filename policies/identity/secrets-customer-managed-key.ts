import { types } from "../../lib/aws/types";
import { secretKeys } from "../../lib/facts/keys";
import { resourcePolicy } from "../../lib/policy";

export default resourcePolicy(
    {
        name: "secrets-customer-managed-key",
        description:
            "`aws.secretsmanager.Secret.kmsKeyId` names a customer managed key, and so does each `replicas[].kmsKeyId`. Unset, or `alias/aws/secretsmanager`, is the AWS managed key, which cannot be shared: only a customer managed key lets another account read the secret, or lets you control and audit who may decrypt it.",
        severity: "medium",
        enforcementLevel: "advisory",
        section: "D",
        seeds: [],
        resourceTypes: [types.secretsmanager.Secret],
        remediation:
            'Encrypt the secret with a key of your own:\n  new aws.secretsmanager.Secret("db-credentials", { kmsKeyId: secretsKey.arn, replicas: [{ region: "us-east-1", kmsKeyId: replicaKey.arn }] });',
        url: "https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html",
        peers: { compliancePolicies: ["aws-secretsmanager-secret-configure-customer-managed-key"], checkov: ["CKV_AWS_149"] },
    },
    (secret, ctx) => {
        ctx.decide(secret, secretKeys(secret), keys => {
            const awsManaged = (keys ?? []).filter(k => k.key?.managedBy !== "customer");
            if (!awsManaged.length) return undefined;
            return `Secret ${secret.name} is encrypted with the AWS managed key aws/secretsmanager (${awsManaged.map(k => k.where).join(", ")}): no other account can read it and you cannot limit who decrypts it. Fix: kmsKeyId: secretsKey.arn${awsManaged.some(k => k.where !== "the secret") ? " on the secret and on each replica" : ""}.`;
        });
    },
);
