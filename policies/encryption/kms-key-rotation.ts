import { types } from "../../lib/aws/types";
import { automaticRotation } from "../../lib/facts/keys";
import { resourcePolicy } from "../../lib/policy";

export default resourcePolicy(
    {
        name: "kms-key-rotation",
        description:
            "Customer managed symmetric KMS keys must have automatic key rotation enabled (`enableKeyRotation: true`). Without rotation the same key material protects data for the key's whole life, which most compliance frameworks forbid. Asymmetric and HMAC keys and keys in custom key stores cannot rotate automatically and are skipped.",
        severity: "medium",
        enforcementLevel: "mandatory",
        section: "A",
        seeds: ["004#2"],
        resourceTypes: [types.kms.Key],
        remediation:
            'Enable automatic rotation on the key:\n  const key = new aws.kms.Key("data-key", { enableKeyRotation: true, rotationPeriodInDays: 365, policy: keyPolicyJson });',
        url: "https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html",
        peers: { checkov: ["CKV_AWS_7"], securityHub: ["KMS.4"], cdkNag: [] },
    },
    (key, ctx) => {
        ctx.decide(key, automaticRotation(key), r => {
            if (!r?.applies || r.enabled) return undefined;
            const why = r.notBoolean ? "enableKeyRotation is not a boolean" : "automatic key rotation is off";
            return `KMS key ${key.name}: ${why}. Fix: new aws.kms.Key(${JSON.stringify(key.name)}, { enableKeyRotation: true, ... }).`;
        });
    },
);
