import { types } from "../../lib/aws/types";
import { deletionWindowDays } from "../../lib/facts/keys";
import { resourcePolicy } from "../../lib/policy";
import { shown } from "../../lib/report/shown";

type Config = { minimumDays: number };

export default resourcePolicy<Config>(
    {
        name: "kms-key-deletion-window",
        description:
            "`deletionWindowInDays` of KMS keys (`aws.kms.Key`, `ReplicaKey`, `ExternalKey`, `ReplicaExternalKey`) is at least `minimumDays` (default 30, AWS's value when unset; AWS allows 7-30). A key deleted by `pulumi destroy` or by a replacement can be recovered only inside the window; after it, everything encrypted with the key is lost.",
        severity: "medium",
        enforcementLevel: "advisory",
        section: "D",
        seeds: [],
        resourceTypes: [types.kms.Key, types.kms.ReplicaKey, types.kms.ExternalKey, types.kms.ReplicaExternalKey],
        config: {
            minimumDays: {
                type: "integer",
                minimum: 7,
                maximum: 30,
                default: 30,
                description: "The shortest acceptable deletion window in days (AWS allows 7-30).",
            },
        },
        remediation:
            'Keep the longest window, so a key deleted by mistake can be recovered:\n  new aws.kms.Key("data-key", { enableKeyRotation: true, deletionWindowInDays: 30 });',
        url: "https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html",
        peers: {},
    },
    (key, ctx) => {
        const min = ctx.config.minimumDays;
        ctx.decide(key, deletionWindowDays(key), days =>
            days !== undefined && days < min
                ? `KMS key ${key.name} can be deleted ${shown(key, days)} days after it is scheduled for deletion (minimum ${min}): after that, data encrypted with it is lost. Fix: deletionWindowInDays: ${min}.`
                : undefined,
        );
    },
);
