import { UNKNOWN } from "../../lib/graph/values";
import { KEY_TYPE } from "../../lib/aws/kms";
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
        resourceTypes: [KEY_TYPE],
        remediation:
            'Enable automatic rotation on the key:\n  const key = new aws.kms.Key("data-key", { enableKeyRotation: true, rotationPeriodInDays: 365, policy: keyPolicyJson });',
        url: "https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html",
        peers: { checkov: ["CKV_AWS_7"], securityHub: ["KMS.4"], cdkNag: [] },
    },
    (key, ctx) => {
        for (const prop of ["customerMasterKeySpec", "keySpec"]) {
            const spec = key.props.get(prop);
            if (spec === UNKNOWN) return ctx.defer(key, `${prop} is not known until deployment`);
            if (typeof spec === "string" && spec !== "" && spec.toUpperCase() !== "SYMMETRIC_DEFAULT") return; // asymmetric / HMAC
        }
        const usage = key.props.get("keyUsage");
        if (usage === UNKNOWN) return ctx.defer(key, "keyUsage is not known until deployment");
        if (typeof usage === "string" && usage !== "" && usage.toUpperCase() !== "ENCRYPT_DECRYPT") return;
        const store = key.props.get("customKeyStoreId");
        if (store === UNKNOWN) return ctx.defer(key, "customKeyStoreId is not known until deployment");
        if (typeof store === "string" && store !== "") return; // custom key stores do not rotate automatically

        const rotation = key.props.bool("enableKeyRotation");
        if (rotation === UNKNOWN) return ctx.defer(key, "enableKeyRotation is not known until deployment");
        if (rotation === true) return;
        const why = key.props.has("enableKeyRotation") && rotation === undefined ? "enableKeyRotation is not a boolean" : "automatic key rotation is off";
        ctx.report(key, `KMS key ${key.name}: ${why}. Fix: new aws.kms.Key("${key.name}", { enableKeyRotation: true, ... }).`);
    },
);
