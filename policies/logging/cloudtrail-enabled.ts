import { TrailSettings, trailSettings, trails } from "../../lib/facts/cloudtrail";
import { allDecided, valueOr } from "../../lib/graph/decision";
import { stackPolicy } from "../../lib/policy";

/** The setting that turns each on, for the fix. */
const FIXES: Record<keyof TrailSettings, string> = {
    isMultiRegionTrail: "isMultiRegionTrail: true",
    enableLogFileValidation: "enableLogFileValidation: true",
    kmsKeyId: "kmsKeyId: trailKey.arn",
    enableLogging: "enableLogging: true",
};

export default stackPolicy<{ required: boolean }>(
    {
        name: "cloudtrail-enabled",
        description:
            "A CloudTrail trail of the stack records every region (`isMultiRegionTrail`), validates its log files (`enableLogFileValidation`) and encrypts them with a KMS key (`kmsKeyId`), and logging is not switched off. With config `required: true` the stack must also contain a trail (default false: trails are checked when there is one, since an organization trail often lives elsewhere).",
        severity: "medium",
        enforcementLevel: "advisory",
        section: "A",
        seeds: ["001", "002#11"],
        config: {
            required: { type: "boolean", default: false, description: "The stack must contain a CloudTrail trail." },
        },
        remediation:
            'A multi-region trail with log file validation and a KMS key whose policy grants cloudtrail.amazonaws.com:\n  new aws.cloudtrail.Trail("audit", { s3BucketName: trailBucket.id, isMultiRegionTrail: true, includeGlobalServiceEvents: true, enableLogFileValidation: true, kmsKeyId: trailKey.arn }, { dependsOn: [trailBucketPolicy] });',
        url: "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/best-practices-security.html",
        peers: { checkov: ["CKV_AWS_67", "CKV_AWS_36", "CKV_AWS_35"], securityHub: ["CloudTrail.1", "CloudTrail.2", "CloudTrail.4"], cdkNag: [] },
    },
    (graph, ctx) => {
        const all = trails(graph);
        if (!all.length && ctx.config.required === true) {
            ctx.report(
                undefined,
                `The stack has no CloudTrail trail (config required: true). Fix: new aws.cloudtrail.Trail("audit", { s3BucketName: trailBucket.id, isMultiRegionTrail: true, enableLogFileValidation: true, kmsKeyId: trailKey.arn }).`,
            );
        }
        for (const trail of all) {
            const settings = trailSettings(trail);
            const off = (Object.keys(FIXES) as (keyof TrailSettings)[]).filter(k => valueOr(settings[k], true) === false);
            if (off.length) {
                ctx.report(
                    trail,
                    `CloudTrail trail ${trail.name} is missing ${off.join(", ")}. Fix: new aws.cloudtrail.Trail(${JSON.stringify(trail.name)}, { ..., ${off.map(k => FIXES[k]).join(", ")} }).`,
                );
                continue;
            }
            // Every setting is on or not known yet: defer on the last one not known yet.
            ctx.decide(
                trail,
                allDecided(settings.enableLogging, settings.kmsKeyId, settings.enableLogFileValidation, settings.isMultiRegionTrail),
                () => undefined,
            );
        }
    },
);
