import { ResourceView } from "../../lib/graph/resource";
import { StackGraph } from "../../lib/graph/stack-graph";
import { UNKNOWN } from "../../lib/graph/values";
import { Statement, appliesToAllResources, grantsAllActions, readDocument, serviceWildcards } from "../../lib/iam/document";
import { overlyBroadManagedPolicy } from "../../lib/iam/managed";
import { POLICY_ATTACHMENT_TYPE, ROLE_POLICY_ATTACHMENT_TYPE, ROLE_TYPE, resolvePolicyArn, roleManagedPolicyRefs } from "../../lib/iam/permissions";
import { stackPolicy } from "../../lib/policy";

/** Resources whose `policy` input is an identity policy document. */
const DOCUMENT_HOLDERS = ["aws:iam/rolePolicy:RolePolicy", "aws:iam/policy:Policy", "aws:iam/userPolicy:UserPolicy", "aws:iam/groupPolicy:GroupPolicy"];
/** Resources that attach a policy by ARN (`policyArn`). */
const ATTACHMENTS = [
    ROLE_POLICY_ATTACHMENT_TYPE,
    POLICY_ATTACHMENT_TYPE,
    "aws:iam/userPolicyAttachment:UserPolicyAttachment",
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
];

type Finding = { problems: string[] };

/** What is too broad in one statement (empty when nothing), or "unknown". */
function broadness(st: Statement): string | undefined | "unknown" {
    if (st.effect !== "Allow") return undefined;
    const allActions = grantsAllActions(st) || (st.actions ?? []).some(a => a === "*:*");
    const services = serviceWildcards(st);
    const actionsKnown = !!(st.actions || st.notActions);
    const resourcesKnown = !!(st.resources || st.notResources);
    if (actionsKnown && !allActions && !services.length) return undefined;
    if (resourcesKnown && !appliesToAllResources(st)) return undefined;
    if (!actionsKnown || !resourcesKnown) return st.hasUnknown ? "unknown" : undefined;
    const what = allActions ? (st.notActions && !st.actions ? "every action but a few (NotAction)" : 'Action "*"') : services.map(s => `"${s}"`).join(", ");
    return `statement ${st.index + 1} allows ${what} on Resource "*"`;
}

export default stackPolicy(
    {
        name: "iam-policy-least-privilege",
        description:
            'No identity policy (role inline policies, `RolePolicy`, `Policy`, `UserPolicy`, `GroupPolicy`) Allows `Action: "*"` or a whole service (`<service>:*`) on `Resource: "*"`, and no role, user or group gets the AWS managed AdministratorAccess, PowerUserAccess, IAMFullAccess or any `*FullAccess` policy attached (attachment resources or `managedPolicyArns`). Wildcard grants turn any bug or leaked credential into account-wide damage.',
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
        const findings = new Map<ResourceView, Finding>();
        const add = (r: ResourceView, problem: string) => {
            const f = findings.get(r) ?? { problems: [] };
            if (!f.problems.includes(problem)) f.problems.push(problem);
            findings.set(r, f);
        };
        const checkDocument = (holder: ResourceView, doc: unknown, label: string) => {
            const reading = readDocument(doc);
            if (reading.status === "absent") return;
            if (reading.status === "unknown") return ctx.defer(holder, `${label} is not known until deployment`);
            if (reading.status === "malformed") return add(holder, `${label} is not a readable IAM policy document (${reading.reason})`);
            for (const st of reading.statements) {
                const b = broadness(st);
                if (b === "unknown") ctx.defer(holder, `${label}: statement ${st.index + 1} is not known until deployment`);
                else if (b) add(holder, `${label}: ${b}`);
            }
        };

        for (const role of graph.ofType(ROLE_TYPE)) {
            const inline = role.props.get("inlinePolicies");
            if (inline === UNKNOWN) ctx.defer(role, "inlinePolicies is not known until deployment");
            else if (inline !== undefined) {
                (Array.isArray(inline) ? inline : [inline]).forEach((p, i) => {
                    if (p === UNKNOWN) return ctx.defer(role, `inline policy ${i + 1} is not known until deployment`);
                    if (!p || typeof p !== "object") return;
                    const name = typeof (p as any).name === "string" ? `inline policy ${(p as any).name}` : `inline policy ${i + 1}`;
                    checkDocument(role, (p as any).policy, name);
                });
            }
            for (const ref of roleManagedPolicyRefs(graph, role)) {
                if (ref.kind === "aws-managed") {
                    const broad = overlyBroadManagedPolicy(ref.arn);
                    if (broad) add(role, `managedPolicyArns attaches the AWS managed ${broad}`);
                } else if (ref.kind === "undecided") ctx.defer(role, ref.reason);
            }
        }
        for (const holder of graph.ofType(...DOCUMENT_HOLDERS)) checkDocument(holder, holder.props.get("policy"), "the policy document");
        for (const att of graph.ofType(...ATTACHMENTS)) {
            const ref = resolvePolicyArn(graph, att, "policyArn");
            if (ref.kind === "undecided") {
                ctx.defer(att, ref.reason);
                continue;
            }
            if (ref.kind !== "aws-managed") continue; // customer policies are judged on their own document
            const broad = overlyBroadManagedPolicy(ref.arn);
            if (broad) add(att, `it attaches the AWS managed ${broad}`);
        }
        for (const [r, f] of findings) {
            ctx.report(r, `Overly broad IAM permissions on ${r.name}: ${f.problems.join("; ")}. Fix: ${fixFor(graph, r)}.`);
        }
    },
);

function fixFor(graph: StackGraph, r: ResourceView): string {
    if (
        ATTACHMENTS.includes(r.type) ||
        (r.type === ROLE_TYPE && r.props.get("managedPolicyArns") !== undefined && r.props.get("inlinePolicies") === undefined)
    ) {
        return 'attach a scoped customer policy instead, e.g. new aws.iam.Policy("scoped", { policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: pulumi.interpolate`${bucket.arn}/*` }] }) })';
    }
    return 'list the actions used and scope Resource to ARNs, e.g. { Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:PutItem"], Resource: table.arn }';
}
