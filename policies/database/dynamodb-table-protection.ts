import { UNKNOWN } from "../../lib/graph/values";
import { resourcePolicy } from "../../lib/policy";

export default resourcePolicy(
    {
        name: "dynamodb-table-protection",
        description:
            "DynamoDB tables (`aws.dynamodb.Table`) turn on point-in-time recovery (`pointInTimeRecovery: { enabled: true }`), so an accidental write or delete can be undone to any second of the last 35 days, and do not switch server-side encryption off (`serverSideEncryption: { enabled: false }` falls back to an AWS owned key the account cannot audit; absent, the default, is accepted). Report 002#14.",
        severity: "medium",
        enforcementLevel: "advisory",
        section: "C",
        seeds: ["002#14"],
        resourceTypes: ["aws:dynamodb/table:Table"],
        remediation:
            'Turn on point-in-time recovery and keep encryption on (a customer managed key where required):\n  new aws.dynamodb.Table("items", { ..., pointInTimeRecovery: { enabled: true }, serverSideEncryption: { enabled: true, kmsKeyArn: key.arn } });',
        url: "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/PointInTimeRecovery.html",
        peers: { checkov: ["CKV_AWS_28"], securityHub: ["DynamoDB.2"] },
    },
    (table, ctx) => {
        const problems: string[] = [];
        const fixes: string[] = [];
        let deferred: string | undefined;
        const pitr = table.props.get("pointInTimeRecovery");
        const pitrEnabled = table.props.bool("pointInTimeRecovery.enabled");
        if (pitr === UNKNOWN || pitrEnabled === UNKNOWN) deferred = "pointInTimeRecovery is not known until deployment";
        else if (pitrEnabled !== true) {
            problems.push(pitr === undefined ? "point-in-time recovery is off (pointInTimeRecovery is not set)" : "point-in-time recovery is not enabled");
            fixes.push("pointInTimeRecovery: { enabled: true }");
        }
        const sse = table.props.bool("serverSideEncryption.enabled");
        if (sse === UNKNOWN) deferred ??= "serverSideEncryption is not known until deployment";
        else if (sse === false) {
            problems.push("server-side encryption with a KMS key is switched off (serverSideEncryption.enabled: false)");
            fixes.push("serverSideEncryption: { enabled: true }");
        }
        if (problems.length) ctx.report(table, `DynamoDB table ${table.name}: ${problems.join("; ")}. Fix: ${fixes.join(", ")}.`);
        else if (deferred) ctx.defer(table, deferred);
    },
);
