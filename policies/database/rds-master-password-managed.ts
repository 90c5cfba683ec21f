import { UNKNOWN } from "../../lib/graph/values";
import { resourcePolicy } from "../../lib/policy";

const INSTANCE = "aws:rds/instance:Instance";
const CLUSTER = "aws:rds/cluster:Cluster";

/** Inputs that carry a master password the program supplies (v7 names, write-only variants included). */
const PASSWORD_INPUTS: Record<string, string[]> = {
    [INSTANCE]: ["password", "passwordWo"],
    [CLUSTER]: ["masterPassword", "masterPasswordWo"],
};

export default resourcePolicy(
    {
        name: "rds-master-password-managed",
        description:
            "RDS instances (`aws.rds.Instance`, `password` / `passwordWo`) and clusters (`aws.rds.Cluster`, `masterPassword` / `masterPasswordWo`) must not take a master password from the program; they set `manageMasterUserPassword: true` so RDS creates the password in Secrets Manager and rotates it. A password in the program ends up in source control, in the state file or both, and nothing rotates it (report 001#4 shipped a literal password in the program). The finding names the input, never its value.",
        severity: "critical",
        enforcementLevel: "mandatory",
        section: "C",
        seeds: ["001#4"],
        resourceTypes: [INSTANCE, CLUSTER],
        remediation:
            'Remove the password and let RDS manage it in Secrets Manager:\n  new aws.rds.Instance("db", { engine: "postgres", instanceClass: "db.t4g.micro", allocatedStorage: 20, username: "app", manageMasterUserPassword: true, storageEncrypted: true });\n  new aws.rds.Cluster("aurora", { engine: "aurora-postgresql", masterUsername: "app", manageMasterUserPassword: true, storageEncrypted: true });',
        url: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html",
        peers: {},
    },
    (db, ctx) => {
        const inputs = PASSWORD_INPUTS[db.type] ?? [];
        const set: string[] = [];
        let unknown = false;
        for (const p of inputs) {
            const v = db.props.get(p);
            if (v === UNKNOWN) unknown = true;
            else if (v !== undefined && v !== "") set.push(p);
        }
        if (!set.length) {
            if (unknown) ctx.defer(db, "whether a master password is set is not known until deployment");
            return;
        }
        const kind = db.type === INSTANCE ? "RDS instance" : "RDS cluster";
        const how = "a master password from the program";
        ctx.report(
            db,
            `${kind} ${db.name} takes ${how} (${set.join(", ")}) instead of a Secrets Manager managed one. Fix: remove ${set[0]} and set manageMasterUserPassword: true.`,
        );
    },
);
