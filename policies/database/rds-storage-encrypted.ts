import { UNKNOWN } from "../../lib/graph/values";
import { resourcePolicy } from "../../lib/policy";

const INSTANCE = "aws:rds/instance:Instance";
const CLUSTER = "aws:rds/cluster:Cluster";

export default resourcePolicy(
    {
        name: "rds-storage-encrypted",
        description:
            'RDS instances (`aws.rds.Instance`) and clusters (`aws.rds.Cluster`, Aurora provisioned and Aurora Serverless v2 included) set `storageEncrypted: true`; it cannot be turned on later without a snapshot-and-restore migration. Aurora Serverless v1 (`engineMode: "serverless"`) is encrypted by default and only fails when it says `storageEncrypted: false`. A read replica (`replicateSourceDb`) inherits its source\'s encryption and is skipped.',
        severity: "high",
        enforcementLevel: "mandatory",
        section: "C",
        seeds: ["001"],
        resourceTypes: [INSTANCE, CLUSTER],
        remediation:
            'Encrypt storage when the database is created (optionally with a customer managed key):\n  new aws.rds.Instance("db", { ..., storageEncrypted: true, kmsKeyId: key.arn });\n  new aws.rds.Cluster("aurora", { ..., storageEncrypted: true, kmsKeyId: key.arn });',
        url: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html",
        peers: { checkov: ["CKV_AWS_16"], securityHub: ["RDS.3"] },
    },
    (db, ctx) => {
        const encrypted = db.props.bool("storageEncrypted");
        if (encrypted === true) return;
        if (encrypted === UNKNOWN) return ctx.defer(db, "storageEncrypted is not known until deployment");
        const raw = db.props.get("storageEncrypted");
        const kind = db.type === INSTANCE ? "RDS instance" : "RDS cluster";
        if (db.type === INSTANCE) {
            const replica = db.props.get("replicateSourceDb");
            if (replica === UNKNOWN) return ctx.defer(db, "replicateSourceDb is not known until deployment");
            if (replica !== undefined && replica !== "") return;
        } else if (raw === undefined) {
            const mode = db.props.get("engineMode");
            if (mode === UNKNOWN) return ctx.defer(db, "engineMode is not known until deployment");
            if (typeof mode === "string" && mode.toLowerCase() === "serverless") return; // encrypted by default
        }
        const why =
            raw === undefined
                ? "does not set storageEncrypted (the default is unencrypted)"
                : encrypted === false
                  ? "sets storageEncrypted: false"
                  : "has a storageEncrypted value that is not a boolean";
        ctx.report(db, `${kind} ${db.name} ${why}. Fix: storageEncrypted: true (with kmsKeyId: key.arn for a customer managed key).`);
    },
);
