import { types } from "../../lib/aws/types";
import { databaseKind, programPasswordInputs } from "../../lib/facts/rds";
import { resourcePolicy } from "../../lib/policy";

export default resourcePolicy(
    {
        name: "rds-master-password-managed",
        description:
            "RDS instances (`aws.rds.Instance`, `password` / `passwordWo`) and clusters (`aws.rds.Cluster`, `masterPassword` / `masterPasswordWo`) must not take a master password from the program; they set `manageMasterUserPassword: true` so RDS creates the password in Secrets Manager and rotates it. A password in the program ends up in source control, in the state file or both, and nothing rotates it (report 001#4 shipped a literal password in the program). A generated password (`random.RandomPassword`) or any other value the program passes is still a program-managed password, reported at preview and after update alike. The finding names the input, never its value.",
        severity: "critical",
        enforcementLevel: "mandatory",
        section: "C",
        seeds: ["001#4"],
        resourceTypes: [types.rds.Instance, types.rds.Cluster],
        remediation:
            'Remove the password and let RDS manage it in Secrets Manager:\n  new aws.rds.Instance("db", { engine: "postgres", instanceClass: "db.t4g.micro", allocatedStorage: 20, username: "app", manageMasterUserPassword: true, storageEncrypted: true });\n  new aws.rds.Cluster("aurora", { engine: "aurora-postgresql", masterUsername: "app", manageMasterUserPassword: true, storageEncrypted: true });',
        url: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html",
        peers: {},
    },
    (db, ctx) => {
        const set = programPasswordInputs(db);
        if (!set.length) return;
        ctx.report(
            db,
            `${databaseKind(db)} ${db.name} takes a master password from the program (${set.join(", ")}) instead of a Secrets Manager managed one. Fix: remove ${set[0]} and set manageMasterUserPassword: true.`,
        );
    },
);
