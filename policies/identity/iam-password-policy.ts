import { types } from "../../lib/aws/types";
import { passwordPolicy } from "../../lib/facts/iam-account";
import { resourcePolicy } from "../../lib/policy";
import { gapsMessage } from "../../lib/report/gaps";

type Config = { minimumLength: number; reusePrevention: number; maximumAgeDays: number };

export default resourcePolicy<Config>(
    {
        name: "iam-password-policy",
        description:
            "Where the stack sets an `aws.iam.AccountPasswordPolicy`, it requires passwords of at least `minimumLength` (14) characters with lowercase, uppercase, numbers and symbols, and prevents reuse of the last `reusePrevention` (24). `maximumAgeDays` is checked only when set (NIST SP 800-63B advises against forced periodic changes; 90 matches CKV_AWS_9). A stack without a password policy is not flagged.",
        severity: "medium",
        enforcementLevel: "advisory",
        section: "D",
        seeds: [],
        resourceTypes: [types.iam.AccountPasswordPolicy],
        config: {
            minimumLength: { type: "integer", minimum: 6, default: 14, description: "The shortest acceptable minimumPasswordLength." },
            reusePrevention: { type: "integer", minimum: 1, maximum: 24, default: 24, description: "The smallest acceptable passwordReusePrevention." },
            maximumAgeDays: {
                type: "integer",
                minimum: 0,
                default: 0,
                description: "When above 0, maxPasswordAge must be set and at most this many days (0: not checked).",
            },
        },
        remediation:
            'Require long, varied, non-reused passwords:\n  new aws.iam.AccountPasswordPolicy("strict", { minimumPasswordLength: 14, passwordReusePrevention: 24, requireLowercaseCharacters: true, requireUppercaseCharacters: true, requireNumbers: true, requireSymbols: true });',
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html",
        peers: {
            compliancePolicies: ["aws-iam-password-policy-minimum-password-length", "aws-iam-password-policy-prevent-reuse"],
            checkov: ["CKV_AWS_9", "CKV_AWS_10", "CKV_AWS_11", "CKV_AWS_12", "CKV_AWS_13", "CKV_AWS_14", "CKV_AWS_15"],
            securityHub: ["IAM.7"],
        },
    },
    (policy, ctx) => {
        const { minimumLength, reusePrevention, maximumAgeDays } = ctx.config;
        ctx.decide(policy, passwordPolicy(policy), p => {
            if (!p) return undefined;
            const length = p.minimumLength ?? 6; // the provider's default
            return gapsMessage(`Password policy ${policy.name}`, [
                [length < minimumLength, `minimum length ${length} (required ${minimumLength})`, `minimumPasswordLength: ${minimumLength}`],
                [
                    (p.reusePrevention ?? 0) < reusePrevention,
                    `reuse prevention ${p.reusePrevention ?? "unset"} (required ${reusePrevention})`,
                    `passwordReusePrevention: ${reusePrevention}`,
                ],
                [
                    p.missingClasses.length > 0,
                    `does not require ${p.missingClasses.map(c => c.label).join(", ")}`,
                    p.missingClasses.map(c => `${c.setting}: true`).join(", "),
                ],
                [
                    !!maximumAgeDays && (p.maxAgeDays ?? Infinity) > maximumAgeDays,
                    `passwords may be kept ${p.maxAgeDays ?? "forever"} days (maximum ${maximumAgeDays})`,
                    `maxPasswordAge: ${maximumAgeDays}`,
                ],
            ]);
        });
    },
);
