import { types } from "../../lib/aws/types";
import { pointInTimeRecoveryFix, tableProtectionGaps } from "../../lib/facts/dynamodb";
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
        resourceTypes: [types.dynamodb.Table],
        remediation:
            'Turn on point-in-time recovery and keep encryption on (a customer managed key where required):\n  new aws.dynamodb.Table("items", { ..., pointInTimeRecovery: { enabled: true }, serverSideEncryption: { enabled: true, kmsKeyArn: key.arn } });',
        url: "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/PointInTimeRecovery.html",
        peers: { checkov: ["CKV_AWS_28"], securityHub: ["DynamoDB.2"] },
    },
    (table, ctx) => {
        ctx.decide(table, tableProtectionGaps(table), gaps => {
            if (!gaps?.length) return undefined;
            const problems = gaps.map(g =>
                g.kind === "sseDisabled"
                    ? "server-side encryption with a KMS key is switched off (serverSideEncryption.enabled: false)"
                    : g.configured
                      ? "point-in-time recovery is not enabled"
                      : "point-in-time recovery is off (pointInTimeRecovery is not set)",
            );
            const fixes = gaps.map(g => (g.kind === "pitr" ? "pointInTimeRecovery: { enabled: true }" : "serverSideEncryption: { enabled: true }"));
            return `DynamoDB table ${table.name}: ${problems.join("; ")}. Fix: ${fixes.join(", ")}.`;
        });
    },
    {
        // Turning point-in-time recovery on is an in-place update; a block not known yet or secret is left alone.
        remediation: { resourceTypes: [types.dynamodb.Table], fix: table => pointInTimeRecoveryFix(table) },
    },
);
