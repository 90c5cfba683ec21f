import { setByReference } from "../../lib/aws/logs";
import { UNKNOWN } from "../../lib/graph/values";
import { stackPolicy } from "../../lib/policy";

const TRAIL = "aws:cloudtrail/trail:Trail";

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
        const trails = graph.ofType(TRAIL);
        if (!trails.length) {
            if (ctx.config.required === true) {
                ctx.report(
                    undefined,
                    `The stack has no CloudTrail trail (config required: true). Fix: new aws.cloudtrail.Trail("audit", { s3BucketName: trailBucket.id, isMultiRegionTrail: true, enableLogFileValidation: true, kmsKeyId: trailKey.arn }).`,
                );
            }
            return;
        }
        for (const trail of trails) {
            const missing: string[] = [];
            let unknown: string | undefined;
            for (const [prop, fix] of [
                ["isMultiRegionTrail", "isMultiRegionTrail: true"],
                ["enableLogFileValidation", "enableLogFileValidation: true"],
            ]) {
                const v = trail.props.bool(prop);
                if (v === UNKNOWN) unknown = prop;
                else if (v !== true) missing.push(fix);
            }
            const key = trail.props.get("kmsKeyId");
            if (key === UNKNOWN) {
                if (!setByReference(trail, "kmsKeyId")) unknown = "kmsKeyId";
            } else if (typeof key !== "string" || key.trim() === "") missing.push("kmsKeyId: trailKey.arn");
            const logging = trail.props.bool("enableLogging");
            if (logging === UNKNOWN) unknown = "enableLogging";
            else if (logging === false) missing.push("enableLogging: true");
            if (missing.length) {
                ctx.report(
                    trail,
                    `CloudTrail trail ${trail.name} is missing ${missing.map(m => m.split(":")[0]).join(", ")}. Fix: new aws.cloudtrail.Trail("${trail.name}", { ..., ${missing.join(", ")} }).`,
                );
            } else if (unknown) {
                ctx.defer(trail, `${unknown} is not known until deployment`);
            }
        }
    },
);
