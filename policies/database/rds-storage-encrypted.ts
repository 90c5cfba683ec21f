import { types } from "../../lib/aws/types";
import { databaseKind, storageEncryption } from "../../lib/facts/rds";
import { resourcePolicy } from "../../lib/policy";

export default resourcePolicy(
    {
        name: "rds-storage-encrypted",
        description:
            'RDS instances (`aws.rds.Instance`) and clusters (`aws.rds.Cluster`, Aurora provisioned and Aurora Serverless v2 included) set `storageEncrypted: true`; it cannot be turned on later without a snapshot-and-restore migration. Aurora Serverless v1 (`engineMode: "serverless"`) is encrypted by default and only fails when it says `storageEncrypted: false`. A read replica (`replicateSourceDb`) inherits its source\'s encryption and is skipped.',
        severity: "high",
        enforcementLevel: "mandatory",
        section: "C",
        seeds: ["001"],
        resourceTypes: [types.rds.Instance, types.rds.Cluster],
        remediation:
            'Encrypt storage when the database is created (optionally with a customer managed key):\n  new aws.rds.Instance("db", { ..., storageEncrypted: true, kmsKeyId: key.arn });\n  new aws.rds.Cluster("aurora", { ..., storageEncrypted: true, kmsKeyId: key.arn });',
        url: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html",
        peers: { checkov: ["CKV_AWS_16"], securityHub: ["RDS.3"] },
    },
    (db, ctx) => {
        ctx.decide(db, storageEncryption(db), enc => {
            if (!enc || enc.encrypted) return undefined;
            const why = enc.explicit ? "sets storageEncrypted: false" : "does not set storageEncrypted (the default is unencrypted)";
            return `${databaseKind(db)} ${db.name} ${why}. Fix: storageEncrypted: true (with kmsKeyId: key.arn for a customer managed key).`;
        });
    },
);
