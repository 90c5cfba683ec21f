import { buckets } from "../../lib/aws/s3";
import { LifecycleRule, LogSource, lifecycleOf, listNames, logTargets, varName } from "../../lib/aws/s3-state";
import { ResourceView } from "../../lib/graph/resource";
import { UNKNOWN } from "../../lib/graph/values";
import { CheckContext, stackPolicy } from "../../lib/policy";

interface Config {
    minimumDays: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export default stackPolicy<Config>(
    {
        name: "s3-log-bucket-retention",
        description:
            "A bucket that receives logs (target of S3 server access logging, ALB/NLB or CloudFront access logs, a CloudTrail trail, or VPC flow logs to S3) has an enabled lifecycle rule (inline `lifecycleRules` or an `aws.s3.BucketLifecycleConfiguration`) that expires logs no earlier than `minimumDays` (default 90), ideally after transitioning them to colder storage. A rule that deletes logs earlier loses the audit trail compliance needs; no lifecycle at all keeps paying for logs forever.",
        severity: "medium",
        enforcementLevel: "advisory",
        section: "A",
        seeds: ["003#7"],
        config: {
            minimumDays: {
                type: "integer",
                minimum: 1,
                default: 90,
                description: "The least number of days logs must be kept before a lifecycle rule expires them.",
            },
        },
        remediation:
            'Keep logs at least 90 days, moving them to cheaper storage first:\n  new aws.s3.BucketLifecycleConfiguration("logs-lifecycle", {\n      bucket: logsBucket.id,\n      rules: [{\n          id: "retain-logs", status: "Enabled", filter: {},\n          transitions: [{ days: 30, storageClass: "STANDARD_IA" }, { days: 60, storageClass: "GLACIER" }],\n          expiration: { days: 90 },\n      }],\n  });',
        url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lifecycle-mgmt.html",
        peers: { checkov: ["CKV2_AWS_61"] },
    },
    (graph, ctx) => {
        const min = ctx.config.minimumDays ?? 90;
        const targets = logTargets(graph);
        for (const bucket of buckets(graph)) {
            const sources = targets.byBucket.get(bucket.urn);
            if (sources) {
                checkBucket(graph, bucket, sources, min, ctx, false);
            } else if (targets.undecided.length) {
                checkBucket(graph, bucket, targets.undecided, min, ctx, true);
            }
        }
    },
);

function describe(sources: LogSource[]): string {
    return listNames(sources.map(s => `${s.kind} of ${s.from.name}`));
}

function checkBucket(
    graph: Parameters<typeof lifecycleOf>[0],
    bucket: ResourceView,
    sources: LogSource[],
    min: number,
    ctx: CheckContext<Config>,
    onlyMaybe: boolean,
): void {
    const v = varName(bucket.name);
    const tentative = onlyMaybe || sources.every(s => s.tentative);
    const state = lifecycleOf(graph, bucket);
    const fixNew = `new aws.s3.BucketLifecycleConfiguration("${bucket.name}-lifecycle", { bucket: ${v}.id, rules: [{ id: "retain-logs", status: "Enabled", filter: {}, transitions: [{ days: 30, storageClass: "STANDARD_IA" }], expiration: { days: ${Math.max(min, 90)} } }] })`;
    const fail = (message: string) => {
        if (tentative) ctx.defer(bucket, `it may receive ${describe(sources)}, not known until deployment`);
        else ctx.report(bucket, message);
    };
    const malformed = state.rules.find(r => r.malformed);
    if (malformed) {
        return fail(
            `Log bucket ${bucket.name} (receives ${describe(sources)}) has an unreadable lifecycle rule on ${malformed.source.name} (${malformed.malformed}). Fix: ${fixNew}.`,
        );
    }
    if (state.unknown || state.rules.some(r => r.enabled === UNKNOWN)) {
        return ctx.defer(bucket, "the log bucket's lifecycle rules are not known until deployment");
    }
    const enabled = state.rules.filter(r => r.enabled === true);
    const anyTransition = enabled.some(r => r.transitions === true);
    const hint = anyTransition ? "" : " It also has no transition to colder storage (ideal: STANDARD_IA after 30 days, GLACIER after 60).";
    const early: { rule: LifecycleRule; days: number }[] = [];
    let adequate = false;
    let unknown = false;
    for (const r of enabled) {
        const days = expirationDays(r, ctx.now);
        if (days === UNKNOWN) unknown = true;
        else if (days === undefined) continue;
        else if (days < min) early.push({ rule: r, days });
        else adequate = true;
    }
    if (early.length) {
        const e = early.reduce((a, b) => (b.days < a.days ? b : a));
        const which = e.rule.id ? `rule "${e.rule.id}"` : "a lifecycle rule";
        return fail(
            `Log bucket ${bucket.name} (receives ${describe(sources)}) has ${which} on ${e.rule.source.name} that deletes logs after ${Math.max(0, Math.floor(e.days))} days, less than the required ${min}.${hint} Fix: expiration: { days: ${Math.max(min, 90)} }${anyTransition ? "" : ', transitions: [{ days: 30, storageClass: "STANDARD_IA" }]'}.`,
        );
    }
    if (adequate) return;
    if (unknown || state.maybeMore) return ctx.defer(bucket, "the log bucket's lifecycle expiration is not known until deployment");
    if (!enabled.length) {
        return fail(
            `Log bucket ${bucket.name} (receives ${describe(sources)}) has no enabled lifecycle rule: logs are never expired or moved to colder storage. Fix: ${fixNew}.`,
        );
    }
    fail(
        `Log bucket ${bucket.name} (receives ${describe(sources)}) has no lifecycle rule that expires logs after at least ${min} days.${hint} Fix: expiration: { days: ${Math.max(min, 90)} } in its lifecycle rule.`,
    );
}

/** Days until the rule expires current objects: from `days`, or from a `date` relative to now. */
function expirationDays(r: LifecycleRule, now: Date): number | typeof UNKNOWN | undefined {
    if (r.expirationDays === UNKNOWN || r.expirationDate === UNKNOWN) return UNKNOWN;
    if (typeof r.expirationDays === "number") return r.expirationDays;
    if (typeof r.expirationDate === "string") {
        const t = Date.parse(r.expirationDate);
        if (!isNaN(t)) return (t - now.getTime()) / DAY_MS;
    }
    return undefined;
}
