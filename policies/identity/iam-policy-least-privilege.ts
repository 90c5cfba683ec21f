import { BroadAllow, BroadGrant, broadPermissions } from "../../lib/facts/iam";
import { stackPolicy } from "../../lib/policy";

const SCOPED_POLICY_FIX =
    'attach a scoped customer policy instead, e.g. new aws.iam.Policy("scoped", { policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: pulumi.interpolate`${bucket.arn}/*` }] }) })';
const SCOPED_STATEMENT_FIX =
    'list the actions used and scope Resource to ARNs, e.g. { Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:PutItem"], Resource: table.arn }';

function allows(a: BroadAllow): string {
    const what = a.all ? (a.notAction ? "every action but a few (NotAction)" : 'Action "*"') : a.services.map(s => `"${s}"`).join(", ");
    return `allows ${what} on Resource "*"`;
}

function problem(g: BroadGrant): string {
    if (g.kind === "statement") return `${g.where}: statement ${g.statement} ${allows(g.allows)}`;
    if (g.kind === "unreadable") return `${g.where} is not a readable IAM policy document (${g.reason})`;
    const attaches = `${g.via === "attachment" ? "it" : "managedPolicyArns"} attaches the AWS managed ${g.name}`;
    return g.byName || !g.allows ? attaches : `${attaches}, whose statement ${g.statement} ${allows(g.allows)}`;
}

export default stackPolicy(
    {
        name: "iam-policy-least-privilege",
        description:
            'No identity policy (role inline policies, `RolePolicy`, `Policy`, `UserPolicy`, `GroupPolicy`) Allows `Action: "*"` or a whole service (`<service>:*`) on `Resource: "*"`, and no role, user or group gets the AWS managed AdministratorAccess, PowerUserAccess, IAMFullAccess or any `*FullAccess` policy attached (attachment resources or `managedPolicyArns`), nor any other AWS managed policy whose document (the managed-policy table) Allows those wildcards (`CloudWatchFullAccessV2`, `AmazonCognitoPowerUser`). Wildcard grants turn any bug or leaked credential into account-wide damage.',
        severity: "high",
        enforcementLevel: "mandatory",
        section: "C",
        seeds: ["002#6"],
        remediation:
            'Grant only the actions the workload calls, on the resources it uses:\n  new aws.iam.RolePolicy("fn-table", { role: role.name, policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:PutItem"], Resource: table.arn }] }) });\nand replace *FullAccess / AdministratorAccess attachments with a scoped customer policy.',
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
        peers: {
            checkov: ["CKV_AWS_1", "CKV_AWS_62", "CKV_AWS_63", "CKV_AWS_274"],
            securityHub: ["IAM.1", "IAM.21"],
            cdkNag: ["AwsSolutions-IAM4", "AwsSolutions-IAM5"],
        },
    },
    (graph, ctx) => {
        for (const { on, grants, byAttachment } of broadPermissions(graph)) {
            ctx.decide(on, grants, list =>
                list?.length
                    ? `Overly broad IAM permissions on ${on.name}: ${list.map(problem).join("; ")}. Fix: ${byAttachment ? SCOPED_POLICY_FIX : SCOPED_STATEMENT_FIX}.`
                    : undefined,
            );
        }
    },
);
