import { CLOUDTRAIL_NEED, ServiceNeed, effectiveKeyPolicy, grantsService, logsNeed, publisherNeed, resolveKeyRef } from "../../lib/aws/kms";
import { LOG_GROUP_TYPE } from "../../lib/aws/logs";
import { resourceRegion } from "../../lib/facts/regions";
import { ResourceView } from "../../lib/graph/resource";
import { StackGraph } from "../../lib/graph/stack-graph";
import { asList, field } from "../../lib/graph/values";
import { stackPolicy } from "../../lib/policy";

const TRAIL = "aws:cloudtrail/trail:Trail";
const TOPIC = "aws:sns/topic:Topic";
const QUEUE = "aws:sqs/queue:Queue";
const SUBSCRIPTION = "aws:sns/topicSubscription:TopicSubscription";
const EVENT_TARGET = "aws:cloudwatch/eventTarget:EventTarget";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const NOTIFICATION = "aws:s3/bucketNotification:BucketNotification";

interface Use {
    user: ResourceView;
    need: ServiceNeed;
    /** "log group app-logs", "topic alerts (published by cloudwatch.amazonaws.com)". */
    what: string;
}

export default stackPolicy(
    {
        name: "kms-key-service-grants",
        description:
            "Where a CloudWatch log group, CloudTrail trail, SNS topic or SQS queue of the stack is encrypted with a KMS key of the stack, the key policy must let the AWS service that writes into it use the key: CloudWatch Logs (`logs.<region>.amazonaws.com`) needs kms:Encrypt*, Decrypt*, ReEncrypt*, GenerateDataKey* and Describe*; CloudTrail needs kms:GenerateDataKey* and DescribeKey; services that publish into an encrypted topic or queue (SNS into a subscribed queue, CloudWatch alarms into a topic, S3 notifications, EventBridge targets) need kms:GenerateDataKey* and kms:Decrypt. Without the grant the deployment fails or the service silently drops the data.",
        severity: "high",
        enforcementLevel: "mandatory",
        section: "A",
        seeds: ["001#5"],
        remediation:
            'Add a statement for the service principal to the key policy, for example for CloudWatch Logs:\n  new aws.kms.KeyPolicy("logs-key-policy", { keyId: key.id, policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: [\n    { Sid: "Admin", Effect: "Allow", Principal: { AWS: pulumi.interpolate`arn:aws:iam::${accountId}:root` }, Action: "kms:*", Resource: "*" },\n    { Sid: "CloudWatchLogs", Effect: "Allow", Principal: { Service: `logs.${region}.amazonaws.com` },\n      Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"], Resource: "*",\n      Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": pulumi.interpolate`arn:aws:logs:${region}:${accountId}:log-group:*` } } },\n  ] }) });',
        url: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html",
        peers: { checkov: [], securityHub: [], cdkNag: [] },
    },
    (graph, ctx) => {
        const byKey = new Map<string, { key: ResourceView; uses: Use[] }>();
        const addUse = (user: ResourceView, path: string, need: ServiceNeed, what: string) => {
            const ref = resolveKeyRef(graph, user, path);
            if (ref.status === "undecided") return ctx.defer(user, `the KMS key of ${user.name} is not known until deployment`);
            if (ref.status !== "found") return;
            for (const key of ref.keys) {
                let entry = byKey.get(key.urn);
                if (!entry) byKey.set(key.urn, (entry = { key, uses: [] }));
                entry.uses.push({ user, need, what });
            }
        };

        for (const lg of graph.ofType(LOG_GROUP_TYPE)) {
            if (!lg.props.has("kmsKeyId")) continue;
            const region = resourceRegion(lg);
            if (region.kind === "unknown") {
                ctx.defer(lg, "the region of the log group is not known until deployment");
                continue;
            }
            addUse(lg, "kmsKeyId", logsNeed(region.kind === "known" ? region.value : undefined), `log group ${lg.name}`);
        }
        for (const trail of graph.ofType(TRAIL)) {
            if (trail.props.has("kmsKeyId")) addUse(trail, "kmsKeyId", CLOUDTRAIL_NEED, `trail ${trail.name}`);
        }
        const publishers = publishersOf(graph);
        for (const target of graph.ofType(TOPIC, QUEUE)) {
            if (!target.props.has("kmsMasterKeyId")) continue;
            const kind = target.type === TOPIC ? "topic" : "queue";
            for (const service of publishers.get(target.urn) ?? []) {
                addUse(target, "kmsMasterKeyId", publisherNeed(service), `${kind} ${target.name} (written by ${service})`);
            }
        }

        for (const { key, uses } of byKey.values()) {
            const policy = effectiveKeyPolicy(graph, key);
            if (policy.status === "unknown") {
                ctx.defer(key, policy.reason);
                continue;
            }
            if (policy.status === "malformed") {
                ctx.report(
                    key,
                    `KMS key ${key.name} is used by ${uses.map(u => u.what).join(", ")} but its key policy is not readable (${policy.reason}), so no service is granted the key. Fix: write the policy as pulumi.jsonStringify({ Version: "2012-10-17", Statement: [...] }).`,
                );
                continue;
            }
            // One finding per service principal, naming every user that needs it.
            const byService = new Map<string, { need: ServiceNeed; users: string[]; missing: Set<string> }>();
            let deferred = false;
            for (const use of uses) {
                const verdict =
                    policy.status === "absent" ? { status: "missing" as const, actions: use.need.actions } : grantsService(policy.statements, use.need);
                if (verdict.status === "granted") continue;
                if (verdict.status === "unknown") {
                    deferred = true;
                    continue;
                }
                let e = byService.get(use.need.label);
                if (!e) byService.set(use.need.label, (e = { need: use.need, users: [], missing: new Set() }));
                if (!e.users.includes(use.what)) e.users.push(use.what);
                verdict.actions.forEach(a => e!.missing.add(a));
            }
            if (deferred) ctx.defer(key, "a principal of the key policy is not known until deployment");
            for (const { need, users } of byService.values()) {
                const actions = JSON.stringify(need.actionPatterns);
                const why =
                    policy.status === "absent"
                        ? "it has no key policy (the default policy grants only the account)"
                        : `its key policy does not allow ${need.label} ${need.actionPatterns.join(", ")}`;
                ctx.report(
                    key,
                    `KMS key ${key.name} encrypts ${users.join(", ")} but ${why}: the deployment fails or the service cannot write. Fix: add { Effect: "Allow", Principal: { Service: "${need.label}" }, Action: ${actions}, Resource: "*" } to the key policy.`,
                );
            }
        }
    },
);

