import { types } from "../../lib/aws/types";
import { acceptedRetentionAtLeast, retentionDays } from "../../lib/facts/logs";
import { resourcePolicy } from "../../lib/policy";
import { shown } from "../../lib/report/shown";

type Config = { minimumDays: number; allowNeverExpire: boolean };

export default resourcePolicy<Config>(
    {
        name: "cloudwatch-log-group-retention",
        description:
            "CloudWatch log groups must set `retentionInDays` to at least `minimumDays` (default 90). Unset and 0 (never expire) are the same to the engine (the provider fills in 0 before the pack sees the inputs) and fail unless `allowNeverExpire` is true. Without retention the group keeps logs forever at growing cost with no stated policy; a short retention (report 003: 7 days) deletes the audit trail before anyone investigates an incident.",
        severity: "medium",
        enforcementLevel: "mandatory",
        section: "A",
        seeds: ["000", "001#7", "003#8"],
        resourceTypes: [types.cloudwatch.LogGroup],
        config: {
            minimumDays: { type: "integer", minimum: 1, default: 90, description: "The shortest acceptable retention in days." },
            allowNeverExpire: { type: "boolean", default: false, description: "Accept retentionInDays 0 or unset (logs never expire)." },
        },
        remediation:
            'Set a retention of at least 90 days (a value CloudWatch accepts: 90, 120, 150, 180, 365, ...):\n  new aws.cloudwatch.LogGroup("app-logs", { retentionInDays: 90, kmsKeyId: logsKey.arn });',
        url: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html#SettingLogRetention",
        peers: { checkov: ["CKV_AWS_66", "CKV_AWS_338"], securityHub: [], cdkNag: [] },
    },
    (logGroup, ctx) => {
        const min = ctx.config.minimumDays;
        const fix = `retentionInDays: ${acceptedRetentionAtLeast(min)}`;
        ctx.decide(logGroup, retentionDays(logGroup), days => {
            if (days === 0 && !ctx.config.allowNeverExpire) {
                return `Log group ${logGroup.name} keeps logs forever (retentionInDays unset or 0; minimum ${min} days). Fix: ${fix} on new aws.cloudwatch.LogGroup("${logGroup.name}", { ... }), or allowNeverExpire: true in this policy's config.`;
            }
            if (days !== undefined && days > 0 && days < min) {
                return `Log group ${logGroup.name} keeps logs for ${shown(logGroup, days)} days, less than the required ${min}. Fix: ${fix}.`;
            }
            return undefined;
        });
    },
    {
        // Raising the retention is an in-place update; a value the program set from an output not
        // known yet, or from a secret, is left alone (the check then reports or defers it).
        remediation: {
            resourceTypes: [types.cloudwatch.LogGroup],
            fix: (logGroup, { config }) => {
                const days = retentionDays(logGroup);
                if (days.kind !== "known" || typeof days.value !== "number" || shown(logGroup, days.value) !== String(days.value)) return undefined;
                const tooShort = days.value === 0 ? !config.allowNeverExpire : days.value < config.minimumDays;
                return tooShort ? { retentionInDays: acceptedRetentionAtLeast(config.minimumDays) } : undefined;
            },
        },
    },
);
