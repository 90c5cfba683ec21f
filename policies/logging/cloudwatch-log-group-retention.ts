import { LOG_GROUP_TYPE } from "../../lib/aws/logs";
import { UNKNOWN } from "../../lib/graph/values";
import { resourcePolicy } from "../../lib/policy";

export default resourcePolicy<{ minimumDays: number; allowNeverExpire: boolean }>(
    {
        name: "cloudwatch-log-group-retention",
        description:
            "CloudWatch log groups must set `retentionInDays` to at least `minimumDays` (default 90). Unset and 0 (never expire) are the same to the engine (the provider fills in 0 before the pack sees the inputs) and fail unless `allowNeverExpire` is true. Without retention the group keeps logs forever at growing cost with no stated policy; a short retention (report 003: 7 days) deletes the audit trail before anyone investigates an incident.",
        severity: "medium",
        enforcementLevel: "mandatory",
        section: "A",
        seeds: ["000", "001#7", "003#8"],
        resourceTypes: [LOG_GROUP_TYPE],
        config: {
            minimumDays: { type: "integer", minimum: 1, default: 90, description: "The shortest acceptable retention in days." },
            allowNeverExpire: { type: "boolean", default: false, description: "Accept retentionInDays 0 or unset (logs never expire)." },
        },
        remediation: 'Set a retention of at least 90 days (a value CloudWatch accepts: 90, 120, 150, 180, 365, ...):\n  new aws.cloudwatch.LogGroup("app-logs", { retentionInDays: 90, kmsKeyId: logsKey.arn });',
        url: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html#SettingLogRetention",
        peers: { checkov: ["CKV_AWS_66", "CKV_AWS_338"], securityHub: [], cdkNag: [] },
    },
    (lg, ctx) => {
        const min = ctx.config.minimumDays ?? 90;
        const days = lg.props.num("retentionInDays");
        if (days === UNKNOWN) return ctx.defer(lg, "retentionInDays is not known until deployment");
        const neverExpires = days === 0 || (days === undefined && !lg.props.has("retentionInDays"));
        if (neverExpires) {
            if (ctx.config.allowNeverExpire) return;
            return ctx.report(lg, `Log group ${lg.name} keeps logs forever (retentionInDays unset or 0; minimum ${min} days). Fix: new aws.cloudwatch.LogGroup("${lg.name}", { retentionInDays: ${suggest(min)}, ... }), or allowNeverExpire: true in this policy's config.`);
        }
        if (days === undefined) {
            return ctx.report(lg, `Log group ${lg.name} has a retentionInDays that is not a number (minimum ${min} days). Fix: new aws.cloudwatch.LogGroup("${lg.name}", { retentionInDays: ${suggest(min)}, ... }).`);
        }
        if (days < min) {
            // A secret retention is honoured but never echoed.
            const shown = lg.props.secrets().has(String(days)) ? "fewer" : String(days);
            ctx.report(lg, `Log group ${lg.name} keeps logs for ${shown} days, less than the required ${min}. Fix: retentionInDays: ${suggest(min)}.`);
        }
    },
);

const ALLOWED = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

function suggest(min: number): number {
    return ALLOWED.find(d => d >= min) ?? 3653;
}
