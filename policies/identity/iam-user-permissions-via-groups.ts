import { USER_PERMISSION_TYPES, directUserGrant } from "../../lib/facts/iam-account";
import { resourcePolicy } from "../../lib/policy";

export default resourcePolicy(
    {
        name: "iam-user-permissions-via-groups",
        description:
            "IAM users get permissions only through groups: the stack has no `aws.iam.UserPolicy`, no `UserPolicyAttachment`, no `UserPoliciesExclusive` / `UserPolicyAttachmentsExclusive` with a non-empty list, and no `aws.iam.PolicyAttachment` with `users`. Grant to a group (`GroupPolicy`, `GroupPolicyAttachment`) that the user joins (`UserGroupMembership`, `GroupMembership`), so access is reviewed and revoked in one place.",
        severity: "low",
        enforcementLevel: "advisory",
        section: "D",
        seeds: [],
        resourceTypes: USER_PERMISSION_TYPES,
        remediation:
            'Attach the policy to a group and add the user to it:\n  const developers = new aws.iam.Group("developers");\n  new aws.iam.GroupPolicyAttachment("developers-readonly", { group: developers.name, policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" });\n  new aws.iam.UserGroupMembership("alice-groups", { user: alice.name, groups: [developers.name] });',
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#use-groups-for-permissions",
        peers: {
            compliancePolicies: ["aws-iam-policy-attachment-only-attachment-through-groups", "aws-iam-user-policy-attachment-only-attachment-through-groups"],
            checkov: ["CKV_AWS_40"],
            securityHub: ["IAM.2"],
        },
    },
    (grant, ctx) => {
        ctx.decide(grant, directUserGrant(grant), direct =>
            direct
                ? `${grant.name} gives ${direct.what} directly${direct.users ? ` (${direct.users} user(s))` : ""}. Fix: grant it to a group (new aws.iam.GroupPolicyAttachment(...)) and add the user with new aws.iam.UserGroupMembership(...).`
                : undefined,
        );
    },
);