/** Target URN (topic or queue) -> service principals that publish into it. Linear in the graph. */
function publishersOf(graph: StackGraph): Map<string, string[]> {
    const out = new Map<string, string[]>();
    const add = (targets: ResourceView[], service: string) => {
        for (const t of targets) {
            const list = out.get(t.urn) ?? [];
            if (!list.includes(service)) list.push(service);
            out.set(t.urn, list);
        }
    };
    const found = (r: ReturnType<StackGraph["resolve"]>) => (r.status === "found" ? r.targets : []);

    for (const sub of graph.ofType(SUBSCRIPTION)) {
        const protocol = sub.props.str("protocol");
        if (typeof protocol === "string" && protocol.toLowerCase() === "sqs") add(found(graph.resolve(sub, "endpoint", [QUEUE])), "sns.amazonaws.com");
    }
    for (const t of graph.ofType(EVENT_TARGET)) add(found(graph.resolve(t, "arn", [TOPIC, QUEUE])), "events.amazonaws.com");
    for (const alarm of graph.ofType(ALARM)) {
        for (const p of ["alarmActions", "okActions", "insufficientDataActions"]) {
            if (alarm.props.has(p)) add(found(graph.resolve(alarm, p, [TOPIC])), "cloudwatch.amazonaws.com");
        }
    }
    for (const n of graph.ofType(NOTIFICATION)) {
        for (const [list, prop, types] of [
            ["topics", "topicArn", [TOPIC]],
            ["queues", "queueArn", [QUEUE]],
        ] as const) {
            const entries = asList(n.props.get(list));
            if (!Array.isArray(entries)) continue;
            entries.slice(0, 100).forEach((e, i) => {
                if (field(e, prop) !== undefined) add(found(graph.resolve(n, `${list}[${i}].${prop}`, [...types])), "s3.amazonaws.com");
            });
        }
    }
    return out;
}
